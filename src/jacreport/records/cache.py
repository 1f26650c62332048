"""A cache of parsed, validated records, so a second command over unchanged files skips YAML.

One JSON file in `.jac-cache/` inside the records folder (git-ignored). Each record file's
entry is keyed by its size, mtime, ctime and inode; a file whose key differs, or that is
new, is parsed again, and entries of removed files are dropped. The cache is written
atomically, and ignored and rebuilt when it is corrupt or was made by another version of
jac. Records are rebuilt from it without validating again (pydantic's `model_construct`),
because they were valid when they were cached.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import BaseModel

from jacreport import __version__
from jacreport.records.models import (
    AddressedTo,
    Closure,
    Contact,
    Inspection,
    InspectionType,
    ItemType,
    Meeting,
    PaperShape,
    Recommendation,
    Status,
    Update,
)
from jacreport.records.values import day_or_month

CACHE_DIR = ".jac-cache"
CACHE_FILE = "records.json"
# Bump when the cached shape changes; the jac version is part of the key too.
FORMAT = 3
Entry = dict[str, Any]


def stat_key(st: os.stat_result) -> list[int]:
    """What must be unchanged for a cached entry to be trusted."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


def _stamp() -> str:
    # pydantic's version too: records are rebuilt with its internals (see `_construct`);
    # and the models' fields, so a field added to a record never meets an old entry.
    fields = ",".join(
        f"{model.__name__}:{'|'.join(model.model_fields)}"
        for model in (Recommendation, Inspection, Meeting, Update, Closure, Contact, PaperShape)
    )
    digest = hashlib.sha1(fields.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{__version__}/{FORMAT}/pydantic-{PYDANTIC_VERSION}/{digest}"


@dataclass
class Snapshot:
    """What the last run left: each record file's entry by relative path, and the problems
    between records (`[relative path, line, message]`) as they were for exactly those files."""

    files: dict[str, Entry]
    between: list[list[Any]] | None


def read(root: Path) -> Snapshot:
    """The cache; empty when missing, corrupt, a link, not a folder, or made by another
    version of jac or pydantic. Entries of the wrong shape are dropped (their files are
    parsed again): the cache may only ever save time."""
    empty = Snapshot({}, None)
    if (root / CACHE_DIR).is_symlink() or _path(root).is_symlink():
        return empty
    try:
        with open(_path(root), "rb") as handle:
            data = json.loads(handle.read())
    except (OSError, ValueError, RecursionError):
        return empty
    if (
        not isinstance(data, dict)
        or data.get("version") != _stamp()
        or not isinstance(data.get("files"), dict)
    ):
        return empty
    files = {name: entry for name, entry in data["files"].items() if _is_entry(entry)}
    between = data.get("between")
    if not (isinstance(between, list) and all(_is_between(row) for row in between)):
        between = None
    return Snapshot(files, between)


def _is_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("key"), list)
        and isinstance(entry.get("data"), dict | None)
        and isinstance(entry.get("problems"), list)
        and all(
            isinstance(p, list)
            and len(p) == 2
            and isinstance(p[0], int | None)
            and isinstance(p[1], str)
            for p in entry["problems"]
        )
    )


def _is_between(row: Any) -> bool:
    return (
        isinstance(row, list)
        and len(row) == 3
        and isinstance(row[0], str)
        and isinstance(row[1], int | None)
        and isinstance(row[2], str)
    )


def write(root: Path, snapshot: Snapshot) -> None:
    """Replace the cache atomically; a folder that cannot be written to just goes uncached."""
    folder = root / CACHE_DIR
    tmp = folder / f".{CACHE_FILE}.{os.getpid()}.tmp"
    encode = json.JSONEncoder(separators=(",", ":")).encode
    if folder.is_symlink() or _path(root).is_symlink():
        return  # never written through a link
    try:
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").exists() or (folder / ".gitignore").write_text("*\n")
        # One file's entry at a time through the C encoder (`json.dump` to a file runs the
        # pure-Python one), so the whole cache is never one string in memory.
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(f'{{"version":{encode(_stamp())},"between":{encode(snapshot.between)},')
            handle.write('"files":{')
            for index, (name, entry) in enumerate(snapshot.files.items()):
                handle.write(f"{',' if index else ''}{encode(name)}:{encode(entry)}")
            handle.write("}}")
        os.replace(tmp, _path(root))
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


UPDATE_FIELDS = ("date", "note", "status", "by", "restricted")


def dump(record: Recommendation | Inspection | Meeting) -> dict[str, Any]:
    """A valid record as plain JSON data; a finding's updates as rows, which are smaller and
    decode faster than one mapping each."""
    data = record.model_dump(mode="json")
    if isinstance(record, Recommendation):
        data["updates"] = [[u[name] for name in UPDATE_FIELDS] for u in data["updates"]]
    return data


M = TypeVar("M", bound=BaseModel)


_set = object.__setattr__
# Every field is set in a cached record; the models are frozen, so one set per class serves.
_FIELDS_SET: dict[type[BaseModel], set[str]] = {}
STATUS = {s.value: s for s in Status}


def _construct(cls: type[M], values: dict[str, Any]) -> M:
    """A model from values already validated once: what `model_construct` ends with, minus
    its per-field default handling (every field is in `values`), which dominates warm runs."""
    record = cls.__new__(cls)
    _set(record, "__dict__", values)
    fields_set = _FIELDS_SET.get(cls)
    if fields_set is None:
        fields_set = _FIELDS_SET.setdefault(cls, set(cls.model_fields))
    _set(record, "__pydantic_fields_set__", fields_set)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def build_recommendation(data: dict[str, Any]) -> Recommendation:
    """A cached finding rebuilt without validation."""
    d = dict(data)
    d["type"] = ItemType(d["type"])
    d["status"] = STATUS[d["status"]]
    d["addressed_to"] = AddressedTo(d["addressed_to"])
    d["raised"] = _date(d["raised"])
    d["due"] = _date(d["due"])
    date = dt.date.fromisoformat
    d["updates"] = [
        _construct(
            Update,
            {
                "date": date(day),
                "note": note,
                "status": STATUS[status] if status else None,
                "by": by,
                "restricted": restricted,
            },
        )
        for day, note, status, by, restricted in d["updates"]
    ]
    closure = d["closure"]
    if closure is not None:
        d["closure"] = _construct(
            Closure,
            dict(
                date=dt.date.fromisoformat(closure["date"]),
                evidence=closure["evidence"],
                note=closure["note"],
                confirmed=_date(closure["confirmed"]),
            ),
        )
    return _construct(Recommendation, d)


def build_inspection(data: dict[str, Any]) -> Inspection:
    """A cached inspection rebuilt without validation."""
    d = dict(data)
    d["type"] = InspectionType(d["type"])
    for name in ("hot_debrief", "published"):
        d[name] = _date(d[name])
    for name in ("fieldwork_start", "fieldwork_end"):  # a date, or a month alone
        d[name] = day_or_month(d[name]) if d[name] else None
    if d["totals"] is not None:
        d["totals"] = {ItemType(k): v for k, v in d["totals"].items()}
    return _construct(Inspection, d)


def build_meeting(data: dict[str, Any]) -> Meeting:
    """A cached meeting rebuilt without validation."""
    d = dict(data)
    d["date"] = dt.date.fromisoformat(d["date"])
    d["window_start"] = _date(d["window_start"])
    if d["paper"] is not None:
        d["paper"] = _construct(PaperShape, dict(d["paper"]))
    if d["contact"] is not None:
        d["contact"] = _construct(Contact, dict(d["contact"]))
    return _construct(Meeting, d)


BUILDERS: dict[str, Callable[[dict[str, Any]], Recommendation | Inspection | Meeting]] = {
    "recommendations": build_recommendation,
    "inspections": build_inspection,
    "meetings": build_meeting,
}

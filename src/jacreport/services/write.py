"""The use cases that change records, as the command line calls them: each finds the
records folder, checks the id it is given, and hands over to `records`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jacreport.errors import Refused
from jacreport.records import changes, create, ids, meetings, paths, write
from jacreport.records.changes import UpdateRequest
from jacreport.records.create import NewItem

__all__ = [
    "NewItem",
    "UpdateRequest",
    "add_inspection",
    "add_item",
    "close",
    "edit",
    "init",
    "new_meeting",
    "remove",
    "update",
]


def init(folder: Path, force: str, short_name: str | None, baseline: dt.date | None) -> str:
    """Start a records folder, with the JSON Schemas of its records in `schemas/` and, in
    the folder above, a `.vscode/settings.json` that points VS Code's YAML extension at
    them (an existing one is left alone); the folder as the user should read it."""
    from jacreport.services.schema import SCHEMA_KINDS, schema

    made = create.init(folder, force, short_name, baseline)
    (made / "schemas").mkdir(exist_ok=True)
    for kind in SCHEMA_KINDS:
        text = json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"
        write.atomic_write(made / "schemas" / f"{kind}.schema.json", text.encode(), create=True)
    vscode = made.parent / ".vscode" / "settings.json"
    if not vscode.exists():
        top = made.name
        globs = {
            "recommendation": f"{top}/recommendations/*.yaml",
            "inspection": f"{top}/inspections/*.yaml",
            "meeting": f"{top}/meetings/*.yaml",
            "settings": f"{top}/jac.yaml",
        }
        hint = {"yaml.schemas": {f"./{top}/schemas/{k}.schema.json": g for k, g in globs.items()}}
        vscode.parent.mkdir(exist_ok=True)
        write.atomic_write(vscode, (json.dumps(hint, indent=2) + "\n").encode(), create=True)
    return paths.display_path(made)


def add_item(records_dir: Path | None, new: NewItem) -> str:
    """Add a finding; its new id."""
    return create.add_item(paths.find_root(records_dir), new)


def add_inspection(records_dir: Path | None, fields: dict[str, Any]) -> str:
    """Add an inspection; its id."""
    return create.add_inspection(paths.find_root(records_dir), fields)


def update(records_dir: Path | None, request: UpdateRequest) -> str:
    """Append a progress update (its id as forgiving as any: `rec-95`); a one-line summary."""
    checked = dataclasses.replace(request, record_id=ids.checked_id(request.record_id))
    return changes.update(paths.find_root(records_dir), checked)


def close(
    records_dir: Path | None,
    record_id: str,
    *,
    level: int,
    date: dt.date | None = None,
    evidence: str | None = None,
    note: str | None = None,
    confirmed: bool = False,
    by: str | None = None,
) -> str:
    """Close or submit a finding under the level rules; a one-line summary."""
    return changes.close(
        paths.find_root(records_dir),
        ids.checked_id(record_id),
        level=level,
        date=date,
        evidence=evidence,
        note=note,
        confirmed=confirmed,
        by=by,
    )


def remove(records_dir: Path | None, wanted: str) -> str:
    """Remove a record nothing refers to; what was removed."""
    return create.remove(paths.find_root(records_dir), wanted)


def edit(records_dir: Path | None, wanted: str, change: Callable[[str, str], str]) -> str:
    """Edit one record's text with `change(text, problems)` until it validates: each time
    it does not, `change` gets the text back with the problems, and may give up by raising
    (the original is kept). What happened, as the user should read it."""
    root = paths.find_root(records_dir)
    path, model = create.record_file(root, wanted)
    before = path.read_bytes()
    text, problems = before.decode("utf-8", errors="replace"), ""
    while True:
        text = change(text, problems)
        try:
            written = create.replace_record(root, path, model, before, text)
        except Refused as exc:
            if "changed while you edited" in exc.message:
                raise
            problems = exc.message
            continue
        shown = paths.display_path(path)
        return f"wrote {shown}" if written else f"{shown} unchanged; nothing was written"


def new_meeting(records_dir: Path | None, date: dt.date) -> str:
    """Scaffold a meeting record from the previous one; its file as the user reads it."""
    return paths.display_path(meetings.new(paths.find_root(records_dir), date))

"""Load every record of a folder once, from the cache where the files are unchanged, and
report each problem with its file and line, never stopping at the first."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jacreport.errors import Problem, YamlError
from jacreport.records import yamlio as loader
from jacreport.records.messages import describe
from jacreport.records.models import Inspection, Meeting, Recommendation, Settings
from jacreport.records.paths import (
    FILE_LINK,
    FOLDER_LINK,
    INSPECTIONS,
    MAX_RECORD_BYTES,
    MEETINGS,
    RECOMMENDATIONS,
    SETTINGS_FILE,
    _child,
    _scan,
    display_path,
    name_problem,
)

M = TypeVar("M", bound=BaseModel)


@dataclass
class Records:
    """Every record of one folder that loaded, with the problems found on the way."""

    root: Path
    settings: Settings | None
    inspections: dict[str, Inspection] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    meetings: dict[dt.date, Meeting] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Every record that loaded, duplicates included, with its file: what the rules check.
    loaded: list[tuple[Path, Inspection | Recommendation | Meeting]] = field(default_factory=list)

    def path_of(self, record_id: str) -> Path:
        """The file a recommendation or inspection was loaded from."""
        return self.paths[record_id]


# Each records sub-folder and the model of its files, in the order they are loaded.
MODELS: dict[str, type[Inspection] | type[Recommendation] | type[Meeting]] = {
    INSPECTIONS: Inspection,
    RECOMMENDATIONS: Recommendation,
    MEETINGS: Meeting,
}


# Below this many files to parse, a second process costs more than it saves.
PARALLEL_MIN = 400


def load(root: Path, *, use_cache: bool = True, workers: int | None = None) -> Records:
    """Load and validate every record below `root`, collecting problems instead of stopping.
    Files unchanged since the last run come from the cache (see `cache`), and so do the
    problems between records while no file has changed, been added or been removed. Many
    files to parse are parsed by one process per core (`workers`, default the core count)."""
    # Imported here: rules and cache read Records, so top-level imports would be circular.
    from jacreport.records import cache, rules

    records = Records(root=root, settings=None)
    records.settings = _load_one(root / SETTINGS_FILE, Settings, records.problems)
    snapshot = cache.read(root) if use_cache else cache.Snapshot({}, None)
    cached = snapshot.files
    entries: dict[str, cache.Entry] = {}
    found, changed = _files(root, records.problems)
    stale = [
        (sub, path)
        for sub, path, relative, key in found
        if key is None or (entry := cached.get(relative)) is None or entry["key"] != key
    ]
    fresh = _parse_all(stale, workers)
    changed = changed or bool(stale)

    for sub, path, relative, key in found:
        parsed = fresh.get(path)
        record: Inspection | Recommendation | Meeting | None
        if parsed is None:
            entry = cached[relative]
            try:
                record = cache.BUILDERS[sub](entry["data"]) if entry["data"] is not None else None
            except (KeyError, TypeError, ValueError, AttributeError, IndexError):
                # A cache entry of the wrong shape: the file itself answers.
                record, entry = parse_entry(sub, path)
                entry["key"] = key
                changed = True
        else:
            record, entry = parsed
            entry["key"] = key
            if record is None and entry["data"] is not None:
                record = cache.BUILDERS[sub](entry["data"])
        if entry["problems"]:
            shown = display_path(path)
            records.problems.extend(
                Problem(shown, line, message) for line, message in entry["problems"]
            )
        entries[relative] = entry
        if record is not None:
            _register(records, path, record)
    same_files = not changed and len(entries) == len(cached)

    between = snapshot.between if same_files else None
    if between is None:
        between = _between(records)
    records.problems.extend(
        Problem(display_path(root / relative), line, message) for relative, line, message in between
    )
    for path, loc, message in rules.evidence_problems(records):
        line = loader.line_of(read_text(path), loc) if loc is not None else None
        records.problems.append(Problem(display_path(path), line, message))
    if use_cache and not (same_files and snapshot.between is not None):
        cache.write(root, cache.Snapshot(entries, between))
    records.problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    return records


Found = tuple[str, Path, str, list[int] | None]


def _files(root: Path, problems: list[Problem]) -> tuple[list[Found], bool]:
    """The record files (sub-folder, path, relative path, cache key), in name order per
    folder, and whether any was refused (a link, a bad name), which makes its problem."""
    from jacreport.records import cache

    found: list[Found] = []
    refused = False
    for sub in MODELS:
        folder = root / sub
        if folder.is_symlink():
            refused = True
            problems.append(Problem(display_path(folder), None, FOLDER_LINK))
            continue
        child = _child(folder)
        for item in _scan(folder):
            path = child(item.name)
            problem = name_problem(item.name) or (FILE_LINK if item.is_symlink() else None)
            if problem:
                refused = True
                problems.append(Problem(display_path(path), None, problem))
                continue
            try:
                key = cache.stat_key(item.stat())
            except OSError:
                key = None
            found.append((sub, path, f"{sub}/{item.name}", key))
    return found, refused


def _between(records: Records) -> list[list[Any]]:
    """The problems between records, as `[relative path, line, message]` (what the cache
    keeps), each line found once per file."""
    from jacreport.records import rules

    between: list[list[Any]] = []
    texts: dict[Path, str] = {}
    for path, loc, message in rules.between_records(records):
        line = None
        if loc is not None:
            text = texts.get(path) or texts.setdefault(path, read_text(path))
            line = loader.line_of(text, loc)
        between.append([path.relative_to(records.root).as_posix(), line, message])
    return between


Parsed = tuple[Inspection | Recommendation | Meeting | None, dict[str, Any]]


def parse_entry(sub: str, path: Path) -> Parsed:
    """One record file parsed and validated, with the rules within it: the record (or None)
    and its cache entry (`data`, and `problems` as `[line, message]`)."""
    from jacreport.records import cache, rules

    problems: list[Problem] = []
    record = _load_one(path, MODELS[sub], problems)
    if record is not None:
        # The rules within one record are cached with it, lines found once.
        text = read_text(path) if (found := rules.record_problems(record)) else ""
        problems += [Problem("", loader.line_of(text, loc), msg) for loc, msg in found]
    entry = {
        "data": cache.dump(record) if record is not None else None,
        "problems": [[p.line, p.message] for p in problems],
    }
    return record, entry


def _parse_in_worker(job: tuple[str, str]) -> dict[str, Any]:
    """`parse_entry` in a worker process: only the plain entry travels back."""
    return parse_entry(job[0], Path(job[1]))[1]


def _parse_all(stale: list[tuple[str, Path]], workers: int | None) -> dict[Path, Parsed]:
    """Parse the files the cache cannot serve: in this process when they are few, else
    spread over one forked process per core. Records parsed elsewhere come back as plain
    entries and are rebuilt here without validating twice. Falls back to this process
    when processes cannot be started."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and len(stale) >= (PARALLEL_MIN if workers is None else 1):
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork")
            jobs = [(sub, str(path)) for sub, path in stale]
            chunk = max(1, min(256, len(jobs) // (count * 4)))
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                results = list(pool.map(_parse_in_worker, jobs, chunksize=chunk))
            return {path: (None, entry) for (_sub, path), entry in zip(stale, results, strict=True)}
        except (ValueError, OSError, ImportError, RuntimeError):
            pass  # no fork here (e.g. Windows), or no processes to spare: parse in this process
    return {path: parse_entry(sub, path) for sub, path in stale}


def _register(records: Records, path: Path, record: Inspection | Recommendation | Meeting) -> None:
    """Add a loaded record; the first of a duplicated id wins (the rules report the rest)."""
    records.loaded.append((path, record))
    if isinstance(record, Meeting):
        records.meetings.setdefault(record.date, record)
    elif isinstance(record, Inspection):
        if record.id not in records.inspections:
            records.inspections[record.id] = record
            records.paths[record.id] = path
    elif record.id not in records.recommendations:
        records.recommendations[record.id] = record
        records.paths[record.id] = path


def read_text(path: Path) -> str:
    """A record file's text, decoded as jac accepts it."""
    return decoded(path, path.read_bytes())


def decoded(path: Path, data: bytes) -> str:
    """The text of `data` read from `path`; a refusal naming the file when it is not UTF-8."""
    try:
        return loader.decode(data)
    except YamlError as exc:
        exc.path = display_path(path)
        raise


def _load_one(path: Path, model: type[M], problems: list[Problem]) -> M | None:
    """One file validated as `model`, or None with its problems added to `problems`."""
    if path.is_symlink():
        problems.append(Problem(display_path(path), None, FILE_LINK))
        return None
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            problems.append(
                Problem(
                    display_path(path),
                    None,
                    f"the file is {size / 1048576:.1f} MB; a record is at most 2 MB",
                )
            )
            return None
        text = read_text(path)
    except OSError as exc:
        problems.append(Problem(display_path(path), None, f"cannot read the file: {exc.strerror}"))
        return None
    except YamlError as exc:
        problems.append(Problem(display_path(path), exc.line, exc.message))
        return None
    return parse_record(path, text, model, problems)


def parse_record(path: Path, text: str, model: type[M], problems: list[Problem]) -> M | None:
    """The text of one record file validated as `model`, or None with its problems added."""
    try:
        data = loader.parse(text)
    except YamlError as exc:
        problems.append(Problem(display_path(path), exc.line, exc.message))
        return None
    if not isinstance(data, Mapping):
        kind = "empty" if data is None else f"a {type(data).__name__}, not a mapping of fields"
        problems.append(Problem(display_path(path), 1, f"the file is {kind}"))
        return None
    # A control character reaches a value only typed as it is or through a `\` escape.
    suspect = "\\" in text or _CONTROL_RE.search(text) is not None
    bad = _control_character(data, ()) if suspect else None
    if bad is not None:
        where = ".".join(str(part) for part in bad)
        problems.append(
            Problem(
                display_path(path),
                loader.line_of(text, bad),
                f"{where}: contains a control character",
            )
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            problems.append(
                Problem(display_path(path), loader.line_of(text, loc), describe(error, model))
            )
        return None


_CONTROL = frozenset(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127])
_CONTROL_RE = re.compile("[" + re.escape("".join(sorted(_CONTROL))) + "]")


def _control_character(value: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """Where a string holds a control character (other than tab and line breaks), which no
    paper can show and Word refuses; None when there is none."""
    if isinstance(value, str):
        return loc if not _CONTROL.isdisjoint(value) else None
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = _control_character(item, (*loc, str(key)))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _control_character(item, (*loc, index))
            if found is not None:
                return found
    return None

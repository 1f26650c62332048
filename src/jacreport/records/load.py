"""Parse and validate record files, reporting each problem with its file and line, never
stopping at the first; and load a whole folder's records through the index."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jacreport.errors import Problem, YamlError
from jacreport.records import timeline
from jacreport.records import yamlio as loader
from jacreport.records.briefs import STEP_CODES
from jacreport.records.index import COLUMNS, SETTINGS, Columns, Steps
from jacreport.records.messages import describe
from jacreport.records.models import Inspection, Meeting, Recommendation, Settings
from jacreport.records.paths import (
    FILE_LINK,
    INSPECTIONS,
    MAX_RECORD_BYTES,
    MEETINGS,
    RECOMMENDATIONS,
    display_path,
    is_reference,
)

M = TypeVar("M", bound=BaseModel)


# Each records sub-folder and the model of its files.
MODELS: dict[str, type[Inspection] | type[Recommendation] | type[Meeting]] = {
    INSPECTIONS: Inspection,
    RECOMMENDATIONS: Recommendation,
    MEETINGS: Meeting,
}


# Below this many files to parse, a second process costs more than it saves.
PARALLEL_MIN = 400


Parsed = tuple[Columns, str | None, Steps]


def parse_entry(
    sub: str, path: Path
) -> tuple[Inspection | Recommendation | Meeting | Settings | None, Parsed]:
    """One file parsed and validated, with the rules within it: the record (or None) and
    its row of the index (its columns, and its status-bearing updates)."""
    from jacreport.records import rules

    problems: list[Problem] = []
    record: Inspection | Recommendation | Meeting | Settings | None
    if sub == SETTINGS:
        record = _load_one(path, Settings, problems)
    else:
        record = _load_one(path, MODELS[sub], problems)
    if record is not None and not isinstance(record, Settings):
        # The rules within one record are kept with it, lines found once.
        text = read_text(path) if (found := rules.record_problems(record)) else ""
        problems += [Problem("", loader.line_of(text, loc), msg) for loc, msg in found]
    return record, columns(record, problems)


def columns(
    record: Inspection | Recommendation | Meeting | Settings | None, problems: list[Problem]
) -> Parsed:
    """A record's row of the index (see `index.COLUMNS`), its JSON, and its status-bearing
    updates."""
    values: dict[str, Any] = dict.fromkeys(COLUMNS)
    values["problems"] = json.dumps([[p.line, p.message] for p in problems])
    values["loaded"] = int(record is not None)
    steps: Steps = []
    if record is None:
        return tuple(values.values()), None, steps
    data = record.model_dump_json()
    if isinstance(record, Meeting):
        values["id"] = record.date.isoformat()
    elif isinstance(record, Inspection):
        values.update(
            id=record.id,
            type=record.type.value,
            published=_iso(record.published),
            restricted=int(record.restricted),
            title=record.title,
        )
    elif isinstance(record, Recommendation):
        closure = record.closure
        values.update(
            {name: getattr(record, name) for name in FINDING_TEXT},
            type=record.type.value,
            status=record.status.value,
            level=record.level,
            due=_iso(record.due),
            addressed_to=record.addressed_to.value,
            raised=_iso(record.raised),
            first_update=_iso(record.updates[0].date) if record.updates else None,
            first_done=_iso(timeline.closed_on(record)),
            # Evidence that is a file is looked for on every run; a reference never is.
            evidence=closure.evidence
            if closure is not None and closure.evidence and not is_reference(closure.evidence)
            else None,
            restricted=int(record.restricted),
        )
        steps = [
            (n, u.date.isoformat(), u.status.value)
            for n, u in enumerate(record.updates)
            if u.status is not None
        ]
        values["steps"] = "".join(f"{date}{STEP_CODES[status]}" for _n, date, status in steps)
        if steps:  # the status on any day from the last one on: no need to read the steps
            values["last_step"] = max(date for _n, date, _status in steps)
            values["last_status"] = steps[-1][2]
    return tuple(values.values()), data, steps


FINDING_TEXT = ("id", "inspection", "reference", "part_of", "owner", "portfolio", "title")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _parse_in_worker(job: tuple[str, str]) -> Parsed:
    """`parse_entry` in a worker process: only the plain row travels back."""
    return parse_entry(job[0], Path(job[1]))[1]


def parse_all(stale: list[tuple[str, Path]], workers: int | None) -> Iterator[Parsed]:
    """Parse the files the index cannot serve, yielding their rows in the order given as
    they come, so the index is written while they are parsed and no more than a chunk of
    them is held at once: in this process when they are few, else spread over one forked
    process per core. Falls back to this process when processes cannot be started."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    pool = None
    if count > 1 and len(stale) >= (PARALLEL_MIN if workers is None else 1):
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            for model in (*MODELS.values(), Settings):
                model.model_rebuild()  # validators built once, before the fork, not per worker
            context = multiprocessing.get_context("fork")
            pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
        except (ValueError, OSError, ImportError, RuntimeError):
            pool = None  # no fork here (e.g. Windows), or no processes to spare
    if pool is None:
        for sub, path in stale:
            yield parse_entry(sub, path)[1]
        return
    with pool:
        jobs = [(sub, str(path)) for sub, path in stale]
        chunk = max(1, min(256, len(jobs) // (count * 4)))
        yield from pool.map(_parse_in_worker, jobs, chunksize=chunk)


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

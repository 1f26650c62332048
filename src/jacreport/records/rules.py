"""The rules within and between records that a schema alone cannot state."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from jacreport.records.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    TYPE_BY_PREFIX,
    Inspection,
    ItemType,
    Meeting,
    Recommendation,
    Status,
)
from jacreport.records.timeline import moves
from jacreport.records.values import day_of

if TYPE_CHECKING:
    from jacreport.records.load import Records

Loc = tuple[str | int, ...]
RuleProblem = tuple[Path, Loc | None, str]

# A reference such as `portal:HMIC-77` or `https://...`; anything else is a path under records/.
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def record_problems(record: Inspection | Recommendation | Meeting) -> list[tuple[Loc, str]]:
    """The rules within one record: they depend on nothing else, so they are cached with it."""
    if isinstance(record, Recommendation):
        return recommendation_problems(record)
    if isinstance(record, Inspection):
        return inspection_problems(record)
    return []


def between_records(records: Records) -> list[RuleProblem]:
    """The rules between records, each problem with its file and the field to blame. They
    depend on the record files alone, so while no file changes their result can be kept
    (see `load.load`). The rules within one record are `record_problems`."""
    problems: list[RuleProblem] = []
    problems.extend(_names_and_duplicates(records))
    problems.extend(_duplicate_references(records))
    for path, record in records.loaded:
        if isinstance(record, Recommendation):
            problems.extend(_references(records, path, record))
    return problems


def evidence_problems(records: Records) -> list[RuleProblem]:
    """Closure evidence that is missing or leads outside records/: files outside the
    record files, so looked at on every run."""
    problems: list[RuleProblem] = []
    for path, record in records.loaded:
        if isinstance(record, Recommendation) and record.closure and record.closure.evidence:
            message = evidence_problem(records.root, record.closure.evidence)
            if message:
                problems.append((path, ("closure", "evidence"), message))
    return problems


def _names_and_duplicates(records: Records) -> Iterator[RuleProblem]:
    seen: dict[tuple[str, str], Path] = {}
    for path, record in records.loaded:
        if isinstance(record, Meeting):
            key, loc, kind = record.date.isoformat(), "date", "meeting"
        else:
            key, loc, kind = record.id, "id", "id"
        if path.stem != key:
            yield path, (loc,), f"{kind} {key} does not match the file name {path.name}"
        first = seen.setdefault((type(record).__name__, key), path)
        if first != path:
            yield path, (loc,), f"duplicate {kind} {key}: also in {first.parent.name}/{first.name}"


def _duplicate_references(records: Records) -> Iterator[RuleProblem]:
    """Two findings with the same reference in the same report are one finding twice."""
    first: dict[tuple[str, str], str] = {}
    for rec in records.recommendations.values():
        if rec.reference:
            key = (rec.inspection, " ".join(rec.reference.split()).casefold())
            other = first.setdefault(key, rec.id)
            if other != rec.id:
                yield (
                    records.paths[rec.id],
                    ("reference",),
                    f"{rec.reference} of {rec.inspection} is also {other}",
                )


def _references(records: Records, path: Path, rec: Recommendation) -> Iterator[RuleProblem]:
    if rec.inspection not in records.inspections:
        yield (
            path,
            ("inspection",),
            f"no inspection {rec.inspection!r} (no inspections/{rec.inspection}.yaml)",
        )
    if rec.part_of is not None:
        parent = records.recommendations.get(rec.part_of)
        if parent is None:
            yield path, ("part_of",), f"no record {rec.part_of!r}"
        elif parent.type is not ItemType.CAUSE_OF_CONCERN:
            yield path, ("part_of",), f"{rec.part_of} is not a cause of concern"


def recommendation_problems(rec: Recommendation) -> list[tuple[Loc, str]]:
    """The rules within one finding: prefix and type, status history, closure."""
    problems: list[tuple[Loc, str]] = []
    prefix = rec.id.split("-", 1)[0]
    if TYPE_BY_PREFIX.get(prefix) is not rec.type:
        problems.append(
            (
                ("type",),
                f"type {rec.type.value} does not match the id prefix {prefix}- "
                f"(a {rec.type.value} is {rec.type.prefix}-NNN)",
            )
        )
    if rec.part_of is not None and rec.type is not ItemType.RECOMMENDATION:
        problems.append((("part_of",), "only a recommendation can be part of a cause of concern"))

    for index in range(1, len(rec.updates)):
        if rec.updates[index].date < rec.updates[index - 1].date:
            problems.append(
                (
                    ("updates", index, "date"),
                    "updates must be in date order, oldest first "
                    f"({rec.updates[index].date} comes after {rec.updates[index - 1].date})",
                )
            )

    history = list(moves(rec))
    if history and history[-1].after is not rec.status:
        problems.append(
            (
                ("status",),
                f"status is {rec.status.value} but the latest update with a status "
                f"({history[-1].date}) says {history[-1].after.value}",
            )
        )
    if not history and rec.status in DONE_STATUSES:
        problems.append(
            (("status",), f"status is {rec.status.value} but no update records the move to it")
        )

    if rec.status in DONE_STATUSES and rec.closure is None:
        problems.append((("status",), f"a {rec.status.value} item needs a `closure:` block"))
    if rec.status in OPEN_STATUSES and rec.closure is not None:
        problems.append(
            (("closure",), f"an open ({rec.status.value}) item cannot have a `closure:` block")
        )

    if rec.closure is not None and rec.status in DONE_STATUSES:
        moved = [m for m in history if m.before in OPEN_STATUSES and m.after in DONE_STATUSES]
        if moved and rec.closure.date != moved[-1].date:
            problems.append(
                (
                    ("closure", "date"),
                    f"closure date {rec.closure.date} should be {moved[-1].date}, "
                    "the date of the update that moved it to "
                    f"{moved[-1].after.value}",
                )
            )
        confirmed = rec.closure.confirmed
        if confirmed is not None:
            if rec.level != 4 or rec.status is not Status.CLOSED:
                problems.append(
                    (("closure", "confirmed"), "only a closed level 4 item has a confirmed date")
                )
            elif confirmed < rec.closure.date:
                problems.append(
                    (
                        ("closure", "confirmed"),
                        f"confirmed {confirmed} is before the submission {rec.closure.date}",
                    )
                )
        elif rec.level == 4 and rec.status is Status.CLOSED:
            problems.append(
                (
                    ("closure",),
                    "a closed level 4 item needs `confirmed:` (the date HMICFRS confirmed it)",
                )
            )
    return problems


def write_problems(root: Path, rec: Recommendation, today: dt.date) -> list[str]:
    """The rules `jac update` and `jac close` keep on what they write, for a record written
    another way (an import): nothing dated after today, evidence that exists inside
    records/ (or a reference), and no level 2 or 3 closure without evidence."""
    problems: list[str] = []
    dated = [u.date for u in rec.updates] + [rec.raised, rec.closure and rec.closure.date]
    latest = max((day for day in dated if isinstance(day, dt.date)), default=None)
    if latest is not None and latest > today:
        problems.append(f"{latest} is after today ({today}); only what has happened is recorded")
    if rec.closure is not None and rec.closure.evidence:
        message = evidence_problem(root, rec.closure.evidence)
        if message:
            problems.append(message)
    elif rec.closure is not None and rec.level in (2, 3) and rec.status is Status.CLOSED:
        problems.append(
            f"a level {rec.level} closure needs evidence: the Chief Constable's letter (an "
            "Evidence column: a path under records/, or a reference such as portal:...)"
        )
    return problems


def inspection_problems(inspection: Inspection) -> list[tuple[Loc, str]]:
    """The rules within one inspection record."""
    problems: list[tuple[Loc, str]] = []
    start, end = inspection.fieldwork_start, inspection.fieldwork_end
    if start and end and day_of(end) < day_of(start):
        problems.append((("fieldwork_end",), f"fieldwork ends ({end}) before it starts ({start})"))
    return problems


def evidence_problem(root: Path, evidence: str) -> str | None:
    """Why an evidence reference is unacceptable, or None: a scheme, or a file inside records/."""
    if SCHEME.match(evidence) and not re.match(r"^[A-Za-z]:[\\/]", evidence):
        return None
    candidate = Path(evidence)
    if candidate.is_absolute() or ".." in candidate.parts:
        return f"evidence {evidence!r} must be a path inside records/ (or a reference such as portal:...)"
    target = root / candidate
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"evidence {evidence!r} does not exist under records/"
    if not resolved.is_relative_to(root.resolve()):
        return f"evidence {evidence!r} leads outside records/"
    if not resolved.is_file():
        return f"evidence {evidence!r} is not a file"
    return None

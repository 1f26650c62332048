"""The rules within and between records that a schema alone cannot state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from jacreport.records import paths
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

Loc = tuple[str | int, ...]
RuleProblem = tuple[Path, Loc | None, str]


def record_problems(record: Inspection | Recommendation | Meeting) -> list[tuple[Loc, str]]:
    """The rules within one record: they depend on nothing else, so the index keeps them."""
    if isinstance(record, Recommendation):
        return recommendation_problems(record)
    if isinstance(record, Inspection):
        return inspection_problems(record)
    return []


# A record as the rules between records see it: (relative path, sub-folder, id or a
# meeting's date, type, reference, inspection, part_of), in path order.
BetweenRow = tuple[str, str, str, str | None, str | None, str | None, str | None]


def between(
    rows: Sequence[BetweenRow],
) -> tuple[list[tuple[str, Loc | None, str]], list[str]]:
    """The rules between records, each problem with its file (relative) and the field to
    blame, and the files whose id an earlier file already has (shadowed: not counted).
    They depend on the record files alone, so the index keeps their result while no file
    changes. The rules within one record are `record_problems`."""
    problems: list[tuple[str, Loc | None, str]] = []
    shadowed: list[str] = []
    first: dict[tuple[str, str], str] = {}
    for relative, sub, key, *_ in rows:
        kind, loc = ("meeting", "date") if sub == "meetings" else ("id", "id")
        name = relative.rsplit("/", 1)[-1]
        if name.removesuffix(".yaml") != key:
            problems.append((relative, (loc,), f"{kind} {key} does not match the file name {name}"))
        seen = first.setdefault((sub, key), relative)
        if seen != relative:
            shadowed.append(relative)
            problems.append((relative, (loc,), f"duplicate {kind} {key}: also in {seen}"))
    findings = [row for row in rows if row[1] == "recommendations"]
    types = {row[2]: row[3] for row in reversed(findings)}  # the first of an id wins
    inspections = {row[2] for row in rows if row[1] == "inspections"}
    hidden = set(shadowed)
    references: dict[tuple[str | None, str], str] = {}
    for relative, _sub, key, _type, reference, inspection, part_of in findings:
        if reference and relative not in hidden:
            other = references.setdefault((inspection, " ".join(reference.split()).casefold()), key)
            if other != key:
                problems.append(
                    (relative, ("reference",), f"{reference} of {inspection} is also {other}")
                )
        if inspection not in inspections:
            problems.append(
                (
                    relative,
                    ("inspection",),
                    f"no inspection {inspection!r} (no inspections/{inspection}.yaml)",
                )
            )
        if part_of is not None:
            if part_of not in types:
                problems.append((relative, ("part_of",), f"no record {part_of!r}"))
            elif types[part_of] != ItemType.CAUSE_OF_CONCERN.value:
                problems.append((relative, ("part_of",), f"{part_of} is not a cause of concern"))
    return problems, shadowed


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
        message = paths.evidence_problem(root, rec.closure.evidence)
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

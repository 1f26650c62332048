"""Owners' updates by spreadsheet: rows of a `jac export` that come back with an `ID` are
compared with their findings; each changed row becomes one `jac update`, all or nothing.

The export is the tracker owners write in (a RAG drop-down, overdue due dates highlighted,
printable); `jac import` reads it back, and this module works out what the owners changed,
what conflicts with updates made since the export, and what is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jacreport.errors import JacError, Refused
from jacreport.records import changes, messages, query, store, timeline
from jacreport.records.models import Recommendation, Status, Update
from jacreport.sheets import read

DEFAULT_NOTE = "Updated by spreadsheet"
# A value in the ID column that is meant as a finding id (REC-005, rec 5, AFI-012, ...);
# anything else there (a force's own row numbers) is not ours and is left to the importer.
ID_LIKE = re.compile(r"^(REC|COC|AFI)[\s_-]*0*([0-9]+)$", re.IGNORECASE | re.ASCII)
ID_PREFIX = re.compile(r"^(REC|COC|AFI)\b|^(REC|COC|AFI)[\s_-]*[0-9]", re.IGNORECASE | re.ASCII)
LABELS = {"status": "RAG", "due": "Due date", "owner": "Owner", "update": "Latest update"}
OPEN_WORDS = {Status.RED: "Red", Status.AMBER: "Amber", Status.GREEN: "Green"}


def is_id(value: Any) -> bool:
    """Whether an ID cell names one of our findings (so the row is an owner's update)."""
    return isinstance(value, str) and ID_PREFIX.match(value.strip()) is not None


@dataclass(frozen=True)
class FieldChange:
    """One cell an owner changed: the sheet's header, the record's value and the sheet's."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """A changed row: where it is, what changed, and the update it becomes."""

    where: str
    record_id: str
    fields: tuple[FieldChange, ...]
    request: changes.UpdateRequest


@dataclass
class UpdatePlan:
    """What the sheet's ID rows would change, and every row refused (conflicts included)."""

    changed: list[RowChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rows: int = 0
    edits: list[changes.Edit] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)

    def change_lines(self) -> list[str]:
        """Each change as `FILE:SHEET!ROW: ID: field old -> new`, in sheet order."""
        return [
            f"{c.where}: {c.record_id}: {f.label} {f.old} -> {f.new}"
            for c in self.changed
            for f in c.fields
        ]


def plan(
    root: Path,
    records: store.Records,
    rows: Sequence[tuple[str, dict[str, Any]]],
    *,
    date: dt.date,
    today: dt.date,
) -> UpdatePlan:
    """Compare each ID row with its finding and prepare (validate, not write) each update.
    The caller holds the folder's lock, so what is validated is what will be written."""
    result = UpdatePlan(rows=len(rows))
    seen: dict[str, str] = {}
    for where, values in rows:
        try:
            change = _row_change(where, values, records, seen, date=date, today=today)
        except ValueError as exc:
            result.problems.append(f"{where}: {exc}")
            continue
        if change is None:
            continue
        try:
            result.edits.append(changes.prepare_update(root, change.request))
        except JacError as exc:
            result.problems.append(f"{where}: {change.record_id}: {exc.message}")
            continue
        result.changed.append(change)
    return result


def _row_change(
    where: str,
    values: dict[str, Any],
    records: store.Records,
    seen: dict[str, str],
    *,
    date: dt.date,
    today: dt.date,
) -> RowChange | None:
    """The change one row asks for, None when it matches its finding; ValueError names why
    the row is refused."""
    record_id = _finding_id(str(values["id"]))
    rec = records.recommendations.get(record_id)
    if rec is None:
        hint = messages.did_you_mean(record_id, records.recommendations)
        raise ValueError(f"{record_id}: no such finding in the records{hint}")
    if record_id in seen:
        raise ValueError(f"{record_id} appears twice in the sheet (also at {seen[record_id]})")
    seen[record_id] = where
    _check_same_finding(rec, values, records)

    status, due, sheet_date, owner, text = _cells(record_id, values)
    moved = [u for u in rec.updates if sheet_date is not None and u.date > sheet_date]
    found = _changed(rec, moved, status=status, due=due, owner=owner, text=text, on=sheet_date)
    if not found:
        return None

    if rec.status is Status.CLOSED:
        raise ValueError(
            f"{record_id} is closed; a spreadsheet cannot change a closed finding "
            f"(changed: {', '.join(f.label for f in found)})"
        )
    if status is not None and any(f.label == "RAG" for f in found) and not status.is_open:
        raise ValueError(
            f"{record_id}: RAG {status.value} is not Red, Amber or Green; "
            f"close a finding with `jac close {record_id}`"
        )
    if moved:
        latest = timeline.latest_update(rec, dt.date.max)
        raise ValueError(
            f"{record_id}: conflict: the finding has moved on since this row's Update date "
            f"{sheet_date}: its update of {moved[-1].date} says "
            f"{_quote(latest.note if latest else None)}; the sheet says {_quote(text)}; "
            "reconcile by hand (edit the sheet, or use `jac update`)"
        )
    owners_date = sheet_date is not None and sheet_date not in {u.date for u in rec.updates}
    when = sheet_date if owners_date and sheet_date is not None else date
    if when > today:
        raise ValueError(f"{record_id}: Update date {when} is in the future")
    labels = {f.label for f in found}
    request = changes.UpdateRequest(
        record_id,
        note=text if "Latest update" in labels and text else DEFAULT_NOTE,
        status=status if "RAG" in labels else None,
        date=when,
        due=due if "Due date" in labels else None,
        owner=owner if "Owner" in labels else None,
    )
    return RowChange(where, record_id, tuple(found), request)


def _cells(
    record_id: str, values: dict[str, Any]
) -> tuple[Status | None, dt.date | None, dt.date | None, str | None, str | None]:
    """The row's RAG, due date, update date, owner and update text; ValueError naming each
    cell that cannot be read."""
    problems: list[str] = []
    get = read.cell_reader(values, problems, lambda name: LABELS.get(name, "Update date"))
    cells = (
        get("status", read.parse_status),
        get("due", read.parse_date),
        get("update_date", read.parse_date),
        get("owner", lambda v: " ".join(str(v).split())),
        get("update", lambda v: str(v).strip()),
    )
    if problems:
        raise ValueError(f"{record_id}: " + "; ".join(problems))
    return cells


def _changed(
    rec: Recommendation,
    moved: list[Update],
    *,
    status: Status | None,
    due: dt.date | None,
    owner: str | None,
    text: str | None,
    on: dt.date | None,
) -> list[FieldChange]:
    """What the row changes in its finding. A value the finding held on the row's update
    date and has since changed (`moved` are the later updates) is not the owner's change."""
    found: list[FieldChange] = []
    if status is not None and status is not rec.status:
        as_exported = timeline.status_on(rec, on) if moved and on else None
        if status is not as_exported:
            found.append(FieldChange("RAG", rec.status.value, status.value))
    if due is not None and due != rec.due and not _was(moved, f"(due date changed from {due}"):
        found.append(FieldChange("Due date", _show(rec.due), due.isoformat()))
    if (
        owner is not None
        and owner != rec.owner
        and not _was(moved, f"(owner changed from {owner} to ")
    ):
        found.append(FieldChange("Owner", rec.owner or "none", owner))
    if text is not None and _core(text) not in {_core(u.note) for u in rec.updates}:
        latest = timeline.latest_update(rec, dt.date.max)
        found.append(
            FieldChange("Latest update", _quote(latest.note if latest else None), _quote(text))
        )
    return found


def _finding_id(value: str) -> str:
    match = ID_LIKE.match(value.strip())
    if not match:
        raise ValueError(
            f"ID {value.strip()!r} is not a finding id (REC-, COC- or AFI- and digits)"
        )
    return f"{match.group(1).upper()}-{int(match.group(2)):03d}"


def _check_same_finding(
    rec: Recommendation, values: dict[str, Any], records: store.Records
) -> None:
    """A row whose report or reference is not its finding's came from other records (or
    its ID was mistyped): refused rather than applied to the wrong finding."""
    report = values.get("inspection")
    if report is not None:
        named = " ".join(str(report).split())
        inspection = records.inspections.get(rec.inspection)
        title = inspection.title.casefold() if inspection else None
        if named.upper() != rec.inspection and named.casefold() != title:
            raise ValueError(
                f"{rec.id} belongs to {rec.inspection}, but this row's report is {named!r}; "
                "is the sheet from other records, or the ID mistyped?"
            )
    reference = values.get("reference")
    if (
        reference is not None
        and rec.reference is not None
        and str(reference).strip().casefold() != rec.reference.casefold()
    ):
        raise ValueError(
            f"{rec.id} is {rec.reference!r}, but this row's reference is "
            f"{str(reference).strip()!r}; is the ID mistyped?"
        )


def _core(note: str) -> str:
    """A note as an owner typed it: without the words `jac update` adds (a return from
    HMICFRS, a due date or owner recorded), whitespace normalised."""
    words = " ".join(note.split())
    words = words.removeprefix("Returned by HMICFRS: ")
    while True:
        trimmed = re.sub(r" \((?:due date|owner) changed from .* to [^()]*\)$", "", words)
        if trimmed == words:
            return words
        words = trimmed


def _was(moved: Sequence[Any], words: str) -> bool:
    """Whether an update since the export recorded the sheet's value as the one replaced."""
    return any(words in u.note for u in moved)


def _show(value: dt.date | None) -> str:
    return value.isoformat() if value else "none"


def _quote(text: str | None) -> str:
    return f'"{" ".join(text.split())}"' if text else "none"


def refuse_unless_wanted(result: UpdatePlan, *, update: bool, dry_run: bool) -> None:
    """Changes are applied only with `--update`: otherwise list them and refuse."""
    if result.changed and not update and not dry_run:
        count = len(result.changed)
        raise Refused(
            f"import refused: the sheet changes {count} finding{'s' if count != 1 else ''}; "
            "run again with --update to apply "
            f"{'them' if count != 1 else 'it'} (or --dry-run to see the plan); nothing was written",
            details=result.change_lines(),
        )


def apply(result: UpdatePlan) -> list[str]:
    """Write every prepared update (all validated already); the caller holds the lock."""
    changes.write_edits(result.edits)
    result.summaries = [e.summary for e in result.edits]
    return result.summaries


def plan_rows(result: UpdatePlan) -> list[list[str]]:
    """The plan as table rows: where, id, date, RAG, due, owner, note."""
    rows = []
    for c in result.changed:
        r = c.request
        rows.append(
            [
                c.where.rsplit("!", 1)[-1],
                c.record_id,
                r.date.isoformat() if r.date else "",
                r.status.value if r.status else "",
                r.due.isoformat() if r.due else "",
                r.owner or "",
                r.note,
            ]
        )
    return rows


# --- the export owners write in ------------------------------------------------------------

OVERDUE_FILL = "FFC7CE"
OVERDUE_FONT = "9C0006"


def dress_tracker(ws: Any, rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> None:
    """Make an exported sheet a tracker owners can use: a Red/Amber/Green drop-down on RAG,
    overdue due dates highlighted, landscape and one page wide with the header repeated."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rag = keys.index("status") + 1
    due = keys.index("due") + 1
    last = max(ws.max_row, 2)
    for r, row in enumerate(rows, 2):
        cell = ws.cell(r, rag)
        if isinstance(cell.value, str):
            cell.value = cell.value.capitalize()
        if row.get("overdue"):
            ws.cell(r, due).fill = PatternFill(
                "solid", start_color=OVERDUE_FILL, end_color=OVERDUE_FILL
            )
            ws.cell(r, due).font = Font(color=OVERDUE_FONT, bold=True)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(OPEN_WORDS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="RAG",
        error="Choose Red, Amber or Green.",
        promptTitle="RAG",
        prompt="Red, Amber or Green",
    )
    letter = get_column_letter(rag)
    choice.add(f"{letter}2:{letter}{last}")
    ws.add_data_validation(choice)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


# --- one file per owner --------------------------------------------------------------------

WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(10)
}


def by_owner(rows: Sequence[query.Row]) -> dict[str, list[query.Row]]:
    """The rows grouped by owner, owners in name order; those without one last, as `No owner`."""
    groups: dict[str, list[query.Row]] = {}
    for row in rows:
        groups.setdefault(row.record.owner or "No owner", []).append(row)
    return dict(sorted(groups.items(), key=lambda g: (g[0] == "No owner", g[0].casefold())))


def file_names(owners: Sequence[str], suffix: str) -> dict[str, str]:
    """A safe, distinct file name for each owner, on Windows as on Linux: letters, digits,
    spaces, dots, commas and hyphens only; reserved names avoided; clashes numbered."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for owner in owners:
        base = re.sub(r"[^\w .,()-]+", "-", owner, flags=re.ASCII)
        base = re.sub(r"\s+", " ", base).strip(" .-")[:80].strip(" .-") or "owner"
        if base.split(".")[0].casefold() in WINDOWS_RESERVED:
            base = f"{base}-owner"
        candidate, n = base, 2
        while candidate.casefold() in taken:
            candidate, n = f"{base} ({n})", n + 1
        taken.add(candidate.casefold())
        names[owner] = f"{candidate}{suffix}"
    return names

"""`jac import`: a force's tracker spreadsheet (xlsx or csv) in, all or nothing. The plan
of what to create is made first, checked against every rule, then written."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jacreport.errors import Problem, Refused, UsageError
from jacreport.records import edit, ids, load, paths, rules, store, write
from jacreport.records.models import (
    INSPECTION_FIELDS,
    INSPECTION_ID,
    RECOMMENDATION_FIELDS,
    Inspection,
    ItemType,
    Recommendation,
)
from jacreport.sheets.read import (
    FIELDS,
    cell,
    find_header,
    read_table,
)
from jacreport.sheets.rows import row_record

if TYPE_CHECKING:
    from jacreport.sheets import owner_updates


@dataclass
class Plan:
    """What an import would create, and every problem with its rows."""

    source: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    inspections: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: int = 0
    # Rows naming a finding by ID (an export come back): owners' updates, see owner_updates.
    id_rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    records: store.Records | None = None
    updates: owner_updates.UpdatePlan | None = None


@dataclass
class _Known:
    """What the rows are checked against: the records' inspections and findings, and what
    earlier rows of the same sheet took (titles, ids, references, numbers)."""

    titles: dict[str, str]
    taken_ids: set[str]
    existing: dict[tuple[str, str], str]
    existing_text: set[tuple[str, str]]
    next_number: dict[ItemType, int]
    seen: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def of(cls, root: Path, records: store.Records) -> _Known:
        findings = records.recommendations.values()
        return cls(
            titles={i.title.casefold(): i.id for i in records.inspections.values()},
            taken_ids=set(records.inspections),
            existing={
                (rec.inspection, (rec.reference or "").casefold()): rec.id
                for rec in findings
                if rec.reference
            },
            existing_text={(rec.inspection, " ".join(rec.text.split())) for rec in findings},
            next_number={t: int(ids.next_id(root, t).split("-")[1]) for t in ItemType},
        )


def plan(
    root: Path,
    path: Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    inspection: str | None = None,
    today: dt.date,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
) -> Plan:
    """Read the spreadsheet and work out every record to create, without writing anything."""
    from jacreport.sheets import owner_updates  # it reads cells with this module's parsers

    overrides = dict(mapping or {})
    for header, target in overrides.items():
        if target not in FIELDS:
            raise UsageError(
                f"--map {header}={target}: {target!r} is not a field ({', '.join(FIELDS)})"
            )
    table = read_table(path, sheet)
    header_at, columns = find_header(table, overrides)
    headers = table.rows[header_at][1]
    result = Plan(source=f"{path.name}:{table.name}")
    result.ignored_columns = [str(h) for i, h in enumerate(headers) if i not in columns and cell(h)]
    records = result.records = store.load(root)
    if inspection is not None and inspection not in records.inspections:
        raise UsageError(f"--inspection: no inspection {inspection!r}")
    known = _Known.of(root, records)

    body = table.rows[header_at + 1 :]
    iterator: Iterator[tuple[int, list[Any]]] = iter(body)
    if progress is not None:
        iterator = progress(iterator, len(body))
    for number, cells in iterator:
        values = {f: cell(cells[i]) if i < len(cells) else None for i, f in columns.items()}
        if all(v is None for v in values.values()):
            continue
        result.rows += 1
        where = f"{path.name}:{table.name}!{number}"
        if records.recommendations and owner_updates.is_id(values.get("id")):
            result.id_rows.append((where, values))
        else:
            _plan_row(root, result, known, where, values, inspection, today)
    # Inspections planned but no longer used (every row of theirs refused) are dropped.
    used = {f["inspection"] for f in result.findings}
    result.inspections = [i for i in result.inspections if i["id"] in used]
    return result


def _plan_row(
    root: Path,
    result: Plan,
    known: _Known,
    where: str,
    values: dict[str, Any],
    inspection: str | None,
    today: dt.date,
) -> None:
    """One row into the plan: a finding to create, a row skipped as already imported, or
    its problems."""
    try:
        record, new_inspection = row_record(
            values, inspection, known.titles, known.taken_ids, today
        )
    except ValueError as exc:
        result.problems.append(f"{where}: {exc}")
        return
    if new_inspection is not None:
        result.inspections.append(new_inspection)
        known.titles[new_inspection["title"].casefold()] = new_inspection["id"]
        known.taken_ids.add(new_inspection["id"])
    reference = record.get("reference")
    ref_key = (record["inspection"], (reference or "").casefold())
    if reference and ref_key in known.existing:
        result.skipped.append(f"{where}: already imported as {known.existing[ref_key]}")
        return
    wording = (record["inspection"], " ".join(record["text"].split()))
    if not reference and wording in known.existing_text:
        result.skipped.append(f"{where}: already imported (same report and wording)")
        return
    if reference and ref_key in known.seen:
        result.problems.append(
            f"{where}: {reference} of {record['inspection']} appears twice in the file"
        )
        return
    known.seen.add(ref_key)
    item_type = ItemType(record["type"])
    record["id"] = f"{item_type.prefix}-{known.next_number[item_type]:03d}"
    known.next_number[item_type] += 1
    ordered = {key: record.get(key) for key in RECOMMENDATION_FIELDS}
    problems = _validate(root, record["id"], edit.new_document(ordered), today)
    if problems:
        result.problems.extend(f"{where}: {p}" for p in problems)
        return
    result.findings.append(ordered)


def _validate(root: Path, record_id: str, text: str, today: dt.date) -> list[str]:
    """Every problem of a record about to be written: its schema, its own rules, and the
    rules that `jac update` and `jac close` keep."""
    path = root / paths.RECOMMENDATIONS / f"{record_id}{paths.RECORD_SUFFIX}"
    problems: list[Problem] = []
    record = load.parse_record(path, text, Recommendation, problems)
    messages = [p.message for p in problems]
    if record is not None:
        messages += [message for _loc, message in rules.recommendation_problems(record)]
        messages += rules.write_problems(root, record, today)
    return messages


def apply(
    root: Path,
    result: Plan,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
) -> list[str]:
    """Write the planned records through the safe writer; returns the ids created. The
    caller holds the folder's lock (see `run`)."""
    if result.problems:
        raise Refused("\n".join(result.problems))
    for inspection in result.inspections:
        path = root / paths.INSPECTIONS / f"{inspection['id']}{paths.RECORD_SUFFIX}"
        text = edit.new_document({k: inspection.get(k) for k in INSPECTION_FIELDS})
        problems: list[Problem] = []
        if load.parse_record(path, text, Inspection, problems) is None:
            raise Refused("; ".join(str(p) for p in problems))
    created: list[str] = []
    for inspection in result.inspections:
        path = root / paths.INSPECTIONS / f"{inspection['id']}{paths.RECORD_SUFFIX}"
        text = edit.new_document({k: inspection.get(k) for k in INSPECTION_FIELDS})
        write.atomic_write(path, text.encode("utf-8"), create=True)
        created.append(inspection["id"])
    findings: Iterator[dict[str, Any]] = iter(result.findings)
    if progress is not None:
        findings = progress(findings, len(result.findings))
    for finding in findings:
        path = root / paths.RECOMMENDATIONS / f"{finding['id']}{paths.RECORD_SUFFIX}"
        # Each file is fsynced; the folder once at the end, not once per file.
        write.atomic_write(
            path, edit.new_document(finding).encode("utf-8"), create=True, sync_dir=False
        )
        created.append(finding["id"])
    write.sync_dir(root / paths.RECOMMENDATIONS)
    return created


def run(
    root: Path,
    path: Path,
    *,
    sheet: str | None,
    mapping: dict[str, str],
    inspection: str | None,
    dry_run: bool,
    today: dt.date,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
    update: bool = False,
    date: dt.date | None = None,
    inspection_id: str | None = None,
) -> tuple[Plan, list[str]]:
    """Plan the import and, unless a dry run, write it; all under the folder's lock, so ids
    are allocated and files created without a parallel command in between. Rows with an
    ID are owners' updates (`owner_updates`), applied only with `update`."""
    from jacreport.sheets import owner_updates

    with write.locked(root):
        result = plan(
            root,
            path,
            sheet=sheet,
            mapping=mapping,
            inspection=inspection,
            today=today,
            progress=progress,
        )
        if inspection_id is not None:
            _rename_new_inspection(result, inspection_id)
        assert result.records is not None
        updates = result.updates = owner_updates.plan(
            root, result.records, result.id_rows, date=date or today, today=today
        )
        problems = sorted(result.problems + updates.problems, key=_sheet_order)
        if problems:
            count = len(problems)
            raise Refused(
                f"import refused: {count} bad row{'s' if count != 1 else ''}; nothing was written",
                details=problems,
            )
        owner_updates.refuse_unless_wanted(updates, update=update, dry_run=dry_run)
        if dry_run:
            return result, []
        created = apply(root, result, progress)
        owner_updates.apply(updates)
        return result, created


def _rename_new_inspection(result: Plan, new_id: str) -> None:
    """`--inspection-id`: the id of the one new report the sheet makes."""
    if len(result.inspections) != 1:
        raise UsageError(
            f"--inspection-id names the one new report a sheet makes; this one makes "
            f"{len(result.inspections)}"
        )
    if not INSPECTION_ID.match(new_id):
        raise UsageError(
            f"--inspection-id {new_id!r}: capitals, digits and hyphens, e.g. VAWG-2021"
        )
    assert result.records is not None
    if new_id in result.records.inspections:
        raise UsageError(f"--inspection-id {new_id}: that inspection already exists")
    old = result.inspections[0]["id"]
    result.inspections[0]["id"] = new_id
    for finding in result.findings:
        if finding["inspection"] == old:
            finding["inspection"] = new_id


def _sheet_order(problem: str) -> tuple[int, str]:
    """Problems in row order (`FILE:SHEET!ROW: ...`)."""
    match = re.search(r"!([0-9]+): ", problem)
    return (int(match.group(1)) if match else 0, problem)

"""`jac import`: a force's tracker spreadsheet (xlsx or csv) in, all or nothing."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jacreport.errors import Problem, Refused, UsageError
from jacreport.records import changes, edit, load, paths, rules, write
from jacreport.records.models import (
    INSPECTION_FIELDS,
    INSPECTION_ID,
    RECOMMENDATION_FIELDS,
    AddressedTo,
    Inspection,
    ItemType,
    Recommendation,
    Status,
)
from jacreport.records.values import iso_date
from jacreport.sheets.export import FORMULA_START

if TYPE_CHECKING:
    from jacreport.sheets import owner_updates

# Header synonyms, compared without case, spaces or punctuation.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": ("ref", "reference", "no", "number", "recno", "refno"),
    "inspection": ("report", "inspection", "source", "reportid", "inspectionid"),
    "inspection_title": ("reporttitle", "inspectiontitle"),
    "text": ("recommendation", "text", "description", "wording", "recommendationtext"),
    "title": ("title", "summary"),
    "type": ("type", "findingtype"),
    "owner": ("lead", "owner", "responsibleofficer", "responsiblelead"),
    "portfolio": ("portfolio", "theme"),
    "due": ("deadline", "due", "duedate", "targetdate"),
    "status": ("rag", "status", "rating", "ragstatus"),
    "level": ("level", "hmicfrslevel"),
    "update": ("update", "latestupdate", "progress", "progressupdate"),
    "update_date": ("updatedate", "lastupdated", "dateofupdate"),
    "closure_date": ("closuredate", "dateclosed", "closeddate", "completiondate"),
    "raised": ("raised", "dateraised", "received", "datereceived"),
    "hmicfrs_ref": ("hmicfrsref", "portalref", "hmicfrsreference"),
    "addressed_to": ("addressedto",),
    "evidence": ("evidence", "closureevidence"),
    "restricted": ("restricted",),
    "id": ("id", "findingid"),  # the export's: such rows are owners' updates (owner_updates)
}
FIELDS = tuple(SYNONYMS)
STATUS_WORDS = {
    "r": Status.RED, "red": Status.RED,
    "a": Status.AMBER, "amber": Status.AMBER,
    "g": Status.GREEN, "green": Status.GREEN,
    "complete": Status.CLOSED, "completed": Status.CLOSED, "closed": Status.CLOSED, "blue": Status.CLOSED, "b": Status.CLOSED,
    "submitted": Status.SUBMITTED,
}  # fmt: skip
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1
)}  # fmt: skip
HEADER_SEARCH_ROWS = 30


def normalise(header: object) -> str:
    """A header as compared: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


@dataclass(frozen=True)
class Table:
    """The rows of one sheet: (row number, cells)."""

    name: str
    rows: list[tuple[int, list[Any]]]


# A tracker is a few thousand rows; a sheet beyond these is refused, whatever it declares.
MAX_ROWS = 100_000
MAX_COLUMNS = 200


def read_table(path: Path, sheet: str | None) -> Table:
    """The rows of an xlsx sheet (default: the first) or a csv file, read row by row, with
    the row and column limits held."""
    if not path.is_file():
        raise UsageError(f"no file {path}")
    if path.suffix.lower() in {".csv", ".txt"}:
        import csv

        lines = io.StringIO(decode_text(path.read_bytes()), newline="")
        rows = _limited(path, (_unquoted(row) for row in csv.reader(lines)))
        return Table(path.stem if sheet is None else sheet, rows)
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        raise UsageError(f"{path.name}: jac imports .xlsx and .csv files")
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise Refused(
            f"{path}: cannot read the spreadsheet ({type(exc).__name__}: {exc})"
        ) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise UsageError(
            f"{path.name} has no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})"
        )
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    if hasattr(ws, "reset_dimensions"):  # the declared size is not trusted: rows as stored
        ws.reset_dimensions()
    try:
        rows = _limited(path, (list(row) for row in ws.iter_rows(values_only=True)))
    finally:
        book.close()
    return Table(ws.title, rows)


def decode_text(data: bytes) -> str:
    """Text from a csv as Excel and others save it: UTF-8 (with or without a byte-order
    mark), UTF-16 with its mark, else Windows-1252 (Excel's plain "CSV" in the UK)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _unquoted(row: list[str]) -> list[str]:
    """A csv row with the `'` that `jac export` put before formula-like text taken off."""
    return [
        cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell
        for cell in row
    ]


def _limited(path: Path, rows: Iterable[list[Any]]) -> list[tuple[int, list[Any]]]:
    """The numbered rows, refusing a sheet over MAX_ROWS rows or MAX_COLUMNS columns."""
    out: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(rows, 1):
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
        if number > MAX_ROWS:
            raise Refused(f"{path.name}: more than {MAX_ROWS:,} rows; jac reads at most that many")
        if len(row) > MAX_COLUMNS:
            raise Refused(
                f"{path.name}: row {number} has {len(row)} columns; jac reads at most {MAX_COLUMNS}"
            )
        out.append((number, row))
    return out


def match_columns(headers: Sequence[Any], overrides: dict[str, str]) -> dict[int, str]:
    """Column index -> field, by header synonyms; `--map HEADER=field` wins."""
    by_header = {normalise(h): f for h, f in overrides.items()}
    columns: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = normalise(header)
        if not key:
            continue
        target = by_header.get(key) or next(
            (f for f, names in SYNONYMS.items() if key in names), None
        )
        if target and target not in columns.values():
            columns[index] = target
    return columns


def find_header(table: Table, overrides: dict[str, str]) -> tuple[int, dict[int, str]]:
    """The header row (even below title rows) and its column mapping."""
    for position, (_number, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        columns = match_columns(cells, overrides)
        if len(columns) >= 2 and ({"text", "title"} & set(columns.values())):
            return position, columns
    raise Refused(
        f"{table.name}: no header row found in the first {HEADER_SEARCH_ROWS} rows "
        "(it needs a Recommendation/Text or Title column and one other known column)"
    )


def parse_date(value: Any) -> dt.date:
    """An Excel date cell, or text as 31/03/2023, 31.03.2023, 31 March 2023 or 2023-03-31."""
    try:
        return _parse_date(value)
    except ValueError:
        raise ValueError(
            f"{str(value).strip()!r} is not a date (31/03/2023, 31.03.2023, 31 March 2023)"
        ) from None


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{2}|[0-9]{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year + 2000 if year < 100 else year, month, day)
    match = re.fullmatch(r"([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+([0-9]{4})", text)
    if match and match.group(2).lower() in MONTHS:
        return dt.date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    match = re.fullmatch(r"([A-Za-z]+)\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})", text)
    if match and match.group(1).lower() in MONTHS:
        return dt.date(int(match.group(3)), MONTHS[match.group(1).lower()], int(match.group(2)))
    try:
        return iso_date(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (31/03/2023, 31.03.2023, 31 March 2023)"
        ) from None


def parse_status(value: Any) -> Status:
    """`R`, `Red`, `RED` -> red (likewise amber, green); Complete/Closed/Blue -> closed."""
    word = normalise(value)
    if word not in STATUS_WORDS:
        raise ValueError(f"{value!r} is not a RAG status (red, amber, green, complete)")
    return STATUS_WORDS[word]


def parse_level(value: Any) -> int:
    """`3`, `Level 3`, `Lv3`, `L3`."""
    match = re.fullmatch(r"(?:level|lv|l)?\s*([1-4])(?:\.0)?", str(value).strip().lower())
    if not match:
        raise ValueError(f"{value!r} is not a level (1 to 4)")
    return int(match.group(1))


TYPE_PREFIXES = (
    ("areaforimprovement", ItemType.AREA_FOR_IMPROVEMENT),
    ("afi", ItemType.AREA_FOR_IMPROVEMENT),
    ("causeofconcern", ItemType.CAUSE_OF_CONCERN),
    ("coc", ItemType.CAUSE_OF_CONCERN),
    ("recommendation", ItemType.RECOMMENDATION),
    ("rec", ItemType.RECOMMENDATION),
)


def type_of(value: Any, reference: str | None) -> ItemType:
    """From a Type column, else the reference (`AFI 1`, `CoC 2`), else recommendation."""
    if value not in (None, ""):
        word = normalise(value)
        for prefix, item_type in TYPE_PREFIXES:
            if word.startswith(prefix):
                return item_type
        raise ValueError(f"{value!r} is not a type (recommendation, cause of concern, AFI)")
    ref = normalise(reference)
    for prefix, item_type in TYPE_PREFIXES[:4]:
        if ref.startswith(prefix):
            return item_type
    return ItemType.RECOMMENDATION


def parse_addressed_to(value: Any) -> str:
    """`Home Office` -> `home-office`, and so on for each value jac knows."""
    known = {normalise(a.value): a.value for a in AddressedTo}
    word = normalise(value)
    if word not in known:
        raise ValueError(f"{value!r} is not one of {', '.join(known.values())}")
    return known[word]


def parse_yes_no(value: Any) -> bool:
    """`yes`/`y`/`true`/`1` and `no`/`n`/`false`/`0`."""
    word = normalise(value)
    if word in {"yes", "y", "true", "1"}:
        return True
    if word in {"no", "n", "false", "0", ""}:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def first_sentence(text: str, limit: int = 80) -> str:
    """A title from the wording: its first sentence, shortened on a word boundary."""
    one_line = " ".join(text.split())
    sentence = re.split(r"(?<=[.!?])\s", one_line, maxsplit=1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def inspection_id_from(title: str, taken: set[str]) -> str:
    """An inspection id made from a title: capitals, digits and hyphens, unique."""
    base = re.sub(r"[^A-Z0-9]+", "-", title.upper()).strip("-")[:40].strip("-") or "INSPECTION"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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
    texts: dict[str, str] = field(default_factory=dict)  # id -> the file to write, made once
    # Rows naming a finding by ID (an export come back): owners' updates, see owner_updates.
    id_rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    records: load.Records | None = None
    updates: owner_updates.UpdatePlan | None = None


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
    result.ignored_columns = [
        str(h) for i, h in enumerate(headers) if i not in columns and _cell(h)
    ]

    records = result.records = load.load(root)
    known_titles = {i.title.casefold(): i.id for i in records.inspections.values()}
    taken_ids = set(records.inspections)
    existing = {
        (rec.inspection, (rec.reference or "").casefold()): rec.id
        for rec in records.recommendations.values()
        if rec.reference
    }
    existing_text = {
        (rec.inspection, " ".join(rec.text.split())) for rec in records.recommendations.values()
    }
    if inspection is not None and inspection not in records.inspections:
        raise UsageError(f"--inspection: no inspection {inspection!r}")
    next_number = {t: int(changes.next_id(root, t).split("-")[1]) for t in ItemType}
    seen: set[tuple[str, str]] = set()

    body = table.rows[header_at + 1 :]
    iterator: Iterator[tuple[int, list[Any]]] = iter(body)
    if progress is not None:
        iterator = progress(iterator, len(body))
    for number, cells in iterator:
        values = {f: _cell(cells[i]) if i < len(cells) else None for i, f in columns.items()}
        if all(v is None for v in values.values()):
            continue
        result.rows += 1
        where = f"{path.name}:{table.name}!{number}"
        if records.recommendations and owner_updates.is_id(values.get("id")):
            result.id_rows.append((where, values))
            continue
        try:
            record, new_inspection = _row(values, inspection, known_titles, taken_ids, today)
        except ValueError as exc:
            result.problems.append(f"{where}: {exc}")
            continue
        if new_inspection is not None:
            result.inspections.append(new_inspection)
            known_titles[new_inspection["title"].casefold()] = new_inspection["id"]
            taken_ids.add(new_inspection["id"])
        ref_key = (record["inspection"], (record.get("reference") or "").casefold())
        if record.get("reference") and ref_key in existing:
            result.skipped.append(f"{where}: already imported as {existing[ref_key]}")
            continue
        if (
            not record.get("reference")
            and (record["inspection"], " ".join(record["text"].split())) in existing_text
        ):
            result.skipped.append(f"{where}: already imported (same report and wording)")
            continue
        if record.get("reference") and ref_key in seen:
            result.problems.append(
                f"{where}: {record['reference']} of {record['inspection']} appears twice in the file"
            )
            continue
        seen.add(ref_key)
        item_type = ItemType(record["type"])
        record["id"] = f"{item_type.prefix}-{next_number[item_type]:03d}"
        next_number[item_type] += 1
        ordered = {key: record.get(key) for key in RECOMMENDATION_FIELDS}
        text = edit.new_document(ordered)
        problems = _validate(root, record["id"], text, today)
        if problems:
            result.problems.extend(f"{where}: {p}" for p in problems)
            continue
        result.findings.append(ordered)
        result.texts[record["id"]] = text
    # Inspections planned but no longer used (every row of theirs refused) are dropped.
    used = {f["inspection"] for f in result.findings}
    result.inspections = [i for i in result.inspections if i["id"] in used]
    return result


def _row(
    values: dict[str, Any],
    forced_inspection: str | None,
    known_titles: dict[str, str],
    taken_ids: set[str],
    today: dt.date,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """One row as a finding's fields (and an inspection to create, if it names a new one)."""
    problems: list[str] = []

    def get(name: str, convert: Callable[[Any], Any]) -> Any:
        value = values.get(name)
        if value is None:
            return None
        try:
            return convert(value)
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
            return None

    reference = get("reference", lambda v: str(v))
    text = get("text", lambda v: str(v))
    title = get("title", lambda v: " ".join(str(v).split()))
    if text is None and title is None:
        raise ValueError("no wording: the Recommendation/Text column is empty")
    text = text or title
    title = title or first_sentence(text)
    status = get("status", parse_status) or Status.AMBER
    level = get("level", parse_level)
    due = get("due", parse_date)
    raised = get("raised", parse_date)
    closure_date = get("closure_date", parse_date)
    update_date = get("update_date", parse_date)
    try:
        item_type = type_of(values.get("type"), reference)
    except ValueError as exc:
        problems.append(f"type: {exc}")
        item_type = ItemType.RECOMMENDATION
    addressed_to = get("addressed_to", parse_addressed_to)
    restricted = get("restricted", parse_yes_no)
    if status in {Status.CLOSED, Status.SUBMITTED} and closure_date is None:
        problems.append(
            f"status {status.value} needs a closure date column (Closure date / Date closed)"
        )
    if problems:
        raise ValueError("; ".join(problems))

    new_inspection: dict[str, Any] | None = None
    if forced_inspection is not None:
        inspection_id = forced_inspection
    else:
        named = values.get("inspection")
        if named is None:
            raise ValueError("no report: give a Report column or --inspection ID")
        named = " ".join(str(named).split())
        if named.upper() in taken_ids:
            inspection_id = named.upper()
        elif named.casefold() in known_titles:
            inspection_id = known_titles[named.casefold()]
        else:
            as_id = INSPECTION_ID.match(named) is not None
            inspection_id = named if as_id else inspection_id_from(named, taken_ids)
            title_text = values.get("inspection_title") or named
            new_inspection = {
                "id": inspection_id,
                "title": " ".join(str(title_text).split()),
                "type": "peel" if "peel" in str(title_text).lower() else "other",
            }

    when = update_date or today
    note = str(values["update"]) if values.get("update") else "Imported from the force's tracker."
    updates: list[dict[str, Any]]
    closure: dict[str, Any] | None = None
    if status in {Status.CLOSED, Status.SUBMITTED}:
        assert closure_date is not None
        if status is Status.CLOSED and level == 4:
            updates = [{"date": closure_date, "note": note, "status": Status.SUBMITTED.value}]
            updates.append(
                {"date": closure_date, "note": "Closed by HMICFRS.", "status": Status.CLOSED.value}
            )
            closure = {"date": closure_date, "confirmed": closure_date}
        else:
            updates = [{"date": closure_date, "note": note, "status": status.value}]
            closure = {"date": closure_date}
        if values.get("evidence"):
            closure = {"date": closure_date, "evidence": str(values["evidence"]), **closure}
    else:
        updates = [{"date": when, "note": note, "status": status.value}]
    record = {
        "type": item_type.value,
        "title": title,
        "text": edit.block(text),
        "inspection": inspection_id,
        "reference": reference,
        "hmicfrs_ref": values.get("hmicfrs_ref") and str(values["hmicfrs_ref"]),
        "addressed_to": addressed_to,
        "raised": raised,
        "due": due,
        "owner": values.get("owner") and str(values["owner"]),
        "portfolio": values.get("portfolio") and str(values["portfolio"]),
        "level": level,
        "status": status.value,
        "updates": updates,
        "restricted": restricted or None,
        "closure": closure,
    }
    return record, new_inspection


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


def _sheet_order(problem: str) -> tuple[int, str]:
    """Problems in row order (`FILE:SHEET!ROW: ...`)."""
    match = re.search(r"!([0-9]+): ", problem)
    return (int(match.group(1)) if match else 0, problem)

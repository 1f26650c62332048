"""Reading a tracker: its rows (xlsx or csv, in the encodings Excel writes, with limits),
its header row and columns, and each cell's value as jac's fields take it."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jacreport.errors import Refused, UsageError
from jacreport.records.models import AddressedTo, ItemType, Status
from jacreport.records.values import iso_date
from jacreport.sheets.export import FORMULA_START

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


# Words left out of an id made from a title.
_SMALL_WORDS = {"A", "AN", "AND", "THE", "OF", "TO", "IN", "FOR", "ON", "BY", "WITH", "INTO"}
ID_LENGTH = 30


def inspection_id_from(title: str, taken: set[str]) -> str:
    """A short, readable inspection id made from a title: its words in capitals, small
    words left out, whole words only up to 30 characters, the year kept; unique."""
    words = [w for w in re.findall(r"[A-Z0-9]+", title.upper()) if w not in _SMALL_WORDS]
    year = next((w for w in words if re.fullmatch(r"(19|20)[0-9]{2}", w)), None)
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > ID_LENGTH:
            break
        kept.append(word)
    if year and year not in kept:  # the year tells two reports of one name apart
        while kept and len("-".join([*kept, year])) > ID_LENGTH:
            kept.pop()
        kept.append(year)
    base = "-".join(kept) or "INSPECTION"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cell_reader(
    values: dict[str, Any], problems: list[str], label: Callable[[str], str] = str
) -> Callable[[str, Callable[[Any], Any]], Any]:
    """`get(name, convert)`: a row's cell converted, None when empty; a cell that cannot be
    converted adds `label(name): why` to `problems` (all of a row's are named at once)."""

    def get(name: str, convert: Callable[[Any], Any]) -> Any:
        value = values.get(name)
        if value is None:
            return None
        try:
            return convert(value)
        except ValueError as exc:
            problems.append(f"{label(name)}: {exc}")
            return None

    return get

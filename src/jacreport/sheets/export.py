"""`jac export`: findings out as csv, xlsx or json, columns that `jac import` reads back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from jacreport.records import query
from jacreport.records.models import Inspection

# The start of a cell that a spreadsheet would take for a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    ("ID", "id"),
    ("Ref", "reference"),
    ("Type", "type"),
    ("Report", "inspection"),
    ("Report title", "inspection_title"),
    ("Title", "title"),
    ("Recommendation", "text"),
    ("Owner", "owner"),
    ("Portfolio", "portfolio"),
    ("Raised", "raised"),
    ("Due date", "due"),
    ("RAG", "status"),
    ("Level", "level"),
    ("Latest update", "update"),
    ("Update date", "update_date"),
    ("Closure date", "closure_date"),
    ("Evidence", "evidence"),
    ("Addressed to", "addressed_to"),
    ("HMICFRS ref", "hmicfrs_ref"),
    ("Restricted", "restricted"),
)
RAG_FILLS = {
    "red": "F4B6B6",
    "amber": "FFD966",
    "green": "B6D7A8",
    "submitted": "C9DAF8",
    "closed": "D9D9D9",
}


def row_values(row: query.Row, inspections: Mapping[str, Inspection]) -> dict[str, Any]:
    """One finding as export cells (dates as dates)."""
    rec = row.record
    latest = rec.updates[-1] if rec.updates else None
    inspection = inspections.get(rec.inspection)
    return {
        "id": rec.id,
        "reference": rec.reference,
        "type": rec.type.label,
        "inspection": rec.inspection,
        "inspection_title": inspection.title if inspection else None,
        "title": rec.title,
        "text": rec.text.strip(),
        "owner": rec.owner,
        "portfolio": rec.portfolio,
        "raised": rec.raised,
        "due": rec.due,
        "status": row.status.value,
        "level": rec.level,
        "update": latest.note if latest and not latest.restricted else None,
        "update_date": latest.date if latest and not latest.restricted else None,
        "closure_date": rec.closure.date if rec.closure else None,
        "evidence": rec.closure.evidence if rec.closure else None,
        "addressed_to": rec.addressed_to.value,
        "hmicfrs_ref": rec.hmicfrs_ref,
        "restricted": "yes" if rec.restricted else None,
        "overdue": row.overdue,  # not a column: the tracker highlights the due date
    }


def to_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    """UTF-8 csv with a header row; dates as DD/MM/YYYY, as the trackers write them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for header, _key in COLUMNS])
    for row in rows:
        writer.writerow([_inert(_text(row[key])) for _header, key in COLUMNS])
    return out.getvalue().encode("utf-8")


def _inert(cell: str) -> str:
    """A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, return at
    its start) gets a `'` before it, as Excel itself writes; `jac import` takes it off."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: no `[]:*?/\\`, at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "-", name).strip("' ")[:31].strip("' ")
    return cleaned or "Findings"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def to_json(rows: Sequence[query.Row]) -> bytes:
    """The same JSON as `jac list --format json`."""
    return (
        json.dumps([query.as_json(r) for r in rows], indent=2, ensure_ascii=False) + "\n"
    ).encode()


def to_xlsx(rows: Sequence[dict[str, Any]], title: str) -> bytes:
    """A workbook: bold header, frozen panes, an autofilter, real date cells, RAG cells coloured."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from jacreport.sheets import owner_updates

    book = Workbook()
    ws = book.active
    ws.title = sheet_title(title)
    ws.append([header for header, _key in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    date_columns = {
        i
        for i, (_h, key) in enumerate(COLUMNS, 1)
        if key in {"raised", "due", "update_date", "closure_date"}
    }
    rag_column = next(i for i, (_h, key) in enumerate(COLUMNS, 1) if key == "status")
    for row in rows:
        ws.append([row[key] for _header, key in COLUMNS])
        r = ws.max_row
        for cell in ws[r]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
        for column in date_columns:
            ws.cell(r, column).number_format = "DD/MM/YYYY"
        fill = RAG_FILLS.get(str(row["status"]))
        if fill:
            ws.cell(r, rag_column).fill = PatternFill("solid", start_color=fill, end_color=fill)
    widths = {
        "text": 60,
        "title": 40,
        "update": 50,
        "inspection_title": 35,
        "owner": 25,
        "portfolio": 22,
    }
    for i, (_header, key) in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(key, 13)
        if key in {"text", "update", "title"}:
            for cell in ws[get_column_letter(i)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    owner_updates.dress_tracker(ws, rows, [key for _header, key in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

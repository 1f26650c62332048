"""One tracker row as a new finding: its fields, its inspection (found or to create), and
the history it starts with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jacreport.records import edit
from jacreport.records.models import INSPECTION_ID, Status
from jacreport.sheets.read import (
    cell_reader,
    first_sentence,
    inspection_id_from,
    parse_addressed_to,
    parse_date,
    parse_level,
    parse_status,
    parse_yes_no,
    type_of,
)


def row_record(
    values: dict[str, Any],
    forced_inspection: str | None,
    known_titles: dict[str, str],
    taken_ids: set[str],
    today: dt.date,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """One row as a finding's fields (and an inspection to create, if it names a new one)."""
    fields = _fields(values)
    inspection_id, new_inspection = _inspection_of(
        values, forced_inspection, known_titles, taken_ids
    )
    updates, closure = _history(values, fields, today)
    record = {
        "type": fields["type"].value,
        "title": fields["title"],
        "text": edit.block(fields["text"]),
        "inspection": inspection_id,
        "reference": fields["reference"],
        "hmicfrs_ref": values.get("hmicfrs_ref") and str(values["hmicfrs_ref"]),
        "addressed_to": fields["addressed_to"],
        "raised": fields["raised"],
        "due": fields["due"],
        "owner": values.get("owner") and str(values["owner"]),
        "portfolio": values.get("portfolio") and str(values["portfolio"]),
        "level": fields["level"],
        "status": fields["status"].value,
        "updates": updates,
        "restricted": fields["restricted"] or None,
        "closure": closure,
    }
    return record, new_inspection


def _fields(values: dict[str, Any]) -> dict[str, Any]:
    """The row's cells read as jac's fields; ValueError naming every one that cannot be."""
    problems: list[str] = []
    get = cell_reader(values, problems)
    out: dict[str, Any] = {
        "reference": get("reference", str),
        "text": get("text", str),
        "title": get("title", lambda v: " ".join(str(v).split())),
    }
    if out["text"] is None and out["title"] is None:
        raise ValueError("no wording: the Recommendation/Text column is empty")
    out["text"] = out["text"] or out["title"]
    out["title"] = out["title"] or first_sentence(out["text"])
    out["status"] = get("status", parse_status) or Status.AMBER
    out["level"] = get("level", parse_level)
    for name in ("due", "raised", "closure_date", "update_date"):
        out[name] = get(name, parse_date)
    try:
        out["type"] = type_of(values.get("type"), out["reference"])
    except ValueError as exc:
        problems.append(f"type: {exc}")
    out["addressed_to"] = get("addressed_to", parse_addressed_to)
    out["restricted"] = get("restricted", parse_yes_no)
    if out["status"] in {Status.CLOSED, Status.SUBMITTED} and out["closure_date"] is None:
        problems.append(
            f"status {out['status'].value} needs a closure date column (Closure date / Date closed)"
        )
    if problems:
        raise ValueError("; ".join(problems))
    return out


def _inspection_of(
    values: dict[str, Any],
    forced: str | None,
    known_titles: dict[str, str],
    taken_ids: set[str],
) -> tuple[str, dict[str, Any] | None]:
    """The row's inspection id, and the inspection to create when it names a new one."""
    if forced is not None:
        return forced, None
    named = values.get("inspection")
    if named is None:
        raise ValueError("no report: give a Report column or --inspection ID")
    named = " ".join(str(named).split())
    if named.upper() in taken_ids:
        return named.upper(), None
    if named.casefold() in known_titles:
        return known_titles[named.casefold()], None
    as_id = INSPECTION_ID.match(named) is not None
    inspection_id = named if as_id else inspection_id_from(named, taken_ids)
    title_text = values.get("inspection_title") or named
    return inspection_id, {
        "id": inspection_id,
        "title": " ".join(str(title_text).split()),
        "type": "peel" if "peel" in str(title_text).lower() else "other",
    }


def _history(
    values: dict[str, Any], fields: dict[str, Any], today: dt.date
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The row's updates and closure: one update dated by the row (else today), or the
    closure's, with HMICFRS's confirmation for a closed level 4 item."""
    status, closed = fields["status"], fields["closure_date"]
    note = str(values["update"]) if values.get("update") else "Imported from the force's tracker."
    if status not in {Status.CLOSED, Status.SUBMITTED}:
        return [
            {"date": fields["update_date"] or today, "note": note, "status": status.value}
        ], None
    closure: dict[str, Any] = {"date": closed}
    if status is Status.CLOSED and fields["level"] == 4:
        updates = [
            {"date": closed, "note": note, "status": Status.SUBMITTED.value},
            {"date": closed, "note": "Closed by HMICFRS.", "status": Status.CLOSED.value},
        ]
        closure["confirmed"] = closed
    else:
        updates = [{"date": closed, "note": note, "status": status.value}]
    if values.get("evidence"):
        closure = {"date": closed, "evidence": str(values["evidence"]), **closure}
    return updates, closure

"""Pure filters and sorts over findings, as `jac list` and `jac export` use them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jacreport.records import timeline
from jacreport.records.values import OPEN_STATUSES, AddressedTo, ItemType, Status, normal_id

if TYPE_CHECKING:  # `jac list` filters in the index, without pydantic
    from jacreport.records.models import Inspection, Recommendation


@dataclass(frozen=True)
class Filter:
    """What `jac list` was asked for; empty fields match everything."""

    statuses: frozenset[Status] = frozenset()
    type: ItemType | None = None
    level: int | None = None
    inspection: str | None = None
    owner: str | None = None
    portfolio: str | None = None
    addressed_to: AddressedTo | None = None
    open: bool = False
    overdue: bool = False
    as_of: dt.date | None = None
    due_within: int | None = None  # open items due within so many days, overdue ones not


@dataclass(frozen=True)
class Row:
    """A finding as it stood on the listing date."""

    record: Recommendation
    status: Status
    overdue: bool


def select(
    recs: Iterable[Recommendation],
    inspections: Mapping[str, Inspection],
    flt: Filter,
    today: dt.date,
) -> list[Row]:
    """The findings matching `flt`, as they stood on `flt.as_of` (default `today`), by id."""
    date = flt.as_of or today
    owner = flt.owner.casefold() if flt.owner else None
    portfolio = flt.portfolio.casefold() if flt.portfolio else None
    rows: list[Row] = []
    for rec in recs:
        if flt.type is not None and rec.type is not flt.type:
            continue
        if flt.level is not None and rec.level != flt.level:
            continue
        if flt.inspection is not None and rec.inspection.upper() != flt.inspection.upper():
            continue
        if flt.addressed_to is not None and rec.addressed_to is not flt.addressed_to:
            continue
        if owner is not None and owner not in (rec.owner or "").casefold():
            continue
        if portfolio is not None and portfolio not in (rec.portfolio or "").casefold():
            continue
        inspection = inspections.get(rec.inspection)
        published = inspection.published if inspection else None
        if not timeline.exists_on(rec, date, published):
            continue
        status = timeline.status_on(rec, date)
        if flt.statuses and status not in flt.statuses:
            continue
        if flt.open and status not in OPEN_STATUSES:
            continue
        overdue = timeline.is_overdue(rec, date)
        if flt.overdue and not overdue:
            continue
        if flt.due_within is not None and not (
            status in OPEN_STATUSES
            and rec.due is not None
            and date <= rec.due <= date + dt.timedelta(days=flt.due_within)
        ):
            continue
        rows.append(Row(timeline.as_it_stood(rec, date) if flt.as_of else rec, status, overdue))
    rows.sort(key=lambda row: id_sort_key(row.record.id))
    return rows


def id_sort_key(record_id: str) -> tuple[str, int, str]:
    """Sort ids by prefix, then by number (REC-9 before REC-10)."""
    match = re.match(r"^([A-Z]+)-([0-9]+)$", record_id)
    if match:
        return match.group(1), int(match.group(2)), record_id
    return record_id, 0, record_id


def near_ids(wanted: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Ids that look like `wanted`, for "did you mean" hints."""
    import difflib

    known_list = list(known)
    upper = normal_id(wanted).upper()
    close = difflib.get_close_matches(upper, known_list, n=n, cutoff=0.6)
    if not close:
        digits = re.sub(r"\D", "", wanted)
        close = [k for k in known_list if digits and k.endswith(digits.zfill(3))][:n]
    return close


def as_json(row: Row) -> dict[str, Any]:
    """One listed finding in SPEC's JSON shape: every field, dates as YYYY-MM-DD, the status
    as it stood on the listing date."""
    data = row.record.model_dump(mode="json")
    data["status"] = row.status.value
    data["overdue"] = row.overdue
    return data

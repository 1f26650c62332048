"""Records rebuilt from the JSON the index keeps, without validating them again.

They were valid when they were parsed and their rows are trusted only while their files are
unchanged (see `index`), so pydantic's validation is skipped: each model is filled as
`model_construct` would, minus its per-field default handling (every field is present).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from jacreport.records.models import (
    AddressedTo,
    Closure,
    Contact,
    Inspection,
    InspectionType,
    ItemType,
    Meeting,
    PaperShape,
    Recommendation,
    Status,
    Update,
)
from jacreport.records.values import day_or_month

M = TypeVar("M", bound=BaseModel)


_set = object.__setattr__
# Every field is set in a rebuilt record; the models are frozen, so one set per class serves.
_FIELDS_SET: dict[type[BaseModel], set[str]] = {}
STATUS = {s.value: s for s in Status}


def _construct(cls: type[M], values: dict[str, Any]) -> M:
    """A model from values already validated once: what `model_construct` ends with, minus
    its per-field default handling (every field is in `values`), which dominates warm runs."""
    record = cls.__new__(cls)
    _set(record, "__dict__", values)
    fields_set = _FIELDS_SET.get(cls)
    if fields_set is None:
        fields_set = _FIELDS_SET.setdefault(cls, set(cls.model_fields))
    _set(record, "__pydantic_fields_set__", fields_set)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def build_recommendation(data: dict[str, Any]) -> Recommendation:
    """A finding rebuilt from its JSON in the index, without validation."""
    d = dict(data)
    d["type"] = ItemType(d["type"])
    d["status"] = STATUS[d["status"]]
    d["addressed_to"] = AddressedTo(d["addressed_to"])
    d["raised"] = _date(d["raised"])
    d["due"] = _date(d["due"])
    date = dt.date.fromisoformat
    d["updates"] = [
        _construct(
            Update,
            {
                "date": date(u["date"]),
                "note": u["note"],
                "status": STATUS[u["status"]] if u["status"] else None,
                "by": u["by"],
                "restricted": u["restricted"],
            },
        )
        for u in d["updates"]
    ]
    closure = d["closure"]
    if closure is not None:
        d["closure"] = _construct(
            Closure,
            dict(
                date=dt.date.fromisoformat(closure["date"]),
                evidence=closure["evidence"],
                note=closure["note"],
                confirmed=_date(closure["confirmed"]),
            ),
        )
    return _construct(Recommendation, d)


def build_inspection(data: dict[str, Any]) -> Inspection:
    """An inspection rebuilt from its JSON in the index, without validation."""
    d = dict(data)
    d["type"] = InspectionType(d["type"])
    for name in ("hot_debrief", "published"):
        d[name] = _date(d[name])
    for name in ("fieldwork_start", "fieldwork_end"):  # a date, or a month alone
        d[name] = day_or_month(d[name]) if d[name] else None
    if d["totals"] is not None:
        d["totals"] = {ItemType(k): v for k, v in d["totals"].items()}
    return _construct(Inspection, d)


def build_meeting(data: dict[str, Any]) -> Meeting:
    """A meeting rebuilt from its JSON in the index, without validation."""
    d = dict(data)
    d["date"] = dt.date.fromisoformat(d["date"])
    d["window_start"] = _date(d["window_start"])
    if d["paper"] is not None:
        d["paper"] = _construct(PaperShape, dict(d["paper"]))
    if d["contact"] is not None:
        d["contact"] = _construct(Contact, dict(d["contact"]))
    return _construct(Meeting, d)


BUILDERS: dict[str, Callable[[dict[str, Any]], Recommendation | Inspection | Meeting]] = {
    "recommendations": build_recommendation,
    "inspections": build_inspection,
    "meetings": build_meeting,
}

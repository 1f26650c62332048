"""The as-of rules: status, existence and closure of a finding on any date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jacreport.records import timeline
from jacreport.records.models import Recommendation, Status

D = dt.date.fromisoformat


def make(updates: list[dict[str, Any]], status: str, **fields: Any) -> Recommendation:
    return Recommendation.model_validate(
        {
            "id": "REC-001",
            "type": "recommendation",
            "title": "T",
            "text": "X",
            "inspection": "PEEL-2023",
            "status": status,
            "updates": updates,
            **fields,
        }
    )


HISTORY = [
    {"date": "2024-01-10", "status": "amber", "note": "a"},
    {"date": "2024-02-01", "note": "progress"},
    {"date": "2024-03-01", "status": "red", "note": "b"},
    {"date": "2024-03-01", "status": "green", "note": "same day, later in file"},
    {"date": "2024-05-01", "status": "submitted", "note": "c"},
    {"date": "2024-06-01", "status": "amber", "note": "returned by HMICFRS"},
    {"date": "2024-07-01", "status": "closed", "note": "d"},
]


def test_status_on_follows_the_latest_status_bearing_update() -> None:
    rec = make(HISTORY, "closed", closure={"date": "2024-07-01"})
    assert timeline.status_on(rec, D("2024-01-09")) is Status.AMBER  # before any: counts as amber
    assert timeline.status_on(rec, D("2024-01-10")) is Status.AMBER
    assert timeline.status_on(rec, D("2024-02-28")) is Status.AMBER
    assert timeline.status_on(rec, D("2024-03-01")) is Status.GREEN  # same date: later in the file
    assert timeline.status_on(rec, D("2024-05-01")) is Status.SUBMITTED
    assert timeline.status_on(rec, D("2024-06-15")) is Status.AMBER
    assert timeline.status_on(rec, D("2030-01-01")) is Status.CLOSED


def test_an_item_counts_as_closed_only_while_submitted_or_closed() -> None:
    rec = make(HISTORY, "closed", closure={"date": "2024-07-01"})
    assert timeline.closed_on(rec) == D("2024-05-01")  # the earliest it could count
    assert timeline.closed_as_of(rec, D("2024-04-30")) is None
    assert timeline.closed_as_of(rec, D("2024-05-20")) == D("2024-05-01")  # submitted
    assert timeline.closed_as_of(rec, D("2024-06-10")) is None  # returned on 1 June
    assert timeline.closed_as_of(rec, D("2024-08-01")) == D("2024-07-01")  # its latest move


def test_record_without_status_updates_has_its_status_throughout() -> None:
    rec = make([], "green")
    assert timeline.status_on(rec, D("1990-01-01")) is Status.GREEN
    assert timeline.closed_on(rec) is None
    assert timeline.raised_on(rec, None) is None
    assert timeline.exists_on(rec, D("1990-01-01"), None)


def test_raised_defaults_to_publication_then_first_update() -> None:
    rec = make(HISTORY[:1], "amber")
    assert timeline.raised_on(rec, D("2023-12-01")) == D("2023-12-01")
    assert timeline.raised_on(rec, None) == D("2024-01-10")
    explicit = make(HISTORY[:1], "amber", raised="2023-11-11")
    assert timeline.raised_on(explicit, D("2023-12-01")) == D("2023-11-11")
    assert not timeline.exists_on(rec, D("2023-11-30"), D("2023-12-01"))
    assert timeline.exists_on(rec, D("2023-12-01"), D("2023-12-01"))


def test_overdue_needs_open_and_past_due() -> None:
    rec = make(HISTORY, "closed", closure={"date": "2024-07-01"}, due="2024-02-15")
    assert not timeline.is_overdue(rec, D("2024-02-15"))  # due today is not past due
    assert timeline.is_overdue(rec, D("2024-02-16"))
    assert not timeline.is_overdue(rec, D("2024-05-10"))  # submitted: not open
    assert timeline.is_overdue(rec, D("2024-06-10"))  # returned: open again


def test_latest_update_skips_restricted_notes_unless_asked() -> None:
    updates: list[dict[str, Any]] = [
        {"date": "2024-01-10", "status": "red", "note": "public"},
        {"date": "2024-02-10", "note": "secret", "restricted": True},
    ]
    rec = make(updates, "red")
    public = timeline.latest_update(rec, D("2024-03-01"))
    assert public is not None and public.note == "public"
    secret = timeline.latest_update(rec, D("2024-03-01"), restricted=True)
    assert secret is not None and secret.note == "secret"
    assert timeline.latest_update(rec, D("2024-01-01")) is None

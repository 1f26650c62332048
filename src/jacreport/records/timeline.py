"""The as-of rules of SPEC: a finding's status, existence and closure on any date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from jacreport.records.values import DONE_STATUSES, AddressedTo, ItemType, Status

if TYPE_CHECKING:  # pydantic is not imported by the commands that count from the index
    from jacreport.records.models import Recommendation, Update


class Step(Protocol):
    """What the as-of rules read of an update: its date and the status it set, if any."""

    @property
    def date(self) -> dt.date: ...
    @property
    def status(self) -> Status | None: ...


class Finding(Protocol):
    """What the as-of rules and the counts read of a finding: a validated record, or its
    row of the index (whose `updates` are the status-bearing ones only)."""

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> ItemType: ...
    @property
    def status(self) -> Status: ...
    @property
    def level(self) -> int | None: ...
    @property
    def due(self) -> dt.date | None: ...
    @property
    def raised(self) -> dt.date | None: ...
    @property
    def inspection(self) -> str: ...
    @property
    def addressed_to(self) -> AddressedTo: ...
    @property
    def restricted(self) -> bool: ...
    @property
    def first_update(self) -> dt.date | None: ...
    @property
    def first_done(self) -> dt.date | None: ...
    @property
    def updates(self) -> Sequence[Step]: ...


# Before its first status-bearing update, an open record counts as amber.
INITIAL_STATUS = Status.AMBER


@dataclass(frozen=True)
class Move:
    """One status-bearing update: the status before it and the status it set."""

    date: dt.date
    before: Status
    after: Status
    update: Step


def moves(rec: Finding) -> Iterator[Move]:
    """The status changes of a record in file order, each with the status it left."""
    before = INITIAL_STATUS
    for update in rec.updates:
        if update.status is not None:
            yield Move(update.date, before, update.status, update)
            before = update.status


def status_on(rec: Finding, date: dt.date) -> Status:
    """The record's status on `date`: the latest status-bearing update dated on or before it."""
    status: Status | None = None
    any_status = False
    for update in rec.updates:
        if update.status is None:
            continue
        any_status = True
        # Same-date updates: the later one in the file wins, hence `<=` and no break on ties.
        if update.date <= date:
            status = update.status
    if status is not None:
        return status
    return INITIAL_STATUS if any_status else rec.status


def raised_on(rec: Finding, published: dt.date | None) -> dt.date | None:
    """When the record reached the force: `raised`, else its report's publication, else the
    first update's date; None when it has always existed."""
    if rec.raised is not None:
        return rec.raised
    if published is not None:
        return published
    return rec.first_update


def exists_on(rec: Finding, date: dt.date, published: dt.date | None) -> bool:
    """Whether the record existed on `date` (it exists from its raised date, inclusive)."""
    raised = raised_on(rec, published)
    return raised is None or raised <= date


def closed_on(rec: Finding) -> dt.date | None:
    """Its first move to submitted or closed: the earliest it can count as closed (when
    it counts on a given day is `closed_as_of`)."""
    for move in moves(rec):
        if move.after in DONE_STATUSES:
            return move.date
    return None


def closed_as_of(rec: Finding, date: dt.date) -> dt.date | None:
    """When the record counts as closed on `date`: only while its status then is submitted
    or closed (an item HMICFRS returned does not count), and then from its latest move
    from open to submitted or closed on or before `date`."""
    if status_on(rec, date) not in DONE_STATUSES:
        return None
    last: dt.date | None = None
    for move in moves(rec):
        if move.date <= date and move.after in DONE_STATUSES and move.before not in DONE_STATUSES:
            last = move.date
    return last


def returned_in(rec: Finding, since: dt.date | None, until: dt.date) -> Step | None:
    """The update by which HMICFRS returned the record (submitted or closed back to open)
    in `since`..`until`, when it is still open on `until`; else None. (Of a validated
    record, that is its `Update`.)"""
    if status_on(rec, until) in DONE_STATUSES:
        return None
    found = None
    for move in moves(rec):
        inside = move.date <= until and (since is None or move.date >= since)
        if inside and move.before in DONE_STATUSES and move.after not in DONE_STATUSES:
            found = move.update
    return found


def latest_update(rec: Recommendation, date: dt.date, *, restricted: bool = False) -> Update | None:
    """The last update on or before `date`; restricted notes only when `restricted` is set."""
    found: Update | None = None
    for update in rec.updates:
        if update.date <= date and (restricted or not update.restricted):
            found = update
    return found


def is_overdue(rec: Finding, date: dt.date) -> bool:
    """Open on `date` and past its `due` date."""
    return rec.due is not None and rec.due < date and status_on(rec, date).is_open


def as_it_stood(rec: Recommendation, date: dt.date) -> Recommendation:
    """The finding as it stood on `date`: no update, status, closure or confirmation
    dated after it (what `--as-of` shows, everywhere)."""
    closure = rec.closure if rec.closure is not None and rec.closure.date <= date else None
    if closure is not None and closure.confirmed is not None and closure.confirmed > date:
        closure = closure.model_copy(update={"confirmed": None})
    updates = [u for u in rec.updates if u.date <= date]
    if len(updates) == len(rec.updates) and closure is rec.closure:
        return rec
    return rec.model_copy(
        update={"updates": updates, "status": status_on(rec, date), "closure": closure}
    )

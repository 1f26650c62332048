"""Pure: each finding's as-of facts, worked out once, and the windows between meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from jacreport.records import timeline
from jacreport.records.query import id_sort_key
from jacreport.records.values import PLURALS, AddressedTo, ItemType

if TYPE_CHECKING:  # the counts are worked out from the index without pydantic
    from jacreport.records.models import Meeting, Recommendation

# How many days the PCC has to comment on a published report: 56 days beginning with the
# day of publication, so the last day is published + 55.
PCC_COMMENT_DAYS = 55


def plural(item_type: ItemType, count: int) -> str:
    """`1 x Cause of Concern`, `3 x Causes of Concern`."""
    one, many = PLURALS[item_type]
    return f"{count} x {one if count == 1 else many}"


@dataclass(frozen=True)
class Window:
    """A range of dates, both ends included; `start` None means from the beginning."""

    start: dt.date | None
    end: dt.date

    def __contains__(self, date: object) -> bool:
        if not isinstance(date, dt.date):
            return False
        return date <= self.end and (self.start is None or date >= self.start)


def days_after(day: dt.date, days: int) -> dt.date:
    """`days` after `day`; the last date there is when that is past the calendar's end."""
    return (
        day + dt.timedelta(days=days)
        if day <= dt.date.max - dt.timedelta(days=days)
        else dt.date.max
    )


def previous_meeting(meetings: Iterable[dt.date], date: dt.date) -> dt.date | None:
    """The latest meeting before `date`."""
    return max((d for d in meetings if d < date), default=None)


def meeting_window(meetings: Iterable[dt.date], date: dt.date, baseline: dt.date | None) -> Window:
    """A meeting's reporting window: after the previous meeting, up to its own date. With no
    previous meeting, from the closure baseline (when it is not after the meeting), else
    from the beginning of the records."""
    previous = previous_meeting(meetings, date)
    if previous is not None:
        return Window(previous + dt.timedelta(days=1), date)
    if baseline is not None and baseline <= date:
        return Window(baseline, date)
    return Window(None, date)


def window_of(meeting: Meeting, meetings: Iterable[dt.date], baseline: dt.date | None) -> Window:
    """A meeting's window: from its own `window_start` when it sets one, else as
    `meeting_window` works it out."""
    if meeting.window_start is not None and meeting.window_start <= meeting.date:
        return Window(meeting.window_start, meeting.date)
    return meeting_window(meetings, meeting.date, baseline)


class Published(Protocol):
    """What the facts read of an inspection: when it was published."""

    @property
    def published(self) -> dt.date | None: ...


F = TypeVar("F", bound=timeline.Finding)
I = TypeVar("I", bound=Published)  # noqa: E741 - the inspection type, beside F


class Facts(Generic[F, I]):
    """The findings with each one's as-of facts worked out once. The findings are either
    validated records or their rows of the index (`full` gives the record of a row, for
    the few items a paper prints in full); `inspections` likewise."""

    def __init__(
        self,
        recommendations: Iterable[F],
        inspections: Mapping[str, I],
        full: Callable[[F], Recommendation],
    ):
        self.inspections = dict(inspections)
        self.full = full
        self.items = sorted(recommendations, key=lambda r: id_sort_key(r.id))
        self.raised = {
            rec.id: timeline.raised_on(rec, _published(self.inspections, rec)) for rec in self.items
        }
        self.closed = {rec.id: rec.first_done for rec in self.items}
        self._force = [rec for rec in self.items if rec.addressed_to is AddressedTo.FORCE]
        self.by_inspection: dict[str, list[F]] = {}
        for rec in self._force:
            self.by_inspection.setdefault(rec.inspection, []).append(rec)

    def force_items(self) -> list[F]:
        """The items addressed to the force: the paper's counts cover only these."""
        return self._force

    def exists(self, rec: F, date: dt.date) -> bool:
        """Whether the item existed on `date`."""
        raised = self.raised[rec.id]
        return raised is None or raised <= date

    def submitted_by(self, rec: F, date: dt.date) -> bool:
        """Whether the item stood submitted or closed on `date` (a returned item does not)."""
        return self.closed_as_of(rec, date) is not None

    def closed_as_of(self, rec: F, date: dt.date) -> dt.date | None:
        """When the item counts as closed on `date` (see `timeline.closed_as_of`)."""
        closed = self.closed[rec.id]
        if closed is None or closed > date:
            return None
        return timeline.closed_as_of(rec, date)


def _published(inspections: Mapping[str, Published], rec: timeline.Finding) -> dt.date | None:
    inspection = inspections.get(rec.inspection)
    return inspection.published if inspection else None

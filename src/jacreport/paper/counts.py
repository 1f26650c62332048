"""Pure: the paper's tables of numbers: closures by type and level, open items by RAG,
and an inspection's items received against submitted."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from jacreport.paper.facts import F, Facts, I, Window
from jacreport.records import timeline
from jacreport.records.values import (
    OPEN_ORDER,
    OPEN_STATUSES,
    SHORT_LABELS,
    STATUS_ORDER,
    TYPE_ORDER,
    AddressedTo,
    ItemType,
    Status,
)


@dataclass(frozen=True)
class ClosureRow:
    """Closures of one type at one level: in the window, and since the previous meeting."""

    type: ItemType
    level: int | None
    count: int
    change: int | None

    @property
    def label(self) -> str:
        """`Recommendation Lv3`, as the papers write it."""
        level = f"Lv{self.level}" if self.level is not None else "(no level)"
        return f"{SHORT_LABELS[self.type]} {level}"


@dataclass(frozen=True)
class ClosureTable:
    """Closures of the force's recommendations and AFIs by type and level."""

    since: dt.date | None
    until: dt.date
    rows: list[ClosureRow]
    total: int
    total_change: int | None


def closure_table(
    facts: Facts[F, I], window: Window, change_window: Window | None = None
) -> ClosureTable:
    """Closures in `window` (the close date: the first move to submitted or closed), with
    the change in `change_window` when given. Causes of concern close through their
    recommendations, so they are left out here."""
    counts: Counter[tuple[ItemType, int | None]] = Counter()
    changes: Counter[tuple[ItemType, int | None]] = Counter()
    for rec in facts.force_items():
        if rec.type is ItemType.CAUSE_OF_CONCERN:
            continue
        closed = facts.closed_as_of(rec, window.end)
        if closed in window:
            counts[rec.type, rec.level] += 1
            if change_window is not None and closed in change_window:
                changes[rec.type, rec.level] += 1
    rows = [
        ClosureRow(t, level, counts[t, level], changes[t, level] if change_window else None)
        for t, level in sorted(counts, key=lambda k: (TYPE_ORDER.index(k[0]), -(k[1] or 0)))
    ]
    return ClosureTable(
        since=window.start,
        until=window.end,
        rows=rows,
        total=sum(counts.values()),
        total_change=sum(changes.values()) if change_window else None,
    )


@dataclass(frozen=True)
class OpenRow:
    """Open items of one type with one RAG status."""

    type: ItemType
    status: Status
    count: int


@dataclass(frozen=True)
class OpenCounts:
    """The force's open items on a date, by type and RAG status."""

    date: dt.date
    rows: list[OpenRow]
    total: int
    by_status: dict[Status, int]
    by_type: dict[ItemType, int]

    def get(self, item_type: ItemType, status: Status) -> int:
        """Open items of one type and status."""
        return next((r.count for r in self.rows if r.type is item_type and r.status is status), 0)


def open_counts(facts: Facts[F, I], date: dt.date) -> OpenCounts:
    """Open items (red, amber, green) on `date`, by type and status."""
    counts: Counter[tuple[ItemType, Status]] = Counter()
    for rec in facts.force_items():
        if facts.exists(rec, date):
            status = timeline.status_on(rec, date)
            if status in OPEN_STATUSES:
                counts[rec.type, status] += 1
    rows = [OpenRow(t, s, counts[t, s]) for t in OPEN_ORDER for s in STATUS_ORDER if counts[t, s]]
    return OpenCounts(
        date=date,
        rows=rows,
        total=sum(counts.values()),
        by_status={s: sum(counts[t, s] for t in TYPE_ORDER) for s in STATUS_ORDER},
        by_type={t: sum(counts[t, s] for s in STATUS_ORDER) for t in TYPE_ORDER},
    )


@dataclass(frozen=True)
class ProgressRow:
    """Items of one type received from a report against those submitted for closure."""

    type: ItemType
    received: int
    submitted: int


def inspection_progress(facts: Facts[F, I], inspection_id: str, date: dt.date) -> list[ProgressRow]:
    """For one inspection, the force's items received by `date` against those submitted
    (or closed) by then, by type; causes of concern included."""
    received: Counter[ItemType] = Counter()
    submitted: Counter[ItemType] = Counter()
    for rec in facts.by_inspection.get(inspection_id, []):
        if facts.exists(rec, date):
            received[rec.type] += 1
            if facts.submitted_by(rec, date):
                submitted[rec.type] += 1
    order = (ItemType.CAUSE_OF_CONCERN, ItemType.RECOMMENDATION, ItemType.AREA_FOR_IMPROVEMENT)
    return [ProgressRow(t, received[t], submitted[t]) for t in order if received[t]]


@dataclass(frozen=True)
class TrackerTotals:
    """The whole tracker, items for other bodies included, as papers state it: "146 in
    total, 43 added since the last meeting, 17 addressed to other bodies"."""

    total: int
    added: int
    other_bodies: int


def tracker_totals(facts: Facts[F, I], window: Window) -> TrackerTotals:
    """The tracker's totals on the window's last day."""
    live = [rec for rec in facts.items if facts.exists(rec, window.end)]
    return TrackerTotals(
        total=len(live),
        added=sum(1 for rec in live if facts.raised[rec.id] in window),
        other_bodies=sum(1 for rec in live if rec.addressed_to is not AddressedTo.FORCE),
    )

"""Pure: the paper's numbers and sections for a meeting, as the records stood on its date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jacreport.records import timeline
from jacreport.records.models import (
    OPEN_STATUSES,
    AddressedTo,
    Inspection,
    InspectionType,
    ItemType,
    Meeting,
    Recommendation,
    Settings,
    Status,
    Update,
)
from jacreport.records.query import id_sort_key

# The papers list AFIs before recommendations, each from the highest level down.
TYPE_ORDER = (ItemType.AREA_FOR_IMPROVEMENT, ItemType.RECOMMENDATION, ItemType.CAUSE_OF_CONCERN)
STATUS_ORDER = (Status.RED, Status.AMBER, Status.GREEN)
SHORT_LABELS = {
    ItemType.RECOMMENDATION: "Recommendation",
    ItemType.CAUSE_OF_CONCERN: "Cause of concern",
    ItemType.AREA_FOR_IMPROVEMENT: "AFI",
}
PLURALS = {
    ItemType.RECOMMENDATION: ("Recommendation", "Recommendations"),
    ItemType.CAUSE_OF_CONCERN: ("Cause of Concern", "Causes of Concern"),
    ItemType.AREA_FOR_IMPROVEMENT: ("Area for Improvement", "Areas for Improvement"),
}
# How many days the PCC has to comment on a published report: 56 days beginning with the
# day of publication, so the last day is published + 55.
PCC_COMMENT_DAYS = 55

# Narrative sections a meeting record may fill, in the order they appear in the paper.
NARRATIVE_SECTIONS = {
    "opening": "after the purpose of the report",
    "recommendations": "in section 2, after the level definitions",
    "peel_progress": "in section 2, after the PEEL progress",
    "published": "at the start of section 3, reports published",
    "activity": "in section 4, after the inspection activity",
    "forthcoming": "in section 4, under forthcoming activity",
    "closed": "in section 5, items closed",
    "outstanding": "in section 6, outstanding items",
    "closing": "in section 7, before what the committee is asked to do",
}


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


def _days_after(day: dt.date, days: int) -> dt.date:
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


class Facts:
    """The records with each finding's as-of facts worked out once."""

    def __init__(
        self, recommendations: Iterable[Recommendation], inspections: Mapping[str, Inspection]
    ):
        self.inspections = dict(inspections)
        self.items = sorted(recommendations, key=lambda r: id_sort_key(r.id))
        self.raised = {
            rec.id: timeline.raised_on(rec, _published(self.inspections, rec)) for rec in self.items
        }
        self.closed = {rec.id: timeline.closed_on(rec) for rec in self.items}
        self._force = [rec for rec in self.items if rec.addressed_to is AddressedTo.FORCE]
        self.by_inspection: dict[str, list[Recommendation]] = {}
        for rec in self._force:
            self.by_inspection.setdefault(rec.inspection, []).append(rec)

    def force_items(self) -> list[Recommendation]:
        """The items addressed to the force: the paper's counts cover only these."""
        return self._force

    def exists(self, rec: Recommendation, date: dt.date) -> bool:
        """Whether the item existed on `date`."""
        raised = self.raised[rec.id]
        return raised is None or raised <= date

    def submitted_by(self, rec: Recommendation, date: dt.date) -> bool:
        """Whether the item had been submitted or closed by `date`."""
        closed = self.closed[rec.id]
        return closed is not None and closed <= date


def _published(inspections: Mapping[str, Inspection], rec: Recommendation) -> dt.date | None:
    inspection = inspections.get(rec.inspection)
    return inspection.published if inspection else None


# --- counts ---------------------------------------------------------------------------------


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
    facts: Facts, window: Window, change_window: Window | None = None
) -> ClosureTable:
    """Closures in `window` (the close date: the first move to submitted or closed), with
    the change in `change_window` when given. Causes of concern close through their
    recommendations, so they are left out here."""
    counts: Counter[tuple[ItemType, int | None]] = Counter()
    changes: Counter[tuple[ItemType, int | None]] = Counter()
    for rec in facts.force_items():
        if rec.type is ItemType.CAUSE_OF_CONCERN:
            continue
        closed = facts.closed[rec.id]
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


def open_counts(facts: Facts, date: dt.date) -> OpenCounts:
    """Open items (red, amber, green) on `date`, by type and status."""
    counts: Counter[tuple[ItemType, Status]] = Counter()
    for rec in facts.force_items():
        if facts.exists(rec, date):
            status = timeline.status_on(rec, date)
            if status in OPEN_STATUSES:
                counts[rec.type, status] += 1
    rows = [OpenRow(t, s, counts[t, s]) for t in TYPE_ORDER for s in STATUS_ORDER if counts[t, s]]
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


def inspection_progress(facts: Facts, inspection_id: str, date: dt.date) -> list[ProgressRow]:
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


# --- the paper --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One finding as the paper shows it; a restricted one withheld unless asked for."""

    id: str | None
    type: ItemType
    label: str
    title: str | None
    text: str | None
    level: int | None
    status: Status
    owner: str | None
    due: dt.date | None
    latest: Update | None
    withheld: bool


@dataclass(frozen=True)
class PublishedReport:
    """A report published in the window, with the items it gave the force."""

    inspection: Inspection
    items: list[Item]
    totals: dict[ItemType, int]
    comments_due: dt.date
    counts: dict[ItemType, int]


@dataclass(frozen=True)
class ReportGroup:
    """Items of one report (for the closed-items section)."""

    inspection_id: str
    title: str
    items: list[Item]


@dataclass(frozen=True)
class PeelProgress:
    """A PEEL inspection with open items: received against submitted."""

    inspection: Inspection
    rows: list[ProgressRow]


@dataclass
class Paper:
    """Everything the paper shows for one meeting, computed from the records."""

    settings: Settings
    meeting: Meeting
    window: Window
    previous: dt.date | None
    baseline: dt.date | None
    restricted: bool
    open: OpenCounts
    added: int
    peel: list[PeelProgress]
    closures: ClosureTable
    published: list[PublishedReport]
    reports_with_items: int
    activity: list[Inspection]
    forthcoming: list[Inspection]
    closed: list[ReportGroup]
    red: list[Item]
    overdue: list[Item]
    narrative: dict[str, str] = field(default_factory=dict)
    empty_sections: list[str] = field(default_factory=list)
    unknown_sections: list[str] = field(default_factory=list)


def paper(
    settings: Settings,
    meeting: Meeting,
    meetings: Iterable[dt.date],
    facts: Facts,
    *,
    restricted: bool = False,
) -> Paper:
    """The paper for `meeting`, with every number computed as the records stood on its date."""
    date = meeting.date
    window = meeting_window(meetings, date, settings.closure_baseline)
    previous = previous_meeting(meetings, date)
    baseline = (
        settings.closure_baseline
        if settings.closure_baseline and settings.closure_baseline <= date
        else None
    )
    force = facts.force_items()
    # Each live item's status on the meeting date, worked out once.
    status = {r.id: timeline.status_on(r, date) for r in force if facts.exists(r, date)}

    def as_item(rec: Recommendation) -> Item:
        hide = rec.restricted and not restricted
        return Item(
            id=None if hide else rec.id,
            type=rec.type,
            label=rec.type.label if hide else rec.reference or rec.type.label,
            title=None if hide else rec.title,
            text=None if hide else rec.text.strip(),
            level=rec.level,
            status=status.get(rec.id) or timeline.status_on(rec, date),
            owner=None if hide else rec.owner,
            due=rec.due,
            latest=None if hide else timeline.latest_update(rec, date, restricted=restricted),
            withheld=hide,
        )

    published: list[PublishedReport] = []
    for inspection in sorted(facts.inspections.values(), key=lambda i: (i.published or date, i.id)):
        if inspection.published is None or inspection.published not in window:
            continue
        items = [
            as_item(r) for r in facts.by_inspection.get(inspection.id, []) if facts.exists(r, date)
        ]
        published.append(
            PublishedReport(
                inspection=inspection,
                items=items,
                totals=dict(inspection.totals or {}),
                comments_due=_days_after(inspection.published, PCC_COMMENT_DAYS),
                counts=dict(Counter(item.type for item in items)),
            )
        )

    def fieldwork_key(i: Inspection) -> tuple[dt.date, str]:
        return (i.fieldwork_start or date, i.id)

    activity = sorted(
        (
            i
            for i in facts.inspections.values()
            if i.fieldwork_start and i.fieldwork_start in window
        ),
        key=fieldwork_key,
    )
    forthcoming = sorted(
        (i for i in facts.inspections.values() if i.fieldwork_start and i.fieldwork_start > date),
        key=fieldwork_key,
    )

    closed_groups: dict[str, list[Item]] = {}
    for rec in force:
        if facts.closed[rec.id] in window:
            closed_groups.setdefault(rec.inspection, []).append(as_item(rec))
    closed = [
        ReportGroup(iid, _title(facts, iid), items)
        for iid, items in sorted(closed_groups.items(), key=lambda kv: _title(facts, kv[0]))
    ]

    live = [r for r in force if r.id in status]
    with_open_items = {r.inspection for r in live if status[r.id] in OPEN_STATUSES}
    peel: list[PeelProgress] = []
    for inspection in sorted(facts.inspections.values(), key=lambda i: (i.published or date, i.id)):
        if inspection.type is InspectionType.PEEL and inspection.id in with_open_items:
            peel.append(PeelProgress(inspection, inspection_progress(facts, inspection.id, date)))

    change_window = Window(window.start, date) if previous is not None else None
    closures = closure_table(facts, Window(baseline, date), change_window or Window(baseline, date))

    red = [as_item(r) for r in live if status[r.id] is Status.RED]
    overdue = [
        as_item(r)
        for r in live
        if r.due is not None and r.due < date and status[r.id] in OPEN_STATUSES
    ]
    added = sum(1 for r in force if facts.raised[r.id] in window)

    narrative = {k: v for k, v in (meeting.narrative or {}).items() if v and v.strip()}
    return Paper(
        settings=settings,
        meeting=meeting,
        window=window,
        previous=previous,
        baseline=baseline,
        restricted=restricted,
        open=open_counts(facts, date),
        added=added,
        peel=peel,
        closures=closures,
        published=published,
        reports_with_items=sum(1 for p in published if p.items),
        activity=activity,
        forthcoming=forthcoming,
        closed=closed,
        red=red,
        overdue=overdue,
        narrative=narrative,
        empty_sections=[k for k, v in (meeting.narrative or {}).items() if not (v and v.strip())],
        unknown_sections=[k for k in (meeting.narrative or {}) if k not in NARRATIVE_SECTIONS],
    )


def _title(facts: Facts, inspection_id: str) -> str:
    inspection = facts.inspections.get(inspection_id)
    return inspection.title if inspection else inspection_id

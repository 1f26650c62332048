"""Pure: everything the paper shows for one meeting, computed from the records as they
stood on its date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic

from jacreport.paper.counts import (
    ClosureTable,
    OpenCounts,
    ProgressRow,
    TrackerTotals,
    closure_table,
    inspection_progress,
    open_counts,
    tracker_totals,
)
from jacreport.paper.facts import (
    PCC_COMMENT_DAYS,
    F,
    Facts,
    Window,
    days_after,
    previous_meeting,
    window_of,
)
from jacreport.records import timeline
from jacreport.records.models import (
    OPEN_STATUSES,
    Inspection,
    InspectionType,
    ItemType,
    Meeting,
    Settings,
    Status,
    Update,
)
from jacreport.records.values import BUILTIN_SECTIONS, NARRATIVE_SECTIONS, day_of


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
    returned: list[Item]
    narrative: dict[str, str] = field(default_factory=dict)
    draft: str = ""  # "DRAFT: N records failed validation", when rendered anyway
    level_definitions: bool = True
    sections: list[str] = field(default_factory=lambda: list(BUILTIN_SECTIONS))
    titles: dict[str, str] = field(default_factory=dict)
    tracker: TrackerTotals | None = None  # the whole tracker's totals, when asked for
    empty_sections: list[str] = field(default_factory=list)
    unknown_sections: list[str] = field(default_factory=list)


@dataclass
class _Meeting(Generic[F]):
    """What building one meeting's paper needs at hand: its date and window, each live
    item's status on that date (worked out once), and whether restricted items show."""

    facts: Facts[F, Inspection]
    date: dt.date
    window: Window
    restricted: bool
    status: dict[str, Status]

    def item(self, finding: F) -> Item:
        rec = self.facts.full(finding)  # the whole record, for the few items printed
        hide = rec.restricted and not self.restricted
        return Item(
            id=None if hide else rec.id,
            type=rec.type,
            label=rec.type.label if hide else rec.reference or rec.type.label,
            title=None if hide else rec.title,
            text=None if hide else rec.text.strip(),
            level=rec.level,
            status=self.status.get(rec.id) or timeline.status_on(rec, self.date),
            owner=None if hide else rec.owner,
            due=rec.due,
            latest=None
            if hide
            else timeline.latest_update(rec, self.date, restricted=self.restricted),
            withheld=hide,
        )

    def shown(self, inspection: Inspection) -> Inspection:
        """The inspection as this paper may show it: a restricted one withheld."""
        if not inspection.restricted or self.restricted:
            return inspection
        return inspection.model_copy(
            update={
                "title": "A restricted report (details withheld)",
                "summary": None,
                "grades": None,
                "url": None,
            }
        )

    def title(self, inspection_id: str) -> str:
        """An inspection's title as this paper may show it."""
        inspection = self.facts.inspections.get(inspection_id)
        return self.shown(inspection).title if inspection else inspection_id

    def by_publication(self) -> list[Inspection]:
        return sorted(
            (self.shown(i) for i in self.facts.inspections.values()),
            key=lambda i: (i.published or self.date, i.id),
        )

    def published(self) -> list[PublishedReport]:
        """Reports published in the window, with the items each gave the force."""
        out: list[PublishedReport] = []
        for inspection in self.by_publication():
            if inspection.published is None or inspection.published not in self.window:
                continue
            items = [
                self.item(r)
                for r in self.facts.by_inspection.get(inspection.id, [])
                if self.facts.exists(r, self.date)
            ]
            out.append(
                PublishedReport(
                    inspection=inspection,
                    items=items,
                    totals=dict(inspection.totals or {}),
                    comments_due=days_after(inspection.published, PCC_COMMENT_DAYS),
                    counts=dict(Counter(item.type for item in items)),
                )
            )
        return out

    def fieldwork(self, when: Window | None) -> list[Inspection]:
        """Inspections whose fieldwork started in `when`, or after the date when None."""
        started = [self.shown(i) for i in self.facts.inspections.values() if i.fieldwork_start]

        def day(i: Inspection) -> dt.date:
            return day_of(i.fieldwork_start) if i.fieldwork_start else self.date

        chosen = [i for i in started if (day(i) in when if when else day(i) > self.date)]
        return sorted(chosen, key=lambda i: (day(i), i.id))

    def closed(self) -> list[ReportGroup]:
        """Items closed in the window, grouped by report, reports by title."""
        groups: dict[str, list[Item]] = {}
        for rec in self.facts.force_items():
            if self.facts.closed_as_of(rec, self.date) in self.window:
                groups.setdefault(rec.inspection, []).append(self.item(rec))
        return [
            ReportGroup(iid, self.title(iid), items)
            for iid, items in sorted(groups.items(), key=lambda kv: self.title(kv[0]))
        ]

    def returned(self) -> list[Item]:
        """Items HMICFRS returned in the window (open again on the date), each with the
        update that returned it as its latest."""
        out = []
        for rec in self.facts.force_items():
            if not self.facts.exists(rec, self.date):
                continue
            if timeline.returned_in(rec, self.window.start, self.date) is None:
                continue
            item = self.item(rec)
            back = timeline.returned_in(self.facts.full(rec), self.window.start, self.date)
            shown = item.latest if item.withheld or not isinstance(back, Update) else back
            out.append(dataclasses.replace(item, latest=shown))
        return out

    def peel(self, live: list[F]) -> list[PeelProgress]:
        """PEEL inspections with open items: received against submitted."""
        with_open = {r.inspection for r in live if self.status[r.id] in OPEN_STATUSES}
        return [
            PeelProgress(i, inspection_progress(self.facts, i.id, self.date))
            for i in self.by_publication()
            if i.type is InspectionType.PEEL and i.id in with_open
        ]


def paper(
    settings: Settings,
    meeting: Meeting,
    meetings: Iterable[dt.date],
    facts: Facts[F, Inspection],
    *,
    restricted: bool = False,
) -> Paper:
    """The paper for `meeting`, with every number computed as the records stood on its date."""
    date = meeting.date
    window = window_of(meeting, meetings, settings.closure_baseline)
    previous = previous_meeting(meetings, date)
    base = settings.closure_baseline
    baseline = base if base and base <= date else None
    force = facts.force_items()
    status = {r.id: timeline.status_on(r, date) for r in force if facts.exists(r, date)}
    at = _Meeting(facts, date, window, restricted, status)
    live = [r for r in force if r.id in status]
    change_window = Window(window.start, date) if previous is not None else None
    published = at.published()
    narrative = meeting.narrative or {}
    sections = _sections(settings, meeting)
    return Paper(
        settings=settings,
        meeting=meeting,
        window=window,
        previous=previous,
        baseline=baseline,
        restricted=restricted,
        open=open_counts(facts, date),
        added=sum(1 for r in force if facts.raised[r.id] in window),
        peel=at.peel(live),
        closures=closure_table(
            facts, Window(baseline, date), change_window or Window(baseline, date)
        ),
        published=published,
        reports_with_items=sum(1 for p in published if p.items),
        activity=at.fieldwork(window),
        forthcoming=at.fieldwork(None),
        closed=at.closed(),
        red=[at.item(r) for r in live if status[r.id] is Status.RED],
        returned=at.returned(),
        overdue=[
            at.item(r)
            for r in live
            if r.due is not None and r.due < date and status[r.id] in OPEN_STATUSES
        ],
        narrative={k: v for k, v in narrative.items() if v and v.strip()},
        level_definitions=_shape(settings, meeting, "level_definitions", default=True),
        sections=sections,
        titles=_titles(settings, meeting, sections),
        tracker=tracker_totals(facts, window)
        if _shape(settings, meeting, "tracker_totals", default=False)
        else None,
        empty_sections=[k for k, v in narrative.items() if not (v and v.strip())],
        unknown_sections=[
            k for k in narrative if k not in NARRATIVE_SECTIONS and k not in sections
        ],
    )


def _sections(settings: Settings, meeting: Meeting) -> list[str]:
    """The sections to print, in order: the meeting's, else the force's, else the usual."""
    for shape in (meeting.paper, settings.paper):
        if shape is not None and shape.sections:
            return list(dict.fromkeys(shape.sections))
    return list(BUILTIN_SECTIONS)


def _titles(settings: Settings, meeting: Meeting, sections: list[str]) -> dict[str, str]:
    """Each custom section's heading: the meeting's title, else the force's, else its key
    in words (`joint_inspection` is "Joint inspection")."""
    titles = {}
    for key in sections:
        if key in BUILTIN_SECTIONS:
            continue
        found = [s.titles.get(key) for s in (meeting.paper, settings.paper) if s and s.titles]
        titles[key] = next((t for t in found if t), key.replace("_", " ").capitalize())
    return titles


def _shape(settings: Settings, meeting: Meeting, name: str, *, default: bool) -> bool:
    """One setting of the paper's shape: the meeting's, else the force's, else `default`."""
    for shape in (meeting.paper, settings.paper):
        value = getattr(shape, name, None) if shape is not None else None
        if value is not None:
            return bool(value)
    return default

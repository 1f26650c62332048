"""Pure: what the site shows, as the records stood on one date: headline numbers, the
trend of open items at every meeting, closures per meeting window, what falls due and
what is overdue, and a page for every finding and inspection. Restricted findings and
notes are left out unless asked for; the numbers count them, as the paper's do."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from jacreport.paper.counts import (
    ClosureTable,
    OpenCounts,
    ProgressRow,
    closure_table,
    inspection_progress,
    open_counts,
)
from jacreport.paper.facts import PCC_COMMENT_DAYS, Facts, days_after, meeting_window
from jacreport.records import timeline
from jacreport.records.models import (
    OPEN_STATUSES,
    Inspection,
    Meeting,
    Recommendation,
    Settings,
    Status,
    Update,
)
from jacreport.records.query import id_sort_key

# "Falling due" on the index: open items due within this many days.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Finding:
    """One finding as it stood on the site's date."""

    record: Recommendation
    status: Status
    updates: list[Update]
    closed: dt.date | None
    overdue: bool
    page: str  # its page, relative to the site's top

    @property
    def latest(self) -> Update | None:
        return self.updates[-1] if self.updates else None


@dataclass(frozen=True)
class InspectionPage:
    """An inspection with its findings (those the site may show), received against
    submitted, and its page."""

    inspection: Inspection
    findings: list[Finding]
    progress: list[ProgressRow]
    page: str


@dataclass(frozen=True)
class TrendPoint:
    """Open items by RAG on one meeting date."""

    date: dt.date
    red: int
    amber: int
    green: int

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green


@dataclass
class Site:
    """Everything the site's pages show."""

    settings: Settings
    as_of: dt.date
    restricted: bool
    headline: OpenCounts
    trend: list[TrendPoint]
    closures: list[tuple[Meeting, ClosureTable]]
    due_soon: list[Finding]
    overdue: list[Finding]
    awaiting_comments: list[tuple[Inspection, dt.date]]
    findings: list[Finding]
    inspections: list[InspectionPage]
    owners: dict[str, list[Finding]] = field(default_factory=dict)
    portfolios: dict[str, list[Finding]] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)


# Names Windows keeps for devices, whatever the extension.
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(10)),
    *(f"LPT{n}" for n in range(10)),
}


def page_name(text: str) -> str:
    """A file name safe on every system and in a URL, from an id."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "-", text)
    return (f"{stem}-page" if stem.upper() in _RESERVED else stem) + ".html"


def _finding(
    rec: Recommendation, facts: Facts[Recommendation, Inspection], on: dt.date, restricted: bool
) -> Finding:
    updates = [u for u in rec.updates if u.date <= on and (restricted or not u.restricted)]
    closed = facts.closed_as_of(rec, on)
    status = timeline.status_on(rec, on)
    return Finding(
        record=rec,
        status=status,
        updates=updates,
        closed=closed if closed is not None and closed <= on else None,
        overdue=status in OPEN_STATUSES and rec.due is not None and rec.due < on,
        page=f"findings/{page_name(rec.id)}",
    )


def build(
    settings: Settings,
    meetings: Mapping[dt.date, Meeting],
    facts: Facts[Recommendation, Inspection],
    as_of: dt.date,
    *,
    restricted: bool = False,
) -> Site:
    """The site as the records stood on `as_of`."""
    shown = [
        _finding(rec, facts, as_of, restricted)
        for rec in facts.items
        if facts.exists(rec, as_of) and (restricted or not rec.restricted)
    ]
    by_inspection: dict[str, list[Finding]] = {}
    for finding in shown:
        by_inspection.setdefault(finding.record.inspection, []).append(finding)
    past = sorted(d for d in meetings if d <= as_of)
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    open_now = [f for f in shown if f.status in OPEN_STATUSES]
    return Site(
        settings=settings,
        as_of=as_of,
        restricted=restricted,
        headline=open_counts(facts, as_of),
        trend=[_trend_point(facts, day) for day in past],
        closures=[
            (meetings[day], closure_table(facts, meeting_window(past, day, None))) for day in past
        ],
        due_soon=sorted(
            (f for f in open_now if f.record.due and as_of <= f.record.due <= soon),
            key=lambda f: (f.record.due, id_sort_key(f.record.id)),
        ),
        overdue=sorted(
            (f for f in open_now if f.overdue),
            key=lambda f: (f.record.due, id_sort_key(f.record.id)),
        ),
        awaiting_comments=[
            (i, due)
            for i, due in _awaiting_comments(facts, as_of)
            if restricted or not i.restricted
        ],
        findings=shown,
        inspections=[
            InspectionPage(
                inspection,
                by_inspection.get(inspection.id, []),
                inspection_progress(facts, inspection.id, as_of),
                f"inspections/{page_name(inspection.id)}",
            )
            for inspection in sorted(facts.inspections.values(), key=lambda i: i.id)
            if (inspection.published is None or inspection.published <= as_of)
            and (restricted or not inspection.restricted)
        ],
        owners=_grouped(shown, lambda f: f.record.owner),
        portfolios=_grouped(shown, lambda f: f.record.portfolio),
        meetings=[meetings[day] for day in past],
    )


def _trend_point(facts: Facts[Recommendation, Inspection], day: dt.date) -> TrendPoint:
    counts = open_counts(facts, day)
    return TrendPoint(
        day,
        counts.by_status[Status.RED],
        counts.by_status[Status.AMBER],
        counts.by_status[Status.GREEN],
    )


def _awaiting_comments(
    facts: Facts[Recommendation, Inspection], on: dt.date
) -> list[tuple[Inspection, dt.date]]:
    """Reports published, whose PCC comments are not yet due (56 days from publication)."""
    out = []
    for inspection in sorted(facts.inspections.values(), key=lambda i: (i.published or on, i.id)):
        if inspection.published is None or inspection.published > on:
            continue
        due = days_after(inspection.published, PCC_COMMENT_DAYS)
        if due >= on:
            out.append((inspection, due))
    return out


def _grouped(
    findings: list[Finding], key: Callable[[Finding], str | None]
) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(key(finding) or "(none)", []).append(finding)
    return dict(sorted(groups.items(), key=lambda kv: kv[0].casefold()))

"""The use cases: find and load the records, then query, change or report on them; never print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from jacreport.errors import JacError, Problem, Refused, UsageError
from jacreport.paper import counts
from jacreport.paper import facts as paper_facts
from jacreport.paper.counts import TrackerTotals as TrackerTotals
from jacreport.records import briefs, messages, paths, query, store, timeline
from jacreport.records.briefs import Brief, InspectionBrief
from jacreport.records.briefs import Listed as Listed
from jacreport.records.query import Filter as Filter  # the list options, for the CLI
from jacreport.records.query import Row as Row
from jacreport.records.store import Records as Records
from jacreport.records.values import iso_date, normal_id
from jacreport.records.values import today as today  # the commands' clock

# The commands that list, show one finding and count answer from the index; pydantic and
# the paper are imported only by the commands that build records.
if TYPE_CHECKING:
    from jacreport.paper import paper as papers
    from jacreport.paper.paper import Paper as Paper
    from jacreport.records.models import Inspection, Meeting, Recommendation


def when_indexing(tell: Callable[[int], None] | None) -> None:
    """Have `tell` told how many files a command is about to read into the index when
    they are many (a first run), so the command line can say why it takes a while."""
    from jacreport.records import refresh

    refresh.on_large_refresh = tell


def open_records(records_dir: Path | None, *, use_cache: bool = True) -> Records:
    """The records folder found in SPEC's order, its index refreshed (only changed files
    parsed again)."""
    return store.load(paths.find_root(records_dir), use_cache=use_cache)


@dataclass(frozen=True)
class CheckResult:
    """What `jac check` found."""

    records: Records

    @property
    def problems(self) -> list[Problem]:
        """Every problem, sorted by file and line."""
        return self.records.problems

    @property
    def ok(self) -> bool:
        """True when the records are valid."""
        return not self.records.problems


def check(records_dir: Path | None, *, use_cache: bool = True) -> CheckResult:
    """Validate every record and every rule between records."""
    return CheckResult(open_records(records_dir, use_cache=use_cache))


def row_json(row: Row) -> dict[str, object]:
    """One listed finding as JSON data (list and export share it)."""
    return query.as_json(row)


def summary(records: Records) -> str:
    """`ok: 20 inspections, 178 findings, 6 meetings` (counted in the index)."""
    inspections, findings, meetings = (
        len(records.index.ids(sub))
        for sub in (paths.INSPECTIONS, paths.RECOMMENDATIONS, paths.MEETINGS)
    )
    return f"ok: {inspections} inspections, {findings} findings, {meetings} meetings"


def save_output(path: Path, data: bytes) -> None:
    """Write a rendered paper or export atomically; a bad path is a usage error."""
    from jacreport.records.write import write_output

    write_output(path, data)


def completion_names(sub: str, incomplete: str) -> list[str]:
    """Record names (ids, meeting dates) in one records sub-folder that start with
    `incomplete`, from file names only, for shell completion; nothing when there is no
    records folder (completion never fails or prints)."""
    try:
        folder = paths.find_root() / sub
    except JacError:
        return []
    if not folder.is_dir() or folder.is_symlink():
        return []
    wanted = incomplete.upper()
    return sorted(
        path.stem for path in paths.record_files(folder) if path.stem.upper().startswith(wanted)
    )


def list_items(records: Records, flt: query.Filter) -> list[query.Row]:
    """The findings matching the filter, as they stood on its date, as validated records."""
    if flt.inspection is not None:
        inspection_id(records, flt.inspection)
    return query.select(records.recommendations.values(), records.inspections, flt, today())


def list_rows(records: Records, flt: query.Filter) -> list[Listed]:
    """The findings matching the filter, as they stood on its date, from the index: what
    `list_items` finds, without building a record."""
    if flt.inspection is not None:
        inspection_id(records, flt.inspection)
    rows = briefs.listing(records.index, flt, flt.as_of or today())
    rows.sort(key=lambda row: query.id_sort_key(row.id))
    return rows


def rows_json(records: Records, rows: list[Listed], as_of: dt.date | None) -> list[dict[str, Any]]:
    """Listed findings in SPEC's JSON shape (see `row_json`): every field as it stood on
    the date, the status then, and whether overdue."""
    found = briefs.data_of(records.index, [row.path for row in rows])
    out = []
    for row in rows:
        data = found[row.path]
        if as_of is not None:
            data = _as_it_stood(data, as_of)
        data["status"] = row.status.value
        data["overdue"] = row.overdue
        out.append(data)
    return out


def _as_it_stood(data: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """A finding's JSON as it stood on `as_of` (see `timeline.as_it_stood`)."""
    from jacreport.records import rebuild

    record = timeline.as_it_stood(rebuild.build_recommendation(data), as_of)
    return record.model_dump(mode="json")


@dataclass(frozen=True)
class Shown:
    """One finding, as its JSON data (as it stood on the date), with what `jac show`
    prints beside it."""

    record: dict[str, Any]
    inspection_title: str | None
    path: str


@dataclass(frozen=True)
class ShownInspection:
    """An inspection with its findings and each one's status on the date."""

    inspection: Inspection
    findings: list[Listed]
    json: list[dict[str, Any]]  # the findings' every field as they stood, for --format json
    path: str


@dataclass(frozen=True)
class ShownMeeting:
    """A meeting with its reporting window."""

    meeting: Meeting
    window: paper_facts.Window


def show(
    records: Records, wanted: str, as_of: dt.date | None = None
) -> Shown | ShownInspection | ShownMeeting:
    """One finding (`rec-95` is REC-095), inspection (any case) or meeting (its date) in
    full, as it stood on `as_of` (default today); or a usage error suggesting near ids."""
    record_id = normal_id(wanted)
    finding = records.index.data(paths.RECOMMENDATIONS, record_id) or records.index.data(
        paths.RECOMMENDATIONS,
        wanted.strip().upper(),  # REC-00003 as written, in a big folder
    )
    if finding is not None:  # one finding costs one row, never the folder
        relative, data = finding
        inspection = records.index.data(paths.INSPECTIONS, data["inspection"])
        return Shown(
            _as_it_stood(data, as_of) if as_of else data,
            inspection[1]["title"] if inspection else None,
            paths.display_path(records.root / relative),
        )
    inspections = records.index.ids(paths.INSPECTIONS)
    found = next((i for i in inspections if i.upper() == wanted.upper()), None)
    if found is not None:
        relative, data = records.index.data(paths.INSPECTIONS, found) or ("", {})
        rows = list_rows(records, query.Filter(inspection=found, as_of=as_of))
        return ShownInspection(
            _inspection(data),
            rows,
            rows_json(records, rows, as_of),
            paths.display_path(records.root / relative),
        )
    try:
        day = iso_date(wanted)
    except ValueError:
        day = None
    if day is not None and day in records.meetings:
        window = paper_facts.window_of(records.meetings[day], records.meetings, baseline(records))
        return ShownMeeting(records.meetings[day], window)
    _refuse_if_broken(records, f"{record_id.upper()}{paths.RECORD_SUFFIX}")
    known = [*records.index.ids(paths.RECOMMENDATIONS), *inspections]
    raise UsageError(messages.unknown("record", wanted, dict.fromkeys(known)))


def _inspection(data: dict[str, Any]) -> Inspection:
    from jacreport.records import rebuild

    return rebuild.build_inspection(data)


def _refuse_if_broken(records: Records, file_name: str) -> None:
    """When the file asked for is there but failed to load, its problems, not "no record"."""
    found = [p for p in records.problems if PurePosixPath(p.path).name == file_name]
    if found:
        raise Refused(
            f"{found[0].path} did not load; fix it first", details=[str(p) for p in found]
        )


# --- counts and the paper ----------------------------------------------------------------------


def facts(records: Records) -> paper_facts.Facts[Recommendation, Inspection]:
    """Each finding's as-of facts, worked out once per command, over validated records."""
    return paper_facts.Facts(
        records.recommendations.values(), records.inspections, full=lambda rec: rec
    )


def brief_facts(records: Records) -> paper_facts.Facts[Brief, InspectionBrief]:
    """Each finding's as-of facts from the index, for counting: no record is built."""
    index = records.index
    return paper_facts.Facts(records.briefs, briefs.inspections(index), full=briefs.full(index))


def _meeting_date(records: Records, date: dt.date) -> list[dt.date]:
    """The meetings' dates, when there is one on `date`; else a usage error (see `meeting`)."""
    dates = briefs.meeting_dates(records.index)
    if date not in dates:
        meeting(records, date)
    return dates


def meeting(records: Records, date: dt.date) -> Meeting:
    """A meeting record, or a usage error listing the meetings there are."""
    found = records.meetings.get(date)
    if found is None:
        _refuse_if_broken(records, f"{date.isoformat()}{paths.RECORD_SUFFIX}")
        known = ", ".join(d.isoformat() for d in sorted(records.meetings)) or "none yet"
        raise UsageError(f"no meeting on {date.isoformat()} (meetings: {known})")
    return found


def baseline(records: Records) -> dt.date | None:
    """The closure baseline from the settings, if any."""
    return briefs.baseline(records.index)


def count_closures(
    records: Records,
    since: dt.date | None = None,
    until: dt.date | None = None,
    meeting_date: dt.date | None = None,
) -> counts.ClosureTable:
    """Closures by type and level; with a meeting, up to it and with the change since the
    previous meeting (all of it when there is none)."""
    start = since if since is not None else baseline(records)
    if meeting_date is not None:
        dates = _meeting_date(records, meeting_date)
        window = paper_facts.meeting_window(dates, meeting_date, baseline(records))
        return counts.closure_table(
            brief_facts(records),
            paper_facts.Window(start, meeting_date),
            paper_facts.Window(window.start, meeting_date),
        )
    end = until or today()
    if start is not None and start > end:
        raise UsageError(f"--since {start} is after --until {end}")
    return counts.closure_table(brief_facts(records), paper_facts.Window(start, end))


def count_open(records: Records, until: dt.date | None = None) -> tuple[counts.OpenCounts, int]:
    """Open items by type and RAG status on a date (default today), and how many of the
    force's items were added in the meeting window that ends on it (as the paper says)."""
    date = until or today()
    known = brief_facts(records)
    dates = briefs.meeting_dates(records.index)
    window = paper_facts.meeting_window(dates, date, baseline(records))
    added = sum(1 for rec in known.force_items() if known.raised[rec.id] in window)
    return counts.open_counts(known, date), added


def count_all(records: Records, until: dt.date | None = None) -> counts.TrackerTotals:
    """The whole tracker on a date (default today), items for other bodies included."""
    date = until or today()
    dates = briefs.meeting_dates(records.index)
    window = paper_facts.meeting_window(dates, date, baseline(records))
    return counts.tracker_totals(brief_facts(records), window)


def inspection_id(records: Records, wanted: str) -> str:
    """An inspection's id as the records write it (`peel-2023` is `PEEL-2023`)."""
    known = records.index.ids(paths.INSPECTIONS)
    if wanted in known:
        return wanted
    found = next((i for i in known if i.upper() == wanted.upper()), None)
    if found is None:
        raise UsageError(messages.unknown("inspection", wanted, dict.fromkeys(known)))
    return found


def count_inspection(
    records: Records, wanted: str, until: dt.date | None = None
) -> list[counts.ProgressRow]:
    """One inspection's items received against submitted for closure, on a date."""
    found = inspection_id(records, wanted)
    return counts.inspection_progress(brief_facts(records), found, until or today())


def build_paper(
    records: Records,
    date: dt.date,
    *,
    restricted: bool = False,
    known: paper_facts.Facts[Any, Inspection] | None = None,
) -> papers.Paper:
    """The paper for the meeting on `date` (`known`: the facts, when already worked out;
    else the counts come from the index and only the items printed are built)."""
    from jacreport.paper import paper as papers

    found = meeting(records, date)
    if records.settings is None:
        raise Refused("the settings (jac.yaml) do not load; run `jac check`")
    if known is None:
        index = records.index
        known = paper_facts.Facts(records.briefs, records.inspections, full=briefs.full(index))
    return papers.paper(records.settings, found, records.meetings, known, restricted=restricted)


def paper_of_record(
    records: Records, date: dt.date, *, restricted: bool = False, draft: bool = False
) -> papers.Paper:
    """The paper for a meeting, never silently short: refused when any record fails
    `jac check`, unless a draft, which then says so on every page."""
    failed = len({p.path for p in records.problems})
    if failed and not draft:
        raise Refused(
            f"{failed} record file{'s' if failed != 1 else ''} fail `jac check`, so the paper "
            "would be short; fix them, or render with --draft",
            details=[str(p) for p in records.problems],
        )
    paper = build_paper(records, date, restricted=restricted)
    if failed:
        paper.draft = f"DRAFT: {failed} record{'s' if failed != 1 else ''} failed validation"
    return paper


def meeting_windows(records: Records) -> list[tuple[Meeting, paper_facts.Window]]:
    """Every meeting with its reporting window, oldest first."""
    return [
        (records.meetings[d], paper_facts.meeting_window(records.meetings, d, baseline(records)))
        for d in sorted(records.meetings)
    ]

"""The index's rows as light findings, and the questions `jac list` asks of it in SQL.

A `Brief` holds what the as-of rules and the counts read of a finding (see
`timeline.Finding`), its status-bearing updates only, so counting never builds the records;
a command builds the validated record of just the findings it prints (`full`). No pydantic
here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jacreport.records.index import Index
from jacreport.records.paths import INSPECTIONS, MEETINGS
from jacreport.records.timeline import INITIAL_STATUS
from jacreport.records.values import OPEN_STATUSES, AddressedTo, ItemType, Status

if TYPE_CHECKING:
    from jacreport.records.models import Recommendation
    from jacreport.records.query import Filter


@dataclass(frozen=True, slots=True)
class BriefStep:
    """A status-bearing update: its date and the status it set."""

    date: dt.date
    status: Status


# A status-bearing update in the index's `steps` column: its date and one letter.
STEP = 11
STEP_CODES = {status.value: status.value[0] for status in Status}
_STATUS_OF_CODE = {status.value[0]: status for status in Status}
assert len(_STATUS_OF_CODE) == len(Status), "each status needs its own first letter here"


class Brief:
    """A finding as the index holds it: what the as-of rules and the counts read. Its
    status-bearing updates are read from their compact column when first asked for."""

    __slots__ = (
        "_steps",
        "_updates",
        "addressed_to",
        "due",
        "first_done",
        "first_update",
        "id",
        "inspection",
        "level",
        "path",
        "raised",
        "restricted",
        "status",
        "type",
    )

    def __init__(
        self,
        row: tuple[Any, ...],
        day: Callable[[str | None], dt.date | None],
    ):
        (
            self.path,
            self.id,
            kind,
            status,
            self.level,
            due,
            raised,
            self.inspection,
            to,
            restricted,
            first_update,
            first_done,
            self._steps,
        ) = row
        self.type: ItemType = _TYPES[kind]
        self.status: Status = _STATUSES[status]
        self.addressed_to: AddressedTo = _ADDRESSEES[to]
        self.restricted = bool(restricted)
        self.due, self.raised = day(due), day(raised)
        self.first_update, self.first_done = day(first_update), day(first_done)
        self._updates: tuple[BriefStep, ...] | None = None

    @property
    def updates(self) -> tuple[BriefStep, ...]:
        """The status-bearing updates, in file order."""
        if self._updates is None:
            text: str = self._steps or ""
            self._updates = tuple(
                _step(text[start : start + STEP]) for start in range(0, len(text), STEP)
            )
        return self._updates


_TYPES = {t.value: t for t in ItemType}
_STATUSES = {s.value: s for s in Status}
_ADDRESSEES = {a.value: a for a in AddressedTo}
_STEPS: dict[str, BriefStep] = {}


def _step(text: str) -> BriefStep:
    """A step from its 11 characters (shared: a folder has far fewer distinct steps)."""
    found = _STEPS.get(text)
    if found is None:
        found = _STEPS[text] = BriefStep(
            dt.date.fromisoformat(text[:10]), _STATUS_OF_CODE[text[10]]
        )
    return found


@dataclass(frozen=True, slots=True)
class InspectionBrief:
    """An inspection as the counts read it."""

    id: str
    published: dt.date | None


# The loaded findings, the first file of a duplicated id only.
LIVE = "f.sub = 'recommendations' AND f.loaded = 1 AND f.shadowed = 0"


class Dates:
    """ISO dates parsed once each (a folder has far fewer days than dates)."""

    def __init__(self) -> None:
        self.known: dict[str, dt.date] = {}

    def __call__(self, text: str | None) -> dt.date | None:
        if text is None:
            return None
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = dt.date.fromisoformat(text)
        return found


def findings(index: Index) -> list[Brief]:
    """Every loaded finding as a `Brief`, in file order."""
    day = Dates()
    return [
        Brief(row, day)
        for row in index.query(
            "SELECT path, id, type, status, level, due, raised, inspection, addressed_to, "
            f"restricted, first_update, first_done, steps FROM files f WHERE {LIVE} ORDER BY path"
        )
    ]


def inspections(index: Index) -> dict[str, InspectionBrief]:
    """Every loaded inspection's publication date, by id."""
    return {
        rid: InspectionBrief(rid, dt.date.fromisoformat(published) if published else None)
        for rid, published in index.query(
            "SELECT id, published FROM files WHERE sub = ? AND loaded = 1 "
            "AND shadowed = 0 ORDER BY path",
            (INSPECTIONS,),
        )
    }


def meeting_dates(index: Index) -> list[dt.date]:
    """The dates of the meetings that loaded."""
    return [dt.date.fromisoformat(day) for day in index.ids(MEETINGS)]


def baseline(index: Index) -> dt.date | None:
    """The closure baseline from the settings, if any."""
    settings = index.settings_data() or {}
    found = settings.get("closure_baseline")
    return dt.date.fromisoformat(found) if found else None


def full(index: Index) -> Callable[[Brief], Recommendation]:
    """The validated record of a brief, built from its JSON (for the few a paper prints)."""

    def record(brief: Brief) -> Recommendation:
        from jacreport.records import rebuild

        found = index.query("SELECT data FROM bodies WHERE path = ?", (brief.path,))
        return rebuild.build_recommendation(json.loads(found[0][0]))

    return record


@dataclass(frozen=True)
class Listed:
    """A finding as `jac list` prints it: its row's columns and its status on the date."""

    id: str
    status: Status
    overdue: bool
    level: int | None
    due: str | None
    owner: str | None
    title: str
    path: str


# A finding's status on :day (`timeline.status_on`): its latest status-bearing update on
# or before the day, in file order; amber before the first; its `status` when it has none.
# On or after its last step's date (today, mostly), that is the last step's status.
STATUS_ON = f"""CASE
    WHEN f.last_step IS NULL THEN f.status
    WHEN :day >= f.last_step THEN f.last_status
    ELSE COALESCE(
        (SELECT s.status FROM steps s WHERE s.path = f.path AND s.date <= :day
         ORDER BY s.seq DESC LIMIT 1),
        '{INITIAL_STATUS.value}')
    END"""

# Whether it existed on :day (`timeline.exists_on`): raised, else published, else first update.
EXISTS_ON = "COALESCE(f.raised, i.published, f.first_update, '') <= :day"


def listing(index: Index, flt: Filter, day: dt.date) -> list[Listed]:
    """The findings matching `flt` as they stood on `day`, in file order: what
    `query.select` answers from validated records, asked of the index."""
    where = [LIVE, EXISTS_ON]
    params: dict[str, Any] = {"day": day.isoformat()}
    for name, value in (
        ("type", flt.type),
        ("level", flt.level),
        ("addressed_to", flt.addressed_to),
    ):
        if value is not None:
            where.append(f"f.{name} = :{name}")
            params[name] = value
    wanted = set(flt.statuses) if flt.statuses else None
    if flt.open or flt.overdue or flt.due_within is not None:
        wanted = (wanted or set(Status)) & OPEN_STATUSES
    if wanted is not None:  # the rest are checked again in Python; this only sends fewer
        marks = ", ".join(f"'{status.value}'" for status in sorted(wanted))
        where.append(f"now IN ({marks})")
    rows = index.query(
        f"SELECT f.id, {STATUS_ON} AS now, f.level, f.due, f.owner, f.portfolio, f.title, "
        "f.inspection, f.path FROM files f LEFT JOIN files i ON i.sub = 'inspections' "
        "AND i.id = f.inspection AND i.loaded = 1 AND i.shadowed = 0 "
        f"WHERE {' AND '.join(where)} ORDER BY f.path",
        params,
    )
    return [found for row in rows if (found := _listed(row, flt, day)) is not None]


def _listed(row: tuple[Any, ...], flt: Filter, day: dt.date) -> Listed | None:
    """One row through the filters SQL does not hold (Python's case rules, the dates)."""
    rid, status_text, level, due, owner, portfolio, title, inspection, path = row
    status = Status(status_text)
    if flt.inspection is not None and inspection.upper() != flt.inspection.upper():
        return None
    if flt.owner is not None and flt.owner.casefold() not in (owner or "").casefold():
        return None
    if flt.portfolio is not None and flt.portfolio.casefold() not in (portfolio or "").casefold():
        return None
    if (flt.statuses and status not in flt.statuses) or (flt.open and not status.is_open):
        return None
    overdue = due is not None and due < day.isoformat() and status.is_open
    if flt.overdue and not overdue:
        return None
    if flt.due_within is not None and not (
        status.is_open
        and due is not None
        and day <= dt.date.fromisoformat(due) <= day + dt.timedelta(days=flt.due_within)
    ):
        return None
    return Listed(rid, status, overdue, level, due, owner, title, path)


def data_of(index: Index, paths: list[str]) -> dict[str, dict[str, Any]]:
    """The records' JSON (as validated) by relative path."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(paths), 500):
        part = paths[start : start + 500]
        marks = ",".join("?" * len(part))
        for path, data in index.query(
            f"SELECT path, data FROM bodies WHERE path IN ({marks})", part
        ):
            found[path] = json.loads(data)
    return found

"""Pydantic models and enums for jac's records: data only, no I/O, nothing else of ours imported."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

# The value sets live in `values` (no pydantic there, so the command line starts fast).
from jacreport.records.values import (
    DONE_STATUSES,
    LABELS,
    OPEN_STATUSES,
    PREFIXES,
    TYPE_BY_PREFIX,
    AddressedTo,
    InspectionType,
    ItemType,
    Month,
    Status,
    day_or_month,
    iso_date,
)

__all__ = [
    "DONE_STATUSES",
    "LABELS",
    "OPEN_STATUSES",
    "PREFIXES",
    "TYPE_BY_PREFIX",
    "AddressedTo",
    "InspectionType",
    "ItemType",
    "Status",
]


RECOMMENDATION_ID = re.compile(r"^(REC|COC|AFI)-[0-9]{3,}$")
INSPECTION_ID = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


def _to_date(value: object) -> object:
    """Accept a YAML date or an ISO `YYYY-MM-DD` string; refuse times and timestamps."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value.isoformat()!r} has a time; write the date only, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return iso_date(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")


def _one_line(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if "\n" in value.strip():
        raise ValueError("must be one line")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Date = Annotated[dt.date, BeforeValidator(_to_date)]


def _to_day_or_month(value: object) -> dt.date | Month:
    """A date, or a month alone (`2023-09`) where only the month is known."""
    if isinstance(value, Month):
        return value
    if isinstance(value, str):
        return day_or_month(value)
    found = _to_date(value)
    assert isinstance(found, dt.date)
    return found


DayOrMonth = Annotated[
    dt.date | Month,
    PlainValidator(_to_day_or_month),
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"}),
]
Line = Annotated[str, AfterValidator(_one_line)]
Text = Annotated[str, AfterValidator(_not_blank)]
Level = Annotated[int, Field(ge=1, le=4, strict=True)]


class Record(BaseModel):
    """Common configuration: unknown fields are errors, values are immutable."""

    # Each model builds its validator when first used: a command that parses one edited
    # finding does not pay for the other kinds of record (issue 20).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True
    )


class PaperShape(Record):
    """`paper:` in jac.yaml (the force's default) or a meeting (that meeting only): the
    parts of the paper that vary from committee to committee."""

    # The sections to print, in order: purpose, findings, published, activity, closed,
    # outstanding, closing, or a key of one's own (printed as its title and narrative).
    sections: list[Line] | None = None
    titles: dict[str, Line] | None = None  # the heading of each custom section
    level_definitions: bool | None = None  # print the HMICFRS level definitions (default yes)
    tracker_totals: bool | None = None  # state the whole tracker's totals (default no)


class Settings(Record):
    """`jac.yaml`: the settings of one records folder."""

    force: Line
    short_name: Line | None = None
    committee: Line = "Joint Audit Committee"
    # The protective marking printed on every page (a restricted paper is OFFICIAL-SENSITIVE).
    marking: Line = "OFFICIAL"
    closure_baseline: Date | None = None
    templates: str | None = None
    paper: PaperShape | None = None
    extra: dict[str, Any] | None = None


class Update(Record):
    """One dated entry of a finding's progress log."""

    date: Date
    note: Text
    status: Status | None = None
    by: Line | None = None
    restricted: bool = False


class Closure(Record):
    """How and when the force closed or submitted a finding."""

    date: Date
    evidence: Line | None = None
    note: str | None = None
    confirmed: Date | None = None


class Recommendation(Record):
    """A recommendation, cause of concern or area for improvement."""

    id: Annotated[str, Field(pattern=RECOMMENDATION_ID.pattern)]
    type: ItemType
    title: Line
    text: Text
    inspection: str
    reference: Line | None = None
    hmicfrs_ref: Line | None = None
    part_of: str | None = None
    addressed_to: AddressedTo = AddressedTo.FORCE
    raised: Date | None = None
    due: Date | None = None
    owner: Line | None = None
    portfolio: Line | None = None
    level: Level | None = None
    status: Status
    restricted: bool = False
    updates: list[Update] = Field(default_factory=list)
    closure: Closure | None = None
    extra: dict[str, Any] | None = None

    @property
    def first_update(self) -> dt.date | None:
        """The date of its first update: when it reached the force, failing anything else."""
        return self.updates[0].date if self.updates else None

    @property
    def first_done(self) -> dt.date | None:
        """Its first move to submitted or closed (see `timeline.closed_on`)."""
        from jacreport.records.timeline import closed_on

        return closed_on(self)


class Inspection(Record):
    """One inspection, or one published report."""

    id: Annotated[str, Field(pattern=INSPECTION_ID.pattern)]
    title: Line
    type: InspectionType
    fieldwork_start: DayOrMonth | None = None  # a date, or a month alone: 2023-09
    fieldwork_end: DayOrMonth | None = None
    hot_debrief: Date | None = None
    published: Date | None = None
    grades: dict[str, str] | None = None
    totals: dict[ItemType, Annotated[int, Field(ge=0, strict=True)]] | None = None
    summary: str | None = None
    url: Line | None = None
    # Never named in a public paper or site: its title, summary, grades and link withheld.
    restricted: bool = False
    extra: dict[str, Any] | None = None


class Contact(Record):
    """The contact officer named at the foot of the paper."""

    name: Line
    title: Line | None = None


DEFAULT_MEETING_TITLE = "HMICFRS Update"
DEFAULT_COMMITTEE_ASKED = "The Committee is asked to note the contents of the report."


class Meeting(Record):
    """One committee meeting: the paper's own words."""

    date: Date
    # Where this meeting's window starts (its first day), when not the day after the
    # previous meeting: for a force's first meeting in jac.
    window_start: Date | None = None
    paper: PaperShape | None = None
    agenda_item: Line | None = None
    title: Line = DEFAULT_MEETING_TITLE
    purpose: str | None = None
    narrative: dict[str, str | None] | None = None
    committee_asked: str = DEFAULT_COMMITTEE_ASKED
    contact: Contact | None = None
    background_documents: list[str] | None = None
    extra: dict[str, Any] | None = None


# The order of fields in SPEC, used wherever a record is written or listed.
RECOMMENDATION_FIELDS = tuple(Recommendation.model_fields)
INSPECTION_FIELDS = tuple(Inspection.model_fields)

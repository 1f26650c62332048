"""The value sets of jac's records: statuses, types, addressees, inspection types (stdlib only)."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def iso_date(text: str) -> dt.date:
    """A `YYYY-MM-DD` date and nothing else (not `20240101`, not `2024-W01-1`, which
    Python's own parser accepts); ValueError when it is not one, or no such day."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: no such day") from None


class Status(StrEnum):
    """A finding's status: the force's RAG rating while open, then submitted or closed."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    SUBMITTED = "submitted"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        """Red, amber and green are open; submitted and closed are not."""
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset({Status.RED, Status.AMBER, Status.GREEN})
DONE_STATUSES = frozenset({Status.SUBMITTED, Status.CLOSED})


class ItemType(StrEnum):
    """The three kinds of HMICFRS finding."""

    RECOMMENDATION = "recommendation"
    CAUSE_OF_CONCERN = "cause-of-concern"
    AREA_FOR_IMPROVEMENT = "area-for-improvement"

    @property
    def prefix(self) -> str:
        """The id prefix of this type, e.g. `REC`."""
        return PREFIXES[self]

    @property
    def label(self) -> str:
        """The name the papers use, e.g. `Area for improvement`."""
        return LABELS[self]


PREFIXES = {
    ItemType.RECOMMENDATION: "REC",
    ItemType.CAUSE_OF_CONCERN: "COC",
    ItemType.AREA_FOR_IMPROVEMENT: "AFI",
}
LABELS = {
    ItemType.RECOMMENDATION: "Recommendation",
    ItemType.CAUSE_OF_CONCERN: "Cause of concern",
    ItemType.AREA_FOR_IMPROVEMENT: "Area for improvement",
}
TYPE_BY_PREFIX = {prefix: item_type for item_type, prefix in PREFIXES.items()}


class AddressedTo(StrEnum):
    """Who a finding is addressed to; the paper's counts cover the force's only."""

    FORCE = "force"
    NPCC = "npcc"
    IOPC = "iopc"
    HOME_OFFICE = "home-office"
    COLLEGE_OF_POLICING = "college-of-policing"
    OTHER = "other"


class InspectionType(StrEnum):
    """The kind of inspection or report."""

    PEEL = "peel"
    THEMATIC = "thematic"
    JOINT = "joint"
    REVISIT = "revisit"
    REGIONAL = "regional"
    NATIONAL = "national"
    OTHER = "other"


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

"""The value sets of jac's records: statuses, types, addressees, inspection types (stdlib only)."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
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


def today() -> dt.date:
    """Today's date; `JAC_TODAY=YYYY-MM-DD` fixes it (for reproducing a run, and for tests)."""
    fixed = os.environ.get("JAC_TODAY")
    if fixed:
        try:
            return iso_date(fixed)
        except ValueError:
            from jacreport.errors import UsageError

            raise UsageError(f"JAC_TODAY={fixed!r} is not a date; use YYYY-MM-DD") from None
    return dt.date.today()


@dataclass(frozen=True, order=True)
class Month:
    """A date known only to the month (fieldwork "in September 2023")."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """`2023-09`; ValueError for anything else."""
        if not _MONTH.fullmatch(text) or not 1 <= int(text[5:]) <= 12:
            raise ValueError(f"{text!r} is not a month; write it as YYYY-MM")
        return cls(int(text[:4]), int(text[5:]))

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}", re.ASCII)


def day_or_month(text: str) -> dt.date | Month:
    """`2023-09-11` or, where only the month is known, `2023-09`; ValueError otherwise."""
    text = text.strip()
    return Month.parse(text) if len(text) == 7 else iso_date(text)


def day_of(value: dt.date | Month) -> dt.date:
    """A date, or a month's first day, for comparing and sorting."""
    return value.first_day() if isinstance(value, Month) else value


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
# Each type's names in the papers: in lists, in closure tables, and one and many in counts.
NAMES = {
    ItemType.RECOMMENDATION: (
        "Recommendation", "Recommendation", "Recommendation", "Recommendations"
    ),
    ItemType.CAUSE_OF_CONCERN: (
        "Cause of concern", "Cause of concern", "Cause of Concern", "Causes of Concern"
    ),
    ItemType.AREA_FOR_IMPROVEMENT: (
        "Area for improvement", "AFI", "Area for Improvement", "Areas for Improvement"
    ),
}  # fmt: skip
LABELS = {item_type: names[0] for item_type, names in NAMES.items()}
SHORT_LABELS = {item_type: names[1] for item_type, names in NAMES.items()}
PLURALS = {item_type: (names[2], names[3]) for item_type, names in NAMES.items()}
# The papers' closure tables list AFIs before recommendations (causes of concern close
# through theirs); their open-items tables list causes of concern first. Every count and
# paper uses the same order for the same table.
TYPE_ORDER = (ItemType.AREA_FOR_IMPROVEMENT, ItemType.RECOMMENDATION, ItemType.CAUSE_OF_CONCERN)
OPEN_ORDER = (ItemType.CAUSE_OF_CONCERN, ItemType.RECOMMENDATION, ItemType.AREA_FOR_IMPROVEMENT)
# What `--type` takes: the long names, the id prefixes and a few words people use.
TYPE_WORDS = {
    **{t.value: t for t in ItemType},
    **{prefix.lower(): t for t, prefix in PREFIXES.items()},
    "recommendations": ItemType.RECOMMENDATION,
    "coc": ItemType.CAUSE_OF_CONCERN,
    "afi": ItemType.AREA_FOR_IMPROVEMENT,
}
_ID = re.compile(r"(REC|COC|AFI)[\s_-]*0*([0-9]{1,9})", re.IGNORECASE | re.ASCII)


def parse_type(text: str) -> ItemType:
    """A finding type from the command line: `recommendation`, `REC`, `afi`, ..."""
    found = TYPE_WORDS.get(text.strip().lower())
    if found is None:
        raise ValueError(
            f"{text!r} is not a type (rec, coc, afi, or {', '.join(t.value for t in ItemType)})"
        )
    return found


def normal_id(text: str) -> str:
    """A finding id as the records write it: `rec-95`, `REC95` and `REC-095` are `REC-095`;
    anything else is returned as it was given (to be refused or suggested for)."""
    match = _ID.fullmatch(text.strip())
    if match is None:
        return text
    return f"{match.group(1).upper()}-{int(match.group(2)):03d}"


STATUS_ORDER = (Status.RED, Status.AMBER, Status.GREEN)
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


# The paper's own sections, in their usual order (SPEC: "Papers of any shape").
BUILTIN_SECTIONS = (
    "purpose",
    "findings",
    "published",
    "activity",
    "closed",
    "outstanding",
    "closing",
)

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

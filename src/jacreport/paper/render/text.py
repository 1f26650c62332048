"""Words and numbers as the papers write them, shared by every format; the context templates get."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from jacreport.paper.facts import plural
from jacreport.records.values import (
    NARRATIVE_SECTIONS,
    OPEN_ORDER,
    PLURALS,
    ItemType,
    Month,
    Status,
)

if TYPE_CHECKING:  # `jac count` formats its cells here without building a paper
    from jacreport.paper.paper import Paper
from jacreport.words import md_cell, md_escape

LEVEL_DEFINITIONS = [
    (1, "Closed and archived by HMICFRS.", None),
    (
        2,
        "Forces are able to close records when they have completed the work, including "
        "uploading a letter signed by the Chief Constable.",
        None,
    ),
    (
        3,
        "Forces self-certify that the recommendation is complete, including uploading a "
        "letter signed by the Chief Constable.",
        "HMICFRS follow-up/ verification via the next relevant planned inspection.",
    ),
    (
        4,
        "No force self-certification.",
        "HMICFRS follow-up work conducted via further bespoke fieldwork, with additional "
        "support / inspection when appropriate. In most cases this will be for forces moved "
        "to the Engage status.",
    ),
]


def long_date(date: dt.date | None) -> str:
    """`27 June 2024`."""
    return f"{date.day} {date:%B %Y}" if date else ""


def ordinal(day: int) -> str:
    """`1st`, `2nd`, `14th`, `22nd`."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def ordinal_date(date: dt.date | None) -> str:
    """`14th May 2024`."""
    return f"{ordinal(date.day)} {date:%B %Y}" if date else ""


def day_month(date: dt.date | None) -> str:
    """`29th April`."""
    return f"{ordinal(date.day)} {date:%B}" if date else ""


def month_year(date: dt.date | None) -> str:
    """`August 2023`."""
    return f"{date:%B %Y}" if date else ""


def short_month_year(date: dt.date | None) -> str:
    """`Aug 2023`."""
    return f"{date:%b %Y}" if date else ""


def cell(count: int, change: int | None) -> str:
    """`N (+M)`, or plain `N` when M is 0 or not known, as the papers write counts."""
    return f"{count} (+{change})" if change else str(count)


def fieldwork(start: dt.date | Month | None, end: dt.date | Month | None) -> str:
    """`29th April – 2nd May`; a month known only as a month is its name, `September`
    (the templates add the year where the papers write it)."""

    def words(value: dt.date | Month | None) -> str:
        if isinstance(value, Month):
            return value.first_day().strftime("%B")
        return day_month(value)

    if start and end and end != start:
        return f"{words(start)} – {words(end)}"
    return words(start)


def grade_phrase(grade: str) -> str:
    """`Received an Adequate grading`."""
    article = "an" if grade[:1].lower() in "aeiou" else "a"
    return f"Received {article} {grade} grading"


def initials(name: str) -> str:
    """`Joint Audit Committee` -> `JAC`."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())


_LIST_ITEM = re.compile(r"^\s*([-*+]|[0-9]+[.)])\s+")


def paragraphs(text: str | None) -> list[str]:
    """Markdown text as its paragraphs, each on one line (for Word): a list's items are
    paragraphs of their own, marked `•` (or their number), as the text showed them."""
    if not text:
        return []
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        current: list[str] = []
        for line in block.splitlines():
            item = _LIST_ITEM.match(line)
            if item and current:
                out.append(" ".join(" ".join(current).split()))
                current = []
            if item:
                marker = "•" if item.group(1) in "-*+" else item.group(1)
                line = f"{marker} {line[item.end() :]}"
            current.append(line)
        if current and " ".join(current).strip():
            out.append(" ".join(" ".join(current).split()))
    return out


def types_sentence(counts: dict[ItemType, int]) -> str:
    """`10 x Areas for Improvement and 1 x Cause of Concern`."""
    parts = [plural(t, n) for t, n in counts.items() if n]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def plain(text: str | None) -> str:
    """Markdown emphasis and heading marks dropped, for formats that cannot show them."""
    if not text:
        return ""
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    return re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", text)


def listing(parts: list[str]) -> str:
    """`a, b and c`."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def sentences(paper: Paper, short: str, committee_short: str) -> dict[str, Any]:
    """The computed sentences of the paper, the same in every format."""
    n = paper.reports_with_items
    since = f"Since the last {committee_short}"
    if n == 0:
        reports = f"{since}, no report has been published with recommendations for {short}."
    elif n == 1:
        reports = f"{since}, there has only been one report published which resulted in recommendations for {short}."
    else:
        reports = f"{since}, {n} reports have been published which resulted in recommendations for {short}."
    o = paper.open
    open_items = (
        f"On {long_date(paper.meeting.date)} {short} had {o.total} open item{'s' if o.total != 1 else ''}: "
        f"{o.by_status[Status.RED]} red, {o.by_status[Status.AMBER]} amber and "
        f"{o.by_status[Status.GREEN]} green. {paper.added} {'was' if paper.added == 1 else 'were'} "
        f"added since the last {committee_short}."
    )
    peel = [
        {
            "intro": f"In relation to the {listing([plural(r.type, r.received) for r in p.rows])} "
            f"received during our {p.inspection.title} report we have submitted the following for "
            "closure to date;",
            "lines": [plural(r.type, r.submitted) for r in p.rows],
        }
        for p in paper.peel
    ]
    baseline = paper.baseline
    closure_intro = (
        f"Total submissions for closure{f' since {month_year(baseline)}' if baseline else ''} "
        "across all portfolios:"
    )
    closure_header = f"Closed{f' (since {short_month_year(baseline)})' if baseline else ''}"
    c = paper.closures
    closure_rows = [[r.label, cell(r.count, r.change)] for r in c.rows]
    closure_rows.append(["Total", cell(c.total, c.total_change)])
    open_rows = [
        [PLURALS[t][1], *(str(o.get(t, s)) for s in STATUSES), str(o.by_type[t])]
        for t in OPEN_ORDER
        if o.by_type[t]
    ]
    open_rows.append(["Total", *(str(o.by_status[s]) for s in STATUSES), str(o.total)])
    published = []
    for r in paper.published:
        many = len(r.items) != 1
        if r.totals and r.items:
            published.append(
                f"There were {types_sentence(r.totals)} issued within the report, however, only "
                f"{types_sentence(r.counts)} {'were' if many else 'was'} relevant for {short}."
            )
        elif r.items:
            published.append(f"The report gave {short} {types_sentence(r.counts)}.")
        elif r.totals:
            published.append(
                f"There were {types_sentence(r.totals)} issued within the report, none of them for {short}."
            )
        else:
            published.append("There were no recommendations specific to policing from this report.")
    return {
        "reports_sentence": reports,
        "published_sentences": published,
        "open_sentence": open_items,
        "peel_progress": peel,
        "closure_intro": closure_intro,
        "closure_header": closure_header,
        "closure_rows": closure_rows,
        "open_rows": open_rows,
    }


STATUSES = (Status.RED, Status.AMBER, Status.GREEN)


def context(paper: Paper) -> dict[str, Any]:
    """What every template receives: the paper, and the words it needs."""
    settings = paper.settings
    committee = settings.committee
    short = settings.short_name or settings.force
    committee_short = initials(committee) or "committee"
    return {
        **sentences(paper, short, committee_short),
        "paper": paper,
        "settings": settings,
        "meeting": paper.meeting,
        "force": settings.force,
        "marking": ("OFFICIAL-SENSITIVE" if paper.restricted else settings.marking)
        + (f" – {paper.draft}" if paper.draft else ""),
        "draft": paper.draft,
        "short": short,
        "committee": committee,
        "committee_short": committee_short,
        # Every narrative key reaches the templates, a custom section's included.
        "narrative": {
            **{name: "" for name in (*NARRATIVE_SECTIONS, *paper.sections)},
            **paper.narrative,
        },
        "sections": paper.sections,
        "titles": paper.titles,
        "levels": LEVEL_DEFINITIONS,
        "Status": Status,
        "ItemType": ItemType,
        "PLURALS": PLURALS,
    }


_ISO_IN_TEXT = re.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b")


def prose(text: str | None) -> str:
    """Text for the paper's prose with its ISO dates in words (`2023-10-31` becomes
    `31 October 2023`), as the papers write them; a string that is no date is kept."""

    def in_words(match: re.Match[str]) -> str:
        try:
            return long_date(dt.date(*(int(part) for part in match.groups())))
        except ValueError:
            return match.group(0)

    return _ISO_IN_TEXT.sub(in_words, text or "")


FILTERS = {
    "long_date": long_date,
    "prose": prose,
    "ordinal_date": ordinal_date,
    "day_month": day_month,
    "month_year": month_year,
    "short_month_year": short_month_year,
    "fieldwork": fieldwork,
    "grade_phrase": grade_phrase,
    "paragraphs": paragraphs,
    "md": md_escape,
    "md_cell": md_cell,
    "plain": plain,
    "pairs": lambda mapping: list((mapping or {}).items()),
    "types_sentence": types_sentence,
    "plural": lambda count, item_type: plural(item_type, count),
    "roman": lambda n: (
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]
        if 1 <= n <= 10
        else str(n)
    ),
    "letter": lambda n: "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26],
}
GLOBALS = {"cell": cell, "plural": plural}

"""The paper as one self-contained, print-friendly HTML file."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

from jacreport.paper.paper import Paper
from jacreport.paper.render.jinja import render_template
from jacreport.paper.render.text import context

TEMPLATE = "paper.html.j2"


def markdown(text: str | None) -> Markup:
    """The officer's Markdown as HTML, with raw HTML in it disabled (shown as text)."""
    if not text:
        return Markup("")
    # markdown-it escapes all text and drops raw HTML, so its output is safe to mark up.
    return Markup(_parser().render(text))


@functools.cache
def _parser() -> MarkdownIt:
    """One Markdown parser, made once (making one costs more than rendering a note)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def render(paper: Paper, overrides: Sequence[Path]) -> bytes:
    """The HTML paper: autoescaped record text, Markdown narrative, embedded CSS."""
    ctx = context(paper)
    ctx["markdown"] = markdown
    ctx["chart"] = closures_chart(paper)
    ctx["chart_size"] = {"label": CHART_LABEL, "bars": CHART_BARS, "row": CHART_ROW}
    return render_template(TEMPLATE, overrides, ctx, autoescape=True).encode("utf-8")


# The closures chart's geometry, in SVG user units: label column, bar area, row height.
CHART_LABEL, CHART_BARS, CHART_ROW = 150, 300, 22


def closures_chart(paper: Paper) -> list[dict[str, object]]:
    """Bars for the "closures by level" figure, drawn as inline SVG: label, count, change,
    and each bar's place (`y`) and lengths in user units (the same numbers as the table)."""
    rows = paper.closures.rows
    top = max((row.count for row in rows), default=0) or 1
    return [
        {
            "label": row.label,
            "count": row.count,
            "change": row.change or 0,
            "y": index * CHART_ROW,
            "width": round(CHART_BARS * row.count / top, 1),
            "new_width": round(CHART_BARS * (row.change or 0) / top, 1),
        }
        for index, row in enumerate(rows)
    ]

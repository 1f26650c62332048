"""The paper as one self-contained, print-friendly HTML file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup

from jacreport.paper.paper import Paper
from jacreport.paper.render.jinja import render_template
from jacreport.paper.render.text import context

TEMPLATE = "paper.html.j2"


def markdown(text: str | None) -> Markup:
    """The officer's Markdown as HTML, with raw HTML in it disabled (shown as text)."""
    from markdown_it import MarkdownIt

    if not text:
        return Markup("")
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    # markdown-it escapes all text and drops raw HTML, so its output is safe to mark up.
    return Markup(md.render(text))


def render(paper: Paper, overrides: Sequence[Path]) -> bytes:
    """The HTML paper: autoescaped record text, Markdown narrative, embedded CSS."""
    ctx = context(paper)
    ctx["markdown"] = markdown
    ctx["chart"] = closures_chart(paper)
    return render_template(TEMPLATE, overrides, ctx, autoescape=True).encode("utf-8")


def closures_chart(paper: Paper) -> list[dict[str, object]]:
    """Bars for the "closures by level" figure: label, count, change, and width in percent."""
    rows = paper.closures.rows
    top = max((row.count for row in rows), default=0) or 1
    return [
        {
            "label": row.label,
            "count": row.count,
            "change": row.change or 0,
            "width": round(100 * row.count / top, 1),
            "new_width": round(100 * (row.change or 0) / top, 1),
        }
        for row in rows
    ]

"""The site as files: every page rendered from the templates in `templates/site/`, in the
same sandbox as the paper, with relative links only; the same records and date give the
same bytes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from jacreport.errors import JacError
from jacreport.paper.render.html import markdown
from jacreport.paper.render.jinja import environment, refusal
from jacreport.paper.render.text import long_date
from jacreport.paper.site import Site, TrendPoint
from jacreport.records.values import PLURALS, Status

# The trend chart's geometry, in SVG user units.
BAR, GAP, HEIGHT, LEFT = 34, 18, 180, 36


def render(
    site: Site, overrides: Sequence[Path], progress: Callable[[int], None] | None = None
) -> dict[str, bytes]:
    """Every page of the site: relative path -> bytes."""
    env = environment(overrides, autoescape=True)
    base = {
        "site": site,
        "settings": site.settings,
        "force": site.settings.force,
        "as_of": site.as_of,
        "restricted": site.restricted,
        "markdown": markdown,
        "inspections": {page.inspection.id: page for page in site.inspections},
        "Status": Status,
        "PLURALS": PLURALS,
    }
    pages: dict[str, bytes] = {}

    def page(path: str, template: str, **values: Any) -> None:
        root = "../" * path.count("/")
        pages[path] = _render(env, template, {**base, "root": root, "path": path, **values})

    page("index.html", "site/index.html.j2", chart=trend_chart(site.trend), title="Summary")
    page("findings.html", "site/findings.html.j2", title="All findings")
    page("owners.html", "site/groups.html.j2", title="Findings by owner", groups=site.owners)
    page(
        "portfolios.html",
        "site/groups.html.j2",
        title="Findings by portfolio",
        groups=site.portfolios,
    )
    page("meetings.html", "site/meetings.html.j2", title="Meetings and their papers")
    for done, finding in enumerate(site.findings):
        page(finding.page, "site/finding.html.j2", finding=finding, title=finding.record.id)
        if progress is not None:
            progress(done)
    for inspection in site.inspections:
        page(
            inspection.page,
            "site/inspection.html.j2",
            item=inspection,
            title=inspection.inspection.title,
        )
    return pages


def _render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> bytes:
    try:
        return env.get_template(name).render(**context).encode("utf-8")
    except JacError:
        raise
    except Exception as exc:  # a user's template may raise anything at all
        raise refusal(exc, name) from None


def trend_chart(points: list[TrendPoint]) -> dict[str, Any]:
    """Stacked bars of open items by RAG at each meeting, in SVG user units, with the
    words a screen reader says instead."""
    top = max((p.total for p in points), default=0) or 1
    bars = []
    for index, point in enumerate(points):
        x = LEFT + index * (BAR + GAP)
        y: float = HEIGHT
        parts = []
        for status, count in (("green", point.green), ("amber", point.amber), ("red", point.red)):
            height = round(HEIGHT * count / top, 1)
            y = round(y - height, 1)
            parts.append({"status": status, "count": count, "y": y, "height": height})
        bars.append({"x": x, "point": point, "parts": parts, "label": point.date.strftime("%b %y")})
    words = "; ".join(
        f"{long_date(p.date)}: {p.total} open ({p.red} red, {p.amber} amber, {p.green} green)"
        for p in points
    )
    return {
        "bars": bars,
        "width": LEFT + len(points) * (BAR + GAP),
        "height": HEIGHT + 40,
        "top": top,
        "bar": BAR,
        "base": HEIGHT,
        "description": words,
    }

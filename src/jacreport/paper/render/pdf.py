"""The paper as an A4 PDF, as PCCs publish it: the HTML paper printed by WeasyPrint, with
the marking and "Page N of M" from CSS paged media."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from jacreport.errors import Refused
from jacreport.paper.paper import Paper
from jacreport.paper.render import html


def render(paper: Paper, overrides: Sequence[Path]) -> bytes:
    """The HTML paper (same template, same overrides) printed to PDF."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # the package, or its Pango libraries, missing
        raise Refused(
            "--format pdf needs WeasyPrint and its Pango libraries: `pipx install '.[pdf]'` "
            "(or `pip install weasyprint`), and on Debian/Ubuntu `sudo apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0` ({exc})"
        ) from None
    page = html.render(paper, overrides)
    out = io.BytesIO()
    # No base URL: the paper is self-contained, and nothing may be fetched while printing.
    HTML(string=page.decode("utf-8"), url_fetcher=_no_fetching).write_pdf(out)
    return out.getvalue()


def _no_fetching(url: str) -> dict[str, object]:
    raise Refused(f"the paper asks for {url}; a paper is printed without fetching anything")

"""The paper as Markdown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from jacreport.paper.paper import Paper
from jacreport.paper.render.jinja import render_template
from jacreport.paper.render.text import context

TEMPLATE = "paper.md.j2"


def render(paper: Paper, overrides: Sequence[Path]) -> bytes:
    """The Markdown paper; runs of blank lines folded to one."""
    text = render_template(TEMPLATE, overrides, context(paper), autoescape=False)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text.encode("utf-8")

"""The paper as a Word document, from a .docx template a user can restyle in Word."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from jacreport.errors import Refused
from jacreport.render import search_path
from jacreport.render.text import FILTERS, GLOBALS, context
from jacreport.report import Paper

TEMPLATE = "paper.docx"


def template_path(overrides: Sequence[Path]) -> Path:
    """The first `paper.docx` on the template search path."""
    for folder in search_path(overrides):
        if (folder / TEMPLATE).is_file():
            return folder / TEMPLATE
    raise Refused(f"template {TEMPLATE} not found")


def render(paper: Paper, overrides: Sequence[Path]) -> bytes:
    """The Word paper; record text is XML-escaped by docxtpl's autoescaping."""
    import jinja2
    from docxtpl import DocxTemplate

    path = template_path(overrides)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    try:
        document = DocxTemplate(str(path))
        document.render(context(paper), jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise Refused(f"template error: {exc}", path) from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

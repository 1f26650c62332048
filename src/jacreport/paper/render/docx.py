"""The paper as a Word document, from a .docx template a user can restyle in Word."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from jacreport.errors import JacError, Refused
from jacreport.paper.paper import Paper
from jacreport.paper.render import find_template
from jacreport.paper.render.text import context

TEMPLATE = "paper.docx"


def template_path(overrides: Sequence[Path]) -> Path:
    """The first `paper.docx` on the template search path."""
    found = find_template(overrides, TEMPLATE)
    if found is None:
        raise Refused(f"template {TEMPLATE} not found")
    return found


def render(paper: Paper, overrides: Sequence[Path]) -> bytes:
    """The Word paper; record text is XML-escaped by docxtpl's autoescaping, and the
    template's Jinja runs sandboxed."""
    from docxtpl import DocxTemplate

    from jacreport.paper.render.jinja import refusal, sandboxed

    path = template_path(overrides)
    env = sandboxed(autoescape=True)
    try:
        document = DocxTemplate(str(path))
        document.render(context(paper), jinja_env=env, autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except JacError:
        raise
    except Exception as exc:  # a user's template may raise anything at all
        # The line would be one inside the document's XML, no help to whoever edits it in Word.
        error = refusal(exc, path, path)
        raise Refused(error.message, path) from None
    return out.getvalue()

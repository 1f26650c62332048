"""The paper as a Word document, from a .docx template a user can restyle in Word."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jacreport.errors import JacError, Refused
from jacreport.paper.paper import Paper
from jacreport.paper.render import find_template
from jacreport.paper.render.text import context, long_date

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
    env.filters["rich"] = rich
    try:
        document = DocxTemplate(str(path))
        document.render(context(paper), jinja_env=env, autoescape=True)
        _finish(document.docx, paper)
        out = io.BytesIO()
        document.save(out)
    except JacError:
        raise
    except Exception as exc:  # a user's template may raise anything at all
        # The line would be one inside the document's XML, no help to whoever edits it in Word.
        error = refusal(exc, path, path)
        raise Refused(error.message, path) from None
    return out.getvalue()


# RAG cells shaded as the papers shade them (dark text stays readable on each).
SHADES = {"red": "F4CCCC", "amber": "FCE5CD", "green": "D9EAD3"}


def _finish(document: Any, paper: Paper) -> None:
    """What a template cannot say: the document's properties (never a library's
    defaults), totals rows in bold, RAG cells shaded."""
    created = dt.datetime.combine(paper.meeting.date, dt.time(9, 0), tzinfo=dt.UTC)
    props = document.core_properties
    props.title = paper.meeting.title or "HMICFRS Update"
    props.subject = f"{paper.settings.committee}, {long_date(paper.meeting.date)}"
    props.author = props.last_modified_by = paper.settings.force
    props.created = props.modified = created
    props.revision = 1
    props.keywords = "HMICFRS"
    props.comments = ""
    props.category = "OFFICIAL-SENSITIVE" if paper.restricted else paper.settings.marking
    props.language = "en-GB"
    for table in document.tables:
        for row in table.rows:
            cells = row.cells
            if cells and cells[0].text.strip() == "Total":
                for cell in cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.bold = True
            for cell in cells:
                shade = SHADES.get(cell.text.strip().lower())
                if shade:
                    _shade(cell, shade)


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(fill)


# **strong**, __strong__, *emphasis* and _emphasis_ in one paragraph of Markdown.
_EMPHASIS = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1|(\*|_)(\S(?:.*?\S)?)\3")


def rich(paragraph: str) -> Any:
    """One Markdown paragraph as Word runs: bold and italic where the text has them (for
    the template's `{{r ... | rich }}`); every character escaped by docxtpl."""
    from docxtpl import RichText

    out = RichText()
    at = 0
    for match in _EMPHASIS.finditer(paragraph):
        if match.start() > at:
            out.add(paragraph[at : match.start()])
        if match.group(2) is not None:
            out.add(match.group(2), bold=True)
        else:
            out.add(match.group(4), italic=True)
        at = match.end()
    if at < len(paragraph):
        out.add(paragraph[at:])
    return out

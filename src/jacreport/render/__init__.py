"""Renderers of the paper: one module per format behind one small interface."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path

from jacreport.report import Paper


class Format(StrEnum):
    """The formats `jac render` writes."""

    MD = "md"
    HTML = "html"
    DOCX = "docx"


Renderer = Callable[[Paper, Sequence[Path]], bytes]


def renderer(fmt: Format) -> Renderer:
    """The one function that renders `fmt` (imported only when that format is asked for)."""
    if fmt is Format.MD:
        from jacreport.render.markdown import render as render_md

        return render_md
    if fmt is Format.HTML:
        from jacreport.render.html import render as render_html

        return render_html
    if fmt is Format.DOCX:
        from jacreport.render.docx import render as render_docx

        return render_docx
    raise ValueError(fmt)  # pragma: no cover - the enum is exhausted above


def builtin_templates() -> Path:
    """The folder of the built-in templates, shipped inside the package."""
    return Path(__file__).resolve().parent.parent / "templates"


def search_path(overrides: Sequence[Path]) -> list[Path]:
    """Where templates are looked up, first match wins: the overrides, then the built-ins."""
    return [*overrides, builtin_templates()]

"""Renderers of the paper: one module per format behind one small interface."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from jacreport.errors import Refused

if TYPE_CHECKING:  # the command line imports Format; the paper's models load when rendering
    from jacreport.paper.paper import Paper


class Format(StrEnum):
    """The formats `jac render` writes."""

    MD = "md"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


Renderer = Callable[["Paper", Sequence[Path]], bytes]


def renderer(fmt: Format) -> Renderer:
    """The one function that renders `fmt` (imported only when that format is asked for)."""
    if fmt is Format.MD:
        from jacreport.paper.render.markdown import render as render_md

        return render_md
    if fmt is Format.HTML:
        from jacreport.paper.render.html import render as render_html

        return render_html
    if fmt is Format.DOCX:
        from jacreport.paper.render.docx import render as render_docx

        return render_docx
    if fmt is Format.PDF:
        from jacreport.paper.render.pdf import render as render_pdf

        return render_pdf
    raise ValueError(fmt)  # pragma: no cover - the enum is exhausted above


def builtin_templates() -> Path:
    """The folder of the built-in templates: inside the installed package (the wheel
    carries them there), else the top `templates/` folder of a source checkout."""
    package = Path(__file__).resolve().parents[2]  # jacreport/
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent.parent / "templates"


def search_path(overrides: Sequence[Path]) -> list[Path]:
    """Where templates are looked up, first match wins: the overrides, then the built-ins."""
    return [*overrides, builtin_templates()]


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, symlinks resolved, lies within `folder` (symlinks resolved too)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def find_template(overrides: Sequence[Path], name: str) -> Path | None:
    """The first file called `name` on the search path; a refusal if that file leads out of
    its folder through a symlink (a template is never read from outside the folder)."""
    pieces = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    if not pieces or ".." in pieces:
        return None
    for folder in search_path(overrides):
        candidate = folder.joinpath(*pieces)
        if not (candidate.is_symlink() or candidate.exists()):
            continue
        if not inside(candidate, folder):
            raise Refused(f"template {name} leads out of {folder} (a symlink); not read", candidate)
        if candidate.is_file():
            return candidate
    return None

"""The Jinja environment shared by the text formats."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from jacreport.errors import Refused
from jacreport.render import search_path
from jacreport.render.text import FILTERS, GLOBALS


def environment(overrides: Sequence[Path], *, autoescape: bool) -> jinja2.Environment:
    """Templates from the override folders first, then the built-ins; undefined names fail."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(overrides)]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


def render_template(
    name: str, overrides: Sequence[Path], context: dict[str, object], *, autoescape: bool
) -> str:
    """One template rendered, or a refusal naming the template file and line at fault."""
    env = environment(overrides, autoescape=autoescape)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise Refused(f"template error: {exc.message}", exc.filename or name, exc.lineno) from None
    except jinja2.TemplateNotFound:
        raise Refused(
            f"template {name} not found in {', '.join(map(str, search_path(overrides)))}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise Refused(f"template {name}: {exc.message}") from None

"""The Jinja environment shared by the text formats: sandboxed, since templates may come
from a pull request."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from jacreport.errors import JacError, Refused
from jacreport.paper.render import find_template, search_path
from jacreport.paper.render.text import FILTERS, GLOBALS


class ContainedLoader(jinja2.BaseLoader):
    """Templates looked up on the search path, never through a symlink out of their folder."""

    def __init__(self, overrides: Sequence[Path]):
        self.overrides = list(overrides)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text and file name; `TemplateNotFound` when no folder has it."""
        path = find_template(self.overrides, template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Refused(f"template {template} cannot be read: {exc}", path) from None
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime


def sandboxed(**options: object) -> jinja2.Environment:
    """A sandboxed environment (no Python internals, no mutation) with our filters and globals;
    undefined names fail."""
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, **options)
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


def environment(overrides: Sequence[Path], *, autoescape: bool) -> jinja2.Environment:
    """Templates from the override folders first, then the built-ins; one environment per
    search path, so each template is compiled once per command."""
    return _environment(tuple(overrides), autoescape)


@functools.cache
def _environment(overrides: tuple[Path, ...], autoescape: bool) -> jinja2.Environment:
    return sandboxed(
        loader=ContainedLoader(overrides),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(
    name: str, overrides: Sequence[Path], context: dict[str, object], *, autoescape: bool
) -> str:
    """One template rendered, or a refusal naming the template file and line at fault."""
    env = environment(overrides, autoescape=autoescape)
    try:
        return env.get_template(name).render(**context)
    except JacError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise Refused(f"template error: {exc.message}", exc.filename or name, exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise Refused(
            f"template {exc.name} not found in {', '.join(map(str, search_path(overrides)))}"
        ) from None
    except Exception as exc:  # a user's template may raise anything at all
        raise refusal(exc, name) from None


def refusal(exc: Exception, name: str | Path, path: Path | None = None) -> Refused:
    """What went wrong while rendering a template, named by the template's file and line."""
    where, line = template_frame(exc.__traceback__)
    if isinstance(exc, SecurityError):
        what = f"not allowed in a template: {exc}"
    elif isinstance(exc, jinja2.TemplateError):
        what = exc.message or type(exc).__name__
    else:
        what = f"{type(exc).__name__}: {exc}"
    return Refused(f"template {Path(name).name}: {what}", where or path or name, line)


def template_frame(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost frame of the traceback that is a template (Jinja rewrites its frames to
    the template's file and line), or (None, None)."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<frozen"):
            found = (None if filename.startswith("<") else filename, tb.tb_lineno)
        tb = tb.tb_next
    return found

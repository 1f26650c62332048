"""What every command shares: option types, error handling, and the ways of printing."""

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from jacreport.errors import EXIT_REFUSED, JacError, Problem
from jacreport.records.values import iso_date

if TYPE_CHECKING:
    from rich.console import Console as Rich

P = ParamSpec("P")
R = TypeVar("R")


def parse_date(value: str | None, flag: str) -> dt.date | None:
    """A `YYYY-MM-DD` option value, or a usage error (exit 2) naming the flag."""
    if value is None:
        return None
    try:
        return iso_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=flag) from None


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a `JacError` into its stderr lines and exit code; never show a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if sys.stderr.isatty():  # a long first read says why it takes a while
            from jacreport import services

            services.when_indexing(_say_indexing)
        try:
            return func(*args, **kwargs)
        except JacError as exc:
            for detail in exc.details:
                typer.echo(detail, err=True)
            where = (
                f"{exc.path}:{exc.line}: "
                if exc.path and exc.line
                else f"{exc.path}: "
                if exc.path
                else ""
            )
            typer.echo(f"{where}{exc.message}" if where else f"error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # the reader stopped reading (`| head`): not an error
            _silence_stdout()
            raise typer.Exit(0) from None

    return wrapper


def _say_indexing(count: int) -> None:
    typer.echo(
        f"reading {count:,} record files into the index (.jac-cache/); "
        "later commands read only the files that change",
        err=True,
    )


def run(app: typer.Typer) -> None:
    """Run the app; an unexpected failure is one line on stderr (JAC_DEBUG=1 shows the
    traceback); a reader that stopped reading (`| head`) ends it quietly with exit 0."""
    try:
        app()
    except SystemExit:
        if not _flushed():
            sys.exit(0)
        raise
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the one place that turns a bug into a readable line
        if os.environ.get("JAC_DEBUG"):
            raise
        typer.echo(
            f"error: internal error: {type(exc).__name__}: {exc} (run with JAC_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(EXIT_REFUSED)


def _flushed() -> bool:
    """Flush stdout; False when its reader has gone (then stdout is silenced)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return False
    return True


def _silence_stdout() -> None:
    """Point stdout at the null device, so nothing left in its buffer fails at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


def warn_problems(problems: Sequence[Problem]) -> None:
    """Say on stderr that the records fail `jac check`, for commands that read them anyway."""
    if problems:
        count = len(problems)
        typer.echo(
            f"warning: the records have {count} problem{'s' if count != 1 else ''} "
            "(run `jac check`); showing what loaded",
            err=True,
        )


def echo_json(data: Any) -> None:
    """Stable JSON for scripts."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def is_terminal() -> bool:
    """Whether stdout is a terminal (rich tables and colour), rather than a pipe or file."""
    return sys.stdout.isatty()


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    title: str | None = None,
    *,
    pager: bool = True,
) -> None:
    """A rich table that fits the terminal, or plain aligned columns when piped. A table
    longer than the terminal goes through a pager ($PAGER, else less), as git's output
    does; never when piped."""
    if is_terminal():
        from rich.table import Table

        table = Table(title=title, show_lines=False, header_style="bold")
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*row)
        out = console()
        if pager and len(rows) + 6 > out.size.height:
            with out.pager(styles=not os.environ.get("NO_COLOR")):
                out.print(table)
        else:
            out.print(table)
        return
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    lines = [title] if title else []
    for row in [list(headers), *rows]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    typer.echo("\n".join(lines))


def github_annotation(kind: str, message: str, *, file: str, line: int | None) -> str:
    """A GitHub workflow command (`::error file=...,line=...::message`), escaped by GitHub's
    rules so that no file name or message can end it early or forge another command: `%`,
    CR and LF in the message; those and also `:` and `,` in a property."""
    where = f"file={_github_property(file)}" + (f",line={line}" if line else "")
    return f"::{kind} {where}::{_github_data(message)}"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


# Formats that are not text: never written to a terminal, never to stdout by default.
BINARY_FORMATS = frozenset({"docx", "xlsx", "pdf"})
STDOUT = Path("-")


def deliver(data: bytes, output: Path | None, fmt: str, default: Path, count: str = "") -> None:
    """Send a command's result where the user asked: `--output FILE` (the "wrote" line on
    stderr, so stdout holds only data), `--output -` to stdout. Without `--output`, text
    goes to stdout when it is redirected (`> paper.md`, `| head`); on a terminal, md, csv
    and json are printed and the rest written to `default`. A binary format is never sent
    to a terminal, and never silently written elsewhere when stdout was redirected."""
    from jacreport import services

    binary = fmt in BINARY_FORMATS
    terminal = is_terminal()
    if output is None and not binary and (fmt in {"md", "csv", "json"} or not terminal):
        output = STDOUT
    if output == STDOUT:
        if binary and terminal:
            raise typer.BadParameter(
                f"{fmt} is not text; give a file name (--output FILE) or redirect stdout",
                param_hint="--output",
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    if output is None and binary and not terminal:
        raise typer.BadParameter(
            f"{fmt} is not text, and stdout is redirected: give --output FILE, "
            "or --output - to send it to stdout",
            param_hint="--output",
        )
    target = output or default
    services.save_output(target, data)
    typer.echo(f"wrote {count + ' to ' if count else ''}{target}", err=True)


def complete_finding_ids(incomplete: str) -> list[str]:
    """Finding ids for TAB completion, from the file names (nothing is parsed)."""
    from jacreport import services

    return services.completion_names("recommendations", incomplete)


def complete_meeting_dates(incomplete: str) -> list[str]:
    """Meeting dates for TAB completion, from the file names in meetings/."""
    from jacreport import services

    return services.completion_names("meetings", incomplete)


def console(**options: Any) -> "Rich":
    """A rich console whose reader going away (`| head`) ends the command quietly with
    exit 0, as every other output does (rich's own choice is exit 1)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _Console(**options)


E = TypeVar("E", bound=StrEnum)


def inferred_format(output: Path | None, formats: type[E], default: E | None) -> E:
    """The format an `--output` file's extension names (`paper.docx` is docx), else the
    default; a usage error when there is neither."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if suffix == "markdown":
        suffix = "md"
    for fmt in formats:
        if fmt.value == suffix:
            return fmt
    if default is not None:
        return default
    names = ", ".join(f.value for f in formats)
    raise typer.BadParameter(
        f"give --format ({names}), or an --output file ending in one of them", param_hint="--format"
    )

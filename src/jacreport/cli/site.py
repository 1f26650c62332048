"""`jac site`: the static site for committee members and owners."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from jacreport.cli.common import handle_errors, parse_date, warn_problems
from jacreport.cli.options import RecordsOption


def register(app: typer.Typer) -> None:
    """Add the site command to the app."""
    app.command("site")(site_command)


@handle_errors
def site_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to write the site into (new, or a site jac wrote).",
        ),
    ],
    restricted: Annotated[
        bool,
        typer.Option(
            "--restricted", help="Include restricted findings and notes (not for publication)."
        ),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The records as they stood on this date (default today).",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar="DIR",
            help="A folder whose site/ templates override the built-ins.",
        ),
    ] = None,
    records: RecordsOption = None,
) -> None:
    """Write a static, self-contained site of the findings, for people who never open a
    terminal: publish the folder as it is (GitHub or GitLab Pages, a share) or open
    index.html from disk.

    index.html has the open items now, their trend at every meeting, closures per
    meeting, what falls due within 30 days and what is overdue; each finding and
    inspection has its page, with lists by owner and portfolio and every meeting's paper.
    The same records and --as-of give the same files, byte for byte.

    Example: jac site --output site/ --as-of 2024-06-27
    """
    from jacreport.services import site

    bar = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("writing finding pages", total=None)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.update(task, completed=done + 1, total=total)

    try:
        count, problems = site.build_site(
            records,
            output,
            restricted=restricted,
            as_of=parse_date(as_of, "--as-of"),
            templates=templates,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.stop()
    warn_problems(problems)
    typer.echo(f"wrote {count} pages to {output}: open {output / 'index.html'}", err=True)

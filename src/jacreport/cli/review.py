"""Commands for pull-request review: `diff` and `log`."""

from enum import StrEnum
from typing import Annotated

import typer

from jacreport.cli.common import echo_json, handle_errors
from jacreport.cli.options import RecordsOption


class DiffFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    JSON = "json"


def register(app: typer.Typer) -> None:
    """Add the review commands to the app."""
    app.command("diff")(diff_command)
    app.command("log")(log_command)


@handle_errors
def diff_command(
    base: Annotated[
        str,
        typer.Argument(metavar="BASE", help="The branch the change goes into, e.g. origin/main."),
    ],
    rev: Annotated[
        str | None,
        typer.Argument(
            metavar="REV",
            help="The changed revision (default: the working tree, uncommitted changes included).",
        ),
    ] = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", metavar="FORMAT", help="text, md or json.")
    ] = DiffFormat.TEXT,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 when a change needs attention (history rewritten, a record removed, ...), "
            "a setting, template or evidence file changed, or something could not be compared.",
        ),
    ] = False,
    records: RecordsOption = None,
) -> None:
    """Show what changed in the records, in their own terms, for pull-request review.

    Compares the merge base of BASE and REV with REV, as `git diff BASE...REV` does: what
    landed on BASE after the branch point is not shown. Nothing is checked out.

    Example: jac diff origin/main --format md
    """
    from jacreport.services import review

    result = review.diff(records, base, rev)
    for note in result.notes:
        typer.echo(f"warning: {note}", err=True)
    for problem in result.problems:
        typer.echo(f"warning: cannot compare {problem}", err=True)
    if format is DiffFormat.JSON:
        echo_json(
            {
                "base": result.base,
                "head": result.head,
                "changes": [c.as_json() for c in result.changes],
                "settings": result.settings,
                "templates": [t.as_json() for t in result.templates],
                "evidence": [e.as_json() for e in result.evidence],
            }
        )
    elif format is DiffFormat.MD:
        typer.echo(review.markdown(result))
    else:
        typer.echo(review.text(result))
    if strict and (result.attention or result.inputs_changed or result.problems):
        raise typer.Exit(1)


@handle_errors
def log_command(
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="A finding, inspection or meeting date.")
    ],
    format: Annotated[
        DiffFormat, typer.Option("--format", metavar="FORMAT", help="text, md or json.")
    ] = DiffFormat.TEXT,
    records: RecordsOption = None,
) -> None:
    """Show a record's history from git: each commit that touched it, and what it changed.

    Example: jac log REC-033
    """
    from jacreport.services import review

    history = review.log(records, record_id)
    for problem in history.problems:
        typer.echo(f"warning: cannot compare {problem}", err=True)
    entries = history.entries
    if format is DiffFormat.JSON:
        echo_json(
            [
                {
                    "commit": e.commit.id,
                    "author": e.commit.author,
                    "date": e.commit.date,
                    "message": e.commit.subject,
                    "change": e.change.as_json() if e.change else None,
                }
                for e in entries
            ]
        )
        return
    typer.echo(review.log_text(history, markdown=format is DiffFormat.MD))

"""Commands for the committee paper: `count`, `render`, `meeting new` and `meeting list`."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jacreport.cli.common import (
    complete_meeting_dates,
    deliver,
    echo_json,
    handle_errors,
    inferred_format,
    parse_date,
    print_table,
    warn_problems,
)
from jacreport.cli.options import NoCacheOption, RecordsOption
from jacreport.paper.render import Format

if TYPE_CHECKING:
    import datetime as dt

    from jacreport import services


class MeetingFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


meeting_app = typer.Typer(
    help="Scaffold and list meeting records.\n\nExample: jac meeting new 2024-09-26",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add the paper's commands to the app."""
    app.command("render")(render_command)
    app.add_typer(meeting_app, name="meeting")


@handle_errors
def render_command(
    meeting: Annotated[
        str,
        typer.Option(
            "--meeting",
            metavar="DATE",
            help="The meeting's date (its record in meetings/).",
            autocompletion=complete_meeting_dates,
        ),
    ],
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="md, html, docx or pdf (default: from --output's extension, else md).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write it; - for stdout (default: md to stdout; html and docx to "
            "jac-DATE-hmicfrs-update.EXT, or html to stdout when redirected).",
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar="DIR",
            help="A folder whose templates override the built-ins by name.",
        ),
    ] = None,
    restricted: Annotated[
        bool,
        typer.Option("--restricted", help="Name restricted items and notes (not for publication)."),
    ] = False,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Render even though some records fail `jac check`; every page says DRAFT.",
        ),
    ] = False,
    records: RecordsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Render the committee paper for a meeting, computed from the records as they stood then.

    A paper of record is never silently short: when any record fails `jac check`, render
    refuses and names the problems; --draft renders what loaded, marked DRAFT on every page.

    Example: jac render --meeting 2024-06-27 --format html --output paper.html
    """
    from jacreport import services
    from jacreport.paper.render import renderer
    from jacreport.services.templates import template_dirs

    format = format or inferred_format(output, Format, Format.MD)
    date = parse_date(meeting, "--meeting")
    assert date is not None
    recs = services.open_records(records, use_cache=not no_cache)
    warn_problems(recs.problems)
    paper = services.paper_of_record(recs, date, restricted=restricted, draft=draft)
    _warn_about(paper, date)
    overrides = template_dirs(recs, templates)
    data = renderer(format)(paper, overrides)
    default = Path(f"jac-{date.isoformat()}-hmicfrs-update.{format.value}")
    deliver(data, output, format.value, default)


def _warn_about(paper: "services.Paper", date: "dt.date") -> None:
    """What the officer should know about the paper's words and window, on stderr."""
    if paper.window.start is None:
        typer.echo(
            f"warning: the window of the meeting on {date} covers every record since the "
            "start (it is the first meeting): set `window_start: YYYY-MM-DD` in its meeting "
            "record, or `closure_baseline:` in jac.yaml",
            err=True,
        )
    for name in paper.empty_sections:
        typer.echo(f"warning: narrative section '{name}' of meeting {date} is empty", err=True)
    for name in paper.unknown_sections:
        typer.echo(
            f"warning: narrative section '{name}' of meeting {date} has no place in the paper",
            err=True,
        )


@meeting_app.command("new")
@handle_errors
def meeting_new_command(
    date: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date, YYYY-MM-DD.")],
    records: RecordsOption = None,
) -> None:
    """Scaffold the next meeting record from the previous one.

    Carries over the purpose, contact officer, agenda item and title, and leaves each
    narrative section as an empty slot, with a comment saying where it goes in the paper.

    Example: jac meeting new 2024-09-26
    """
    from jacreport.services import write

    meeting_date = parse_date(date, "DATE")
    assert meeting_date is not None
    path = write.new_meeting(records, meeting_date)
    typer.echo(f"wrote {path}: fill in its narrative, then `jac render --meeting {date}`", err=True)


@meeting_app.command("list")
@handle_errors
def meeting_list_command(
    format: Annotated[
        MeetingFormat, typer.Option("--format", metavar="FORMAT", help="table or json.")
    ] = MeetingFormat.TABLE,
    records: RecordsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List the meetings with their reporting windows.

    A meeting's window runs from the day after the previous meeting to its own date.

    Example: jac meeting list
    """
    from jacreport import services

    recs = services.open_records(records, use_cache=not no_cache)
    warn_problems(recs.problems)
    windows = services.meeting_windows(recs)
    if format is MeetingFormat.JSON:
        echo_json(
            [
                {
                    "date": m.date,
                    "agenda_item": m.agenda_item,
                    "title": m.title,
                    "window": {"since": w.start, "until": w.end},
                }
                for m, w in windows
            ]
        )
        return
    print_table(
        ["Date", "Item", "Title", "Window"],
        [
            [
                m.date.isoformat(),
                m.agenda_item or "",
                m.title,
                f"{w.start or 'beginning'} to {w.end}",
            ]
            for m, w in windows
        ],
    )

"""Commands that show one thing in full: `show` (a finding, an inspection or a meeting)
and `schema` (a kind of record file, for editors)."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jacreport.cli.common import console as rich_console
from jacreport.cli.common import (
    echo_json,
    handle_errors,
    is_terminal,
    parse_date,
    print_table,
    warn_problems,
)
from jacreport.cli.options import AsOfOpt, IdArgument, NoCacheOption, RecordsOption

if TYPE_CHECKING:
    from jacreport import services


class ShowFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def register(app: typer.Typer) -> None:
    """Add the show and schema commands to the app."""
    app.command("show")(show_command)
    app.command("schema")(schema_command)


@handle_errors
def show_command(
    record_id: IdArgument,
    format: Annotated[
        ShowFormat, typer.Option("--format", metavar="FORMAT", help="text or json.")
    ] = ShowFormat.TEXT,
    as_of: AsOfOpt = None,
    records: RecordsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show one finding in full (its fields, report, wording, updates and closure), an
    inspection (its findings, each with its status) or a meeting (its window).

    Ids are forgiving: rec-95, REC-95 and REC-095 are one id.

    Example: jac show REC-033
    Example: jac show PEEL-2023 --as-of 2024-06-27
    """
    from jacreport import services

    recs = services.open_records(records, use_cache=not no_cache)
    warn_problems(recs.problems)
    shown = services.show(recs, record_id, parse_date(as_of, "--as-of"))
    if isinstance(shown, services.ShownInspection):
        _print_inspection(shown, format)
    elif isinstance(shown, services.ShownMeeting):
        _print_meeting(shown, format)
    elif format is ShowFormat.JSON:
        data = shown.record.model_dump(mode="json")
        data["inspection_title"] = shown.inspection.title if shown.inspection else None
        echo_json(data)
    else:
        _print_record(shown)


def _print_inspection(shown: "services.ShownInspection", format: "ShowFormat") -> None:
    from jacreport import services

    inspection = shown.inspection
    if format is ShowFormat.JSON:
        data = inspection.model_dump(mode="json")
        data["findings"] = [services.row_json(row) for row in shown.findings]
        echo_json(data)
        return
    typer.echo(f"{inspection.id}  {inspection.title}")
    published = inspection.published.isoformat() if inspection.published else "not set"
    typer.echo(f"  type:         {inspection.type.value}\n  published:    {published}")
    typer.echo(f"  file:         {shown.path}\n")
    print_table(
        ["Id", "Status", "Title"],
        [
            [r.record.id, r.status.value + (" (overdue)" if r.overdue else ""), r.record.title]
            for r in shown.findings
        ],
        title=f"{len(shown.findings)} findings",
    )


def _print_meeting(shown: "services.ShownMeeting", format: "ShowFormat") -> None:
    meeting, window = shown.meeting, shown.window
    start = window.start.isoformat() if window.start else "the start of the records"
    if format is ShowFormat.JSON:
        data = meeting.model_dump(mode="json")
        data["window"] = {"start": window.start, "end": window.end}
        echo_json(data)
        return
    typer.echo(f"{meeting.date.isoformat()}  {meeting.title or 'HMICFRS Update'}")
    typer.echo(f"  window:       {start} to {window.end.isoformat()}")
    filled = [name for name, text in (meeting.narrative or {}).items() if text and text.strip()]
    typer.echo(f"  narrative:    {', '.join(filled) or 'none yet'}")


def _print_record(shown: "services.Shown") -> None:
    from rich.markup import escape

    rec = shown.record
    console = rich_console(highlight=False, soft_wrap=not is_terminal())
    console.print(f"[bold]{rec.id}[/bold]  {escape(rec.title)}")
    report = shown.inspection.title if shown.inspection else "(unknown inspection)"
    label = rec.type.label + (f" ({escape(rec.reference)})" if rec.reference else "")
    console.print(f"{label}, from {escape(report)} [{rec.inspection}]")
    fields = [
        ("status", _status_markup(rec.status.value)),
        ("level", str(rec.level) if rec.level else None),
        ("addressed to", rec.addressed_to.value),
        ("raised", rec.raised.isoformat() if rec.raised else None),
        ("due", rec.due.isoformat() if rec.due else None),
        ("owner", escape(rec.owner) if rec.owner else None),
        ("portfolio", escape(rec.portfolio) if rec.portfolio else None),
        ("part of", rec.part_of),
        ("HMICFRS ref", escape(rec.hmicfrs_ref) if rec.hmicfrs_ref else None),
        ("restricted", "yes" if rec.restricted else None),
        ("file", escape(shown.path)),
    ]
    for name, value in fields:
        if value:
            console.print(f"  {name + ':':<14}{value}")
    console.print()
    console.print(escape(rec.text.strip()))
    if rec.updates:
        console.print()
        console.print("[bold]Updates[/bold]")
        for update in rec.updates:
            head = update.date.isoformat()
            if update.status:
                head += "  " + _status_markup(update.status.value)
            if update.by:
                head += f"  by {escape(update.by)}"
            if update.restricted:
                head += "  (restricted)"
            console.print(f"  {head}")
            for line in update.note.strip().splitlines():
                console.print(f"      {escape(line)}")
    if rec.closure:
        c = rec.closure
        console.print()
        console.print("[bold]Closure[/bold]")
        console.print(f"  date:         {c.date}")
        if c.confirmed:
            console.print(f"  confirmed:    {c.confirmed}")
        if c.evidence:
            console.print(f"  evidence:     {escape(c.evidence)}")
        if c.note:
            console.print(f"  note:         {escape(c.note.strip())}")
    if rec.extra:
        console.print()
        console.print("[bold]Extra[/bold]")
        for key, value in rec.extra.items():
            console.print(f"  {escape(str(key))}: {escape(str(value))}")


def _status_markup(status: str) -> str:
    colour = {"red": "red", "amber": "yellow", "green": "green"}.get(status)
    return f"[{colour}]{status}[/{colour}]" if colour else status


@handle_errors
def schema_command(
    kind: Annotated[
        str,
        typer.Argument(metavar="KIND", help="recommendation, inspection, meeting or settings."),
    ],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a kind of record file, so an editor (VS Code
    with the YAML extension, say) checks and completes records as they are typed.

    `jac init` points VS Code at these schemas; to do it by hand, save one and add
    `# yaml-language-server: $schema=recommendation.schema.json` at the top of a record.

    Example: jac schema recommendation > recommendation.schema.json
    """
    from jacreport import services

    echo_json(services.schema(kind))

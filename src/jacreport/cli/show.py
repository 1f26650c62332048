"""Commands that show one thing in full: `show` (a finding, an inspection or a meeting)
and `schema` (a kind of record file, for editors)."""

import os
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jacreport.cli.common import (
    echo_json,
    handle_errors,
    is_terminal,
    parse_date,
    print_table,
    warn_problems,
)
from jacreport.cli.options import AsOfOpt, IdArgument, NoCacheOption, RecordsOption
from jacreport.records.values import LABELS, ItemType

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
        echo_json({**shown.record, "inspection_title": shown.inspection_title})
    else:
        _print_record(shown)


def _print_inspection(shown: "services.ShownInspection", format: "ShowFormat") -> None:
    inspection = shown.inspection
    if format is ShowFormat.JSON:
        data = inspection.model_dump(mode="json")
        data["findings"] = shown.json
        echo_json(data)
        return
    typer.echo(f"{inspection.id}  {inspection.title}")
    published = inspection.published.isoformat() if inspection.published else "not set"
    typer.echo(f"  type:         {inspection.type.value}\n  published:    {published}")
    typer.echo(f"  file:         {shown.path}\n")
    print_table(
        ["Id", "Status", "Title"],
        [
            [r.id, r.status.value + (" (overdue)" if r.overdue else ""), r.title]
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
    """One finding in full, as `jac show` prints it (plain text; colour on a terminal)."""
    rec = shown.record
    colour = is_terminal() and not os.environ.get("NO_COLOR")

    def bold(text: str) -> str:
        return typer.style(text, bold=True) if colour else text

    def status(value: str) -> str:
        shade = {"red": "red", "amber": "yellow", "green": "green"}.get(value)
        return typer.style(value, fg=shade) if colour and shade else value

    lines = [f"{bold(rec['id'])}  {rec['title']}"]
    report = shown.inspection_title or "(unknown inspection)"
    label = LABELS[ItemType(rec["type"])] + (f" ({rec['reference']})" if rec["reference"] else "")
    lines.append(f"{label}, from {report} [{rec['inspection']}]")
    fields = [
        ("status", status(rec["status"])),
        ("level", str(rec["level"]) if rec["level"] else None),
        ("addressed to", rec["addressed_to"]),
        ("raised", rec["raised"]),
        ("due", rec["due"]),
        ("owner", rec["owner"]),
        ("portfolio", rec["portfolio"]),
        ("part of", rec["part_of"]),
        ("HMICFRS ref", rec["hmicfrs_ref"]),
        ("restricted", "yes" if rec["restricted"] else None),
        ("file", shown.path),
    ]
    lines += [f"  {name + ':':<14}{value}" for name, value in fields if value]
    lines += ["", rec["text"].strip()]
    if rec["updates"]:
        lines += ["", bold("Updates")]
        for update in rec["updates"]:
            head = update["date"]
            if update["status"]:
                head += "  " + status(update["status"])
            if update["by"]:
                head += f"  by {update['by']}"
            if update["restricted"]:
                head += "  (restricted)"
            lines.append(f"  {head}")
            lines += [f"      {line}" for line in update["note"].strip().splitlines()]
    closure = rec["closure"]
    if closure:
        lines += ["", bold("Closure"), f"  date:         {closure['date']}"]
        for name in ("confirmed", "evidence", "note"):
            if closure[name]:
                lines.append(f"  {name + ':':<14}{str(closure[name]).strip()}")
    if rec["extra"]:
        lines += ["", bold("Extra")]
        lines += [f"  {key}: {value}" for key, value in rec["extra"].items()]
    typer.echo("\n".join(lines), color=colour)


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
    from jacreport.services.schema import schema

    echo_json(schema(kind))

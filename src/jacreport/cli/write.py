"""Commands that change records: `init`, `add`, `update`, `close`."""

from pathlib import Path
from typing import Annotated

import typer

from jacreport.cli.common import handle_errors, parse_date
from jacreport.cli.editor import note_from_editor, record_editor
from jacreport.cli.options import (
    AddressedToNewOpt,
    ByOpt,
    DueOpt,
    HmicfrsRefOpt,
    IdArgument,
    InspectionArg,
    LeadOpt,
    NewLevelOpt,
    PartOfOpt,
    RagOpt,
    RaisedOpt,
    RecordArgument,
    RecordsOption,
    ReferenceOpt,
    RestrictedOpt,
    TextOpt,
    ThemeOpt,
    TitleOpt,
)
from jacreport.records.values import InspectionType, ItemType, Status, parse_type


def _rag(value: str | None, flag: str) -> Status | None:
    if value is None:
        return None
    try:
        status = Status(value.strip().lower())
    except ValueError:
        status = None
    if status is None or not status.is_open:
        raise typer.BadParameter(f"{value!r} is not one of red, amber, green", param_hint=flag)
    return status


add_app = typer.Typer(
    help="Add a finding or an inspection.\n\nExample: jac add recommendation --inspection PEEL-2023 --title ... --text ...",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add the commands that change records to the app."""
    app.command("init")(init_command)
    app.add_typer(add_app, name="add")
    app.command("update")(update_command)
    app.command("close")(close_command)
    app.command("remove")(remove_command)
    app.command("edit")(edit_command)


@handle_errors
def init_command(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Where to start it.")] = Path(
        "records"
    ),
    force_name: Annotated[
        str, typer.Option("--force-name", metavar="NAME", help="e.g. 'West Midlands Police'.")
    ] = ...,  # type: ignore[assignment]
    short_name: Annotated[
        str | None, typer.Option("--short-name", metavar="NAME", help="e.g. WMP.")
    ] = None,
    closure_baseline: Annotated[
        str | None,
        typer.Option(
            "--closure-baseline",
            metavar="DATE",
            help="Date closure counts start from by default (YYYY-MM-DD).",
        ),
    ] = None,
) -> None:
    """Start a records folder for a force; an existing one is refused.

    Example: jac init records --force-name "West Midlands Police" --short-name WMP
    """
    from jacreport.services import write

    baseline = parse_date(closure_baseline, "--closure-baseline")
    made = write.init(folder, force_name, short_name, baseline)
    typer.echo(f"started {made}: add an inspection with `jac add inspection`")


def _item_command(item_type: ItemType) -> None:
    label = item_type.label.lower()

    @handle_errors
    def command(
        inspection: InspectionArg,
        title: TitleOpt,
        text: TextOpt,
        status: RagOpt = "amber",
        reference: ReferenceOpt = None,
        hmicfrs_ref: HmicfrsRefOpt = None,
        part_of: PartOfOpt = None,
        addressed_to: AddressedToNewOpt = None,
        raised: RaisedOpt = None,
        due: DueOpt = None,
        owner: LeadOpt = None,
        portfolio: ThemeOpt = None,
        level: NewLevelOpt = None,
        by: ByOpt = None,
        restricted: RestrictedOpt = False,
        records: RecordsOption = None,
    ) -> None:
        from jacreport.services import write

        new = write.NewItem(
            type=item_type,
            inspection=inspection,
            title=title,
            text=text,
            status=_rag(status, "--status") or Status.AMBER,
            reference=reference,
            hmicfrs_ref=hmicfrs_ref,
            part_of=part_of,
            addressed_to=addressed_to,
            raised=parse_date(raised, "--raised"),
            due=parse_date(due, "--due"),
            owner=owner,
            portfolio=portfolio,
            level=level,
            by=by,
            restricted=restricted,
        )
        typer.echo(write.add_item(records, new))

    command.__doc__ = (
        f"Add {'an' if label[0] in 'aeiou' else 'a'} {label}, with the next free {item_type.prefix}- id; prints the id.\n\n"
        "Its update log starts with its status, dated --raised (default today).\n\n"
        f"Example: jac add {item_type.value} --inspection PEEL-2023 --title 'Improve vetting' "
        "--text 'The force should ...' --due 2025-03-31"
    )
    add_app.command(item_type.value)(command)


for _type in ItemType:
    _item_command(_type)


@add_app.command("inspection")
@handle_errors
def add_inspection_command(
    inspection_id: Annotated[
        str,
        typer.Option("--id", metavar="ID", help="Capitals, digits and hyphens, e.g. PEEL-2023."),
    ],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The report's title.")],
    type: Annotated[
        InspectionType,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="peel, thematic, joint, revisit, regional, national or other.",
        ),
    ],
    published: Annotated[
        str | None, typer.Option("--published", metavar="DATE", help="Publication date.")
    ] = None,
    fieldwork_start: Annotated[
        str | None,
        typer.Option("--fieldwork-start", metavar="DATE", help="First day of fieldwork in force."),
    ] = None,
    fieldwork_end: Annotated[
        str | None,
        typer.Option("--fieldwork-end", metavar="DATE", help="Last day of fieldwork in force."),
    ] = None,
    hot_debrief: Annotated[
        str | None,
        typer.Option("--hot-debrief", metavar="DATE", help="When HMICFRS gave its hot debrief."),
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", metavar="TEXT", help="Markdown summary.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="Link to the report.")
    ] = None,
    totals: Annotated[
        list[str] | None,
        typer.Option(
            "--totals",
            metavar="TYPE=N",
            help="How many of each type the report made in all, e.g. rec=12 (repeatable).",
        ),
    ] = None,
    grade: Annotated[
        list[str] | None,
        typer.Option(
            "--grade",
            metavar="AREA=GRADE",
            help="A graded area, e.g. 'Investigating crime=Requires improvement' (repeatable).",
        ),
    ] = None,
    restricted: RestrictedOpt = False,
    records: RecordsOption = None,
) -> None:
    """Add an inspection or published report; prints its id.

    Example: jac add inspection --id PEEL-2025 --title "PEEL 2025" --type peel --published 2025-10-01
    """
    from jacreport.services import write

    fields = {
        "id": inspection_id,
        "title": title,
        "type": type.value,
        "fieldwork_start": parse_date(fieldwork_start, "--fieldwork-start"),
        "fieldwork_end": parse_date(fieldwork_end, "--fieldwork-end"),
        "hot_debrief": parse_date(hot_debrief, "--hot-debrief"),
        "published": parse_date(published, "--published"),
        "summary": summary,
        "url": url,
        "grades": dict(_pairs(grade, "--grade")) or None,
        "restricted": restricted or None,
        "totals": {
            _type_of(key, "--totals").value: _count(value, "--totals")
            for key, value in _pairs(totals, "--totals")
        }
        or None,
    }
    typer.echo(write.add_inspection(records, fields))


def _pairs(values: list[str] | None, flag: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values or []:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise typer.BadParameter(f"{value!r} is not NAME=VALUE", param_hint=flag)
        pairs.append((key.strip(), rest.strip()))
    return pairs


def _type_of(value: str, flag: str) -> ItemType:
    try:
        return parse_type(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=flag) from None


def _count(value: str, flag: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise typer.BadParameter(f"{value!r} is not a whole number", param_hint=flag)
    return int(value)


@handle_errors
def update_command(
    record_id: IdArgument,
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEXT",
            help="The progress update (on a terminal, without it, your $EDITOR opens).",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="RAG", help="New RAG status: red, amber or green."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="Date of the update (default today)."),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="NAME", help="Who reports it.")] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="A new due date (the slip is noted)."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="A new owner (noted too).")
    ] = None,
    records: RecordsOption = None,
) -> None:
    """Append a progress update to a finding, and move its RAG status.

    A submitted item given a RAG status has been returned by HMICFRS: it opens again.
    A date before the last update, or after today, is refused; so is updating a closed item.

    Example: jac update REC-033 --status red --note "Recruitment delayed" --due 2025-01-31
    """
    from jacreport.services import write

    request = write.UpdateRequest(
        record_id,
        note=note if note is not None else note_from_editor(record_id),
        status=_rag(status, "--status"),
        date=parse_date(date, "--date"),
        by=by,
        due=parse_date(due, "--due"),
        owner=owner,
    )
    summary = write.update(records, request)
    typer.echo(summary)


@handle_errors
def close_command(
    record_id: IdArgument,
    level: Annotated[
        int, typer.Option("--level", metavar="N", min=1, max=4, help="The HMICFRS level, 1 to 4.")
    ],
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="Closure date (default today).")
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            "--evidence",
            metavar="REF",
            help="The Chief Constable's letter: a path under records/, or portal:..., https://...",
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="The closing note (default: the level's own)."),
    ] = None,
    confirmed: Annotated[
        bool,
        typer.Option(
            "--confirmed", help="HMICFRS has verified a submitted level 4 item: close it."
        ),
    ] = False,
    by: Annotated[
        str | None, typer.Option("--by", metavar="NAME", help="Who records the closure.")
    ] = None,
    records: RecordsOption = None,
) -> None:
    """Close a finding under the HMICFRS level rules.

    Level 1 closes. Levels 2 and 3 need --evidence and close. Level 4 becomes submitted;
    --confirmed later closes it once HMICFRS has verified it.

    Example: jac close REC-033 --level 2 --evidence evidence/REC-033-letter.pdf
    """
    from jacreport.services import write

    summary = write.close(
        records,
        record_id,
        level=level,
        date=parse_date(date, "--date"),
        evidence=evidence,
        note=note,
        confirmed=confirmed,
        by=by,
    )
    typer.echo(summary)


@handle_errors
def remove_command(
    record_id: RecordArgument,
    records: RecordsOption = None,
) -> None:
    """Remove a record added by mistake; refused while anything refers to it (a finding's
    inspection, a cause of concern's recommendations). Its history stays in git. Findings
    that were really raised are closed, not removed.

    Example: jac remove AFI-031
    """
    from jacreport.services import write

    typer.echo(write.remove(records, record_id))


@handle_errors
def edit_command(
    record_id: RecordArgument,
    records: RecordsOption = None,
) -> None:
    """Open a record in your editor ($EDITOR) and write it back only if it is valid: on a
    terminal an invalid edit opens again with its problems at the top; otherwise (or after
    five tries) the original is kept and jac exits 1.

    Example: jac edit REC-033
    """
    from jacreport.services import write

    typer.echo(write.edit(records, record_id, record_editor(record_id)))

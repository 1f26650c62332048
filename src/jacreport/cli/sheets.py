"""Spreadsheets in and out: `import` and `export`."""

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from jacreport.cli.common import (
    deliver,
    handle_errors,
    inferred_format,
    parse_date,
    print_table,
    warn_problems,
)
from jacreport.cli.options import (
    AddressedToOpt,
    AsOfOpt,
    InspectionOpt,
    LevelOpt,
    NoCacheOption,
    OpenOpt,
    OverdueOpt,
    OwnerOpt,
    PortfolioOpt,
    RecordsOption,
    StatusOpt,
    TypeOpt,
)
from jacreport.cli.read import build_filter

if TYPE_CHECKING:
    from jacreport import services
    from jacreport.services import sheets

T = TypeVar("T")


class SplitBy(StrEnum):
    OWNER = "owner"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


def register(app: typer.Typer) -> None:
    """Add the spreadsheet commands to the app."""
    app.command("import")(import_command)
    app.command("export")(export_command)


def _progress(items: Iterator[T], total: int) -> Iterator[T]:
    """A progress bar on stderr for long work (shown only on a terminal)."""
    if total < 200 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import track

    yield from track(items, total=total, description="writing records", transient=True)


def _parse_maps(values: list[str] | None) -> dict[str, str]:
    maps: dict[str, str] = {}
    for value in values or []:
        header, sep, target = value.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise typer.BadParameter(f"{value!r} is not HEADER=field", param_hint="--map")
        maps[header.strip()] = target.strip()
    return maps


@handle_errors
def import_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The tracker: .xlsx or .csv.")],
    sheet: Annotated[
        str | None, typer.Option("--sheet", metavar="NAME", help="The sheet (default: the first).")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="HEADER=FIELD",
            help="Read column HEADER as FIELD (repeatable), e.g. 'Action owner=owner'.",
        ),
    ] = None,
    inspection: Annotated[
        str | None,
        typer.Option("--inspection", metavar="ID", help="Every row belongs to this inspection."),
    ] = None,
    inspection_id: Annotated[
        str | None,
        typer.Option(
            "--inspection-id",
            metavar="ID",
            help="The id of the one new report the sheet makes (default: made from its title).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be created; write nothing.")
    ] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Apply owners' changes to rows with an ID (an export come back) as updates.",
        ),
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="Date of those updates when a row has no Update date of its own (default today).",
        ),
    ] = None,
    records: RecordsOption = None,
) -> None:
    """Import a force's tracker spreadsheet: all rows or none.

    The header row is found even below title rows; columns are matched by their usual
    names (Ref, Report, Recommendation, Lead, Deadline, RAG, Level, Latest update, ...).
    A row already imported (same report and reference) is left alone. Any bad row refuses
    the whole import, each named as FILE:SHEET!ROW.

    Rows with an ID (a `jac export` the owners wrote in) are compared with their findings:
    a changed RAG, Due date, Owner or new Latest update is listed and refused unless
    --update, which appends one update per changed row (dated by the row's own Update date,
    else --date); a finding updated since the export is a conflict, and refused.

    Example: jac import tracker.xlsx --sheet "PEEL 2023" --dry-run
    Example: jac import tracker.xlsx --update
    """
    from jacreport.services import sheets

    result = sheets.import_tracker(
        records,
        file,
        sheet=sheet,
        mapping=_parse_maps(map_),
        inspection=inspection,
        inspection_id=inspection_id,
        dry_run=dry_run,
        progress=_progress,
        update=update,
        date=parse_date(date, "--date"),
    )
    if result.id_rows and _report_updates(result, dry_run=dry_run):
        return
    _report_import(result, dry_run=dry_run)


def _report_import(result: "sheets.Plan", *, dry_run: bool) -> None:
    """Print what the import created (or, on a dry run, would create)."""
    if dry_run:
        for line in result.skipped:
            typer.echo(line, err=True)
    if result.ignored_columns:
        typer.echo(f"ignored columns: {', '.join(result.ignored_columns)}", err=True)
    if dry_run:
        print_table(
            ["ID", "Type", "Report", "Ref", "Status", "Title"],
            [
                [
                    f["id"],
                    f["type"],
                    f["inspection"],
                    f.get("reference") or "",
                    f["status"],
                    f["title"],
                ]
                for f in result.findings
            ],
            title=f"Would create from {result.source}:",
        )
        for inspection_fields in result.inspections:
            typer.echo(
                f"would create inspection {inspection_fields['id']}: {inspection_fields['title']}"
            )
        typer.echo(
            f"dry run: {len(result.findings)} to create, {len(result.skipped)} already imported; nothing written"
        )
        return
    new_inspections = len(result.inspections)
    typer.echo(
        f"imported {len(result.findings)} finding{'s' if len(result.findings) != 1 else ''} from {result.source}"
        + (
            f" and created {new_inspections} inspection{'s' if new_inspections != 1 else ''}"
            if new_inspections
            else ""
        )
        + (f"; {len(result.skipped)} already imported" if result.skipped else "")
    )


def _report_updates(result: "sheets.Plan", *, dry_run: bool) -> bool:
    """Print what the owners' rows did (or would do); True when the sheet held nothing else."""
    from jacreport.services import sheets

    updates = result.updates
    assert updates is not None
    count = len(updates.changed)
    plural = "s" if count != 1 else ""
    if dry_run and count:
        print_table(
            ["Row", "ID", "Date", "RAG", "Due", "Owner", "Note"],
            sheets.update_rows(result),
            title=f"Would update from {result.source}:",
        )
        typer.echo(f"dry run: {count} finding{plural} to update; nothing written")
    elif count:
        for summary in updates.summaries:
            typer.echo(summary)
        typer.echo(f"updated {count} finding{plural} from {result.source}")
    else:
        same = len(result.id_rows)
        match = "rows match their findings" if same != 1 else "row matches its finding"
        typer.echo(f"nothing to update: {same} {match}")
    return result.rows == len(result.id_rows)


@handle_errors
def export_command(
    format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="csv, xlsx or json (default: from --output's extension).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write; - for stdout (default: csv and json to stdout; xlsx to "
            "jac-export-DATE.xlsx on a terminal).",
        ),
    ] = None,
    status: StatusOpt = None,
    type: TypeOpt = None,
    level: LevelOpt = None,
    inspection: InspectionOpt = None,
    owner: OwnerOpt = None,
    portfolio: PortfolioOpt = None,
    addressed_to: AddressedToOpt = None,
    open_: OpenOpt = False,
    overdue: OverdueOpt = False,
    as_of: AsOfOpt = None,
    split_by: Annotated[
        SplitBy | None,
        typer.Option(
            "--split-by",
            metavar="owner",
            help="One file per owner, written into the folder --output DIR.",
        ),
    ] = None,
    records: RecordsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Export findings as a spreadsheet (csv, xlsx) or json, with the filters of `jac list`.

    The xlsx is the tracker owners write in: a frozen header row, an autofilter, real date
    cells, coloured RAG cells with a Red/Amber/Green drop-down, overdue due dates
    highlighted, printing landscape one page wide; `jac import` reads either file back
    (and `jac import --update` applies the owners' changes).

    Example: jac export --open --format xlsx --output tracker.xlsx
    Example: jac export --open --format xlsx --split-by owner --output trackers/
    """
    from jacreport import services
    from jacreport.services import sheets

    format = format or inferred_format(output, ExportFormat, None)
    flt = build_filter(
        status, type, level, inspection, owner, portfolio, addressed_to, open_, overdue, as_of
    )
    recs = services.open_records(records, use_cache=not no_cache)
    warn_problems(recs.problems)
    rows = services.list_items(recs, flt)
    if split_by is not None:
        _export_split(format, rows, recs, output)
        return
    data = sheets.export_bytes(format.value, rows, recs)
    default = Path(f"jac-export-{services.today().isoformat()}.xlsx")
    deliver(
        data, output, format.value, default, f"{len(rows)} finding{'s' if len(rows) != 1 else ''}"
    )


def _export_split(
    format: ExportFormat, rows: "list[services.Row]", recs: "services.Records", folder: Path | None
) -> None:
    """`--split-by owner`: one file per owner in the folder, named safely from the owner."""
    from jacreport import services
    from jacreport.services import sheets

    if folder is None:
        raise typer.BadParameter(
            "needs --output DIR, the folder to write into", param_hint="--split-by"
        )
    if folder.exists() and not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="--output")
    folder.mkdir(parents=True, exist_ok=True)
    for owner_name, file_name, group in sheets.by_owner(rows, f".{format.value}"):
        target = folder / file_name
        services.save_output(target, sheets.export_bytes(format.value, group, recs))
        count = len(group)
        typer.echo(
            f"wrote {count} finding{'s' if count != 1 else ''} for {owner_name} to {target}",
            err=True,
        )

"""Commands that only read the records: `check`, `list`, `show`."""

import csv
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jacreport.cli.common import (
    echo_json,
    github_annotation,
    handle_errors,
    is_terminal,
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
from jacreport.records.values import AddressedTo, ItemType, Status, parse_type

if TYPE_CHECKING:
    from jacreport import services


class CheckFormat(StrEnum):
    TEXT = "text"
    GITHUB = "github"
    JSON = "json"


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    IDS = "ids"


CSV_COLUMNS = (
    "id",
    "type",
    "status",
    "level",
    "title",
    "inspection",
    "reference",
    "addressed_to",
    "raised",
    "due",
    "owner",
    "portfolio",
    "overdue",
)


def parse_statuses(values: list[str] | None) -> frozenset[Status]:
    """`--status red --status amber,green` as a set; an unknown value is a usage error."""
    statuses: set[Status] = set()
    for value in values or []:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            try:
                statuses.add(Status(name))
            except ValueError:
                allowed = ", ".join(s.value for s in Status)
                raise typer.BadParameter(
                    f"{part!r} is not one of {allowed}", param_hint="--status"
                ) from None
    return frozenset(statuses)


# The filters of `jac list`, shared with `jac export`.


def _item_type(value: str | None) -> ItemType | None:
    if value is None:
        return None
    try:
        return parse_type(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--type") from None


def build_filter(
    status: list[str] | None,
    type: str | None,
    level: int | None,
    inspection: str | None,
    owner: str | None,
    portfolio: str | None,
    addressed_to: AddressedTo | None,
    open_: bool,
    overdue: bool,
    as_of: str | None,
    due_within: int | None = None,
) -> "services.Filter":
    """The filter the list options ask for."""
    from jacreport import services

    return services.Filter(
        statuses=parse_statuses(status),
        type=_item_type(type),
        level=level,
        inspection=inspection,
        owner=owner,
        portfolio=portfolio,
        addressed_to=addressed_to,
        open=open_,
        overdue=overdue,
        as_of=parse_date(as_of, "--as-of"),
        due_within=due_within,
    )


def register(app: typer.Typer) -> None:
    """Add the read-only commands to the app."""
    app.command("check")(check_command)
    app.command("list")(list_command)


@handle_errors
def check_command(
    format: Annotated[
        CheckFormat,
        typer.Option(
            "--format", metavar="FORMAT", help="text, github (workflow annotations) or json."
        ),
    ] = CheckFormat.TEXT,
    records: RecordsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every record, and every rule between records; list all problems.

    Exits 0 when the records are valid, 1 when they are not.

    Example: jac check --format github
    """
    from jacreport import services

    result = services.check(records, use_cache=not no_cache)
    recs = result.records
    if format is CheckFormat.JSON:
        echo_json(
            {
                "ok": result.ok,
                "problems": [
                    {"path": p.path, "line": p.line, "message": p.message} for p in result.problems
                ],
            }
        )
    elif format is CheckFormat.GITHUB:
        for p in result.problems:
            typer.echo(github_annotation("error", p.message, file=p.path, line=p.line))
        if result.ok:
            typer.echo(services.summary(recs))
    else:
        for p in result.problems:
            typer.echo(str(p))
        if result.ok:
            typer.echo(services.summary(recs))
        else:
            files = len({p.path for p in result.problems})
            count = len(result.problems)
            typer.echo(
                f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
            )
    if not result.ok:
        raise typer.Exit(1)


@handle_errors
def list_command(
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
    due_within: Annotated[
        int | None,
        typer.Option(
            "--due-within",
            metavar="DAYS",
            min=0,
            help="Open items due within DAYS days after today (or --as-of); overdue ones not.",
        ),
    ] = None,
    format: Annotated[
        ListFormat, typer.Option("--format", metavar="FORMAT", help="table, json, csv or ids.")
    ] = ListFormat.TABLE,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Print a long table straight to the terminal.")
    ] = False,
    records: RecordsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List findings (recommendations, causes of concern, AFIs), filtered.

    With no filter: every finding with its current status. Filters combine (all must hold).

    Example: jac list --status red,amber --type recommendation --as-of 2024-06-27
    """
    from jacreport import services

    flt = build_filter(
        status,
        type,
        level,
        inspection,
        owner,
        portfolio,
        addressed_to,
        open_,
        overdue,
        as_of,
        due_within,
    )
    recs = services.open_records(records, use_cache=not no_cache)
    warn_problems(recs.problems)
    rows = services.list_rows(recs, flt)
    if format in (ListFormat.JSON, ListFormat.CSV):
        _print_data(services.rows_json(recs, rows, flt.as_of), format)
    else:
        _print_rows(rows, format, pager=not no_pager)


def _print_data(found: list[dict[str, object]], format: ListFormat) -> None:
    """The listed findings' every field, as JSON or csv."""
    if format is ListFormat.JSON:
        echo_json(found)
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for data in found:
        data["overdue"] = "yes" if data["overdue"] else ""
        writer.writerow(["" if data.get(c) is None else data[c] for c in CSV_COLUMNS])


def _print_rows(rows: "list[services.Listed]", format: ListFormat, *, pager: bool) -> None:
    """The listed findings as ids or a table."""
    if format is ListFormat.IDS:
        if rows:
            typer.echo("\n".join(row.id for row in rows))
    else:
        table_rows = [
            [
                row.id,
                row.status.value + (" (overdue)" if row.overdue else ""),
                str(row.level or ""),
                row.due or "",
                row.owner or "",
                row.title,
            ]
            for row in rows
        ]
        if rows or is_terminal():
            print_table(["ID", "Status", "Lv", "Due", "Owner", "Title"], table_rows, pager=pager)
        count = len(rows)
        typer.echo(f"{count} item{'s' if count != 1 else ''}", err=not is_terminal())

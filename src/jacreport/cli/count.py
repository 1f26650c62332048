"""`jac count`: the paper's numbers on their own, for a date or a meeting."""

import csv
import dataclasses
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jacreport.cli.common import echo_json, handle_errors, parse_date, print_table, warn_problems
from jacreport.cli.options import NoCacheOption, RecordsOption

if TYPE_CHECKING:
    import datetime as dt

    from jacreport import services
    from jacreport.paper import counts


class CountFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def register(app: typer.Typer) -> None:
    """Add the count command to the app."""
    app.command("count")(count_command)


@handle_errors
def count_command(
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Start of the window (default: the closure baseline)."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            "--as-of",
            metavar="DATE",
            help="End of the window, or the day the records are counted as they stood "
            "(default: today); --as-of is the same.",
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            metavar="DATE",
            help="End at this meeting and show the change since the previous one.",
        ),
    ] = None,
    inspection: Annotated[
        str | None,
        typer.Option(
            "--inspection", metavar="ID", help="Received against submitted for one inspection."
        ),
    ] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Open items by type and RAG status on --until.")
    ] = False,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="The whole tracker on --until: items in total, added since the last "
            "meeting, and addressed to other bodies.",
        ),
    ] = False,
    format: Annotated[
        CountFormat, typer.Option("--format", metavar="FORMAT", help="table, json or csv.")
    ] = CountFormat.TABLE,
    records: RecordsOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Count closures of the force's recommendations and AFIs by type and level.

    Closures count on the date an item first moved to submitted or closed. Causes of
    concern close through their recommendations, so --inspection shows them instead.

    Example: jac count --meeting 2024-06-27
    """
    from jacreport import services

    since_d = parse_date(since, "--since")
    until_d = parse_date(until, "--until")
    meeting_d = parse_date(meeting, "--meeting")
    if meeting_d is not None and until_d is not None:
        raise typer.BadParameter("give --meeting or --until, not both", param_hint="--until")
    if sum([meeting_d is not None, inspection is not None, open_, all_]) > 1:
        raise typer.BadParameter("give one of --meeting, --inspection, --open and --all")

    recs = services.open_records(records, use_cache=not no_cache)
    warn_problems(recs.problems)
    if all_:
        _print_all(services.count_all(recs, until_d), until_d or services.today(), format)
    elif open_:
        _print_open(*services.count_open(recs, until_d), format)
    elif inspection is not None:
        date = until_d or services.today()
        _print_progress(inspection, services.count_inspection(recs, inspection, date), format)
    else:
        _print_closures(services.count_closures(recs, since_d, until_d, meeting_d), format)


def _print_closures(table: "counts.ClosureTable", format: CountFormat) -> None:
    from jacreport.paper.render.text import cell, short_month_year

    if format is CountFormat.JSON:
        echo_json(
            {
                "since": table.since,
                "until": table.until,
                "rows": [
                    {"type": r.type.value, "level": r.level, "count": r.count, "change": r.change}
                    for r in table.rows
                ],
                "total": {"count": table.total, "change": table.total_change},
            }
        )
    elif format is CountFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["type", "level", "count", "change"])
        for r in table.rows:
            writer.writerow(
                [r.type.value, r.level or "", r.count, "" if r.change is None else r.change]
            )
        writer.writerow(
            ["total", "", table.total, "" if table.total_change is None else table.total_change]
        )
    else:
        since = f"since {short_month_year(table.since)}" if table.since else "all time"
        rows = [[r.label, cell(r.count, r.change)] for r in table.rows]
        rows.append(["Total", cell(table.total, table.total_change)])
        print_table(
            [f"Closed ({since})", "Total number submitted"],
            rows,
            title=f"Closures to {table.until.isoformat()}",
        )


def _print_open(counts: "counts.OpenCounts", added: int, format: CountFormat) -> None:
    if format is CountFormat.JSON:
        echo_json(
            {
                "date": counts.date,
                "rows": [
                    {"type": r.type.value, "status": r.status.value, "count": r.count}
                    for r in counts.rows
                ],
                "total": {"count": counts.total, "added": added},
            }
        )
    elif format is CountFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["type", "status", "count"])
        for r in counts.rows:
            writer.writerow([r.type.value, r.status.value, r.count])
        writer.writerow(["total", "", counts.total])
    else:
        from jacreport.records.values import OPEN_ORDER, PLURALS, Status

        rows = [
            [
                PLURALS[t][1],
                *(str(counts.get(t, s)) for s in (Status.RED, Status.AMBER, Status.GREEN)),
                str(counts.by_type[t]),
            ]
            for t in OPEN_ORDER
            if counts.by_type[t]
        ]
        rows.append(
            [
                "Total",
                *(str(counts.by_status[s]) for s in (Status.RED, Status.AMBER, Status.GREEN)),
                str(counts.total),
            ]
        )
        print_table(
            ["Open items", "Red", "Amber", "Green", "Total"],
            rows,
            title=f"Open on {counts.date.isoformat()} ({added} added since the last meeting)",
        )


def _print_progress(inspection: str, rows: "list[counts.ProgressRow]", format: CountFormat) -> None:
    if format is CountFormat.JSON:
        echo_json(
            {
                "inspection": inspection,
                "rows": [
                    {"type": r.type.value, "received": r.received, "submitted": r.submitted}
                    for r in rows
                ],
            }
        )
    elif format is CountFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["type", "received", "submitted"])
        for r in rows:
            writer.writerow([r.type.value, r.received, r.submitted])
    else:
        from jacreport.records.values import PLURALS

        print_table(
            ["Type", "Received", "Submitted for closure"],
            [[PLURALS[r.type][1], str(r.received), str(r.submitted)] for r in rows],
            title=inspection,
        )


def _print_all(totals: "services.TrackerTotals", day: "dt.date", format: CountFormat) -> None:
    if format is CountFormat.JSON:
        echo_json({"date": day, **dataclasses.asdict(totals)})
    else:
        typer.echo(
            f"On {day.isoformat()}: {totals.total} items in total, {totals.added} added since "
            f"the last meeting, {totals.other_bodies} addressed to other bodies"
        )

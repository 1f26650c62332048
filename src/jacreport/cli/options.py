"""The options and arguments commands share, declared once (Typer's Annotated types)."""

from pathlib import Path
from typing import Annotated

import typer

from jacreport.cli.common import complete_finding_ids
from jacreport.records.values import AddressedTo

RecordsOption = Annotated[
    Path | None,
    typer.Option(
        "--records",
        metavar="DIR",
        help="The records folder (default: $JAC_RECORDS, else records/ here or in a parent folder).",
        show_default=False,
    ),
]

NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache", help="Read every record file afresh, ignoring and not updating .jac-cache/."
    ),
]

IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The finding's id, e.g. REC-033.", autocompletion=complete_finding_ids
    ),
]

RecordArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A finding (REC-033), an inspection (PEEL-2023) or a meeting date.",
        autocompletion=complete_finding_ids,
    ),
]

# --- filters of list, export and count ---

StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help="red, amber, green, submitted or closed; repeat it or give a comma list.",
        show_default=False,
    ),
]
TypeOpt = Annotated[
    str | None,
    typer.Option(
        "--type",
        metavar="TYPE",
        help="rec, coc or afi (or recommendation, cause-of-concern, area-for-improvement).",
        show_default=False,
    ),
]
LevelOpt = Annotated[
    int | None,
    typer.Option(
        "--level", metavar="N", min=1, max=4, help="HMICFRS level, 1 to 4.", show_default=False
    ),
]
InspectionOpt = Annotated[
    str | None,
    typer.Option(
        "--inspection",
        metavar="ID",
        help="Only this inspection's findings (its id).",
        show_default=False,
    ),
]
OwnerOpt = Annotated[
    str | None,
    typer.Option(
        "--owner", metavar="TEXT", help="Owner contains this text (any case).", show_default=False
    ),
]
PortfolioOpt = Annotated[
    str | None,
    typer.Option(
        "--portfolio",
        metavar="TEXT",
        help="Portfolio contains this text (any case).",
        show_default=False,
    ),
]
AddressedToOpt = Annotated[
    AddressedTo | None,
    typer.Option(
        "--addressed-to",
        metavar="WHO",
        help="force, npcc, iopc, home-office, college-of-policing or other.",
        show_default=False,
    ),
]
OpenOpt = Annotated[bool, typer.Option("--open", help="Open items only: red, amber and green.")]
OverdueOpt = Annotated[bool, typer.Option("--overdue", help="Open items past their due date.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The items as they stood on this date (YYYY-MM-DD).",
        show_default=False,
    ),
]


# --- what `jac add` takes ---

InspectionArg = Annotated[
    str, typer.Option("--inspection", metavar="ID", help="The id of its inspection.")
]
TitleOpt = Annotated[str, typer.Option("--title", metavar="TEXT", help="One line.")]
TextOpt = Annotated[
    str, typer.Option("--text", metavar="TEXT", help="The wording from the report.")
]
RagOpt = Annotated[str, typer.Option("--status", metavar="RAG", help="red, amber or green.")]
ReferenceOpt = Annotated[
    str | None, typer.Option("--reference", metavar="TEXT", help="Its label in the report.")
]
HmicfrsRefOpt = Annotated[
    str | None, typer.Option("--hmicfrs-ref", metavar="TEXT", help="HMICFRS's portal reference.")
]
PartOfOpt = Annotated[
    str | None,
    typer.Option("--part-of", metavar="ID", help="The cause of concern it answers (COC-NNN)."),
]
AddressedToNewOpt = Annotated[
    AddressedTo | None,
    typer.Option("--addressed-to", metavar="WHO", help="force (default), npcc, ..."),
]
RaisedOpt = Annotated[
    str | None,
    typer.Option("--raised", metavar="DATE", help="When it reached the force (default today)."),
]
DueOpt = Annotated[
    str | None, typer.Option("--due", metavar="DATE", help="When it must be done by.")
]
LeadOpt = Annotated[
    str | None, typer.Option("--owner", metavar="NAME", help="The responsible lead.")
]
ThemeOpt = Annotated[str | None, typer.Option("--portfolio", metavar="TEXT", help="Its theme.")]
NewLevelOpt = Annotated[
    int | None,
    typer.Option("--level", metavar="N", min=1, max=4, help="HMICFRS level, 1 to 4."),
]
RestrictedOpt = Annotated[
    bool,
    typer.Option("--restricted", help="Never named in a public paper or site (counted, though)."),
]
ByOpt = Annotated[str | None, typer.Option("--by", metavar="NAME", help="Who is recording it.")]

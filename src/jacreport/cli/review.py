"""Commands for pull-request review: `diff` and `log`."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jacreport.cli.common import RecordsOption, echo_json, handle_errors

if TYPE_CHECKING:
    from jacreport.review.compare import DiffResult
    from jacreport.review.diff import Change


class DiffFormat(StrEnum):
    TEXT = "text"
    MD = "md"
    JSON = "json"


# Each group of the Markdown diff: its heading, and how one and many are counted.
GROUPS = [
    ("closed", "Closed", "closed", "closed"),
    ("submitted", "Submitted for closure", "submitted", "submitted"),
    ("status", "Status changes", "status change", "status changes"),
    ("updated", "Progress updates", "with a new update", "with new updates"),
    ("added", "New records", "new record", "new records"),
    ("edited", "Edited", "edited", "edited"),
    ("removed", "Removed", "removed", "removed"),
]


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
            metavar="[REV]",
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
    from jacreport.review import compare as review

    result = review.diff_records(records, base, rev)
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
        typer.echo(markdown(result))
    else:
        typer.echo(text(result))
    if strict and (result.attention or result.inputs_changed or result.problems):
        raise typer.Exit(1)


def _update_line(update: dict[str, object]) -> str:
    status = f" [{update['status']}]" if update.get("status") else ""
    note = " ".join(str(update.get("note", "")).split())
    return f"{update.get('date')}{status}: {note}"


def _value(value: object) -> str:
    """A setting's value on one line: `(not set)` where it has none."""
    import json

    if value is None:
        return "(not set)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _setting_line(name: str, values: list[object]) -> str:
    return f"{name}: {_value(values[0])} -> {_value(values[1])}"


def _inputs_summary(result: "DiffResult") -> str:
    """What else changed the paper, for the summary line: "" when nothing did."""
    parts = []
    if result.settings:
        count = len(result.settings)
        parts.append(f"{count} setting{'s' if count != 1 else ''} in jac.yaml")
    for files, one, many in (
        (result.templates, "template file", "template files"),
        (result.evidence, "evidence file", "evidence files"),
    ):
        if files:
            parts.append(f"{len(files)} {one if len(files) == 1 else many}")
    return ", ".join(parts)


def text(result: "DiffResult") -> str:
    """The diff for a terminal: one block per record, then settings, templates, evidence."""
    count = len(result.changes)
    summary = f"{result.base}...{result.head}: {count} record{'s' if count != 1 else ''} changed"
    inputs = _inputs_summary(result)
    lines = [f"{summary}; also changed: {inputs}" if inputs else summary]
    for change in result.changes:
        lines.append(f"  {change.id:<10} {change.summary}")
        lines.extend(f"  {'':<10}   + {_update_line(u)}" for u in change.new_updates)
        lines.extend(f"  {'':<10}   ! {point}" for point in change.attention)
    if result.settings:
        lines.append("settings (jac.yaml):")
        lines.extend(f"  {_setting_line(n, v)}" for n, v in result.settings.items())
    for heading, files in (("templates:", result.templates), ("evidence:", result.evidence)):
        if files:
            lines.append(heading)
            lines.extend(f"  {f.change:<10} {f.path}" for f in files)
    if result.attention:
        lines.append(f"{len(result.attention)} point(s) need attention")
    return "\n".join(lines)


def _md_escape(value: str) -> str:
    from jacreport.paper.render.text import md_cell

    return md_cell(value)


def markdown(result: "DiffResult") -> str:
    """The diff as a pull-request comment: counts first, then one section per kind of change."""
    by_group: dict[str, list[Change]] = {}
    for change in result.changes:
        by_group.setdefault(change.group, []).append(change)
    counts = ", ".join(
        f"{len(by_group[g])} {one if len(by_group[g]) == 1 else many}"
        for g, _label, one, many in GROUPS
        if g in by_group
    )
    lines = [f"## jac: record changes ({result.base}...{result.head})", ""]
    inputs = _inputs_summary(result)
    lines.append(
        f"**{len(result.changes)} record(s) changed**"
        + (f": {counts}" if counts else "")
        + "."
        + (f" **Also changed: {inputs}.**" if inputs else "")
    )
    if result.attention:
        lines += ["", f"### Needs attention ({len(result.attention)})", ""]
        lines += [f"- :warning: {_md_escape(point)}" for point in result.attention]
    if result.settings:
        lines += ["", f"### Settings changed in jac.yaml ({len(result.settings)})", ""]
        lines += [
            f"- {_md_escape(n)}: {_md_escape(_value(v[0]))} -> {_md_escape(_value(v[1]))}"
            for n, v in result.settings.items()
        ]
    for label, files in (("Templates", result.templates), ("Evidence files", result.evidence)):
        if files:
            lines += ["", f"### {label} changed ({len(files)})", ""]
            lines += [f"- {f.change}: {_md_escape(f.path)}" for f in files]
    for group, label, _one, _many in GROUPS:
        if group not in by_group:
            continue
        lines += ["", f"### {label} ({len(by_group[group])})", ""]
        for change in by_group[group]:
            lines.append(f"- **{change.id}**: {_md_escape(change.summary)}")
            lines.extend(f"  - {_md_escape(_update_line(u))}" for u in change.new_updates)
    return "\n".join(lines)


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
    from jacreport.review import compare as review

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
    lines: list[str] = []
    for entry in entries:
        c = entry.commit
        bullet = "- " if format is DiffFormat.MD else ""
        lines.append(f"{bullet}{c.date[:10]}  {c.id[:8]}  {c.author}: {c.subject}")
        if entry.change is not None:
            lines.append(f"    {entry.change.summary}")
            lines.extend(f"    + {_update_line(u)}" for u in entry.change.new_updates)
            lines.extend(f"    ! {point}" for point in entry.change.attention)
    typer.echo("\n".join(lines))

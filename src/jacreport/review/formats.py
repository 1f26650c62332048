"""A diff of the records for people: as text for a terminal, and as Markdown for a
pull-request comment (counts first, then one section per kind of change)."""

from __future__ import annotations

import json

from jacreport.review.compare import DiffResult, LogResult
from jacreport.review.diff import Change
from jacreport.words import md_cell

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


def _update_line(update: dict[str, object]) -> str:
    status = f" [{update['status']}]" if update.get("status") else ""
    note = " ".join(str(update.get("note", "")).split())
    return f"{update.get('date')}{status}: {note}"


def _value(value: object) -> str:
    """A setting's value on one line: `(not set)` where it has none."""
    if value is None:
        return "(not set)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _setting_line(name: str, values: list[object]) -> str:
    return f"{name}: {_value(values[0])} -> {_value(values[1])}"


def _inputs_summary(result: DiffResult) -> str:
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


def text(result: DiffResult) -> str:
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


def markdown(result: DiffResult) -> str:
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
        lines += [f"- :warning: {md_cell(point)}" for point in result.attention]
    if result.settings:
        lines += ["", f"### Settings changed in jac.yaml ({len(result.settings)})", ""]
        lines += [
            f"- {md_cell(n)}: {md_cell(_value(v[0]))} -> {md_cell(_value(v[1]))}"
            for n, v in result.settings.items()
        ]
    for label, files in (("Templates", result.templates), ("Evidence files", result.evidence)):
        if files:
            lines += ["", f"### {label} changed ({len(files)})", ""]
            lines += [f"- {f.change}: {md_cell(f.path)}" for f in files]
    for group, label, _one, _many in GROUPS:
        if group not in by_group:
            continue
        lines += ["", f"### {label} ({len(by_group[group])})", ""]
        for change in by_group[group]:
            lines.append(f"- **{change.id}**: {md_cell(change.summary)}")
            lines.extend(f"  - {md_cell(_update_line(u))}" for u in change.new_updates)
    return "\n".join(lines)


def log_text(history: LogResult, *, markdown: bool = False) -> str:
    """A record's history: one line per commit, then what it changed."""
    lines: list[str] = []
    for entry in history.entries:
        c = entry.commit
        bullet = "- " if markdown else ""
        lines.append(f"{bullet}{c.date[:10]}  {c.id[:8]}  {c.author}: {c.subject}")
        if entry.change is not None:
            lines.append(f"    {entry.change.summary}")
            lines.extend(f"    + {_update_line(u)}" for u in entry.change.new_updates)
            lines.extend(f"    ! {point}" for point in entry.change.attention)
    return "\n".join(lines)

"""Spreadsheets in and out, as the command line calls them: a tracker imported (or the
owners' updates in it applied), and findings exported as csv, xlsx or json."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jacreport.records import paths
from jacreport.records.query import Row
from jacreport.records.store import Records
from jacreport.records.values import today
from jacreport.sheets import export, owner_updates
from jacreport.sheets import plan as imports
from jacreport.sheets.plan import Plan

__all__ = ["Plan", "by_owner", "export_bytes", "import_tracker", "update_rows"]


def import_tracker(
    records_dir: Path | None,
    file: Path,
    *,
    sheet: str | None,
    mapping: dict[str, str],
    inspection: str | None,
    dry_run: bool,
    update: bool,
    date: dt.date | None,
    inspection_id: str | None = None,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
) -> Plan:
    """Import a tracker, all rows or none (see `sheets.plan.run`); the plan it carried out,
    or would carry out on a dry run."""
    result, _created = imports.run(
        paths.find_root(records_dir),
        file,
        sheet=sheet,
        mapping=mapping,
        inspection=inspection,
        dry_run=dry_run,
        today=today(),
        progress=progress,
        update=update,
        date=date,
        inspection_id=inspection_id,
    )
    return result


def update_rows(result: Plan) -> list[list[str]]:
    """The owners' updates of an import as table rows, for a dry run."""
    assert result.updates is not None
    return owner_updates.plan_rows(result.updates)


def export_bytes(fmt: str, rows: list[Row], records: Records) -> bytes:
    """The findings as a csv, xlsx or json file's bytes."""
    if fmt == "json":
        return export.to_json(rows)
    cells: list[dict[str, Any]] = [export.row_values(row, records.inspections) for row in rows]
    if fmt == "csv":
        return export.to_csv(cells)
    title = records.settings.short_name if records.settings else None
    return export.to_xlsx(cells, title or "Findings")


def by_owner(rows: list[Row], suffix: str) -> list[tuple[str, str, list[Row]]]:
    """The rows split by owner: each owner, a file name safe on Windows, and their rows."""
    groups = owner_updates.by_owner(rows)
    names = owner_updates.file_names(list(groups), suffix)
    return [(owner, names[owner], group) for owner, group in groups.items()]

"""A records folder as the commands see it: its problems at once, from the index, and its
records (validated models) only when a command asks for them."""

from __future__ import annotations

import datetime as dt
import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from jacreport.errors import Problem
from jacreport.records import briefs
from jacreport.records.briefs import Brief
from jacreport.records.index import Index
from jacreport.records.paths import INSPECTIONS, MEETINGS, RECOMMENDATIONS, _child
from jacreport.records.refresh import open_index

if TYPE_CHECKING:  # built only when asked for: the commands that count need no pydantic
    from jacreport.records.models import Inspection, Meeting, Recommendation, Settings

M = TypeVar("M")


def load(root: Path, *, use_cache: bool = True, workers: int | None = None) -> Records:
    """The records below `root`, every problem collected instead of stopping at the first:
    the index refreshed (files unchanged since the last run are not parsed again; many
    files to parse are parsed by one process per core, `workers`, default the core count)."""
    return Records(open_index(root, use_index=use_cache, workers=workers))


class Records:
    """Every record of one folder that loaded, with the problems found on the way: the
    problems at once, each kind of record built from the index when first asked for, and
    the findings as light `Brief`s for the commands that only count."""

    def __init__(self, index: Index):
        self.index = index
        self.root = index.root
        self.problems: list[Problem] = index.problems()

    @cached_property
    def settings(self) -> Settings | None:
        """The settings (jac.yaml), when they loaded."""
        from jacreport.records.models import Settings

        data = self.index.settings_data()
        return Settings.model_validate(data) if data is not None else None

    @cached_property
    def inspections(self) -> dict[str, Inspection]:
        """The inspections by id (the first file of a duplicated id)."""
        from jacreport.records.models import Inspection

        return {record.id: record for record in self._built(INSPECTIONS, Inspection)}

    @cached_property
    def recommendations(self) -> dict[str, Recommendation]:
        """The findings by id (the first file of a duplicated id)."""
        from jacreport.records.models import Recommendation

        return {record.id: record for record in self._built(RECOMMENDATIONS, Recommendation)}

    @cached_property
    def meetings(self) -> dict[dt.date, Meeting]:
        """The meetings by date."""
        from jacreport.records.models import Meeting

        return {record.date: record for record in self._built(MEETINGS, Meeting)}

    @cached_property
    def paths(self) -> dict[str, Path]:
        """The file each finding and inspection was loaded from, by id."""
        child = {sub: _child(self.root / sub) for sub in (INSPECTIONS, RECOMMENDATIONS)}
        return {
            rid: child[sub](relative.split("/", 1)[1])
            for sub in (INSPECTIONS, RECOMMENDATIONS)
            for relative, rid in self.index.query(
                "SELECT path, id FROM files WHERE sub = ? AND loaded = 1 AND shadowed = 0",
                (sub,),
            )
        }

    def path_of(self, record_id: str) -> Path:
        """The file a recommendation or inspection was loaded from."""
        return self.paths[record_id]

    @cached_property
    def briefs(self) -> list[Brief]:
        """The findings as the index holds them: enough to count, without building them."""
        return briefs.findings(self.index)

    def _built(self, sub: str, model: type[M]) -> list[M]:
        """The loaded records of one sub-folder, rebuilt from their JSON, in file order."""
        from jacreport.records import load, rebuild

        build = rebuild.BUILDERS[sub]
        out: list[M] = []
        for relative, data in self.index.query(
            "SELECT f.path, b.data FROM files f JOIN bodies b ON b.path = f.path "
            "WHERE f.sub = ? AND f.loaded = 1 AND f.shadowed = 0 ORDER BY f.path",
            (sub,),
        ):
            try:
                record: object = build(json.loads(data))
            except (ValueError, KeyError, TypeError, AttributeError):
                # A damaged row: the file itself answers, and is parsed again next time.
                record = load.parse_entry(sub, self.root / relative)[0]
                self.index.forget(relative)
            if isinstance(record, model):
                out.append(record)
        return out

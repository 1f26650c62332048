"""The use cases: find and load the records, then query, change or report on them; never print."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from jacreport import query, store
from jacreport.errors import Problem, UsageError
from jacreport.models import Inspection, Recommendation
from jacreport.store import Records


def today() -> dt.date:
    """Today's date; `JAC_TODAY=YYYY-MM-DD` fixes it (for reproducing a run, and for tests)."""
    fixed = os.environ.get("JAC_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise UsageError(f"JAC_TODAY={fixed!r} is not a date; use YYYY-MM-DD") from None
    return dt.date.today()


def open_records(records_dir: Path | None) -> Records:
    """The records folder found in SPEC's order, loaded once."""
    return store.load(store.find_root(records_dir))


@dataclass(frozen=True)
class CheckResult:
    """What `jac check` found."""

    records: Records

    @property
    def problems(self) -> list[Problem]:
        """Every problem, sorted by file and line."""
        return self.records.problems

    @property
    def ok(self) -> bool:
        """True when the records are valid."""
        return not self.records.problems


def check(records_dir: Path | None) -> CheckResult:
    """Validate every record and every rule between records."""
    return CheckResult(open_records(records_dir))


def list_items(records: Records, flt: query.Filter) -> list[query.Row]:
    """The findings matching the filter, as they stood on its date."""
    if flt.inspection is not None and flt.inspection not in records.inspections:
        raise UsageError(_unknown("inspection", flt.inspection, records.inspections))
    return query.select(records.recommendations.values(), records.inspections, flt, today())


@dataclass(frozen=True)
class Shown:
    """One finding with what `jac show` prints beside it."""

    record: Recommendation
    inspection: Inspection | None
    path: str


def show(records: Records, record_id: str) -> Shown:
    """One finding in full, or a usage error suggesting near ids."""
    rec = records.recommendations.get(record_id) or records.recommendations.get(record_id.upper())
    if rec is None:
        raise UsageError(_unknown("record", record_id, records.recommendations))
    return Shown(
        rec, records.inspections.get(rec.inspection), store.display_path(records.path_of(rec.id))
    )


def _unknown(kind: str, wanted: str, known: object) -> str:
    """`no record 'X'`, with the nearest known ids when there are some."""
    near = query.near_ids(wanted, known if isinstance(known, dict) else [])
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    return f"no {kind} {wanted!r}{hint}"

"""Review of record changes, as the command line calls it: the records' own diff between
two revisions, a record's history, and both written for people."""

from __future__ import annotations

from pathlib import Path

from jacreport.review import compare
from jacreport.review.compare import DiffResult, LogResult
from jacreport.review.formats import log_text, markdown, text

__all__ = ["DiffResult", "LogResult", "diff", "log", "log_text", "markdown", "text"]


def diff(records_dir: Path | None, base: str, rev: str | None) -> DiffResult:
    """What changed from BASE's merge base with REV (default: the working tree) to REV."""
    return compare.diff_records(records_dir, base, rev)


def log(records_dir: Path | None, record_id: str) -> LogResult:
    """Each commit that touched a record, and what it changed."""
    return compare.log(records_dir, record_id)

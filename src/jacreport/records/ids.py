"""Finding ids: checking one from the command line, where its file is, the next free one."""

from __future__ import annotations

import re
from pathlib import Path

from jacreport.errors import UsageError
from jacreport.records import paths
from jacreport.records.models import RECOMMENDATION_ID, ItemType
from jacreport.records.values import normal_id


def checked_id(record_id: str) -> str:
    """A finding id from the command line (`rec-95` is `REC-095`); anything else, paths
    included, is a usage error."""
    record_id = normal_id(record_id)
    if not RECOMMENDATION_ID.match(record_id):
        raise UsageError(f"{record_id!r} is not a finding id (REC-, COC- or AFI- and 3+ digits)")
    return record_id


def finding_path(root: Path, record_id: str) -> Path:
    """The file of a finding."""
    return root / paths.RECOMMENDATIONS / f"{record_id}{paths.RECORD_SUFFIX}"


def next_id(root: Path, item_type: ItemType) -> str:
    """The highest id of the type's prefix present, plus one, at least three digits."""
    pattern = re.compile(rf"^{item_type.prefix}-([0-9]+)$")
    numbers = [
        int(match.group(1))
        for path in paths.record_files(root / paths.RECOMMENDATIONS)
        if (match := pattern.match(path.stem))
    ]
    return f"{item_type.prefix}-{max(numbers, default=0) + 1:03d}"

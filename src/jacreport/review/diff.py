"""Pure: two sets of records -> what changed, in the records' own terms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jacreport.records.models import DONE_STATUSES, Inspection, Meeting, Recommendation, Status

AnyRecord = Recommendation | Inspection | Meeting


def kind_of(record: AnyRecord) -> str:
    """`recommendation` (any finding), `inspection` or `meeting`."""
    if isinstance(record, Recommendation):
        return "recommendation"
    return "inspection" if isinstance(record, Inspection) else "meeting"


def key_of(record: AnyRecord) -> str:
    """The id a record is paired by: its id, or a meeting's date."""
    return record.date.isoformat() if isinstance(record, Meeting) else record.id


@dataclass
class Change:
    """One record added, removed or changed."""

    id: str
    kind: str
    change: str  # added | removed | changed
    fields: dict[str, list[Any]]
    summary: str
    new_updates: list[dict[str, Any]] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)
    group: str = "edited"  # closed | submitted | status | updated | added | edited | removed

    def as_json(self) -> dict[str, Any]:
        """SPEC's shape, with `kind`, `summary`, `group`, `new_updates` and `attention` added."""
        return {
            "id": self.id,
            "change": self.change,
            "fields": self.fields,
            "kind": self.kind,
            "group": self.group,
            "summary": self.summary,
            "new_updates": self.new_updates,
            "attention": self.attention,
        }


@dataclass(frozen=True)
class FileChange:
    """A file that feeds the paper (a template, an evidence file) added, removed or changed."""

    path: str
    change: str  # added | removed | changed

    def as_json(self) -> dict[str, str]:
        """`{"path", "change"}`."""
        return {"path": self.path, "change": self.change}


def compare_files(old: Mapping[str, str], new: Mapping[str, str]) -> list[FileChange]:
    """Files (path -> blob id) added, removed or changed, in path order."""
    changes = []
    for path in sorted(set(old) | set(new)):
        before, after = old.get(path), new.get(path)
        if before != after:
            kind = "added" if before is None else "removed" if after is None else "changed"
            changes.append(FileChange(path, kind))
    return changes


def compare_settings(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Each setting whose value differs: name -> [old, new], None where it is not set."""
    return {
        name: [old.get(name), new.get(name)]
        for name in list(dict.fromkeys([*old, *new]))
        if old.get(name) != new.get(name)
    }


def compare(old: Mapping[str, AnyRecord], new: Mapping[str, AnyRecord]) -> list[Change]:
    """The changes from `old` to `new`, records paired by kind and id, in id order."""
    changes: list[Change] = []
    for key in sorted(set(old) | set(new), key=_order):
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            changes.append(_added(after))
        elif after is None and before is not None:
            changes.append(_removed(before))
        elif before is not None and after is not None:
            change = _changed(before, after)
            if change is not None:
                changes.append(change)
    return changes


def _order(key: str) -> tuple[str, int, str]:
    from jacreport.records.query import id_sort_key

    kind, _, rid = key.partition(":")
    prefix, number, whole = id_sort_key(rid)
    return (kind + prefix, number, whole)


def _data(record: AnyRecord) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude_defaults=True)


def _added(record: AnyRecord) -> Change:
    data = _data(record)
    fields = {name: [None, value] for name, value in data.items()}
    if isinstance(record, Recommendation):
        summary = (
            f"new {record.type.value} ({record.inspection}), {record.status.value}: {record.title}"
        )
    elif isinstance(record, Inspection):
        summary = f"new inspection ({record.type.value}): {record.title}"
    else:
        summary = "new meeting record"
    return Change(key_of(record), kind_of(record), "added", fields, summary, group="added")


def _removed(record: AnyRecord) -> Change:
    fields = {name: [value, None] for name, value in _data(record).items()}
    change = Change(key_of(record), kind_of(record), "removed", fields, "removed", group="removed")
    change.attention.append(f"{key_of(record)} was removed: records are closed, not deleted")
    return change


def _changed(before: AnyRecord, after: AnyRecord) -> Change | None:
    old, new = _data(before), _data(after)
    fields = {
        name: [old.get(name), new.get(name)]
        for name in list(dict.fromkeys([*old, *new]))
        if old.get(name) != new.get(name)
    }
    if not fields:
        return None
    change = Change(key_of(after), kind_of(after), "changed", fields, "edited " + ", ".join(fields))
    if isinstance(before, Recommendation) and isinstance(after, Recommendation):
        _describe_finding(change, before, after, old.get("updates", []), new.get("updates", []))
    return change


def _describe_finding(
    change: Change,
    before: Recommendation,
    after: Recommendation,
    old_updates: list[dict[str, Any]],
    new_updates: list[dict[str, Any]],
) -> None:
    """Name a finding's change as reviewers think of it, and flag what needs attention."""
    rid = after.id
    rewritten = new_updates[: len(old_updates)] != old_updates
    if rewritten:
        change.new_updates = [u for u in new_updates if u not in old_updates]
        change.attention.append(f"{rid}: a past update was edited or removed (history rewritten)")
    else:
        change.new_updates = new_updates[len(old_updates) :]

    moved = before.status is not after.status
    if moved and not any(u.get("status") == after.status.value for u in change.new_updates):
        change.attention.append(
            f"{rid}: status changed {before.status.value} -> {after.status.value} without a new update saying so"
        )
    if before.status in DONE_STATUSES and before.level != after.level:
        change.attention.append(
            f"{rid}: level changed from {before.level} to {after.level} after closure"
        )

    closure = after.closure
    if moved and after.status in DONE_STATUSES and closure is not None:
        confirming = before.status is Status.SUBMITTED and after.status is Status.CLOSED
        if confirming:
            change.summary = f"closed at level {after.level}, HMICFRS confirmed {closure.confirmed}"
        else:
            action = "submitted for closure" if after.status is Status.SUBMITTED else "closed"
            change.summary = f"{action} at level {after.level}" + (
                f", evidence {closure.evidence}" if closure.evidence else ", no evidence"
            )
        change.group = "submitted" if after.status is Status.SUBMITTED else "closed"
        if after.level in (2, 3) and not closure.evidence:
            change.attention.append(f"{rid}: closed at level {after.level} without evidence")
    elif moved:
        returned = " (returned by HMICFRS)" if before.status is Status.SUBMITTED else ""
        change.summary = f"{before.status.value} -> {after.status.value}{returned}"
        change.group = "status"
    elif rewritten:
        change.summary = "past updates edited"
    elif change.new_updates and set(change.fields) <= {"updates"}:
        count = len(change.new_updates)
        change.summary = f"{count} new update{'s' if count != 1 else ''}"
        change.group = "updated"
    others = [
        name for name in change.fields if name not in {"status", "updates", "closure", "level"}
    ]
    if others and change.group != "edited":
        change.summary += "; edited " + ", ".join(others)

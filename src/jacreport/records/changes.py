"""The use cases that change records: init, add, update and close, under the level rules.

Each change holds the folder's lock, reads the one file it changes, edits it round-trip,
validates the result, and only then replaces the file atomically. A refused change
writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jacreport.errors import Refused, UsageError
from jacreport.records import edit, ids, load, messages, paths, write
from jacreport.records import yamlio as loader
from jacreport.records.models import (
    OPEN_STATUSES,
    RECOMMENDATION_FIELDS,
    Recommendation,
    Status,
)
from jacreport.records.values import today

UPDATE_FIELDS = ("date", "note", "status", "by", "restricted")
CLOSURE_FIELDS = ("date", "evidence", "note", "confirmed")


# --- update and close ---------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateRequest:
    """One progress update to append, as `jac update` takes it."""

    record_id: str
    note: str
    status: Status | None = None
    date: dt.date | None = None
    by: str | None = None
    due: dt.date | None = None
    owner: str | None = None


def update(root: Path, request: UpdateRequest) -> str:
    """Append a progress update, moving the status; returns a one-line summary."""
    _check_update_status(request.status)
    return _edit(root, request.record_id, _update_change(request))


@dataclass(frozen=True)
class Edit:
    """A finding's new text, validated and ready to write, and what the change did."""

    path: Path
    text: str
    summary: str


def prepare_update(root: Path, request: UpdateRequest) -> Edit:
    """The edit `jac update` would make, validated but not written: for callers that apply
    many updates all or nothing. The caller holds the folder's lock (`write.locked`)."""
    _check_update_status(request.status)
    return _edited(root, request.record_id, _update_change(request))


def write_edits(edits: list[Edit]) -> None:
    """Replace each prepared file atomically (the caller holds the lock and has validated
    every edit first, so a refusal of any one writes none)."""
    for item in edits:
        write.atomic_write(item.path, item.text.encode("utf-8"), sync_dir=False)
    for folder in sorted({item.path.parent for item in edits}):
        write.sync_dir(folder)


def _check_update_status(status: Status | None) -> None:
    if status is not None and status not in OPEN_STATUSES:
        raise UsageError("`jac update --status` is red, amber or green; use `jac close` to close")


def _update_change(request: UpdateRequest) -> Callable[[Recommendation, edit.Document], str]:
    """The update rules: a closed item refused, a return from submitted voids the closure,
    a new due date or owner recorded in the note."""
    status, note, due, owner, by = (
        request.status,
        request.note,
        request.due,
        request.owner,
        request.by,
    )
    when = request.date or today()

    def change(rec: Recommendation, doc: edit.Document) -> str:
        if rec.status is Status.CLOSED:
            raise Refused(f"{rec.id} is closed; a closed item cannot be updated")
        _check_date(rec, when, "--date")
        words = note
        summary = f"{rec.id}: update added"
        new_status = status if status is not None and status is not rec.status else None
        if new_status is not None and rec.status is Status.SUBMITTED:
            # HMICFRS has returned a submitted item: it is open again and its closure is void.
            prefix = "Returned by HMICFRS: "
            words = note if note.lower().startswith(prefix.lower()) else prefix + note
            doc.remove("closure")
            summary = f"{rec.id}: returned by HMICFRS, now {new_status.value}"
        elif new_status is not None:
            summary = f"{rec.id}: {rec.status.value} -> {new_status.value}"
        if due is not None and due != rec.due:
            was = rec.due.isoformat() if rec.due else "none"
            words += f" (due date changed from {was} to {due.isoformat()})"
            doc.set("due", due, RECOMMENDATION_FIELDS)
        if owner is not None and owner != rec.owner:
            words += f" (owner changed from {rec.owner or 'none'} to {owner})"
            doc.set("owner", owner, RECOMMENDATION_FIELDS)
        if new_status is not None:
            doc.set("status", new_status.value, RECOMMENDATION_FIELDS)
        doc.append("updates", update_fields(when, words, new_status, by), RECOMMENDATION_FIELDS)
        return summary

    return change


def close(
    root: Path,
    record_id: str,
    *,
    level: int,
    date: dt.date | None = None,
    evidence: str | None = None,
    note: str | None = None,
    confirmed: bool = False,
    by: str | None = None,
) -> str:
    """Close or submit a finding under the HMICFRS level rules; returns a one-line summary."""
    if level not in (1, 2, 3, 4):
        raise UsageError(f"--level {level} is not a level (1, 2, 3 or 4)")
    when = date or today()

    def change(rec: Recommendation, doc: edit.Document) -> str:
        if rec.status is Status.CLOSED:
            raise Refused(f"{rec.id} is already closed")
        if rec.level is not None and rec.level != level:
            raise Refused(f"{rec.id} is level {rec.level}, not level {level}")
        _check_date(rec, when, "--date")
        if evidence is not None:
            problem = paths.evidence_problem(root, evidence)
            if problem:
                raise Refused(problem)
        if confirmed:
            if level != 4 or rec.status is not Status.SUBMITTED:
                raise Refused(
                    f"--confirmed is only for a submitted level 4 item; {rec.id} is "
                    f"{rec.status.value}" + (f" at level {rec.level}" if rec.level else "")
                )
            doc.set("status", Status.CLOSED.value, RECOMMENDATION_FIELDS)
            edit.set_field(doc.data["closure"], "confirmed", when, CLOSURE_FIELDS)
            words = note or "HMICFRS confirmed closure (level 4)."
            doc.append(
                "updates", update_fields(when, words, Status.CLOSED, by), RECOMMENDATION_FIELDS
            )
            return f"{rec.id}: closed, HMICFRS confirmed on {when}"
        if rec.status is Status.SUBMITTED:
            raise Refused(
                f"{rec.id} is already submitted; when HMICFRS has verified it, use "
                f"`jac close {rec.id} --level 4 --confirmed`"
            )
        if level in (2, 3) and evidence is None:
            raise Refused(
                f"level {level} needs --evidence: the Chief Constable's letter (a path under "
                "records/, or a reference such as portal:...)"
            )
        new_status = Status.SUBMITTED if level == 4 else Status.CLOSED
        if rec.level is None:
            doc.set("level", level, RECOMMENDATION_FIELDS)
        doc.set("status", new_status.value, RECOMMENDATION_FIELDS)
        words = note or DEFAULT_CLOSE_NOTES[level]
        doc.append("updates", update_fields(when, words, new_status, by), RECOMMENDATION_FIELDS)
        doc.set(
            "closure",
            edit.mapping({"date": when, "evidence": evidence, "note": note}),
            RECOMMENDATION_FIELDS,
        )
        action = "submitted for closure" if new_status is Status.SUBMITTED else "closed"
        extra = f", evidence {evidence}" if evidence else ""
        return f"{rec.id}: {action} at level {level}{extra}"

    return _edit(root, record_id, change)


DEFAULT_CLOSE_NOTES = {
    1: "Closed and archived by HMICFRS (level 1).",
    2: "Work complete; closed by the force with the Chief Constable's letter (level 2).",
    3: "Self-certified complete with the Chief Constable's letter (level 3); HMICFRS to verify.",
    4: "Submitted to HMICFRS for closure (level 4).",
}


# --- shared -------------------------------------------------------------------------------


def update_fields(
    date: dt.date, note: str, status: Status | None, by: str | None
) -> dict[str, Any]:
    return {"date": date, "note": note, "status": status.value if status else None, "by": by}


def _check_date(rec: Recommendation, when: dt.date, flag: str) -> None:
    if when > today():
        raise Refused(f"{flag} {when} is in the future")
    if rec.updates and when < rec.updates[-1].date:
        last = rec.updates[-1]
        message = (
            f"{flag} {when} is before {rec.id}'s last update ({last.date}: "
            f"{' '.join(last.note.split())[:60]!r}); updates are kept in date order"
        )
        if len(rec.updates) == 1 and last.date == today():
            message += (
                f". {rec.id} was added today, so its history starts today: to enter an "
                "item's history, add it with `jac add ... --raised DATE` (the date it was "
                "received), then update and close it with their own dates"
            )
        raise Refused(message)


def _edit(
    root: Path, record_id: str, change: Callable[[Recommendation, edit.Document], str]
) -> str:
    """Lock, read one finding, apply `change` round-trip, validate, replace atomically."""
    with write.locked(root):
        done = _edited(root, record_id, change)
        write.atomic_write(done.path, done.text.encode("utf-8"))
    return done.summary


def _edited(
    root: Path, record_id: str, change: Callable[[Recommendation, edit.Document], str]
) -> Edit:
    """Read one finding, apply `change` round-trip and validate the result; write nothing.
    The caller holds the lock."""
    ids.checked_id(record_id)
    path = ids.finding_path(root, record_id)
    if not path.is_file():
        known = [p.stem for p in paths.record_files(root / paths.RECOMMENDATIONS)]
        raise UsageError(messages.unknown("record", record_id, known))
    if path.is_symlink():
        raise Refused(
            f"{paths.display_path(path)} is a symbolic link; jac will not write through it"
        )
    raw = path.read_bytes()
    current = write.validated(path, load.decoded(path, raw), Recommendation, root, before=True)
    doc = edit.Document(raw.decode("utf-8"))
    summary = change(current, doc)
    text = doc.text()
    write.validated(path, loader.decode(text.encode()), Recommendation, root)
    return Edit(path, text, summary)

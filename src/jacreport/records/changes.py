"""The use cases that change records: init, add, update and close, under the level rules.

Each change holds the folder's lock, reads the one file it changes, edits it round-trip,
validates the result, and only then replaces the file atomically. A refused change
writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jacreport.errors import Problem, Refused, UsageError
from jacreport.records import edit, load, paths, query, rules, write
from jacreport.records import yamlio as loader
from jacreport.records.models import (
    INSPECTION_FIELDS,
    INSPECTION_ID,
    OPEN_STATUSES,
    RECOMMENDATION_FIELDS,
    RECOMMENDATION_ID,
    AddressedTo,
    Inspection,
    ItemType,
    Recommendation,
    Settings,
    Status,
)
from jacreport.services import today

UPDATE_FIELDS = ("date", "note", "status", "by", "restricted")
CLOSURE_FIELDS = ("date", "evidence", "note", "confirmed")


# --- init ---------------------------------------------------------------------------------

FOLDER_GITIGNORE = """\
# jac's own working files: never records
.jac-cache/
.jac.lock
.*.tmp
"""

FOLDER_README = """\
# {force}: HMICFRS records

This folder holds {force}'s HMICFRS inspections and findings, kept with jac.

- `jac.yaml`: settings
- `inspections/`: one file per inspection or published report
- `recommendations/`: one file per recommendation, cause of concern or area for improvement
- `meetings/`: one file per committee meeting, with the paper's own words
- `evidence/`: closure letters and other files

Change records with `jac add`, `jac update` and `jac close`, check them with `jac check`,
and review every change as a pull request.
"""


def init(
    folder: Path, force: str, short_name: str | None, closure_baseline: dt.date | None
) -> Path:
    """Start a records folder; an existing one (or any non-empty folder) is refused."""
    if (folder / paths.SETTINGS_FILE).exists():
        raise Refused(f"{paths.display_path(folder)} is already a records folder")
    if folder.exists() and any(folder.iterdir()):
        raise Refused(
            f"{paths.display_path(folder)} exists and is not empty; jac will not touch it"
        )
    settings: dict[str, Any] = {
        "force": force,
        "short_name": short_name,
        "closure_baseline": closure_baseline,
    }
    _validate_fields(folder / paths.SETTINGS_FILE, settings, Settings)
    folder.mkdir(parents=True, exist_ok=True)
    for sub in (paths.INSPECTIONS, paths.RECOMMENDATIONS, paths.MEETINGS, paths.EVIDENCE):
        (folder / sub).mkdir(exist_ok=True)
        (folder / sub / ".gitkeep").touch()
    text = edit.new_document(settings, header="Settings of this records folder (see `jac --help`).")
    write.atomic_write(folder / paths.SETTINGS_FILE, text.encode(), create=True)
    write.atomic_write(folder / ".gitignore", FOLDER_GITIGNORE.encode(), create=True)
    write.atomic_write(
        folder / "README.md", FOLDER_README.format(force=force).encode(), create=True
    )
    return folder


# --- add ----------------------------------------------------------------------------------


def add_inspection(root: Path, fields: dict[str, Any]) -> str:
    """Create an inspection record; an existing id is refused."""
    inspection_id = str(fields["id"])
    if not INSPECTION_ID.match(inspection_id):
        raise UsageError(
            f"{inspection_id!r} is not an inspection id (capitals, digits and hyphens, e.g. PEEL-2023)"
        )
    if fields.get("summary"):
        fields["summary"] = edit.block(fields["summary"])
    ordered = {key: fields.get(key) for key in INSPECTION_FIELDS}
    path = root / paths.INSPECTIONS / f"{inspection_id}{paths.RECORD_SUFFIX}"
    with write.locked(root):
        if path.exists():
            raise Refused(f"inspection {inspection_id} already exists ({paths.display_path(path)})")
        text = edit.new_document(ordered)
        _validated(path, text, Inspection, root)
        write.atomic_write(path, text.encode(), create=True)
    return inspection_id


@dataclass(frozen=True)
class NewItem:
    """What `jac add TYPE` was given."""

    type: ItemType
    inspection: str
    title: str
    text: str
    status: Status = Status.AMBER
    reference: str | None = None
    hmicfrs_ref: str | None = None
    part_of: str | None = None
    addressed_to: AddressedTo | None = None
    raised: dt.date | None = None
    due: dt.date | None = None
    owner: str | None = None
    portfolio: str | None = None
    level: int | None = None
    by: str | None = None
    note: str | None = None


def add_item(root: Path, new: NewItem) -> str:
    """Create a finding with the next free id of its prefix; print-ready id returned."""
    if new.status not in OPEN_STATUSES:
        raise UsageError("a new item's --status is red, amber or green")
    started = new.raised or today()
    if started > today():
        raise Refused(f"--raised {started} is in the future")
    inspection_path = root / paths.INSPECTIONS / f"{new.inspection}{paths.RECORD_SUFFIX}"
    with write.locked(root):
        if not inspection_path.is_file():
            known = [p.stem for p in paths.record_files(root / paths.INSPECTIONS)]
            near = query.near_ids(new.inspection, known)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            raise UsageError(f"no inspection {new.inspection!r}{hint}")
        if new.part_of is not None and not _finding_path(root, new.part_of).is_file():
            raise UsageError(f"no record {new.part_of!r} for --part-of")
        record_id = next_id(root, new.type)
        fields: dict[str, Any] = {
            "id": record_id,
            "type": new.type.value,
            "title": new.title,
            "text": edit.block(new.text),
            "inspection": new.inspection,
            "reference": new.reference,
            "hmicfrs_ref": new.hmicfrs_ref,
            "part_of": new.part_of,
            "addressed_to": new.addressed_to.value if new.addressed_to else None,
            "raised": new.raised,
            "due": new.due,
            "owner": new.owner,
            "portfolio": new.portfolio,
            "level": new.level,
            "status": new.status.value,
            "updates": [
                _update_fields(started, new.note or "Added to the records.", new.status, new.by)
            ],
        }
        ordered = {key: fields.get(key) for key in RECOMMENDATION_FIELDS}
        path = _finding_path(root, record_id)
        text = edit.new_document(ordered)
        _validated(path, text, Recommendation, root)
        write.atomic_write(path, text.encode(), create=True)
    return record_id


def next_id(root: Path, item_type: ItemType) -> str:
    """The highest id of the type's prefix present, plus one, at least three digits."""
    pattern = re.compile(rf"^{item_type.prefix}-([0-9]+)$")
    numbers = [
        int(match.group(1))
        for path in paths.record_files(root / paths.RECOMMENDATIONS)
        if (match := pattern.match(path.stem))
    ]
    return f"{item_type.prefix}-{max(numbers, default=0) + 1:03d}"


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


def update(
    root: Path,
    record_id: str,
    *,
    note: str,
    status: Status | None = None,
    date: dt.date | None = None,
    by: str | None = None,
    due: dt.date | None = None,
    owner: str | None = None,
) -> str:
    """Append a progress update, moving the status; returns a one-line summary."""
    request = UpdateRequest(record_id, note, status, date, by, due, owner)
    _check_update_status(request.status)
    return _edit(root, record_id, _update_change(request))


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
            words = f"Returned by HMICFRS: {note}"
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
        doc.append("updates", _update_fields(when, words, new_status, by), RECOMMENDATION_FIELDS)
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
            problem = rules.evidence_problem(root, evidence)
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
                "updates", _update_fields(when, words, Status.CLOSED, by), RECOMMENDATION_FIELDS
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
        doc.append("updates", _update_fields(when, words, new_status, by), RECOMMENDATION_FIELDS)
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


def _finding_path(root: Path, record_id: str) -> Path:
    return root / paths.RECOMMENDATIONS / f"{record_id}{paths.RECORD_SUFFIX}"


def _update_fields(
    date: dt.date, note: str, status: Status | None, by: str | None
) -> dict[str, Any]:
    return {"date": date, "note": note, "status": status.value if status else None, "by": by}


def _check_date(rec: Recommendation, when: dt.date, flag: str) -> None:
    if when > today():
        raise Refused(f"{flag} {when} is in the future")
    if rec.updates and when < rec.updates[-1].date:
        raise Refused(f"{flag} {when} is before {rec.id}'s last update ({rec.updates[-1].date})")


def checked_id(record_id: str) -> str:
    """A finding id from the command line; anything else (paths included) is a usage error."""
    if not RECOMMENDATION_ID.match(record_id):
        raise UsageError(f"{record_id!r} is not a finding id (REC-, COC- or AFI- and 3+ digits)")
    return record_id


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
    checked_id(record_id)
    path = _finding_path(root, record_id)
    if not path.is_file():
        known = [p.stem for p in paths.record_files(root / paths.RECOMMENDATIONS)]
        near = query.near_ids(record_id, known)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise UsageError(f"no record {record_id!r}{hint}")
    if path.is_symlink():
        raise Refused(
            f"{paths.display_path(path)} is a symbolic link; jac will not write through it"
        )
    raw = path.read_bytes()
    current = _validated(path, load.decoded(path, raw), Recommendation, root, before=True)
    doc = edit.Document(raw.decode("utf-8"))
    summary = change(current, doc)
    text = doc.text()
    _validated(path, loader.decode(text.encode()), Recommendation, root)
    return Edit(path, text, summary)


def _validated(path: Path, text: str, model: type[Any], root: Path, *, before: bool = False) -> Any:
    """The record the text holds, or a refusal listing its problems."""
    problems: list[Problem] = []
    record = load.parse_record(path, text, model, problems)
    if record is not None and isinstance(record, Recommendation):
        shown = paths.display_path(path)
        for loc, message in rules.recommendation_problems(record):
            problems.append(Problem(shown, loader.line_of(text, loc), message))
        if record.closure and record.closure.evidence and not before:
            message_ = rules.evidence_problem(root, record.closure.evidence)
            if message_:
                problems.append(Problem(shown, None, message_))
    if problems:
        lines = "; ".join(str(p) for p in problems)
        prefix = (
            "the record is invalid now; fix it first: "
            if before
            else "refused: the change would make the record invalid: "
        )
        raise Refused(prefix + lines)
    return record


def _validate_fields(path: Path, fields: dict[str, Any], model: type[Any]) -> None:
    text = edit.new_document(fields)
    problems: list[Problem] = []
    if load.parse_record(path, text, model, problems) is None:
        raise Refused("; ".join(p.message for p in problems))

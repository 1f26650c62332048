"""The use cases that create records: a new records folder, an inspection, a finding.
Each validates what it would write first, and writes a new file only (never over one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jacreport.errors import Refused, UsageError
from jacreport.records import edit, ids, messages, paths, store, write
from jacreport.records.changes import update_fields
from jacreport.records.models import (
    INSPECTION_FIELDS,
    INSPECTION_ID,
    OPEN_STATUSES,
    RECOMMENDATION_FIELDS,
    AddressedTo,
    Inspection,
    ItemType,
    Meeting,
    Recommendation,
    Settings,
    Status,
)
from jacreport.records.values import iso_date, normal_id, today

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
    write.validate_fields(folder / paths.SETTINGS_FILE, settings, Settings)
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
        write.validated(path, text, Inspection, root)
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
    restricted: bool = False


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
            raise UsageError(messages.unknown("inspection", new.inspection, known))
        if new.part_of is not None and not ids.finding_path(root, new.part_of).is_file():
            raise UsageError(f"no record {new.part_of!r} for --part-of")
        record_id = ids.next_id(root, new.type)
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
            "restricted": new.restricted or None,
            "updates": [
                update_fields(started, new.note or "Added to the records.", new.status, new.by)
            ],
        }
        ordered = {key: fields.get(key) for key in RECOMMENDATION_FIELDS}
        path = ids.finding_path(root, record_id)
        text = edit.new_document(ordered)
        write.validated(path, text, Recommendation, root)
        write.atomic_write(path, text.encode(), create=True)
    return record_id


def remove(root: Path, wanted: str) -> str:
    """Delete a finding, inspection or meeting record that nothing refers to (its history
    stays in git); what was removed, as the user should read it."""
    with write.locked(root):
        records = store.load(root)
        rid = normal_id(wanted)
        if rid in records.recommendations:
            users = sorted(r.id for r in records.recommendations.values() if r.part_of == rid)
            path = records.path_of(rid)
        elif wanted.upper() in records.inspections:
            rid = wanted.upper()
            users = sorted(r.id for r in records.recommendations.values() if r.inspection == rid)
            path = records.path_of(rid)
        else:
            day = _date_or_none(wanted)
            if day is None or day not in records.meetings:
                known = [*records.recommendations, *records.inspections]
                raise UsageError(messages.unknown("record", wanted, known))
            rid, users = day.isoformat(), []
            path = root / paths.MEETINGS / f"{rid}{paths.RECORD_SUFFIX}"
        if users:
            raise Refused(
                f"{rid} is referred to by {', '.join(users[:5])}"
                + (f" and {len(users) - 5} more" if len(users) > 5 else "")
                + "; remove or change those first"
            )
        if path.is_symlink():
            raise Refused(
                f"{paths.display_path(path)} is a symbolic link; jac does not follow links"
            )
        path.unlink()
        write.sync_dir(path.parent)
    return f"removed {rid} ({paths.display_path(path)})"


def _date_or_none(text: str) -> dt.date | None:
    try:
        return iso_date(text)
    except ValueError:
        return None


def record_file(root: Path, wanted: str) -> tuple[Path, type[Any]]:
    """The file of a finding (`rec-95`), inspection (any case) or meeting (its date), and
    its model; a usage error suggesting near ids when there is none."""
    rid = normal_id(wanted)
    for folder, name, model in (
        (paths.RECOMMENDATIONS, rid, Recommendation),
        (paths.INSPECTIONS, wanted.upper(), Inspection),
        (paths.MEETINGS, wanted, Meeting),
    ):
        path = root / folder / f"{name}{paths.RECORD_SUFFIX}"
        if path.is_file() and paths.name_problem(path.name) is None:
            if path.is_symlink():
                raise Refused(
                    f"{paths.display_path(path)} is a symbolic link; jac does not follow links"
                )
            return path, model
    known = [p.stem for p in paths.record_files(root / paths.RECOMMENDATIONS)]
    raise UsageError(messages.unknown("record", wanted, known))


def replace_record(root: Path, path: Path, model: type[Any], before: bytes, text: str) -> bool:
    """Write `text` over the record at `path` if it validates (a refusal listing its
    problems otherwise), under the lock, and only if nobody changed the file meanwhile;
    False when the text is unchanged (nothing written)."""
    if text.encode("utf-8") == before:
        return False
    with write.locked(root):
        if path.read_bytes() != before:
            raise Refused(
                f"{paths.display_path(path)} changed while you edited it; nothing was written"
            )
        write.validated(path, text, model, root)
        write.atomic_write(path, text.encode("utf-8"))
    return True

"""Scaffolding the next meeting record from the previous one."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from jacreport.errors import Problem, Refused
from jacreport.records import edit, load, paths, write
from jacreport.records.models import DEFAULT_COMMITTEE_ASKED, DEFAULT_MEETING_TITLE, Meeting
from jacreport.records.values import NARRATIVE_SECTIONS


def new(root: Path, date: dt.date) -> Path:
    """Write `meetings/DATE.yaml`, carrying over the previous meeting's standing parts and
    leaving every narrative section as an empty, commented slot. An existing one is refused."""
    from ruamel.yaml.comments import CommentedMap

    path = root / paths.MEETINGS / f"{date.isoformat()}{paths.RECORD_SUFFIX}"
    with write.locked(root):
        if path.exists():
            raise Refused(f"meeting {date} already exists ({paths.display_path(path)})")
        previous = _previous(root, date)
        data = CommentedMap()
        data["date"] = date
        if previous and previous.agenda_item:
            data["agenda_item"] = previous.agenda_item
        data["title"] = previous.title if previous else DEFAULT_MEETING_TITLE
        if previous and previous.purpose:
            data["purpose"] = edit.scalar(previous.purpose)
        narrative = CommentedMap()
        for name, where in NARRATIVE_SECTIONS.items():
            narrative[name] = None
            narrative.yaml_set_comment_before_after_key(
                name, before=f"{where} (Markdown)", indent=2
            )
        data["narrative"] = narrative
        data["committee_asked"] = previous.committee_asked if previous else DEFAULT_COMMITTEE_ASKED
        if previous and previous.contact:
            data["contact"] = edit.mapping(previous.contact.model_dump(exclude_none=True))
        data["background_documents"] = []
        header = (
            f"Meeting of {date.isoformat()}"
            + (f", scaffolded from {previous.date.isoformat()}" if previous else "")
            + ". Write each narrative section as Markdown after its key (use `|` for paragraphs)."
        )
        data.yaml_set_start_comment(header)
        out = io.StringIO()
        edit.yaml_writer().dump(data, out)
        text = out.getvalue()
        problems: list[Problem] = []
        if load.parse_record(path, text, Meeting, problems) is None:
            raise Refused("; ".join(str(p) for p in problems))
        write.atomic_write(path, text.encode("utf-8"), create=True)
    return path


def _previous(root: Path, date: dt.date) -> Meeting | None:
    """The latest valid meeting record before `date`."""
    dates = []
    for file in paths.record_files(root / paths.MEETINGS):
        try:
            dates.append(dt.date.fromisoformat(file.stem))
        except ValueError:
            continue
    for candidate in sorted((d for d in dates if d < date), reverse=True):
        problems: list[Problem] = []
        file = root / paths.MEETINGS / f"{candidate.isoformat()}{paths.RECORD_SUFFIX}"
        if file.is_symlink() or file.parent.is_symlink():
            continue  # never followed; `jac check` names it
        meeting = load.parse_record(file, load.read_text(file), Meeting, problems)
        if meeting is not None:
            return meeting
    return None

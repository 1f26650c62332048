"""Issue 19 (the parts built so far): the first meeting's window, returned items, a paper
that refuses to be silently short, and history entered after the fact."""

from __future__ import annotations

import shutil
from pathlib import Path

import fixtures_paper
import pytest
from conftest import DEMO_RECORDS, Jac


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(DEMO_RECORDS, root, ignore=shutil.ignore_patterns(".jac-*"))
    return root


def test_the_first_meeting_without_a_start_warns_and_window_start_sets_it(
    jac: Jac, records: Path
) -> None:
    settings = records / "jac.yaml"
    settings.write_text(
        "".join(
            line
            for line in settings.read_text("utf-8").splitlines(True)
            if "closure_baseline" not in line
        ),
        "utf-8",
    )
    first = jac("render", "--meeting", "2017-09-28", "--records", records)
    assert first.exit_code == 0, first.stderr
    assert "covers every record since the start" in first.stderr
    meeting = records / "meetings" / "2017-09-28.yaml"
    meeting.write_text(
        meeting.read_text("utf-8").replace(
            "date: 2017-09-28", "date: 2017-09-28\nwindow_start: 2017-07-01"
        ),
        "utf-8",
    )
    assert jac("check", "--records", records).exit_code == 0
    again = jac("render", "--meeting", "2017-09-28", "--records", records)
    assert "covers every record" not in again.stderr
    shown = jac("show", "2017-09-28", "--records", records)
    assert "window:       2017-07-01 to 2017-09-28" in shown.stdout


def test_a_returned_item_is_listed_with_its_note_and_not_counted(jac: Jac, tmp_path: Path) -> None:
    folder = fixtures_paper.make(tmp_path / "records")
    paper = jac("render", "--meeting", "2024-06-01", "--records", folder).stdout
    closed = paper[paper.index("## 5.") : paper.index("## 6.")]
    assert "REC-004" not in closed
    returned = paper[paper.index("### Returned by HMICFRS") : paper.index("## 7.")]
    assert "REC-004" in returned and "now amber" in returned
    # Before it was returned (the previous meeting was on 1 March; submitted 1 April),
    # the item counts as closed at a date inside that window:
    counted = jac("count", "--until", "2024-04-30", "--format", "json", "--records", folder).stdout
    assert '"level": 4' in counted

"""The paper's computations, on their own: as the records stood on the meeting date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import fixtures_paper
import pytest
from conftest import Jac

from jacreport.paper import facts as paper_facts
from jacreport.paper import paper as papers
from jacreport.records import store
from jacreport.records.models import ItemType, Status

D = dt.date.fromisoformat


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return fixtures_paper.make(tmp_path / "records")


@pytest.fixture
def paper(folder: Path) -> papers.Paper:
    records = store.load(folder)
    assert records.problems == []
    assert records.settings is not None
    found = paper_facts.Facts(
        records.recommendations.values(), records.inspections, full=lambda rec: rec
    )
    return papers.paper(
        records.settings, records.meetings[D("2024-06-01")], records.meetings, found
    )


def test_window_runs_from_the_day_after_the_previous_meeting(paper: papers.Paper) -> None:
    assert paper.window == paper_facts.Window(D("2024-03-02"), D("2024-06-01"))
    assert paper.previous == D("2024-03-01")
    assert paper_facts.meeting_window(
        [D("2024-03-01")], D("2024-03-01"), D("2024-01-01")
    ) == paper_facts.Window(D("2024-01-01"), D("2024-03-01"))
    assert paper_facts.meeting_window([], D("2017-01-01"), D("2024-01-01")) == paper_facts.Window(
        None, D("2017-01-01")
    )


def test_closure_table_counts_the_meeting_date_but_not_the_previous_one(
    paper: papers.Paper,
) -> None:
    rows = {(r.type, r.level): (r.count, r.change) for r in paper.closures.rows}
    assert rows == {
        (ItemType.RECOMMENDATION, 3): (1, 0),  # REC-002, on the previous meeting's date
        (ItemType.RECOMMENDATION, 2): (1, 1),  # REC-001, on the meeting date
    }  # REC-004 was submitted in the window but returned before the meeting: not counted
    assert [r.label for r in paper.closures.rows] == ["Recommendation Lv3", "Recommendation Lv2"]
    assert (paper.closures.total, paper.closures.total_change) == (2, 1)
    assert [item.id for item in paper.returned] == ["REC-004"]
    assert paper.closures.since == D("2024-01-01")


def test_open_items_as_they_stood(paper: papers.Paper) -> None:
    o = paper.open
    assert o.total == 4
    assert o.by_status == {Status.RED: 2, Status.AMBER: 1, Status.GREEN: 1}
    assert o.get(ItemType.RECOMMENDATION, Status.RED) == 2  # REC-003 (closes later) and REC-007
    assert o.get(ItemType.AREA_FOR_IMPROVEMENT, Status.GREEN) == 1
    assert paper.added == 1  # AFI-001, raised 2024-04-15; REC-006 is raised after the meeting


def test_published_activity_and_closed(paper: papers.Paper) -> None:
    assert [p.inspection.id for p in paper.published] == ["THEM-2024"]
    published = paper.published[0]
    assert [i.id for i in published.items] == ["AFI-001"]
    assert published.comments_due == D("2024-06-09")  # 56 days beginning with 15 April
    assert published.totals == {ItemType.RECOMMENDATION: 5, ItemType.AREA_FOR_IMPROVEMENT: 2}
    assert paper.reports_with_items == 1
    assert [i.id for i in paper.activity] == ["VISIT-2024"]
    assert [i.id for i in paper.forthcoming] == ["FUTURE-2024"]
    closed = {g.inspection_id: [i.id for i in g.items] for g in paper.closed}
    assert closed == {"PEEL-2024": ["COC-001", "REC-001"]}  # REC-004 was returned


def test_red_overdue_and_restricted(paper: papers.Paper) -> None:
    assert [(i.id, i.withheld) for i in paper.red] == [("REC-003", False), (None, True)]
    latest = paper.red[0].latest
    assert latest is not None and latest.date == D("2024-05-01")  # not the later closing update
    withheld = paper.red[1]
    assert withheld.title is None and withheld.text is None and withheld.latest is None
    assert [(i.id, i.due) for i in paper.overdue] == [(None, D("2024-05-01"))]


def test_peel_progress_includes_causes_of_concern(paper: papers.Paper) -> None:
    assert len(paper.peel) == 1
    rows = [(r.type, r.received, r.submitted) for r in paper.peel[0].rows]
    assert rows == [(ItemType.CAUSE_OF_CONCERN, 1, 1), (ItemType.RECOMMENDATION, 5, 2)]


def test_narrative_and_empty_sections(paper: papers.Paper) -> None:
    assert paper.narrative == {"opening": "The **opening** words."}
    assert paper.empty_sections == ["forthcoming"]


def test_count_json_shapes(folder: Path, jac: Jac) -> None:
    meeting = json.loads(
        jac("count", "--meeting", "2024-06-01", "--format", "json", "--records", folder).stdout
    )
    assert meeting == {
        "since": "2024-01-01",
        "until": "2024-06-01",
        "rows": [
            {"type": "recommendation", "level": 3, "count": 1, "change": 0},
            {"type": "recommendation", "level": 2, "count": 1, "change": 1},
        ],
        "total": {"count": 2, "change": 1},
    }
    plain = json.loads(
        jac(
            "count",
            "--since",
            "2024-03-02",
            "--until",
            "2024-06-01",
            "--format",
            "json",
            "--records",
            folder,
        ).stdout
    )
    assert plain["rows"] == [
        {"type": "recommendation", "level": 2, "count": 1, "change": None},
    ]  # REC-004, submitted in the window, was returned by its end
    assert plain["total"] == {"count": 1, "change": None}
    opened = json.loads(
        jac(
            "count", "--open", "--until", "2024-06-01", "--format", "json", "--records", folder
        ).stdout
    )
    assert opened == {
        "date": "2024-06-01",
        "rows": [
            {"type": "recommendation", "status": "red", "count": 2},
            {"type": "recommendation", "status": "amber", "count": 1},
            {"type": "area-for-improvement", "status": "green", "count": 1},
        ],
        "total": {"count": 4, "added": 1},
    }
    progress = json.loads(
        jac(
            "count",
            "--inspection",
            "PEEL-2024",
            "--until",
            "2024-06-01",
            "--format",
            "json",
            "--records",
            folder,
        ).stdout
    )
    assert progress == {
        "inspection": "PEEL-2024",
        "rows": [
            {"type": "cause-of-concern", "received": 1, "submitted": 1},
            {"type": "recommendation", "received": 5, "submitted": 2},
        ],
    }


def test_count_table_reads_like_the_paper(folder: Path, jac: Jac) -> None:
    result = jac("count", "--meeting", "2024-06-01", "--records", folder)
    lines = result.stdout.splitlines()
    assert lines[0] == "Closures to 2024-06-01"
    assert lines[2].split("  ")[0] == "Recommendation Lv3"
    assert lines[3].split("  ")[0] == "Recommendation Lv2" and lines[3].endswith("1 (+1)")
    assert lines[-1].startswith("Total") and lines[-1].endswith("2 (+1)")


def test_count_usage_errors(folder: Path, jac: Jac) -> None:
    unknown = jac("count", "--meeting", "2024-06-02", "--records", folder)
    assert unknown.exit_code == 2
    assert (
        unknown.stderr
        == "error: no meeting on 2024-06-02 (meetings: 2024-03-01, 2024-06-01, 2024-09-01)\n"
    )
    both = jac("count", "--meeting", "2024-06-01", "--until", "2024-06-01", "--records", folder)
    assert both.exit_code == 2

"""The index answers as the records do: `jac list` (filtered in SQL), the counts and the
paper (from light rows) agree with the same questions asked of validated records, on a
generated folder with the awkward shapes; and the commands that answer from the index
import neither pydantic nor YAML nor rich."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Jac, write_files

from jacreport import services
from jacreport.paper import counts
from jacreport.paper import paper as papers
from jacreport.paper.facts import Window
from jacreport.records import store
from jacreport.records.query import Filter
from jacreport.records.values import AddressedTo, ItemType, Status

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # type: ignore[import-not-found]

D = dt.date.fromisoformat
TODAY = "2022-06-30"

# Shapes the generator does not make: two updates on one day, a status set after today,
# a status with no update behind it, a finding for another body, a duplicated id, a
# finding of an unknown report, one raised before its report, a report never published.
AWKWARD = {
    "inspections/UNPUB-1.yaml": "id: UNPUB-1\ntitle: Not yet published\ntype: thematic\n",
    "recommendations/REC-90001.yaml": """
        id: REC-90001
        type: recommendation
        title: Same day twice
        text: Text.
        inspection: INSP-00001
        raised: 2016-01-01
        due: 2017-01-01
        owner: ACC Crime
        status: green
        updates:
          - {date: 2016-02-01, status: red, note: First.}
          - {date: 2016-02-01, status: green, note: Then the same day.}
          - {date: 2030-01-01, status: red, note: After today.}
        """,
    "recommendations/REC-90002.yaml": """
        id: REC-90002
        type: recommendation
        title: No updates at all
        text: Text.
        inspection: UNPUB-1
        status: red
        level: 2
        """,
    "recommendations/AFI-90003.yaml": """
        id: AFI-90003
        type: area-for-improvement
        title: For another body
        text: Text.
        inspection: INSP-00002
        addressed_to: other
        status: amber
        updates:
          - {date: 2016-05-01, note: A note only.}
        """,
    "recommendations/REC-90004.yaml": """
        id: REC-90001
        type: recommendation
        title: A duplicate of REC-90001
        text: Text.
        inspection: NOPE-1
        status: red
        """,
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("answers") / "records"
    generate(400, root, seed=7)
    write_files(root, AWKWARD)
    return root


FILTERS = [
    Filter(),
    Filter(statuses=frozenset({Status.RED})),
    Filter(statuses=frozenset({Status.AMBER, Status.GREEN}), type=ItemType.RECOMMENDATION),
    Filter(open=True, level=3),
    Filter(overdue=True, owner="acc"),
    Filter(portfolio="CRIME", addressed_to=AddressedTo.FORCE),
    Filter(inspection="insp-00001"),
    Filter(due_within=120),
    Filter(statuses=frozenset({Status.SUBMITTED, Status.CLOSED})),
]
DAYS = ["2015-06-30", "2016-02-01", "2018-12-31", "2021-03-20", TODAY]


@pytest.mark.parametrize("day", DAYS)
def test_the_index_lists_what_the_records_list(
    folder: Path, day: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAC_TODAY", TODAY)
    records = store.load(folder)
    for flt in FILTERS:
        for as_of in (None, D(day)):
            asked = Filter(**{**flt.__dict__, "as_of": as_of})
            expected = services.list_items(records, asked)
            got = services.list_rows(records, asked)
            assert [(r.id, r.status, r.overdue) for r in got] == [
                (r.record.id, r.status, r.overdue) for r in expected
            ], asked
            assert services.rows_json(records, got, as_of) == [
                services.row_json(r) for r in expected
            ]


@pytest.mark.parametrize("day", DAYS)
def test_counts_from_the_index_equal_counts_from_the_records(folder: Path, day: str) -> None:
    records = store.load(folder)
    light, full = services.brief_facts(records), services.facts(records)
    on = D(day)
    for window in (Window(None, on), Window(D("2016-01-01"), on), Window(D("2018-01-01"), on)):
        assert counts.closure_table(light, window, window) == counts.closure_table(
            full, window, window
        )
        assert counts.tracker_totals(light, window) == counts.tracker_totals(full, window)
    assert counts.open_counts(light, on) == counts.open_counts(full, on)
    assert counts.inspection_progress(light, "INSP-00001", on) == counts.inspection_progress(
        full, "INSP-00001", on
    )


def test_a_paper_from_the_index_is_the_paper_from_the_records(folder: Path) -> None:
    records = store.load(folder)
    assert records.settings is not None
    for day in sorted(records.meetings)[::6]:
        from_index = services.build_paper(records, day)
        from_records = services.build_paper(records, day, known=services.facts(records))
        assert from_index == from_records, day
        assert isinstance(from_index, papers.Paper)


def test_list_json_on_the_command_line_is_every_field_as_it_stood(folder: Path, jac: Jac) -> None:
    result = jac(
        "list",
        "--format",
        "json",
        "--as-of",
        "2016-02-15",
        "--records",
        folder,
        env={"JAC_TODAY": TODAY},
    )
    assert result.exit_code == 0, result.stderr
    listed = {row["id"]: row for row in json.loads(result.stdout)}
    same_day = listed["REC-90001"]
    assert same_day["status"] == "green"  # the later of two updates on one day
    assert [u["date"] for u in same_day["updates"]] == ["2016-02-01", "2016-02-01"]
    assert same_day["title"] == "Same day twice"  # the first file of a duplicated id


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--status", "red", "--format", "ids"],
        ["list", "--open"],
        ["show", "REC-90002"],
        ["show", "REC-90002", "--format", "json"],
        ["count", "--meeting", "2024-12-20"],
        ["count", "--open"],
        ["count", "--all"],
    ],
)
def test_answers_from_the_index_import_no_pydantic_yaml_or_rich(
    folder: Path, args: list[str]
) -> None:
    """Warm: the index is fresh, so nothing is parsed, validated or built."""
    env = {"JAC_TODAY": TODAY, "NO_COLOR": "1"}
    command = [
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "jacreport",
        *args,
        "--records",
        str(folder),
    ]
    subprocess.run(command, env=env, capture_output=True, check=False)  # index fresh
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    for heavy in ("pydantic", "yaml", "rich", "jinja2", "jacreport.records.models"):
        assert heavy not in imported, heavy

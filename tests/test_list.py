"""`jac list`: every filter, `--as-of` and every format, against hand-computed answers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Jac, write_files

# Items that change status over time. "Today" is fixed at 2024-06-30 by JAC_TODAY.
FILES = {
    "inspections/PEEL-2023.yaml": "id: PEEL-2023\ntitle: PEEL 2023/25\ntype: peel\npublished: 2023-10-01\n",
    "inspections/THEM-2022.yaml": "id: THEM-2022\ntitle: A thematic\ntype: thematic\npublished: 2022-06-01\n",
    "recommendations/REC-001.yaml": """
        id: REC-001
        type: recommendation
        title: Vetting backlog
        text: Reduce the vetting backlog.
        inspection: PEEL-2023
        due: 2024-03-31
        owner: DCI Smith
        portfolio: Vetting and counter-corruption
        level: 3
        status: green
        updates:
          - {date: 2023-10-01, status: amber, note: Received.}
          - {date: 2024-01-15, status: red, note: Slipping.}
          - {date: 2024-05-01, status: green, note: Recovered.}
        """,
    "recommendations/REC-002.yaml": """
        id: REC-002
        type: recommendation
        title: Closed in February
        text: Do the thing.
        inspection: PEEL-2023
        level: 2
        status: closed
        updates:
          - {date: 2023-10-01, status: amber, note: Received.}
          - {date: 2024-02-01, status: closed, note: Done.}
        closure: {date: 2024-02-01, evidence: "portal:X-1"}
        """,
    "recommendations/AFI-001.yaml": """
        id: AFI-001
        type: area-for-improvement
        title: Raised in March
        text: Improve things.
        inspection: THEM-2022
        raised: 2024-03-01
        due: 2024-12-31
        owner: Supt Jones
        status: green
        updates:
          - {date: 2024-03-01, status: green, note: Received.}
        """,
    "recommendations/COC-001.yaml": """
        id: COC-001
        type: cause-of-concern
        title: Submitted in April
        text: A cause of concern.
        inspection: PEEL-2023
        level: 4
        status: submitted
        updates:
          - {date: 2023-10-01, status: red, note: Received.}
          - {date: 2024-04-01, status: submitted, note: Submitted.}
        closure: {date: 2024-04-01}
        """,
    "recommendations/REC-003.yaml": """
        id: REC-003
        type: recommendation
        title: For the NPCC
        text: The NPCC should act.
        inspection: THEM-2022
        addressed_to: npcc
        status: amber
        """,
}

TODAY = {"JAC_TODAY": "2024-06-30"}


@pytest.fixture
def folder(records_dir: Path) -> Path:
    return write_files(records_dir, FILES)


CASES = [
    ([], ["AFI-001", "COC-001", "REC-001", "REC-002", "REC-003"]),
    (["--open"], ["AFI-001", "REC-001", "REC-003"]),
    (["--overdue"], ["REC-001"]),
    (["--overdue", "--as-of", "2024-03-01"], []),
    (["--status", "red", "--as-of", "2024-01-20"], ["COC-001", "REC-001"]),
    (
        ["--status", "red,amber", "--as-of", "2024-01-20"],
        ["COC-001", "REC-001", "REC-002", "REC-003"],
    ),
    (
        ["--status", "red", "--status", "amber", "--as-of", "2024-01-20"],
        ["COC-001", "REC-001", "REC-002", "REC-003"],
    ),
    (["--status", "closed,submitted"], ["COC-001", "REC-002"]),
    (["--as-of", "2024-01-20", "--open"], ["COC-001", "REC-001", "REC-002", "REC-003"]),
    (["--as-of", "2023-09-30"], ["REC-003"]),
    (["--type", "area-for-improvement"], ["AFI-001"]),
    (["--level", "3"], ["REC-001"]),
    (["--inspection", "PEEL-2023"], ["COC-001", "REC-001", "REC-002"]),
    (["--owner", "smith"], ["REC-001"]),
    (["--portfolio", "VETT"], ["REC-001"]),
    (["--addressed-to", "npcc"], ["REC-003"]),
    (["--addressed-to", "force", "--open"], ["AFI-001", "REC-001"]),
]


@pytest.mark.parametrize(("args", "expected"), CASES)
def test_filters(folder: Path, jac: Jac, args: list[str], expected: list[str]) -> None:
    result = jac("list", *args, "--format", "ids", "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == expected


def test_json_shape_and_as_of_status(folder: Path, jac: Jac) -> None:
    result = jac(
        "list", "--as-of", "2024-01-20", "--format", "json", "--records", folder, env=TODAY
    )
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == ["COC-001", "REC-001", "REC-002", "REC-003"]
    rec1 = data[1]
    assert rec1["status"] == "red"  # as it stood on 2024-01-20
    assert rec1["due"] == "2024-03-31"
    assert rec1["updates"][0] == {
        "date": "2023-10-01",
        "note": "Received.",
        "status": "amber",
        "by": None,
        "restricted": False,
    }
    for key in (
        "id",
        "type",
        "title",
        "text",
        "inspection",
        "level",
        "status",
        "owner",
        "closure",
        "extra",
    ):
        assert key in rec1


def test_csv_and_table(folder: Path, jac: Jac) -> None:
    result = jac("list", "--open", "--format", "csv", "--records", folder, env=TODAY)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["AFI-001", "REC-001", "REC-003"]
    assert rows[1]["overdue"] == "yes" and rows[1]["status"] == "green" and rows[1]["level"] == "3"

    table = jac("list", "--open", "--records", folder, env=TODAY)
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "Status", "Lv", "Due", "Owner", "Title"]
    assert lines[2].startswith("REC-001  green (overdue)  3")
    assert table.stderr == "3 items\n"


def test_bad_requests_are_usage_errors(folder: Path, jac: Jac) -> None:
    bad_status = jac("list", "--status", "blue", "--records", folder)
    assert bad_status.exit_code == 2
    assert "'blue' is not one of red, amber, green, submitted, closed" in bad_status.stderr
    bad_date = jac("list", "--as-of", "31/03/2024", "--records", folder)
    assert bad_date.exit_code == 2
    assert "'31/03/2024' is not a date; use YYYY-MM-DD" in bad_date.stderr
    unknown = jac("list", "--inspection", "PEEL-2024", "--records", folder)
    assert unknown.exit_code == 2
    assert unknown.stderr == "error: no inspection 'PEEL-2024' (did you mean PEEL-2023?)\n"


def test_list_works_on_invalid_records_and_says_so(folder: Path, jac: Jac) -> None:
    write_files(folder, {"recommendations/REC-009.yaml": "id: REC-009\nstatus: [\n"})
    result = jac("list", "--format", "ids", "--records", folder, env=TODAY)
    assert result.exit_code == 0
    assert "REC-001" in result.stdout.split()
    assert result.stderr.startswith("warning: the records have 1 problem (run `jac check`)")

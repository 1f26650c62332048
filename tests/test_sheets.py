"""`jac import` and `jac export`: real .xlsx and .csv files, all or nothing, idempotent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DEMO_RECORDS, Jac, write_files
from openpyxl import Workbook, load_workbook

TODAY = {"JAC_TODAY": "2024-06-30"}
D = dt.date.fromisoformat


def workbook(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Tracker") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


TRACKER: list[list[Any]] = [
    ["West Midlands Police – HMICFRS recommendation action tracker"],
    ["Owner: Strategy, Delivery and Assurance"],
    [],
    [
        "Ref.",
        "Report",
        "Recommendation",
        "Lead",
        "Deadline",
        "RAG",
        "HMICFRS level",
        "Latest Update",
        "Date closed",
        "Evidence",
    ],
    [
        "Recommendation 1",
        "PEEL 2023/25",
        "The force should improve vetting. It should also do aftercare.",
        "DCI Smith",
        dt.datetime(2024, 3, 31),
        "R",
        3,
        "Recruitment delayed",
        None,
    ],
    [],
    [
        "Recommendation 2",
        "peel-2023",
        "The force should improve call handling.",
        "Supt Jones",
        "31/03/2024",
        "Amber",
        "Level 2",
        None,
        None,
    ],
    [
        "AFI 1",
        "PEEL-2023",
        "The force should improve its use of force recording.",
        None,
        "31.03.2024",
        "GREEN",
        None,
        None,
        None,
    ],
    [
        "Cause of concern 2",
        "A brand new thematic report",
        "The force isn't investigating crime effectively.",
        None,
        "31 March 2025",
        "amber",
        4,
        None,
        None,
    ],
    [
        "Recommendation 3",
        "PEEL 2023/25",
        "The force should close this one.",
        "DCI Smith",
        None,
        "Complete",
        2,
        "Done",
        dt.datetime(2024, 5, 1),
        "portal:HMIC-3",
    ],
]


@pytest.fixture
def folder(records_dir: Path) -> Path:
    write_files(
        records_dir,
        {
            "inspections/PEEL-2023.yaml": "id: PEEL-2023\ntitle: PEEL 2023/25\ntype: peel\npublished: 2023-10-20\n"
        },
    )
    return records_dir


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file a user owns: jac's lock and cache are its own working files."""
    return {
        p: p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".jac.lock" and ".jac-cache" not in p.parts
    }


def load(folder: Path, rid: str) -> dict[str, Any]:
    data = yaml.safe_load((folder / "recommendations" / f"{rid}.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_import_xlsx_with_title_rows_blank_rows_and_mixed_values(
    folder: Path, tmp_path: Path, jac: Jac
) -> None:
    xlsx = workbook(tmp_path / "tracker.xlsx", TRACKER)
    result = jac("import", xlsx, "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout == "imported 5 findings from tracker.xlsx:Tracker and created 1 inspection\n"
    )

    rec1 = load(folder, "REC-001")
    assert rec1["inspection"] == "PEEL-2023"  # matched by title, any case
    assert (
        rec1["reference"] == "Recommendation 1"
        and rec1["title"] == "The force should improve vetting"
    )
    assert rec1["text"] == "The force should improve vetting. It should also do aftercare.\n"
    assert (rec1["due"], rec1["status"], rec1["level"], rec1["owner"]) == (
        D("2024-03-31"),
        "red",
        3,
        "DCI Smith",
    )
    assert rec1["updates"] == [
        {"date": D("2024-06-30"), "note": "Recruitment delayed", "status": "red"}
    ]
    rec2 = load(folder, "REC-002")
    assert (rec2["inspection"], rec2["due"], rec2["status"], rec2["level"]) == (
        "PEEL-2023",
        D("2024-03-31"),
        "amber",
        2,
    )
    afi = load(folder, "AFI-001")
    assert (afi["type"], afi["due"], afi["status"]) == (
        "area-for-improvement",
        D("2024-03-31"),
        "green",
    )
    coc = load(folder, "COC-001")
    assert (coc["type"], coc["due"], coc["inspection"]) == (
        "cause-of-concern",
        D("2025-03-31"),
        "BRAND-NEW-THEMATIC-REPORT",
    )
    new = yaml.safe_load((folder / "inspections" / "BRAND-NEW-THEMATIC-REPORT.yaml").read_text())
    assert new == {
        "id": "BRAND-NEW-THEMATIC-REPORT",
        "title": "A brand new thematic report",
        "type": "other",
    }
    closed = load(folder, "REC-003")
    assert closed["status"] == "closed"
    assert closed["closure"] == {"date": D("2024-05-01"), "evidence": "portal:HMIC-3"}
    assert jac("check", "--records", folder).exit_code == 0

    again = jac("import", xlsx, "--records", folder, env=TODAY)
    assert again.exit_code == 0
    assert again.stdout == "imported 0 findings from tracker.xlsx:Tracker; 5 already imported\n"
    assert len(list((folder / "recommendations").glob("*.yaml"))) == 5


def test_import_csv(folder: Path, tmp_path: Path, jac: Jac) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "\ufeffNo.,Source,Wording,Responsible officer,Target date,Rating,Theme\n"
        "1,PEEL-2023,The force should do one thing.,Ms A,30/09/2024,A,Vetting\n"
        ",,,,,,\n"
        "AFI 2,PEEL-2023,The force should do another.,Ms B,1 October 2024,g,Contact\n",
        encoding="utf-8",
    )
    result = jac("import", path, "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    rec = load(folder, "REC-001")
    assert (rec["reference"], rec["owner"], rec["portfolio"], rec["due"]) == (
        "1",
        "Ms A",
        "Vetting",
        D("2024-09-30"),
    )
    assert load(folder, "AFI-001")["status"] == "green"
    assert jac("check", "--records", folder).exit_code == 0


def test_bad_rows_refuse_the_whole_import(folder: Path, tmp_path: Path, jac: Jac) -> None:
    rows: list[list[Any]] = [
        ["Ref", "Report", "Recommendation", "Deadline", "RAG", "Level"],
        ["Recommendation 1", "PEEL-2023", "Fine.", "31/03/2024", "red", 3],
        ["Recommendation 2", "PEEL-2023", "Bad date.", "31/13/2024", "red", 3],
        ["Recommendation 3", "PEEL-2023", "Bad RAG.", None, "purple", None],
        ["Recommendation 4", "PEEL-2023", "Closed without a date.", None, "Closed", 2],
        ["Recommendation 5", None, "No report.", None, "amber", 9],
    ]
    xlsx = workbook(tmp_path / "bad.xlsx", rows, sheet="Sheet1")
    before = snapshot(folder)
    result = jac("import", xlsx, "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bad.xlsx:Sheet1!3: due: '31/13/2024' is not a date (31/03/2023, 31.03.2023, 31 March 2023)",
        "bad.xlsx:Sheet1!4: status: 'purple' is not a RAG status (red, amber, green, complete)",
        "bad.xlsx:Sheet1!5: status closed needs a closure date column (Closure date / Date closed)",
        "bad.xlsx:Sheet1!6: level: 9 is not a level (1 to 4)",
        "error: import refused: 4 bad rows; nothing was written",
    ]
    assert snapshot(folder) == before


def test_dry_run_writes_nothing(folder: Path, tmp_path: Path, jac: Jac) -> None:
    xlsx = workbook(tmp_path / "tracker.xlsx", TRACKER)
    before = snapshot(folder)
    result = jac("import", xlsx, "--dry-run", "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert re.search(
        r"^REC-001\s+recommendation\s+PEEL-2023\s+Recommendation 1\s+red",
        result.stdout,
        re.MULTILINE,
    )
    assert (
        "would create inspection BRAND-NEW-THEMATIC-REPORT: A brand new thematic report"
        in result.stdout
    )
    assert result.stdout.rstrip().endswith(
        "dry run: 5 to create, 0 already imported; nothing written"
    )
    assert snapshot(folder) == before


def test_map_overrides_and_unknown_sheet(folder: Path, tmp_path: Path, jac: Jac) -> None:
    rows: list[list[Any]] = [
        ["Ref", "Action", "Action owner", "Report"],
        ["R1", "Do the thing.", "Ms C", "PEEL-2023"],
    ]
    xlsx = workbook(tmp_path / "odd.xlsx", rows)
    result = jac(
        "import",
        xlsx,
        "--map",
        "Action=text",
        "--map",
        "Action owner=owner",
        "--records",
        folder,
        env=TODAY,
    )
    assert result.exit_code == 0, result.stderr
    assert load(folder, "REC-001")["owner"] == "Ms C"
    assert jac("import", xlsx, "--sheet", "Nope", "--records", folder).exit_code == 2
    assert jac("import", xlsx, "--map", "Action=colour", "--records", folder).exit_code == 2
    assert jac("import", tmp_path / "missing.xlsx", "--records", folder).exit_code == 2


def test_export_xlsx_is_a_real_spreadsheet(tmp_path: Path, jac: Jac) -> None:
    out = tmp_path / "out.xlsx"
    result = jac(
        "export",
        "--open",
        "--format",
        "xlsx",
        "--output",
        out,
        "--records",
        DEMO_RECORDS,
        env={"JAC_TODAY": "2024-06-27"},
    )
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr == f"wrote 33 findings to {out}\n"
    )  # 25 for the force, 8 Prevent ones for others
    ws = load_workbook(out).active
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["ID", "Ref", "Type", "Report"]
    assert all(c.font.bold for c in ws[1])
    due = headers.index("Due date") + 1
    rag = headers.index("RAG") + 1
    dated = [
        ws.cell(r, due).value for r in range(2, ws.max_row + 1) if ws.cell(r, due).value is not None
    ]
    assert dated and all(isinstance(v, dt.datetime) for v in dated)
    red = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, rag).value == "Red")
    assert ws.cell(red, rag).fill.start_color.rgb.endswith("F4B6B6")


def test_export_csv_and_json(jac: Jac) -> None:
    result = jac(
        "export",
        "--status",
        "red",
        "--format",
        "csv",
        "--records",
        DEMO_RECORDS,
        env={"JAC_TODAY": "2024-06-27"},
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["ID"] for r in rows] == ["REC-110", "REC-133"]
    assert rows[1]["Due date"] == "20/04/2024"
    listed = jac(
        "list",
        "--status",
        "red",
        "--format",
        "json",
        "--records",
        DEMO_RECORDS,
        env={"JAC_TODAY": "2024-06-27"},
    ).stdout
    exported = jac(
        "export",
        "--status",
        "red",
        "--format",
        "json",
        "--records",
        DEMO_RECORDS,
        env={"JAC_TODAY": "2024-06-27"},
    ).stdout
    assert exported == listed


FINDING_FIELDS = (
    "type",
    "reference",
    "title",
    "text",
    "inspection",
    "status",
    "level",
    "due",
    "owner",
    "portfolio",
    "addressed_to",
    "restricted",
)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_into_an_empty_folder(fmt: str, tmp_path: Path, jac: Jac) -> None:
    out = tmp_path / f"all.{fmt}"
    assert jac("export", "--format", fmt, "--output", out, "--records", DEMO_RECORDS).exit_code == 0
    target = tmp_path / "fresh"
    assert jac("init", target, "--force-name", "West Midlands Police").exit_code == 0
    result = jac("import", out, "--records", target, env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert jac("check", "--records", target).exit_code == 0

    def findings(folder: Path) -> list[tuple[Any, ...]]:
        found = []
        for path in sorted((folder / "recommendations").glob("*.yaml")):
            data = yaml.safe_load(path.read_text())
            data["text"] = " ".join(data["text"].split())
            found.append(
                tuple(
                    data.get(k, {"addressed_to": "force", "restricted": False}.get(k))
                    for k in FINDING_FIELDS
                )
            )
        return sorted(found, key=str)

    assert findings(target) == findings(DEMO_RECORDS)

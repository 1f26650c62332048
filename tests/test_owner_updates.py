"""Owners' updates by spreadsheet: a real `jac export` edited with openpyxl (or as csv) and
read back with `jac import`, `--update`, `--dry-run`; and the tracker the export is."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Jac, write_files
from openpyxl import load_workbook

TODAY = {"JAC_TODAY": "2024-06-30"}

REC_001 = """\
# Vetting: reviewed by the PSD board
id: REC-001
type: recommendation
title: Improve vetting
text: The force should improve vetting.
inspection: PEEL-2023
owner: DCI Smith
due: 2024-03-31
status: amber    # as at the last board
updates:
  - date: 2023-10-01
    status: amber
    note: Received.
  - date: 2024-02-01
    note: Plan agreed.
"""


def finding(rid: str, *, status: str, owner: str, due: str, tail: str = "") -> str:
    return (
        f"id: {rid}\ntype: {'area-for-improvement' if rid.startswith('AFI') else 'recommendation'}\n"
        f"title: Finding {rid}\ntext: Do {rid}.\ninspection: PEEL-2023\nowner: {owner}\n"
        f"due: {due}\nstatus: {status}\nupdates:\n"
        f"  - date: 2023-10-01\n    status: {'amber' if status != 'green' else 'green'}\n"
        f"    note: Received {rid}.\n{tail}"
    )


@pytest.fixture
def folder(records_dir: Path) -> Path:
    write_files(
        records_dir,
        {
            "inspections/PEEL-2023.yaml": "id: PEEL-2023\ntitle: PEEL 2023/25\ntype: peel\n",
            "recommendations/REC-001.yaml": REC_001,
            "recommendations/REC-002.yaml": finding(
                "REC-002", status="green", owner="Supt Jones", due="2024-12-31"
            ),
            "recommendations/REC-003.yaml": finding(
                "REC-003",
                status="closed",
                owner="Supt Jones",
                due="2024-03-31",
                tail="  - date: 2024-05-01\n    status: closed\n    note: Done.\n"
                "level: 1\nclosure:\n  date: 2024-05-01\n",
            ),
            "recommendations/REC-004.yaml": finding(
                "REC-004",
                status="submitted",
                owner="DCI Smith",
                due="2024-03-31",
                tail="  - date: 2024-05-01\n    status: submitted\n    note: Submitted.\n"
                "level: 4\nclosure:\n  date: 2024-05-01\n",
            ),
            "recommendations/AFI-001.yaml": finding(
                "AFI-001", status="amber", owner="Head of Public Protection", due="2025-01-31"
            ),
        },
    )
    return records_dir


def export(jac: Jac, folder: Path, out: Path, *args: str) -> Path:
    result = jac(
        "export", "--format", out.suffix[1:], "-o", out, "--records", folder, *args, env=TODAY
    )
    assert result.exit_code == 0, result.stderr
    return out


def edit(path: Path, cells: dict[tuple[str, str], Any], out: Path | None = None) -> Path:
    """Change cells of an exported workbook, by finding id and header, as an owner does."""
    book = load_workbook(path)
    ws = book.active
    headers = [c.value for c in ws[1]]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for (rid, header), value in cells.items():
        ws.cell(rows[rid], headers.index(header) + 1).value = value
    target = out or path
    book.save(target)
    return target


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {
        p: p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".jac.lock" and ".jac-cache" not in p.parts
    }


def record(folder: Path, rid: str) -> dict[str, Any]:
    data = yaml.safe_load((folder / "recommendations" / f"{rid}.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_unchanged_round_trip_is_nothing_to_do(folder: Path, tmp_path: Path, jac: Jac) -> None:
    sheet = export(jac, folder, tmp_path / "tracker.xlsx")
    before = snapshot(folder)
    result = jac("import", sheet, "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "nothing to update: 5 rows match their findings\n"
    assert result.stderr == ""
    assert jac("import", sheet, "--update", "--records", folder, env=TODAY).exit_code == 0
    assert snapshot(folder) == before


def test_rag_change_and_text_refused_without_update_then_applied(
    folder: Path, tmp_path: Path, jac: Jac
) -> None:
    sheet = edit(
        export(jac, folder, tmp_path / "tracker.xlsx"),
        {("REC-001", "RAG"): "Red", ("REC-001", "Latest update"): "Vetting backlog  growing."},
    )
    before = snapshot(folder)
    refused = jac("import", sheet, "--records", folder, env=TODAY)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "tracker.xlsx:WMP!3: REC-001: RAG amber -> red",
        'tracker.xlsx:WMP!3: REC-001: Latest update "Plan agreed." -> "Vetting backlog growing."',
        "error: import refused: the sheet changes 1 finding; run again with --update to apply "
        "it (or --dry-run to see the plan); nothing was written",
    ]
    assert snapshot(folder) == before

    done = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert done.exit_code == 0, done.stderr
    assert done.stdout == "REC-001: amber -> red\nupdated 1 finding from tracker.xlsx:WMP\n"
    path = folder / "recommendations" / "REC-001.yaml"
    assert path.read_text() == REC_001.replace(
        "status: amber    # as at the last board", "status: red      # as at the last board"
    ) + ("  - date: 2024-06-30\n    note: Vetting backlog  growing.\n    status: red\n")
    assert {p: b for p, b in snapshot(folder).items() if p != path} == {
        p: b for p, b in before.items() if p != path
    }
    assert jac("check", "--records", folder).exit_code == 0


def test_due_date_and_owner_changes_are_recorded_in_the_note(
    folder: Path, tmp_path: Path, jac: Jac
) -> None:
    sheet = edit(
        export(jac, folder, tmp_path / "tracker.xlsx"),
        {("REC-002", "Due date"): "30/09/2025", ("AFI-001", "Owner"): "DI Patel"},
    )
    refused = jac("import", sheet, "--records", folder, env=TODAY)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[:2] == [
        "tracker.xlsx:WMP!2: AFI-001: Owner Head of Public Protection -> DI Patel",
        "tracker.xlsx:WMP!4: REC-002: Due date 2024-12-31 -> 2025-09-30",
    ]
    done = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert done.exit_code == 0, done.stderr
    rec = record(folder, "REC-002")
    assert rec["due"] == dt.date(2025, 9, 30)
    assert rec["status"] == "green"
    assert rec["updates"][-1] == {
        "date": dt.date(2024, 6, 30),
        "note": "Updated by spreadsheet (due date changed from 2024-12-31 to 2025-09-30)",
    }
    afi = record(folder, "AFI-001")
    assert afi["owner"] == "DI Patel"
    assert afi["updates"][-1]["note"] == (
        "Updated by spreadsheet (owner changed from Head of Public Protection to DI Patel)"
    )
    # The update's own words and the sheet's unchanged cells make a re-import a no-op.
    again = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert (again.exit_code, again.stdout) == (
        0,
        "nothing to update: 5 rows match their findings\n",
    )


def test_an_owners_own_update_date_dates_the_update(folder: Path, tmp_path: Path, jac: Jac) -> None:
    sheet = edit(
        export(jac, folder, tmp_path / "tracker.xlsx"),
        {
            ("REC-001", "Latest update"): "Board approved the new vetting policy.",
            ("REC-001", "Update date"): dt.datetime(2024, 5, 15),
            ("AFI-001", "Latest update"): "Training booked.",
        },
    )
    done = jac("import", sheet, "--update", "--date", "2024-06-20", "--records", folder, env=TODAY)
    assert done.exit_code == 0, done.stderr
    assert record(folder, "REC-001")["updates"][-1] == {
        "date": dt.date(2024, 5, 15),
        "note": "Board approved the new vetting policy.",
    }
    # No date of the owner's own: --date.
    assert record(folder, "AFI-001")["updates"][-1]["date"] == dt.date(2024, 6, 20)


def test_an_update_date_in_the_future_is_refused(folder: Path, tmp_path: Path, jac: Jac) -> None:
    sheet = edit(
        export(jac, folder, tmp_path / "tracker.xlsx"),
        {("REC-001", "RAG"): "Green", ("REC-001", "Update date"): "01/08/2024"},
    )
    before = snapshot(folder)
    result = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "tracker.xlsx:WMP!3: REC-001: Update date 2024-08-01 is in the future",
        "error: import refused: 1 bad row; nothing was written",
    ]
    assert snapshot(folder) == before


def test_a_finding_that_moved_on_since_the_export_is_a_conflict(
    folder: Path, tmp_path: Path, jac: Jac
) -> None:
    sheet = export(jac, folder, tmp_path / "tracker.xlsx")
    moved = jac(
        "update", "REC-001", "--note", "Audit found gaps.", "--date", "2024-06-01",
        "--records", folder, env=TODAY,
    )  # fmt: skip
    assert moved.exit_code == 0, moved.stderr
    # Someone else's change since the export, with the sheet's row untouched: nothing to do.
    assert jac("update", "REC-002", "--status", "red", "--note", "Slipped.", "--records", folder,
               env=TODAY).exit_code == 0  # fmt: skip
    edit(sheet, {("REC-001", "Latest update"): "All done, I think."})
    before = snapshot(folder)
    result = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "tracker.xlsx:WMP!3: REC-001: conflict: the finding has moved on since this row's "
        'Update date 2024-02-01: its update of 2024-06-01 says "Audit found gaps."; the sheet '
        'says "All done, I think."; reconcile by hand (edit the sheet, or use `jac update`)',
        "error: import refused: 1 bad row; nothing was written",
    ]
    assert snapshot(folder) == before


def test_a_row_for_an_unknown_id_is_refused(folder: Path, tmp_path: Path, jac: Jac) -> None:
    sheet = export(jac, folder, tmp_path / "tracker.xlsx")
    book = load_workbook(sheet)
    ws = book.active
    ws.append([c.value for c in ws[4]])
    ws.cell(ws.max_row, 1).value = "REC-099"
    book.save(sheet)
    before = snapshot(folder)
    result = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "tracker.xlsx:WMP!7: REC-099: no such finding in the records"
    )
    assert result.stderr.splitlines()[-1] == "error: import refused: 1 bad row; nothing was written"
    assert snapshot(folder) == before


def test_a_closed_finding_edited_is_refused(folder: Path, tmp_path: Path, jac: Jac) -> None:
    sheet = edit(
        export(jac, folder, tmp_path / "tracker.xlsx"),
        {("REC-003", "Latest update"): "Reopened?", ("REC-001", "RAG"): "Red"},
    )
    before = snapshot(folder)
    result = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "tracker.xlsx:WMP!5: REC-003 is closed; a spreadsheet cannot change a closed finding "
        "(changed: Latest update)",
        "error: import refused: 1 bad row; nothing was written",
    ]
    assert snapshot(folder) == before  # REC-001's good change is not written either


def test_a_submitted_finding_set_red_is_returned_as_update_does(
    folder: Path, tmp_path: Path, jac: Jac
) -> None:
    sheet = edit(export(jac, folder, tmp_path / "tracker.xlsx"), {("REC-004", "RAG"): "Red"})
    done = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[0] == "REC-004: returned by HMICFRS, now red"
    rec = record(folder, "REC-004")
    assert rec["status"] == "red" and "closure" not in rec
    assert rec["updates"][-1]["note"] == "Returned by HMICFRS: Updated by spreadsheet"
    assert jac("check", "--records", folder).exit_code == 0


def test_rag_closed_in_the_sheet_goes_through_jac_close(
    folder: Path, tmp_path: Path, jac: Jac
) -> None:
    sheet = edit(export(jac, folder, tmp_path / "tracker.xlsx"), {("AFI-001", "RAG"): "Complete"})
    result = jac("import", sheet, "--update", "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "tracker.xlsx:WMP!2: AFI-001: RAG closed is not Red, Amber or Green; "
        "close a finding with `jac close AFI-001`"
    )


def test_importing_again_after_update_changes_nothing(
    folder: Path, tmp_path: Path, jac: Jac
) -> None:
    sheet = edit(
        export(jac, folder, tmp_path / "tracker.xlsx"),
        {
            ("REC-001", "RAG"): "Green",
            ("REC-004", "RAG"): "Amber",
            ("AFI-001", "Latest update"): "x",
        },
    )
    assert jac("import", sheet, "--update", "--records", folder, env=TODAY).exit_code == 0
    after = snapshot(folder)
    for args in ((), ("--update",)):
        again = jac("import", sheet, *args, "--records", folder, env=TODAY)
        assert (again.exit_code, again.stdout) == (
            0,
            "nothing to update: 5 rows match their findings\n",
        )
    assert snapshot(folder) == after


def test_dry_run_shows_the_plan_and_writes_nothing(folder: Path, tmp_path: Path, jac: Jac) -> None:
    sheet = edit(
        export(jac, folder, tmp_path / "tracker.xlsx"),
        {("REC-001", "RAG"): "Red", ("REC-002", "Due date"): dt.datetime(2025, 3, 31)},
    )
    before = snapshot(folder)
    result = jac("import", sheet, "--dry-run", "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Would update from tracker.xlsx:WMP:"
    assert lines[1].split() == ["Row", "ID", "Date", "RAG", "Due", "Owner", "Note"]
    assert lines[2].split() == ["3", "REC-001", "2024-06-30", "red", "Updated", "by", "spreadsheet"]
    assert lines[3].split() == [
        "4",
        "REC-002",
        "2024-06-30",
        "2025-03-31",
        "Updated",
        "by",
        "spreadsheet",
    ]
    assert lines[-1] == "dry run: 2 findings to update; nothing written"
    assert snapshot(folder) == before


def test_csv_with_reordered_columns_and_title_rows(folder: Path, tmp_path: Path, jac: Jac) -> None:
    exported = export(jac, folder, tmp_path / "tracker.csv")
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8"))))
    order = list(reversed(range(len(rows[0]))))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Owners' returns, June 2024"])
    writer.writerow([])
    for row in rows:
        cells = [row[i] for i in order]
        if row[0] == "REC-002":
            cells[order.index(rows[0].index("RAG"))] = "A"
            cells[order.index(rows[0].index("Latest update"))] = "Recruitment paused."
        writer.writerow(cells)
    edited = tmp_path / "returns.csv"
    edited.write_text(out.getvalue(), encoding="utf-8")
    done = jac("import", edited, "--update", "--records", folder, env=TODAY)
    assert done.exit_code == 0, done.stderr
    assert done.stdout == "REC-002: green -> amber\nupdated 1 finding from returns.csv:returns\n"
    assert record(folder, "REC-002")["updates"][-1] == {
        "date": dt.date(2024, 6, 30),
        "note": "Recruitment paused.",
        "status": "amber",
    }


def test_xlsx_with_title_rows_added_above_the_header(
    folder: Path, tmp_path: Path, jac: Jac
) -> None:
    sheet = edit(export(jac, folder, tmp_path / "tracker.xlsx"), {("REC-001", "RAG"): "Green"})
    book = load_workbook(sheet)
    ws = book.active
    ws.insert_rows(1, 2)
    ws["A1"] = "Returns from DCI Smith"
    book.save(sheet)
    result = jac("import", sheet, "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "tracker.xlsx:WMP!5: REC-001: RAG amber -> green"


def test_the_export_is_a_tracker_owners_can_use(folder: Path, tmp_path: Path, jac: Jac) -> None:
    ws = load_workbook(export(jac, folder, tmp_path / "tracker.xlsx")).active
    headers = [c.value for c in ws[1]]
    rag = headers.index("RAG") + 1
    due = headers.index("Due date") + 1
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rag - 1]
    [choice] = ws.data_validations.dataValidation
    assert choice.type == "list" and choice.formula1 == '"Red,Amber,Green"'
    assert str(choice.sqref) == f"{letter}2:{letter}{ws.max_row}"
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == f"A1:T{ws.max_row}"
    assert ws.column_dimensions["G"].width == 60
    by_id = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(by_id["REC-001"], rag).value == "Amber"
    # REC-001 is past its due date (31 March) and open; AFI-001 and closed REC-003 are not.
    assert ws.cell(by_id["REC-001"], due).fill.start_color.rgb == "00FFC7CE"
    assert ws.cell(by_id["AFI-001"], due).fill.fill_type is None
    assert ws.cell(by_id["REC-003"], due).fill.fill_type is None


def test_export_for_one_owner_and_split_by_owner(folder: Path, tmp_path: Path, jac: Jac) -> None:
    mine = load_workbook(
        export(jac, folder, tmp_path / "smith.xlsx", "--owner", "DCI Smith")
    ).active
    assert [ws_row[0].value for ws_row in mine.iter_rows(min_row=2)] == ["REC-001", "REC-004"]

    write_files(folder, {"recommendations/AFI-001.yaml": finding(
        "AFI-001", status="amber", owner="'Head of PP / Safeguarding: CON'", due="2025-01-31"
    )})  # fmt: skip
    out = tmp_path / "owners"
    result = jac("export", "--format", "xlsx", "--split-by", "owner", "-o", out,
                 "--records", folder, env=TODAY)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "DCI Smith.xlsx",
        "Head of PP - Safeguarding- CON.xlsx",
        "Supt Jones.xlsx",
    ]
    assert (
        result.stderr.splitlines()[0]
        == f"wrote 2 findings for DCI Smith to {out / 'DCI Smith.xlsx'}"
    )
    jones = load_workbook(out / "Supt Jones.xlsx").active
    assert [r[0].value for r in jones.iter_rows(min_row=2)] == ["REC-002", "REC-003"]
    # An owner's own file comes back like the whole export.
    edit(out / "Supt Jones.xlsx", {("REC-002", "RAG"): "Amber"})
    done = jac("import", out / "Supt Jones.xlsx", "--update", "--records", folder, env=TODAY)
    assert done.exit_code == 0, done.stderr
    assert record(folder, "REC-002")["status"] == "amber"


def test_split_by_needs_an_output_folder(folder: Path, jac: Jac) -> None:
    result = jac("export", "--format", "xlsx", "--split-by", "owner", "--records", folder)
    assert result.exit_code == 2
    assert "needs --output DIR" in result.stderr

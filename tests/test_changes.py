"""`jac init`, `add`, `update` and `close`: the level rules, refusals that write nothing,
round-trip edits, and safety under parallel and killed processes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import Jac, run_jac, write_files

TODAY = {"JAC_TODAY": "2024-06-30"}

INSPECTION = "id: PEEL-2023\ntitle: PEEL 2023/25\ntype: peel\npublished: 2023-10-01\n"


def finding(rid: str, *, level: str = "", status: str = "amber", tail: str = "") -> str:
    return (
        f"id: {rid}\ntype: recommendation\ntitle: A finding\ntext: Do it.\n"
        f"inspection: PEEL-2023\n{level}status: {status}\nupdates:\n"
        f"  - date: 2023-10-01\n    status: amber\n    note: Received.\n{tail}"
    )


SUBMITTED_L4 = finding(
    "REC-004",
    level="level: 4\n",
    status="submitted",
    tail="  - date: 2024-05-01\n    status: submitted\n    note: Submitted.\nclosure:\n  date: 2024-05-01\n",
)
CLOSED_L2 = finding(
    "REC-005",
    level="level: 2\n",
    status="closed",
    tail="  - date: 2024-05-01\n    status: closed\n    note: Done.\nclosure:\n  date: 2024-05-01\n  evidence: portal:X-5\n",
)


@pytest.fixture
def folder(records_dir: Path) -> Path:
    write_files(
        records_dir,
        {
            "inspections/PEEL-2023.yaml": INSPECTION,
            "recommendations/REC-001.yaml": finding("REC-001"),
            "recommendations/REC-002.yaml": finding("REC-002", level="level: 3\n"),
            "recommendations/REC-003.yaml": finding("REC-003"),
            "recommendations/REC-004.yaml": SUBMITTED_L4,
            "recommendations/REC-005.yaml": CLOSED_L2,
            "evidence/REC-002-letter.pdf": "%PDF-1.4 letter",
        },
    )
    return records_dir


def load(folder: Path, rid: str) -> dict[str, object]:
    data = yaml.safe_load((folder / "recommendations" / f"{rid}.yaml").read_text())
    assert isinstance(data, dict)
    return data


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file a user owns: jac's lock and cache are its own working files."""
    return {
        p: p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".jac.lock" and ".jac-cache" not in p.parts
    }


def assert_checks(jac: Jac, folder: Path) -> None:
    result = jac("check", "--records", folder)
    assert result.exit_code == 0, result.stdout


# --- the level rules ---------------------------------------------------------------------


def test_level_1_closes(folder: Path, jac: Jac) -> None:
    result = jac(
        "close", "REC-001", "--level", "1", "--date", "2024-06-01", "--records", folder, env=TODAY
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "REC-001: closed at level 1\n"
    data = load(folder, "REC-001")
    assert data["status"] == "closed" and data["level"] == 1
    assert data["closure"] == {"date": dt.date(2024, 6, 1)}
    assert data["updates"][-1]["status"] == "closed"  # type: ignore[index]
    assert_checks(jac, folder)


def test_level_2_and_3_need_evidence_and_close(folder: Path, jac: Jac) -> None:
    portal = jac(
        "close",
        "REC-001",
        "--level",
        "2",
        "--evidence",
        "portal:HMIC-77",
        "--records",
        folder,
        env=TODAY,
    )
    assert portal.exit_code == 0, portal.stderr
    assert portal.stdout == "REC-001: closed at level 2, evidence portal:HMIC-77\n"
    assert load(folder, "REC-001")["closure"] == {
        "date": dt.date(2024, 6, 30),
        "evidence": "portal:HMIC-77",
    }

    path = jac(
        "close",
        "REC-002",
        "--level",
        "3",
        "--evidence",
        "evidence/REC-002-letter.pdf",
        "--records",
        folder,
        env=TODAY,
    )
    assert path.exit_code == 0, path.stderr
    assert load(folder, "REC-002")["status"] == "closed"
    assert_checks(jac, folder)


def test_level_4_submits_then_confirmed_closes(folder: Path, jac: Jac) -> None:
    submit = jac(
        "close", "REC-001", "--level", "4", "--date", "2024-06-01", "--records", folder, env=TODAY
    )
    assert submit.exit_code == 0, submit.stderr
    assert submit.stdout == "REC-001: submitted for closure at level 4\n"
    data = load(folder, "REC-001")
    assert data["status"] == "submitted" and data["closure"] == {"date": dt.date(2024, 6, 1)}
    assert_checks(jac, folder)

    confirm = jac(
        "close",
        "REC-001",
        "--level",
        "4",
        "--confirmed",
        "--date",
        "2024-06-20",
        "--records",
        folder,
        env=TODAY,
    )
    assert confirm.exit_code == 0, confirm.stderr
    data = load(folder, "REC-001")
    assert data["status"] == "closed"
    assert data["closure"] == {"date": dt.date(2024, 6, 1), "confirmed": dt.date(2024, 6, 20)}
    assert [u["status"] for u in data["updates"]] == ["amber", "submitted", "closed"]  # type: ignore[attr-defined]
    assert_checks(jac, folder)


REFUSALS = [
    (
        ["close", "REC-002", "--level", "2", "--evidence", "portal:X"],
        "error: REC-002 is level 3, not level 2",
    ),
    (["close", "REC-001", "--level", "2"], "error: level 2 needs --evidence"),
    (["close", "REC-001", "--level", "3"], "error: level 3 needs --evidence"),
    (
        ["close", "REC-001", "--level", "2", "--evidence", "evidence/missing.pdf"],
        "error: evidence 'evidence/missing.pdf' does not exist under records/",
    ),
    (
        ["close", "REC-001", "--level", "2", "--evidence", "../jac.yaml"],
        "error: evidence '../jac.yaml' must be a path inside records/",
    ),
    (
        ["close", "REC-001", "--level", "2", "--evidence", "/etc/passwd"],
        "error: evidence '/etc/passwd' must be a path inside records/",
    ),
    (
        ["close", "REC-005", "--level", "2", "--evidence", "portal:X"],
        "error: REC-005 is already closed",
    ),
    (["close", "REC-004", "--level", "4"], "error: REC-004 is already submitted"),
    (
        ["close", "REC-001", "--level", "1", "--confirmed"],
        "error: --confirmed is only for a submitted level 4 item",
    ),
    (
        ["close", "REC-001", "--level", "4", "--confirmed"],
        "error: --confirmed is only for a submitted level 4 item",
    ),
    (
        ["close", "REC-001", "--level", "1", "--date", "2024-07-01"],
        "error: --date 2024-07-01 is in the future",
    ),
    (
        ["close", "REC-001", "--level", "1", "--date", "2023-09-30"],
        "error: --date 2023-09-30 is before REC-001's last update (2023-10-01: ",
    ),
    (
        ["update", "REC-005", "--note", "More"],
        "error: REC-005 is closed; a closed item cannot be updated",
    ),
    (
        ["update", "REC-001", "--note", "x", "--date", "2024-07-01"],
        "error: --date 2024-07-01 is in the future",
    ),
    (
        ["update", "REC-001", "--note", "x", "--date", "2023-01-01"],
        "error: --date 2023-01-01 is before REC-001's last update",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals_exit_1_and_leave_the_file_byte_identical(
    folder: Path, jac: Jac, args: list[str], message: str
) -> None:
    before = snapshot(folder)
    result = jac(*args, "--records", folder, env=TODAY)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert result.stderr.startswith(message), result.stderr
    assert result.stdout == ""
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["close", "REC-999", "--level", "1"], "error: no record 'REC-999'"),
        (["close", "../REC-001", "--level", "1"], "error: '../REC-001' is not a finding id"),
        (["update", "/etc/passwd", "--note", "x"], "error: '/etc/passwd' is not a finding id"),
        (["close", "REC-001", "--level", "5"], "Error: Invalid value for '--level'"),
        (
            ["update", "REC-001", "--note", "x", "--date", "30/06/2024"],
            "'30/06/2024' is not a date",
        ),
        (
            ["update", "REC-001", "--note", "x", "--status", "closed"],
            "'closed' is not one of red, amber, green",
        ),
    ],
)
def test_usage_errors_exit_2(folder: Path, jac: Jac, args: list[str], message: str) -> None:
    result = jac(*args, "--records", folder, env=TODAY)
    assert result.exit_code == 2
    assert message in result.stderr


def test_update_moves_status_and_records_slips(folder: Path, jac: Jac) -> None:
    result = jac(
        "update",
        "REC-001",
        "--status",
        "red",
        "--note",
        "Recruitment delayed",
        "--by",
        "DCI Smith",
        "--due",
        "2025-01-31",
        "--owner",
        "Supt Jones",
        "--records",
        folder,
        env=TODAY,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "REC-001: amber -> red\n"
    data = load(folder, "REC-001")
    assert (
        data["status"] == "red"
        and data["due"] == dt.date(2025, 1, 31)
        and data["owner"] == "Supt Jones"
    )
    assert data["updates"][-1] == {  # type: ignore[index]
        "date": dt.date(2024, 6, 30),
        "note": "Recruitment delayed (due date changed from none to 2025-01-31) (owner changed from none to Supt Jones)",
        "status": "red",
        "by": "DCI Smith",
    }
    plain = jac("update", "REC-001", "--note", "Still red", "--records", folder, env=TODAY)
    assert plain.stdout == "REC-001: update added\n"
    assert "status" not in load(folder, "REC-001")["updates"][-1]  # type: ignore[index]
    assert_checks(jac, folder)


def test_returning_a_submitted_item_reopens_it(folder: Path, jac: Jac) -> None:
    result = jac(
        "update",
        "REC-004",
        "--status",
        "amber",
        "--note",
        "Evidence insufficient",
        "--records",
        folder,
        env=TODAY,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "REC-004: returned by HMICFRS, now amber\n"
    data = load(folder, "REC-004")
    assert data["status"] == "amber" and "closure" not in data
    assert data["updates"][-1]["note"] == "Returned by HMICFRS: Evidence insufficient"  # type: ignore[index]
    assert_checks(jac, folder)


# --- init and add ------------------------------------------------------------------------


def test_init_then_add(tmp_path: Path, jac: Jac) -> None:
    target = tmp_path / "records"
    first = jac(
        "init",
        target,
        "--force-name",
        "Test Police",
        "--short-name",
        "TP",
        "--closure-baseline",
        "2023-08-01",
    )
    assert first.exit_code == 0, first.stderr
    assert yaml.safe_load((target / "jac.yaml").read_text()) == {
        "force": "Test Police",
        "short_name": "TP",
        "closure_baseline": dt.date(2023, 8, 1),
    }
    assert ".jac-cache/" in (target / ".gitignore").read_text()
    again = jac("init", target, "--force-name", "Other")
    assert again.exit_code == 1
    assert "already a records folder" in again.stderr

    added = jac(
        "add",
        "inspection",
        "--id",
        "PEEL-2023",
        "--title",
        "PEEL 2023",
        "--type",
        "peel",
        "--published",
        "2023-10-01",
        "--records",
        target,
    )
    assert added.stdout == "PEEL-2023\n"
    dup = jac(
        "add",
        "inspection",
        "--id",
        "PEEL-2023",
        "--title",
        "PEEL",
        "--type",
        "peel",
        "--records",
        target,
    )
    assert dup.exit_code == 1

    write_files(target, {"recommendations/REC-041.yaml": finding("REC-041")})
    rec = jac(
        "add",
        "recommendation",
        "--inspection",
        "PEEL-2023",
        "--title",
        "Improve vetting",
        "--text",
        "The force should improve vetting.\n\nIt should also do aftercare.",
        "--status",
        "green",
        "--due",
        "2025-03-31",
        "--level",
        "3",
        "--raised",
        "2024-01-15",
        "--records",
        target,
        env=TODAY,
    )
    assert rec.exit_code == 0, rec.stderr
    assert rec.stdout == "REC-042\n"
    afi = jac(
        "add",
        "area-for-improvement",
        "--inspection",
        "PEEL-2023",
        "--title",
        "T",
        "--text",
        "X",
        "--records",
        target,
        env=TODAY,
    )
    assert afi.stdout == "AFI-001\n"
    text = (target / "recommendations" / "REC-042.yaml").read_text()
    assert text == (
        "id: REC-042\ntype: recommendation\ntitle: Improve vetting\n"
        "text: |\n  The force should improve vetting.\n\n  It should also do aftercare.\n"
        "inspection: PEEL-2023\nraised: 2024-01-15\ndue: 2025-03-31\nlevel: 3\nstatus: green\n"
        "updates:\n  - date: 2024-01-15\n    note: Added to the records.\n    status: green\n"
    )
    unknown = jac(
        "add",
        "recommendation",
        "--inspection",
        "PEEL-2024",
        "--title",
        "T",
        "--text",
        "X",
        "--records",
        target,
    )
    assert unknown.exit_code == 2
    assert unknown.stderr == "error: no inspection 'PEEL-2024' (did you mean PEEL-2023?)\n"
    assert_checks(jac, target)


# --- round-trip edits --------------------------------------------------------------------

COMMENTED = """\
# REC-033: from the PEEL 2023/25 report
status: amber   # RAG as at the last board
id: REC-033
type: recommendation
title: 'Quoted: vetting backlog'
text: >
  The force should reduce
  its vetting backlog.

inspection: PEEL-2023
owner: "DCI Smith"  # acting
updates:
  - {date: 2023-10-01, status: amber, note: Received.}
  # board of November
  - date: 2023-11-20
    note: Plan agreed.
extra:
  tracker_row: 33
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def test_close_diff_is_only_the_change(tmp_path: Path) -> None:
    root = tmp_path / "records"
    write_files(
        root,
        {
            "jac.yaml": "force: Test Police\n",
            "inspections/PEEL-2023.yaml": INSPECTION,
            "recommendations/REC-033.yaml": COMMENTED,
        },
    )
    git(tmp_path, "init", "-q")
    git(
        tmp_path,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "start",
        "--allow-empty",
    )
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "records")
    result = run_jac(
        "close",
        "REC-033",
        "--level",
        "2",
        "--evidence",
        "portal:HMIC-77",
        "--date",
        "2024-06-01",
        cwd=tmp_path,
        env=TODAY,
    )
    assert result.exit_code == 0, result.stderr
    diff = git(tmp_path, "diff", "-U0", "--no-color", "--", "records/recommendations/REC-033.yaml")
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-status: amber   # RAG as at the last board",
        "+level: 2",
        "+status: closed  # RAG as at the last board",
        "+  - date: 2024-06-01",
        "+    note: Work complete; closed by the force with the Chief Constable's letter (level 2).",
        "+    status: closed",
        "+closure:",
        "+  date: 2024-06-01",
        "+  evidence: portal:HMIC-77",
    ]


def test_crlf_and_bom_survive_an_update(folder: Path, jac: Jac) -> None:
    path = folder / "recommendations" / "REC-003.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + finding("REC-003").replace("\n", "\r\n").encode())
    result = jac("update", "REC-003", "--note", "Progress", "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert_checks(jac, folder)


# --- safety --------------------------------------------------------------------------------


def test_twenty_parallel_updates_lose_nothing(folder: Path) -> None:
    env = {**os.environ, "JAC_TODAY": "2024-06-30", "JAC_RECORDS": str(folder)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "jacreport", "update", "REC-001", "--note", f"parallel {n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(20)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    notes = [u["note"] for u in load(folder, "REC-001")["updates"]]  # type: ignore[attr-defined]
    assert sorted(n for n in notes if n.startswith("parallel")) == sorted(
        f"parallel {n}" for n in range(20)
    )
    assert run_jac("check", env={"JAC_RECORDS": str(folder)}).exit_code == 0


def test_killed_updates_never_tear_a_file(folder: Path) -> None:
    """Each update is ended abruptly between writing its new file and renaming it into
    place (jac's fault hook, as a kill there would): the record is exactly as it was."""
    env = {**os.environ, "JAC_TODAY": "2024-06-30", "JAC_RECORDS": str(folder)}
    path = folder / "recommendations" / "REC-001.yaml"
    for trial in range(3):
        before = path.read_bytes()
        proc = subprocess.run(
            [sys.executable, "-m", "jacreport", "update", "REC-001", "--note", f"trial {trial}"],
            env={**env, "JAC_FAULT_AFTER_WRITES": "1"},
            capture_output=True,
        )
        assert proc.returncode == 137, proc.stderr  # interrupted mid-write, every time
        assert path.read_bytes() == before
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    # A killed write may leave its hidden temporary file; it is never read as a record.
    assert all(name.startswith(".") for name in leftovers)
    assert run_jac("check", env={"JAC_RECORDS": str(folder)}).exit_code == 0
    follow = run_jac(
        "update",
        "REC-001",
        "--note",
        "after the kills",
        env={"JAC_RECORDS": str(folder), "JAC_TODAY": "2024-06-30"},
    )
    assert follow.exit_code == 0, follow.stderr


def test_a_date_before_todays_first_update_suggests_raised(records_dir: Path, jac: Jac) -> None:
    write_files(
        records_dir, {"inspections/PEEL-2023.yaml": "id: PEEL-2023\ntitle: P\ntype: peel\n"}
    )
    made = jac(
        "add",
        "area-for-improvement",
        "--inspection",
        "PEEL-2023",
        "--title",
        "T",
        "--text",
        "X",
        "--records",
        records_dir,
    )
    assert made.exit_code == 0, made.stderr
    late = jac("close", "AFI-001", "--level", "1", "--date", "2022-08-15", "--records", records_dir)
    assert late.exit_code == 1
    assert "is before AFI-001's last update" in late.stderr
    assert "--raised DATE" in late.stderr


def test_returning_never_doubles_the_prefix(folder: Path, jac: Jac) -> None:
    jac("close", "REC-001", "--level", "4", "--date", "2024-06-01", "--records", folder, env=TODAY)
    back = jac(
        "update",
        "REC-001",
        "--status",
        "amber",
        "--note",
        "Returned by HMICFRS: more evidence",
        "--date",
        "2024-06-10",
        "--records",
        folder,
        env=TODAY,
    )
    assert back.exit_code == 0, back.stderr
    notes = [u["note"] for u in load(folder, "REC-001")["updates"]]  # type: ignore[attr-defined]
    assert notes[-1] == "Returned by HMICFRS: more evidence"

"""`jac check`: every problem in one run, each with its file and line, in every format."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DEMO_RECORDS, Jac, run_jac, write_files

INSPECTION = """
id: PEEL-2023
title: PEEL 2023/25
type: peel
published: 2023-10-20
"""


def rec(rid: str, *, type_: str = "recommendation", status: str = "amber", extra: str = "") -> str:
    return f"""
id: {rid}
type: {type_}
title: A finding
text: The force should do a thing.
inspection: PEEL-2023
status: {status}
updates:
  - date: 2023-10-20
    status: {status}
    note: Received.
{extra}"""


BAD_FILES = {
    "inspections/PEEL-2023.yaml": INSPECTION,
    # 1. a bad status value
    "recommendations/REC-001.yaml": """
id: REC-001
type: recommendation
title: A finding
text: The force should do a thing.
inspection: PEEL-2023
status: blue
""",
    # 2. an unknown field
    "recommendations/REC-002.yaml": rec("REC-002") + "stauts: red\n",
    # 3. a duplicate id (REC-003 is claimed by two files; the second is also misnamed)
    "recommendations/REC-003.yaml": rec("REC-003"),
    # 4. a file named differently from its id
    "recommendations/REC-004.yaml": rec("REC-003"),
    # 5. a dangling inspection reference
    "recommendations/REC-005.yaml": rec("REC-005").replace("PEEL-2023", "PEEL-2099"),
    # 6. a closed item without a closure block
    "recommendations/REC-006.yaml": rec("REC-006", status="closed"),
    # 7. a prefix that does not match the type
    "recommendations/AFI-001.yaml": rec("AFI-001"),
    # 8. an inconsistent status history
    "recommendations/REC-008.yaml": rec("REC-008", status="amber").replace(
        "status: amber\nupdates", "status: green\nupdates"
    ),
    # 9. malformed YAML
    "recommendations/REC-009.yaml": "id: REC-009\ntitle: [unclosed\ntype: recommendation\n",
}

EXPECTED = [
    "records/recommendations/AFI-001.yaml:2: type recommendation does not match the id prefix AFI- (a recommendation is REC-NNN)",
    "records/recommendations/REC-001.yaml:6: status: 'blue' is not one of red, amber, green, submitted, closed",
    "records/recommendations/REC-002.yaml:11: stauts: is not a field jac knows (did you mean `status`?) (a force's own fields go under `extra:`)",
    "records/recommendations/REC-004.yaml:1: duplicate id REC-003: also in recommendations/REC-003.yaml",
    "records/recommendations/REC-004.yaml:1: id REC-003 does not match the file name REC-004.yaml",
    "records/recommendations/REC-005.yaml:5: no inspection 'PEEL-2099' (no inspections/PEEL-2099.yaml)",
    "records/recommendations/REC-006.yaml:6: a closed item needs a `closure:` block",
    "records/recommendations/REC-008.yaml:6: status is green but the latest update with a status (2023-10-20) says amber",
    # The parser's own wording differs between libyaml and pure Python; the place does not.
    "records/recommendations/REC-009.yaml:3: invalid YAML: ",
]


def test_every_problem_is_reported_with_file_and_line(records_dir: Path) -> None:
    write_files(records_dir, BAD_FILES)
    result = run_jac("check", cwd=records_dir.parent)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:-2] == EXPECTED[:-1]
    assert lines[-2].startswith(EXPECTED[-1])
    assert lines[-1] == "9 problems in 8 files"
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""


def test_json_and_github_formats(records_dir: Path, jac: Jac) -> None:
    write_files(records_dir, BAD_FILES)
    result = jac("check", "--format", "json", "--records", records_dir)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert len(report["problems"]) == len(EXPECTED)
    first = report["problems"][0]
    assert set(first) == {"path", "line", "message"}
    assert first["path"].endswith("recommendations/AFI-001.yaml")
    assert first["line"] == 2

    github = jac("check", "--format", "github", "--records", records_dir)
    assert github.exit_code == 1
    assert github.stdout.splitlines()[1].startswith("::error file=")
    assert ",line=6::status: 'blue' is not one of" in github.stdout


def test_clean_folder_exits_zero(records_dir: Path, jac: Jac) -> None:
    write_files(
        records_dir,
        {"inspections/PEEL-2023.yaml": INSPECTION, "recommendations/REC-001.yaml": rec("REC-001")},
    )
    result = jac("check", "--records", records_dir)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "ok: 1 inspections, 1 findings, 0 meetings\n"
    report = json.loads(jac("check", "--format", "json", "--records", records_dir).stdout)
    assert report == {"ok": True, "problems": []}


def test_closure_rules(records_dir: Path, jac: Jac) -> None:
    closed = rec("REC-001", status="closed") + "level: 4\nclosure:\n  date: 2023-10-21\n"
    evidence = (
        rec("REC-002", status="closed")
        + "closure:\n  date: 2023-10-20\n  evidence: letters/none.pdf\n"
    )
    outside = (
        rec("REC-003", status="closed") + "closure:\n  date: 2023-10-20\n  evidence: ../jac.yaml\n"
    )
    open_with_closure = rec("REC-004") + "closure:\n  date: 2023-10-20\n"
    write_files(
        records_dir,
        {
            "inspections/PEEL-2023.yaml": INSPECTION,
            "recommendations/REC-001.yaml": closed,
            "recommendations/REC-002.yaml": evidence,
            "recommendations/REC-003.yaml": outside,
            "recommendations/REC-004.yaml": open_with_closure,
        },
    )
    out = jac("check", "--records", records_dir).stdout
    assert "REC-001.yaml:13: closure date 2023-10-21 should be 2023-10-20" in out
    assert "REC-001.yaml:12: a closed level 4 item needs `confirmed:`" in out
    assert "REC-002.yaml:13: evidence 'letters/none.pdf' does not exist under records/" in out
    assert "REC-003.yaml:13: evidence '../jac.yaml' must be a path inside records/" in out
    assert "REC-004.yaml:11: an open (amber) item cannot have a `closure:` block" in out


def test_evidence_symlink_leading_out_is_refused(
    records_dir: Path, tmp_path: Path, jac: Jac
) -> None:
    (tmp_path / "secret.pdf").write_text("x")
    (records_dir / "evidence").mkdir()
    (records_dir / "evidence" / "letter.pdf").symlink_to(tmp_path / "secret.pdf")
    closed = (
        rec("REC-001", status="closed")
        + "closure:\n  date: 2023-10-20\n  evidence: evidence/letter.pdf\n"
    )
    write_files(
        records_dir,
        {"inspections/PEEL-2023.yaml": INSPECTION, "recommendations/REC-001.yaml": closed},
    )
    out = jac("check", "--records", records_dir).stdout
    assert "evidence 'evidence/letter.pdf' leads outside records/" in out


def test_temporary_and_hidden_files_are_not_records(records_dir: Path, jac: Jac) -> None:
    write_files(
        records_dir,
        {
            "inspections/PEEL-2023.yaml": INSPECTION,
            "recommendations/REC-001.yaml": rec("REC-001"),
            "recommendations/.REC-001.yaml.tmp": "garbage: [",
            "recommendations/REC-002.yaml.tmp": "garbage: [",
            "recommendations/.lock": "",
        },
    )
    assert jac("check", "--records", records_dir).exit_code == 0


def test_demo_records_are_valid() -> None:
    result = run_jac("check", cwd=DEMO_RECORDS.parent)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok: ")


def test_records_folder_is_found_from_a_subfolder(records_dir: Path) -> None:
    sub = records_dir.parent / "somewhere" / "deeper"
    sub.mkdir(parents=True)
    assert run_jac("check", cwd=sub).exit_code == 0
    elsewhere = records_dir.parent.parent / "empty"
    elsewhere.mkdir()
    result = run_jac("check", cwd=elsewhere)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no records folder found")
    via_env = run_jac("check", cwd=elsewhere, env={"JAC_RECORDS": str(records_dir)})
    assert via_env.exit_code == 0

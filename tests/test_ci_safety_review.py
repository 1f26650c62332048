"""`jac diff` shows everything that changes the paper; diff and log hold the 2 MB limit."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from conftest import Jac, write_files
from test_review import finding, git

SETTINGS = "force: Test Police\nclosure_baseline: 2023-08-01\n"
INSPECTION = "id: PEEL-2023\ntitle: PEEL 2023\ntype: peel\npublished: 2023-10-01\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository on `main` with records, an evidence file and the top templates/."""
    write_files(
        tmp_path,
        {
            "records/jac.yaml": SETTINGS,
            "records/inspections/PEEL-2023.yaml": INSPECTION,
            "records/recommendations/REC-001.yaml": finding("REC-001"),
            "records/evidence/report.txt": "The first report.\n",
            "records/evidence/minutes.txt": "Minutes.\n",
            "templates/paper.md.j2": "{{ force }}\n",
        },
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Records")
    git(tmp_path, "checkout", "-qb", "pr")
    return tmp_path


def hostile_pull_request(repo: Path) -> None:
    """What issue 12's contributor did: new settings, an evil template, evidence swapped."""
    write_files(
        repo,
        {
            "records/jac.yaml": (
                "force: Other Police\nclosure_baseline: 2024-04-01\ntemplates: evil-templates\n"
            ),
            "evil-templates/paper.md.j2": "{{ cycler.__init__.__globals__ }}\n",
            "templates/paper.html.j2": "<p>{{ force }}</p>\n",
            "records/evidence/report.txt": "A different report.\n",
            "records/evidence/new.txt": "New.\n",
        },
    )
    (repo / "records" / "evidence" / "minutes.txt").unlink()


def test_settings_templates_and_evidence_show_and_strict_fails(repo: Path, jac: Jac) -> None:
    hostile_pull_request(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Nothing to see")
    records = repo / "records"
    result = jac("diff", "main", "pr", "--records", records)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "main...pr: 0 records changed; also changed: 3 settings in jac.yaml, "
        "2 template files, 3 evidence files",
        "settings (jac.yaml):",
        "  force: Test Police -> Other Police",
        "  closure_baseline: 2023-08-01 -> 2024-04-01",
        "  templates: (not set) -> evil-templates",
        "templates:",
        "  added      evil-templates/paper.md.j2",
        "  added      templates/paper.html.j2",
        "evidence:",
        "  removed    records/evidence/minutes.txt",
        "  added      records/evidence/new.txt",
        "  changed    records/evidence/report.txt",
    ]
    strict = jac("diff", "main", "pr", "--strict", "--records", records)
    assert strict.exit_code == 1 and strict.stdout == result.stdout

    data = json.loads(jac("diff", "main", "pr", "--format", "json", "--records", records).stdout)
    assert data == {
        "base": "main",
        "head": "pr",
        "changes": [],
        "settings": {
            "force": ["Test Police", "Other Police"],
            "closure_baseline": ["2023-08-01", "2024-04-01"],
            "templates": [None, "evil-templates"],
        },
        "templates": [
            {"path": "evil-templates/paper.md.j2", "change": "added"},
            {"path": "templates/paper.html.j2", "change": "added"},
        ],
        "evidence": [
            {"path": "records/evidence/minutes.txt", "change": "removed"},
            {"path": "records/evidence/new.txt", "change": "added"},
            {"path": "records/evidence/report.txt", "change": "changed"},
        ],
    }

    md = jac("diff", "main", "pr", "--format", "md", "--records", records).stdout
    assert md.splitlines() == [
        "## jac: record changes (main...pr)",
        "",
        "**0 record(s) changed**. **Also changed: 3 settings in jac.yaml, 2 template files, "
        "3 evidence files.**",
        "",
        "### Settings changed in jac.yaml (3)",
        "",
        "- force: Test Police -> Other Police",
        "- closure\\_baseline: 2023-08-01 -> 2024-04-01",
        "- templates: (not set) -> evil-templates",
        "",
        "### Templates changed (2)",
        "",
        "- added: evil-templates/paper.md.j2",
        "- added: templates/paper.html.j2",
        "",
        "### Evidence files changed (3)",
        "",
        "- removed: records/evidence/minutes.txt",
        "- added: records/evidence/new.txt",
        "- changed: records/evidence/report.txt",
    ]


def test_the_working_tree_shows_the_same(repo: Path, jac: Jac) -> None:
    hostile_pull_request(repo)
    data = json.loads(jac("diff", "main", "--format", "json", "--records", repo / "records").stdout)
    assert data["head"] == "working tree"
    assert set(data["settings"]) == {"force", "closure_baseline", "templates"}
    assert [t["path"] for t in data["templates"]] == [
        "evil-templates/paper.md.j2",
        "templates/paper.html.j2",
    ]
    assert [(e["path"], e["change"]) for e in data["evidence"]] == [
        ("records/evidence/minutes.txt", "removed"),
        ("records/evidence/new.txt", "added"),
        ("records/evidence/report.txt", "changed"),
    ]
    assert jac("diff", "main", "--strict", "--records", repo / "records").exit_code == 1


def test_a_template_changed_in_the_folder_the_base_named(repo: Path, jac: Jac) -> None:
    write_files(repo, {"mine/paper.md.j2": "one\n"})
    (repo / "records" / "jac.yaml").write_text(SETTINGS + "templates: mine\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Our own templates")
    git(repo, "branch", "-f", "main")
    write_files(repo, {"mine/paper.md.j2": "two\n"})
    (repo / "records" / "jac.yaml").write_text(SETTINGS)
    git(repo, "commit", "-qam", "Changed the template, dropped the setting")
    result = jac("diff", "main", "pr", "--strict", "--records", repo / "records")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "settings (jac.yaml):",
        "  templates: mine -> (not set)",
        "templates:",
        "  changed    mine/paper.md.j2",
    ]


def test_only_comments_changed_in_jac_yaml_is_no_change(repo: Path, jac: Jac) -> None:
    (repo / "records" / "jac.yaml").write_text("# who to ask: the clerk\n" + SETTINGS)
    git(repo, "commit", "-qam", "A comment")
    result = jac("diff", "main", "pr", "--strict", "--records", repo / "records")
    assert (result.exit_code, result.stdout) == (0, "main...pr: 0 records changed\n")


def test_a_records_only_change_adds_nothing(repo: Path, jac: Jac) -> None:
    write_files(repo, {"records/recommendations/REC-002.yaml": finding("REC-002")})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "One more")
    records = repo / "records"
    assert jac("diff", "main", "pr", "--strict", "--records", records).exit_code == 0
    data = json.loads(jac("diff", "main", "pr", "--format", "json", "--records", records).stdout)
    assert (data["settings"], data["templates"], data["evidence"]) == ({}, [], [])
    md = jac("diff", "main", "pr", "--format", "md", "--records", records).stdout
    assert "Also changed" not in md and "###" in md


BIG_NOTE = "x" * (3 * 1024 * 1024)


def big_record() -> str:
    return finding("REC-001", tail=f"  - date: 2023-11-01\n    note: {BIG_NOTE}\n")


def test_a_record_over_2_mb_is_not_read_by_diff(repo: Path, jac: Jac) -> None:
    records = repo / "records"
    write_files(
        repo,
        {
            "records/recommendations/REC-001.yaml": big_record(),
            "records/recommendations/REC-002.yaml": finding("REC-002"),
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "A huge note")
    tracemalloc.start()
    try:
        result = jac("diff", "main", "pr", "--strict", "--records", records)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1  # what cannot be compared cannot pass a strict review
    assert result.stderr == (
        "warning: cannot compare pr:recommendations/REC-001.yaml: "
        "the file is 3.0 MB; a record is at most 2 MB\n"
    )
    assert result.stdout.splitlines()[:2] == [
        "main...pr: 1 record changed",
        "  REC-002    new recommendation (PEEL-2023), amber: Title of REC-002",
    ]
    assert peak < 2 * 1024 * 1024, peak
    working = jac("diff", "main", "--records", records)
    assert working.exit_code == 0
    assert working.stderr == result.stderr.replace("pr:", "working tree:")


def test_a_record_over_2_mb_is_not_read_by_log(repo: Path, jac: Jac) -> None:
    records = repo / "records"
    write_files(repo, {"records/recommendations/REC-001.yaml": big_record()})
    git(repo, "commit", "-qam", "A huge note")
    big = git(repo, "rev-parse", "HEAD").strip()
    write_files(repo, {"records/recommendations/REC-001.yaml": finding("REC-001", "red")})
    git(repo, "commit", "-qam", "Back to normal")
    tracemalloc.start()
    try:
        result = jac("log", "REC-001", "--records", records)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: cannot compare {big[:8]}:recommendations/REC-001.yaml: "
        "the file is 3.0 MB; a record is at most 2 MB\n"
    )
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[1] for line in lines if not line.startswith(" ")] == [
        "Back to normal",
        "A huge note",
        "Records",
    ]
    assert "    new recommendation (PEEL-2023), amber: Title of REC-001" in lines
    assert peak < 2 * 1024 * 1024, peak

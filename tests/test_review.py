"""`jac diff` and `jac log` over real git repositories, and `jac check --format github`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Jac, run_jac, write_files

TODAY = {"JAC_TODAY": "2024-07-01"}
GOLDEN = REPO / "tests" / "golden" / "diff.md"


def git(cwd: Path, *args: str) -> str:
    env_args = [
        "-c",
        "user.name=Fiona Fletcher",
        "-c",
        "user.email=ff@example.org",
        "-c",
        "init.defaultBranch=main",
    ]
    return subprocess.run(
        ["git", *env_args, *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def finding(rid: str, status: str = "amber", *, level: int | None = None, tail: str = "") -> str:
    lines = [
        f"id: {rid}",
        "type: recommendation",
        f"title: Title of {rid}",
        "text: Do it.",
        "inspection: PEEL-2023",
    ]
    if level:
        lines.append(f"level: {level}")
    lines += [
        f"status: {status}",
        "updates:",
        "  - date: 2023-10-01",
        "    status: amber",
        "    note: Received.",
    ]
    return "\n".join(lines) + "\n" + tail


CLOSED_L2 = finding(
    "REC-003",
    "closed",
    level=2,
    tail="  - date: 2024-01-10\n    status: closed\n    note: Done.\nclosure:\n  date: 2024-01-10\n  evidence: portal:X-3\n",
)


@pytest.fixture(scope="module")
def built_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A records repository: main, and a branch `change` with one of every kind of change;
    built once for the module (git commits are the slow part)."""
    tmp_path = tmp_path_factory.mktemp("review") / "repo"
    tmp_path.mkdir()
    root = tmp_path / "records"
    write_files(
        root,
        {
            "jac.yaml": "force: Test Police\n",
            "inspections/PEEL-2023.yaml": "id: PEEL-2023\ntitle: PEEL 2023\ntype: peel\npublished: 2023-10-01\n",
            "recommendations/REC-001.yaml": finding("REC-001"),
            "recommendations/REC-002.yaml": finding("REC-002"),
            "recommendations/REC-003.yaml": CLOSED_L2,
            "recommendations/REC-004.yaml": finding(
                "REC-004", tail="  - date: 2023-12-01\n    note: Plan agreed.\n"
            ),
            "recommendations/REC-005.yaml": finding("REC-005"),
            "recommendations/REC-007.yaml": finding("REC-007"),
            "recommendations/REC-008.yaml": finding("REC-008"),
            "recommendations/REC-009.yaml": finding("REC-009"),
        },
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Records as at October")
    git(tmp_path, "checkout", "-qb", "change")

    # On main after the branch point: must not show in `jac diff main change`.
    git(tmp_path, "checkout", "-q", "main")
    write_files(root, {"recommendations/REC-099.yaml": finding("REC-099")})
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Landed on main later")
    git(tmp_path, "checkout", "-q", "change")

    env = {**TODAY, "JAC_RECORDS": str(root)}
    assert (
        run_jac(
            "add",
            "recommendation",
            "--inspection",
            "PEEL-2023",
            "--title",
            "New one",
            "--text",
            "Do more.",
            env=env,
        ).stdout
        == "REC-010\n"
    )
    (root / "recommendations" / "REC-005.yaml").unlink()
    assert (
        run_jac(
            "close", "REC-001", "--level", "2", "--evidence", "portal:HMIC-77", env=env
        ).exit_code
        == 0
    )
    assert (
        run_jac("update", "REC-002", "--status", "red", "--note", "Slipping", env=env).exit_code
        == 0
    )
    assert run_jac("update", "REC-007", "--note", "On track", env=env).exit_code == 0
    path = root / "recommendations" / "REC-004.yaml"
    path.write_text(
        path.read_text().replace("Plan agreed.", "Plan agreed in December.")
    )  # history rewritten
    path = root / "recommendations" / "REC-003.yaml"
    path.write_text(path.read_text().replace("level: 2", "level: 3"))  # level changed after closure
    path = root / "recommendations" / "REC-008.yaml"
    path.write_text(
        path.read_text().replace("status: amber\nupdates", "status: green\nupdates")
    )  # no update
    path = root / "recommendations" / "REC-009.yaml"
    path.write_text(
        path.read_text().replace("status: amber\nupdates", "level: 2\nstatus: closed\nupdates")
        + "  - date: 2024-06-01\n    status: closed\n    note: Done.\nclosure:\n  date: 2024-06-01\n"
    )
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "June board changes")
    return tmp_path


@pytest.fixture
def repo(built_repo: Path, tmp_path: Path) -> Path:
    """A copy of the module's repository, for a test to change as it likes."""
    copy = tmp_path / "repo"
    shutil.copytree(built_repo, copy, symlinks=True)
    return copy


def diff_json(jac: Jac, repo: Path, *args: str) -> Any:
    result = jac("diff", *args, "--format", "json", "--records", repo / "records")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_diff_between_commits(repo: Path, jac: Jac) -> None:
    data = diff_json(jac, repo, "main", "change")
    assert data["base"] == "main" and data["head"] == "change"
    changes = {c["id"]: c for c in data["changes"]}
    assert list(changes) == [
        "REC-001",
        "REC-002",
        "REC-003",
        "REC-004",
        "REC-005",
        "REC-007",
        "REC-008",
        "REC-009",
        "REC-010",
    ]
    assert "REC-099" not in changes  # landed on main after the branch point

    assert changes["REC-001"]["change"] == "changed"
    assert changes["REC-001"]["group"] == "closed"
    assert changes["REC-001"]["summary"] == "closed at level 2, evidence portal:HMIC-77"
    assert changes["REC-001"]["fields"]["status"] == ["amber", "closed"]
    assert changes["REC-001"]["fields"]["level"] == [None, 2]
    assert changes["REC-001"]["fields"]["closure"] == [
        None,
        {"date": "2024-07-01", "evidence": "portal:HMIC-77"},
    ]
    assert changes["REC-001"]["attention"] == []

    assert changes["REC-002"]["summary"] == "amber -> red"
    assert changes["REC-002"]["new_updates"] == [
        {"date": "2024-07-01", "note": "Slipping", "status": "red"}
    ]
    assert changes["REC-003"]["attention"] == ["REC-003: level changed from 2 to 3 after closure"]
    assert changes["REC-004"]["attention"] == [
        "REC-004: a past update was edited or removed (history rewritten)"
    ]
    assert changes["REC-005"]["change"] == "removed"
    assert changes["REC-005"]["attention"] == [
        "REC-005 was removed: records are closed, not deleted"
    ]
    assert changes["REC-007"]["summary"] == "1 new update"
    assert changes["REC-008"]["attention"] == [
        "REC-008: status changed amber -> green without a new update saying so"
    ]
    assert changes["REC-009"]["attention"] == ["REC-009: closed at level 2 without evidence"]
    assert changes["REC-010"]["change"] == "added"
    assert changes["REC-010"]["fields"]["title"] == [None, "New one"]


def test_markdown_for_a_pull_request_is_golden(repo: Path, jac: Jac, update_golden: bool) -> None:
    result = jac("diff", "main", "change", "--format", "md", "--records", repo / "records")
    if update_golden:
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_strict_exits_1_on_attention(repo: Path, jac: Jac) -> None:
    assert jac("diff", "main", "change", "--strict", "--records", repo / "records").exit_code == 1
    clean = jac("diff", "change", "change", "--strict", "--records", repo / "records")
    assert clean.exit_code == 0
    assert clean.stdout == "change...change: 0 records changed\n"


def test_diff_against_the_working_tree(repo: Path, jac: Jac) -> None:
    root = repo / "records"
    assert (
        run_jac(
            "update",
            "REC-002",
            "--status",
            "amber",
            "--note",
            "Recovered",
            env={**TODAY, "JAC_RECORDS": str(root)},
        ).exit_code
        == 0
    )
    data = diff_json(jac, repo, "main")
    assert data["head"] == "working tree"
    changes = {c["id"]: c for c in data["changes"]}
    assert "status" not in changes["REC-002"]["fields"]  # amber at the base, amber again now
    assert [u["note"] for u in changes["REC-002"]["new_updates"]] == ["Slipping", "Recovered"]
    against_head = diff_json(jac, repo, "HEAD")
    assert [c["id"] for c in against_head["changes"]] == ["REC-002"]
    text = jac("diff", "HEAD", "--records", root).stdout
    assert text.splitlines() == [
        "HEAD...working tree: 1 record changed",
        "  REC-002    red -> amber",
        "               + 2024-07-01 [amber]: Recovered",
    ]


def test_detached_and_shallow_checkouts(repo: Path, tmp_path: Path) -> None:
    git(repo, "checkout", "-q", "--detach", "change")
    detached = run_jac("diff", "main", "--format", "json", cwd=repo)
    assert detached.exit_code == 0, detached.stderr
    assert "REC-001" in detached.stdout

    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-single-branch", repo.as_uri(), str(shallow)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["git", "checkout", "-q", "change"], cwd=shallow, check=True, capture_output=True
    )
    result = run_jac("diff", "origin/main", cwd=shallow)
    assert result.exit_code == 0, result.stderr
    assert "no merge base" in result.stderr


def test_git_edge_cases_are_usage_errors(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, jac: Jac
) -> None:
    root = repo / "records"
    unknown = jac("diff", "nope", "--records", root)
    assert (unknown.exit_code, unknown.stderr) == (2, "error: unknown revision 'nope'\n")
    assert jac("diff", "main", "nope", "--records", root).exit_code == 2
    assert jac("diff", "--", "-x", "--records", root).exit_code == 2

    plain = tmp_path_factory.mktemp("plain")
    write_files(plain, {"records/jac.yaml": "force: T\n"})
    not_git = jac("diff", "main", "--records", plain / "records")
    assert not_git.exit_code == 2
    assert "is not in a git repository" in not_git.stderr

    git(plain, "init", "-q")
    empty = jac("diff", "main", "--records", plain / "records")
    assert (empty.exit_code, empty.stderr) == (2, "error: unknown revision 'main'\n")
    no_commits = jac("log", "REC-001", "--records", plain / "records")
    assert (no_commits.exit_code, no_commits.stderr) == (
        2,
        "error: the repository has no commits yet\n",
    )

    (plain / "README").write_text("x")
    git(plain, "add", "README")
    git(plain, "commit", "-qm", "no records yet")
    git(plain, "add", ".")
    git(plain, "commit", "-qm", "records")
    absent = jac("diff", "HEAD~1", "--records", plain / "records")
    assert (absent.exit_code, absent.stderr) == (
        2,
        "error: there is no records folder (records) at HEAD~1\n",
    )


def test_log_shows_each_commit_with_its_change(repo: Path, jac: Jac) -> None:
    result = jac("log", "REC-001", "--records", repo / "records")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("Fiona Fletcher: June board changes")
    assert lines[1] == "    closed at level 2, evidence portal:HMIC-77"
    assert lines[2].startswith("    + 2024-07-01 [closed]: Work complete")
    assert lines[3].endswith("Fiona Fletcher: Records as at October")
    assert lines[4] == "    new recommendation (PEEL-2023), amber: Title of REC-001"
    data = json.loads(
        jac("log", "REC-005", "--format", "json", "--records", repo / "records").stdout
    )
    assert [e["change"]["change"] for e in data] == ["removed", "added"]
    unknown = jac("log", "REC-404", "--records", repo / "records")
    assert unknown.exit_code == 2
    assert jac("log", "../etc", "--records", repo / "records").exit_code == 2


def test_check_github_annotations(tmp_path: Path, jac: Jac) -> None:
    root = tmp_path / "records"
    write_files(
        root,
        {
            "jac.yaml": "force: Test Police\n",
            "inspections/PEEL-2023.yaml": "id: PEEL-2023\ntitle: PEEL\ntype: peel\n",
            "recommendations/REC-001.yaml": finding("REC-001").replace(
                "status: amber\nupdates", "status: blue\nupdates"
            ),
        },
    )
    result = jac("check", "--format", "github", "--records", root)
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=")
    assert result.stdout.rstrip().endswith(
        "recommendations/REC-001.yaml,line=6::status: 'blue' is not one of red, amber, green, submitted, closed"
    )

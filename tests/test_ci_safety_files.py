"""Issue 12 and 13, files: nothing outside the repository is read or written (symlinked
folders, files, cache and lock are never followed), the cache can never stop or mislead a
command, writes lock portably and say when they wait, annotations cannot be forged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO_RECORDS, Jac, run_jac
from filelock import FileLock

TODAY = {"JAC_TODAY": "2024-06-30"}
SECRET = "SECRET-OUTSIDE-THE-REPO"
READS = [
    ["check"],
    ["list"],
    ["list", "--format", "json"],
    ["show", "AFI-023"],
    ["count", "--open"],
    ["render", "--meeting", "2024-06-27"],
    ["export", "--format", "csv"],
]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "repo" / "records"
    shutil.copytree(DEMO_RECORDS, root, ignore=shutil.ignore_patterns(".jac-cache", ".jac.lock"))
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository holding valid-looking records with a secret."""
    folder = tmp_path / "outside"
    folder.mkdir()
    text = (DEMO_RECORDS / "recommendations" / "AFI-023.yaml").read_text("utf-8")
    (folder / "AFI-023.yaml").write_text(text.replace("Improve victim updates", SECRET), "utf-8")
    (folder / "REC-999.yaml").write_text(
        text.replace("AFI-023", "REC-999").replace("area-for-improvement", "recommendation")
        + f"# {SECRET}\n",
        "utf-8",
    )
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def reads_never_show(jac: Jac, root: Path, secret: str) -> None:
    for call in READS:
        result = jac(*call, "--records", root, env=TODAY)
        assert result.exit_code in (0, 1, 2), (call, result.stderr)
        assert secret not in result.stdout + result.stderr, call
        assert "internal error" not in result.stderr


def test_a_record_folder_that_is_a_link_is_a_problem_never_followed(
    demo: Path, outside: Path, jac: Jac
) -> None:
    shutil.rmtree(demo / "recommendations")
    (demo / "recommendations").symlink_to(outside, target_is_directory=True)
    before = tree(outside)
    check = jac("check", "--records", demo)
    assert check.exit_code == 1
    assert "records/recommendations: the folder is a symbolic link" in check.stdout
    reads_never_show(jac, demo, SECRET)
    for call in (
        ["update", "AFI-023", "--note", "x"],
        ["close", "AFI-023", "--level", "1"],
        ["add", "recommendation", "--inspection", "PEEL-2023", "--title", "T", "--text", "X"],
    ):
        result = jac(*call, "--records", demo, env=TODAY)
        assert result.exit_code in (1, 2), call
        assert SECRET not in result.stdout + result.stderr
    assert tree(outside) == before


def test_a_record_file_that_is_a_link_is_a_problem_never_followed(
    demo: Path, outside: Path, jac: Jac
) -> None:
    inside = demo / "recommendations" / "AFI-023.yaml"
    inside.unlink()
    inside.symlink_to(outside / "AFI-023.yaml")
    (demo / "meetings" / "2099-01-01.yaml").symlink_to(outside / "REC-999.yaml")
    (demo / "recommendations" / "REC-999.yaml").symlink_to(
        demo / "recommendations" / "REC-001.yaml"
    )
    before = tree(outside)
    check = jac("check", "--records", demo)
    assert check.exit_code == 1
    for name in (
        "recommendations/AFI-023.yaml",
        "meetings/2099-01-01.yaml",
        "recommendations/REC-999.yaml",
    ):
        assert (
            f"records/{name}: the file is a symbolic link; jac does not follow links"
            in check.stdout
        )
    reads_never_show(jac, demo, SECRET)
    update = jac("update", "AFI-023", "--note", "x", "--records", demo, env=TODAY)
    assert update.exit_code == 1
    assert tree(outside) == before


def test_the_lock_file_as_a_link_refuses_writes(demo: Path, outside: Path, jac: Jac) -> None:
    (demo / ".jac.lock").symlink_to(outside / "REC-999.yaml")
    before = tree(outside)
    result = jac("update", "AFI-023", "--note", "x", "--records", demo, env=TODAY)
    assert result.exit_code == 1
    assert "records/.jac.lock is a symbolic link; jac does not follow links" in result.stderr
    assert tree(outside) == before
    check = jac("check", "--records", demo, env=TODAY)
    assert check.exit_code == 1
    assert "records/.jac.lock: the lock file is a symbolic link" in check.stdout


def answers(jac: Jac, root: Path) -> list[str]:
    return [jac(*call, "--records", root, env=TODAY).stdout for call in READS]


def test_the_cache_as_a_link_is_neither_read_nor_written(
    demo: Path, outside: Path, jac: Jac
) -> None:
    expected = answers(jac, demo)
    shutil.rmtree(demo / ".jac-cache")
    (demo / ".jac-cache").symlink_to(outside, target_is_directory=True)
    before = tree(outside)
    check = jac("check", "--records", demo, env=TODAY)
    assert check.exit_code == 1  # SPEC: a problem for check, never followed
    assert (
        "records/.jac-cache: the index folder is a symbolic link; jac does not follow links"
        in check.stdout
    )
    listed = jac("list", "--format", "json", "--records", demo, env=TODAY)
    assert listed.stdout == expected[READS.index(["list", "--format", "json"])]
    assert "the records have 1 problem" in listed.stderr
    assert tree(outside) == before


def test_the_cache_as_a_plain_file_or_garbage_changes_nothing(demo: Path, jac: Jac) -> None:
    expected = answers(jac, demo)
    shutil.rmtree(demo / ".jac-cache")
    (demo / ".jac-cache").write_text("not a folder")
    assert answers(jac, demo) == expected
    (demo / ".jac-cache").unlink()
    answers(jac, demo)  # rebuilt
    index_file = demo / ".jac-cache" / "index.sqlite"
    good = index_file.read_bytes()
    for garbage in (b"", b"\x00" * 4096, good[:4096], good[:100] + b"\xff" * 5000, b"[1, 2, 3]"):
        index_file.write_bytes(garbage)
        assert answers(jac, demo) == expected, garbage[:20]


def test_an_unwritable_stale_cache_still_answers_from_the_records(demo: Path, jac: Jac) -> None:
    answers(jac, demo)
    path = demo / "recommendations" / "AFI-023.yaml"
    path.write_text(path.read_text("utf-8").replace("Improve victim updates", "Edited"), "utf-8")
    cache_dir = demo / ".jac-cache"
    (cache_dir / "index.sqlite").rename(cache_dir / "old.sqlite")
    (cache_dir / "index.sqlite").mkdir()  # cannot be opened, whoever runs the test
    os.chmod(cache_dir, 0o500)
    try:
        shown = jac("show", "AFI-023", "--records", demo, env=TODAY)
        assert shown.exit_code == 0, shown.stderr
        assert "Edited" in shown.stdout
    finally:
        os.chmod(cache_dir, 0o700)


def test_a_held_lock_is_waited_for_said_and_given_up(demo: Path) -> None:
    path = demo / "recommendations" / "AFI-023.yaml"
    before = path.read_bytes()
    with FileLock(str(demo / ".jac.lock")):
        result = run_jac(
            "update",
            "AFI-023",
            "--note",
            "x",
            env={"JAC_RECORDS": str(demo), "JAC_LOCK_TIMEOUT": "2", **TODAY},
        )
    assert result.exit_code == 1
    assert "waiting for another jac command writing to" in result.stderr
    assert "records/.jac.lock" in result.stderr
    assert "has held" in result.stderr and "for 2 s; nothing was written" in result.stderr
    assert path.read_bytes() == before
    after = run_jac("update", "AFI-023", "--note", "x", env={"JAC_RECORDS": str(demo), **TODAY})
    assert after.exit_code == 0, after.stderr


def test_writes_work_without_fcntl(demo: Path) -> None:
    """As on Windows: no fcntl module at all."""
    script = (
        "import sys; sys.modules['fcntl'] = None\n"
        "from jacreport.cli import main\n"
        "sys.argv = ['jac', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = {**os.environ, "JAC_RECORDS": str(demo), **TODAY}
    for args in (
        ["update", "AFI-023", "--note", "From Windows."],
        ["close", "AFI-024", "--level", "1"],
    ):
        proc = subprocess.run(
            [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
    assert "From Windows." in (demo / "recommendations" / "AFI-023.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    "name", ["REC-901\n::stop-commands::x.yaml", "REC-902,title=x.yaml", "REC-903:x.yaml"]
)
def test_annotations_cannot_be_forged(demo: Path, jac: Jac, name: str) -> None:
    source = (demo / "recommendations" / "AFI-023.yaml").read_text("utf-8")
    (demo / "recommendations" / name).write_text(source, "utf-8")
    text = jac("check", "--records", demo)
    assert text.exit_code == 1
    assert not any(line.startswith("::") for line in text.stdout.splitlines())
    github = jac("check", "--format", "github", "--records", demo)
    assert github.exit_code == 1
    for line in github.stdout.splitlines():
        assert line.startswith("::error ")
        properties = line.removeprefix("::error ").split("::", 1)[0]
        keys = [p.split("=", 1)[0] for p in properties.split(",")]
        assert keys in (["file"], ["file", "line"]), line
    if "\n" in name:
        assert "holds a control character" in github.stdout


def test_diff_never_reads_settings_through_a_link(
    demo: Path, outside: Path, tmp_path: Path
) -> None:
    repo = demo.parent
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "demo"]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)
    secret = outside / "settings.yaml"
    secret.write_text(f"force: {SECRET}\n")
    (demo / "jac.yaml").unlink()
    (demo / "jac.yaml").symlink_to(secret)
    result = run_jac("diff", "main", "--format", "json", env={"JAC_RECORDS": str(demo)})
    assert SECRET not in result.stdout + result.stderr


def test_a_key_holding_a_line_break_cannot_start_a_command_line(demo: Path, jac: Jac) -> None:
    path = demo / "recommendations" / "AFI-023.yaml"
    path.write_text(path.read_text("utf-8") + '"k\\n::warning::y": 1\n', "utf-8")
    result = jac("check", "--records", demo)
    assert result.exit_code == 1
    assert not any(line.startswith("::") for line in result.stdout.splitlines())


def test_an_index_committed_to_a_pull_request_cannot_hide_or_invent_a_problem(
    demo: Path, tmp_path: Path, jac: Jac
) -> None:
    """A hostile pull request can commit `.jac-cache/index.sqlite` describing its own
    files: in a fresh checkout no row's stat key matches, so every file is read again,
    and the problems between records are worked out afresh, never taken from it."""
    import sqlite3

    twin = demo / "recommendations" / "AFI-023.yaml"
    (demo / "recommendations" / "AFI-999.yaml").write_text(twin.read_text("utf-8"), "utf-8")
    check = jac("check", "--records", demo, env=TODAY)
    assert check.exit_code == 1 and "duplicate id AFI-023" in check.stdout
    db = sqlite3.connect(demo / ".jac-cache" / "index.sqlite")
    with db:  # forged: no problem between records, the duplicate not shadowed, a fake one
        db.execute("DELETE FROM between_records")
        db.execute(
            "INSERT INTO between_records VALUES ('recommendations/AFI-023.yaml', NULL, 1, 'forged')"
        )
        db.execute("UPDATE files SET shadowed = 0")
    db.close()
    checkout = tmp_path / "checkout" / "records"
    shutil.copytree(demo, checkout)  # a fresh checkout: new inodes and times
    fresh = jac("check", "--records", checkout, env=TODAY)
    assert fresh.exit_code == 1
    assert "duplicate id AFI-023" in fresh.stdout
    assert "forged" not in fresh.stdout
    assert fresh.stdout == check.stdout.replace(str(demo), str(checkout))

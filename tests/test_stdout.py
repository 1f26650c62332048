"""Issue 13: stdout holds only data. `-o -` is stdout, status lines go to stderr, a binary
format is never written somewhere else when stdout was redirected, and a reader that
stops reading (`| head`) ends jac quietly with exit 0. Real processes, real pipes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO_RECORDS

JAC = str(Path(sys.executable).parent / "jac")


@pytest.fixture
def here(tmp_path: Path) -> Path:
    shutil.copytree(DEMO_RECORDS, tmp_path / "records", ignore=shutil.ignore_patterns(".jac-*"))
    return tmp_path


def jac(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "JAC_RECORDS"}
    return subprocess.run([JAC, *args], cwd=cwd, env=env, capture_output=True)


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["render", "--meeting", "2024-06-27", "-o", "-"], b"West Midlands Police"),
        (["render", "--meeting", "2024-06-27", "--format", "html", "--output", "-"], b"<!DOCTYPE"),
        (["render", "--meeting", "2024-06-27", "--format", "docx", "-o", "-"], b"PK"),
        (["export", "--format", "xlsx", "-o", "-"], b"PK"),
        (["export", "--format", "csv", "-o", "-"], b"ID,Ref"),
    ],
)
def test_dash_is_stdout(here: Path, args: list[str], start: bytes) -> None:
    result = jac(here, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(start)
    assert result.stderr == b""
    assert not (here / "-").exists()


def test_status_lines_go_to_stderr(here: Path) -> None:
    result = jac(here, "export", "--format", "csv", "-o", "out.csv")
    assert result.returncode == 0
    assert result.stdout == b""
    assert result.stderr.decode() == "wrote 178 findings to out.csv\n"
    md = jac(here, "render", "--meeting", "2024-06-27")
    assert md.stdout.startswith(b"West Midlands Police") and md.stderr == b""
    html = jac(here, "render", "--meeting", "2024-06-27", "--format", "html")
    assert html.stdout.startswith(b"<!DOCTYPE html>")  # redirected: the data, not a file


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "xlsx"],
        ["render", "--meeting", "2024-06-27", "--format", "docx"],
    ],
)
def test_binary_to_a_redirected_stdout_is_refused(here: Path, args: list[str]) -> None:
    before = sorted(p.name for p in here.iterdir())
    result = jac(here, *args)
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"stdout is redirected: give --output FILE" in result.stderr
    assert sorted(p.name for p in here.iterdir()) == before


@pytest.mark.parametrize(
    "args",
    [["export", "--format", "json"], ["list", "--format", "csv"], ["list"], ["show", "REC-110"]],
)
def test_a_closed_pipe_ends_quietly(here: Path, args: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JAC_RECORDS"}
    proc = subprocess.Popen(
        [JAC, *args], cwd=here, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    errors = proc.stderr.read()
    assert proc.wait() == 0, errors
    assert b"Traceback" not in errors and b"Error" not in errors


def test_a_closed_pipe_through_a_shell(here: Path) -> None:
    script = f'"{JAC}" export --format json | head -1; echo "exit=${{PIPESTATUS[0]}}"'
    result = subprocess.run(["bash", "-c", script], cwd=here, capture_output=True, text=True)
    assert result.stdout.splitlines() == ["[", "exit=0"]
    assert result.stderr == ""

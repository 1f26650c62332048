"""Shared fixtures: real records folders in temporary directories, and ways to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jacreport.cli import app

REPO = Path(__file__).resolve().parent.parent
DEMO_RECORDS = REPO / "records"


@dataclass
class Result:
    """What one run of `jac` did."""

    exit_code: int
    stdout: str
    stderr: str


def write_files(root: Path, files: Mapping[str, str]) -> Path:
    """Write each `relative path -> text` (dedented) below `root`; return `root`."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


SETTINGS = """
force: West Midlands Police
short_name: WMP
closure_baseline: 2023-08-01
"""


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    """An empty but valid records folder."""
    root = tmp_path / "records"
    write_files(root, {"jac.yaml": SETTINGS})
    for sub in ("inspections", "recommendations", "meetings"):
        (root / sub).mkdir()
    return root


Jac = Callable[..., Result]


@pytest.fixture
def jac(monkeypatch: pytest.MonkeyPatch) -> Jac:
    """Run the CLI in-process (Typer's runner), stdout and stderr apart."""
    monkeypatch.delenv("JAC_RECORDS", raising=False)

    def run(*args: str | Path, env: Mapping[str, str] | None = None) -> Result:
        result = CliRunner(env=dict(env or {})).invoke(app, [str(a) for a in args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


def run_jac(
    *args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Result:
    """Run `jac` as a real process, as users do."""
    full_env = {k: v for k, v in os.environ.items() if k != "JAC_RECORDS"}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "jacreport", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files under tests/golden/ from the current output (review the diff).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))

"""Issue 13: jac installed as people install command-line tools. A wheel built from this
checkout, installed into a fresh virtual environment, renders the demo paper in every
format from the templates it carries; shell completion offers ids and meeting dates."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DEMO_RECORDS, REPO

BIN = "Scripts" if os.name == "nt" else "bin"
PIP = [sys.executable, "-m", "pip"]
# The `jac` of the environment running the tests (completion is keyed to the program name).
JAC = str(Path(sys.executable).parent / "jac")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", str(REPO), "-w", str(out)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("jacreport-*.whl")
    return built


def test_the_wheel_carries_the_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("paper.md.j2", "paper.html.j2", "paper.docx", "site/index.html.j2"):
        assert f"jacreport/templates/{template}" in names
        packaged = zipfile.ZipFile(wheel).read(f"jacreport/templates/{template}")
        assert packaged == (REPO / "templates" / template).read_bytes()
    assert not any("__pycache__" in name for name in names)
    assert not any(name.startswith("records/") for name in names)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed in it. Its dependencies come
    from this environment's site-packages, listed after its own (so it runs offline); jac
    itself comes from the wheel, never from this checkout."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / BIN / "python"
    subprocess.run(
        [*PIP, "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(own, "deps-from-test-env.pth").write_text(
        "\n".join(p for p in site.getsitepackages() if "site-packages" in p) + "\n"
    )
    return venv


def test_an_installed_wheel_renders_every_format(installed: Path, tmp_path: Path) -> None:
    jac = installed / BIN / "jac"
    where = subprocess.run(
        [str(installed / BIN / "python"), "-c", "import jacreport; print(jacreport.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(where).is_relative_to(installed), where
    records = tmp_path / "records"
    shutil.copytree(DEMO_RECORDS, records, ignore=shutil.ignore_patterns(".jac-cache"))
    env = {k: v for k, v in os.environ.items() if k not in {"JAC_RECORDS", "PYTHONPATH"}}
    for fmt, marker in (("md", b"HMICFRS"), ("html", b"<!DOCTYPE html>"), ("docx", b"PK")):
        out = tmp_path / f"paper.{fmt}"
        proc = subprocess.run(
            [str(jac), "render", "--meeting", "2024-06-27", "--format", fmt, "-o", str(out)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == b""  # the "wrote" line goes to stderr
        assert marker in out.read_bytes()[:4096]
    assert "Agenda Item" in (tmp_path / "paper.md").read_text("utf-8")


def complete(args: str, cwd: Path) -> list[str]:
    words = f"jac {args}"
    proc = subprocess.run(
        [JAC],
        env={
            **os.environ,
            "_JAC_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        },
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_completion_offers_ids_and_meeting_dates(tmp_path: Path) -> None:
    shutil.copytree(DEMO_RECORDS, tmp_path / "records")
    assert complete("show REC-11", tmp_path)[:3] == ["REC-110", "REC-111", "REC-112"]
    assert "AFI-023" in complete("update AFI-02", tmp_path)
    assert "COC-001" in complete("close COC", tmp_path)
    assert complete("render --meeting 2024", tmp_path) == ["2024-03-21", "2024-06-27"]
    assert complete("show REC-11", tmp_path.parent) == []  # no records: nothing, quietly


def test_completion_is_offered_in_help() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "jacreport", "--help"], capture_output=True, text=True
    )
    assert "--install-completion" in proc.stdout and "--show-completion" in proc.stdout

"""Issue 12, values: no date, id or text in a record can stop a command or change meaning
(impossible dates, strict command-line dates, ASCII ids, YAML 1.1 words, non-UTF-8
records, Markdown fences, a restricted item's reference)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DEMO_RECORDS, Jac

TODAY = {"JAC_TODAY": "2024-06-30"}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo records in a git repository with one commit."""
    root = tmp_path / "records"
    shutil.copytree(DEMO_RECORDS, root, ignore=shutil.ignore_patterns(".jac-cache"))
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "demo"],
    ):
        subprocess.run(["git", *args], cwd=tmp_path, check=True)
    return root


def replace_line(path: Path, start: str, line: str) -> int:
    """Replace the first line starting with `start`; return its number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, text in enumerate(lines) if text.startswith(start))
    lines[number] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


READS = [
    ["list"],
    ["count", "--open"],
    ["count", "--meeting", "2024-06-27"],
    ["render", "--meeting", "2024-06-27", "--draft"],
    ["export", "--format", "csv"],
    ["diff", "main"],
    ["log", "REC-001"],
]


@pytest.mark.parametrize("bad", ["2023-09-31", "2024-13-01", "0000-01-01"])
@pytest.mark.parametrize("where", ["due", "extra", "update"])
def test_an_impossible_date_is_the_files_problem_and_the_rest_still_reads(
    demo: Path, jac: Jac, bad: str, where: str
) -> None:
    path = demo / "recommendations" / "AFI-023.yaml"
    if where == "due":
        line = replace_line(path, "due:", f"due: {bad}")
    elif where == "update":
        line = replace_line(path, "- date:", f"- date: {bad}")
    else:
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"extra:\n  reviewed: {bad}\n", encoding="utf-8")
        line = len(text.splitlines()) + 2

    check = jac("check", "--records", demo)
    assert check.exit_code == 1
    assert f"records/recommendations/AFI-023.yaml:{line}: {bad} is not a date" in check.stdout
    for call in READS:
        result = jac(*call, "--records", demo, env=TODAY)
        assert result.exit_code == 0, (call, result.stderr)
        assert "internal error" not in result.stderr
    refused = jac("render", "--meeting", "2024-06-27", "--records", demo)
    assert refused.exit_code == 1 and "render with --draft" in refused.stderr
    draft = jac("render", "--meeting", "2024-06-27", "--draft", "--records", demo)
    assert draft.stdout.startswith("**DRAFT: 1 record failed validation**")
    shown = jac("show", "AFI-023", "--records", demo)
    assert shown.exit_code == 1
    assert f"AFI-023.yaml:{line}: {bad} is not a date" in shown.stderr
    diff = jac("diff", "main", "--records", demo)
    assert "removed" not in diff.stdout  # unreadable is not deleted
    assert "is not a date" in diff.stderr
    assert jac("diff", "main", "--strict", "--records", demo).exit_code == 1


def test_an_impossible_date_in_the_settings_or_a_meeting_is_their_problem(
    demo: Path, jac: Jac
) -> None:
    line = replace_line(demo / "jac.yaml", "closure_baseline:", "closure_baseline: 2023-02-29")
    meeting = replace_line(demo / "meetings" / "2024-03-21.yaml", "date:", "date: 2024-02-30")
    check = jac("check", "--records", demo)
    assert f"records/jac.yaml:{line}: 2023-02-29 is not a date" in check.stdout
    assert f"records/meetings/2024-03-21.yaml:{meeting}: 2024-02-30 is not a date" in check.stdout
    for call in READS:
        result = jac(*call, "--records", demo, env=TODAY)
        assert result.exit_code in (0, 1), (call, result.stderr)
        assert "internal error" not in result.stderr
    render = jac("render", "--meeting", "2024-03-21", "--records", demo)
    assert render.exit_code == 1
    assert "2024-03-21.yaml:1: 2024-02-30 is not a date" in render.stderr


def test_a_date_at_the_end_of_the_calendar_renders(demo: Path, jac: Jac) -> None:
    replace_line(demo / "inspections" / "PEEL-2023.yaml", "published:", "published: 9999-12-30")
    (demo / "meetings" / "9999-12-31.yaml").write_text("date: 9999-12-31\n", encoding="utf-8")
    result = jac("render", "--meeting", "9999-12-31", "--records", demo)
    assert result.exit_code == 0, result.stderr
    assert "30th December 9999" in result.stdout


@pytest.mark.parametrize("value", ["20240101", "2024-W01-1", "2024-02-30", "２０２４-01-01"])
def test_command_line_dates_are_yyyy_mm_dd_only(demo: Path, jac: Jac, value: str) -> None:
    for call in (
        ["list", "--as-of", value],
        ["update", "AFI-023", "--note", "x", "--date", value],
        ["count", "--since", value],
    ):
        result = jac(*call, "--records", demo, env=TODAY)
        assert result.exit_code == 2, (call, result.stdout)
        assert "is not a date" in result.stderr
    assert jac("update", "AFI-023", "--note", "x", "--records", demo, env={"JAC_TODAY": value})


@pytest.mark.parametrize("digits", ["０１０", "٠١٠", "०१०"])
def test_ids_are_ascii(demo: Path, jac: Jac, digits: str) -> None:
    source = demo / "recommendations" / "REC-010.yaml"
    (demo / "recommendations" / f"REC-{digits}.yaml").write_text(
        source.read_text(encoding="utf-8").replace("id: REC-010", f"id: REC-{digits}"),
        encoding="utf-8",
    )
    source.unlink()
    check = jac("check", "--records", demo)
    assert check.exit_code == 1
    assert f"REC-{digits}" in check.stdout
    shown = jac("show", f"REC-{digits}", "--records", demo)
    assert shown.exit_code in (1, 2)
    assert "internal error" not in shown.stderr


WORDS = ["Yes", "No", "on", "off", "~", "null", "1e3", "6:30", "true", "=", "2024-01-01"]


def test_jacs_own_writes_read_back_as_written(demo: Path, jac: Jac) -> None:
    for word in WORDS:
        result = jac("update", "AFI-023", "--note", word, "--records", demo, env=TODAY)
        assert result.exit_code == 0, (word, result.stderr)
    shown = jac("show", "AFI-023", "--format", "json", "--records", demo)
    notes = [u["note"] for u in json.loads(shown.stdout)["updates"]][-len(WORDS) :]
    assert notes == WORDS
    assert jac("check", "--records", demo).exit_code == 0
    owner = jac(
        "update", "AFI-023", "--note", "Moved.", "--owner", "No", "--records", demo, env=TODAY
    )
    assert owner.exit_code == 0, owner.stderr
    shown = jac("show", "AFI-023", "--format", "json", "--records", demo)
    assert json.loads(shown.stdout)["owner"] == "No"


def test_a_record_that_is_not_utf8_is_refused_with_its_line(demo: Path, jac: Jac) -> None:
    path = demo / "recommendations" / "AFI-023.yaml"
    before = path.read_bytes() + b"title2: Caf\xe9\n"
    path.write_bytes(before)
    for call in (["update", "AFI-023", "--note", "x"], ["close", "AFI-023", "--level", "1"]):
        result = jac(*call, "--records", demo, env=TODAY)
        assert result.exit_code == 1
        assert "records/recommendations/AFI-023.yaml:" in result.stderr
        assert "the file is not UTF-8 text" in result.stderr
        assert "internal error" not in result.stderr
    assert path.read_bytes() == before


def test_a_note_cannot_open_a_fence_or_a_heading_in_the_markdown_paper(
    demo: Path, jac: Jac
) -> None:
    nasty = "~~~\n```\n# Heading\n> quote\n| a | b |"
    result = jac("update", "REC-133", "--note", nasty, "--date", "2024-06-20", "--records", demo)
    assert result.exit_code == 0, result.stderr
    paper = jac("render", "--meeting", "2024-06-27", "--records", demo).stdout
    lines = paper.splitlines()
    assert not any(line.startswith(("~~~", "```", "# Heading", "> quote", "| a")) for line in lines)
    note = paper.index("\\~\\~\\~")  # the note is there, escaped
    assert "## 7. Recommendations" in lines and paper.index("CONTACT OFFICER") > note


def test_a_restricted_items_reference_is_withheld(demo: Path, jac: Jac) -> None:
    path = demo / "recommendations" / "REC-110.yaml"  # restricted: true
    text = path.read_text(encoding="utf-8")
    assert "restricted: true" in text and "reference:" not in text
    path.write_text(text.replace("due:", "reference: SECRET-REF-9\ndue:", 1), encoding="utf-8")
    assert jac("check", "--records", demo).exit_code == 0
    for fmt in ("md", "html"):
        public = jac("render", "--meeting", "2024-06-27", "--format", fmt, "--records", demo)
        assert public.exit_code == 0, public.stderr
        assert "SECRET-REF-9" not in public.stdout
    restricted = jac("render", "--meeting", "2024-06-27", "--restricted", "--records", demo)
    assert "SECRET-REF-9" in restricted.stdout

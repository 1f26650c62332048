"""Issue 17: command-line conventions. As-of views without later facts, forgiving ids,
inspections and meetings shown, --type rec|coc|afi, formats from --output, --due-within,
overdue in list JSON, count --open's total, jac schema and init's editor hint, $EDITOR
for a missing --note, and a pager for long tables only on a terminal."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_RECORDS, Jac
from openpyxl import load_workbook

JAC = str(Path(sys.executable).parent / "jac")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(DEMO_RECORDS, root, ignore=shutil.ignore_patterns(".jac-*"))
    return root


def as_json(jac: Jac, *args: str | Path) -> Any:
    result = jac(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_as_of_shows_nothing_dated_after_it(jac: Jac) -> None:
    for item in as_json(jac, "list", "--as-of", "2024-01-01", "--records", DEMO_RECORDS):
        assert all(u["date"] <= "2024-01-01" for u in item["updates"]), item["id"]
        if item["closure"]:
            assert item["closure"]["date"] <= "2024-01-01"
    rec = as_json(jac, "show", "REC-133", "--as-of", "2024-01-01", "--records", DEMO_RECORDS)
    assert all(u["date"] <= "2024-01-01" for u in rec["updates"])
    assert rec["status"] != "red"  # it turned red in 2024


def test_export_as_of_pairs_each_rag_with_its_own_update(jac: Jac, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    result = jac("export", "--as-of", "2023-12-31", "-o", out, "--records", DEMO_RECORDS)
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    when = header.index("Update date")
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[when] is not None:
            assert row[when].date().isoformat() <= "2023-12-31"


@pytest.mark.parametrize("given", ["rec-11", "REC-11", "REC-011", "rec011"])
def test_ids_are_forgiving(jac: Jac, given: str) -> None:
    shown = jac("show", given, "--records", DEMO_RECORDS)
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("REC-011 ")


def test_suggestions_understand_the_padding(jac: Jac) -> None:
    result = jac("show", "REC-9999", "--records", DEMO_RECORDS)
    assert result.exit_code == 2
    assert "did you mean" in result.stderr


def test_inspections_and_meetings_are_shown(jac: Jac) -> None:
    inspection = jac("show", "peel-2023", "--records", DEMO_RECORDS)
    assert inspection.exit_code == 0, inspection.stderr
    assert inspection.stdout.startswith("PEEL-2023  PEEL 2023")
    assert "AFI-023" in inspection.stdout
    meeting = jac("show", "2024-06-27", "--records", DEMO_RECORDS)
    assert "window:       2024-03-22 to 2024-06-27" in meeting.stdout
    data = as_json(jac, "show", "PEEL-2023", "--records", DEMO_RECORDS)
    assert data["id"] == "PEEL-2023" and data["findings"]


def test_inspection_filter_ignores_case_and_type_takes_short_names(jac: Jac) -> None:
    upper = jac("list", "--inspection", "PEEL-2023", "--format", "ids", "--records", DEMO_RECORDS)
    lower = jac("list", "--inspection", "peel-2023", "--format", "ids", "--records", DEMO_RECORDS)
    assert lower.exit_code == 0 and lower.stdout == upper.stdout != ""
    for word, prefix in (("afi", "AFI-"), ("AFI", "AFI-"), ("rec", "REC-"), ("coc", "COC-")):
        ids = jac("list", "--type", word, "--format", "ids", "--records", DEMO_RECORDS).stdout
        assert ids and all(line.startswith(prefix) for line in ids.splitlines()), word
    wrong = jac("list", "--type", "x", "--records", DEMO_RECORDS)
    assert wrong.exit_code == 2 and "'x' is not a type" in wrong.stderr


@pytest.mark.parametrize(
    ("command", "name", "magic"),
    [
        (["export"], "t.xlsx", b"PK"),
        (["export"], "t.json", b"["),
        (["render", "--meeting", "2024-06-27"], "p.docx", b"PK"),
        (["render", "--meeting", "2024-06-27"], "p.html", b"<!DOCTYPE"),
    ],
)
def test_format_is_inferred_from_the_output(
    jac: Jac, tmp_path: Path, command: list[str], name: str, magic: bytes
) -> None:
    out = tmp_path / name
    result = jac(*command, "--output", out, "--records", DEMO_RECORDS)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic)


def test_due_within_lists_what_falls_due_and_not_the_overdue(jac: Jac) -> None:
    items = as_json(
        jac, "list", "--due-within", "120", "--as-of", "2024-06-27", "--records", DEMO_RECORDS
    )
    assert items
    for item in items:
        assert "2024-06-27" <= item["due"] <= "2024-10-25"
        assert item["status"] in {"red", "amber", "green"} and item["overdue"] is False


def test_list_json_has_overdue_and_count_open_total_is_an_object(jac: Jac) -> None:
    items = as_json(jac, "list", "--open", "--as-of", "2024-06-27", "--records", DEMO_RECORDS)
    assert {item["overdue"] for item in items} == {True, False}
    counted = as_json(jac, "count", "--open", "--as-of", "2024-06-27", "--records", DEMO_RECORDS)
    assert counted["total"] == {"count": 25, "added": 3}
    assert counted["rows"][0]["type"] == "cause-of-concern"


def test_schema_for_editors(jac: Jac, tmp_path: Path) -> None:
    for kind in ("recommendation", "inspection", "meeting", "settings"):
        schema = json.loads(jac("schema", kind).stdout)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert "properties" in schema
    assert jac("schema", "nonsense").exit_code == 2
    made = jac("init", tmp_path / "records", "--force-name", "Test Police")
    assert made.exit_code == 0, made.stderr
    hint = json.loads((tmp_path / ".vscode" / "settings.json").read_text())
    assert hint["yaml.schemas"]["./records/schemas/recommendation.schema.json"] == (
        "records/recommendations/*.yaml"
    )
    assert (tmp_path / "records" / "schemas" / "recommendation.schema.json").is_file()


def on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run jac with stdin and stdout on a pseudo-terminal, as a person at a terminal."""
    leader, follower = pty.openpty()

    def drain() -> None:  # the terminal's screen: read, so the program never blocks
        try:
            while os.read(leader, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    proc = subprocess.run(
        [JAC, *args],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
        cwd=cwd,
        text=True,
        timeout=60,
    )
    os.close(follower)
    reader.join(timeout=5)
    os.close(leader)
    return proc.returncode, proc.stderr


def test_update_without_a_note_opens_the_editor_on_a_terminal(
    records: Path, tmp_path: Path
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text(
        '#!/bin/sh\nprintf "Written in the editor.\\n" | cat - "$1" > "$1.new" && mv "$1.new" "$1"\n'
    )
    editor.chmod(0o755)
    code, err = on_a_terminal(
        ["update", "AFI-023", "--records", str(records)],
        {"EDITOR": str(editor), "JAC_TODAY": "2024-06-30"},
        tmp_path,
    )
    assert code == 0, err
    text = (records / "recommendations" / "AFI-023.yaml").read_text("utf-8")
    assert "note: Written in the editor." in text and "# Write the update" not in text
    piped = subprocess.run(
        [JAC, "update", "AFI-023", "--records", str(records)], capture_output=True, text=True
    )
    assert piped.returncode == 2 and "give the update with --note" in piped.stderr


def test_a_long_table_pages_on_a_terminal_and_never_when_piped(tmp_path: Path) -> None:
    marker = tmp_path / "paged"
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\ncat > "{marker}"\n')
    pager.chmod(0o755)
    env = {"PAGER": str(pager), "LINES": "20", "COLUMNS": "120"}
    code, err = on_a_terminal(["list", "--records", str(DEMO_RECORDS)], env, tmp_path)
    assert code == 0, err
    assert "REC-137" in marker.read_text()
    marker.unlink()
    on_a_terminal(["list", "--no-pager", "--records", str(DEMO_RECORDS)], env, tmp_path)
    assert not marker.exists()
    piped = subprocess.run(
        [JAC, "list", "--records", str(DEMO_RECORDS)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert "REC-137" in piped.stdout and not marker.exists()

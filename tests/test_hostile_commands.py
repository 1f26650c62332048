"""Every command over generated hostile folders (issue 12): impossible dates anywhere,
file names that try to forge annotations, settings that reach outside the repository,
symlinks out, and the findings of test_hostile mutated. Whatever the input, no command
prints jac's message for its own bugs or a traceback, every exit code is 0, 1 or 2, and nothing outside
the fixture folder changes.

Quick in `make test` (a few folders); `make fuzz` runs the long profile."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import Jac
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile import INSPECTION, MEETINGS, dump, findings, mutated

EXAMPLES = 100 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 10
TODAY = {"JAC_TODAY": "2024-06-30", "NO_COLOR": "1"}

bad_dates = st.sampled_from(
    [
        "2023-09-31",
        "2024-13-01",
        "0000-01-01",
        "2023-02-29",
        "9999-12-31",
        "0001-01-01",
        "20240101",
        "2024-W01-1",
        "2024-06",
        "31/03/2024",
        "2024-06-01T10:00:00",
    ]
)
# Where a date can go wrong: a finding's field, an update, extra:, the settings, an inspection.
date_places = st.sampled_from(["due", "update", "extra", "closure", "published", "baseline"])
file_names = st.sampled_from(
    [
        "REC-900.yaml",
        "REC-901\n::stop-commands::x.yaml",
        "REC-902,title=x.yaml",
        "REC-903 %0A.yaml",
        "REC-９０４.yaml",
        "REC-٩٠٥.yaml",
        "notes.txt",
        ".hidden.yaml",
    ]
)
settings_values = st.fixed_dictionaries(
    {},
    optional={
        "templates": st.sampled_from(["/etc", "../outside", "templates", "missing"]),
        "short_name": st.sampled_from(["TP", "A/B", "x" * 40, "[*?]:", "=cmd|' /C calc'!A0"]),
        "force": st.sampled_from(["Test Police", '=HYPERLINK("http://x","y")', "Yes"]),
    },
)
links = st.sets(st.sampled_from(["folder", "file", "cache"]), max_size=2)
notes = st.sampled_from(["Yes", "No", "on", "~", "null", "1e3", "6:30", "=> done", "~~~", "-1"])


@st.composite
def folders(draw: st.DrawFn) -> dict[str, Any]:
    """One hostile folder: findings, one broken date, one odd file, settings, links."""
    good = [{**draw(findings(n)), "id": f"REC-00{n}", "type": "recommendation"} for n in (1, 2)]
    broken = draw(findings(3).flatmap(lambda r: mutated({**r, "id": "REC-003"})))
    return {
        "good": good,
        "broken": broken,
        "date": (draw(date_places), draw(bad_dates)),
        "file": (draw(file_names), draw(st.sampled_from([b"", dump(good[0]).encode()]))),
        "settings": draw(settings_values),
        "links": draw(links),
        "note": draw(notes),
    }


def place_date(files: dict[str, Any], place: str, value: str) -> None:
    record = files["recommendations/REC-001.yaml"]
    if place == "due":
        record["due"] = value
    elif place == "update":
        record["updates"][-1]["date"] = value
    elif place == "extra":
        record["extra"] = {"reviewed": value}
    elif place == "closure":
        record["closure"] = {"date": value, "evidence": "portal:X"}
    elif place == "published":
        files["inspections/PEEL-2023.yaml"]["published"] = value
    else:
        files["jac.yaml"]["closure_baseline"] = value


def build(repo: Path, outside: Path, spec: dict[str, Any]) -> None:
    """The folder as a git repository: the good records committed, the hostile ones on top."""
    root = repo / "records"
    settings_data: dict[str, Any] = {
        "force": "Test Police",
        "short_name": "TP",
        "closure_baseline": "2024-01-01",
    }
    data: dict[str, Any] = {
        "jac.yaml": settings_data,
        "inspections/PEEL-2023.yaml": dict(INSPECTION),
        **{f"recommendations/{r['id']}.yaml": r for r in spec["good"]},
    }
    write(root, data)
    write_text(root, MEETINGS)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "good records")

    data["recommendations/REC-003.yaml"] = spec["broken"]
    settings_data.update(spec["settings"])
    place_date(data, *spec["date"])
    write(root, data)
    name, content = spec["file"]
    (root / "recommendations" / name).write_bytes(content)
    if "folder" in spec["links"]:
        (root / "inspections-out").symlink_to(outside, target_is_directory=True)
        (root / "meetings").rename(root / "meetings-real")
        (root / "meetings").symlink_to(outside, target_is_directory=True)
    if "file" in spec["links"]:
        (root / "recommendations" / "REC-777.yaml").symlink_to(outside / "REC-777.yaml")
    if "cache" in spec["links"]:
        (root / ".jac-cache").symlink_to(outside, target_is_directory=True)


def write(root: Path, data: dict[str, Any]) -> None:
    for name, value in data.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(value), encoding="utf-8")


def write_text(root: Path, data: dict[str, str]) -> None:
    for name, value in data.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (links not followed) and a hash of its bytes."""
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            seen[str(path)] = "link:" + os.readlink(path)
        elif path.is_file():
            seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


def calls(repo: Path, note: str) -> list[list[str]]:
    out = repo / "out"
    sheet = repo / "tracker.csv"
    sheet.write_text(
        "Ref,Report,Recommendation,Lead,Deadline,RAG,Latest update,Evidence\n"
        f'R1,PEEL 2023,=HYPERLINK("x"),{note},2099-01-01,Complete,{note},../../../etc/passwd\n'
        "R2,PEEL 2023,Text,Owner,2023-09-31,Red,x,\n",
        encoding="cp1252",
    )
    return [
        ["check"],
        ["check", "--format", "github"],
        ["check", "--format", "json"],
        ["list", "--format", "json"],
        ["list", "--format", "csv", "--as-of", "2024-03-01"],
        ["list", "--as-of", "20240101"],
        ["show", "REC-001"],
        ["show", "REC-003"],
        ["show", "REC-９０４"],
        ["count", "--meeting", "2024-06-01", "--format", "json"],
        ["count", "--open"],
        ["render", "--meeting", "2024-06-01"],
        ["render", "--meeting", "2024-06-01", "--format", "html", "-o", str(out / "p.html")],
        ["render", "--meeting", "2024-06-01", "--format", "docx", "-o", str(out / "p.docx")],
        ["render", "--meeting", "2024-06-01", "--draft", "-o", str(out / "p.md")],
        ["export", "--format", "csv", "-o", str(out / "t.csv")],
        ["export", "--format", "xlsx", "-o", str(out / "t.xlsx")],
        ["export", "--format", "json"],
        ["diff", "main", "--strict"],
        ["diff", "main", "--format", "json"],
        ["log", "REC-001"],
        ["update", "REC-001", "--note", note, "--status", "amber"],
        ["update", "REC-002", "--note", note, "--date", "2024-13-01"],
        ["close", "REC-002", "--level", "2", "--evidence", "../../outside/x"],
        ["close", "REC-001", "--level", "1", "--date", "2024-W01-1"],
        ["add", "inspection", "--id", "PEEL-2024", "--title", note, "--type", "peel"],
        ["meeting", "new", "2024-09-31"],
        ["meeting", "list"],
        ["import", str(sheet), "--dry-run"],
        ["import", str(sheet)],
        ["import", str(out / "t.csv"), "--update"],
    ]


@settings(max_examples=EXAMPLES)
@given(folders())
def test_no_input_stops_or_escapes_any_command(
    tmp_path_factory: pytest.TempPathFactory, jac: Jac, spec: dict[str, Any]
) -> None:
    run_everything(tmp_path_factory.mktemp("hostile"), jac, spec)


PLACES = ["due", "update", "extra", "closure", "published", "baseline"]


@pytest.mark.parametrize("place", PLACES)
def test_every_place_a_date_can_break_with_every_link(tmp_path: Path, jac: Jac, place: str) -> None:
    """The generator's corners, each run for certain: every date place, every link."""
    good = {
        "id": "REC-001",
        "type": "recommendation",
        "title": "T",
        "text": "X",
        "inspection": "PEEL-2023",
        "status": "amber",
        "updates": [{"date": "2024-01-02", "status": "amber", "note": "Received."}],
    }
    spec = {
        "good": [good, {**good, "id": "REC-002"}],
        "broken": {**good, "id": "REC-003", "status": 7},
        "date": (place, "2023-09-31"),
        "file": ("REC-901\n::stop-commands::x.yaml", b"id: REC-901\n"),
        "settings": {"templates": "../outside", "short_name": "A/B"},
        "links": [["folder"], ["file"], ["cache"]][PLACES.index(place) % 3],
        "note": "Yes",
    }
    run_everything(tmp_path, jac, spec)


def run_everything(base: Path, jac: Jac, spec: dict[str, Any]) -> None:
    repo, outside = base / "repo", base / "outside"
    outside.mkdir()
    (outside / "REC-777.yaml").write_text("id: REC-777\ntitle: SECRET-OUTSIDE\n")
    (outside / "2024-06-01.yaml").write_text("date: 2024-06-01\nnarrative: {x: SECRET-OUTSIDE}\n")
    build(repo, outside, spec)
    before = snapshot(outside)
    siblings = {p.name for p in base.iterdir()}

    cwd = Path.cwd()
    os.chdir(repo)
    try:
        for call in calls(repo, spec["note"]):
            result = jac(*call, "--records", repo / "records", env=TODAY)
            said = result.stdout + result.stderr
            assert result.exit_code in (0, 1, 2), (call, said)
            assert "internal error" not in said and "Traceback" not in said, (call, said)
            assert "SECRET-OUTSIDE" not in said, (call, said)
    finally:
        os.chdir(cwd)

    assert snapshot(outside) == before
    assert {p.name for p in base.iterdir()} == siblings

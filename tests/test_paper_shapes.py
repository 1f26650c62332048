"""Issue 19 (the parts built so far): the first meeting's window, returned items, a paper
that refuses to be silently short, and history entered after the fact."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import fixtures_paper
import pytest
from conftest import DEMO_RECORDS, REPO, Jac

JAC = str(Path(sys.executable).parent / "jac")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(DEMO_RECORDS, root, ignore=shutil.ignore_patterns(".jac-*"))
    return root


def test_the_first_meeting_without_a_start_warns_and_window_start_sets_it(
    jac: Jac, records: Path
) -> None:
    settings = records / "jac.yaml"
    settings.write_text(
        "".join(
            line
            for line in settings.read_text("utf-8").splitlines(True)
            if "closure_baseline" not in line
        ),
        "utf-8",
    )
    first = jac("render", "--meeting", "2017-09-28", "--records", records)
    assert first.exit_code == 0, first.stderr
    assert "covers every record since the start" in first.stderr
    meeting = records / "meetings" / "2017-09-28.yaml"
    meeting.write_text(
        meeting.read_text("utf-8").replace(
            "date: 2017-09-28", "date: 2017-09-28\nwindow_start: 2017-07-01"
        ),
        "utf-8",
    )
    assert jac("check", "--records", records).exit_code == 0
    again = jac("render", "--meeting", "2017-09-28", "--records", records)
    assert "covers every record" not in again.stderr
    shown = jac("show", "2017-09-28", "--records", records)
    assert "window:       2017-07-01 to 2017-09-28" in shown.stdout


def test_a_returned_item_is_listed_with_its_note_and_not_counted(jac: Jac, tmp_path: Path) -> None:
    folder = fixtures_paper.make(tmp_path / "records")
    paper = jac("render", "--meeting", "2024-06-01", "--records", folder).stdout
    closed = paper[paper.index("## 5.") : paper.index("## 6.")]
    assert "REC-004" not in closed
    returned = paper[paper.index("### Returned by HMICFRS") : paper.index("## 7.")]
    assert "REC-004" in returned and "now amber" in returned
    # Before it was returned (the previous meeting was on 1 March; submitted 1 April),
    # the item counts as closed at a date inside that window:
    counted = jac("count", "--until", "2024-04-30", "--format", "json", "--records", folder).stdout
    assert '"level": 4' in counted


@pytest.mark.parametrize(
    ("title", "made"),
    [
        ("Police response to violence against women and girls", "POLICE-RESPONSE-VIOLENCE"),
        ("PEEL 2023/25", "PEEL-2023-25"),
        (
            "An inspection of the effectiveness of the Regional Organised Crime Units in 2019",
            "INSPECTION-EFFECTIVENESS-2019",
        ),
    ],
)
def test_import_made_inspection_ids_are_short_and_whole_words(
    jac: Jac, records_dir: Path, tmp_path: Path, title: str, made: str
) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text(f'Ref,Report,Recommendation,RAG\nR1,"{title}",Do it.,Amber\n', "utf-8")
    result = jac("import", sheet, "--records", records_dir, env={"JAC_TODAY": "2024-06-30"})
    assert result.exit_code == 0, result.stderr
    assert (records_dir / "inspections" / f"{made}.yaml").is_file()


def test_add_inspection_takes_totals_grades_and_url_and_add_takes_restricted(
    jac: Jac, records: Path
) -> None:
    made = jac(
        "add",
        "inspection",
        "--id",
        "PEEL-2025",
        "--title",
        "PEEL 2025",
        "--type",
        "peel",
        "--totals",
        "rec=12",
        "--totals",
        "afi=3",
        "--grade",
        "Investigating crime=Good",
        "--url",
        "https://example.org/peel-2025",
        "--records",
        records,
    )
    assert made.exit_code == 0, made.stderr
    shown = json.loads(jac("show", "PEEL-2025", "--format", "json", "--records", records).stdout)
    assert shown["totals"] == {"recommendation": 12, "area-for-improvement": 3}
    assert shown["grades"] == {"Investigating crime": "Good"}
    assert shown["url"] == "https://example.org/peel-2025"
    bad = jac(
        "add",
        "inspection",
        "--id",
        "X-1",
        "--title",
        "T",
        "--type",
        "peel",
        "--totals",
        "rec=many",
        "--records",
        records,
    )
    assert bad.exit_code == 2 and "'many' is not a whole number" in bad.stderr
    secret = jac(
        "add",
        "recommendation",
        "--inspection",
        "PEEL-2025",
        "--title",
        "Hidden",
        "--text",
        "X",
        "--restricted",
        "--records",
        records,
    )
    assert secret.exit_code == 0, secret.stderr
    rid = secret.stdout.strip()
    assert json.loads(jac("show", rid, "--format", "json", "--records", records).stdout)[
        "restricted"
    ]


def test_remove_deletes_only_what_nothing_refers_to(jac: Jac, records: Path) -> None:
    refused = jac("remove", "PEEL-2023", "--records", records)
    assert refused.exit_code == 1 and "PEEL-2023 is referred to by" in refused.stderr
    assert (records / "inspections" / "PEEL-2023.yaml").is_file()
    removed = jac("remove", "afi-31", "--records", records)
    assert removed.exit_code == 0, removed.stderr
    assert not (records / "recommendations" / "AFI-031.yaml").exists()
    assert jac("check", "--records", records).exit_code == 0
    assert jac("remove", "NOPE-1", "--records", records).exit_code == 2


def test_an_inspections_url_appears_with_its_title(jac: Jac, records: Path) -> None:
    target = records / "inspections" / "SOC-REGIONAL-2024.yaml"  # published in the window
    target.write_text(target.read_text("utf-8") + "url: https://example.org/report\n", "utf-8")
    assert jac("check", "--records", records).exit_code == 0
    md = jac("render", "--meeting", "2024-06-27", "--records", records).stdout
    html = jac("render", "--meeting", "2024-06-27", "--format", "html", "--records", records).stdout
    assert "](<https://example.org/report>)" in md
    assert '<a href="https://example.org/report">' in html
    site = records.parent / "site"
    jac("site", "--output", site, "--as-of", "2024-06-27", "--records", records)
    page = (site / "inspections" / "SOC-REGIONAL-2024.html").read_text("utf-8")
    assert '<a href="https://example.org/report"' in page


def test_record_text_is_markdown_in_html_and_word(jac: Jac, records: Path) -> None:
    path = records / "recommendations" / "REC-133.yaml"  # red at the June 2024 meeting
    text = path.read_text("utf-8")
    start = text.index("text:")
    end = text.index("\ninspection:")
    path.write_text(
        text[:start]
        + "text: |\n  This is to:\n\n  - train supervisors\n  - audit files\n"
        + text[end + 1 :],
        "utf-8",
    )
    assert jac("check", "--records", records).exit_code == 0
    html = jac("render", "--meeting", "2024-06-27", "--format", "html", "--records", records).stdout
    assert "<li>train supervisors</li>" in html and "<li>audit files</li>" in html
    out = records.parent / "p.docx"
    jac("render", "--meeting", "2024-06-27", "--format", "docx", "-o", out, "--records", records)
    import docx

    lines = [p.text for p in docx.Document(str(out)).paragraphs]
    at = lines.index("This is to:")
    assert lines[at + 1 : at + 3] == ["• train supervisors", "• audit files"]


def test_the_papers_shape_from_settings_and_meeting(jac: Jac, records: Path) -> None:
    settings = records / "jac.yaml"
    settings.write_text(
        settings.read_text("utf-8")
        + "paper:\n  level_definitions: false\n  tracker_totals: true\n",
        "utf-8",
    )
    assert jac("check", "--records", records).exit_code == 0
    for _ in range(2):  # the second from the cache
        md = jac("render", "--meeting", "2024-06-27", "--records", records).stdout
        assert "these levels are" not in md
        assert "The tracker holds " in md and "addressed to other bodies" in md
    meeting = records / "meetings" / "2024-06-27.yaml"
    meeting.write_text(meeting.read_text("utf-8") + "paper:\n  level_definitions: true\n", "utf-8")
    md = jac("render", "--meeting", "2024-06-27", "--records", records).stdout
    assert "these levels are" in md  # the meeting's own shape wins


def test_count_all_gives_the_whole_trackers_totals(jac: Jac) -> None:
    result = jac(
        "count", "--all", "--as-of", "2024-06-27", "--format", "json", "--records", DEMO_RECORDS
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    listed = json.loads(
        jac("list", "--as-of", "2024-06-27", "--format", "json", "--records", DEMO_RECORDS).stdout
    )
    assert data["total"] == len(listed)
    assert data["other_bodies"] == sum(1 for item in listed if item["addressed_to"] != "force")
    assert 0 <= data["added"] <= data["total"]


def test_edit_writes_back_only_a_valid_record(jac: Jac, records: Path, tmp_path: Path) -> None:
    from test_cli_conventions import on_a_terminal

    count = tmp_path / "count"
    editor = tmp_path / "editor.sh"
    # First try: an invalid status (reopened with its problems); second: a valid owner.
    editor.write_text(
        "#!/bin/sh\n"
        f'if [ -f "{count}" ]; then sed -i "s/^status: blue/status: amber/; s/^owner: .*/owner: New Lead/" "$1"\n'
        f'else touch "{count}"; sed -i "s/^status: amber/status: blue/" "$1"; fi\n'
    )
    editor.chmod(0o755)
    path = records / "recommendations" / "AFI-023.yaml"
    code, err = on_a_terminal(
        ["edit", "afi-23", "--records", str(records)], {"EDITOR": str(editor)}, tmp_path
    )
    assert code == 0, err
    assert "not written: " in err and "blue" in err
    text = path.read_text("utf-8")
    assert "owner: New Lead" in text and "status: amber" in text and "# jac:" not in text
    assert jac("check", "--records", records).exit_code == 0
    before = path.read_bytes()
    count.unlink()  # the editor script makes an invalid edit again
    piped = subprocess.run(
        [JAC, "edit", "AFI-023", "--records", str(records)],
        capture_output=True,
        text=True,
        env={**os.environ, "EDITOR": str(editor)},
    )
    assert piped.returncode == 1, piped.stderr  # no terminal: not reopened, original kept
    assert "AFI-023 was not changed: the edit is invalid" in piped.stderr
    assert path.read_bytes() == before


def test_dates_in_the_papers_prose_are_in_words(jac: Jac, records: Path) -> None:
    moved = jac(
        "update",
        "REC-133",
        "--note",
        "Plan agreed.",
        "--due",
        "2024-12-31",
        "--date",
        "2024-06-20",
        "--records",
        records,
        env={"JAC_TODAY": "2024-06-30"},
    )
    assert moved.exit_code == 0, moved.stderr
    for fmt in ("md", "html"):
        paper = jac(
            "render", "--meeting", "2024-06-27", "--format", fmt, "--records", records
        ).stdout
        assert "(due date changed from 20 April 2024 to 31 December 2024)" in paper
        assert "2024-12-31" not in paper


CUSTOM_SHAPE = """paper:
  sections: [purpose, jtai, findings, published, closed, outstanding, closing]
  titles:
    jtai: Joint Targeted Area Inspection, Coventry
  level_definitions: false
"""
JTAI_WORDS = "The joint inspection of the *multi-agency response* looked at children at risk."


def test_a_paper_of_another_shape_matches_its_golden(
    jac: Jac, records: Path, update_golden: bool
) -> None:
    meeting = records / "meetings" / "2024-06-27.yaml"
    text = meeting.read_text("utf-8").replace(
        "narrative:\n", f"narrative:\n  jtai: {JTAI_WORDS}\n", 1
    )
    meeting.write_text(text + CUSTOM_SHAPE, "utf-8")
    assert jac("check", "--records", records).exit_code == 0
    result = jac("render", "--meeting", "2024-06-27", "--records", records)
    assert result.exit_code == 0, result.stderr
    assert "has no place in the paper" not in result.stderr
    golden = REPO / "tests" / "golden" / "custom-shape-2024-06-27.md"
    if update_golden:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings[:3] == [
        "## 1. Purpose of Report",
        "## 2. Joint Targeted Area Inspection, Coventry",
        "## 3. Recommendations, Causes of Concern and Areas for Improvement",
    ]
    assert len(headings) == 7 and "Inspection Activity" not in result.stdout
    html = jac("render", "--meeting", "2024-06-27", "--format", "html", "--records", records).stdout
    assert "<h2>2. Joint Targeted Area Inspection, Coventry</h2>" in html
    assert "<em>multi-agency response</em>" in html
    out = records.parent / "p.docx"
    jac("render", "--meeting", "2024-06-27", "--format", "docx", "-o", out, "--records", records)
    import docx

    titles = [
        p.text
        for p in docx.Document(str(out)).paragraphs
        if p.style and p.style.name == "Heading 1"
    ]
    assert titles[1] == "2. Joint Targeted Area Inspection, Coventry" and len(titles) == 7


def test_a_restricted_inspection_is_withheld_unless_asked(
    jac: Jac, records: Path, tmp_path: Path
) -> None:
    path = records / "inspections" / "SOC-REGIONAL-2024.yaml"  # published in the window
    path.write_text(path.read_text("utf-8") + "restricted: true\n", "utf-8")
    assert jac("check", "--records", records).exit_code == 0
    public = jac("render", "--meeting", "2024-06-27", "--records", records).stdout
    assert "A restricted report (details withheld)" in public
    internal = jac("render", "--meeting", "2024-06-27", "--restricted", "--records", records).stdout
    assert "A restricted report (details withheld)" not in internal
    site = tmp_path / "site"
    jac("site", "--output", site, "--as-of", "2024-06-27", "--records", records)
    assert not (site / "inspections" / "SOC-REGIONAL-2024.html").exists()
    made = jac(
        "add",
        "inspection",
        "--id",
        "OP-X-2025",
        "--title",
        "Op X",
        "--type",
        "other",
        "--restricted",
        "--records",
        records,
    )
    assert made.exit_code == 0, made.stderr
    assert "restricted: true" in (records / "inspections" / "OP-X-2025.yaml").read_text("utf-8")
    # the report's own title never reaches the public paper:
    soc = (records / "inspections" / "SOC-REGIONAL-2024.yaml").read_text("utf-8")
    heading = next(line for line in soc.splitlines() if line.startswith("title:"))[7:].strip("'\" ")
    assert heading not in public and heading in internal


def test_fieldwork_known_only_to_the_month(jac: Jac, records: Path) -> None:
    made = jac(
        "add",
        "inspection",
        "--id",
        "VAWG-2024",
        "--title",
        "VAWG inspection",
        "--type",
        "thematic",
        "--records",
        records,
    )
    assert made.exit_code == 0, made.stderr
    path = records / "inspections" / "VAWG-2024.yaml"
    path.write_text(path.read_text("utf-8") + "fieldwork_start: 2024-05\n", "utf-8")
    assert jac("check", "--records", records).exit_code == 0
    for _ in range(2):  # the second from the cache
        paper = jac("render", "--meeting", "2024-06-27", "--records", records).stdout
        assert ") May – **VAWG inspection**." in paper
        assert "1st May" not in paper
    shown = json.loads(jac("show", "VAWG-2024", "--format", "json", "--records", records).stdout)
    assert shown["fieldwork_start"] == "2024-05"
    path.write_text(path.read_text("utf-8").replace("2024-05", "2024-13"), "utf-8")
    bad = jac("check", "--records", records)
    assert bad.exit_code == 1 and "is not a month" in bad.stdout


def test_markdown_emphasis_is_bold_and_italic_in_word(jac: Jac, records: Path) -> None:
    meeting = records / "meetings" / "2024-06-27.yaml"
    text = meeting.read_text("utf-8").replace(
        "narrative:\n", "narrative:\n  closing: 'We **will** report *again* in <September>.'\n", 1
    )
    meeting.write_text(text, "utf-8")
    assert jac("check", "--records", records).exit_code == 0
    out = records.parent / "p.docx"
    result = jac(
        "render", "--meeting", "2024-06-27", "--format", "docx", "-o", out, "--records", records
    )
    assert result.exit_code == 0, result.stderr
    import docx

    para = next(
        p for p in docx.Document(str(out)).paragraphs if p.text.startswith("We will report")
    )
    assert para.text == "We will report again in <September>."
    runs = {r.text: (bool(r.bold), bool(r.italic)) for r in para.runs}
    assert runs["will"] == (True, False) and runs["again"] == (False, True)


def test_import_takes_the_new_reports_id(jac: Jac, records_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text(
        'Ref,Report,Recommendation,RAG\nR1,"Police response to violence against women",Do it.,Amber\n',
        "utf-8",
    )
    env = {"JAC_TODAY": "2024-06-30"}
    bad = jac("import", sheet, "--inspection-id", "vawg", "--records", records_dir, env=env)
    assert bad.exit_code == 2 and "capitals, digits and hyphens" in bad.stderr
    made = jac("import", sheet, "--inspection-id", "VAWG-2021", "--records", records_dir, env=env)
    assert made.exit_code == 0, made.stderr
    assert (records_dir / "inspections" / "VAWG-2021.yaml").is_file()
    assert "inspection: VAWG-2021" in (records_dir / "recommendations" / "REC-001.yaml").read_text()

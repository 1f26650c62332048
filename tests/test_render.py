"""`jac render` and `jac meeting`: the demo paper (golden), reproducibility, agreement
between formats, escaping, a real browser, and Word."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import fixtures_paper
import pytest
from conftest import DEMO_RECORDS, REPO, Jac, write_files

from jacreport.paper import render

GOLDEN = REPO / "tests" / "golden"
DEMO_MEETING = "2024-06-27"


def demo(jac: Jac, *args: str, env: dict[str, str] | None = None) -> str:
    result = jac("render", "--meeting", DEMO_MEETING, *args, "--records", DEMO_RECORDS, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_demo_paper_matches_golden(jac: Jac, update_golden: bool) -> None:
    text = demo(jac)
    golden = GOLDEN / f"jac-{DEMO_MEETING}-hmicfrs-update.md"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_demo_paper_has_the_2024_numbers(jac: Jac) -> None:
    text = demo(jac)
    for line in [
        "| AFI Lv3 | 7 |",
        "| AFI Lv2 | 12 (+6) |",
        "| Recommendation Lv4 | 18 (+18) |",
        "| Recommendation Lv3 | 34 (+9) |",
        "| Recommendation Lv2 | 48 |",
        "| **Total** | **119 (+33)** |",
        "- 3 x Causes of Concern",
        "- 18 x Recommendations",
        "- 6 x Areas for Improvement",
        "Since the last JAC, there has only been one report published which resulted in recommendations for WMP.",
        "There were 10 x Areas for Improvement and 1 x Cause of Concern issued within the report, however, only 3 x Areas for Improvement were relevant for WMP.",
        "- a) 29th April – 2nd May – **SOMS & OCSET re-visit**.",
        "There are no further Inspections currently in the calendar.",
    ]:
        assert line in text, line
    assert "Counter-corruption" not in text  # REC-110 is restricted


def test_rendering_is_reproducible_whatever_today_is(jac: Jac) -> None:
    first = demo(jac, env={"JAC_TODAY": "2024-06-27"})
    assert demo(jac, env={"JAC_TODAY": "2024-06-27"}) == first
    assert demo(jac, env={"JAC_TODAY": "2025-06-27"}) == first


def test_closure_table_agrees_across_count_md_html_and_docx(jac: Jac, tmp_path: Path) -> None:
    import docx

    counted = json.loads(
        jac(
            "count", "--meeting", DEMO_MEETING, "--format", "json", "--records", DEMO_RECORDS
        ).stdout
    )
    expected = [
        (
            ("AFI" if r["type"] == "area-for-improvement" else "Recommendation")
            + f" Lv{r['level']}",
            f"{r['count']} (+{r['change']})" if r["change"] else str(r["count"]),
        )
        for r in counted["rows"]
    ]
    total = counted["total"]
    expected.append(("Total", f"{total['count']} (+{total['change']})"))

    md = demo(jac)
    md_rows = re.findall(
        r"^\| \**([A-Za-z]+(?: Lv\d)?)\** \| \**([\d (+)]+?)\** \|$", md, re.MULTILINE
    )
    assert md_rows == expected

    jac(
        "render",
        "--meeting",
        DEMO_MEETING,
        "--format",
        "html",
        "-o",
        tmp_path / "p.html",
        "--records",
        DEMO_RECORDS,
    )
    page = (tmp_path / "p.html").read_text()
    start = page.index('<table id="closures"')
    table = page[start : page.index("</table>", start)]
    html_rows = [
        tuple(html.unescape(c) for c in re.findall(r"<t[dh] [^>]*>([^<]*)</t[dh]>", row))
        for row in table.split("<tr")[2:]
    ]
    assert html_rows == expected

    jac(
        "render",
        "--meeting",
        DEMO_MEETING,
        "--format",
        "docx",
        "-o",
        tmp_path / "p.docx",
        "--records",
        DEMO_RECORDS,
    )
    document = docx.Document(str(tmp_path / "p.docx"))
    closures = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Closed"))
    docx_rows = [tuple(c.text for c in row.cells) for row in closures.rows[1:]]
    assert docx_rows == expected


def test_word_paper_has_headings_and_tables(jac: Jac, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "paper.docx"
    result = jac(
        "render",
        "--meeting",
        DEMO_MEETING,
        "--format",
        "docx",
        "--output",
        out,
        "--records",
        DEMO_RECORDS,
    )
    assert result.stdout == "" and result.stderr == f"wrote {out}\n"
    document = docx.Document(str(out))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == [
        "1. Purpose of Report",
        "2. Recommendations, Causes of Concern and Areas for Improvement",
        "3. National Published Reports and Recommendations",
        "4. Inspection Activity",
        "5. Recommendations Closed Since the Last JAC",
        "6. Outstanding Recommendations Currently Graded Red",
        "7. Recommendations",
    ]
    assert document.tables[0].rows[0].cells[0].text == "Open items"
    assert not any("{{" in p.text or "{%" in p.text for p in document.paragraphs)


def test_html_is_self_contained_and_escaped(jac: Jac, tmp_path: Path) -> None:
    folder = fixtures_paper.make(tmp_path / "records")
    hostile = '<script>document.body.setAttribute("data-pwned", "1")</script> & <b>bold</b>'
    rec = (
        (folder / "recommendations" / "REC-003.yaml")
        .read_text()
        .replace("title: Title of REC-003", f"title: '{hostile}'")
    )
    (folder / "recommendations" / "REC-003.yaml").write_text(rec)
    meeting = (
        (folder / "meetings" / "2024-06-01.yaml")
        .read_text()
        .replace("The **opening** words.", "'The **opening** words. <img src=x onerror=alert(1)>'")
    )
    (folder / "meetings" / "2024-06-01.yaml").write_text(meeting)
    assert jac("check", "--records", folder).exit_code == 0
    out = tmp_path / "p.html"
    jac("render", "--meeting", "2024-06-01", "--format", "html", "-o", out, "--records", folder)
    page = out.read_text()
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    assert "<strong>opening</strong>" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)

    md = jac("render", "--meeting", "2024-06-01", "--records", folder).stdout
    assert "\\<script\\>" in md and "<script>" not in md


def chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


def visible_text(page_html: str) -> str:
    """The text a reader sees: tags, styles and scripts dropped."""
    body = re.sub(r"<(style|script)\b.*?</\1>", "", page_html, flags=re.DOTALL | re.IGNORECASE)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_html_paper_in_a_real_browser(jac: Jac, tmp_path: Path) -> None:
    browser = chromium()
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    folder = fixtures_paper.make(tmp_path / "records")
    hostile = '<script>document.body.setAttribute("data-pwned", "1")</script>'
    path = folder / "recommendations" / "REC-003.yaml"
    path.write_text(path.read_text().replace("title: Title of REC-003", f"title: '{hostile}'"))
    out = tmp_path / "p.html"
    jac("render", "--meeting", "2024-06-01", "--format", "html", "-o", out, "--records", folder)
    proc = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--dump-dom",
            out.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # the script never ran
    text = visible_text(dom)
    for phrase in [
        "HMICFRS Update",
        "1. Purpose of Report",
        "The opening words.",
        "Total submissions for closure since January 2024 across all portfolios:",
        "Recommendation Lv2 1 (+1)",
        "Total 2 (+1)",
        "Returned by HMICFRS since the last",
        hostile,  # shown as text
        "A future visit",
    ]:
        assert phrase in text, phrase


def test_unknown_meeting_lists_the_meetings(jac: Jac, tmp_path: Path) -> None:
    folder = fixtures_paper.make(tmp_path / "records")
    result = jac("render", "--meeting", "2024-06-02", "--records", folder)
    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: no meeting on 2024-06-02 (meetings: 2024-03-01, 2024-06-01, 2024-09-01)\n"
    )
    bad = jac("render", "--meeting", "June", "--records", folder)
    assert bad.exit_code == 2


def test_empty_narrative_sections_are_warned_about(jac: Jac, tmp_path: Path) -> None:
    folder = fixtures_paper.make(tmp_path / "records")
    result = jac("render", "--meeting", "2024-06-01", "--records", folder)
    assert result.exit_code == 0
    assert (
        result.stderr == "warning: narrative section 'forthcoming' of meeting 2024-06-01 is empty\n"
    )


def test_restricted_items_are_named_only_when_asked(jac: Jac, tmp_path: Path) -> None:
    folder = fixtures_paper.make(tmp_path / "records")
    public = jac("render", "--meeting", "2024-06-01", "--records", folder).stdout
    assert "REC-007" not in public and "Secret progress" not in public
    assert "Recommendation** (restricted: details withheld)" in public
    private = jac("render", "--meeting", "2024-06-01", "--restricted", "--records", folder).stdout
    assert private.splitlines()[0].startswith("**RESTRICTED")
    assert "REC-007: Title of REC-007" in private and "Secret progress." in private


def test_templates_override_by_name(jac: Jac, tmp_path: Path) -> None:
    folder = fixtures_paper.make(tmp_path / "records")
    custom = tmp_path / "mine"
    write_files(custom, {"paper.md.j2": "{{ force }}: {{ paper.closures.total }} closures\n"})
    result = jac("render", "--meeting", "2024-06-01", "--templates", custom, "--records", folder)
    assert result.stdout == "Test Police: 2 closures\n"
    (folder / "jac.yaml").write_text((folder / "jac.yaml").read_text() + "templates: mine\n")
    configured = jac("render", "--meeting", "2024-06-01", "--records", folder)
    assert configured.stdout == "Test Police: 2 closures\n"
    html_default = jac(
        "render",
        "--meeting",
        "2024-06-01",
        "--format",
        "html",
        "-o",
        tmp_path / "x.html",
        "--records",
        folder,
    )
    assert html_default.exit_code == 0  # no override for html: the built-in one


def test_default_output_names_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal, html and docx go to a file named for the meeting (redirected, html
    goes to stdout: see test_stdout)."""
    import pty
    import subprocess
    import sys

    folder = fixtures_paper.make(tmp_path / "records")
    for fmt in ("html", "docx"):
        leader, follower = pty.openpty()
        jac_ = str(Path(sys.executable).parent / "jac")
        proc = subprocess.run(
            [jac_, "render", "--meeting", "2024-06-01", "--format", fmt, "--records", str(folder)],
            cwd=tmp_path,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.close(follower)
        os.close(leader)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.endswith(f"\nwrote jac-2024-06-01-hmicfrs-update.{fmt}\n")
        assert (tmp_path / f"jac-2024-06-01-hmicfrs-update.{fmt}").is_file()


def test_meeting_new_and_list(jac: Jac, tmp_path: Path) -> None:
    folder = fixtures_paper.make(tmp_path / "records")
    result = jac("meeting", "new", "2024-12-05", "--records", folder)
    assert result.exit_code == 0, result.stderr
    text = (folder / "meetings" / "2024-12-05.yaml").read_text()
    assert "date: 2024-12-05\n" in text
    assert "title: HMICFRS Update\n" in text
    assert "  # after the purpose of the report (Markdown)\n  opening:\n" in text
    assert "committee_asked: The Committee is asked to note the contents of the report.\n" in text
    assert jac("check", "--records", folder).exit_code == 0

    carried = jac("meeting", "new", "2024-07-01", "--records", folder)
    assert carried.exit_code == 0
    july = (folder / "meetings" / "2024-07-01.yaml").read_text()
    assert "agenda_item: '06'\n" in july and "purpose: To provide oversight.\n" in july
    assert "contact:\n  name: A Officer\n  title: Liaison\n" in july
    again = jac("meeting", "new", "2024-07-01", "--records", folder)
    assert again.exit_code == 1

    rendered = jac("render", "--meeting", "2024-07-01", "--records", folder)
    assert rendered.exit_code == 0
    assert "warning: narrative section 'opening' of meeting 2024-07-01 is empty" in rendered.stderr

    listed = json.loads(jac("meeting", "list", "--format", "json", "--records", folder).stdout)
    assert [m["date"] for m in listed] == [
        "2024-03-01",
        "2024-06-01",
        "2024-07-01",
        "2024-09-01",
        "2024-12-05",
    ]
    assert listed[0]["window"] == {"since": "2024-01-01", "until": "2024-03-01"}
    assert listed[2]["window"] == {"since": "2024-06-02", "until": "2024-07-01"}


@pytest.mark.parametrize("fmt", list(render.Format))
def test_every_format_renders_through_the_cli(fmt: render.Format, jac: Jac, tmp_path: Path) -> None:
    """Exhaustive over `render.Format`: a new format without a renderer, or without its
    place in `jac render --format`, fails here."""
    out = tmp_path / f"paper.{fmt.value}"
    result = jac(
        "render",
        "--meeting",
        "2024-06-27",
        "--format",
        fmt.value,
        "-o",
        out,
        "--records",
        DEMO_RECORDS,
    )
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 1000

"""Issue 15: the paper as it is circulated. The Word paper is a UK committee paper (A4,
2.5 cm margins, en-GB, marked, paginated, header rows repeated, numbers right-aligned,
totals bold, the force's own properties); the PDF is the HTML paper printed to A4; the
HTML chart is inline SVG, tables have captions, colours meet WCAG AA.

Screenshots of the HTML paper (Chromium) and of the PDF's first page (pdftoppm) are kept
in out/test-screenshots/ for a person to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import DEMO_RECORDS, REPO, Jac
from docx.shared import Cm

MEETING = "2024-06-27"
SHOTS = REPO / "out" / "test-screenshots"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(jac: Jac, tmp_path: Path, fmt: str, *args: str, records: Path = DEMO_RECORDS) -> Path:
    out = tmp_path / f"paper.{fmt}"
    result = jac(
        "render", "--meeting", MEETING, "--format", fmt, "-o", out, *args, "--records", records
    )
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from jacreport.cli import app

    out = tmp_path_factory.mktemp("word") / "paper.docx"
    args = ["render", "--meeting", MEETING, "--format", "docx", "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--records", str(DEMO_RECORDS)])
    assert result.exit_code == 0, result.output
    return out


def test_word_is_a4_with_uk_margins_and_language(word: Path) -> None:
    section = docx.Document(str(word)).sections[0]
    sizes = [section.page_width, section.page_height, section.left_margin, section.right_margin]
    assert [round((size or 0) / Cm(1), 2) for size in sizes] == [21.0, 29.7, 2.5, 2.5]
    styles = zipfile.ZipFile(word).read("word/styles.xml").decode()
    assert 'w:lang w:val="en-GB"' in styles and "en-US" not in styles


def test_word_is_marked_and_paginated(word: Path) -> None:
    section = docx.Document(str(word)).sections[0]
    assert [p.text for p in section.header.paragraphs] == ["OFFICIAL"]
    assert section.footer.paragraphs[0].text == "OFFICIAL"
    footer = zipfile.ZipFile(word).read("word/footer1.xml").decode()
    assert re.search(r"Page </w:t>.*PAGE .* of </w:t>.*NUMPAGES", footer, re.S)


def test_word_tables_repeat_headers_align_numbers_and_bold_totals(word: Path) -> None:
    document = docx.Document(str(word))
    tables = document.tables
    data_tables = [t for t in tables if len(t.columns) > 2 or t.rows[0].cells[0].text != "Name"]
    for table in data_tables[:-1]:  # the last is the contact officer block
        assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    open_items = tables[0]
    assert [c.text for c in open_items.rows[0].cells] == [
        "Open items",
        "Red",
        "Amber",
        "Green",
        "Total",
    ]
    total = open_items.rows[-1]
    assert total.cells[0].text == "Total"
    assert all(run.bold for cell in total.cells for run in cell.paragraphs[0].runs)
    for cell in total.cells[1:]:
        assert cell.paragraphs[0].alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT


def test_word_properties_are_the_forces_not_a_librarys(word: Path) -> None:
    props = docx.Document(str(word)).core_properties
    assert props.title == "HMICFRS Update"
    assert props.subject == "Joint Audit Committee, 27 June 2024"
    assert (
        props.author == "West Midlands Police" and props.last_modified_by == "West Midlands Police"
    )
    assert props.created is not None and props.created.date().isoformat() == MEETING
    assert "python-docx" not in zipfile.ZipFile(word).read("docProps/core.xml").decode()


def test_word_headings_are_black_in_the_body_font_and_withheld_items_plain(word: Path) -> None:
    document = docx.Document(str(word))
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        font = document.styles[name].font
        assert str(font.color.rgb) == "000000" and font.name == "Arial"
    withheld = [p for p in document.paragraphs if "details withheld" in p.text]
    assert withheld and all(
        not ((p.style and p.style.name) or "").startswith("Heading") for p in withheld
    )


def test_word_contact_officer_is_a_two_column_table(word: Path) -> None:
    contact = docx.Document(str(word)).tables[-1]
    assert len(contact.columns) == 2
    assert [r.cells[0].text for r in contact.rows] == ["Name", "Title"]
    assert contact.rows[0].cells[1].text == "T/Chief Inspector Fiona Fletcher"


def test_marking_from_settings_and_for_a_restricted_paper(jac: Jac, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(DEMO_RECORDS, records, ignore=shutil.ignore_patterns(".jac-*"))
    settings = records / "jac.yaml"
    settings.write_text(settings.read_text("utf-8") + "marking: OFFICIAL [WMP]\n", "utf-8")
    assert jac("check", "--records", records).exit_code == 0
    public = docx.Document(str(render(jac, tmp_path, "docx", records=records)))
    assert public.sections[0].header.paragraphs[0].text == "OFFICIAL [WMP]"
    restricted = docx.Document(str(render(jac, tmp_path, "docx", "--restricted", records=records)))
    assert restricted.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    page = render(jac, tmp_path, "html", "--restricted", records=records).read_text("utf-8")
    assert '<p class="marking">OFFICIAL-SENSITIVE</p>' in page


def test_pdf_is_a4_marked_and_paginated(jac: Jac, tmp_path: Path) -> None:
    pdf = render(jac, tmp_path, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "HMICFRS Update" in text and "Agenda Item" in text
    assert text.count("OFFICIAL") >= 2 * pages
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(SHOTS / "pdf-page")],
        check=True,
    )
    assert list(SHOTS.glob("pdf-page*.png"))
    print(f"PDF: {pages} pages; first page at {SHOTS}")


def test_pdf_without_weasyprint_says_how_to_install_it(tmp_path: Path) -> None:
    script = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "from jacreport.cli import main\n"
        "sys.argv = ['jac', *sys.argv[1:]]\nmain()\n"
    )
    out = tmp_path / "p.pdf"
    args = ["render", "--meeting", MEETING, "--format", "pdf", "-o", str(out)]
    proc = subprocess.run(
        [sys.executable, "-c", script, *args, "--records", str(DEMO_RECORDS)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "--format pdf needs WeasyPrint" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_html_chart_is_inline_svg_with_the_tables_numbers(jac: Jac, tmp_path: Path) -> None:
    page = render(jac, tmp_path, "html").read_text("utf-8")
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    closures = page[
        page.index('<table id="closures"') : page.index(
            "</table>", page.index('<table id="closures"')
        )
    ]
    for label, count in re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)', closures):
        if label != "Total":
            assert f"{label}: {count}" in svg
    assert not re.search(r"""(src|href)=["']https?:""", page)
    assert "grid-template-columns: 45mm" not in page  # the old CSS-grid bars are gone


def test_html_tables_have_captions_and_scopes(jac: Jac, tmp_path: Path) -> None:
    page = render(jac, tmp_path, "html").read_text("utf-8")
    tables = re.findall(r"<table\b.*?</table>", page, re.S)
    assert tables
    for table in tables:
        assert "<caption>" in table
        assert all('scope="col"' in th for th in re.findall(r"<thead>.*?</thead>", table, re.S))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_html_colours_meet_wcag_aa(jac: Jac, tmp_path: Path) -> None:
    page = render(jac, tmp_path, "html").read_text("utf-8")
    variables = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", page))
    for name in ("ink", "muted", "red", "amber", "green"):
        assert contrast(variables[name], "#ffffff") >= 4.5, name
        assert contrast(variables[name], "#eeeeee") >= 4.5, name  # on a table header
    assert contrast("#1a1a1a", "#9db5d6") >= 4.5  # chart text beside a bar


def test_html_paper_screenshot(jac: Jac, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    page = render(jac, tmp_path, "html")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / "html-paper.png"
    shot.unlink(missing_ok=True)
    proc = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--window-size=900,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.stat().st_size > 10_000

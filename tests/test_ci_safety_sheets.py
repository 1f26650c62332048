"""Issue 12, spreadsheets: exports carry no formulas and round-trip exactly, import keeps
the rules of update and close, reads the encodings Excel writes, and holds its limits."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path

import pytest
from conftest import Jac, write_files
from openpyxl import Workbook, load_workbook

TODAY = {"JAC_TODAY": "2024-06-30"}
HOSTILE = ['=HYPERLINK("http://evil.example","click")', "=> done", "-1 day", "+44 121", "@SUM(1)"]


def finding(rid: str, title: str, note: str) -> str:
    return (
        f"id: {rid}\ntype: recommendation\ntitle: '{title.replace(chr(39), chr(39) * 2)}'\n"
        f"text: Do it.\ninspection: PEEL-2023\nowner: DCI Smith\ndue: 2024-03-31\n"
        f"status: amber\nupdates:\n  - date: 2023-10-01\n    status: amber\n"
        f"    note: '{note.replace(chr(39), chr(39) * 2)}'\n"
    )


@pytest.fixture
def folder(records_dir: Path) -> Path:
    files = {"inspections/PEEL-2023.yaml": "id: PEEL-2023\ntitle: PEEL 2023\ntype: peel\n"}
    for n, text in enumerate(HOSTILE, 1):
        files[f"recommendations/REC-{n:03d}.yaml"] = finding(f"REC-{n:03d}", text, text)
    return write_files(records_dir, files)


def test_xlsx_cells_are_text_never_formulas(folder: Path, jac: Jac, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert jac("export", "--format", "xlsx", "-o", out, "--records", folder).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert {c.value for c in cells} >= set(HOSTILE)
    assert all(c.data_type == "s" for c in cells)  # 'f' would be a live formula
    with zipfile.ZipFile(out) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_csv_cells_that_look_like_formulas_are_prefixed(
    folder: Path, jac: Jac, tmp_path: Path
) -> None:
    out = tmp_path / "t.csv"
    assert jac("export", "--format", "csv", "-o", out, "--records", folder).exit_code == 0
    cells = [cell for row in csv.reader(io.StringIO(out.read_text("utf-8"))) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    for text in HOSTILE:
        assert "'" + text in cells


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reimports_with_the_text_exactly(
    folder: Path, jac: Jac, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"t.{fmt}"
    jac("export", "--format", fmt, "-o", out, "--records", folder)
    before = {p.name: p.read_bytes() for p in (folder / "recommendations").iterdir()}
    again = jac("import", out, "--records", folder, env=TODAY)
    assert again.exit_code == 0, again.stderr + again.stdout
    assert jac("import", out, "--update", "--records", folder, env=TODAY).exit_code == 0
    after = {p.name: p.read_bytes() for p in (folder / "recommendations").iterdir()}
    assert after == before  # nothing seen as a change: the prefix came off again


def tracker(tmp_path: Path, rows: list[list[str]], name: str = "tracker.csv") -> Path:
    path = tmp_path / name
    book = io.StringIO()
    writer = csv.writer(book, lineterminator="\r\n")
    writer.writerow(["Ref", "Report", "Recommendation", "RAG", "Level", "Closure date", "Evidence"])
    writer.writerows(rows)
    path.write_text(book.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["R1", "PEEL 2023", "Do a.", "Complete", "2", "01/03/2024", "../../../etc/passwd"],
            "must be a path inside records/",
        ),
        (
            ["R2", "PEEL 2023", "Do b.", "Complete", "2", "01/03/2024", "letters/none.pdf"],
            "does not exist",
        ),
        (["R3", "PEEL 2023", "Do c.", "Complete", "3", "01/03/2024", ""], "needs evidence"),
        (["R4", "PEEL 2023", "Do d.", "Complete", "1", "01/03/2099", ""], "is after today"),
    ],
)
def test_import_keeps_the_rules_of_update_and_close(
    folder: Path, jac: Jac, tmp_path: Path, row: list[str], message: str
) -> None:
    before = sorted(p.name for p in (folder / "recommendations").iterdir())
    result = jac("import", tracker(tmp_path, [row]), "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert "tracker.csv:tracker!2:" in result.stderr + result.stdout
    assert message in result.stderr + result.stdout
    assert sorted(p.name for p in (folder / "recommendations").iterdir()) == before


def test_import_with_evidence_and_a_scheme_reference_passes(
    folder: Path, jac: Jac, tmp_path: Path
) -> None:
    write_files(folder, {"evidence/letter.pdf": "%PDF"})
    rows = [
        ["R1", "PEEL 2023", "Do a.", "Complete", "2", "01/03/2024", "evidence/letter.pdf"],
        ["R2", "PEEL 2023", "Do b.", "Complete", "3", "01/03/2024", "portal:HMIC-77"],
    ]
    result = jac("import", tracker(tmp_path, rows), "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr + result.stdout
    assert jac("check", "--records", folder).exit_code == 0


WORDING = "Victims’ needs – £5,000 for Café “support”"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_csv_in_the_encodings_excel_writes(
    folder: Path, jac: Jac, tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "tracker.csv"
    text = f'Ref,Report,Recommendation,RAG\r\nR9,PEEL 2023,"{WORDING}",Red\r\n'
    path.write_bytes(text.encode(encoding))
    if encoding == "utf-16":
        assert path.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    result = jac("import", path, "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    made = (folder / "recommendations" / "REC-006.yaml").read_text("utf-8")
    assert WORDING in made


def _xlsx_declaring(tmp_path: Path, dimension: str) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Report", "Recommendation", "RAG"])
    sheet.append(["R9", "PEEL 2023", "Do it.", "Red"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<dimension ref="A1:D2"/>', f'<dimension ref="{dimension}"/>'.encode()
                )
                assert dimension.encode() in data
            dst.writestr(item, data)
    return bomb


def test_a_sheet_declaring_a_huge_size_is_read_as_stored(
    folder: Path, jac: Jac, tmp_path: Path
) -> None:
    bomb = _xlsx_declaring(tmp_path, "A1:XFD1048576")
    assert bomb.stat().st_size < 10_000
    result = jac("import", bomb, "--dry-run", "--records", folder, env=TODAY)
    assert result.exit_code == 0, result.stderr
    assert "1 to create" in result.stdout + result.stderr


def test_too_many_rows_or_columns_are_refused(folder: Path, jac: Jac, tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text("Ref," + ",".join(f"c{i}" for i in range(250)) + "\n", encoding="utf-8")
    result = jac("import", wide, "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert "wide.csv: row 1 has 251 columns; jac reads at most 200" in result.stderr
    long = tmp_path / "long.csv"
    long.write_text("Ref,Report,Recommendation\n" + "x,y,z\n" * 100_000, encoding="utf-8")
    result = jac("import", long, "--records", folder, env=TODAY)
    assert result.exit_code == 1
    assert "long.csv: more than 100,000 rows" in result.stderr


@pytest.mark.parametrize("short_name", ["A/B", "West [Mids]: *?", "x" * 40, "'quoted'"])
def test_any_short_name_makes_a_valid_sheet(
    folder: Path, jac: Jac, tmp_path: Path, short_name: str
) -> None:
    settings = folder / "jac.yaml"
    settings.write_text(
        settings.read_text("utf-8").replace("short_name: WMP", f'short_name: "{short_name}"'),
        encoding="utf-8",
    )
    assert jac("check", "--records", folder).exit_code == 0
    out = tmp_path / "t.xlsx"
    result = jac("export", "--format", "xlsx", "-o", out, "--records", folder)
    assert result.exit_code == 0, result.stderr
    title = load_workbook(out).sheetnames[0]
    assert 0 < len(title) <= 31 and not set(title) & set("[]:*?/\\")

"""Issue 16: `jac site`, for committee members and owners who never open a terminal.
Built from a copy of the demo records; every page exists and every link resolves, the
numbers equal `jac count`, nothing is fetched from elsewhere, restricted findings stay
out unless asked for, and two builds are byte for byte the same."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import DEMO_RECORDS, REPO, Jac

AS_OF = "2024-06-27"
SHOTS = REPO / "out" / "test-screenshots"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(DEMO_RECORDS, root, ignore=shutil.ignore_patterns(".jac-*"))
    return root


def build(jac: Jac, records: Path, out: Path, *args: str) -> Path:
    result = jac("site", "--output", out, "--as-of", AS_OF, *args, "--records", records)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return out


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_every_finding_and_inspection_has_a_page_and_every_link_resolves(
    jac: Jac, records: Path, tmp_path: Path
) -> None:
    site = build(jac, records, tmp_path / "site")
    listed = json.loads(
        jac("list", "--as-of", AS_OF, "--format", "json", "--records", records).stdout
    )
    public = [item for item in listed if not item.get("restricted")]
    for item in public:
        assert (site / "findings" / f"{item['id']}.html").is_file(), item["id"]
    assert len(list((site / "findings").glob("*.html"))) == len(public)
    for inspection in (records / "inspections").glob("*.yaml"):
        assert (site / "inspections" / f"{inspection.stem}.html").is_file()
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        for tag, link in re.findall(r'<(\w+)[^>]*?(?:href|src)="([^"#]+)', text):
            if tag == "a" and link.startswith("https://"):
                continue  # a link out to the report itself: followed only when clicked
            assert not re.match(r"[a-z]+:", link), (page, link)  # relative links only
            assert (page.parent / unquote(link)).resolve().is_file(), (page, link)
        assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?https?:""", text)


def test_the_trend_equals_count_at_each_meeting(jac: Jac, records: Path, tmp_path: Path) -> None:
    site = build(jac, records, tmp_path / "site")
    index = (site / "index.html").read_text("utf-8")
    table = index[
        index.index('<table id="trend-table">') : index.index(
            "</table>", index.index('<table id="trend-table">')
        )
    ]
    rows = re.findall(r'<th scope="row">([^<]+)</th>((?:<td class="num">\d+</td>){4})', table)
    assert len(rows) == len(list((records / "meetings").glob("*.yaml")))
    for meeting in sorted(p.stem for p in (records / "meetings").glob("*.yaml")):
        counted = json.loads(
            jac(
                "count", "--open", "--until", meeting, "--format", "json", "--records", records
            ).stdout
        )
        by_status = {
            s: sum(r["count"] for r in counted["rows"] if r["status"] == s)
            for s in ("red", "amber", "green")
        }
        total = counted["total"] if isinstance(counted["total"], int) else counted["total"]["count"]
        expected = f'<td class="num">{by_status["red"]}</td><td class="num">{by_status["amber"]}</td><td class="num">{by_status["green"]}</td><td class="num">{total}</td>'
        assert any(cells == expected for _date, cells in rows), meeting
    assert "<svg" in index and 'role="img"' in index and "<desc" in index


def test_restricted_findings_and_notes_stay_out_unless_asked(
    jac: Jac, records: Path, tmp_path: Path
) -> None:
    secret = "Details of the interim tasking are restricted."  # a restricted note of REC-110
    public = build(jac, records, tmp_path / "public")
    assert not (public / "findings" / "REC-110.html").exists()  # REC-110 is restricted
    for page in public.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "Counter-corruption intelligence assessment" not in text, page
        assert secret not in text
        assert "RESTRICTED" not in text
    internal = build(jac, records, tmp_path / "internal", "--restricted")
    assert secret in (internal / "findings" / "REC-110.html").read_text("utf-8")
    for page in internal.glob("*.html"):
        assert "RESTRICTED: this site names restricted findings" in page.read_text("utf-8")


def test_two_builds_are_byte_for_byte_the_same(jac: Jac, records: Path, tmp_path: Path) -> None:
    first = tree(build(jac, records, tmp_path / "a"))
    second = tree(build(jac, records, tmp_path / "b"))
    assert first == second
    again = tree(build(jac, records, tmp_path / "a"))  # a rebuild in place
    assert again == first


def test_as_of_leaves_out_later_updates(jac: Jac, records: Path, tmp_path: Path) -> None:
    site = build(jac, records, tmp_path / "site")
    page = (site / "findings" / "AFI-023.html").read_text("utf-8")
    late = jac(
        "update",
        "AFI-023",
        "--note",
        "A much later update.",
        "--date",
        "2024-09-01",
        "--records",
        records,
        env={"JAC_TODAY": "2024-09-02"},
    )
    assert late.exit_code == 0, late.stderr
    rebuilt = (build(jac, records, tmp_path / "site") / "findings" / "AFI-023.html").read_text(
        "utf-8"
    )
    assert rebuilt == page and "A much later update." not in rebuilt


def test_a_folder_it_did_not_write_is_refused(jac: Jac, records: Path, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "keep.docx").write_bytes(b"mine")
    result = jac("site", "--output", folder, "--records", records)
    assert result.exit_code == 2
    assert "was not written by `jac site`" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["keep.docx"]


def test_site_screenshots(jac: Jac, records: Path, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    site = build(jac, records, tmp_path / "site")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, page in (("site-index", "index.html"), ("site-finding", "findings/REC-133.html")):
        shot = SHOTS / f"{name}.png"
        proc = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={tmp_path / 'chromium'}",
                "--window-size=1000,1400",
                f"--screenshot={shot}",
                (site / page).as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert shot.stat().st_size > 10_000

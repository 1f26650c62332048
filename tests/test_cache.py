"""The record cache is never stale: edits, additions, removals, renames and corruption."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pydantic
import pytest
from conftest import DEMO_RECORDS, Jac, write_files
from test_list import FILES

from jacreport import __version__
from jacreport.records import cache, load


@pytest.fixture
def folder(records_dir: Path) -> Path:
    return write_files(records_dir, FILES)


def ids(jac: Jac, folder: Path, *args: str) -> list[str]:
    result = jac(
        "list", "--format", "ids", *args, "--records", folder, env={"JAC_TODAY": "2024-06-30"}
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


def test_cached_records_equal_validated_ones(tmp_path: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(DEMO_RECORDS, root)
    fresh = load.load(root, use_cache=False)
    load.load(root)  # writes the cache
    assert (root / cache.CACHE_DIR / cache.CACHE_FILE).is_file()
    warm = load.load(root)
    assert warm.recommendations == fresh.recommendations
    assert warm.inspections == fresh.inspections
    assert warm.meetings == fresh.meetings
    assert warm.problems == fresh.problems == []
    for rid, rec in warm.recommendations.items():
        assert rec.model_dump() == fresh.recommendations[rid].model_dump()


def test_same_size_edit_is_seen(folder: Path, jac: Jac) -> None:
    assert "REC-001" in ids(jac, folder, "--status", "green")
    path = folder / "recommendations" / "REC-001.yaml"
    before = path.stat()
    text = path.read_text()
    edited = text.replace("status: green\n", "status: amber\n").replace(
        "{date: 2024-05-01, status: green,", "{date: 2024-05-01, status: amber,"
    )
    assert len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # even with the old mtime back
    assert "REC-001" not in ids(jac, folder, "--status", "green")
    assert "REC-001" in ids(jac, folder, "--status", "amber")


def test_added_removed_and_renamed_files_are_seen(folder: Path, jac: Jac) -> None:
    assert ids(jac, folder) == ["AFI-001", "COC-001", "REC-001", "REC-002", "REC-003"]
    (folder / "recommendations" / "REC-003.yaml").unlink()
    text = (folder / "recommendations" / "REC-002.yaml").read_text()
    (folder / "recommendations" / "REC-002.yaml").rename(
        folder / "recommendations" / "REC-009.yaml"
    )
    (folder / "recommendations" / "REC-009.yaml").write_text(text.replace("REC-002", "REC-009"))
    write_files(
        folder,
        {
            "recommendations/REC-004.yaml": FILES["recommendations/REC-003.yaml"].replace(
                "REC-003", "REC-004"
            )
        },
    )
    assert ids(jac, folder) == ["AFI-001", "COC-001", "REC-001", "REC-004", "REC-009"]


def test_problems_are_reported_on_warm_runs_too(folder: Path, jac: Jac) -> None:
    write_files(folder, {"recommendations/REC-008.yaml": "id: REC-008\nstatus: [\n"})
    first = jac("check", "--records", folder)
    second = jac("check", "--records", folder)
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout
    assert "REC-008.yaml:3: invalid YAML" in second.stdout


def test_corrupt_or_foreign_cache_is_ignored(folder: Path, jac: Jac) -> None:
    expected = ids(jac, folder)
    cache_file = folder / cache.CACHE_DIR / cache.CACHE_FILE
    cache_file.write_bytes(b"\x00not json")
    assert ids(jac, folder) == expected
    data = json.loads(cache_file.read_text())  # rebuilt
    assert data["version"].startswith(f"{__version__}/{cache.FORMAT}/pydantic-{pydantic.VERSION}/")
    data["version"] = "0.0.0/0"
    data["files"]["recommendations/REC-001.yaml"]["data"]["title"] = "Poisoned"
    cache_file.write_text(json.dumps(data))
    assert "Poisoned" not in jac("show", "REC-001", "--records", folder).stdout


def test_no_cache_neither_reads_nor_writes(folder: Path, jac: Jac) -> None:
    assert ids(jac, folder, "--no-cache")
    assert not (folder / cache.CACHE_DIR).exists()
    ids(jac, folder)
    cache_file = folder / cache.CACHE_DIR / cache.CACHE_FILE
    data = json.loads(cache_file.read_text())
    data["files"]["recommendations/REC-001.yaml"]["data"]["title"] = "Only in the cache"
    cache_file.write_text(json.dumps(data))
    shown = jac("show", "REC-001", "--no-cache", "--records", folder)
    assert "Only in the cache" not in shown.stdout


def test_problems_between_records_follow_the_files(folder: Path, jac: Jac) -> None:
    """The problems between records are kept while no file changes, and only then."""
    clean = jac("check", "--records", folder)
    assert clean.exit_code == 0, clean.stdout
    orphan = FILES["recommendations/REC-003.yaml"].replace("REC-003", "REC-007")
    write_files(folder, {"recommendations/REC-007.yaml": orphan.replace("THEM-2022", "NOPE")})
    first = jac("check", "--records", folder)
    second = jac("check", "--records", folder)  # from the cache
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout
    assert "REC-007.yaml:5: no inspection 'NOPE'" in second.stdout
    (folder / "recommendations" / "REC-007.yaml").unlink()
    assert jac("check", "--records", folder).exit_code == 0


def test_evidence_is_looked_at_on_every_run(folder: Path, jac: Jac) -> None:
    """Evidence files are not record files: removing one is seen though no record changed."""
    letter = folder / "evidence" / "letter.pdf"
    letter.parent.mkdir(exist_ok=True)
    letter.write_bytes(b"%PDF-1.4\n")
    path = folder / "recommendations" / "COC-001.yaml"
    path.write_text(
        path.read_text().replace(
            "closure: {date: 2024-04-01}",
            "closure: {date: 2024-04-01, evidence: evidence/letter.pdf}",
        )
    )
    assert jac("check", "--records", folder).exit_code == 0
    assert jac("check", "--records", folder).exit_code == 0  # warm
    letter.unlink()
    missing = jac("check", "--records", folder)
    assert missing.exit_code == 1
    assert "COC-001.yaml" in missing.stdout and "letter.pdf" in missing.stdout


def test_parsing_in_worker_processes_gives_the_same_records(folder: Path) -> None:
    """Many files to parse are spread over processes; the records and problems are the
    same as parsed in one process, in the same order, and the cache they leave serves."""
    many = {
        f"recommendations/REC-{n:03d}.yaml": FILES["recommendations/REC-001.yaml"].replace(
            "REC-001", f"REC-{n:03d}"
        )
        for n in range(10, 70)
    }
    many["recommendations/REC-070.yaml"] = "id: REC-070\nstatus: blue\n"
    many["recommendations/REC-071.yaml"] = "id: REC-071\nstatus: [\n"
    write_files(folder, many)
    serial = load.load(folder, use_cache=False, workers=1)
    parallel = load.load(folder, workers=2)
    assert list(parallel.recommendations) == list(serial.recommendations)
    assert parallel.recommendations == serial.recommendations
    assert parallel.inspections == serial.inspections
    assert parallel.problems == serial.problems
    assert any("REC-070.yaml" in p.path for p in parallel.problems)
    warm = load.load(folder)
    assert warm.recommendations == serial.recommendations
    assert warm.problems == serial.problems

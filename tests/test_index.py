"""The index is never stale: edits, additions, removals, renames, links and corruption."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import DEMO_RECORDS, Jac, write_files
from test_list import FILES

from jacreport.records import index, store


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
    fresh = store.load(root, use_cache=False)
    store.load(root)  # writes the index
    assert (root / index.INDEX_DIR / index.INDEX_FILE).is_file()
    warm = store.load(root)
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


def poison(folder: Path, title: str, *, version: str | None = None) -> None:
    """Write `title` into REC-001's row of the index, keeping its stat key."""
    db = sqlite3.connect(folder / index.INDEX_DIR / index.INDEX_FILE)
    with db:
        (data,) = db.execute(
            "SELECT data FROM bodies WHERE path = 'recommendations/REC-001.yaml'"
        ).fetchone()
        db.execute(
            "UPDATE bodies SET data = ? WHERE path = 'recommendations/REC-001.yaml'",
            (data.replace('"title":"', f'"title":"{title} '),),
        )
        db.execute(
            "UPDATE files SET title = ? WHERE path = 'recommendations/REC-001.yaml'", (title,)
        )
        if version is not None:
            db.execute("UPDATE meta SET value = ? WHERE key = 'version'", (version,))
    db.close()


def test_the_index_answers_from_its_rows_while_the_files_are_unchanged(
    folder: Path, jac: Jac
) -> None:
    """What the next tests rely on: a row is what is served while its file is unchanged."""
    ids(jac, folder)
    poison(folder, "Served")
    assert "Served" in jac("show", "REC-001", "--records", folder).stdout


def test_corrupt_or_foreign_index_is_rebuilt(folder: Path, jac: Jac) -> None:
    expected = ids(jac, folder)
    db_file = folder / index.INDEX_DIR / index.INDEX_FILE
    db_file.write_bytes(b"\x00not a database" * 100)
    assert ids(jac, folder) == expected
    assert db_file.read_bytes().startswith(b"SQLite format 3")  # rebuilt
    poison(folder, "Poisoned", version="0.0.0/0/x")
    assert "Poisoned" not in jac("show", "REC-001", "--records", folder).stdout
    db_file.write_bytes(db_file.read_bytes()[:3000])  # cut short
    assert ids(jac, folder) == expected


def test_a_changed_file_is_never_answered_from_its_row(folder: Path, jac: Jac) -> None:
    ids(jac, folder)
    poison(folder, "Stale")
    path = folder / "recommendations" / "REC-001.yaml"
    path.write_text(path.read_text())  # same bytes, a new mtime and ctime
    assert "Stale" not in jac("show", "REC-001", "--records", folder).stdout


def test_a_record_replaced_by_a_link_is_dropped(folder: Path, jac: Jac, tmp_path: Path) -> None:
    assert "REC-002" in ids(jac, folder)
    outside = tmp_path / "outside.yaml"
    path = folder / "recommendations" / "REC-002.yaml"
    outside.write_text(path.read_text())
    path.unlink()
    path.symlink_to(outside)
    assert "REC-002" not in ids(jac, folder)
    check = jac("check", "--records", folder)
    assert check.exit_code == 1
    assert "REC-002.yaml: the file is a symbolic link" in check.stdout


def test_a_read_only_or_unopenable_index_still_answers_from_the_files(
    folder: Path, jac: Jac
) -> None:
    ids(jac, folder)
    cache_dir = folder / index.INDEX_DIR
    path = folder / "recommendations" / "REC-001.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Edited ", 1))
    os.chmod(cache_dir / index.INDEX_FILE, 0o400)
    os.chmod(cache_dir, 0o500)
    try:
        shown = jac("show", "REC-001", "--records", folder)
        assert shown.exit_code == 0, shown.stderr
        assert "Edited" in shown.stdout
    finally:
        os.chmod(cache_dir, 0o700)
        os.chmod(cache_dir / index.INDEX_FILE, 0o600)
    (cache_dir / index.INDEX_FILE).unlink()
    (cache_dir / index.INDEX_FILE).mkdir()  # cannot be opened, whoever runs the test
    path.write_text(path.read_text().replace("title: Edited ", "title: Again ", 1))
    shown = jac("show", "REC-001", "--records", folder)
    assert shown.exit_code == 0, shown.stderr
    assert "Again" in shown.stdout


def test_the_journal_as_a_link_is_never_written(folder: Path, jac: Jac, tmp_path: Path) -> None:
    ids(jac, folder)
    target = tmp_path / "elsewhere"
    (folder / index.INDEX_DIR / f"{index.INDEX_FILE}-journal").symlink_to(target)
    path = folder / "recommendations" / "REC-001.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Edited ", 1))
    assert "Edited" in jac("show", "REC-001", "--records", folder).stdout
    assert not target.exists()


def test_no_cache_neither_reads_nor_writes(folder: Path, jac: Jac) -> None:
    assert ids(jac, folder, "--no-cache")
    assert not (folder / index.INDEX_DIR).exists()
    ids(jac, folder)
    poison(folder, "Only in the index")
    shown = jac("show", "REC-001", "--no-cache", "--records", folder)
    assert "Only in the index" not in shown.stdout


def test_problems_between_records_follow_the_files(folder: Path, jac: Jac) -> None:
    """The problems between records are kept while no file changes, and only then."""
    clean = jac("check", "--records", folder)
    assert clean.exit_code == 0, clean.stdout
    orphan = FILES["recommendations/REC-003.yaml"].replace("REC-003", "REC-007")
    write_files(folder, {"recommendations/REC-007.yaml": orphan.replace("THEM-2022", "NOPE")})
    first = jac("check", "--records", folder)
    second = jac("check", "--records", folder)  # from the index
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
    same as parsed in one process, in the same order, and the index they leave serves."""
    many = {
        f"recommendations/REC-{n:03d}.yaml": FILES["recommendations/REC-001.yaml"].replace(
            "REC-001", f"REC-{n:03d}"
        )
        for n in range(10, 70)
    }
    many["recommendations/REC-070.yaml"] = "id: REC-070\nstatus: blue\n"
    many["recommendations/REC-071.yaml"] = "id: REC-071\nstatus: [\n"
    write_files(folder, many)
    serial = store.load(folder, use_cache=False, workers=1)
    parallel = store.load(folder, workers=2)
    assert list(parallel.recommendations) == list(serial.recommendations)
    assert parallel.recommendations == serial.recommendations
    assert parallel.inspections == serial.inspections
    assert parallel.problems == serial.problems
    assert any("REC-070.yaml" in p.path for p in parallel.problems)
    warm = store.load(folder)
    assert warm.recommendations == serial.recommendations
    assert warm.problems == serial.problems


def test_an_edit_keeping_the_links_between_records_keeps_their_problems_at_new_lines(
    folder: Path, jac: Jac
) -> None:
    """An edit that changes nothing the rules between records read (a comment, a note)
    keeps their problems, each at its line in the edited file; one that does is seen."""
    orphan = FILES["recommendations/REC-003.yaml"].replace("REC-003", "REC-007")
    write_files(folder, {"recommendations/REC-007.yaml": orphan.replace("THEM-2022", "NOPE")})
    assert "REC-007.yaml:5: no inspection 'NOPE'" in jac("check", "--records", folder).stdout
    path = folder / "recommendations" / "REC-007.yaml"
    path.write_text("# moved down a line\n" + path.read_text())
    moved = jac("check", "--records", folder).stdout
    assert "REC-007.yaml:6: no inspection 'NOPE'" in moved
    assert "REC-007.yaml:5:" not in moved
    path.write_text(path.read_text().replace("NOPE", "THEM-2022"))
    assert jac("check", "--records", folder).exit_code == 0


def test_a_duplicate_stays_behind_the_first_when_either_is_edited(folder: Path, jac: Jac) -> None:
    twin = FILES["recommendations/REC-001.yaml"].replace("title: ", "title: Twin ", 1)
    write_files(folder, {"recommendations/REC-0019.yaml": twin})
    first = jac("show", "REC-001", "--records", folder).stdout
    assert "Twin" not in first
    for name in ("REC-0019.yaml", "REC-001.yaml"):
        path = folder / "recommendations" / name
        path.write_text(path.read_text() + "# edited\n")
        assert "Twin" not in jac("show", "REC-001", "--records", folder).stdout
        assert "duplicate id REC-001" in jac("check", "--records", folder).stdout


def test_an_index_another_process_holds_locked_still_answers_from_the_files(
    folder: Path, jac: Jac
) -> None:
    """Whoever runs the test (root writes through file modes), an index locked by another
    process cannot be written: jac waits `JAC_LOCK_TIMEOUT`, then answers from memory."""
    ids(jac, folder)
    path = folder / "recommendations" / "REC-001.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Edited ", 1))
    holder = sqlite3.connect(folder / index.INDEX_DIR / index.INDEX_FILE, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        shown = jac("show", "REC-001", "--records", folder, env={"JAC_LOCK_TIMEOUT": "0.2"})
        assert shown.exit_code == 0, shown.stderr
        assert "Edited" in shown.stdout
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "Edited" in jac("show", "REC-001", "--records", folder).stdout  # and then written


def test_a_first_read_of_many_files_is_announced_once(tmp_path: Path) -> None:
    """On a terminal the command line says why a first run over thousands of files takes
    a while; the next run reads nothing and says nothing."""
    import sys

    from conftest import REPO

    from jacreport import services

    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate  # type: ignore[import-not-found]

    root = tmp_path / "records"
    generate(2000, root, seed=3)
    told: list[int] = []
    services.when_indexing(told.append)
    try:
        store.load(root)
        store.load(root)
    finally:
        services.when_indexing(None)
    files = sum(
        1 for sub in ("inspections", "recommendations", "meetings") for _ in (root / sub).iterdir()
    )
    assert told == [files + 1]  # and jac.yaml


def test_an_index_of_another_version_is_replaced_by_a_new_file(folder: Path, jac: Jac) -> None:
    """Dropping every row of a national index would journal all of it first; a new file
    costs nothing (and its journal goes with it, never played back into the new one)."""
    expected = ids(jac, folder)
    db_file = folder / index.INDEX_DIR / index.INDEX_FILE
    poison(folder, "Old", version="0.0.0/0/x")
    journal = db_file.with_name(f"{index.INDEX_FILE}-journal")
    journal.write_bytes(b"\x00" * 512)  # a leftover journal of the old file
    assert ids(jac, folder) == expected
    assert not journal.exists()
    assert "Old" not in jac("show", "REC-001", "--records", folder).stdout


def test_an_index_found_damaged_while_reading_it_is_set_aside(folder: Path, jac: Jac) -> None:
    """Pages damaged where opening the index does not look (the records' JSON, say):
    the command answers from the files all the same, and the next builds a new index."""
    expected = {args: jac(*args, "--records", folder).stdout for args in WARM}
    db_file = folder / index.INDEX_DIR / index.INDEX_FILE
    db = sqlite3.connect(db_file)
    (size,) = db.execute("PRAGMA page_size").fetchone()
    leaves = [
        n
        for (n,) in db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'bodies' AND pagetype = 'leaf'"
        )
    ]
    db.close()
    assert leaves
    data = bytearray(db_file.read_bytes())
    for page in leaves:
        data[(page - 1) * size : page * size] = b"\xa5" * size
    db_file.write_bytes(bytes(data))
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):  # damaged where it reads
        _read_bodies(db_file)
    for args in WARM:
        result = jac(*args, "--records", folder)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stdout == expected[args], args
    assert jac("check", "--records", folder).exit_code == 0


def _read_bodies(db_file: Path) -> None:
    db = sqlite3.connect(db_file)
    try:
        db.execute("SELECT data FROM bodies").fetchall()
    finally:
        db.close()


WARM = (
    ("show", "REC-001"),
    ("list", "--format", "json"),
    ("count", "--open"),
)


def test_the_json_cache_of_earlier_jac_is_removed(folder: Path, jac: Jac) -> None:
    (folder / index.INDEX_DIR).mkdir()
    (folder / index.INDEX_DIR / "records.json").write_text('{"version": "old"}')
    assert ids(jac, folder)
    assert not (folder / index.INDEX_DIR / "records.json").exists()
    assert (folder / index.INDEX_DIR / index.INDEX_FILE).is_file()

"""Refreshing the index from the files: one stat per file, and only what changed parsed
again, in one transaction; a corrupt, foreign or unwritable index rebuilt or copied to
memory (see `index`)."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from jacreport.errors import Problem
from jacreport.records.index import (
    COLUMNS,
    INDEX_DIR,
    INDEX_FILE,
    SCHEMA,
    SETTINGS,
    Index,
    line_in,
    lock_wait,
    stamp,
    stat_key,
)
from jacreport.records.paths import (
    FILE_LINK,
    FOLDER_LINK,
    FOLDERS,
    LOCK_FILE,
    OWN_LINK,
    SETTINGS_FILE,
    _scan,
    display_path,
    name_problem,
)


class Found(NamedTuple):
    """A record file to parse: its sub-folder, path relative to the records folder, and
    stat key (None when it cannot be statted, so never trusted)."""

    sub: str
    relative: str
    key: str | None


# Told how many files a refresh is about to read when they are many (a first run, a large
# import): the command line says so on a terminal. The records layer never prints.
LARGE_REFRESH = 2000
on_large_refresh: Callable[[int], None] | None = None


def scan(root: Path) -> tuple[dict[str, str | None], list[Problem]]:
    """Every record file and the settings file, by path relative to the records folder,
    with its stat key (None when it cannot be statted, so never trusted); and the problems
    of what was refused (a link, a bad name), which is never read. One stat per file (from
    `scandir`), no `Path` made and no sorting: this runs before every command."""
    keys: dict[str, str | None] = {}
    # jac's own working files, never followed: the index goes unused, writes refuse.
    refused = [
        Problem(display_path(root / name), None, OWN_LINK.format(what))
        for name, what in ((INDEX_DIR, "the index folder"), (LOCK_FILE, "the lock file"))
        if (root / name).is_symlink()
    ]
    settings = root / SETTINGS_FILE
    try:
        st = settings.lstat()
        keys[SETTINGS_FILE] = ("link:" if settings.is_symlink() else "") + stat_key(st)
    except OSError:
        keys[SETTINGS_FILE] = "absent"
    for sub in FOLDERS:
        folder = root / sub
        if folder.is_symlink():
            refused.append(Problem(display_path(folder), None, FOLDER_LINK))
            continue
        entries = _scan(folder, ordered=False)
        if not all(item.name.isprintable() and not item.is_symlink() for item in entries):
            entries = _refuse(folder, entries, refused)
        keys.update((f"{sub}/{item.name}", _key(item)) for item in entries)
    return keys, refused


def _refuse(
    folder: Path, entries: list[os.DirEntry[str]], refused: list[Problem]
) -> list[os.DirEntry[str]]:
    """The entries to read; those refused (a link, a control character) as problems."""
    kept = []
    for item in entries:
        problem = name_problem(item.name) or (FILE_LINK if item.is_symlink() else None)
        if problem:
            refused.append(Problem(display_path(folder / item.name), None, problem))
        else:
            kept.append(item)
    return kept


def _key(item: os.DirEntry[str]) -> str | None:
    try:
        return stat_key(item.stat())
    except OSError:
        return None


def open_index(root: Path, *, use_index: bool = True, workers: int | None = None) -> Index:
    """The index of `root`, refreshed from the files. `use_index=False` (`--no-cache`)
    neither reads nor writes the one on disk: the folder is parsed into memory."""
    keys, refused = scan(root)
    connection = _connect(root) if use_index else None
    if connection is not None:
        try:
            _refresh(connection, root, keys, workers)
            return Index(root, connection, refused, on_disk=True)
        except sqlite3.Error:
            # Corrupt, locked past the timeout, or read-only: answer from memory, starting
            # from what can still be read of it.
            connection = _to_memory(connection)
    memory = connection or _memory()
    _refresh(memory, root, keys, workers)
    return Index(root, memory, refused)


def _memory() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.executescript(SCHEMA)
    connection.execute("INSERT INTO meta VALUES ('version', ?)", (stamp(),))
    return connection


def _to_memory(disk: sqlite3.Connection) -> sqlite3.Connection:
    """A copy in memory of an index that cannot be written; empty when it cannot be read."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        with contextlib.suppress(sqlite3.Error):
            disk.rollback()
        disk.backup(memory)
        if _version(memory) == stamp():
            return memory
    except sqlite3.Error:
        pass
    finally:
        disk.close()
    memory.close()
    return _memory()


def _version(connection: sqlite3.Connection) -> str | None:
    """The index's version; None when it has none (a new or foreign file). Raises
    `sqlite3.OperationalError` when it is locked, `DatabaseError` when it is no database."""
    try:
        found = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return found[0][0] if found else None


def _links(folder: Path) -> bool:
    """Whether the index folder or any file SQLite would open there is a link."""
    names = (INDEX_FILE, f"{INDEX_FILE}-journal", f"{INDEX_FILE}-wal", f"{INDEX_FILE}-shm")
    return folder.is_symlink() or any((folder / name).is_symlink() for name in names)


def _connect(root: Path) -> sqlite3.Connection | None:
    """The index on disk, created or rebuilt when missing, corrupt or of another version;
    None when it must not or cannot be used (a link, not a folder, cannot be made)."""
    folder = root / INDEX_DIR
    path = folder / INDEX_FILE
    if _links(folder):
        return None
    try:
        folder.mkdir(exist_ok=True)
        if not (folder / ".gitignore").exists():
            (folder / ".gitignore").write_text("*\n")
        with contextlib.suppress(OSError):  # the JSON cache of jac before the index
            (folder / "records.json").unlink(missing_ok=True)
    except OSError:
        if not path.is_file():
            return None
    for attempt in range(2):
        connection = None
        try:
            connection = sqlite3.connect(path, timeout=lock_wait(10), isolation_level=None)
            if _version(connection) == stamp():
                return connection
            tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables and not attempt:  # of another version: a new file, not every row dropped
                connection.close()
                _remove(path)
                continue
            connection.execute("BEGIN IMMEDIATE")
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall():
                connection.execute(f'DROP TABLE "{name}"')
            connection.executescript(f"{SCHEMA}INSERT INTO meta VALUES ('version', '{stamp()}');")
            return connection
        except sqlite3.OperationalError:
            _close(connection)
            return None  # locked by another jac past the wait, or read-only: go on in memory
        except sqlite3.DatabaseError:
            _close(connection)
            # Not a database at all: start a new file once, else go on in memory.
            if attempt or not path.is_file() or path.is_symlink():
                return None
            _remove(path)
    return None


def set_aside(root: Path) -> None:
    """Delete the index on disk, found damaged while reading it, so the next command builds
    a new one."""
    if not _links(root / INDEX_DIR):
        _remove(root / INDEX_DIR / INDEX_FILE)


def _remove(path: Path) -> None:
    """Delete an index file and its journal (never one without the other: a journal left
    behind would be played back into the next file of that name)."""
    for name in (f"{INDEX_FILE}-journal", INDEX_FILE):
        with contextlib.suppress(OSError):
            (path.parent / name).unlink()


def _close(connection: sqlite3.Connection | None) -> None:
    if connection is not None:
        connection.close()


def _refresh(
    connection: sqlite3.Connection, root: Path, keys: dict[str, str | None], workers: int | None
) -> None:
    """Bring the index up to date with the files: parse what changed, drop what is gone,
    and work out the problems between records again if anything did. One transaction."""
    known = dict(connection.execute("SELECT path, stat FROM files").fetchall())
    stale = [
        Found(relative.split("/", 1)[0] if "/" in relative else SETTINGS, relative, key)
        for relative, key in keys.items()
        if key is None or known.get(relative) != key
    ]
    gone = [relative for relative in known if relative not in keys]
    fresh = connection.execute("SELECT value FROM meta WHERE key = 'between'").fetchall()
    if not stale and not gone and fresh:
        return
    from jacreport.records import load

    if on_large_refresh is not None and len(stale) >= LARGE_REFRESH:
        on_large_refresh(len(stale))
    connection.execute("BEGIN IMMEDIATE")
    try:
        touched = [f.relative for f in stale]
        # What the rules between records read of the files about to change: when none of it
        # changes (an edited note, a new update), their problems stand, lines found again.
        # Only an index that describes some file as it is now has proven it was made here: one
        # committed to a pull request matches no file of a fresh checkout, and is not believed.
        proven = len(stale) < len(keys)
        before = (
            [_between_key(connection, r) for r in touched]
            if fresh and proven and not gone
            else None
        )
        for relative in [*gone, *(r for r in touched if r in known)]:
            connection.execute("DELETE FROM files WHERE path = ?", (relative,))
            connection.execute("DELETE FROM steps WHERE path = ?", (relative,))
            connection.execute("DELETE FROM bodies WHERE path = ?", (relative,))
        marks = ",".join("?" * (len(COLUMNS) + 3))
        parsed = load.parse_all([(f.sub, root / f.relative) for f in stale], workers)
        for f, (columns, data, steps) in zip(stale, parsed, strict=True):
            connection.execute(
                f"INSERT INTO files (path, sub, stat, {', '.join(COLUMNS)}) VALUES ({marks})",
                (f.relative, f.sub, f.key or "", *columns),
            )
            connection.executemany(
                "INSERT INTO steps VALUES (?, ?, ?, ?)", [(f.relative, *s) for s in steps]
            )
            if data is not None:
                connection.execute("INSERT INTO bodies VALUES (?, ?)", (f.relative, data))
        after = [_between_key(connection, r) for r in touched]
        if before is not None and all(
            old is not None and new is not None and old[:-1] == new[:-1]
            for old, new in zip(before, after, strict=True)
        ):
            _same_between(connection, root, touched, before)
        else:
            _between(connection, root)
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('between', 'fresh')")
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _between_key(connection: sqlite3.Connection, relative: str) -> tuple[Any, ...] | None:
    """A file's row as the rules between records read it, and whether it is shadowed."""
    found: tuple[Any, ...] | None = connection.execute(
        "SELECT sub, id, type, reference, inspection, part_of, loaded, shadowed "
        "FROM files WHERE path = ?",
        (relative,),
    ).fetchone()
    return found


def _same_between(
    connection: sqlite3.Connection,
    root: Path,
    touched: list[str],
    before: list[tuple[Any, ...] | None],
) -> None:
    """The files changed but not what the rules between records read: keep their
    problems, with each line found again in the changed files, and who is shadowed."""
    for relative, old in zip(touched, before, strict=True):
        assert old is not None
        connection.execute("UPDATE files SET shadowed = ? WHERE path = ?", (old[-1], relative))
        for rowid, loc in connection.execute(
            "SELECT rowid, loc FROM between_records WHERE path = ? AND loc IS NOT NULL",
            (relative,),
        ).fetchall():
            line = line_in(root / relative, tuple(json.loads(loc)))
            connection.execute("UPDATE between_records SET line = ? WHERE rowid = ?", (line, rowid))


def _between(connection: sqlite3.Connection, root: Path) -> None:
    """The problems between records, and which duplicates are shadowed, worked out again."""
    from jacreport.records import rules

    rows = connection.execute(
        "SELECT path, sub, id, type, reference, inspection, part_of FROM files "
        "WHERE loaded = 1 AND sub != ? ORDER BY path",
        (SETTINGS,),
    ).fetchall()
    problems, shadowed = rules.between(rows)
    connection.execute("DELETE FROM between_records")
    connection.executemany(
        "INSERT INTO between_records VALUES (?, ?, ?, ?)",
        [
            (
                relative,
                json.dumps(loc) if loc else None,
                line_in(root / relative, loc) if loc else None,
                message,
            )
            for relative, loc, message in problems
        ],
    )
    connection.execute("UPDATE files SET shadowed = 0 WHERE shadowed != 0")
    connection.executemany("UPDATE files SET shadowed = 1 WHERE path = ?", [(p,) for p in shadowed])

"""The index: what each record file holds, kept in SQLite so a question costs what it asks.

One database, `.jac-cache/index.sqlite` inside the records folder (git-ignored; standard
library `sqlite3`, rollback journal, one transaction per refresh). A row per file: its stat
key (size, mtime, ctime, inode), the fields the commands filter and count on, its problems,
and the record as JSON; a row per status-bearing update (`steps`), so a status on any date
is a query; and the problems between records. Each command first refreshes it: it stats
every file (one `scandir` per folder) and parses again only the files whose key changed,
are new, or are gone. A row is never trusted over a changed file.

When the index is missing, corrupt, of another version of jac, a link, or cannot be
written, it is rebuilt, or jac answers from a copy in memory: the index only ever saves
time. Importing this module imports neither pydantic nor YAML; parsing (`load`) does.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from jacreport import __version__
from jacreport.errors import Problem
from jacreport.records import paths
from jacreport.records.paths import (
    FILE_LINK,
    FOLDER_LINK,
    FOLDERS,
    SETTINGS_FILE,
    _scan,
    display_path,
    name_problem,
)

INDEX_DIR = ".jac-cache"
INDEX_FILE = "index.sqlite"
# Bump when the tables change; jac's version and its parsing code are part of the key too.
FORMAT = 2
SETTINGS = "settings"  # the sub-folder name the settings file is filed under

# The fields of a record kept as columns, in the order `load.columns` gives them.
COLUMNS = (
    "id",
    "type",
    "status",
    "level",
    "due",
    "inspection",
    "reference",
    "part_of",
    "owner",
    "portfolio",
    "addressed_to",
    "raised",
    "first_update",
    "published",
    "evidence",
    "restricted",
    "title",
    "problems",
    "data",  # last: long, and read only for the rows printed
)

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,         -- relative to the records folder: recommendations/REC-001.yaml
    sub TEXT NOT NULL,             -- inspections, recommendations, meetings or settings
    stat TEXT NOT NULL,            -- size:mtime:ctime:inode when parsed
    shadowed INTEGER NOT NULL DEFAULT 0,  -- a duplicate id after the first: not counted
    {", ".join(f"{name} {'INTEGER' if name in ('level', 'restricted') else 'TEXT'}" for name in COLUMNS)}
);
CREATE INDEX files_by_id ON files (sub, id);
CREATE TABLE steps (
    path TEXT NOT NULL, seq INTEGER NOT NULL, date TEXT NOT NULL, status TEXT NOT NULL,
    PRIMARY KEY (path, seq)
) WITHOUT ROWID;
CREATE TABLE between_records (path TEXT NOT NULL, line INTEGER, message TEXT NOT NULL);
"""

Columns = tuple[Any, ...]  # values in COLUMNS order
Steps = list[tuple[int, str, str]]  # (position in updates, date, status)


def stat_key(st: os.stat_result) -> str:
    """What must be unchanged for a row to be trusted."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def _stamp() -> str:
    """The index's version: jac's, the table format, and the files that decide what a row
    holds (pydantic, whose internals rebuild the records, and jac's models and rules), by
    their stat, so neither is imported to check it."""
    here = Path(__file__).parent
    spec = importlib.util.find_spec("pydantic")
    sources = [here / f"{name}.py" for name in ("models", "rules", "load", "messages", "rebuild")]
    if spec is not None and spec.origin:
        sources.append(Path(spec.origin).with_name("version.py"))
    keys = []
    for source in sources:
        with contextlib.suppress(OSError):
            st = source.stat()
            keys.append(f"{source.name}:{st.st_size}:{st.st_mtime_ns}")
    digest = hashlib.sha1("|".join(keys).encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{__version__}/{FORMAT}/{digest}"


class Found(NamedTuple):
    """A record file the scan found: its sub-folder, path, path relative to the records
    folder, and stat key (None when it cannot be statted, so never trusted)."""

    sub: str
    path: str
    relative: str
    key: str | None


def scan(root: Path) -> tuple[list[Found], list[Problem]]:
    """Every record file and the settings file, in name order per folder, with the
    problems of what was refused (a link, a bad name), which is never read. One stat per
    file (from `scandir`), and no `Path` made for any: this runs before every command."""
    found: list[Found] = []
    refused: list[Problem] = []
    settings = root / SETTINGS_FILE
    try:
        st = settings.lstat()
        key: str | None = ("link:" if settings.is_symlink() else "") + stat_key(st)
    except OSError:
        key = "absent"
    found.append(Found(SETTINGS, str(settings), SETTINGS_FILE, key))
    for sub in FOLDERS:
        folder = root / sub
        if folder.is_symlink():
            refused.append(Problem(display_path(folder), None, FOLDER_LINK))
            continue
        for item in _scan(folder):
            problem = name_problem(item.name) or (FILE_LINK if item.is_symlink() else None)
            if problem:
                refused.append(Problem(display_path(folder / item.name), None, problem))
                continue
            try:
                key = stat_key(item.stat())
            except OSError:
                key = None
            found.append(Found(sub, item.path, f"{sub}/{item.name}", key))
    return found, refused


class Index:
    """A refreshed index of one records folder: ask it questions with `query`."""

    def __init__(self, root: Path, connection: sqlite3.Connection, refused: list[Problem]):
        self.root = root
        self.db = connection
        self.refused = refused
        # Records parsed by this process, by relative path: not rebuilt from their JSON.
        self.parsed: dict[str, Any] = {}

    def query(self, sql: str, params: Any = ()) -> list[Any]:
        """All rows of one query."""
        return self.db.execute(sql, params).fetchall()

    def problems(self) -> list[Problem]:
        """Every problem, sorted by file and line: each file's own, those between records,
        refused files, and closure evidence (not a record file, so looked at every time)."""

        root = self.root
        problems = list(self.refused)
        for relative, found in self.query(
            "SELECT path, problems FROM files WHERE problems != '[]'"
        ):
            shown = display_path(root / relative)
            problems.extend(Problem(shown, line, message) for line, message in json.loads(found))
        for relative, line, message in self.query(
            "SELECT path, line, message FROM between_records"
        ):
            problems.append(Problem(display_path(root / relative), line, message))
        for relative, evidence in self.query(
            "SELECT path, evidence FROM files WHERE evidence IS NOT NULL AND data IS NOT NULL"
        ):
            message = paths.evidence_problem(root, evidence)
            if message:
                path = root / relative
                problems.append(
                    Problem(display_path(path), _line(path, ("closure", "evidence")), message)
                )
        problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
        return problems

    def data(self, sub: str, record_id: str) -> tuple[str, dict[str, Any]] | None:
        """The first loaded record of that id in a sub-folder: its relative path and JSON."""
        found = self.query(
            "SELECT path, data FROM files WHERE sub = ? AND id = ? AND data IS NOT NULL "
            "AND shadowed = 0",
            (sub, record_id),
        )
        return (found[0][0], json.loads(found[0][1])) if found else None

    def ids(self, sub: str) -> list[str]:
        """The ids (a meeting's: its date) of the records that loaded in a sub-folder, in
        file order, the first of a duplicated id only."""
        return [
            row[0]
            for row in self.query(
                "SELECT id FROM files WHERE sub = ? AND data IS NOT NULL AND shadowed = 0 "
                "ORDER BY path",
                (sub,),
            )
        ]

    def forget(self, relative: str) -> None:
        """Mark a row to be parsed again on the next refresh (its data proved damaged)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("UPDATE files SET stat = '' WHERE path = ?", (relative,))

    def settings_data(self) -> dict[str, Any] | None:
        """The settings as JSON, when they loaded."""
        found = self.query("SELECT data FROM files WHERE sub = ? AND data IS NOT NULL", (SETTINGS,))
        return json.loads(found[0][0]) if found else None


def _line(path: Path, loc: tuple[str | int, ...]) -> int | None:
    from jacreport.records import load, yamlio

    try:
        return yamlio.line_of(load.read_text(path), loc)
    except Exception:
        return None


def open_index(root: Path, *, use_index: bool = True, workers: int | None = None) -> Index:
    """The index of `root`, refreshed from the files. `use_index=False` (`--no-cache`)
    neither reads nor writes the one on disk: the folder is parsed into memory."""
    found, refused = scan(root)
    connection = _connect(root) if use_index else None
    if connection is not None:
        try:
            _refresh(connection, root, found, workers)
            return Index(root, connection, refused)
        except sqlite3.Error:
            # Corrupt, locked past the timeout, or read-only: answer from memory, starting
            # from what can still be read of it.
            connection = _to_memory(connection)
    memory = connection or _memory()
    _refresh(memory, root, found, workers)
    return Index(root, memory, refused)


def _memory() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.executescript(SCHEMA)
    connection.execute("INSERT INTO meta VALUES ('version', ?)", (_stamp(),))
    return connection


def _to_memory(disk: sqlite3.Connection) -> sqlite3.Connection:
    """A copy in memory of an index that cannot be written; empty when it cannot be read."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        with contextlib.suppress(sqlite3.Error):
            disk.rollback()
        disk.backup(memory)
        if _version(memory) == _stamp():
            return memory
    except sqlite3.Error:
        pass
    finally:
        disk.close()
    memory.close()
    return _memory()


def _version(connection: sqlite3.Connection) -> str | None:
    try:
        found = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchall()
    except sqlite3.Error:
        return None
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
        try:
            connection = sqlite3.connect(path, timeout=10, isolation_level=None)
        except sqlite3.Error:
            return None
        if _version(connection) == _stamp():
            return connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall():
                connection.execute(f'DROP TABLE "{name}"')
            connection.executescript(f"{SCHEMA}INSERT INTO meta VALUES ('version', '{_stamp()}');")
            return connection
        except sqlite3.Error:
            # Not a database at all, or not writable: start a new file once, else go on in memory.
            connection.close()
            if attempt or not path.is_file() or path.is_symlink():
                return None
            try:
                path.unlink()
            except OSError:
                return None
    return None


def _refresh(
    connection: sqlite3.Connection, root: Path, found: list[Found], workers: int | None
) -> None:
    """Bring the index up to date with the files: parse what changed, drop what is gone,
    and work out the problems between records again if anything did. One transaction."""
    known = dict(connection.execute("SELECT path, stat FROM files").fetchall())
    stale = [f for f in found if f.key is None or known.get(f.relative) != f.key]
    present = {f.relative for f in found}
    gone = [relative for relative in known if relative not in present]
    fresh = connection.execute("SELECT value FROM meta WHERE key = 'between'").fetchall()
    if not stale and not gone and fresh:
        return
    from jacreport.records import load

    parsed = load.parse_all([(f.sub, Path(f.path)) for f in stale], workers)
    connection.execute("BEGIN IMMEDIATE")
    try:
        for relative in [*gone, *(f.relative for f in stale)]:
            connection.execute("DELETE FROM files WHERE path = ?", (relative,))
            connection.execute("DELETE FROM steps WHERE path = ?", (relative,))
        marks = ",".join("?" * (len(COLUMNS) + 3))
        for f in stale:
            columns, steps = parsed[Path(f.path)]
            connection.execute(
                f"INSERT INTO files (path, sub, stat, {', '.join(COLUMNS)}) VALUES ({marks})",
                (f.relative, f.sub, f.key or "", *columns),
            )
            connection.executemany(
                "INSERT INTO steps VALUES (?, ?, ?, ?)", [(f.relative, *s) for s in steps]
            )
        _between(connection, root)
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('between', 'fresh')")
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _between(connection: sqlite3.Connection, root: Path) -> None:
    """The problems between records, and which duplicates are shadowed, worked out again."""
    from jacreport.records import rules

    rows = connection.execute(
        "SELECT path, sub, id, type, reference, inspection, part_of FROM files "
        "WHERE data IS NOT NULL AND sub != ? ORDER BY path",
        (SETTINGS,),
    ).fetchall()
    problems, shadowed = rules.between(rows)
    connection.execute("DELETE FROM between_records")
    connection.executemany(
        "INSERT INTO between_records VALUES (?, ?, ?)",
        [
            (relative, _line(root / relative, loc) if loc else None, message)
            for relative, loc, message in problems
        ],
    )
    connection.execute("UPDATE files SET shadowed = 0 WHERE shadowed != 0")
    connection.executemany("UPDATE files SET shadowed = 1 WHERE path = ?", [(p,) for p in shadowed])

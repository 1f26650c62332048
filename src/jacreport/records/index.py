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
from typing import Any

from jacreport import __version__
from jacreport.errors import Problem
from jacreport.records import paths
from jacreport.records.paths import (
    display_path,
)

INDEX_DIR = ".jac-cache"
INDEX_FILE = "index.sqlite"
# Bump when the tables change; jac's version and its parsing code are part of the key too.
FORMAT = 7
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
    "first_done",  # the first move to submitted or closed (`timeline.closed_on`)
    "steps",  # the status-bearing updates, compact: `briefs.STEP` characters each
    "last_step",  # the latest date of those
    "last_status",  # the status the last of them (in file order) set
    "published",
    "evidence",
    "restricted",
    "title",
    "problems",
    "loaded",  # 1 when the file validated (its JSON is in `bodies`)
)

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,         -- relative to the records folder: recommendations/REC-001.yaml
    sub TEXT NOT NULL,             -- inspections, recommendations, meetings or settings
    stat TEXT NOT NULL,            -- size:mtime:ctime:inode when parsed
    shadowed INTEGER NOT NULL DEFAULT 0,  -- a duplicate id after the first: not counted
    {", ".join(f"{name} {'INTEGER' if name in ('level', 'restricted', 'loaded') else 'TEXT'}" for name in COLUMNS)}
);
CREATE INDEX files_by_id ON files (sub, id);
CREATE INDEX files_with_problems ON files (path) WHERE problems != '[]';
CREATE INDEX files_with_evidence ON files (path) WHERE evidence IS NOT NULL;
-- Each record's JSON, apart: the rows above stay small, so questions scan few pages.
CREATE TABLE bodies (path TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE steps (
    path TEXT NOT NULL, seq INTEGER NOT NULL, date TEXT NOT NULL, status TEXT NOT NULL,
    PRIMARY KEY (path, seq)
) WITHOUT ROWID;
CREATE TABLE between_records (
    path TEXT NOT NULL, loc TEXT, line INTEGER, message TEXT NOT NULL
);
"""

Columns = tuple[Any, ...]  # values in COLUMNS order
Steps = list[tuple[int, str, str]]  # (position in updates, date, status)


def lock_wait(default: float) -> float:
    """How long to wait for another jac (its write lock, or its refresh of the index):
    `JAC_LOCK_TIMEOUT` seconds, else `default`."""
    try:
        return max(0.0, float(os.environ.get("JAC_LOCK_TIMEOUT", default)))
    except ValueError:
        return default


def stat_key(st: os.stat_result) -> str:
    """What must be unchanged for a row to be trusted."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def stamp() -> str:
    """The index's version: jac's, the table format, and the files that decide what a row
    holds (pydantic, whose internals rebuild the records, and jac's models and rules), by
    their stat, so neither is imported to check it."""
    here = Path(__file__).parent
    spec = importlib.util.find_spec("pydantic")
    sources = [
        here / f"{name}.py"
        for name in ("models", "rules", "load", "messages", "rebuild", "refresh", "briefs")
    ]
    if spec is not None and spec.origin:
        sources.append(Path(spec.origin).with_name("version.py"))
    keys = []
    for source in sources:
        with contextlib.suppress(OSError):
            st = source.stat()
            keys.append(f"{source.name}:{st.st_size}:{st.st_mtime_ns}")
    digest = hashlib.sha1("|".join(keys).encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{__version__}/{FORMAT}/{digest}"


class Index:
    """A refreshed index of one records folder: ask it questions with `query`."""

    def __init__(
        self,
        root: Path,
        connection: sqlite3.Connection,
        refused: list[Problem],
        *,
        on_disk: bool = False,
    ):
        self.root = root
        self.db = connection
        self.refused = refused
        self.on_disk = on_disk  # the file in .jac-cache, not a copy in memory

    def query(self, sql: str, params: Any = ()) -> list[Any]:
        """All rows of one query. An index found damaged (or locked past the wait) only
        now, reading it, is set aside: the files are read into memory and asked again."""
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if type(exc) not in (sqlite3.DatabaseError, sqlite3.OperationalError):
                raise  # a mistake in the query itself
        from jacreport.records import refresh

        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if self.on_disk:
            refresh.set_aside(self.root)
        fresh = refresh.open_index(self.root, use_index=False)
        self.db, self.refused, self.on_disk = fresh.db, fresh.refused, False
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
            "SELECT path, evidence FROM files WHERE evidence IS NOT NULL AND loaded = 1"
        ):
            message = paths.evidence_problem(root, evidence)
            if message:
                path = root / relative
                problems.append(
                    Problem(display_path(path), line_in(path, ("closure", "evidence")), message)
                )
        problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
        return problems

    def data(self, sub: str, record_id: str) -> tuple[str, dict[str, Any]] | None:
        """The first loaded record of that id in a sub-folder: its relative path and JSON."""
        found = self.query(
            "SELECT f.path, b.data FROM files f JOIN bodies b ON b.path = f.path "
            "WHERE f.sub = ? AND f.id = ? AND f.loaded = 1 AND f.shadowed = 0",
            (sub, record_id),
        )
        return (found[0][0], json.loads(found[0][1])) if found else None

    def ids(self, sub: str) -> list[str]:
        """The ids (a meeting's: its date) of the records that loaded in a sub-folder, in
        file order, the first of a duplicated id only."""
        return [
            row[0]
            for row in self.query(
                "SELECT id FROM files WHERE sub = ? AND loaded = 1 AND shadowed = 0 ORDER BY path",
                (sub,),
            )
        ]

    def forget(self, relative: str) -> None:
        """Mark a row to be parsed again on the next refresh (its data proved damaged)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("UPDATE files SET stat = '' WHERE path = ?", (relative,))

    def settings_data(self) -> dict[str, Any] | None:
        """The settings as JSON, when they loaded."""
        found = self.query(
            "SELECT b.data FROM files f JOIN bodies b ON b.path = f.path WHERE f.sub = ?",
            (SETTINGS,),
        )
        return json.loads(found[0][0]) if found else None


def line_in(path: Path, loc: tuple[str | int, ...]) -> int | None:
    from jacreport.records import load, yamlio

    try:
        return yamlio.line_of(load.read_text(path), loc)
    except Exception:
        return None

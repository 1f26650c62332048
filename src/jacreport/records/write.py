"""Every write to the records folder: under one lock, atomically, never through a link."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jacreport.errors import Problem, Refused, UsageError
from jacreport.records import edit, load, paths, rules
from jacreport.records import yamlio as loader
from jacreport.records.index import lock_wait
from jacreport.records.models import Recommendation
from jacreport.records.paths import FOLDERS, LOCK_FILE, display_path

# How long a write waits for another writer before giving up, in seconds.
LOCK_WAIT = 60.0


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the records folder's write lock (filelock: an OS lock on Windows as on Linux,
    dropped when its process dies, so a killed command never leaves the folder stuck).
    After a second's wait it says on stderr what it waits for; after LOCK_WAIT seconds
    (`JAC_LOCK_TIMEOUT`) it gives up. A record folder or the lock file that is a symbolic
    link is refused: jac never writes through a link."""
    from filelock import FileLock, Timeout

    for name in (*FOLDERS, LOCK_FILE):
        if (root / name).is_symlink():
            raise Refused(
                f"{display_path(root / name)} is a symbolic link; jac does not follow links"
            )
    limit = _lock_wait()
    lock = FileLock(str(root / LOCK_FILE))
    try:
        lock.acquire(timeout=min(1.0, limit))
    except Timeout:
        sys.stderr.write(
            f"waiting for another jac command writing to {display_path(root)} "
            f"(lock {display_path(root / LOCK_FILE)}; up to {limit:g} s)...\n"
        )
        try:
            lock.acquire(timeout=max(0.0, limit - 1.0))
        except Timeout:
            raise Refused(
                f"another jac command has held {display_path(root / LOCK_FILE)} for {limit:g} s; "
                "nothing was written. Try again when it has finished"
            ) from None
    try:
        yield
    finally:
        lock.release()


def _lock_wait() -> float:
    return lock_wait(LOCK_WAIT)


# Fault injection for the crash tests: `JAC_FAULT_AFTER_WRITES=N` ends the process abruptly
# (as a kill would) after the Nth file is written and synced, before it is renamed into place.
_FAULT_AFTER = int(os.environ.get("JAC_FAULT_AFTER_WRITES") or 0)
_writes = 0


def _fault_point() -> None:
    global _writes
    _writes += 1
    if _writes == _FAULT_AFTER:
        os._exit(137)


def atomic_write(path: Path, data: bytes, *, create: bool = False, sync_dir: bool = True) -> None:
    """Replace (or with `create`, newly create) `path` so that readers see the old file or
    the new one, never a torn one: write a hidden temporary file beside it, fsync, rename."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if _FAULT_AFTER:
            _fault_point()
        if create:
            # link() refuses to replace an existing file, so a new record never clobbers one.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise UsageError(f"{display_path(path)} already exists") from None
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
        if sync_dir:
            _fsync_dir(path.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


def sync_dir(folder: Path) -> None:
    """Make the renames in a folder durable."""
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    """Sync a folder's entries where the system allows it (not on Windows, where a rename
    is durable once the call returns)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_output(path: Path, data: bytes) -> None:
    """Write a rendered paper or export atomically; a bad path is a usage error."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: no folder {path.parent}")
    atomic_write(path, data)


# --- validate before writing ---------------------------------------------------------------


def validated(path: Path, text: str, model: type[Any], root: Path, *, before: bool = False) -> Any:
    """The record the text holds, or a refusal listing its problems."""
    problems: list[Problem] = []
    record = load.parse_record(path, text, model, problems)
    if record is not None and isinstance(record, Recommendation):
        shown = display_path(path)
        for loc, message in rules.recommendation_problems(record):
            problems.append(Problem(shown, loader.line_of(text, loc), message))
        if record.closure and record.closure.evidence and not before:
            message_ = paths.evidence_problem(root, record.closure.evidence)
            if message_:
                problems.append(Problem(shown, None, message_))
    if problems:
        lines = "; ".join(str(p) for p in problems)
        prefix = (
            "the record is invalid now; fix it first: "
            if before
            else "refused: the change would make the record invalid: "
        )
        raise Refused(prefix + lines)
    return record


def validate_fields(path: Path, fields: dict[str, Any], model: type[Any]) -> None:
    """Refuse fields that would not make a valid new record of `model`."""
    text = edit.new_document(fields)
    problems: list[Problem] = []
    if load.parse_record(path, text, model, problems) is None:
        raise Refused("; ".join(p.message for p in problems))

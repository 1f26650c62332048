"""The only module that runs git: revisions, merge bases, and record files read as blobs,
never touching the working tree."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jacreport.errors import UsageError


def run(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """Run one git command; a failure is a usage error carrying git's own words."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("git is not installed (jac diff and jac log need it)") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return proc.stdout


@dataclass(frozen=True)
class Repo:
    """A git work tree and where the records folder sits in it."""

    top: Path
    records: str  # the records folder relative to the top, with `/`

    def path_in_repo(self, name: str) -> str:
        """A path below the records folder, as git names it."""
        return f"{self.records}/{name}" if self.records else name


def open_repo(records_root: Path) -> Repo:
    """The repository holding the records folder, or a usage error."""
    try:
        top = run(["rev-parse", "--show-toplevel"], records_root).decode().strip()
    except UsageError:
        raise UsageError(f"{records_root} is not in a git repository") from None
    relative = records_root.resolve().relative_to(Path(top).resolve())
    return Repo(Path(top), relative.as_posix() if str(relative) != "." else "")


def resolve(repo: Repo, rev: str) -> str:
    """A revision's commit id, or a usage error naming it."""
    if rev.startswith("-"):
        raise UsageError(f"{rev!r} is not a revision")
    try:
        return (
            run(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                repo.top,
            )
            .decode()
            .strip()
        )
    except UsageError:
        if rev == "HEAD" and not _has_commits(repo):
            raise UsageError("the repository has no commits yet") from None
        raise UsageError(f"unknown revision {rev!r}") from None


def _has_commits(repo: Repo) -> bool:
    try:
        return bool(run(["rev-list", "-n", "1", "--all"], repo.top).strip())
    except UsageError:
        return False


def merge_base(repo: Repo, a: str, b: str) -> str | None:
    """The merge base of two commits, or None where history is missing (a shallow clone)."""
    try:
        return run(["merge-base", a, b], repo.top).decode().strip() or None
    except UsageError:
        return None


@dataclass(frozen=True)
class Entry:
    """One file in a commit's tree: its blob id and size in bytes."""

    blob: str
    size: int


def tree(repo: Repo, commit: str) -> dict[str, Entry]:
    """Every file under the records folder at `commit`: path (relative to the records
    folder) -> blob id and size. None of it is checked out."""
    return files_under(repo, commit, repo.records)


def files_under(repo: Repo, commit: str, folder: str) -> dict[str, Entry]:
    """Every file below `folder` (relative to the top, `/`-separated, "" for all) at
    `commit`: path relative to `folder` -> blob id and size. Symlinks are listed as git
    keeps them (a blob holding the target), never followed."""
    out = run(["ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", folder or "."], repo.top)
    files: dict[str, Entry] = {}
    prefix = f"{folder}/" if folder else ""
    for item in out.split(b"\0"):
        if not item:
            continue
        meta, _tab, name = item.partition(b"\t")
        _mode, kind, blob, size = meta.decode().split()
        path = name.decode("utf-8", "replace")
        if kind == "blob" and path.startswith(prefix):
            files[path[len(prefix) :]] = Entry(blob, int(size))
    return files


@dataclass(frozen=True)
class Blob:
    """An object's size, and its contents unless it is over the size limit asked for."""

    size: int
    data: bytes | None


def read_blobs(repo: Repo, specs: Iterable[str], limit: int) -> dict[str, Blob | None]:
    """The contents of many objects (`<blob>` or `<commit>:<path>`), through `git cat-file`;
    a missing one maps to None. Sizes are asked first, so an object over `limit` bytes is
    never read (its `data` is None)."""
    wanted = list(dict.fromkeys(specs))
    if not wanted:
        return {}
    found: dict[str, Blob | None] = {}
    sizes = run(
        ["cat-file", "--batch-check"], repo.top, stdin="".join(f"{s}\n" for s in wanted).encode()
    ).splitlines()
    small: list[str] = []
    for spec, line in zip(wanted, sizes, strict=True):
        header = line.split()
        if len(header) < 3 or header[1] != b"blob":
            found[spec] = None
        elif int(header[2]) > limit:
            found[spec] = Blob(int(header[2]), None)
        else:
            small.append(spec)
    if not small:
        return found
    out = run(["cat-file", "--batch"], repo.top, stdin="".join(f"{s}\n" for s in small).encode())
    pos = 0
    for spec in small:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3:
            found[spec] = None
            continue
        size = int(header[2])
        found[spec] = Blob(size, out[pos : pos + size])
        pos += size + 1
    return found


def blob_id(data: bytes) -> str:
    """The id git gives a blob with these contents (to skip unchanged working files)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def file_blob_id(path: Path) -> Entry:
    """The blob id and size git would give a working file, read in pieces (an evidence file
    may be large); a symlink is its target, as git keeps it, and is never followed."""
    if path.is_symlink():
        return Entry(blob_id(os.fsencode(os.readlink(path))), len(os.fsencode(os.readlink(path))))
    size = path.stat().st_size
    digest = hashlib.sha1(b"blob %d\0" % size, usedforsecurity=False)
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return Entry(digest.hexdigest(), size)


@dataclass(frozen=True)
class Commit:
    """One commit that touched a file."""

    id: str
    parent: str | None
    author: str
    date: str
    subject: str


def history(repo: Repo, path: str) -> list[Commit]:
    """The commits that touched one file, newest first."""
    out = run(
        ["log", "--format=%H%x1f%P%x1f%an%x1f%aI%x1f%s%x1e", "--", path],
        repo.top,
    ).decode("utf-8", "replace")
    commits = []
    for record in out.split("\x1e"):
        record = record.strip()
        if not record:
            continue
        sha, parents, author, date, subject = record.split("\x1f")
        commits.append(Commit(sha, parents.split()[0] if parents else None, author, date, subject))
    return commits

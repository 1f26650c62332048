"""The use cases of pull-request review: `jac diff` and `jac log`, over git."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jacreport import diff, gitio, loader, store
from jacreport.errors import Problem, UsageError, YamlError
from jacreport.models import INSPECTION_ID, RECOMMENDATION_ID


@dataclass
class DiffResult:
    """What `jac diff` found between two states of the records."""

    base: str
    head: str
    changes: list[diff.Change]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def attention(self) -> list[str]:
        """Every attention point, in change order."""
        return [point for change in self.changes for point in change.attention]


def is_record_path(path: str) -> bool:
    """A record file below the records folder (not settings, evidence, hidden or temporary)."""
    folder, _, name = path.partition("/")
    return (
        folder in store.MODELS
        and "/" not in name
        and name.endswith(store.RECORD_SUFFIX)
        and not name.startswith(".")
    )


def _parse(path: str, data: bytes, problems: list[Problem], label: str) -> diff.AnyRecord | None:
    model = store.MODELS[path.partition("/")[0]]
    text_problems: list[Problem] = []
    try:
        text = loader.decode(data)
    except YamlError as exc:
        problems.append(Problem(f"{label}:{path}", exc.line, exc.message))
        return None
    record = store.parse_record(Path(path), text, model, text_problems)
    problems.extend(Problem(f"{label}:{p.path}", p.line, p.message) for p in text_problems)
    return record


def _snapshot(
    files: Mapping[str, bytes], problems: list[Problem], label: str
) -> dict[str, diff.AnyRecord]:
    records: dict[str, diff.AnyRecord] = {}
    for path, data in files.items():
        record = _parse(path, data, problems, label)
        if record is not None:
            records[f"{diff.kind_of(record)}:{diff.key_of(record)}"] = record
    return records


def working_tree(root: Path) -> dict[str, tuple[str, bytes]]:
    """The record files in the working tree: path -> (blob id, contents)."""
    files: dict[str, tuple[str, bytes]] = {}
    for folder in store.MODELS:
        for path in store.record_files(root / folder):
            data = path.read_bytes()
            files[f"{folder}/{path.name}"] = (gitio.blob_id(data), data)
    return files


def diff_records(records_dir: Path | None, base: str, rev: str | None) -> DiffResult:
    """The changes from BASE's merge base with REV to REV (default: the working tree)."""
    root = store.find_root(records_dir)
    repo = gitio.open_repo(root)
    base_commit = gitio.resolve(repo, base)
    head_commit = gitio.resolve(repo, rev or "HEAD")
    notes: list[str] = []
    start = gitio.merge_base(repo, base_commit, head_commit)
    if start is None:
        notes.append(
            f"no merge base of {base} and {rev or 'HEAD'} (a shallow clone?); comparing with {base} itself"
        )
        start = base_commit
    start_tree = gitio.tree(repo, start)
    if not start_tree:
        raise UsageError(f"there is no records folder ({repo.records or '.'}) at {base}")
    old_tree = {p: b for p, b in start_tree.items() if is_record_path(p)}

    if rev is None:
        worktree = working_tree(root)
        new_ids = {p: blob for p, (blob, _data) in worktree.items()}
        new_data = {p: data for p, (_blob, data) in worktree.items()}
    else:
        new_ids = {p: b for p, b in gitio.tree(repo, head_commit).items() if is_record_path(p)}
        new_data = {}

    touched = [p for p in sorted(set(old_tree) | set(new_ids)) if old_tree.get(p) != new_ids.get(p)]
    wanted = [old_tree[p] for p in touched if p in old_tree]
    if rev is not None:
        wanted += [new_ids[p] for p in touched if p in new_ids]
    blobs = gitio.read_blobs(repo, wanted)
    old_files = {p: blobs[old_tree[p]] or b"" for p in touched if p in old_tree}
    new_files = {
        p: (new_data[p] if rev is None else blobs[new_ids[p]] or b"")
        for p in touched
        if p in new_ids
    }
    problems: list[Problem] = []
    old = _snapshot(old_files, problems, base)
    new = _snapshot(new_files, problems, rev or "working tree")
    return DiffResult(
        base=base,
        head=rev or "working tree",
        changes=diff.compare(old, new),
        problems=problems,
        notes=notes,
    )


@dataclass(frozen=True)
class LogEntry:
    """One commit that changed a record, and what it changed."""

    commit: gitio.Commit
    change: diff.Change | None


def record_path(record_id: str) -> str:
    """Where a record with this id lives, relative to the records folder."""
    if RECOMMENDATION_ID.match(record_id):
        return f"{store.RECOMMENDATIONS}/{record_id}{store.RECORD_SUFFIX}"
    try:
        dt.date.fromisoformat(record_id)
        return f"{store.MEETINGS}/{record_id}{store.RECORD_SUFFIX}"
    except ValueError:
        pass
    if INSPECTION_ID.match(record_id):
        return f"{store.INSPECTIONS}/{record_id}{store.RECORD_SUFFIX}"
    raise UsageError(f"{record_id!r} is not a record id (REC-001, PEEL-2023 or a meeting date)")


def log(records_dir: Path | None, record_id: str) -> list[LogEntry]:
    """The record's history from git, newest first, each commit with what it changed."""
    root = store.find_root(records_dir)
    repo = gitio.open_repo(root)
    gitio.resolve(repo, "HEAD")
    relative = record_path(record_id)
    path = repo.path_in_repo(relative)
    commits = gitio.history(repo, path)
    if not commits:
        raise UsageError(f"no history for {record_id}: {relative} was never committed")
    specs = [f"{c.id}:{path}" for c in commits] + [
        f"{c.parent}:{path}" for c in commits if c.parent
    ]
    blobs = gitio.read_blobs(repo, specs)
    entries = []
    problems: list[Problem] = []
    for commit in commits:
        after = blobs.get(f"{commit.id}:{path}")
        before = blobs.get(f"{commit.parent}:{path}") if commit.parent else None
        old = _snapshot({relative: before} if before is not None else {}, problems, "old")
        new = _snapshot({relative: after} if after is not None else {}, problems, "new")
        changes = diff.compare(old, new)
        entries.append(LogEntry(commit, changes[0] if changes else None))
    return entries

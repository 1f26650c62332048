"""The use cases of pull-request review: `jac diff` and `jac log`, over git."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from jacreport.errors import Problem, UsageError, YamlError
from jacreport.records import load, paths
from jacreport.records import yamlio as loader
from jacreport.records.models import INSPECTION_ID, RECOMMENDATION_ID
from jacreport.review import diff, gitio


@dataclass
class DiffResult:
    """What `jac diff` found between two states of the records, and of everything else that
    changes the paper: the settings, the templates and the evidence files."""

    base: str
    head: str
    changes: list[diff.Change]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    settings: dict[str, list[Any]] = field(default_factory=dict)
    templates: list[diff.FileChange] = field(default_factory=list)
    evidence: list[diff.FileChange] = field(default_factory=list)

    @property
    def attention(self) -> list[str]:
        """Every attention point, in change order."""
        return [point for change in self.changes for point in change.attention]

    @property
    def inputs_changed(self) -> bool:
        """True when a setting, a template or an evidence file changed."""
        return bool(self.settings or self.templates or self.evidence)


def is_record_path(path: str) -> bool:
    """A record file below the records folder (not settings, evidence, hidden or temporary)."""
    folder, _, name = path.partition("/")
    return (
        folder in load.MODELS
        and "/" not in name
        and name.endswith(paths.RECORD_SUFFIX)
        and not name.startswith(".")
    )


def _parse(
    path: str, data: bytes | None, problems: list[Problem], label: str
) -> diff.AnyRecord | None:
    model = load.MODELS[path.partition("/")[0]]
    text_problems: list[Problem] = []
    if data is None:  # a symbolic link in the working tree: never followed
        problems.append(Problem(f"{label}:{path}", None, paths.FILE_LINK))
        return None
    try:
        text = loader.decode(data)
    except YamlError as exc:
        problems.append(Problem(f"{label}:{path}", exc.line, exc.message))
        return None
    record = load.parse_record(Path(path), text, model, text_problems)
    problems.extend(Problem(f"{label}:{p.path}", p.line, p.message) for p in text_problems)
    return record


def _snapshots(
    old_files: Mapping[str, bytes | None],
    new_files: Mapping[str, bytes | None],
    problems: list[Problem],
    labels: tuple[str, str],
) -> tuple[dict[str, diff.AnyRecord], dict[str, diff.AnyRecord]]:
    """Both sides' records by kind and key. A file that cannot be read on either side is
    left out of both (its problem says why), so it is never reported as added or removed."""
    parsed = [
        {path: _parse(path, data, problems, label) for path, data in files.items()}
        for files, label in ((old_files, labels[0]), (new_files, labels[1]))
    ]
    unreadable = {path for side in parsed for path, record in side.items() if record is None}

    def keyed(side: Mapping[str, diff.AnyRecord | None]) -> dict[str, diff.AnyRecord]:
        return {
            f"{diff.kind_of(record)}:{diff.key_of(record)}": record
            for path, record in side.items()
            if record is not None and path not in unreadable
        }

    return keyed(parsed[0]), keyed(parsed[1])


def too_big(size: int) -> str:
    """The problem of a record over `paths.MAX_RECORD_BYTES`, as `jac check` words it."""
    return f"the file is {size / 1048576:.1f} MB; a record is at most 2 MB"


def working_tree(root: Path) -> dict[str, gitio.Entry]:
    """The record files in the working tree: path -> blob id and size (read in pieces)."""
    files: dict[str, gitio.Entry] = {}
    for folder in load.MODELS:
        for path in paths.record_files(root / folder):
            files[f"{folder}/{path.name}"] = gitio.file_blob_id(path)
    return files


@dataclass(frozen=True)
class _Side:
    """One side of a diff: a commit, or the working tree (commit None) at `root`."""

    repo: gitio.Repo
    root: Path
    commit: str | None
    label: str

    def records_tree(self) -> dict[str, gitio.Entry]:
        """Every file under the records folder: path relative to it -> blob id and size."""
        if self.commit is not None:
            return gitio.tree(self.repo, self.commit)
        return {
            **working_files(self.root, paths.EVIDENCE),
            paths.SETTINGS_FILE: _entry_or_none(self.root / paths.SETTINGS_FILE),
            **working_tree(self.root),
        }

    def read(self, path: str, entry: gitio.Entry, problems: list[Problem]) -> bytes | None:
        """A file under the records folder, None (and a problem) when it is too big."""
        if entry.size > paths.MAX_RECORD_BYTES:
            problems.append(Problem(f"{self.label}:{path}", None, too_big(entry.size)))
            return None
        if self.commit is None:
            data = _plain_bytes(self.root / path)
            if data is None:
                problems.append(Problem(f"{self.label}:{path}", None, paths.FILE_LINK))
            return data
        blob = gitio.read_blobs(self.repo, [entry.blob], paths.MAX_RECORD_BYTES)[entry.blob]
        return blob.data if blob is not None else None


def _entry_or_none(path: Path) -> gitio.Entry:
    return gitio.file_blob_id(path) if path.is_file() else gitio.Entry("", 0)


def working_files(top: Path, folder: str) -> dict[str, gitio.Entry]:
    """Every file below `top / folder` in the working tree, as git would list it: path
    relative to `top` -> blob id and size. Symlinks are listed, not followed."""
    base = top / folder
    found: dict[str, gitio.Entry] = {}
    if base.is_symlink() or not base.is_dir():
        return found
    for here, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if d != ".git"]
        linked = [d for d in dirs if (Path(here) / d).is_symlink()]
        for name in sorted([*names, *linked]):
            path = Path(here) / name
            found[path.relative_to(top).as_posix()] = gitio.file_blob_id(path)
    return found


def diff_records(records_dir: Path | None, base: str, rev: str | None) -> DiffResult:
    """The changes from BASE's merge base with REV to REV (default: the working tree): of the
    records, the settings, the templates and the evidence files."""
    root = paths.find_root(records_dir)
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
    old_side = _Side(repo, root, start, base)
    new_side = _Side(repo, root, None if rev is None else head_commit, rev or "working tree")
    old_tree = old_side.records_tree()
    if not old_tree:
        raise UsageError(f"there is no records folder ({repo.records or '.'}) at {base}")
    new_tree = new_side.records_tree()
    problems: list[Problem] = []
    result = DiffResult(
        base=base,
        head=new_side.label,
        changes=_record_changes(old_side, old_tree, new_side, new_tree, problems),
        problems=problems,
        notes=notes,
    )
    old_settings = _settings(old_side, old_tree, problems)
    new_settings = _settings(new_side, new_tree, problems)
    result.settings = diff.compare_settings(old_settings, new_settings)
    result.evidence = diff.compare_files(_evidence(old_tree, root), _evidence(new_tree, root))
    folders = _template_folders([old_settings, new_settings])
    result.templates = diff.compare_files(
        _templates(old_side, folders), _templates(new_side, folders)
    )
    return result


def _record_changes(
    old_side: _Side,
    old_tree: Mapping[str, gitio.Entry],
    new_side: _Side,
    new_tree: Mapping[str, gitio.Entry],
    problems: list[Problem],
) -> list[diff.Change]:
    """The record files that differ, read (none over the size limit) and compared."""
    old_ids = {p: e for p, e in old_tree.items() if is_record_path(p)}
    new_ids = {p: e for p, e in new_tree.items() if is_record_path(p)}
    touched = [
        p
        for p in sorted(set(old_ids) | set(new_ids))
        if (old_ids[p].blob if p in old_ids else None)
        != (new_ids[p].blob if p in new_ids else None)
    ]
    big: set[str] = set()
    for side, ids in ((old_side, old_ids), (new_side, new_ids)):
        for path in touched:
            if path in ids and ids[path].size > paths.MAX_RECORD_BYTES:
                problems.append(Problem(f"{side.label}:{path}", None, too_big(ids[path].size)))
                big.add(path)
    touched = [p for p in touched if p not in big]
    old_files = _read_all(old_side, {p: old_ids[p] for p in touched if p in old_ids})
    new_files = _read_all(new_side, {p: new_ids[p] for p in touched if p in new_ids})
    old, new = _snapshots(old_files, new_files, problems, (old_side.label, new_side.label))
    return diff.compare(old, new)


def _read_all(side: _Side, entries: Mapping[str, gitio.Entry]) -> dict[str, bytes | None]:
    """The contents of these files (all within the size limit) on one side; None for a
    working file that is a symbolic link, which is never followed."""
    if side.commit is None:
        return {p: _plain_bytes(side.root / p) for p in entries}
    blobs = gitio.read_blobs(side.repo, [e.blob for e in entries.values()], paths.MAX_RECORD_BYTES)
    found = {p: blobs.get(e.blob) for p, e in entries.items()}
    return {p: (blob.data or b"") if blob is not None else b"" for p, blob in found.items()}


def _settings(
    side: _Side, tree: Mapping[str, gitio.Entry], problems: list[Problem]
) -> dict[str, Any]:
    """The settings in jac.yaml on one side, as plain values; empty when there are none or
    they cannot be read (the problem says why)."""
    entry = tree.get(paths.SETTINGS_FILE)
    if entry is None or not entry.blob:
        return {}
    data = side.read(paths.SETTINGS_FILE, entry, problems)
    if data is None:
        return {}
    try:
        parsed = loader.parse(loader.decode(data))
    except YamlError as exc:
        problems.append(Problem(f"{side.label}:{paths.SETTINGS_FILE}", exc.line, exc.message))
        return {}
    except ValueError as exc:  # a date the YAML library cannot make (2023-02-30)
        problems.append(Problem(f"{side.label}:{paths.SETTINGS_FILE}", None, str(exc)))
        return {}
    if not isinstance(parsed, Mapping):
        problems.append(Problem(f"{side.label}:{paths.SETTINGS_FILE}", 1, "not a mapping"))
        return {}
    return {str(name): _plain(value) for name, value in parsed.items()}


def _plain(value: Any) -> Any:
    """A setting's value as JSON has it (dates as `YYYY-MM-DD`)."""
    return json.loads(json.dumps(value, default=_text))


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _evidence(tree: Mapping[str, gitio.Entry], root: Path) -> dict[str, str]:
    """The evidence files (under records/evidence/): path in the repository -> blob id."""
    prefix = f"{paths.EVIDENCE}/"
    return {f"{root.name}/{p}": e.blob for p, e in tree.items() if p.startswith(prefix)}


def _template_folders(settings: list[Mapping[str, Any]]) -> list[str]:
    """The template folders, relative to the repository: the top `templates/` and each one
    `templates:` names (as a relative path without `..`; anything else is refused by
    render, and shows as a changed setting)."""
    folders = ["templates"]
    for each in settings:
        named = each.get("templates")
        if not isinstance(named, str):
            continue
        pure = PurePosixPath(named.replace("\\", "/"))
        if not pure.is_absolute() and ".." not in pure.parts and not PureWindowsPath(named).drive:
            folder = pure.as_posix()
            folder = "" if folder == "." else folder
            if folder not in folders:
                folders.append(folder)
    return folders


def _templates(side: _Side, folders: list[str]) -> dict[str, str]:
    """The files in the template folders on one side: path in the repository -> blob id."""
    files: dict[str, str] = {}
    if not side.repo.records:
        return files  # the records folder is the top of git: the repository is outside it
    if side.commit is None:
        for folder in folders:
            top = side.root.parent
            files.update({p: e.blob for p, e in working_files(top, folder).items()})
        return files
    repository = side.repo.records.rpartition("/")[0]
    for folder in folders:
        inside = "/".join(part for part in (repository, folder) if part)
        listed = gitio.files_under(side.repo, side.commit, inside)
        files.update({"/".join(x for x in (folder, p) if x): e.blob for p, e in listed.items()})
    return files


@dataclass(frozen=True)
class LogEntry:
    """One commit that changed a record, and what it changed."""

    commit: gitio.Commit
    change: diff.Change | None


def record_path(record_id: str) -> str:
    """Where a record with this id lives, relative to the records folder."""
    if RECOMMENDATION_ID.match(record_id):
        return f"{paths.RECOMMENDATIONS}/{record_id}{paths.RECORD_SUFFIX}"
    try:
        dt.date.fromisoformat(record_id)
        return f"{paths.MEETINGS}/{record_id}{paths.RECORD_SUFFIX}"
    except ValueError:
        pass
    if INSPECTION_ID.match(record_id):
        return f"{paths.INSPECTIONS}/{record_id}{paths.RECORD_SUFFIX}"
    raise UsageError(f"{record_id!r} is not a record id (REC-001, PEEL-2023 or a meeting date)")


@dataclass
class LogResult:
    """A record's history, and what could not be compared (a version over the size limit)."""

    entries: list[LogEntry]
    problems: list[Problem] = field(default_factory=list)


def log(records_dir: Path | None, record_id: str) -> LogResult:
    """The record's history from git, newest first, each commit with what it changed; a
    version over the size limit is never read, only named in the problems."""
    root = paths.find_root(records_dir)
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
    blobs = gitio.read_blobs(repo, specs, paths.MAX_RECORD_BYTES)
    result = LogResult([])
    for spec, blob in blobs.items():
        if blob is not None and blob.data is None:
            where = f"{spec.partition(':')[0][:8]}:{relative}"
            result.problems.append(Problem(where, None, too_big(blob.size)))
    for commit in commits:
        after = blobs.get(f"{commit.id}:{path}")
        before = blobs.get(f"{commit.parent}:{path}") if commit.parent else None
        if (after is not None and after.data is None) or (
            before is not None and before.data is None
        ):
            result.entries.append(LogEntry(commit, None))
            continue
        old_label = (commit.parent or "")[:8]
        old, new = _snapshots(
            _one(relative, before),
            _one(relative, after),
            result.problems,
            (old_label, commit.id[:8]),
        )
        changes = diff.compare(old, new)
        result.entries.append(LogEntry(commit, changes[0] if changes else None))
    return result


def _plain_bytes(path: Path) -> bytes | None:
    links = path.is_symlink() or path.parent.is_symlink()
    return None if links else path.read_bytes()


def _one(path: str, blob: gitio.Blob | None) -> dict[str, bytes | None]:
    """One version of a record as a snapshot's files: none where it did not exist."""
    return {path: blob.data} if blob is not None and blob.data is not None else {}

"""Find the records folder, load every record once, and report each problem with its file and line."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jacreport.errors import Problem, Refused, UsageError, YamlError
from jacreport.records import yamlio as loader
from jacreport.records.models import Inspection, Meeting, Recommendation, Settings

SETTINGS_FILE = "jac.yaml"
INSPECTIONS = "inspections"
RECOMMENDATIONS = "recommendations"
MEETINGS = "meetings"
EVIDENCE = "evidence"
RECORD_SUFFIX = ".yaml"

M = TypeVar("M", bound=BaseModel)


@dataclass
class Records:
    """Every record of one folder that loaded, with the problems found on the way."""

    root: Path
    settings: Settings | None
    inspections: dict[str, Inspection] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    meetings: dict[dt.date, Meeting] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Every record that loaded, duplicates included, with its file: what the rules check.
    loaded: list[tuple[Path, Inspection | Recommendation | Meeting]] = field(default_factory=list)

    def display(self, path: Path) -> str:
        """A path as users should read it: relative to the working folder where it can be."""
        return display_path(path)

    def path_of(self, record_id: str) -> Path:
        """The file a recommendation or inspection was loaded from."""
        return self.paths[record_id]

    def meeting_path(self, date: dt.date) -> Path:
        """The file of a meeting record."""
        return self.root / MEETINGS / f"{date.isoformat()}{RECORD_SUFFIX}"

    @property
    def force_name(self) -> str:
        """The force's name, or a placeholder when the settings failed to load."""
        return self.settings.force if self.settings else "(unknown force)"


def display_path(path: Path) -> str:
    """`path` relative to the current folder when it lies below it, else as it is."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def find_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The records folder: `--records`, else `$JAC_RECORDS`, else `records/jac.yaml` upwards."""
    if explicit is not None:
        return _checked_root(explicit, "--records")
    env = os.environ.get("JAC_RECORDS")
    if env:
        return _checked_root(Path(env), "JAC_RECORDS")
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "records" / SETTINGS_FILE).is_file():
            return folder / "records"
        # Standing inside the records folder itself counts too.
        if folder.name == "records" and (folder / SETTINGS_FILE).is_file():
            return folder
    raise UsageError(
        "no records folder found: no records/jac.yaml here or in any parent folder "
        "(use --records DIR, set JAC_RECORDS, or start one with `jac init`)"
    )


def _checked_root(path: Path, source: str) -> Path:
    if not (path / SETTINGS_FILE).is_file():
        raise UsageError(f"{source}: {path} is not a records folder (it has no {SETTINGS_FILE})")
    return path.absolute()


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    """The record files of one sub-folder as directory entries, in name order; hidden and
    temporary files are not records."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    entries.sort(key=lambda e: e.name)
    return [
        e
        for e in entries
        if e.name.endswith(RECORD_SUFFIX)
        and not e.name.startswith(".")
        and (e.is_symlink() or e.is_file())
    ]


FILE_LINK = "the file is a symbolic link; jac does not follow links (put the file itself here)"
FOLDER_LINK = (
    "the folder is a symbolic link; jac does not follow links (put the folder itself here)"
)
_CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f]")


def name_problem(name: str) -> str | None:
    """Why a record file's name is unacceptable (a control character, which could forge
    output such as CI annotations), or None."""
    if _CONTROL_IN_NAME.search(name):
        return f"the file name {name!r} holds a control character; rename the file"
    return None


def record_files(folder: Path) -> Iterator[Path]:
    """The record files of one sub-folder, in name order; hidden and temporary files are not records."""
    for entry in _scan(folder):
        yield folder / entry.name


def _child(folder: Path) -> Callable[[str], Path]:
    """A fast `folder / name` for names known to be plain file names (no separators):
    pathlib's own child constructor where this Python has it, which skips re-parsing."""
    make: Callable[[str], Path] | None = getattr(folder, "_make_child_relpath", None)
    return make if make is not None else folder.joinpath


# Each records sub-folder and the model of its files, in the order they are loaded.
MODELS: dict[str, type[Inspection] | type[Recommendation] | type[Meeting]] = {
    INSPECTIONS: Inspection,
    RECOMMENDATIONS: Recommendation,
    MEETINGS: Meeting,
}


# Below this many files to parse, a second process costs more than it saves.
PARALLEL_MIN = 400


def load(root: Path, *, use_cache: bool = True, workers: int | None = None) -> Records:
    """Load and validate every record below `root`, collecting problems instead of stopping.
    Files unchanged since the last run come from the cache (see `cache`), and so do the
    problems between records while no file has changed, been added or been removed. Many
    files to parse are parsed by one process per core (`workers`, default the core count)."""
    # Imported here: rules and cache read Records, so top-level imports would be circular.
    from jacreport.records import cache, rules

    records = Records(root=root, settings=None)
    records.settings = _load_one(root / SETTINGS_FILE, Settings, records.problems)
    snapshot = cache.read(root) if use_cache else cache.Snapshot({}, None)
    cached = snapshot.files
    entries: dict[str, cache.Entry] = {}
    changed = False

    # First the files and whether the cache still holds each, in name order per folder.
    found: list[tuple[str, Path, str, list[int] | None]] = []
    for sub in MODELS:
        folder = root / sub
        if folder.is_symlink():
            changed = True
            records.problems.append(Problem(display_path(folder), None, FOLDER_LINK))
            continue
        child = _child(folder)
        for item in _scan(folder):
            path = child(item.name)
            problem = name_problem(item.name) or (FILE_LINK if item.is_symlink() else None)
            if problem:
                changed = True
                records.problems.append(Problem(display_path(path), None, problem))
                continue
            try:
                key = cache.stat_key(item.stat())
            except OSError:
                key = None
            found.append((sub, path, f"{sub}/{item.name}", key))

    stale = [
        (sub, path)
        for sub, path, relative, key in found
        if key is None or (entry := cached.get(relative)) is None or entry["key"] != key
    ]
    fresh = _parse_all(stale, workers)
    changed = changed or bool(stale)

    for sub, path, relative, key in found:
        parsed = fresh.get(path)
        record: Inspection | Recommendation | Meeting | None
        if parsed is None:
            entry = cached[relative]
            try:
                record = cache.BUILDERS[sub](entry["data"]) if entry["data"] is not None else None
            except (KeyError, TypeError, ValueError, AttributeError, IndexError):
                # A cache entry of the wrong shape: the file itself answers.
                record, entry = parse_entry(sub, path)
                entry["key"] = key
                changed = True
        else:
            record, entry = parsed
            entry["key"] = key
            if record is None and entry["data"] is not None:
                record = cache.BUILDERS[sub](entry["data"])
        if entry["problems"]:
            shown = display_path(path)
            records.problems.extend(
                Problem(shown, line, message) for line, message in entry["problems"]
            )
        entries[relative] = entry
        if record is not None:
            _register(records, path, record)
    same_files = not changed and len(entries) == len(cached)

    between = snapshot.between if same_files else None
    if between is None:
        between = []
        texts: dict[Path, str] = {}
        for path, loc, message in rules.between_records(records):
            line = None
            if loc is not None:
                text = texts.get(path) or texts.setdefault(path, read_text(path))
                line = loader.line_of(text, loc)
            between.append([path.relative_to(root).as_posix(), line, message])
    records.problems.extend(
        Problem(display_path(root / relative), line, message) for relative, line, message in between
    )
    for path, loc, message in rules.evidence_problems(records):
        line = loader.line_of(read_text(path), loc) if loc is not None else None
        records.problems.append(Problem(display_path(path), line, message))
    if use_cache and not (same_files and snapshot.between is not None):
        cache.write(root, cache.Snapshot(entries, between))
    records.problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    return records


Parsed = tuple[Inspection | Recommendation | Meeting | None, dict[str, Any]]


def parse_entry(sub: str, path: Path) -> Parsed:
    """One record file parsed and validated, with the rules within it: the record (or None)
    and its cache entry (`data`, and `problems` as `[line, message]`)."""
    from jacreport.records import cache, rules

    problems: list[Problem] = []
    record = _load_one(path, MODELS[sub], problems)
    if record is not None:
        # The rules within one record are cached with it, lines found once.
        text = read_text(path) if (found := rules.record_problems(record)) else ""
        problems += [Problem("", loader.line_of(text, loc), msg) for loc, msg in found]
    entry = {
        "data": cache.dump(record) if record is not None else None,
        "problems": [[p.line, p.message] for p in problems],
    }
    return record, entry


def _parse_in_worker(job: tuple[str, str]) -> dict[str, Any]:
    """`parse_entry` in a worker process: only the plain entry travels back."""
    return parse_entry(job[0], Path(job[1]))[1]


def _parse_all(stale: list[tuple[str, Path]], workers: int | None) -> dict[Path, Parsed]:
    """Parse the files the cache cannot serve: in this process when they are few, else
    spread over one forked process per core. Records parsed elsewhere come back as plain
    entries and are rebuilt here without validating twice. Falls back to this process
    when processes cannot be started."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and len(stale) >= (PARALLEL_MIN if workers is None else 1):
        try:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork")
            jobs = [(sub, str(path)) for sub, path in stale]
            chunk = max(1, min(256, len(jobs) // (count * 4)))
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                results = list(pool.map(_parse_in_worker, jobs, chunksize=chunk))
            return {path: (None, entry) for (_sub, path), entry in zip(stale, results, strict=True)}
        except (ValueError, OSError, ImportError, RuntimeError):
            pass  # no fork here (e.g. Windows), or no processes to spare: parse in this process
    return {path: parse_entry(sub, path) for sub, path in stale}


def _register(records: Records, path: Path, record: Inspection | Recommendation | Meeting) -> None:
    """Add a loaded record; the first of a duplicated id wins (the rules report the rest)."""
    records.loaded.append((path, record))
    if isinstance(record, Meeting):
        records.meetings.setdefault(record.date, record)
    elif isinstance(record, Inspection):
        if record.id not in records.inspections:
            records.inspections[record.id] = record
            records.paths[record.id] = path
    elif record.id not in records.recommendations:
        records.recommendations[record.id] = record
        records.paths[record.id] = path


def read_text(path: Path) -> str:
    """A record file's text, decoded as jac accepts it."""
    return decoded(path, path.read_bytes())


def decoded(path: Path, data: bytes) -> str:
    """The text of `data` read from `path`; a refusal naming the file when it is not UTF-8."""
    try:
        return loader.decode(data)
    except YamlError as exc:
        exc.path = display_path(path)
        raise


# No record is this big; a larger file is refused before it is read.
MAX_RECORD_BYTES = 2 * 1024 * 1024


def _load_one(path: Path, model: type[M], problems: list[Problem]) -> M | None:
    """One file validated as `model`, or None with its problems added to `problems`."""
    if path.is_symlink():
        problems.append(Problem(display_path(path), None, FILE_LINK))
        return None
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            problems.append(
                Problem(
                    display_path(path),
                    None,
                    f"the file is {size / 1048576:.1f} MB; a record is at most 2 MB",
                )
            )
            return None
        text = read_text(path)
    except OSError as exc:
        problems.append(Problem(display_path(path), None, f"cannot read the file: {exc.strerror}"))
        return None
    except YamlError as exc:
        problems.append(Problem(display_path(path), exc.line, exc.message))
        return None
    return parse_record(path, text, model, problems)


def parse_record(path: Path, text: str, model: type[M], problems: list[Problem]) -> M | None:
    """The text of one record file validated as `model`, or None with its problems added."""
    try:
        data = loader.parse(text)
    except YamlError as exc:
        problems.append(Problem(display_path(path), exc.line, exc.message))
        return None
    if not isinstance(data, Mapping):
        kind = "empty" if data is None else f"a {type(data).__name__}, not a mapping of fields"
        problems.append(Problem(display_path(path), 1, f"the file is {kind}"))
        return None
    # A control character reaches a value only typed as it is or through a `\` escape.
    suspect = "\\" in text or _CONTROL_RE.search(text) is not None
    bad = _control_character(data, ()) if suspect else None
    if bad is not None:
        where = ".".join(str(part) for part in bad)
        problems.append(
            Problem(
                display_path(path),
                loader.line_of(text, bad),
                f"{where}: contains a control character",
            )
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            problems.append(
                Problem(display_path(path), loader.line_of(text, loc), describe(error, model))
            )
        return None


_CONTROL = frozenset(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127])
_CONTROL_RE = re.compile("[" + re.escape("".join(sorted(_CONTROL))) + "]")


def _control_character(value: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """Where a string holds a control character (other than tab and line breaks), which no
    paper can show and Word refuses; None when there is none."""
    if isinstance(value, str):
        return loc if not _CONTROL.isdisjoint(value) else None
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = _control_character(item, (*loc, str(key)))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _control_character(item, (*loc, index))
            if found is not None:
                return found
    return None


def describe(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    """A pydantic error as one plain sentence, e.g. `status: 'blue' is not one of red, ...`."""
    loc = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message = "is required but missing"
    elif kind == "extra_forbidden":
        known = _known_fields(model, error["loc"])
        message = "is not a field jac knows" + _did_you_mean(str(error["loc"][-1]), known)
        message += " (a force's own fields go under `extra:`)"
    elif kind == "enum":
        expected = str(ctx.get("expected", "")).replace("'", "")
        message = f"{value!r} is not one of {expected.replace(' or ', ', ')}"
    elif kind == "string_pattern_mismatch":
        message = f"{value!r} is not a valid id"
        message += {
            "id": " (recommendations are REC-, COC- or AFI- and 3+ digits; inspections are "
            "capitals, digits and hyphens, e.g. PEEL-2023)",
        }.get(str(error["loc"][-1]), "")
    elif kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
    elif kind in {"string_type", "int_type", "bool_type", "dict_type", "list_type", "model_type"}:
        wanted = {
            "string_type": "text",
            "int_type": "a whole number",
            "bool_type": "true or false",
            "dict_type": "a mapping",
            "list_type": "a list",
            "model_type": "a mapping",
        }[kind]
        hint = " (put it in quotes)" if kind == "string_type" and value is not None else ""
        message = f"{value!r} is not {wanted}{hint}"
    elif kind in {"greater_than_equal", "less_than_equal"} and loc.endswith("level"):
        message = f"{value!r} is not a level (1, 2, 3 or 4)"
    else:
        message = str(error["msg"])
    return f"{loc}: {message}" if loc else message


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside an annotation such as `list[Update] | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None


def _did_you_mean(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


# --- writing ------------------------------------------------------------------------------

LOCK_FILE = ".jac.lock"


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

    for name in (*MODELS, LOCK_FILE):
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
    try:
        return max(0.0, float(os.environ.get("JAC_LOCK_TIMEOUT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


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

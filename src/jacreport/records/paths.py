"""The records folder on disk: where it is, its sub-folders and file names, which files
are records, and how a path is shown to the user. No file is read here."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from jacreport.errors import UsageError

SETTINGS_FILE = "jac.yaml"
INSPECTIONS = "inspections"
RECOMMENDATIONS = "recommendations"
MEETINGS = "meetings"
EVIDENCE = "evidence"
RECORD_SUFFIX = ".yaml"
LOCK_FILE = ".jac.lock"  # the write lock, in the records folder

# The record sub-folders, in the order they are loaded.
FOLDERS = (INSPECTIONS, RECOMMENDATIONS, MEETINGS)

# No record is this big; a larger file is refused before it is read.
MAX_RECORD_BYTES = 2 * 1024 * 1024


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


def _scan(folder: Path, *, ordered: bool = True) -> list[os.DirEntry[str]]:
    """The record files of one sub-folder as directory entries, in name order (unless not
    `ordered`); hidden and temporary files are not records."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    if ordered:
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
OWN_LINK = "{} is a symbolic link; jac does not follow links (delete it: jac makes its own)"
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


# A reference such as `portal:HMIC-77` or `https://...`; anything else is a path under records/.
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_reference(evidence: str) -> bool:
    """Whether closure evidence is a reference (`portal:HMIC-77`), not a file to look for."""
    return SCHEME.match(evidence) is not None and not re.match(r"^[A-Za-z]:[\\/]", evidence)


def evidence_problem(root: Path, evidence: str) -> str | None:
    """Why an evidence reference is unacceptable, or None: a scheme, or a file inside records/."""
    if is_reference(evidence):
        return None
    candidate = Path(evidence)
    if candidate.is_absolute() or ".." in candidate.parts:
        return f"evidence {evidence!r} must be a path inside records/ (or a reference such as portal:...)"
    target = root / candidate
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"evidence {evidence!r} does not exist under records/"
    if not resolved.is_relative_to(root.resolve()):
        return f"evidence {evidence!r} leads outside records/"
    if not resolved.is_file():
        return f"evidence {evidence!r} is not a file"
    return None

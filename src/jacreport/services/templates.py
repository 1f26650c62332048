"""Where a paper's templates may come from: inside the repository only (see README,
"Templates run sandboxed")."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from jacreport.errors import UsageError
from jacreport.records.store import Records


def template_dirs(records: Records, explicit: Path | None) -> list[Path]:
    """Template folders that override the built-ins: `--templates`, else `templates:` in
    jac.yaml (relative to the records folder's parent). Either must lie inside the
    repository (the folder holding `records/`), symlinks resolved: templates may come from
    a pull request, and nothing outside the repository is read."""
    repository = records.root.parent
    if explicit is not None:
        return [_template_folder(explicit, repository, f"--templates {explicit}")]
    configured = records.settings.templates if records.settings else None
    if not configured:
        return []
    setting = f"templates: {configured} in jac.yaml"
    pure = PurePosixPath(configured.replace("\\", "/"))
    if pure.is_absolute() or PureWindowsPath(configured).drive or ".." in pure.parts:
        raise UsageError(
            f"{setting} must be a folder inside the repository ({repository}), "
            "named relative to it, without .."
        )
    return [_template_folder(repository / pure, repository, setting)]


def _template_folder(folder: Path, repository: Path, source: str) -> Path:
    """`folder` when it is a folder inside `repository` once symlinks are resolved."""
    try:
        resolved = folder.resolve()
        resolved.relative_to(repository.resolve())
    except (OSError, RuntimeError, ValueError):
        raise UsageError(
            f"{source} leads outside the repository ({repository}); templates are read "
            "only from inside it"
        ) from None
    if not resolved.is_dir():
        raise UsageError(f"{source} is not a folder ({folder})")
    return folder

"""`jac site`: the static site for people who never open a terminal, written into a
folder as files that can be published as they are."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from jacreport.errors import Problem, UsageError
from jacreport.paper import site as site_data
from jacreport.paper.render import Format, renderer
from jacreport.paper.render.site import render
from jacreport.records.values import today
from jacreport.records.write import write_output
from jacreport.services import build_paper, facts, open_records
from jacreport.services.templates import template_dirs

# The file that marks a folder as a jac site: listed pages, so a rebuild can replace them.
MARKER = ".jac-site"


def build_site(
    records_dir: Path | None,
    output: Path,
    *,
    restricted: bool = False,
    as_of: dt.date | None = None,
    templates: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, list[Problem]]:
    """Write the site into `output`; how many pages, and the problems of the records (the
    site shows what loaded, like every read command)."""
    records = open_records(records_dir)
    if records.settings is None:
        raise UsageError("the settings (jac.yaml) did not load; run `jac check`")
    day = as_of or today()
    overrides = template_dirs(records, templates)
    known = facts(records)
    site = site_data.build(records.settings, records.meetings, known, day, restricted=restricted)
    total = len(site.findings)
    pages = render(site, overrides, (lambda done: progress(done, total)) if progress else None)
    for meeting in site.meetings:
        paper = build_paper(records, meeting.date, restricted=restricted, known=known)
        for fmt in (Format.HTML, Format.MD):
            pages[f"papers/{meeting.date.isoformat()}.{fmt.value}"] = renderer(fmt)(
                paper, overrides
            )
    _write(output, pages)
    return len(pages), records.problems


def _write(output: Path, pages: dict[str, bytes]) -> None:
    """The pages into `output`: a new or empty folder, or one jac wrote before (its old
    pages are replaced, so none of a removed finding lingers). Anything else is refused."""
    marker = output / MARKER
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} is not a folder", output)
    if output.exists() and any(output.iterdir()) and not marker.is_file():
        raise UsageError(
            f"{output} is not empty and was not written by `jac site`; give a new folder", output
        )
    if marker.is_file():
        for name in marker.read_text("utf-8").splitlines():
            old = output / name
            if name and ".." not in Path(name).parts and old.is_file() and not old.is_symlink():
                old.unlink()
        for folder in ("findings", "inspections", "papers"):
            if (output / folder).is_dir() and not any((output / folder).iterdir()):
                shutil.rmtree(output / folder)
    for folder in sorted({str(Path(name).parent) for name in pages}):
        (output / folder).mkdir(parents=True, exist_ok=True)
    for name in sorted(pages):
        write_output(output / name, pages[name])
    write_output(marker, ("\n".join(sorted(pages)) + "\n").encode("utf-8"))

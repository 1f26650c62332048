"""A note written in the user's editor, as `git commit` asks for its message."""

import sys
from collections.abc import Callable
from pathlib import Path

import typer

from jacreport.errors import Refused

EDITOR_HELP = """

# Write the update for {id} above this line, as you would in the tracker.
# Lines starting with # are left out; an empty note writes nothing.
"""


def note_from_editor(record_id: str) -> str:
    """The note written in $EDITOR (as `git commit` asks for a message); on anything but
    a terminal, --note is required."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise typer.BadParameter(
            "give the update with --note TEXT (your editor opens only on a terminal)",
            param_hint="--note",
        )
    written = _edit(EDITOR_HELP.format(id=record_id))
    lines = [line for line in written.splitlines() if not line.startswith("#")]
    note = "\n".join(lines).strip()
    if not note:
        raise typer.BadParameter("the note was empty; nothing was written", param_hint="--note")
    return note


def _edit(text: str) -> str:
    """`text` edited in $VISUAL or $EDITOR (else Notepad on Windows, vi elsewhere), as git
    does for a commit message."""
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    command = shlex.split(editor, posix=os.name != "nt") if editor else []
    if not command:
        command = ["notepad"] if os.name == "nt" else ["vi"]
    handle, name = tempfile.mkstemp(prefix="jac-note-", suffix=".txt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            done = subprocess.run([*command, name], check=False)
        except OSError as exc:
            raise typer.BadParameter(
                f"cannot start the editor {command[0]!r} ({exc.strerror}); set $EDITOR or give --note",
                param_hint="--note",
            ) from None
        if done.returncode != 0:
            raise typer.BadParameter(
                f"the editor ended with exit {done.returncode}; nothing was written",
                param_hint="--note",
            )
        return Path(name).read_text(encoding="utf-8")
    finally:
        os.unlink(name)


def record_editor(record_id: str, tries: int = 5) -> Callable[[str, str], str]:
    """What `jac edit` changes a record with: the user's editor. An invalid edit reopens on
    a terminal with its problems at the top; without a terminal (a script as $EDITOR), or
    after `tries`, the original stays and the command exits 1."""
    state = {"left": tries}

    def change(text: str, problems: str) -> str:
        if problems:
            state["left"] -= 1
            if state["left"] <= 0 or not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise Refused(f"{record_id} was not changed: the edit is invalid: {problems}")
            typer.echo(f"not written: {problems}", err=True)
            body = "".join(line for line in text.splitlines(True) if not line.startswith("# jac: "))
            text = "".join(f"# jac: {line}\n" for line in problems.split("; ")) + body
        edited = _edit(text)
        return "".join(line for line in edited.splitlines(True) if not line.startswith("# jac: "))

    return change

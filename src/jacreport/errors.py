"""The one exception root of jac, its few subclasses, and the exit code each maps to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EXIT_REFUSED = 1
EXIT_USAGE = 2


class JacError(Exception):
    """A problem a user can read: the message, the file and line to blame, and an exit code."""

    exit_code = EXIT_REFUSED

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        details: list[str] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.details = details or []  # one line per problem, printed before the message


class Refused(JacError):
    """A rule refused the request, or the records are invalid; nothing was written (exit 1)."""


class UsageError(JacError):
    """The request itself is wrong: a bad date, an unknown id, meeting or revision (exit 2)."""

    exit_code = EXIT_USAGE


class YamlError(Refused):
    """A file is not acceptable YAML; carries the line at fault, the path once known."""

    def __init__(self, message: str, line: int | None, path: Path | str | None = None):
        super().__init__(message, path, line)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the records, to be shown as `path:line: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        path = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", self.path)
        where = f"{path}:{self.line}" if self.line else path
        message = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", self.message)
        return f"{where}: {message}"


# A control character in a file name is shown escaped: a line break could start a line of
# its own (a CI log reads `::command::` at a line's start).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

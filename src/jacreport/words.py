"""Plain-text helpers shared by the paper and the review: record text made inert in
Markdown. Standard library only."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(text: str | None) -> str:
    """Record text made inert in Markdown: no markup, no HTML, no list, quote or heading
    made by a line's start; line breaks kept."""
    if not text:
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", text.strip())
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    """`- x` -> `\\- x`; `1. x` -> `1\\. x` (CommonMark escapes the list's punctuation)."""
    indent, marker = match.group(1), match.group(2)
    return indent + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def md_cell(text: str | None) -> str:
    """Record text safe inside a Markdown table cell: escaped and on one line."""
    return " ".join(md_escape(text).split())

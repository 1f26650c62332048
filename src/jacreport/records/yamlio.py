"""Strict, safe YAML parsing of files typed by people, with the line to blame on every problem."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

from jacreport.errors import YamlError

try:  # libyaml's C parser when PyYAML was built with it; the pure-Python one otherwise
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# A nesting deeper than this is not a record. libyaml's composer recurses, and a deep
# enough file crashes the interpreter, so such files are refused before composing.
MAX_DEPTH = 64
# Where an anchor (&), alias (*) or tag (!) could start: at a node's position, after
# white space, a flow indicator or a colon. Prose such as "Fire & Rescue" does not match,
# so most files skip the slower event scan; every file that could hold one is scanned.
_SUSPECT = re.compile(r"(?:^|[\s\[{,:])[&*!][^\s]")


class _StrictLoader(_BaseLoader):
    """The safe loader, refusing duplicate keys as it constructs."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [k.value if isinstance(k, yaml.ScalarNode) else id(k) for k, _v in node.value]
        if len(set(keys)) != len(keys):
            seen: set[object] = set()
            for key, (key_node, _value) in zip(keys, node.value, strict=True):
                if key in seen:
                    raise YamlError(f"duplicate key {key!r}", _line(key_node))
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date-shaped value that is no date (`2023-09-31`, `0000-01-01`) is the file's
        problem, at its line, not an error that stops the command."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise YamlError(f"{node.value} is not a date", _line(node)) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def _line(node: yaml.Node | yaml.Event | yaml.MarkedYAMLError) -> int | None:
    mark = getattr(node, "problem_mark", None) or getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def decode(data: bytes) -> str:
    """UTF-8 text of a file, with a byte-order mark dropped and line endings normalised."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlError("the file is not UTF-8 text", line) from None
    return text.replace("\r\n", "\n") if "\r" in text else text


def _scan(text: str) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting, found from the parser's events."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlError("aliases are not allowed in records", _line(event))
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlError(f"anchors are not allowed in records (&{anchor})", _line(event))
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
            raise YamlError(f"tags are not allowed in records ({tag})", _line(event))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", _line(event))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _may_nest_deeply(text: str) -> bool:
    """True when the text may nest deeper than MAX_DEPTH (a cheap over-estimate): block
    nesting needs indentation or inline `- - -`, flow nesting needs brackets."""
    return (
        text.count("[") + text.count("{") > MAX_DEPTH
        or " " * (MAX_DEPTH // 2) in text
        or "- - - -" in text
        or "? ? ?" in text
    )


def parse(text: str) -> Any:
    """The data of one YAML document, or `YamlError` naming the line at fault."""
    try:
        suspect = ("&" in text or "*" in text or "!" in text) and _SUSPECT.search(text)
        if suspect or _may_nest_deeply(text):
            _scan(text)
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        if exc.problem and "nesting depth" in exc.problem:  # libyaml >= 0.2.6 refuses it itself
            raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", _line(exc)) from None
        problem = exc.problem or "not valid YAML"
        context = f" {exc.context}" if exc.context else ""
        raise YamlError(f"invalid YAML: {problem}{context}", _line(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", None) from None


def line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """The line of the value at `loc` (keys and indexes) in the text, or of its nearest parent."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
    line = _line(node) if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if found is None:
                return line
            line, node = _line(found[0]), found[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = _line(node)
        else:
            return line
    return line

"""Round-trip YAML edits with ruamel.yaml: change only the lines a change needs, and write new
records in one canonical, readable layout."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

# Lines are never re-wrapped: a long note stays on its line, so diffs stay small.
WIDTH = 4096


class Document:
    """One record file opened for a round-trip edit."""

    def __init__(self, text: str):
        self.bom = text.startswith("\ufeff")
        body = text.removeprefix("\ufeff")
        self.crlf = "\r\n" in body
        body = body.replace("\r\n", "\n")
        _data, indent, offset = load_yaml_guess_indent(body) if body.strip() else (None, 2, 0)
        self._yaml = _yaml(sequence=indent or 2, offset=offset or 0)
        self.data: CommentedMap = self._yaml.load(body)

    def text(self) -> str:
        """The edited file, with its original byte-order mark and line endings."""
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        body = out.getvalue()
        if self.crlf:
            body = body.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + body

    def set(self, key: str, value: Any, order: Iterable[str]) -> None:
        """Set a top-level field (see `set_field`)."""
        set_field(self.data, key, value, order)

    def remove(self, key: str) -> None:
        """Remove a field if present."""
        if key in self.data:
            del self.data[key]

    def append(self, key: str, item: Mapping[str, Any], order: Iterable[str]) -> None:
        """Append a mapping to the list under `key`, creating the list where the order puts it."""
        if key not in self.data or self.data[key] is None:
            self.set(key, CommentedSeq(), order)
        self.data[key].append(mapping(item))


def set_field(data: CommentedMap, key: str, value: Any, order: Iterable[str]) -> None:
    """Set a field of a mapping; a new field goes where the field order puts it (before the
    first later field present, else at the end), so the diff is that one line."""
    if key in data:
        data[key] = value
        return
    order = list(order)
    later = order[order.index(key) + 1 :] if key in order else []
    keys = list(data.keys())
    position = next((keys.index(k) for k in later if k in keys), len(keys))
    data.insert(position, key, value)


def _yaml(sequence: int = 2, offset: int = 0) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=max(sequence, offset + 2), offset=offset)
    # Records may not hold anchors: a value used twice (a date, say) is written out twice.
    yaml.representer.ignore_aliases = lambda _data: True
    # An empty slot is written `key:`, not `key: null`, as people write it.
    yaml.representer.add_representer(
        type(None), lambda rep, _data: rep.represent_scalar("tag:yaml.org,2002:null", "")
    )
    yaml.representer.add_representer(str, _represent_str)
    return yaml


_STR = "tag:yaml.org,2002:str"
_READER = yaml.resolver.Resolver()
_plain_str = RoundTripRepresenter.represent_str


def _represent_str(representer: RoundTripRepresenter, data: str) -> Any:
    """Text that a YAML 1.1 reader (PyYAML, which jac reads with) would take for something
    else (`Yes`, `off`, `6:30`, `=`) is quoted, so it reads back as the text written."""
    if _READER.resolve(yaml.ScalarNode, data, (True, False)) != _STR:  # type: ignore[no-untyped-call]
        return representer.represent_scalar(_STR, data, style="'")
    return _plain_str(representer, data)


def block(text: str) -> LiteralScalarString:
    """Text written as a `|` block, exactly as given, ending in one line break."""
    literal: LiteralScalarString = LiteralScalarString(text.strip("\n") + "\n")
    return literal


def scalar(value: Any) -> Any:
    """A value as it should be written: text with line breaks as a `|` block."""
    if isinstance(value, str) and "\n" in value.strip():
        return block(value)
    return value


def mapping(fields: Mapping[str, Any]) -> CommentedMap:
    """A new mapping in the given key order, leaving out empty values."""
    out = CommentedMap()
    for key, value in fields.items():
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, Mapping):
            out[key] = mapping(value)
        elif isinstance(value, list):
            seq = CommentedSeq()
            seq.extend(mapping(v) if isinstance(v, Mapping) else scalar(v) for v in value)
            out[key] = seq
        else:
            out[key] = scalar(value)
    return out


def yaml_writer() -> YAML:
    """The writer for new files: sequences indented under their key, no anchors."""
    return _yaml(sequence=4, offset=2)


class _NewRecordDumper(yaml.SafeDumper):
    """PyYAML's safe dumper writing jac's layout: sequences indented under their key, text
    blocks as `|`, empty values as `key:`, no anchors. It writes the same text as the
    round-trip writer, in less than half the time (imports write thousands of files)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _literal(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="|")


def _empty(dumper: yaml.SafeDumper, _value: None) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


_NewRecordDumper.add_representer(LiteralScalarString, _literal)
_NewRecordDumper.add_representer(type(None), _empty)
_NewRecordDumper.add_multi_representer(dict, lambda d, v: d.represent_dict(v.items()))
_NewRecordDumper.add_multi_representer(list, lambda d, v: d.represent_list(v))


def new_document(fields: Mapping[str, Any], header: str | None = None) -> str:
    """The text of a new record: fields in the order given, sequences indented under their key."""
    text = yaml.dump(
        mapping(fields), Dumper=_NewRecordDumper, sort_keys=False, allow_unicode=True, width=WIDTH
    )
    return (f"# {header}\n" if header else "") + text

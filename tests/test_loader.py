"""Strict YAML parsing: safe loading, refusals with lines, and what people's editors produce."""

from __future__ import annotations

import datetime as dt

import pytest

from jacreport.errors import YamlError
from jacreport.records import yamlio as loader


def test_plain_record_parses_with_dates() -> None:
    data = loader.parse("id: REC-001\ndue: 2024-03-31\n")
    assert data == {"id": "REC-001", "due": dt.date(2024, 3, 31)}


def test_bom_and_crlf_are_accepted() -> None:
    text = loader.decode("\ufeffid: REC-001\r\ntitle: A title\r\n".encode())
    assert loader.parse(text) == {"id": "REC-001", "title": "A title"}


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'", 3),
        ("a: &x 1\nb: *x\n", "anchors are not allowed in records (&x)", 1),
        (
            "a: 1\nb: !!python/object/apply:os.system ['true']\n",
            "tags are not allowed in records",
            2,
        ),
        ("a: !!str 5\n", "tags are not allowed in records (tag:yaml.org,2002:str)", 1),
        ("a: [1, 2\nb: 3\n", "invalid YAML", None),
    ],
)
def test_refusals_name_the_line(text: str, message: str, line: int | None) -> None:
    with pytest.raises(YamlError) as caught:
        loader.parse(text)
    assert message in caught.value.message
    if line is not None:
        assert caught.value.line == line


def test_alias_bomb_is_refused_without_expanding() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 10):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 9)}]\n"
    with pytest.raises(YamlError) as caught:
        loader.parse(bomb)
    assert "anchors are not allowed" in caught.value.message
    assert len(caught.value.message) < 200


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(YamlError) as caught:
        loader.parse("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting deeper than" in caught.value.message


def test_non_utf8_names_the_line() -> None:
    with pytest.raises(YamlError) as caught:
        loader.decode(b"a: 1\nb: caf\xe9\n")
    assert caught.value.message == "the file is not UTF-8 text"
    assert caught.value.line == 2


def test_line_of_finds_nested_values() -> None:
    text = "id: REC-001\nupdates:\n  - date: 2024-01-01\n    note: x\n  - date: 2024-02-01\n    status: blue\n"
    assert loader.line_of(text, ("updates", 1, "status")) == 6
    assert loader.line_of(text, ("updates", 1, "missing")) == 5
    assert loader.line_of(text, ("nothing",)) == 1

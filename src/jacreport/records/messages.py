"""A validation error as one plain sentence a person can act on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel


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
    from pydantic import BaseModel

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


def unknown(kind: str, wanted: str, known: Iterable[str]) -> str:
    """`no record 'X'`, with the nearest known ids when there are some."""
    return f"no {kind} {wanted!r}{did_you_mean(wanted, known)}"


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """` (did you mean REC-011, REC-101?)` for the ids nearest `wanted`, or nothing."""
    from jacreport.records.query import near_ids

    near = near_ids(wanted, list(known))
    return f" (did you mean {', '.join(near)}?)" if near else ""

"""The JSON Schemas of jac's record files, for editors (`jac schema`, `jac init`)."""

from __future__ import annotations

from jacreport.errors import UsageError

SCHEMA_KINDS = ("recommendation", "inspection", "meeting", "settings")


def schema(kind: str) -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of one kind of record file, for editors to check and
    complete records as they are typed."""
    from pydantic import BaseModel

    from jacreport.records.models import Inspection, Meeting, Recommendation, Settings

    models: dict[str, type[BaseModel]] = {
        "recommendation": Recommendation,
        "inspection": Inspection,
        "meeting": Meeting,
        "settings": Settings,
    }
    model = models.get(kind)
    if model is None:
        raise UsageError(f"{kind!r} is not a kind of record ({', '.join(SCHEMA_KINDS)})")
    found = model.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **found}

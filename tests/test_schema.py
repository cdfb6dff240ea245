"""`kanslist schema` describes every field users write, in Swedish (it feeds editors and docs/falt.md)."""

import re

import pytest

from kanslist.kinds import json_schema
from kanslist.organisation import Person
from kanslist.organisation import json_schema as organisation_schema

# Words that give away an English description (the developers' docstrings must never leak).
ENGLISH = re.compile(r"\b(the|and|of|which|when|this|every|return|is)\b", re.IGNORECASE)


def described(schema: dict) -> list[tuple[str, str | None]]:
    """Return (place, description) for every model and property in ``schema``."""
    found = []
    for name, model in {"(rot)": schema, **schema.get("$defs", {})}.items():
        if name != "(rot)" and "properties" in model:
            found.append((name, model.get("description")))
        for field, info in model.get("properties", {}).items():
            # A field typed by a model carries that model's description (pydantic leaves out an equal one).
            target = info.get("$ref", "").rsplit("/", 1)[-1]
            found.append((f"{name}.{field}", info.get("description") or schema.get("$defs", {}).get(target, {}).get(
                "description")))
    return found


@pytest.mark.parametrize("schema", [json_schema(), organisation_schema(), Person.model_json_schema()],
                         ids=["arende", "organisation", "person"])
def it_describes_every_field_in_swedish(schema):
    places = described(schema)
    assert places
    assert [place for place, text in places if not text] == []
    assert [(place, text) for place, text in places if ENGLISH.search(text)] == []

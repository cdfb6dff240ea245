"""The document kinds, one module each, registered in one table keyed by the YAML ``typ``."""

from __future__ import annotations

from types import ModuleType
from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from kanslist.kinds import aterrapport, motionssvar, revisionssvar, styrdokument, tjansteskrivelse

KINDS: dict[str, ModuleType] = {
    m.TYP: m for m in (tjansteskrivelse, revisionssvar, motionssvar, aterrapport, styrdokument)
}

Arende = Annotated[Union[tuple(m.MODEL for m in KINDS.values())], Field(discriminator="typ")]
ARENDE = TypeAdapter(Arende)


def kind_of(arende) -> ModuleType:
    """Return the module of the case's kind."""
    return KINDS[arende.typ]


def json_schema() -> dict:
    """Return the JSON Schema of every case file, for editors' completion and checking."""
    schema = ARENDE.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kanslist ärende"
    return schema

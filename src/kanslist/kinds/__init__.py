"""The document kinds: one module each, registered here in one line per kind, keyed by ``typ``."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from kanslist.kinds import aterrapport, motionssvar, revisionssvar, styrdokument, tjansteskrivelse, yttrande
from kanslist.kinds.base import Document, Importer, Kind

# One line per kind. The importer tries them in this order (the first whose recogniser
# accepts a paper is its kind); the kind without a recogniser is its fallback.
KINDS: dict[str, Kind] = {kind.typ: kind for kind in (
    tjansteskrivelse.KIND,
    revisionssvar.KIND,
    motionssvar.KIND,
    aterrapport.KIND,
    styrdokument.KIND,
    yttrande.KIND,
)}

Arende = Annotated[Union[tuple(k.model for k in KINDS.values())], Field(discriminator="typ")]
ARENDE = TypeAdapter(Arende)

__all__ = ["ARENDE", "Document", "Importer", "KINDS", "Kind", "json_schema", "kind_named", "kind_of", "typ_list"]


def kind_of(arende) -> Kind:
    """Return the kind of a validated case."""
    return KINDS[arende.typ]


def kind_named(typ: str) -> Kind | None:
    """Return the kind whose ``typ`` is ``typ``; None when there is none."""
    return KINDS.get(typ) if isinstance(typ, str) else None


def typ_list(conjunction: str = "eller") -> str:
    """Return every ``typ`` in words: "revisionssvar, motionssvar ... eller tjansteskrivelse"."""
    names = list(KINDS)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def json_schema() -> dict:
    """Return the JSON Schema of every case file, for editors' completion and checking."""
    schema = ARENDE.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kanslist ärende"
    return schema

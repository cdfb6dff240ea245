"""A report back on an assignment (återrapport av uppdrag)."""

from __future__ import annotations

from typing import Literal

from kanslist.model import ArendeBase, Datum, Markdown, Strict

TYP = "aterrapport"
DOCUMENTS = {"tjansteskrivelse": "aterrapport"}


class Uppdrag(Strict):
    """The assignment given by the body, being reported on."""

    beslutat: Datum
    beskrivning: Markdown
    aterrapport_senast: Datum | None = None


class Aterrapport(ArendeBase):
    """An office's report back to the body that gave it an assignment."""

    typ: Literal["aterrapport"]
    uppdrag: Uppdrag


MODEL = Aterrapport


def extend_context(arende: Aterrapport, context: dict, resolver) -> None:
    """Add the assignment with its dates."""
    u = arende.uppdrag
    context["uppdrag"] = {
        "beslutat": resolver.date(u.beslutat),
        "beskrivning": u.beskrivning,
        "aterrapport_senast": resolver.date(u.aterrapport_senast),
    }

"""A response to a motion (motionssvar)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from kanslist.svenska import OUTCOMES
from kanslist.model import ArendeBase, Datum, Strict, Text, _as_list

TYP = "motionssvar"
DOCUMENTS = {"tjansteskrivelse": "motionssvar"}

class Motion(Strict):
    """The motion being answered."""

    titel: Text
    forslagsstallare: Annotated[list[Text], BeforeValidator(_as_list), Field(min_length=1)]
    inkom: Datum | None = None
    yrkanden: list[Text] = Field(min_length=1)
    bedomning: Literal["bifall", "delvis_bifall", "avslag", "besvarad"]


class Motionssvar(ArendeBase):
    """The office's answer to a councillor's motion."""

    typ: Literal["motionssvar"]
    motion: Motion


MODEL = Motionssvar


def extend_context(arende: Motionssvar, context: dict, resolver) -> None:
    """Add the motion, its yrkanden and the assessment in words."""
    m = arende.motion
    names = list(m.forslagsstallare)
    context["motion"] = {
        "titel": m.titel,
        "forslagsstallare": names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1],
        "inkom": resolver.date(m.inkom),
        "yrkanden": list(m.yrkanden),
        "bedomning": m.bedomning,
        "bedomning_text": f"Motionen {OUTCOMES[m.bedomning].clause}.",
    }

"""A governing document (policy, riktlinje, rutin, handlingsplan) and its tjänsteskrivelse."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kanslist.model import ArendeBase, Datum, Markdown, Text

TYP = "styrdokument"
DOCUMENTS = {"tjansteskrivelse": "tjansteskrivelse", "styrdokument": "styrdokument"}

DOKUMENTTYP_TEXT = {"policy": "Policy", "riktlinje": "Riktlinje", "rutin": "Rutin", "handlingsplan": "Handlingsplan"}


class Styrdokument(ArendeBase):
    """A governing document; its body is ``arendet`` with Markdown headings for its sections."""

    typ: Literal["styrdokument"]
    dokumenttyp: Literal["policy", "riktlinje", "rutin", "handlingsplan"]
    beslutad_av: Text
    beslutsdatum: Datum | None = None
    giltig_till: Datum | None = None
    dokumentansvarig: Text
    version: Text | None = None
    inledning: Markdown | None = None
    definitioner: dict[Text, Markdown] = Field(default_factory=dict)
    hanvisningar_text: list[Text] = Field(default_factory=list)


MODEL = Styrdokument


def extend_context(arende: Styrdokument, context: dict, resolver) -> None:
    """Add the metadata table, the definitions and the document type in words."""
    context["styrdokument"] = {
        "dokumenttyp": DOKUMENTTYP_TEXT[arende.dokumenttyp],
        "beslutad_av": resolver.enhet_namn(arende.beslutad_av),
        "beslutsdatum": resolver.date(arende.beslutsdatum) or "Ej beslutad",
        "giltig_till": resolver.date(arende.giltig_till) or "Tills vidare",
        "dokumentansvarig": resolver.enhet_namn(arende.dokumentansvarig),
        "version": arende.version or "",
        "inledning": arende.inledning or "",
        "definitioner": [{"term": k, "definition": v} for k, v in arende.definitioner.items()],
        "hanvisningar": list(arende.hanvisningar_text),
    }

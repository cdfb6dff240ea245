"""A governing document (policy, riktlinje, rutin, handlingsplan) and its tjänsteskrivelse."""

from __future__ import annotations

import re
from typing import Iterator, Literal

from pydantic import Field

from kanslist.errors import Problem
from kanslist.granska.regel import Granskning as Review
from kanslist.importera.placement import Placement
from kanslist.kinds.base import Document, Importer, Kind
from kanslist.model import ArendeBase, Datum, EnhetRef, Kod, Markdown, Text

_DOKUMENTTYP = {"rutinen": "rutin", "riktlinjen": "riktlinje", "policyn": "policy", "handlingsplanen": "handlingsplan"}
_DEN_HAR = re.compile(r"\bden här (rutinen|riktlinjen|policyn|handlingsplanen)\b")

DOKUMENTTYP_TEXT = {"policy": "Policy", "riktlinje": "Riktlinje", "rutin": "Rutin", "handlingsplan": "Handlingsplan"}


class Styrdokument(ArendeBase):
    """A governing document; its body is ``arendet`` with Markdown headings for its sections."""

    typ: Literal["styrdokument"]
    dokumenttyp: Literal["policy", "riktlinje", "rutin", "handlingsplan"]
    beslutad_av: EnhetRef
    beslutsdatum: Datum | None = None
    giltig_till: Datum | None = None
    dokumentansvarig: EnhetRef
    version: Kod | None = None
    inledning: Markdown | None = None
    definitioner: dict[Text, Markdown] = Field(default_factory=dict)
    hanvisningar_text: list[Text] = Field(default_factory=list)




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


def dates(g: Review) -> Iterator[Problem]:
    """A document valid only until before it was decided."""
    beslutsdatum, giltig_till = g.arende.beslutsdatum, g.arende.giltig_till
    if beslutsdatum and giltig_till and giltig_till < beslutsdatum:
        yield g.problem(("giltig_till",), f"dokumentet gäller till {giltig_till.isoformat()}, före "
                                          f"beslutsdatum {beslutsdatum.isoformat()}",
                        "kontrollera giltig_till och beslutsdatum")


def _recognise(text: str, headings: list[str]) -> bool:
    return "definitioner" in headings or bool(_DEN_HAR.search(text))


def _take(pc: Placement) -> None:
    """The introduction is the document's own (``inledning``), not part of the body."""
    pc.fields["inledning_blocks"], pc.inledning_blocks = pc.inledning_blocks, []


def _fill(pc: Placement) -> None:
    inledning = pc.fields.pop("inledning_blocks", [])
    found = _DEN_HAR.search(pc.arendet + " " + pc.markdown(inledning))
    if found:
        pc.data["dokumenttyp"] = _DOKUMENTTYP[found.group(1)]
    else:
        pc.missing("dokumenttyp", "policy, riktlinje, rutin eller handlingsplan")
    pc.missing("beslutad_av", "vilket organ som beslutar dokumentet stod inte i texten")
    pc.missing("dokumentansvarig", "vem som ansvarar för dokumentet stod inte i texten")
    if inledning:
        pc.data["inledning"] = pc.markdown(inledning)
    if pc.fields.get("definitioner"):
        pc.data["definitioner"] = pc.fields.pop("definitioner")
    items = pc.fields.pop("hanvisningar_items", None)
    if items:
        pc.data["hanvisningar_text"] = items
    pc.references_as_text = True  # a governing document's references are text, not case numbers


KIND = Kind(
    typ="styrdokument",
    title="styrdokument",
    model=Styrdokument,
    documents=(
        Document("tjansteskrivelse", "tjansteskrivelse", "Tjänsteskrivelse"),
        Document("styrdokument", "styrdokument", "Styrdokument"),
    ),
    skeleton="""\
dokumenttyp: riktlinje              # policy | riktlinje | rutin | handlingsplan
beslutad_av: {till}
beslutsdatum:
giltig_till:
dokumentansvarig: {fran}
definitioner: {{}}
""",
    required_sections=(("forslag_till_beslut",), ("arendet",)),
    extend_context=extend_context,
    rules=(dates,),
    importer=Importer(recognise=_recognise, take=_take, fill=_fill),
)

"""A response to a consultation (remissyttrande): the tjänsteskrivelse and the letter to the sender."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Literal

from pydantic import Field

from kanslist.errors import Problem
from kanslist.granska.regel import VARNING
from kanslist.granska.regel import Granskning as Review
from kanslist.kinds.base import Document, Importer, Kind
from kanslist.model import ArendeBase, Datum, Kod, Markdown, Namn, PersonRef, Strict, Text

if TYPE_CHECKING:  # importera is imported where a paper is imported: other commands start without it
    from kanslist.importera.placement import Placement


class Remiss(Strict):
    """The consultation being answered."""

    __beskrivning__ = "Remissen som besvaras."

    titel: Text
    """Remissens titel, t.ex. 'Remiss av betänkandet En ny plan- och bygglag (SOU 2025:12)'."""
    avsandare: Namn
    """Myndigheten eller departementet som skickat remissen, t.ex. Finansdepartementet."""
    adress: Text | None = None
    """Avsändarens adress under namnet i yttrandet, t.ex. '103 33 STOCKHOLM'; en rad per rad i texten."""
    diarienummer: Kod | None = None
    """Avsändarens diarienummer ('Er beteckning'); fri text som inte kontrolleras."""
    svar_senast: Datum | None = None
    """När avsändaren vill ha yttrandet; granska jämför med yttrandets datum."""


class Yttrande(ArendeBase):
    """A body's answer to a consultation, with the letter sent back to its sender."""

    __beskrivning__ = "Ett remissyttrande: tjänsteskrivelsen till nämnden och yttrandet till avsändaren."

    typ: Literal["yttrande"]
    """Dokumentslaget."""
    remiss: Remiss = Field(description="Remissen som besvaras.")
    yttrande: Markdown = Field(min_length=1, description="Själva yttrandet till avsändaren (Markdown).")
    undertecknare: list[PersonRef] = Field(default_factory=list)
    """Vem som undertecknar yttrandet, t.ex. ordförande och kommundirektör."""


def extend_context(arende: Yttrande, context: dict, resolver) -> None:
    """Add the consultation, the answer and the signatures."""
    remiss = arende.remiss
    stil = resolver.organisation.stil
    number = remiss.diarienummer or ""
    context["remiss"] = {"titel": remiss.titel, "avsandare": remiss.avsandare, "diarienummer": number,
                         "svar_senast": resolver.date(remiss.svar_senast),
                         # The letterhead as the organisation writes it (stil.mottagare_rad, er_beteckning_rad).
                         "mottagare_rad": stil.mottagare_rad.replace("{mottagare}", remiss.avsandare),
                         "adress": [line.strip() for line in (remiss.adress or "").splitlines() if line.strip()],
                         "er_beteckning": stil.er_beteckning_rad.replace("{beteckning}", number) if number else "",
                         "beteckning_efter_rubrik": stil.er_beteckning_efter_rubrik}
    context["yttrande"] = arende.yttrande
    context["undertecknare"] = [resolver.person(p) for p in arende.undertecknare]


# ---- granska ---------------------------------------------------------------------------------

def svarstid(g: Review) -> Iterator[Problem]:
    """An answer dated after the sender's deadline is late (the answer's own date decides, not today)."""
    senast = g.arende.remiss.svar_senast
    if senast and g.arende.datum > senast:
        yield g.problem(("remiss", "svar_senast"),
                        f"yttrandet är daterat {g.arende.datum.isoformat()}, efter remisstiden {senast.isoformat()}",
                        "be avsändaren om anstånd och skriv det i sammanfattningen, eller rätta datumet", VARNING)


def undertecknat(g: Review) -> Iterator[Problem]:
    """A letter to another authority is signed."""
    if not g.arende.undertecknare:
        yield g.problem_at(g.loaded.line_of(("undertecknare",)) if "undertecknare" in g.loaded.data else None,
                           ("undertecknare",), "yttrandet har ingen undertecknare",
                           "ange vem som skriver under, t.ex. undertecknare: [{namn: ..., titel: Ordförande}]",
                           VARNING)


# ---- importera -------------------------------------------------------------------------------

_YTTRANDE = re.compile(r"^\s*(?:remiss)?yttrande\b|\byttrande över\b|\bremissvar\b", re.IGNORECASE | re.MULTILINE)


def _recognise(text: str, headings: list[str]) -> bool:
    return bool(_YTTRANDE.search(text[:2000])) and "remiss" in text.lower()


def _fill(pc: Placement) -> None:
    """The consultation's title from the paper's own; the sender and the answer are left to the writer."""
    pc.data["remiss"] = {"titel": pc.rubrik} if pc.rubrik else {}
    pc.missing("remiss.avsandare", "vilken myndighet som skickat remissen stod inte i texten")
    pc.missing("yttrande", "själva yttrandet till avsändaren: flytta dit den del av texten som är svaret")


KIND = Kind(
    typ="yttrande",
    title="remissyttrande",
    model=Yttrande,
    documents=(
        Document("tjansteskrivelse", "tjansteskrivelse", "Tjänsteskrivelse"),
        Document("yttrande", "yttrande", "Yttrande"),
    ),
    skeleton="""\
remiss:
  titel: {rubrik}
  avsandare: Myndighetens eller departementets namn
  diarienummer:                     # avsändarens beteckning
  svar_senast:
yttrande: |                         # Markdown: det som skickas till avsändaren
  Skriv yttrandet här.
undertecknare: []
""",
    extend_context=extend_context,
    rules=(svarstid, undertecknat),
    importer=Importer(recognise=_recognise, fill=_fill),
)

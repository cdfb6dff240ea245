"""A response to a motion (motionssvar)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Iterator, Literal

from pydantic import BeforeValidator, Field

from kanslist.errors import Problem
from kanslist.granska.regel import VARNING
from kanslist.granska.regel import Granskning as Review
from kanslist.kinds.base import Document, Importer, Kind
from kanslist.svenska import OUTCOMES, join_and, stated
from kanslist.model import ArendeBase, Datum, Namn, Strict, Text, _as_list

if TYPE_CHECKING:  # importera is imported where a paper is imported: other commands start without it
    from kanslist.importera.placement import Placement

TYP = "motionssvar"
DOCUMENTS = {"tjansteskrivelse": "motionssvar"}

class Motion(Strict):
    """The motion being answered."""

    __beskrivning__ = "Motionen som besvaras."

    titel: Text
    """Motionens rubrik, som motionären skrev den."""
    forslagsstallare: Annotated[list[Namn], BeforeValidator(_as_list), Field(min_length=1)]
    """Partiet eller ledamöterna som lämnat motionen; en eller flera."""
    inkom: Datum | None = None
    """Dagen motionen kom in (räknas för ettårsgränsen i 5 kap. 35 § kommunallagen)."""
    yrkanden: list[Text] = Field(min_length=1)
    """Motionens egna att-satser, som motionären skrev dem."""
    bedomning: Literal["bifall", "delvis_bifall", "avslag", "besvarad"]
    """Förvaltningens förslag: bifall, delvis_bifall, avslag eller besvarad (”Motionen anses besvarad.”)."""


class Motionssvar(ArendeBase):
    """The office's answer to a councillor's motion."""

    __beskrivning__ = "Ett svar på en motion: tjänsteskrivelsen med förvaltningens bedömning."

    typ: Literal["motionssvar"]
    """Dokumentslaget."""
    motion: Motion = Field(description="Motionen som besvaras.")




def extend_context(arende: Motionssvar, context: dict, resolver) -> None:
    """Add the motion, its yrkanden and the assessment in words."""
    m = arende.motion
    names = list(m.forslagsstallare)
    context["motion"] = {
        "titel": m.titel,
        "forslagsstallare": join_and(names),
        "inkom": resolver.date(m.inkom),
        "yrkanden": list(m.yrkanden),
        "bedomning": m.bedomning,
        "bedomning_text": f"Motionen {OUTCOMES[m.bedomning].clause}.",
    }


# ---- granska ---------------------------------------------------------------------------------

# 5 kap. 35 § kommunallagen: a motion should be decided within one year of being raised.
MOTION_ARSGRANS_DAGAR = 365


def motion_decision(g: Review) -> Iterator[Problem]:
    """A motion's ``bedomning`` agrees with the decision points (bifall, but "avslå" in an att-sats)."""
    motion = g.arende.motion
    forslag = g.arende.forslag_till_beslut
    if forslag is None:
        return
    for j, punkt in enumerate(forslag.att):
        said = stated(punkt, OUTCOMES)
        if not said or motion.bedomning in said:
            continue
        yield g.problem(("forslag_till_beslut", "att", j),
                        f"beslutspunkten säger {OUTCOMES[said[0]].words} men motionens bedömning är "
                        f"{motion.bedomning}",
                        "ändra motion.bedomning eller beslutspunkten så att de säger samma sak")


def dates(g: Review) -> Iterator[Problem]:
    """A motion received after its answer was written."""
    motion, a = g.arende.motion, g.arende
    if motion.inkom and motion.inkom > a.datum:
        yield g.problem(("motion", "inkom"), f"motionen inkom {motion.inkom.isoformat()}, efter "
                                             f"tjänsteskrivelsens datum {a.datum.isoformat()}",
                        "kontrollera motion.inkom och datum")


def motion_age(g: Review) -> Iterator[Problem]:
    """A motion older than a year when the answer is written (5 kap. 35 § kommunallagen)."""
    motion = g.arende.motion
    if motion.inkom is None:
        return
    if (g.arende.datum - motion.inkom).days <= MOTION_ARSGRANS_DAGAR:
        return
    yield g.problem(("motion", "inkom"),
                    f"motionen inkom {motion.inkom.isoformat()}, mer än ett år före {g.arende.datum.isoformat()}",
                    "enligt 5 kap. 35 § kommunallagen bör fullmäktige besluta inom ett år; anmäl annars till "
                    "fullmäktige varför beredningen inte är klar", VARNING)


# ---- importera -------------------------------------------------------------------------------

# A motion or the answer to one, as other organisations title it: "Motion: Ang. ...",
# "Motion (MP) - ...", "Svar på motion från ...", "Motion av ... om ...".
_TITLED = re.compile(r"^\W*(?:Svar på motion|Motion)\b", re.MULTILINE | re.IGNORECASE)


def _recognise(text: str, headings: list[str]) -> bool:
    if _TITLED.search(text[:600]):
        return True
    return bool(re.search(r"\bEn motion har inkommit\b|\bmotionen\b", text)
                and re.search(r"\byrkar\b|^Att:", text, re.MULTILINE))


def _take(pc: Placement) -> None:
    """Take the motion's introduction ("En motion har inkommit från ...") and its att-satser out of the body."""
    from kanslist.importera.segment import _MOTION_INTRO, _YRKANDE, plain

    motion: dict[str, Any] = {}
    kept = []
    for block in pc.sammanfattning_blocks + pc.arendet_blocks:
        text = plain(block.text)
        intro = _MOTION_INTRO.match(text)
        yrkande = _YRKANDE.match(text)
        if intro and "forslagsstallare" not in motion:
            motion["forslagsstallare"] = intro.group("vem")
        elif yrkande and block.text.startswith("Att"):
            motion.setdefault("yrkanden", []).append(yrkande.group("text"))
        else:
            kept.append(block)
    pc.sammanfattning_blocks = [b for b in pc.sammanfattning_blocks if b in kept]
    pc.arendet_blocks = [b for b in pc.arendet_blocks if b in kept]
    if "yrkanden" in pc.fields:
        motion["yrkanden"] = pc.fields.pop("yrkanden")
    pc.fields["motion"] = motion


def _fill(pc: Placement) -> None:
    motion = pc.fields.pop("motion", {})
    motion = {"titel": pc.rubrik, **motion} if pc.rubrik else motion
    # The outcome is read from the decision, as att-satser or as whole sentences ("Motionen avslås.")
    forslag = pc.forslag or {}
    outcomes = stated(" ".join(forslag.get("att", []) + forslag.get("beslut", [])), OUTCOMES)
    if re.search(r"\banses(?: därmed)? besvarad|\bsom besvarad", pc.sammanfattning + " " + pc.arendet):
        outcomes = ["besvarad"] + outcomes
    if outcomes:
        motion["bedomning"] = "besvarad" if "besvarad" in outcomes else outcomes[0]
    if not motion:
        pc.missing("motion", "motionen (titel, förslagsställare, att-satser) hittades inte")
        return
    pc.data["motion"] = motion
    for key, why in (("forslagsstallare", "vem som lämnat motionen"), ("yrkanden", "motionens att-satser"),
                     ("bedomning", "bedömningen (bifall, delvis_bifall, avslag eller besvarad)")):
        if key not in motion:
            pc.missing(f"motion.{key}", f"{why} hittades inte")


KIND = Kind(
    typ="motionssvar",
    title="svar på motion",
    model=Motionssvar,
    documents=(Document("tjansteskrivelse", "motionssvar", "Tjänsteskrivelse"),),
    skeleton="""\
motion:
  titel: {rubrik}
  forslagsstallare: Partiet eller ledamotens namn
  inkom: {datum}
  yrkanden:
    - Motionens första att-sats
  bedomning: besvarad               # bifall | delvis_bifall | avslag | besvarad
""",
    extend_context=extend_context,
    rules=(motion_decision, dates, motion_age),
    importer=Importer(recognise=_recognise, take=_take, fill=_fill),
)

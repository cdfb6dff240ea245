"""A report back on an assignment (återrapport av uppdrag)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator, Literal

from kanslist.errors import Problem
from kanslist.granska.regel import Granskning as Review
from kanslist.kinds.base import Document, Importer, Kind
from pydantic import Field

from kanslist.model import ArendeBase, Datum, Markdown, Strict
from kanslist.svenska import parse_date, upper_first

if TYPE_CHECKING:  # importera is imported where a paper is imported: other commands start without it
    from kanslist.importera.placement import Placement

_UPPDRAG = re.compile(r"Uppdraget (?:som )?(?:förvaltningen|kontoret|nämnden)? ?fick (?P<nar>(?:den )?[\wåäö ]+?\d{4}) "
                      r"var att (?P<vad>.+?\.)")


class Uppdrag(Strict):
    """The assignment given by the body, being reported on."""

    __beskrivning__ = "Uppdraget som nämnden gav och som nu återrapporteras."

    beslutat: Datum
    """Dagen nämnden gav uppdraget."""
    beskrivning: Markdown
    """Vad uppdraget gick ut på (Markdown)."""
    aterrapport_senast: Datum | None = None
    """När uppdraget senast skulle återrapporteras."""


class Aterrapport(ArendeBase):
    """An office's report back to the body that gave it an assignment."""

    __beskrivning__ = "En återrapport till nämnden som gav förvaltningen ett uppdrag."

    typ: Literal["aterrapport"]
    """Dokumentslaget."""
    uppdrag: Uppdrag = Field(description="Uppdraget som återrapporteras.")




def extend_context(arende: Aterrapport, context: dict, resolver) -> None:
    """Add the assignment with its dates."""
    u = arende.uppdrag
    context["uppdrag"] = {
        "beslutat": resolver.date(u.beslutat),
        "beskrivning": u.beskrivning,
        "aterrapport_senast": resolver.date(u.aterrapport_senast),
    }


def dates(g: Review) -> Iterator[Problem]:
    """An assignment decided after its report, or due before it was given."""
    a, uppdrag = g.arende, g.arende.uppdrag
    if uppdrag.beslutat > a.datum:
        yield g.problem(("uppdrag", "beslutat"), f"uppdraget beslutades {uppdrag.beslutat.isoformat()}, "
                                                 f"efter återrapportens datum {a.datum.isoformat()}",
                        "kontrollera uppdrag.beslutat och datum")
    if uppdrag.aterrapport_senast and uppdrag.aterrapport_senast < uppdrag.beslutat:
        yield g.problem(("uppdrag", "aterrapport_senast"),
                        f"återrapporten skulle lämnas {uppdrag.aterrapport_senast.isoformat()}, före "
                        f"beslutet om uppdraget ({uppdrag.beslutat.isoformat()})",
                        "kontrollera datumen i uppdrag")


def _recognise(text: str, headings: list[str]) -> bool:
    return bool(re.search(r"\båterrapport", text, re.IGNORECASE) and re.search(r"\buppdrag", text, re.IGNORECASE))


def _fill(pc: Placement) -> None:
    """The assignment, from the sentence "Uppdraget som förvaltningen fick den ... var att ..."."""
    uppdrag: dict[str, Any] = {}
    match = _UPPDRAG.search(pc.sammanfattning + " " + pc.arendet)
    if match:
        uppdrag["beskrivning"] = upper_first(match.group("vad"))
        beslutat = parse_date(re.sub(r"^den\s+", "", match.group("nar")))
        if beslutat:
            uppdrag["beslutat"] = beslutat
        else:
            pc.missing("uppdrag.beslutat", f"texten säger bara '{match.group('nar')}' – ange dagen")
    else:
        pc.missing("uppdrag", "uppdraget (beslutat, beskrivning) hittades inte")
    if uppdrag:  # an empty mapping would be written as a null, which is no assignment at all
        pc.data["uppdrag"] = uppdrag


KIND = Kind(
    typ="aterrapport",
    title="återrapport av uppdrag",
    model=Aterrapport,
    documents=(Document("tjansteskrivelse", "aterrapport", "Tjänsteskrivelse"),),
    skeleton="""\
uppdrag:
  beslutat: {datum}
  beskrivning: Uppdraget som nämnden gav förvaltningen.
  aterrapport_senast:
""",
    required_sections=(("forslag_till_beslut",), ("arendet",)),
    extend_context=extend_context,
    rules=(dates,),
    importer=Importer(recognise=_recognise, fill=_fill),
)

"""A response to an audit report (svar på revisionsrapport / granskning)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kanslist.kinds.atgardsplan import SheetProperties, plan, plan_xlsx
from kanslist.svenska import STANCES, STATUSES, stance_sentence
from kanslist.model import ArendeBase, Datum, Markdown, PersonRef, Stallningstagande, Status, Strict, Text

TYP = "revisionssvar"
DOCUMENTS = {"tjansteskrivelse": "revisionssvar", "svar-till-revisorerna": "svar-till-revisorerna",
             "atgardsplan": "atgardsplan"}

class Granskning(Strict):
    """The audit being answered."""

    titel: Text
    revisionsbyra: Text | None = None
    uppdragsgivare: Text | None = None
    revisionsfraga: Markdown | None = None
    rapportdatum: Datum | None = None
    svar_senast: Datum | None = None


class Atgard(Strict):
    """One action the body commits to."""

    atgard: Text
    ansvarig: Text | None = None
    klart: Datum | None = None
    status: Status = "planerad"


class Rekommendation(Strict):
    """One of the auditors' recommendations and the body's answer to it."""

    nr: int = Field(ge=1)
    rubrik: Text
    rekommendation: Markdown | None = None
    riktad_till: Text | None = None
    stallningstagande: Stallningstagande | None = None
    svar: Markdown | None = None
    atgarder: list[Atgard] = Field(default_factory=list)


class Grupp(Strict):
    """The introduction of the answers aimed at one body (seed 003 groups them)."""

    riktad_till: Text
    inledning: Text


class Revisionssvar(ArendeBase):
    """A response to the auditors, recommendation by recommendation."""

    typ: Literal["revisionssvar"]
    granskning: Granskning
    rekommendationer: list[Rekommendation] = Field(min_length=1)
    undertecknare: list[PersonRef] = Field(default_factory=list)
    grupper: list[Grupp] = Field(default_factory=list)


MODEL = Revisionssvar


def extend_context(arende: Revisionssvar, context: dict, resolver) -> None:
    """Add the audit, the recommendations with generated stance sentences, and the signatures."""
    office = context["fran"]["namn"]
    g = arende.granskning
    context["granskning"] = {
        "titel": g.titel,
        "revisionsbyra": g.revisionsbyra or "",
        "uppdragsgivare": g.uppdragsgivare or "",
        "revisionsfraga": g.revisionsfraga or "",
        "rapportdatum": resolver.date(g.rapportdatum),
        "svar_senast": resolver.date(g.svar_senast),
    }
    recs = []
    for rec in arende.rekommendationer:
        recs.append({
            "nr": rec.nr,
            "rubrik": rec.rubrik,
            "rekommendation": rec.rekommendation or "",
            "riktad_till": resolver.enhet_namn(rec.riktad_till) if rec.riktad_till else "",
            "stallningstagande": rec.stallningstagande or "",
            "stallningstagande_text": STANCES[rec.stallningstagande].label if rec.stallningstagande else "",
            "stallningsmening": stance_sentence(office, rec.stallningstagande) or "",
            "svar": rec.svar or "",
            "atgarder": [{
                "atgard": a.atgard,
                "ansvarig": resolver.enhet_namn(a.ansvarig) if a.ansvarig else "",
                "klart": resolver.date(a.klart),
                "klart_iso": a.klart.isoformat() if a.klart else "",
                "status": STATUSES[a.status].label,
            } for a in rec.atgarder],
        })
    context["rekommendationer"] = recs
    intros = {resolver.enhet_namn(g.riktad_till): g.inledning for g in arende.grupper}
    groups: list[dict] = []
    for rec in recs:
        if not groups or groups[-1]["riktad_till"] != rec["riktad_till"]:
            target = rec["riktad_till"]
            intro = intros.get(target) or (
                f"I nedanstående text presenteras svar på de rekommendationer som riktas till {target}." if target else "")
            groups.append({"riktad_till": target, "inledning": intro, "rekommendationer": []})
        groups[-1]["rekommendationer"].append(rec)
    context["grupper"] = groups
    context["undertecknare"] = [resolver.person(p) for p in arende.undertecknare]
    context["atgardsplan"] = plan(recs)


def extra_outputs(arende: Revisionssvar, context: dict) -> dict[str, bytes]:
    """Return the outputs that are not Word templates: the action plan as a spreadsheet."""
    properties = SheetProperties(title=f"Åtgärdsplan: {arende.rubrik}", author=context["fran"]["namn"],
                                 dnr=arende.dnr or "", datum=arende.datum)
    return {"atgardsplan.xlsx": plan_xlsx(context["atgardsplan"]["rader"], properties)}

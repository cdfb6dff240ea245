"""Build the rendering context of a case: resolve ids, phrase decisions, format dates."""

from __future__ import annotations

import datetime as dt

from kanslist.kinds import kind_of
from kanslist.model import ArendeBase, ForslagTillBeslut, PersonText
from kanslist.svenska import format_date, genitive, join_and, lower_first, sentence_end, upper_first

class Resolver:
    """Resolve ids against the organisation's data and format values in its house style."""

    def __init__(self, workspace):
        self.organisation = workspace.organisation
        self.personer = workspace.personer

    def enhet_namn(self, value: str) -> str:
        """Return the name of body or office ``value`` (an id), or ``value`` itself if it is text."""
        enhet = self.organisation.enheter.get(value)
        return enhet.namn if enhet else value

    def enhet(self, value: str) -> dict:
        """Return a body or office as the templates see it: namn, genitiv, liten (mid-sentence)."""
        namn = self.enhet_namn(value)
        enhet = self.organisation.enheter.get(value)
        gen = enhet.bestamd_form if enhet and enhet.bestamd_form else genitive(namn)
        return {"id": value if enhet else "", "namn": namn, "genitiv": gen, "liten": lower_first(namn),
                "genitiv_liten": lower_first(gen), "versaler": namn.upper()}

    def person(self, ref) -> dict:
        """Return a person (namn, titel, epost, telefon) from an id or a written-out person."""
        if isinstance(ref, PersonText):
            return {"namn": ref.namn, "titel": ref.titel or "", "epost": "", "telefon": ""}
        person = self.personer.get(ref)
        if person is None:
            return {"namn": ref, "titel": "", "epost": "", "telefon": ""}
        return {"namn": person.namn, "titel": person.titel, "epost": person.epost or "",
                "telefon": person.telefon or ""}

    def date(self, value: dt.date | None) -> str:
        """Return ``value`` in the organisation's date style; "" for no date."""
        if value is None:
            return ""
        return format_date(value, self.organisation.datumformat)


def phrase_decision(forslag: ForslagTillBeslut, till: str, beslutsform: str) -> dict:
    """Return the proposed decision phrased per the organisation's ``beslutsform``.

    att: "Kommunstyrelsen föreslås besluta" + "att ...," lines; numrerad: "1. ..." lines;
    mening: one sentence. ``mening`` (the one-sentence form) is given in every case.
    """
    decider = forslag.beslutsinstans or till
    points = [p.rstrip(" .,;") for p in forslag.att]
    if forslag.forslagsstallare:
        lead = f"{forslag.forslagsstallare} föreslår {lower_first(decider)}"
    else:
        lead = f"{decider} föreslås besluta"
    joined = join_and(points)
    mening = f"{lead} att {joined}."
    if beslutsform == "att":
        punkter = [f"att {p}," for p in points[:-1]] + [f"att {points[-1]}."]
        intro = lead
    elif beslutsform == "numrerad":
        punkter = [f"{i}. {sentence_end(upper_first(p))}" for i, p in enumerate(points, 1)]
        intro = lead + ":" if forslag.forslagsstallare is None else f"{lead} besluta:"
    else:
        punkter, intro = [mening], ""
    return {"intro": intro, "punkter": punkter, "mening": mening, "forslagsstallare": forslag.forslagsstallare or "",
            "beslutsinstans": decider}


def build_context(arende: ArendeBase, workspace) -> dict:
    """Return everything the templates of this case may use; no value is left undefined."""
    r = Resolver(workspace)
    org = workspace.organisation
    fran = r.enhet(arende.fran)
    till = r.enhet(arende.till)
    context = {
        "organisation": {"namn": org.namn, "dokumentnamn": org.dokumentnamn},
        "typ": arende.typ,
        "rubrik": arende.rubrik,
        "dnr": arende.dnr or "",
        "datum": r.date(arende.datum),
        "datum_iso": arende.datum.isoformat(),
        "ar": arende.datum.year,
        "fran": fran,
        "till": till,
        "handlaggare": [r.person(p) for p in arende.handlaggare],
        "ansvarig": r.person(arende.ansvarig) if arende.ansvarig else None,
        "beslut": phrase_decision(arende.forslag_till_beslut, till["namn"], org.beslutsform)
        if arende.forslag_till_beslut else None,
        "sammanfattning": arende.sammanfattning or "",
        "arendet": arende.arendet or "",
        "beslutsunderlag": list(arende.beslutsunderlag),
        "skickas_till": [r.enhet_namn(s) for s in arende.skickas_till],
        "hanvisningar": [{"dnr": h.dnr or "", "text": h.text} for h in arende.hanvisningar],
        "sekretess": {"grund": arende.sekretess.grund} if arende.sekretess else None,
        "avsnitt": [{"rubrik": a.rubrik, "text": a.text} for a in arende.avsnitt],
    }
    kind_of(arende).extend_context(arende, context, r)
    return context

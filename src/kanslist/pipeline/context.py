"""Build the rendering context of a case: resolve ids, phrase decisions, lay out the house style."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from kanslist.kinds import kind_of
from kanslist.model import ArendeBase, ForslagTillBeslut, PersonText
from kanslist.organisation import ATT_INLEDNING, SIDFOT_ETIKETTER, STANDARDRUBRIKER, Organisation, page_parts
from kanslist.sammantrade.stil import fill_optional
from kanslist.svenska import (Namn, format_date, genitive, join_and, lower_first, present_clause, sentence_end,
                              upper_first)

__all__ = ["Resolver", "SentenceResolver", "build_context", "genitive", "phrase_decision", "sections_in_order"]


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
        return {"id": value if enhet else "", "namn": namn, "genitiv": upper_first(gen),
                "liten": lower_first(running_name(self.organisation, value)),
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


# ---- the proposed decision ------------------------------------------------------------------


def running_name(organisation, value: str) -> str:
    """Return body ``value``'s name as running text writes it: "Arbetsutskottet föreslår …" for a body
    named Arbetsutskott with i_text 'arbetsutskottet', and "finner att kommunstyrelsens arbetsutskott"
    for one named after the body it is under (Kommunstyrelsens arbetsutskott under Kommunstyrelsen);
    a :class:`Namn` that knows its mid-sentence form. ``value`` itself when it is no id."""
    enhet = organisation.enheter.get(value)
    if enhet is None:
        return value
    if enhet.i_text:
        return Namn(upper_first(enhet.i_text), enhet.i_text)
    parent = organisation.enheter.get(enhet.under) if enhet.under else None
    # "Kommunstyrelsens arbetsutskott": the parent's genitive first, the rest common nouns.
    if parent is not None and enhet.namn.startswith(genitive(parent.namn) + " ") \
            and enhet.namn[len(genitive(parent.namn)) + 1:].islower():
        return Namn(enhet.namn, enhet.namn[:1].lower() + enhet.namn[1:])
    return enhet.namn


class SentenceResolver(Resolver):
    """A Resolver whose body names are those of running text (:func:`running_name`): the sentences of case
    papers and meeting papers name bodies so, their headers by their names."""

    def enhet_namn(self, value: str) -> str:
        return running_name(self.organisation, value)


def _lead(proposer: str, speakers: list[str], own: bool, att: str = "att ", inledning: str = ATT_INLEDNING) -> str:
    """Return who proposes what to whom, up to the decider (the att-clauses follow).

    "Personalutskottet föreslår kommunstyrelsen", "Arbetsutskottet föreslår kommunstyrelsen att
    föreslå kommunfullmäktige", "Kommunstyrelsen föreslås besluta" (``inledning``, att_inledning),
    "Kommunstyrelsen beslutar".
    """
    if proposer:
        lead, rest = f"{proposer} föreslår {lower_first(speakers[0])}", speakers[1:]
    elif len(speakers) == 1:
        return f"{speakers[0]} beslutar" if own else inledning.replace("{beslutsinstans}", speakers[0])
    else:
        lead, rest = f"{speakers[0]} föreslås föreslå {lower_first(speakers[1])}", speakers[2:]
    for body in rest:
        lead += f" {att}föreslå {lower_first(body)}"
    return lead


def _sentence(decider: str, clause: str) -> str:
    """Return an att-clause as the decider's sentence: "Kommunfullmäktige antar riktlinjen."."""
    verb_first = present_clause(clause)
    if verb_first is None:
        # The clause does not open with a verb ("med lämnad redovisning anse ..."): kept whole.
        return sentence_end(f"{decider} beslutar att {clause}")
    return sentence_end(f"{decider} {verb_first}")


def phrase_decision(forslag: ForslagTillBeslut, till: str, beslutsform: str,
                    namn: Callable[[str], str] = lambda v: v, fran: str | None = None,
                    beslutsmening: str | None = None, att: bool = True, numrera_ensam: bool = False,
                    inledning: str = ATT_INLEDNING) -> dict:
    """Return the proposed decision phrased per the organisation's ``beslutsform``.

    ``att`` clauses: att gives the lead line and "att ...," lines; numrerad gives "1. Kommunfullmäktige
    antar ..." sentences; mening gives one sentence when someone proposes ("Personalutskottet
    föreslår kommunstyrelsen att anta ... och överlämna ...") and the decider's own sentences
    otherwise. ``beslut`` sentences and ``text`` are printed as written, in every beslutsform.
    ``namn`` turns an id into a name; ``fran`` is the writing body: when it is the decider, the
    body decides itself ("Kommunstyrelsen beslutar"). ``beslutsmening`` puts the mening form's clauses
    in one sentence: "{beslutsinstans} beslutar {punkter}." gives "Socialnämnden beslutar godkänna …
    och översända …". ``att`` False leaves out the "att" before the verb of a chain ("föreslår
    kommunfullmäktige besluta följande:", sammantraden.att_i_forslag). ``numrera_ensam`` numbers a lone
    sentence in the numbered form too (numrera_ensam_mening). ``inledning`` is the att form's lead line
    when the decider does not write itself (att_inledning: "Humanistiska nämnden beslutar:").
    """
    decider = namn(forslag.beslutsinstans) if forslag.beslutsinstans else till
    proposer = namn(forslag.forslagsstallare) if forslag.forslagsstallare else ""
    speakers = [namn(v) for v in forslag.via] + [decider]
    own = not proposer and not forslag.via and fran is not None and fran == decider
    chained = bool(proposer or forslag.via)
    marker = "att " if att else ""
    lead = _lead(proposer, speakers, own, marker, inledning)
    # "... att besluta följande:" introduces sentences that carry their own subject.
    sentences_lead = f"{lead} {marker}besluta följande:" if chained else ""
    intro, punkter, text = "", [], forslag.text or ""
    if forslag.att:
        points = [p.rstrip(" .,;") for p in forslag.att]
        if beslutsform == "att":
            intro = lead
            punkter = [f"att {p}," for p in points[:-1]] + [f"att {points[-1]}."]
        elif beslutsform == "numrerad":
            intro = sentences_lead
            punkter = [f"{i}. {_sentence(decider, p)}" for i, p in enumerate(points, 1)]
        elif chained:
            punkter = [f"{lead} att {join_and(points)}."]
        elif beslutsmening:
            punkter = [sentence_end(beslutsmening.replace("{beslutsinstans}", decider)
                                    .replace("{punkter}", join_and(points)))]
        else:
            punkter = [_sentence(decider, p) for p in points]
    else:
        intro = sentences_lead
    if forslag.beslut:
        # Sentences printed as written; numbered on in the numbered form, a lone one only where the
        # organisation numbers it (numrera_ensam_mening: "1. Regionstyrelsen beslutar att lägga …").
        if beslutsform == "numrerad" and (len(forslag.att) + len(forslag.beslut) > 1 or numrera_ensam):
            punkter += [f"{i}. {s}" for i, s in enumerate(forslag.beslut, len(forslag.att) + 1)]
        else:
            punkter += list(forslag.beslut)
    mening = " ".join([intro] * bool(intro) + punkter + [text] * bool(text))
    return {"intro": intro, "punkter": punkter, "text": text, "mening": mening, "forslagsstallare": proposer,
            "beslutsinstans": decider, "via": speakers[:-1], "eget": own, "form": forslag.form,
            "rubrik": forslag.rubrik or ""}


# ---- the house style ------------------------------------------------------------------------

def headings(organisation: Organisation, values: dict[str, str]) -> dict[str, str]:
    """Return the heading of every section: the organisation's wording, else kanslist's, filled in."""
    own = organisation.stil.rubriker.model_dump()
    # A heading is a sentence: one that starts with a placeholder ("{fran} föreslår …") starts with a capital.
    return {name: upper_first((own.get(name) if own.get(name) is not None else default).format_map(values))
            for name, default in STANDARDRUBRIKER.items()}


def _handlaggare_lines(context: dict) -> list[str]:
    people = context["handlaggare"]
    line = "Handläggare " + " och ".join(p["namn"] + (", " + p["titel"] if p["titel"] else "") for p in people)
    for chief in context["ansvariga"]:
        line += f" och ansvarig chef {chief['namn']}" + (f", {chief['titel']}" if chief["titel"] else "")
    lines = [line]
    for p in people:
        if p["epost"] or p["telefon"]:
            lines.append(f"{p['namn']}: {p['epost']}{', ' if p['epost'] and p['telefon'] else ''}{p['telefon']}")
    return lines


def sections_in_order(context: dict, organisation: Organisation) -> list[dict]:
    """Return the sections of a tjänsteskrivelse in the organisation's order, each with its heading.

    Every section is listed with ``tom`` (nothing to print): a template prints a section only
    when it is not empty, heading included, unless its kind adds content of its own there.
    """
    rubriker = context["rubriker"]
    beslut = context["beslut"]
    out = []
    order = list(organisation.stil.ordning)
    if organisation.stil.underskrifter and "underskrifter" not in order:
        order.append("underskrifter")
    for name in order:
        base = {"namn": name, "rubrik": rubriker.get(name, ""), "underrubrik": "", "intro": "", "rader": [],
                "punkter": [], "text": "", "tom": True}
        if name == "forslag_till_beslut":
            if beslut:
                out.append(dict(base, rubrik=beslut["rubrik_vald"], underrubrik=rubriker["beslut_underrubrik"],
                                intro=beslut["intro"], rader=beslut["punkter"], text=beslut["text"], tom=False))
            else:
                out.append(base)
        elif name in ("ingress", "sammanfattning", "arendet"):
            out.append(dict(base, text=context[name], tom=not context[name].strip()))
        elif name == "avsnitt":
            for extra in context["avsnitt"]:
                out.append(dict(base, rubrik=extra["rubrik"], text=extra["text"], tom=not extra["text"].strip()))
        elif name == "hanvisningar":
            rows = [h["text"] + (f", dnr {h['dnr']}" if h["dnr"] else "") for h in context["hanvisningar"]]
            out.append(dict(base, punkter=rows, tom=not rows))
        elif name in ("beslutsunderlag", "skickas_till"):
            rows = list(context[name])
            out.append(dict(base, rader=rows, tom=not rows))
        elif name == "handlaggare":
            out.append(dict(base, rader=_handlaggare_lines(context), tom=False))
        elif name == "underskrifter":
            out.append(dict(base, rubrik="", tom=not context["underskrifter"]))
    return out


def _header(arende: ArendeBase, context: dict, organisation: Organisation) -> list[list[dict]]:
    """Return the header's fields after the document's name as rows (stil.sidhuvud), each field
    {namn, etikett, varde, text}; empty ones left out, and rows left empty."""
    labels = {"datum": "", "dnr": "Dnr", "diariekod": "Diariekod", "er_beteckning": "Er beteckning", "handlaggare": "Handläggare",
              "handlaggare_kontakt": "Handläggare", "telefon": "Telefon", "epost": "E-post", "fran": "", "till": "Till",
              "handlingsnummer": "", "version": "Version", "ansvarig": "Ansvarig", "skickas_till": "Expediering",
              "sida": ""}
    labels.update(organisation.stil.etiketter)
    people = context["handlaggare"]
    dnr = ", ".join([context["dnr"], *context["dnr_ovriga"]] if context["dnr"] else context["dnr_ovriga"])
    # Every handläggare's phone and e-mail, in the order of the names (Huddinge prints two of each).
    values = {"datum": context["datum"], "dnr": dnr, "diariekod": arende.diariekod or "", "er_beteckning": arende.er_beteckning or "",
              "handlingsnummer": arende.handlingsnummer or "", "version": arende.version or "",
              "ansvarig": ", ".join(p["namn"] for p in context["ansvariga"]),
              "handlaggare": ", ".join(p["namn"] for p in people),
              "handlaggare_kontakt": " · ".join(", ".join(v for v in (p["namn"], p["titel"], p["telefon"]) if v)
                                                for p in people),
              "telefon": ", ".join(p["telefon"] for p in people if p["telefon"]),
              "epost": ", ".join(p["epost"] for p in people if p["epost"]), "fran": context["fran"]["namn"],
              "till": context["till"]["namn"],
              # Who gets the decision, in the header (Alingsås: 'Expediering TN'), the same list as skickas_till.
              "skickas_till": ", ".join(context["skickas_till"]), "sida": "sida"}  # sida: the template writes the page fields
    rows = []
    for row in organisation.stil.header_rows():
        fields = []
        for name in row:
            if values[name]:
                label = labels[name]
                fields.append({"namn": name, "etikett": label, "varde": values[name] if name != "sida" else "",
                               "text": f"{label} {values[name]}" if label else values[name]})
        rows += [fields] if fields else []
    return rows


def _page_number(organisation: Organisation, pattern: str | None = None) -> dict:
    """Return the page-number style (the case papers' stil.sidnummer, or ``pattern``) as the text around
    the PAGE and NUMPAGES fields."""
    pattern = pattern or organisation.stil.sidnummer
    parts = page_parts(pattern)
    fore, mellan, efter, seen = "", "", "", []
    for kind, value in parts:
        if kind == "field":
            seen.append(value)
        elif not seen:
            fore += value
        elif len(seen) == 1:
            mellan += value
        else:
            efter += value
    if len(seen) == 1:  # no {sidor}: what follows the page is its end
        mellan, efter = "", mellan
    return {"fore": fore, "mellan": mellan, "efter": efter, "sidor": "NUMPAGES" in seen,
            "stil": pattern}


def _identity(organisation: Organisation, handlaggare: list[dict]) -> dict:
    """Return the letterhead and footer lines: addresses on one line, contacts on the next."""
    i = organisation.identitet
    labels = {**SIDFOT_ETIKETTER, **organisation.stil.sidfot_etiketter}

    def line(names: tuple[str, ...]) -> list[str]:
        values = ((labels[name], getattr(i, name)) for name in names)
        return [f"{label} {value}" if label else value for label, value in values if value]

    first = line(("postadress", "besoksadress"))
    second = line(("telefon", "epost", "webb", "organisationsnummer", "bankgiro"))
    rows = [r for r in (" · ".join(first), " · ".join(second)) if r] if organisation.stil.sidfot else []
    if organisation.stil.sidfot_handlaggare and handlaggare:
        rows.insert(0, " · ".join(", ".join(v for v in (p["namn"], p["titel"], p["telefon"]) if v) for p in handlaggare))
    return {"namn": organisation.namn, "rader": rows, "logotyp": i.logotyp or "", **{
        k: v or "" for k, v in i.model_dump().items() if k not in ("logotyp", "logotyp_bredd_cm")}}


def _signatures(context: dict, organisation: Organisation) -> list[dict]:
    """Return who signs the tjänsteskrivelse, in the organisation's order: chiefs, then handläggare."""
    people: list[dict] = []
    for who in organisation.stil.underskrifter:
        for person in context["ansvariga"] if who == "ansvarig" else context["handlaggare"]:
            if person not in people:
                people.append(person)
    return people


def build_context(arende: ArendeBase, workspace) -> dict:
    """Return everything the templates of this case may use; no value is left undefined."""
    r = Resolver(workspace)
    said = SentenceResolver(workspace)  # bodies as running text names them (enheter.<id>.i_text)
    org = workspace.organisation
    fran = r.enhet(arende.fran)
    till = r.enhet(arende.till)
    forslag = arende.forslag_till_beslut
    decider = r.enhet(forslag.beslutsinstans) if forslag and forslag.beslutsinstans else till
    ansvariga = [r.person(p) for p in arende.ansvarig]
    context = {
        "organisation": {"namn": org.namn, "dokumentnamn": " ".join(org.dokumentnamn.replace(
            "{handlingsnummer}", arende.handlingsnummer or "").replace("{dnr}", arende.dnr or "").split())},
        "typ": arende.typ,
        "rubrik": arende.rubrik,
        "dnr": arende.dnr or "",
        "dnr_ovriga": list(arende.dnr_ovriga),
        "er_beteckning": arende.er_beteckning or "",
        "datum": r.date(arende.datum),
        "datum_iso": arende.datum.isoformat(),
        "ar": arende.datum.year,
        "fran": fran,
        "till": till,
        "beslutsinstans": decider,
        "handlaggare": [r.person(p) for p in arende.handlaggare],
        "ansvarig": ansvariga[0] if ansvariga else None,
        "ansvariga": ansvariga,
        "beslut": phrase_decision(forslag, said.enhet_namn(arende.till), org.beslutsform, said.enhet_namn,
                                  said.enhet_namn(arende.fran), org.beslutsmening, numrera_ensam=org.numrera_ensam_mening,
                                  inledning=org.att_inledning)
        if forslag else None,
        "ingress": arende.ingress or "",
        "sammanfattning": arende.sammanfattning or "",
        "arendet": arende.arendet or "",
        "beslutsunderlag": list(arende.beslutsunderlag),
        "skickas_till": [r.enhet_namn(s) for s in arende.skickas_till],
        "hanvisningar": [{"dnr": h.dnr or "", "text": h.text} for h in arende.hanvisningar],
        "sekretess": {"grund": arende.sekretess.grund} if arende.sekretess else None,
        "avsnitt": [{"rubrik": a.rubrik, "text": a.text} for a in arende.avsnitt],
    }
    context["rubriker"] = headings(org, {
        "beslutsinstans": decider["liten"], "beslutsinstans_genitiv": decider["genitiv"],
        "fran": fran["liten"], "fran_genitiv": fran["genitiv"], "till": till["liten"], "till_genitiv": till["genitiv"]})
    if context["beslut"] is not None:
        beslut = context["beslut"]
        beslut["rubrik_vald"] = beslut["rubrik"] or context["rubriker"][
            "eget_beslut" if beslut["eget"] else "forslag_till_beslut"]
    context["underskrifter"] = _signatures(context, org)
    organ = org.stil.underskrift_organ
    context["underskrift_organ"] = (fran["namn"].upper() if organ == "versaler" else fran["namn"]) if organ else ""
    context["avsnitt_i_ordning"] = sections_in_order(context, org)
    # The line before the heading: "Till<tab>Kommunstyrelsen", only the name, or none (stil.till_rad).
    context["till_rad"] = org.stil.till_rad.replace("{till}", till["namn"])
    context["sidhuvud_avsandare"] = fran["namn"] if org.stil.sidhuvud_avsandare else ""
    context["underrubrik"] = arende.underrubrik or ""
    context["dnr_rad"] = (fill_optional(org.stil.dnr_rad, {"dnr": context["dnr"], "diariekod": arende.diariekod or ""})
                          if org.stil.dnr_rad and context["dnr"] else "")
    context["sidhuvud_rader"] = _header(arende, context, org)
    context["sidhuvud"] = [field for row in context["sidhuvud_rader"] for field in row]
    context["sidnummer"] = _page_number(org)
    # The columns form (labels over values) keeps the page number on the document name's line.
    context["sidhuvud_kolumner"] = org.stil.sidhuvud_form == "kolumner"
    context["sidnummer_overst"] = ((context["sidhuvud_kolumner"] or org.stil.sidnummer_plats == "dokumentnamn")
                                   and not any(f["namn"] == "sida" for f in context["sidhuvud"])
                                   and bool(org.stil.sidnummer))
    context["identitet"] = _identity(org, context["handlaggare"])
    kind_of(arende).extend_context(arende, context, r)
    return context

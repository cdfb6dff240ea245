"""The rendering context of a meeting's papers: agenda, paragraphs, decisions, votes, anslag dates."""

from __future__ import annotations

import datetime as dt
import re

from kanslist.model import ForslagTillBeslut
from kanslist.pipeline.context import Resolver, SentenceResolver, _page_number, phrase_decision
from kanslist.sammantrade import dagar
from kanslist.sammantrade.kontroll import Meeting, beslutande
from kanslist.sammantrade.model import ArendePunkt, InformationPunkt, Ledamot, OvrigPunkt
from kanslist.sammantrade.numrering import numbered
from kanslist.sammantrade.stil import ETIKETTER, PROTOKOLLSRUBRIKER
from kanslist.svenska import MONTHS, genitive, join_and, lower_first, sentence_end

_NUMBERED = re.compile(r"\d+\. ")
WEEKDAYS = ["måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen", "lördagen", "söndagen"]
UTFALL_TEXT = {"bifall": "Bifall", "delvis_bifall": "Delvis bifall", "avslag": "Avslag", "besvarad": "Besvarad",
               "aterremiss": "Återremiss", "bordlaggning": "Bordläggning"}


def long_day(day: dt.date) -> str:
    """Return "tisdagen den 10 mars 2026", as kallelser and protocols write the day of a meeting."""
    return f"{WEEKDAYS[day.weekday()]} den {day.day} {MONTHS[day.month - 1]} {day.year}"


def _ranges(numbers: list[int]) -> str:
    """Return "3–4, 7" for [3, 4, 7]."""
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return ", ".join(parts)


def _decider(arende, resolver: Resolver) -> str:
    forslag = arende.forslag_till_beslut
    return resolver.enhet_namn((forslag.beslutsinstans if forslag and forslag.beslutsinstans else None) or arende.till)


def _via(workspace, organ_id: str, decider: str, resolver: Resolver) -> list[str]:
    """Return the body an utskott's proposal passes on its way to another decider: the body it is under
    ("Arbetsutskottet föreslår kommunstyrelsen att föreslå kommunfullmäktige ...")."""
    enhet = workspace.organisation.enheter.get(organ_id)
    if enhet is None or enhet.typ != "utskott" or not enhet.under:
        return []
    parent = resolver.enhet_namn(enhet.under)
    return [parent] if parent not in (decider, enhet.namn) else []


def _proposal(arende, organ: str, resolver: Resolver, beslutsform: str, att: bool = True,
              via: list[str] | None = None) -> dict | None:
    """Return the case's proposed decision as the kallelse prints it (phrase_decision).

    A case decided by another body is proposed to it by the body that meets, unless the
    case names its proposer: "Kommunstyrelsen föreslår kommunfullmäktige att ...".
    """
    forslag = arende.forslag_till_beslut
    if forslag is None:
        return None
    decider = _decider(arende, resolver)
    update = {"beslutsinstans": decider}
    if decider != organ and not forslag.forslagsstallare:
        update["forslagsstallare"] = organ
        if via and not forslag.via:
            update["via"] = via
    return phrase_decision(forslag.model_copy(update=update), resolver.enhet_namn(arende.till), beslutsform, att=att)


def _proposed_by(earlier, arende, organ: str, resolver: Resolver, beslutsform: str, att: bool = True) -> dict:
    """Return another body's decision on the case as this body's kallelse prints it:
    "Kommunstyrelsens förslag till kommunfullmäktige:" and its decision, as written or as the case proposed."""
    intro = f"{genitive(earlier.organ_namn)} förslag till {lower_first(organ)}:"
    if earlier.beslut:
        return {"intro": intro, "punkter": [sentence_end(b) for b in earlier.beslut]}
    forslag = arende.forslag_till_beslut
    phrased = phrase_decision(forslag.model_copy(update={"beslutsinstans": organ, "forslagsstallare": None, "via": []}),
                              resolver.enhet_namn(arende.till), beslutsform, att=att)
    return {"intro": intro, "punkter": phrased["punkter"]}


def _earlier_proposal(workspace, earlier, arende, resolver: Resolver, beslutsform: str, att: bool,
                      stil) -> dict:
    """Return another body's earlier decision on the case as this § prints it (sammantraden.ordning
    tidigare_forslag): "Kommunstyrelsens arbetsutskott föreslår kommunstyrelsen att föreslå
    kommunfullmäktige att besluta följande:" and its decision, as written or as the case proposed."""
    heading = stil.rubrik("tidigare_forslag", tidigare_genitiv=resolver.enhet(earlier.organ)["genitiv"],
                          beslutsinstans="", organ_genitiv="")
    if earlier.beslut:
        return {"rubrik": heading, "intro": "", "punkter": [sentence_end(b) for b in earlier.beslut]}
    via = _via(workspace, earlier.organ, _decider(arende, resolver), resolver)
    proposer = resolver.enhet_namn(earlier.organ) if earlier.organ else earlier.organ_namn
    phrased, _ = _decision_as_proposed(arende, proposer, resolver, beslutsform, att, via)
    return {"rubrik": heading, "intro": phrased["intro"], "punkter": phrased["punkter"]}


def _decision_as_proposed(arende, organ: str, resolver: Resolver, beslutsform: str, att: bool = True,
                          via: list[str] | None = None) -> tuple[dict, bool]:
    """Return the meeting's decision when it follows the proposal, and whether it is a proposal to another body.

    The body that meets decides ("Kommunstyrelsen beslutar att ...") or, when the case is
    decided by another body, proposes it ("Kommunstyrelsen föreslår kommunfullmäktige att ...").
    """
    decider = _decider(arende, resolver)
    # The case's att-clauses and its sentences written out (beslut: "Motionen avslås.") both carry over.
    points, sentences = list(arende.forslag_till_beslut.att), list(arende.forslag_till_beslut.beslut)
    if decider == organ:
        phrased = phrase_decision(ForslagTillBeslut(att=points, beslut=sentences, beslutsinstans=organ), organ,
                                  beslutsform, att=att)
        lead, now = f"{organ} föreslås besluta", f"{organ} beslutar"
        phrased = {key: value.replace(lead, now) if isinstance(value, str) else value for key, value in phrased.items()}
        phrased["punkter"] = [p.replace(lead, now) for p in phrased["punkter"]]
        return phrased, False
    phrased = phrase_decision(ForslagTillBeslut(att=points, beslut=sentences, forslagsstallare=organ,
                                                beslutsinstans=decider, via=via or []), organ, beslutsform, att=att)
    return phrased, True


def _written(lines: list[str]) -> dict:
    return {"intro": "", "punkter": [sentence_end(line) for line in lines], "mening": " ".join(lines)}


def _numbered(beslut: dict) -> dict:
    """Return a decision with each of its lines numbered ("1. Svar till revisionen avges ..."), a lone one too,
    as sammantraden.beslutsform numrerad lists a protocol's decisions; a line numbered already keeps its number."""
    lines = beslut["punkter"]
    if all(_NUMBERED.match(line) for line in lines):
        return beslut
    punkter = [line if _NUMBERED.match(line) else f"{i}. {line}" for i, line in enumerate(lines, 1)]
    return dict(beslut, punkter=punkter, mening=" ".join(([beslut["intro"]] if beslut.get("intro") else []) + punkter))


def _vote(punkt, members: list[str], resolver: Resolver, ordforande: str, organ: str) -> dict | None:
    vote = punkt.omrostning
    if vote is None:
        return None
    side_of = {}
    for side in ("ja", "nej", "avstar"):
        for voter in getattr(vote, side):
            side_of[resolver.person(voter)["namn"]] = side
    rows = [{"namn": m, "ja": "X" if side_of.get(m) == "ja" else "", "nej": "X" if side_of.get(m) == "nej" else "",
             "avstar": "X" if side_of.get(m) == "avstar" else ""} for m in members if m in side_of]
    ja, nej, avstar = len(vote.ja), len(vote.nej), len(vote.avstar)
    ja_wins = ja > nej or (ja == nej and side_of.get(ordforande) == "ja")
    winner = vote.ja_innebar if ja_wins else vote.nej_innebar
    tie = " Ordförandens röst avgör vid lika röstetal." if ja == nej else ""
    abstain = f" {avstar} ledamot avstår från att rösta." if avstar == 1 else (
        f" {avstar} ledamöter avstår från att rösta." if avstar else "")
    return {
        "proposition": f"Omröstning begärs. Följande propositionsordning godkänns: ja för {vote.ja_innebar}, "
                       f"nej för {vote.nej_innebar}.",
        "rader": rows, "ja": ja, "nej": nej, "avstar": avstar,
        "resultat": f"Med {_votes(ja, 'ja')} mot {_votes(nej, 'nej')} beslutar {lower_first(organ)} enligt {winner}.{abstain}{tie}",
    }


def _votes(count: int, side: str) -> str:
    """Return "7 ja-röster", "1 nej-röst"."""
    return f"{count} {side}-röst" if count == 1 else f"{count} {side}-röster"


def meeting_context(workspace, meeting: Meeting, first: int, proposals: dict | None = None) -> dict:
    """Return what the meeting's templates see; ``first`` is the meeting's first § number.

    ``proposals`` (beslut.proposals_before) holds, per item, another body's earlier decision on
    the case as its proposal to this one: the kallelse prints it instead of the case file's.
    """
    proposals = proposals or {}
    r = SentenceResolver(workspace)
    org = workspace.organisation
    stil = org.sammantraden
    model = meeting.model
    # The header names the body as it is named (enheter.<id>.namn); sentences as running text does (talare).
    talare = r.enhet_namn(model.organ)
    organ = dict(Resolver(workspace).enhet(model.organ), liten=lower_first(talare))
    organ_typ = org.enheter[model.organ].typ
    members = beslutande(model, r)
    ordforande = r.person(model.ordforande)
    sekreterare = r.person(model.sekreterare)
    year = model.datum.year
    att = stil.att_i_forslag
    form = stil.beslutsform or org.beslutsform  # sammantraden.beslutsform, else the case papers'

    ledamoter, ersattare = [], []
    for ledamot in model.ledamoter:
        written = ledamot if isinstance(ledamot, Ledamot) else None
        namn = r.person(written.namn if written else ledamot)["namn"]
        roll = ", ordförande" if namn == ordforande["namn"] else ""
        delar = f", {written.paragrafer}" if written and written.paragrafer else ""
        if written and written.ersatter:
            ersattare.append(f"{namn}, ersätter {r.person(written.ersatter)['namn']}{delar}")
        else:
            ledamoter.append(f"{namn}{roll}{delar}")
    # "Maria Lund, kommundirektör": a one-word title mid-line in lower case, as protocols write it.
    ovriga = [f"{p['namn']}, {lower_first(p['titel'])}" if p["titel"] else p["namn"] for p in map(r.person, model.ovriga)]
    justerare = [r.person(j)["namn"] for j in model.justerare]

    punkter, paragrafer, fullmaktige, nr, agenda = [], [], [], first, 0
    group = None
    for i, punkt in enumerate(model.punkter):
        agenda += 1
        if isinstance(punkt, str):  # val_av_justerare: on the front page, no §
            heading = punkt_group = "Val av justerare"
            item = {"nr": agenda, "agenda": agenda, "paragraf": "", "rubrik": "Val av justerare", "dnr": "", "sluten": False,
                    "forslag": {"intro": "", "punkter": [f"{join_and(justerare)} utses att jämte ordföranden "
                                                         "justera protokollet."]},
                    "information": "", "till_fullmaktige": False, "grupp": "", "skickas_till": []}
            punkter.append(item)
            group = punkt_group
            continue
        if not numbered(punkt):  # "Upprop och anmälningar om förhinder": on the agenda, no §
            punkt_group = punkt.grupp or "Information"
            punkter.append({"nr": agenda, "agenda": agenda, "paragraf": "", "rubrik": punkt.information,
                            "dnr": punkt.dnr or "", "sluten": punkt.sluten, "forslag": None,
                            "information": f"Föredragande: {punkt.av}" if punkt.av else "", "till_fullmaktige": False,
                            "grupp": punkt_group if punkt_group != group else "", "skickas_till": []})
            group = punkt_group
            continue
        paragraf = stil.format_paragraf(nr, year)
        case = meeting.cases.get(i)
        beslut, till_annan, forslag = None, False, None
        underlag, sammanfattning, skickas, dnr = [], "", [], ""
        inledning, tidigare, arendet = "", None, ""
        if isinstance(punkt, InformationPunkt):
            rubrik, dnr = punkt.information, punkt.dnr or ""
            punkt_group = punkt.grupp or "Information"
            beslut = _written([f"{talare} noterar informationen till protokollet."])
            av = f"Föredragande: {punkt.av}" + (f", kl. {punkt.tid}" if punkt.tid else "") if punkt.av else (
                f"Kl. {punkt.tid}" if punkt.tid else "")
            sammanfattning = f"{punkt.av} informerar." if punkt.av else ""
        elif isinstance(punkt, OvrigPunkt):
            rubrik, dnr, av = punkt.rubrik, punkt.dnr or "", ""
            punkt_group = punkt.grupp or "Beslutsärenden"
            beslut = _written(list(punkt.beslut))
            forslag = {"intro": "", "punkter": [sentence_end(b) for b in punkt.beslut]}
            sammanfattning = punkt.sammanfattning or ""
            underlag = list(punkt.beslutsunderlag)
            skickas = list(punkt.skickas_till)
        else:
            arende = case.arende
            rubrik, dnr, av = arende.rubrik, arende.dnr or "", ""
            via = _via(workspace, model.organ, _decider(arende, r), r)
            forslag = _proposal(arende, talare, r, form, att, via)
            if i in proposals and proposals[i].egen:
                forslag = _proposed_by(proposals[i], arende, talare, r, form, att)
            if i in proposals:
                tidigare = _earlier_proposal(workspace, proposals[i], arende, r, form, att, stil)
            till_annan = arende.forslag_till_beslut is not None and _decider(arende, r) != talare
            punkt_group = punkt.grupp or ("Ärenden till " + lower_first(_decider(arende, r)) if till_annan
                                          else "Beslutsärenden")
            if till_annan:
                fullmaktige.append(agenda)  # the kallelse lists what is proposed to go on
            if punkt.beslut:  # decided as written: the meeting's own decision, whatever was proposed
                beslut, till_annan = _written(list(punkt.beslut)), False
            else:
                beslut, till_annan = _decision_as_proposed(arende, talare, r, form, att, via)
            # With arendet in sammantraden.ordning the case's account is a section of its own.
            if "arendet" in stil.ordning:
                sammanfattning, arendet = arende.sammanfattning or "", getattr(arende, "arendet", None) or ""
            else:
                sammanfattning = arende.sammanfattning or getattr(arende, "arendet", None) or ""
            inledning = stil.inledning.format(datum=r.date(arende.datum), fran=lower_first(r.enhet_namn(arende.fran)))
            underlag = list(arende.beslutsunderlag)
            skickas = [r.enhet_namn(s) for s in (punkt.skickas_till if punkt.skickas_till is not None
                                                  else arende.skickas_till)]
        ordf = ordforande["namn"]
        decided = isinstance(punkt, (ArendePunkt, OvrigPunkt))  # yrkanden, beslutsgång, omröstning, reservationer
        yrkanden = [f"{y.av} yrkar {y.yrkande.rstrip('.')}." for y in (punkt.yrkanden if decided else [])]
        vote = _vote(punkt, members, r, ordf, talare) if decided else None
        gang = ""
        if decided and punkt.propositionsordning:
            gang = punkt.propositionsordning
        elif vote:
            gang = vote["proposition"]
        elif isinstance(punkt, ArendePunkt):  # decided as proposed, unless beslut says otherwise
            if not punkt.beslut and yrkanden:
                gang = (f"Ordföranden ställer proposition på förslagen och finner att {lower_first(talare)} "
                        "bifaller förslaget till beslut.")
            elif not punkt.beslut:
                gang = f"Ordföranden finner att {lower_first(talare)} bifaller förslaget till beslut."
        reservationer = [f"{res.av} reserverar sig mot beslutet" + (f" {res.text.rstrip('.')}" if res.text else "") + "."
                         for res in (punkt.reservationer if decided else [])]
        omedelbart = decided and punkt.omedelbar_justering
        utfall = meeting.outcomes.get(i)
        # The item's own code, else its case file's.
        diariekod = punkt.diariekod or (case.arende.diariekod if case else None) or ""
        if stil.beslutsform == "numrerad" and beslut is not None:
            beslut = _numbered(beslut)
        p = {
            "nr": nr, "paragraf": paragraf, "rubrik": rubrik, "dnr": dnr, "sluten": punkt.sluten,
            "diariekod": diariekod, "rubrikrad": stil.format_rubrikrad(paragraf, rubrik, dnr),
            "dnr_rad": "" if stil.dnr_i_rubrik else stil.format_dnr(dnr, diariekod),
            "tidigare_forslag": tidigare, "tidigare_behandling": list(punkt.tidigare_behandling),
            "information": av if isinstance(punkt, InformationPunkt) else "",
            "ar_information": isinstance(punkt, InformationPunkt),
            "forslag": forslag, "till_fullmaktige": till_annan,
            "beslut_rubrik": stil.rubrik("forslag_till" if till_annan else "beslut", organ_genitiv=genitive(organ["namn"]),
                                         beslutsinstans=lower_first(_decider(case.arende, r)) if till_annan else ""),
            "beslut": beslut, "omedelbart": omedelbart,
            "omedelbart_text": "Paragrafen förklaras omedelbart justerad." if omedelbart else "",
            "inledning": inledning, "sammanfattning": sammanfattning, "arendet": arendet, "beslutsunderlag": underlag, "yrkanden": yrkanden,
            "beslutsgang": gang, "omrostning": vote, "reservationer": reservationer,
            "protokollsanteckning": (punkt.protokollsanteckning if decided else None) or "",
            "skickas_till": skickas, "utfall": utfall or "", "utfall_text": UTFALL_TEXT.get(utfall or "", ""),
            "arende": case.display if case else "", "agenda": agenda,
            "utdrag": f"utdrag-{nr}" if not isinstance(punkt, InformationPunkt) else "",
            # An omedelbart justerad § is justerad at the meeting itself.
            "justerat": r.date(model.datum if omedelbart else model.justering.datum),
        }
        p["grupp"] = punkt_group if punkt_group != group else ""
        group = punkt_group
        punkter.append(p)
        paragrafer.append(p)
        nr += 1

    last = nr - 1
    # The meeting's and the justering's day as the front page writes them (sammantraden.datumformat).
    day_of = long_day if stil.datumformat == "lang" else dt.date.isoformat
    dates = dagar.anslagsdagar(model.justering.datum, model.anslag)
    j = model.justering
    justering_text = ("Digital justering" if j.digital else (j.plats or "")) + \
        (", " if (j.digital or j.plats) else "") + day_of(j.datum) + (f" kl. {j.tid}" if j.tid else "")
    oppet = model.oppet if model.oppet is not None else organ_typ == "fullmaktige"
    slutna = [p["nr"] for p in punkter if p["sluten"]]
    if oppet:
        oppet_text = "Sammanträdet är öppet för allmänheten" + (
            " utom de punkter som är markerade med (sluten del)." if slutna else ".")
    else:
        oppet_text = "Sammanträdet är inte öppet för allmänheten."
    forvaring = stil.forvaringsplats or (j.plats if j.plats else org.namn)
    header_name = stil.sidhuvud_namn or org.namn.upper()  # sammantraden.sidhuvud_namn
    etikett = {**ETIKETTER, **stil.etiketter}  # sammantraden.etiketter
    paragrafer_text = stil.format_range(first, last, year) if paragrafer else ""
    return {
        "organisation": {"namn": org.namn, "versaler": org.namn.upper(), "sidhuvud": header_name},
        "beslut_avslut": stil.beslut_avslut, "utdrag_intygande": stil.utdrag_intygande,
        "innehall_dnr": stil.innehall_dnr, "innehall_grupper": stil.innehall_grupper,
        "etikett": etikett,
        "sidhuvud_rader": stil.header_lines({
            "organisation": header_name, "organ": organ["namn"], "organ_versaler": organ["namn"].upper(),
            "datum": r.date(model.datum), "sammantradesdatum": etikett["sammantradesdatum"],
            "paragrafer": paragrafer_text, "dnr": model.dnr or ""}),
        "identitet": {"logotyp": org.identitet.logotyp or ""},  # the first page's logo is shown when there is one
        "organ": organ,
        "kungorelse": organ_typ == "fullmaktige",
        "datum": r.date(model.datum), "datum_iso": model.datum.isoformat(), "dag": day_of(model.datum),
        "ar": year, "tid": model.tid, "plats": model.plats,
        "upprattad": r.date(model.upprattad),
        "ordforande": ordforande, "sekreterare": sekreterare,
        "ledamoter": ledamoter, "ersattare": ersattare, "ovriga": ovriga, "justerare": justerare,
        "justerare_text": join_and(justerare),
        "justering": {"text": justering_text, "digital": j.digital, "datum": r.date(j.datum)},
        "oppet_text": oppet_text,
        "fullmaktige_text": (f"Ärenden till {lower_first(_decider_name(meeting, r))}: {_ranges(fullmaktige)}"
                             if fullmaktige else ""),
        "punkter": punkter, "paragrafer": paragrafer,
        "paragrafer_text": paragrafer_text,
        "forsta": first, "sista": last,
        "signatur": stil.justerandes_signatur, "signaturrutor": list(stil.signaturrutor),
        # sammantraden.sidnummer "" writes no page number (stil "" leaves the fields out).
        "sidnummer": _page_number(org, stil.sidnummer) if stil.sidnummer else {"fore": "", "mellan": "", "efter": "",
                                                                               "sidor": False, "stil": ""},
        "ordning": list(stil.ordning),
        "rubriker": {name: stil.rubrik(name, organ_genitiv=genitive(organ["namn"]), beslutsinstans="",
                                       tidigare_genitiv="") for name in PROTOKOLLSRUBRIKER},
        "anslag": {
            "uppsatt": r.date(dates.anslag), "nedtagning": r.date(dates.nedtagning),
            "sista_overklagandedag": r.date(dates.sista_overklagandedag),
            "sista_overklagandedag_lang": long_day(dates.sista_overklagandedag),
            "uppsatt_iso": dates.anslag.isoformat(), "nedtagning_iso": dates.nedtagning.isoformat(),
            "sista_iso": dates.sista_overklagandedag.isoformat(),
            "justerat": r.date(dates.justering), "justerat_iso": dates.justering.isoformat(),
            "forvaringsplats": forvaring, "anslagstavla": stil.anslagstavla or "",
            "forvaltningsratt": stil.forvaltningsratt,
        },
    }


def _decider_name(meeting: Meeting, r: Resolver) -> str:
    """Return the body the meeting's proposals go to (the first case decided elsewhere)."""
    organ = r.enhet_namn(meeting.model.organ)
    for case in meeting.cases.values():
        if case.arende.forslag_till_beslut is not None and _decider(case.arende, r) != organ:
            return _decider(case.arende, r)
    return organ

"""A response to an audit report (svar på revisionsrapport / granskning)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, Literal

from pydantic import Field

from kanslist.errors import Problem
from kanslist.granska.regel import VARNING, words
from kanslist.granska.regel import Granskning as Review
from kanslist.kinds.atgardsplan import SheetProperties, plan, plan_xlsx
from kanslist.kinds.base import Document, Importer, Kind
from kanslist.model import ArendeBase, Datum, EnhetRef, Markdown, Namn, PersonRef, Stallningstagande, Status, Strict, Text
from kanslist.svenska import GENERATED_STANCE, STANCES, STATUSES, normalised, parse_date, stance_sentence, stated

if TYPE_CHECKING:  # importera is imported where a paper is imported: other commands start without it
    from kanslist.importera.placement import Placement

class Granskning(Strict):
    """The audit being answered."""

    __beskrivning__ = "Granskningen som besvaras."

    titel: Text
    """Granskningens titel, som i revisionsrapporten."""
    revisionsbyra: Namn | None = None
    """Revisionsbyrån som gjort granskningen, t.ex. Deloitte."""
    uppdragsgivare: Text | None = None
    """Vem som gav uppdraget, t.ex. 'de förtroendevalda revisorerna i Vaggeryds kommun'."""
    revisionsfraga: Markdown | None = None
    """Granskningens revisionsfråga (Markdown)."""
    rapportdatum: Datum | None = None
    """Revisionsrapportens datum."""
    svar_senast: Datum | None = None
    """När revisorerna vill ha svar; granska jämför med svarets datum."""


class Atgard(Strict):
    """One action the body commits to."""

    __beskrivning__ = "En åtgärd som nämnden åtar sig."

    atgard: Text
    """Vad som ska göras."""
    ansvarig: EnhetRef | None = None
    """Vem som ansvarar: id eller namn."""
    klart: Datum | None = None
    """När åtgärden ska vara klar."""
    status: Status = "planerad"
    """planerad, pagar eller genomford."""


class Rekommendation(Strict):
    """One of the auditors' recommendations and the body's answer to it."""

    __beskrivning__ = "En av revisorernas rekommendationer och svaret på den."

    nr: int | None = Field(None, ge=1)  # the auditors' number; some reports do not number them
    """Rekommendationens nummer i revisionsrapporten; utelämnas när rapporten inte numrerar."""
    rubrik: Text
    """Rekommendationens rubrik."""
    rekommendation: Markdown | None = None
    """Revisorernas egen formulering (Markdown, t.ex. *kursiv*); skrivs ut ordagrant."""
    riktad_till: EnhetRef | None = None
    """Organet rekommendationen riktas till (grupperar svaren)."""
    stallningstagande: Stallningstagande | None = None
    """instammer, instammer_delvis eller instammer_inte; meningen om ställningstagandet skrivs av kanslist."""
    svar: Markdown | None = None
    """Svaret på rekommendationen (Markdown)."""
    atgarder: list[Atgard] = Field(default_factory=list)
    """Åtgärderna som svaret lovar."""


class Grupp(Strict):
    """The introduction of the answers aimed at one body (seed 003 groups them)."""

    __beskrivning__ = "Inledningen till svaren som riktas till ett organ."

    riktad_till: EnhetRef
    """Organet svaren riktas till."""
    inledning: Text
    """Inledande mening för gruppen."""


class Revisionssvar(ArendeBase):
    """A response to the auditors, recommendation by recommendation."""

    __beskrivning__ = "Ett svar på en revisionsrapport, rekommendation för rekommendation."

    typ: Literal["revisionssvar"]
    """Dokumentslaget."""
    granskning: Granskning = Field(description="Granskningen som besvaras.")
    rekommendationer: list[Rekommendation] = Field(min_length=1)
    """Rekommendationerna och svaren, i rapportens ordning."""
    undertecknare: list[PersonRef] = Field(default_factory=list)
    """Vem som undertecknar brevet till revisorerna (t.ex. ordförande och förvaltningschef)."""
    grupper: list[Grupp] = Field(default_factory=list)
    """Inledningar för svaren per organ, när rekommendationerna riktas till flera."""




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
    for position, rec in enumerate(arende.rekommendationer, 1):
        recs.append({
            # An unnumbered recommendation is known by its place (action plan, consolidated answer).
            "nr": rec.nr if rec.nr is not None else position,
            "numrerad": rec.nr is not None,
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


# ---- granska: what a careful chief checks in an answer to the auditors ----------------------

# A reasoning shorter than this is no reasoning: "Vi instämmer inte." says nothing of why.
MIN_MOTIVERING_ORD = 8

# Words that show the answer itself says it comes late (then no warning is needed).
_SAGER_SENT = re.compile(r"försen|efter (utsatt|angiven|begärd) (tid|svarstid|dag)|anstånd|lämnas sent|sent svar")


def _named(rec: Rekommendation) -> str:
    """Return how a message names a recommendation: its number, or its heading when it has none."""
    return str(rec.nr) if rec.nr is not None else f"\"{rec.rubrik}\""


def rekommendationer(g: Review) -> Iterator[Problem]:
    """Every recommendation has a stance (warning, as in seed 003) and an answer with reasons."""
    for i, rec in enumerate(getattr(g.arende, "rekommendationer", [])):
        loc = ("rekommendationer", i)
        if rec.stallningstagande is None:
            yield g.problem(loc + ("stallningstagande",),
                            f"rekommendation {_named(rec)} saknar ställningstagande",
                            "ange instammer, instammer_delvis eller instammer_inte – utan det skrivs ingen "
                            "mening om ställningstagandet", VARNING)
        svar = (rec.svar or "").strip()
        if not svar:
            yield g.problem(loc + ("svar",), f"rekommendation {_named(rec)} saknar svar",
                            "skriv förvaltningens svar under svar: |")
            continue
        if rec.stallningstagande in ("instammer_delvis", "instammer_inte") and len(words(svar)) < MIN_MOTIVERING_ORD:
            yield g.problem(loc + ("svar",),
                            f"rekommendation {_named(rec)} ({STANCES[rec.stallningstagande].words}) saknar motivering",
                            "förklara i svaret varför förvaltningen inte instämmer fullt ut, "
                            f"med minst {MIN_MOTIVERING_ORD} ord")


def svarstid(g: Review) -> Iterator[Problem]:
    """A response to the auditors has a deadline; past it the answer is late, unless it says so."""
    granskning = getattr(g.arende, "granskning", None)
    if granskning is None:
        return
    if granskning.svar_senast is None:
        yield g.problem(("granskning", "svar_senast"), "saknas",
                        "ange när revisorerna vill ha svar, t.ex. svar_senast: 2025-06-30", VARNING)
        return
    senast = granskning.svar_senast
    # The answer's own date decides, not today: an answer dated in time is in time.
    if senast >= g.arende.datum:
        return
    texts = [g.arende.sammanfattning or "", g.arende.arendet or ""]
    texts += [r.svar or "" for r in g.arende.rekommendationer]
    if any(_SAGER_SENT.search(t.lower()) for t in texts):
        return
    yield g.problem(("granskning", "svar_senast"),
                    f"svarstiden gick ut {senast.isoformat()} och svaret säger inte att det är försenat",
                    "skriv i sammanfattningen att svaret lämnas efter svarstiden, eller rätta datumet "
                    "om revisorerna gett anstånd", VARNING)


def stance_text(g: Review) -> Iterator[Problem]:
    """An answer whose words contradict its stance ("instämmer inte" in an ``instammer`` answer)."""
    for i, rec in enumerate(getattr(g.arende, "rekommendationer", [])):
        if not rec.stallningstagande or not rec.svar:
            continue
        loc = ("rekommendationer", i, "svar")
        if GENERATED_STANCE.search(normalised(rec.svar)):
            yield g.problem_at(g.line_of_text(loc, "instämmer"), loc,
                               "svaret upprepar meningen om ställningstagandet",
                               "ta bort meningen ur svaret – kanslist skriver den utifrån stallningstagande",
                               VARNING)
        for said in stated(rec.svar, STANCES):
            if said == rec.stallningstagande:
                continue
            phrase = STANCES[said].words
            yield g.problem_at(g.line_of_text(loc, phrase.split()[0]), loc,
                               f"svaret säger '{phrase}' men ställningstagandet är {rec.stallningstagande}",
                               "ändra stallningstagande eller texten – meningen om ställningstagandet "
                               "skrivs av kanslist och behöver inte stå i svaret")


def dates(g: Review) -> Iterator[Problem]:
    """Dates in an impossible order: an answer before the report, a deadline before the report."""
    a = g.arende
    granskning = a.granskning
    if granskning.rapportdatum:
        if a.datum < granskning.rapportdatum:
            yield g.problem(("datum",), f"svaret är daterat {a.datum.isoformat()}, före revisionsrapporten "
                                        f"({granskning.rapportdatum.isoformat()})",
                            "kontrollera datum och granskning.rapportdatum")
        if granskning.svar_senast and granskning.svar_senast < granskning.rapportdatum:
            yield g.problem(("granskning", "svar_senast"),
                            f"svarstiden ({granskning.svar_senast.isoformat()}) går ut före rapportdatum "
                            f"({granskning.rapportdatum.isoformat()})", "kontrollera datumen i granskning")


def duplicate_numbers(g: Review) -> Iterator[Problem]:
    """The same recommendation number twice."""
    seen: dict[int, int] = {}
    for i, rec in enumerate(getattr(g.arende, "rekommendationer", [])):
        if rec.nr is None:
            continue  # unnumbered, as the auditors wrote them
        if rec.nr in seen:
            first = g.loaded.line_of(("rekommendationer", seen[rec.nr], "nr"))
            yield g.problem(("rekommendationer", i, "nr"),
                            f"rekommendation nr {rec.nr} förekommer två gånger (första gången på rad {first})",
                            "numrera rekommendationerna som i revisionsrapporten")
        else:
            seen[rec.nr] = i


# ---- importera: a paper answering the auditors ---------------------------------------------

_AUDITORS = re.compile(r"(?:\b|kommun|stads|region)revision|revisor", re.IGNORECASE)
_AUDIT_WORK = re.compile(r"rekommendation|granskning|anmärkning|revisionsberättelse|revisionsrapport", re.IGNORECASE)


def _recognise(text: str, headings: list[str]) -> bool:
    if re.search(r"^\**Rekommendation\s+\d+\s*:", text, re.MULTILINE) or any(
            h.startswith(("svar på revisionsrapport", "svar på revisionens rekommendationer")) for h in headings):
        return True
    # Other organisations' papers: the auditors named at the top, their work in the text.
    # A motion about the auditors' work is a motion, whatever it says of them.
    head = text[:600]
    return bool(_AUDITORS.search(head) and _AUDIT_WORK.search(text) and not re.search(r"\bmotion", head, re.IGNORECASE))


def _take(pc: Placement) -> None:
    """Take the recommendations out of the body: numbered lines, or one section per addressed body."""
    from kanslist.importera.segment import (_REC_LINE, _recommendations_headed, _recommendations_numbered,
                                            recommendations_listed)

    if any(_REC_LINE.match(b.text.strip()) for b in pc.arendet_blocks):
        recs, pc.arendet_blocks = _recommendations_numbered(pc.arendet_blocks, pc.draft)
        groups: list[dict] = []
    else:
        recs, groups = _recommendations_headed([(h, b) for n, h, b in pc.sections if n == "grupp"], pc.namer, pc.draft)
        if not recs:  # "Kommunrevisionens rekommendationer" over a list of bullets or numbers
            recs, pc.arendet_blocks = recommendations_listed(pc.arendet_blocks)
        if not recs:
            recs, pc.sammanfattning_blocks = recommendations_listed(pc.sammanfattning_blocks)
    pc.fields["rekommendationer"], pc.fields["grupper"] = recs, groups


def _fill(pc: Placement) -> None:
    recs = pc.fields.pop("rekommendationer", [])
    groups = pc.fields.pop("grupper", [])
    _fill_audit(pc.draft, pc.rubrik, pc.letter, pc.sammanfattning, recs)
    if recs:
        pc.data["rekommendationer"] = recs
    if groups:
        pc.data["grupper"] = groups
    if pc.read.signature:
        pc.data["undertecknare"] = [pc.namer.person(n, t) for n, t in pc.read.signature[1:]]


def _fill_audit(draft, rubrik, letter, sammanfattning: str, recs) -> None:
    from kanslist.importera.segment import _AUDIT, _QUESTION, plain

    granskning: dict[str, Any] = {}
    titel = re.match(r'^Svar på (?:revisionsrapport|revisionsrapporten|granskning(?:en)?)\s+[“"”](.+?)[“"”]$', rubrik or "")
    granskning["titel"] = titel.group(1) if titel else (letter.group("titel") if letter else rubrik)
    audit = _AUDIT.search(sammanfattning)
    if audit:
        granskning["revisionsbyra"] = plain(audit.group("byra"))
        granskning["uppdragsgivare"] = plain(audit.group("uppdragsgivare"))
    if letter:
        granskning["uppdragsgivare"] = letter.group("uppdragsgivare")[:1].lower() + letter.group("uppdragsgivare")[1:]
        rapportdatum = parse_date(letter.group("datum"))
        if rapportdatum:
            granskning["rapportdatum"] = rapportdatum
    question = _QUESTION.search(sammanfattning.replace("\n", " "))
    if question:
        granskning["revisionsfraga"] = plain(question.group("fraga"))
    if not granskning.get("titel"):
        draft.saknas.append(("granskning.titel", "granskningens titel hittades inte"))
    draft.data["granskning"] = granskning
    for key in ("rapportdatum", "svar_senast"):
        if key not in granskning:
            draft.note("granskning", f"{key}: hittades inte i texten")
    if not recs:
        draft.saknas.append(("rekommendationer", "inga rekommendationer hittades"))


KIND = Kind(
    typ="revisionssvar",
    title="svar på revisionsrapport",
    model=Revisionssvar,
    documents=(
        Document("tjansteskrivelse", "revisionssvar", "Tjänsteskrivelse"),
        Document("svar-till-revisorerna", "svar-till-revisorerna", "Svar till revisorerna"),
        Document("atgardsplan", "atgardsplan", "Åtgärdsplan"),
    ),
    skeleton="""\
granskning:
  titel: {rubrik}
  revisionsbyra:
  rapportdatum:
  svar_senast:
rekommendationer:
  - nr: 1
    rubrik: Rekommendationens rubrik
    stallningstagande: instammer      # instammer | instammer_delvis | instammer_inte
    svar: |
      Förvaltningens svar på rekommendationen.
    atgarder:
      - atgard: Vad som ska göras
        ansvarig: Vem som ansvarar
        klart: {datum}
        status: planerad              # planerad | pagar | genomford
undertecknare: []
""",
    extend_context=extend_context,
    extra_outputs=extra_outputs,
    rules=(rekommendationer, svarstid, stance_text, dates, duplicate_numbers),
    importer=Importer(recognise=_recognise, take=_take, fill=_fill),
)

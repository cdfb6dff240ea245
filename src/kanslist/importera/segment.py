"""Place a read paper's blocks in the fields of a case file: sections, decision points, stances.

Everything recognised goes into the draft's fields; everything else goes into
``Draft.kvar`` (left over), which the draft prints as comments – nothing is dropped
silently. Sentences that kanslist itself generates (the stance sentence, "En motion har
inkommit från ... där de yrkar", the introduction of the recommendations) are recognised
and turned back into the fields they come from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from kanslist.importera.read_text import Block, Read, configured_section
from kanslist.svenska import STANCES, infinitive, nominative, parse_date, present, stated, upper_first


_SECTION = {
    "förslag till beslut": "forslag", "sammanfattning": "sammanfattning", "sammanfattning av ärendet": "sammanfattning",
    "ärende": "arendet", "ärendet": "arendet", "beskrivning av ärendet": "arendet", "ärendebeskrivning": "arendet",
    "bakgrund": "arendet", "beslutsunderlag": "beslutsunderlag", "beslutet ska skickas till": "skickas_till",
    "beslutet skickas till": "skickas_till", "beslut sänds till": "skickas_till", "beslutet sänds till": "skickas_till",
    "expedieras till": "skickas_till", "handläggare": "handlaggare", "hänvisningar": "hanvisningar",
    "definitioner": "definitioner", "inledning": "inledning", "yrkanden": "yrkanden",
}
_SKICKAS = {"protokollsutdrag skickas till", "beslutsexpediering", "kopia av beslut till", "expediering"}
# Sections other organisations have that kanslist writes as headings inside the body.
_OTHER_HEADINGS = {"ärendet i korthet", "beskrivning av ärende", "förvaltningens bedömning", "förvaltningens yttrande",
                   "bedömning", "yttrande", "överläggning", "propositionsordning", "proposition", "omröstning",
                   "reservation", "beslutsgång", "tidigare behandling", "sammanfattande bedömning",
                   "sammanfattande inställning", "syfte", "mål", "vision", "omfattning", "ansvar", "roller och ansvar",
                   "utförande", "uppföljning", "motivering", "bilaga"}
_AVSNITT = {"barnperspektiv", "ekonomiska konsekvenser", "jämställdhetsperspektiv", "miljöperspektiv", "konsekvenser",
            "bilagor"}

_REC_LINE = re.compile(r"^\**Rekommendation\s+(?P<nr>\d+)\s*[:.–-]\s*(?P<rubrik>.+?)\**$")
_ANSWER_PREFIX = re.compile(r"^[\wåäöÅÄÖ-]+s svar:\s*")
_STANCE_SENTENCE = re.compile(r"^(?P<vem>[\wåäöÅÄÖ -]+?) instämmer\s+(?P<hur>inte\s+|ej\s+|delvis\s+|)i\s+"
                              r"rekommendationen\.\s*")
_MOTION_INTRO = re.compile(r"^En motion har inkommit (?:från|av) (?P<vem>.+?),? där (?:de|hen|han|hon|partiet) yrkar:?$")
_YRKANDE = re.compile(r"^Att:?\s+(?P<text>.+)$")
_GROUP = re.compile(r"^Svar på revisionens rekommendationer(?: till (?P<till>.+))?$", re.IGNORECASE)
_GROUP_INTRO = re.compile(r"^I nedanstående text presenteras svar på de rekommendationer som riktas till (?P<till>.+)\.$")
_LETTER_INTRO = re.compile(r"^(?P<uppdragsgivare>.+?) har i brev den (?P<datum>.+?) bett om (?P<vem>\S+?) kommentarer "
                           r"och synpunkter på revisionsrapporten [\"”“](?P<titel>.+?)[\"”“]\.?$")
_AUDIT = re.compile(r"^(?P<byra>.+?) har av (?P<uppdragsgivare>.+?) fått i uppdrag att genomföra en granskning")
_QUESTION = re.compile(r"Revisionsfrågan som ställts är:\s*(?P<fraga>.+?\.)(?:\s|$)")
_ATGARD = re.compile(r"^(?P<atgard>.+?)(?: – ansvarig: (?P<ansvarig>[^,(]+?))?(?:, klart(?: senast)? (?P<klart>\S+?))?"
                     r"(?: \((?P<status>planerad|pågår|genomförd)\))?$")
_STATUS = {"planerad": "planerad", "pågår": "pagar", "genomförd": "genomford"}
_INFINITIVE_SPLIT = re.compile(r"(?:,\s+|\s+och\s+)(?=[\wåäö]+[aå]\b)")
_DNR_GENERIC = re.compile(r"(?<![\w/])[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,4}[ -/]?\d{2,4}[/:.-]\d{1,5}(?:[.-]\d+)*(?![\w/])")


@dataclass
class Draft:
    """A case file being put together: its fields, what it lacks, and what was left over."""

    data: dict[str, Any] = field(default_factory=dict)
    kommentarer: dict[str, list[str]] = field(default_factory=dict)  # field → comment lines above it
    saknas: list[tuple[str, str]] = field(default_factory=list)  # (field, why) of required fields not found
    kvar: list[str] = field(default_factory=list)  # text that could not be placed
    noter: list[str] = field(default_factory=list)  # repairs and decisions, for the top comment

    def note(self, key: str, text: str) -> None:
        self.kommentarer.setdefault(key, []).append(text)


def plain(text: str) -> str:
    """Return Markdown ``text`` as plain text (for one-line fields): no escapes, no emphasis."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|\"'<>~^$@&])", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def markdown(blocks: list[Block], base_level: int = 1) -> str:
    """Return ``blocks`` as one Markdown text: paragraphs apart, items of a list together."""
    out: list[str] = []
    previous = None
    for block in blocks:
        if block.kind == "rubrik":
            text = "#" * max(1, block.level - base_level + 1) + " " + block.text
        elif block.kind == "punkt":
            text = "- " + block.text
        elif block.kind == "nummer":
            text = f"{block.level or 1}. " + block.text
        else:
            text = block.text
        if out and not (previous in ("punkt", "nummer") and block.kind == previous):
            out.append("")
        out.append(text)
        previous = block.kind
    return "\n".join(out).strip()


def _sections(blocks: list[Block]) -> tuple[list[Block], list[tuple[Block, list[Block]]]]:
    """Return the blocks before the first section heading, and each top-level section with its blocks."""
    top = min((b.level for b in blocks if b.kind == "rubrik" and _section_of(b.text)), default=1)
    before: list[Block] = []
    sections: list[tuple[Block, list[Block]]] = []
    for block in blocks:
        if block.kind == "rubrik" and block.level <= top and (_section_of(block.text) or _GROUP.match(block.text)
                                                              or not sections or block.level < top):
            sections.append((block, []))
        elif sections:
            sections[-1][1].append(block)
        else:
            before.append(block)
    return before, sections


def _section_of(heading: str, headings=()) -> str | None:
    # The organisation's own headings come first: its "Ärendet" may head what others call a summary.
    own = configured_section(plain(heading), headings)
    if own:
        return own
    name = plain(heading).rstrip(":").strip().lower()
    if name in _SECTION:
        return _SECTION[name]
    if name.endswith("förslag till beslut") or name.startswith("förslag till beslut ") or name == "beslut" \
            or re.match(r"^(?:[\wåäö-]+s ){1,3}(?:förslag(?: till [\wåäö ]+)?|beslut)$", name) \
            or name.startswith("beslut – förslag"):
        return "forslag"
    if name in _SKICKAS:
        return "skickas_till"
    if name in ("handlingar", "handling"):
        return "beslutsunderlag"
    if name in _OTHER_HEADINGS or re.match(r"^(?:bedömning ur|överläggning i) ", name) \
            or re.match(r"^(?:[\wåäö-]+s ){1,3}(?:bedömning|kommentar|yttrande)$", name):
        return "rubricerat"
    if name in _AVSNITT:
        return "avsnitt"
    return None


class Namer:
    """Turn names in a paper into the workspace's ids where it knows them."""

    def __init__(self, workspace=None):
        self.enheter: dict[str, str] = {}
        self.personer: dict[str, str] = {}
        if workspace is not None:
            for key, enhet in workspace.organisation.enheter.items():
                self.enheter[enhet.namn.lower()] = key
                if enhet.bestamd_form:
                    self.enheter[enhet.bestamd_form.lower()] = key
            for key, person in workspace.personer.items():
                self.personer[person.namn.lower()] = key

    def enhet(self, name: str) -> str:
        """Return the id of body or office ``name`` (also in the genitive), or the name itself."""
        name = name.strip()
        lower = name.lower()
        if lower in self.enheter:
            return self.enheter[lower]
        if lower.endswith("s") and lower[:-1] in self.enheter:
            return self.enheter[lower[:-1]]
        return name

    def person(self, name: str, titel: str | None) -> Any:
        """Return a person's id, or ``{namn, titel}`` when the workspace does not know them."""
        key = self.personer.get(name.strip().lower())
        if key:
            return key
        return {"namn": name.strip(), "titel": titel.strip()} if titel else {"namn": name.strip()}


# Verbs a decision is made with; their present tense, active or passive, makes a point a whole
# sentence ("Kommunstyrelsen godkänner ...", "Motionen avslås.").
_DECISION_VERBS = ("godkänna", "anta", "avslå", "bifalla", "fastställa", "bevilja", "uppdra", "ge", "lägga",
                   "översända", "notera", "återremittera", "överlämna", "anse", "tillstyrka", "avstyrka", "anvisa",
                   "avsätta", "upphäva", "revidera", "förklara", "välja", "entlediga", "avskriva", "avge", "anmoda",
                   "omfördela", "godta", "upphandla", "teckna", "ställa", "hemställa", "tilldela", "ta")


def _finite_forms() -> set[str]:
    forms = set()
    for verb in _DECISION_VERBS:
        active = present(verb)
        forms.add(active)
        forms.add(active[:-1] + "s")  # antar → antas, avslår → avslås, ger → ges
        if active.endswith("er"):
            forms.add(active[:-2] + "s")  # godkänner → godkänns, lägger → läggs
    return forms


_FINITE = _finite_forms()
_BESLUTAR = re.compile(r"^(?P<vem>[A-ZÅÄÖ][\wåäö-]*(?:\s+[\wåäö-]+){0,4}?)\s+beslutar(?:\s+att)?\s+(?P<rest>.+)$")


def _sentence(point: str) -> bool:
    """Return True when ``point`` is a whole decision sentence: a subject, then a decision verb in the present."""
    words = point.split()
    if len(words) < 2 or not point[:1].isupper() or point[:2].isupper() or _BESLUTAR.match(point):
        return False
    return any(re.sub(r"[.,;:]$", "", w) in _FINITE for w in words[1:31])


def _split_sentences(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"(?<=[.!])\s+(?=[A-ZÅÄÖ])", text.strip()) if t.strip()]


def _points_of(text: str) -> list[str]:
    """Return the att-satser of "att A, att B och att C", or of "A och B" where B is an infinitive."""
    text = re.sub(r"^att\s+", "", text.strip())
    parts = re.split(r"\s*[,;]\s*(?:och\s+|samt\s+)?att\s+|\s+(?:och|samt)\s+att\s+", text)
    points = [q for p in parts for q in _INFINITIVE_SPLIT.split(p)]
    points = [re.sub(r"[\s,.;]+$", "", re.sub(r"\s+och$", "", p.strip())) for p in points]
    return [p for p in points if p]


def _place_points(points: list[str], forslag: dict) -> str | None:
    """Put each point in ``att`` or ``beslut`` by its form; return the decider a "X beslutar att" names."""
    decider = None
    for point in points:
        point = point.strip()
        said = _BESLUTAR.match(point)
        if said:
            decider = decider or said.group("vem")
            forslag.setdefault("att", []).extend(_points_of(said.group("rest")))
        elif _sentence(point):
            forslag.setdefault("beslut", []).append(point if re.search(r"[.!]$", point) else point + ".")
        else:
            forslag.setdefault("att", []).extend(_points_of(point) if not point[:1].isupper() else
                                                 [re.sub(r"[\s,.;]+$", "", point)])
    return decider


def decision(blocks: list[Block], draft: Draft) -> dict | None:
    """Return ``forslag_till_beslut`` from the section's blocks (att-satser, numbered points or a sentence)."""
    if not blocks:
        return None
    forslag: dict[str, Any] = {}
    numbered = [b for b in blocks if b.kind == "nummer"]
    if not numbered and any(b.kind == "punkt" for b in blocks):
        numbered = [b for b in blocks if b.kind == "punkt"]  # "besluta följande:" over bullets
    lead_blocks = [b for b in blocks if b not in numbered]
    first = plain(lead_blocks[0].text) if lead_blocks else ""
    if (not numbered and len(lead_blocks) > 1 and re.search(r"[.!]$", first)
            and (_BESLUTAR.match(first) or _sentence(first))
            and not any(re.match(r"^(?:att|och att)\s", plain(b.text)) for b in lead_blocks[1:])):
        # One decision sentence, then the paper's reasoning under the same heading: that is body text
        forslag["_body"] = lead_blocks[1:]
        lead_blocks = lead_blocks[:1]
    text = plain(" ".join(b.text for b in lead_blocks))
    decider = None
    rest = text
    original = text
    if re.search(r"\bföreslås besluta\b", text):
        decider, rest = re.split(r"\s+föreslås besluta:?\s*", text, maxsplit=1)
    elif " föreslår " in text and not _BESLUTAR.match(text):
        who, rest = text.split(" föreslår ", 1)
        forslag["forslagsstallare"] = who.strip()
        if rest.startswith("att "):
            # "X föreslår att Kommunstyrelsen avslår ..." – the decider, then a verb in the present
            match = re.match(r"att (?P<vem>(?:[A-ZÅÄÖ][\wåäö-]*\s?)+?) (?P<verb>[a-zåäö]+r) (?P<rest>.*)$", rest)
            if match:
                decider = match.group("vem").strip()
                rest = infinitive(match.group("verb")) + " " + match.group("rest")
                draft.note("forslag_till_beslut", f"ursprunglig lydelse: {original}")
        else:
            chain = re.match(r"^(?:att\s+)?(?:(?P<via>[\wåäö -]+?)\s+(?:att\s+)?föreslå\s+)?(?P<vem>[\wåäö -]+?)"
                             r"\s+besluta(?:\s+följande)?:\s*(?P<rest>.*)$", rest)
            match = re.match(r"(?P<vem>.+?):?\s+att\s+(?P<rest>.*)$", rest)
            if chain:
                # "föreslår kommunstyrelsen föreslå kommunfullmäktige besluta följande:"
                if chain.group("via"):
                    forslag["via"] = [chain.group("via").strip()]
                decider, rest = chain.group("vem"), chain.group("rest")
            elif match:
                decider, rest = match.group("vem"), "att " + match.group("rest")
            elif rest.rstrip(":").strip().endswith("besluta"):
                decider, rest = rest.rstrip(":").rsplit(" ", 1)[0], ""
    points: list[str]
    if numbered:
        points = [plain(b.text) for b in numbered]
        # "1. Anta riktlinjen": an att-sats written with a capital; a whole sentence keeps its own
        points = [p[:1].lower() + p[1:] if p[:1].isupper() and not p[1:2].isupper() and not _sentence(p)
                  and not _BESLUTAR.match(p) else p for p in points]
        said = _place_points(points, forslag)
    else:
        said = _BESLUTAR.match(rest.strip())
        if said and not decider:
            decider, rest = said.group("vem"), said.group("rest")  # "Kommunstyrelsen beslutar att A, att B"
        sentences = _split_sentences(rest)
        if sentences and all(_sentence(t) or _BESLUTAR.match(t) for t in sentences):
            said = _place_points(sentences, forslag)
        else:
            forslag["att"] = _points_of(rest)
            said = None
    decider = decider or said
    if not forslag.get("att") and not forslag.get("beslut"):
        draft.kvar.append(markdown(blocks))
        return None
    if decider:
        forslag["_beslutsinstans"] = decider.strip()
    return forslag


def _people(text: str, namer: Namer) -> tuple[list, Any]:
    """Return (handläggare, ansvarig) from "Handläggare A, titel och ansvarig chef B, titel"."""
    text = re.sub(r"^Handläggare:?\s*", "", plain(text))
    ansvarig = None
    if re.search(r"\s+och\s+ansvarig(?: chef)?:?\s+", text):
        text, chief = re.split(r"\s+och\s+ansvarig(?: chef)?:?\s+", text, maxsplit=1)
        name, _, titel = chief.partition(", ")
        ansvarig = namer.person(name, titel or None)
    handlaggare = []
    for entry in re.split(r"\s+och\s+(?=[A-ZÅÄÖ])", text):
        name, _, titel = entry.partition(", ")
        if name.strip():
            handlaggare.append(namer.person(name, titel or None))
    return handlaggare, ansvarig


def _references(text: str, patterns, own: str | None) -> list[dict]:
    """Return a reference for every case number written in running ``text`` (not the case's own)."""
    found: list[tuple[str, int]] = []
    if patterns:
        for pattern in patterns:
            for match in re.finditer(r"(?<![\w])(?:" + pattern._regex.pattern + r")(?![\w])", text):
                found.append((match.group(0), match.start()))
    else:
        found = [(m.group(0), m.start()) for m in _DNR_GENERIC.finditer(text)]
    refs, seen = [], {own}
    for dnr, start in sorted(found, key=lambda f: f[1]):
        if dnr in seen:
            continue
        seen.add(dnr)
        sentence_start = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
        sentence = text[sentence_start:start].strip(" ,:;")
        sentence = re.sub(r",?\s*(?:se|i|enligt|dnr)$", "", sentence).strip(" ,") or "Hänvisning"
        refs.append({"dnr": dnr, "text": plain(upper_first(sentence))})
    return refs


def _reference_item(text: str) -> dict:
    """Return ``{text, dnr}`` of a listed reference "Svar på granskning, dnr KS 2025/064"."""
    text = plain(text)
    match = re.match(r"^(?P<text>.+?),?\s+dnr:?\s+(?P<dnr>\S.*)$", text)
    return {"dnr": match.group("dnr"), "text": match.group("text")} if match else {"text": text}


def _recommendations_numbered(blocks: list[Block], draft: Draft) -> tuple[list[dict], list[Block]]:
    """Return the recommendations of the "Rekommendation 1: ..." form and the blocks around them."""
    recs: list[dict] = []
    body: list[list[Block]] = []
    others: list[Block] = []
    for block in blocks:
        match = _REC_LINE.match(block.text.strip())
        if match and block.kind in ("stycke", "rubrik"):
            recs.append({"nr": int(match.group("nr")), "rubrik": plain(match.group("rubrik"))})
            body.append([])
        elif recs:
            body[-1].append(block)
        elif not re.match(r"^Rekommendationer med .+ svar:?$", plain(block.text)):
            others.append(block)
    for rec, blocks_of in zip(recs, body):
        atgarder, text_blocks = _actions(blocks_of)
        svar = markdown(text_blocks)
        svar = _ANSWER_PREFIX.sub("", svar, count=1)
        stance = _STANCE_SENTENCE.match(svar)
        if stance:
            rec["stallningstagande"] = {"": "instammer", "delvis ": "instammer_delvis", "inte ": "instammer_inte",
                                        "ej ": "instammer_inte"}[stance.group("hur")]
            svar = svar[stance.end():].lstrip()
        else:
            said = stated(svar, STANCES)
            if len(said) == 1:
                rec["stallningstagande"] = said[0]
        if svar:
            rec["svar"] = svar
        if atgarder:
            rec["atgarder"] = atgarder
    return recs, others


# "Kommunrevisionens rekommendationer", "Revisorernas rekommendationer", "Rekommendationer": a list follows.
_LISTED_HEADING = re.compile(r"^(?:[\wåäöÅÄÖ-]+s\s+)?rekommendationer:?$", re.IGNORECASE)


def recommendations_listed(blocks: list[Block]) -> tuple[list[dict], list[Block]]:
    """Return the recommendations listed as bullets or numbers under a "… rekommendationer" heading, and the other blocks.

    The items run to the next heading; a page's footer between two items does not end the list.
    """
    recs: list[dict] = []
    rest: list[Block] = []
    inside = False
    for block in blocks:
        if block.kind == "rubrik":
            inside = bool(_LISTED_HEADING.match(plain(block.text)))
        elif inside and block.kind in ("punkt", "nummer") and plain(block.text):
            text = plain(block.text)
            recs.append({"nr": len(recs) + 1, "rubrik": text})
            continue
        rest.append(block)
    return recs, rest


def _actions(blocks: list[Block]) -> tuple[list[dict], list[Block]]:
    """Return the actions listed after "Åtgärder:" and the other blocks."""
    actions, rest, in_list = [], [], False
    for block in blocks:
        if plain(block.text).rstrip(":").lower() == "åtgärder":
            in_list = True
            continue
        if in_list and block.kind == "punkt":
            match = _ATGARD.match(plain(block.text))
            action: dict[str, Any] = {"atgard": match.group("atgard")}
            if match.group("ansvarig"):
                action["ansvarig"] = match.group("ansvarig")
            klart = parse_date(match.group("klart") or "")
            if klart:
                action["klart"] = klart
            if match.group("status"):
                action["status"] = _STATUS[match.group("status")]
            actions.append(action)
            continue
        in_list = False
        rest.append(block)
    return actions, rest


def _recommendations_headed(sections, namer: Namer, draft: Draft) -> tuple[list[dict], list[dict]]:
    """Return recommendations written as headings under "Svar på revisionens rekommendationer till X"."""
    recs: list[dict] = []
    groups: list[dict] = []
    for heading, blocks in sections:
        group = _GROUP.match(plain(heading.text))
        if not group:
            continue
        target = group.group("till")
        riktad = namer.enhet(target) if target else None
        current: dict | None = None
        intro: list[Block] = []
        for block in blocks:
            if block.kind == "rubrik":
                current = {"nr": len(recs) + 1, "rubrik": plain(block.text)}
                if riktad:
                    current["riktad_till"] = riktad
                current["_blocks"] = []
                recs.append(current)
            elif current is None:
                intro.append(block)
            else:
                current["_blocks"].append(block)
        intro_text = plain(" ".join(b.text for b in intro))
        default = f"I nedanstående text presenteras svar på de rekommendationer som riktas till {target}."
        if intro_text and target and intro_text != default:
            groups.append({"riktad_till": riktad, "inledning": intro_text})
    for rec in recs:
        blocks = rec.pop("_blocks")
        atgarder, blocks = _actions(blocks)
        rec["svar"] = markdown(blocks)
        said = stated(rec["svar"], STANCES)
        if len(said) == 1:
            rec["stallningstagande"] = said[0]
        if atgarder:
            rec["atgarder"] = atgarder
    return recs, groups

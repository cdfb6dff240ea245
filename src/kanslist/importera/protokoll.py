"""Read a protocol or a protocol extract (protokollsutdrag) into a draft meeting file (sammantraden/*.yaml).

A protocol is split at its paragraphs (``§ 52/2019 Dnr 2018/0219 KS-5``, ``KS § 12``,
``KSAU 130/2014``); each § with a body becomes an item of the meeting (rubrik, dnr, beslut,
sammanfattning, yrkanden, skickas_till), the front page gives organ, datum, plats, tid and
the people. Page furniture ("Justerandes signatur", "Utdragsbestyrkande",
"Expedierat/bestyrkt", the running header) is dropped; what has no field in a meeting file
(beslutsunderlag, beslutsgång, the protocol's own § numbers) stays as comments beside the
item, so nothing is lost.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

import pydantic

from kanslist.errors import InvalidInput
from kanslist.importera.read_text import (_FURNITURE_LINE, _INLINE, _NAME, Block, flat_header, is_known_heading,
                                          printable, read_text, repair_date, repair_dnr)
from kanslist.importera.segment import Namer, _section_of, markdown, plain
from kanslist.model import MAX_TEXT
from kanslist.pipeline.load import parse_yaml
from kanslist.svenska import parse_date

# What makes a text a protocol: its label or its extract's stamp, in any of the forms papers print.
_MARK = re.compile(r"SAMMANTRÄDESPROTOKOLL|Sammanträdes-?\s*protokoll|Protokollsutdrag|Utdrag ur protokoll|"
                   r"^\s*P\s?R\s?O\s?T\s?O\s?K\s?O\s?L\s?L\b|Justerandes\s+signatur|Justerarsignatur|"
                   r"Utdragsbestyrkande|Expedierat/bestyrkt|Sign\.\s*Ordf\.|Anslag/Bevis|ANSLAGSBEVIS|^\s*BEVIS\b|"
                   r"Protokollet (?:är justerat|har anmälts)", re.IGNORECASE | re.MULTILINE)
# A protocol's front page: who decided, and who justerar or which §§ it holds.
_FRONT = re.compile(r"\bBeslutande\b", re.IGNORECASE)
_FRONT_TOO = re.compile(r"\bjustera\b|\bJustering\b|\bParagrafer\b|\bJusterare\b", re.IGNORECASE)
# A case document inside the paper (the tjänsteskrivelse an extract came with): then the paper is a case.
# (a label line, or a tjänsteutlåtande's header row); a KF-handling ("Handling 2025 nr 1") is one too.
_CASE_LABEL = re.compile(r"^\s*(?:(?:TJÄNSTESKRIVELSE|TJÄNSTEUTLÅTANDE|YTTRANDE|MOTION|Motion)\s*$|Tjänsteutlåtande\b|"
                         r"Handling\s+\d{4}\s+nr\s+\d+|\d{4}\s+nr\s+\d+\.?\s*$)", re.MULTILINE)
# "§ 52/2019 Dnr 2018/0219 KS-5", "KS § 12", "§ 444 Ärendenummer SLK-2026-00392"; "KSAU 130/2014 Dnr 2014/…"
_ITEM = re.compile(r"^\s*(?:(?P<organ>[A-ZÅÄÖ]{2,6})\s+)?§\s*(?P<nr>\d{1,4})(?:/(?P<ar>\d{2,4}))?(?![\d§])(?P<rest>.*)$")
_ITEM_ORGAN = re.compile(r"^\s*(?P<organ>[A-ZÅÄÖ]{2,6})\s+(?P<nr>\d{1,3})/(?P<ar>(?:19|20)\d{2})\b(?P<rest>.*)$")
# What follows a § line's number: nothing, the dnr, or the title (a § cited mid-sentence goes on in lower case).
_ITEM_REST = re.compile(r"^(?:\s*$|\s+(?:Dnr|Diarienr|Diarienummer|Ärendenummer)\b|\s+[A-ZÅÄÖ0-9\"”(])")
# "KS/2018:4" (Mjölby's series, a slash, the year) is a number too.
_INLINE_DNR_ANY = re.compile(r"\bDnr[:.]?\s+(?P<dnr>[A-ZÅÄÖ]{0,5}[- /]?\d[\w/:.-]*\d)")
_ITEM_DNR = re.compile(r"^\s*(?:Dnr|Diarienr|Diarienummer|Ärendenummer)[:.]?\s+"
                       r"(?P<dnr>[A-ZÅÄÖ]{0,5}[- /]?\d[\w/:.-]*(?:\s+[A-ZÅÄÖ]{1,5}-\d{1,4}\b)?)\s*")
_LABEL_VALUE = re.compile(r"^\s*[A-ZÅÄÖ][\wåäö]+(?:\s[\wåäö]+)?:\s*\S+\s*$")
_DIARIEKOD = re.compile(r"^(?:Diariekod|Dpl|Klassificering|Ärendekod):\s*(\S+)$", re.IGNORECASE)
_TOC_END = re.compile(r"(?:\.{2,}|…)\s*\d{1,3}\s*$")
# Lines of a protocol's page that are not its text.
_PAGE_FURNITURE = re.compile(r"^\s*(?:" + "|".join((
    r"<!--.*-->", r"\[…?.*utelämnade.*\]", r".*SAMMANTRÄDESPROTOKOLL(?:\s+\d+\s*\(\d+\))?", r"Sammanträdes-?\s*protokoll",
    r"(?:\d+\s+)?(?:Sammanträdes)?protokoll\s+\d+\s*\(\d+\)", r"P\s?R\s?O\s?T\s?O\s?K\s?O\s?L\s?L", r"\d+\s*\(\d+\)",
    r"(?:Sida|Sidan)\s+\d+\s*(?:av|\()\s*\d+\)?", r"Expedierat/bestyrkt", r"Justerare\s+Expedierat/bestyrkt",
    r"(?:\.\.\.\s*)+", r"Sign\.\s*Ordf\..*", r"(?:Justerandes\s+signatur|Justerarsignaturer)\s*(?:Utdragsbestyrkande)?",
    r"Utdragsbestyrkande", r"\[Tabell [\d-]+\]\(.*\)")) + r")\s*$", re.IGNORECASE)
_BODY = (r"(?:[A-ZÅÄÖ][\wåäö&-]*(?:\s+(?:[a-zåäö][\wåäö&-]*|&)){0,5}\s+[\wåäö-]*|[A-ZÅÄÖ][\wåäö&-]*)"
         r"(?:nämnden|nämnd|styrelsen|fullmäktige|utskottet|utskott|revisorerna)(?:s arbetsutskott|s presidium)?"
         r"|Nämnden för [A-ZÅÄÖ][\wåäö]*(?:\s+(?:&|och)\s+[A-ZÅÄÖ][\wåäö]*)?")
# (a document site's page number may stand first: "1 Kommunstyrelsens arbetsutskott 25 mars 2004")
_ORGAN_LINE = re.compile(r"^\s*(?:\d{1,3}\s+(?=[A-ZÅÄÖ]))?(?:Beslutsinstans:?\s+|Organ(?:\s+och\s+sammanträdesdatum)?:?\s+|Forum:?\s+)?(?P<organ>" + _BODY + r")(?=\s*$|\s+\d)")
_DATE_LINE = re.compile(r"^\s*(?:Sammanträdesdatum|Datum):?\s*(?P<d>\d{4}-\d{2}-\d{2})?\s*$")
_LONG_DAY = re.compile(r"^(?:[a-zåäö]+dagen\s+)?(?:den\s+)?(?P<d>\d{1,2}\s+[a-zåäö]+\s+\d{4})\b,?", re.IGNORECASE)
_DATE_INLINE = re.compile(r"\bSammanträdesdatum:?\s*(?P<d>\d{4}-\d{2}-\d{2})")
_PLATS = re.compile(r"^\s*(?:Plats och tid|Tid och plats)(?:\s+för\s+sammanträde(?:t)?)?:?\s*(?P<v>.*)$", re.IGNORECASE)
_TID = re.compile(r"\b[Kk](?:lockan|l\.?)\s*(?P<tid>\d{1,2}[.:]\d{2}(?:\s*[–-]\s*\d{1,2}[.:]\d{2})?)")
_PERSON_NAME = _NAME + r"(?:\s+[A-ZÅÄÖ][\wåäöé-]+)?"
_ORDFORANDE = [re.compile(p) for p in (r"^\s*Ordförande:?\s+(?P<n>" + _PERSON_NAME + r")\s*$",
                                        r"(?P<n>" + _NAME + r")\s+\([A-ZÅÄÖa-zåäö]{1,4}\),?\s+[Oo]rdf(?:örande|\.)?\b(?!\s+[A-ZÅÄÖ][a-zåäö]+\s+\()",
                                        r"\bOrdförande(?:n)?\s+(?P<n>" + _NAME + r")\s+\([A-ZÅÄÖa-zåäö]{1,4}\)")]
_SEKRETERARE = [re.compile(p) for p in (r"^\s*Sekreterare:?\s+(?P<n>" + _NAME + r")\b",
                                         r"^\s*(?P<n>" + _PERSON_NAME + r"),\s+(?:kommun|nämnd)?sekreterare\b")]
_JUSTERARE = re.compile(r"^\s*(?:Protokolljusterare|Justerare|Justerande|Utses att justera):?\s+(?P<n>" + _NAME
                        + r"(?:\s+\([A-ZÅÄÖa-zåäö]{1,4}\))?(?:\s+och\s+" + _NAME + r"(?:\s+\([A-ZÅÄÖa-zåäö]{1,4}\))?)?)\s*[,.]?\s*$")
_LABEL_NAME = re.compile(r"\b(?:Ordförande|Justerande|Justerare|Paragrafer|Underskrifter)\b")  # a label, no name
# "Ordförande Justerande... Jimmy Jansson... Maria Chergui": the signatures' labels over their names.
_SIGN_ROW = re.compile(r"\bOrdförande\s+Justerande\W*\s+(?P<o>" + _NAME + r")\W*\s+(?P<j>" + _NAME + r")\W*$")
# "KSKF/2014:1 235 Val till kommunala uppdrag": a § line opening with its dnr, the § sign lost.
_DNR_FIRST = re.compile(r"^\s*(?:\d{1,3}\s+\d{1,3}\s*\(\d+\)\s+)?(?P<dnr>[A-ZÅÄÖ]{2,6}/\d{4}:\d+)\s+(?P<nr>\d{1,4})\s+(?P<rest>[A-ZÅÄÖ].*)$")
_JUSTERING = re.compile(r"^\s*(?:Plats och tid för justering|Tid och plats för justering|Justeringens plats och tid)"
                        r":?\s*(?P<v>.*)$", re.IGNORECASE)
_YRKAR = re.compile(r"^(?P<av>[A-ZÅÄÖ].+?)\s+yrkar\s+(?P<yrkande>.+?)\.?$")
# A § section's heading → what it holds in the meeting file
_DEBATE = {"överläggning", "yrkanden", "yrkande", "förslag till beslut på sammanträdet", "förslag på sammanträdet"}
_PROPOSITION = {"beslutsgång", "proposition", "propositionsordning"}
_RESERVATION = {"reservation", "reservationer"}
_ANTECKNING = {"protokollsanteckning", "protokollsanteckningar"}
# What a meeting item has no field for (a vote's names are the members' ids): kept as comments.
_GANG = {"omröstning", "omröstningsresultat", "votering", "särskilt yttrande", "skiljaktig mening", "jäv"}
# "Ledamöterna från SD reserverar sig mot beslutet.", "Anna Ek (M) reserverar sig till förmån för eget yrkande."
_RESERVERAR = re.compile(r"^(?P<av>[A-ZÅÄÖ].+?)\s+reserverar\s+sig(?:\s+mot\s+beslutet)?(?:\s+(?P<text>.+?))?\.?$")
_CLOSING_SPLIT = re.compile(r"\s+(?=(?:Vid protokollet|Protokollsutdragets riktighet intygas|Utdragets riktighet intygas|"
                            r"Dag för justering)\b)")
# An extract's closing lines: who kept the protocol, when it was justerat, who certifies the copy.
_CLOSING = re.compile(r"^(?:Vid protokollet|Protokollsutdragets riktighet intygas|Utdragets riktighet intygas|"
                      r"Dag för justering|Justeringsdag|Underskrift\b)", re.IGNORECASE)
_SKICKAS = {"beslutet skickas till", "protokollsutdrag skickas till", "beslutsexpediering", "expedieras till",
            "beslut sänds till", "beslutet sänds till", "kopia av beslut till", "expediering"}

ORDER = ("organ", "datum", "tid", "plats", "ordforande", "sekreterare", "ledamoter", "ovriga", "justerare", "justering",
         "forsta_paragraf", "punkter")


@dataclass
class Paragraf:
    """One § of the paper: its number, dnr, the lines of its title and body."""

    nr: int
    dnr: str | None
    lines: list[str]
    toc: bool = False  # an entry of the table of contents, not the § itself
    numbered: bool = True  # False: the extraction lost the § sign and number


@dataclass
class MeetingDraft:
    """A meeting file being put together: fields, per-item comments, what is missing, what was left over."""

    data: dict[str, Any] = field(default_factory=dict)
    item_comments: list[list[str]] = field(default_factory=list)
    saknas: list[tuple[str, str]] = field(default_factory=list)
    kvar: list[str] = field(default_factory=list)
    noter: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)


def _item_start(line: str) -> re.Match | None:
    start = _ITEM.match(line) or _ITEM_ORGAN.match(line)
    return start if start and _ITEM_REST.match(start.group("rest")) else None


def _split(lines: list[str]) -> tuple[list[str], list[Paragraf]]:
    """Return the lines before the first §, and each § (a table of contents' entries marked ``toc``)."""
    front: list[str] = []
    items: list[Paragraf] = []
    for line in lines:
        start = _item_start(line)
        if start:
            rest = start.group("rest")
            dnr = _ITEM_DNR.match(rest)
            if dnr:
                rest = rest[dnr.end():]
            items.append(Paragraf(int(start.group("nr")), dnr.group("dnr").strip() if dnr else None,
                                  [rest.strip()] if rest.strip() else []))
        elif items:
            items[-1].lines.append(line)
        else:
            front.append(line)
    for item in items:
        text = [line.strip() for line in item.lines if line.strip()]
        head = " ".join(text[:4])
        item.toc = bool(_TOC_END.search(head)) and len(text) <= 4
    return front, items


# An extract names itself in capitals too ("KOMMUNSTYRELSEN PROTOKOLLSUTDRAG").
_LABEL = re.compile(r"\bPROTOKOLL\b|SAMMANTRÄDESPROTOKOLL|Protokollsutdrag|PROTOKOLLSUTDRAG|Utdrag ur protokoll")
_UPPER_ORGAN = re.compile(r"\b(?P<organ>[A-ZÅÄÖ]+(?:NÄMNDEN|STYRELSEN|FULLMÄKTIGE|UTSKOTTET))\s+PROTOKOLL\b")


def _unnumbered(front: list[str]) -> tuple[list[str], Paragraf | None]:
    """Return an extract whose § the extraction lost: its label at the top, then a decision heading.

    The § is the title line before the decision's heading, the heading and all that follows.
    """
    head = " ".join(front[:12])
    if not _LABEL.search(head):
        return front, None
    at = next((i for i, line in enumerate(front) if _decision_heading(line.strip())), None)
    if at is None:
        return front, None
    from kanslist.importera.place import _title_like

    titles = [i for i in range(at) if front[i].strip() and _title_like(front[i]) and not _LABEL.search(front[i])]
    dnr = next((m.group("dnr") for line in front[:at] for m in [_INLINE_DNR_ANY.search(line)] if m), None)
    title = [front[titles[-1]].strip()] if titles else []
    kept = [line for i, line in enumerate(front[:at]) if not titles or i != titles[-1]]
    return kept, Paragraf(0, dnr, title + [""] + front[at:], numbered=False)


_EXTRACT_TOP = re.compile(r"PROTOKOLLSUTDRAG|Protokollsutdrag|Utdrag ur protokoll")


def recognise(text: str) -> bool:
    """Return True when ``text`` is a protocol or an extract of one: its marks, and a § with a decision."""
    if not (_MARK.search(text) or _LABEL.search(text)) or _CASE_LABEL.search(text):
        return False
    front, items = _split(_clean_lines(text, [])[0])
    if not items and _unnumbered(front)[1] is not None:
        return True
    if any(not i.toc and any(_decision_heading(line.strip()) for line in i.lines) for i in items):
        return True
    if _EXTRACT_TOP.search(text[:200]) and any(not i.toc for i in items):
        return True  # an extract names itself at the top: its § is a meeting's item, decided or not
    return bool(_FRONT.search(text[:3000]) and _FRONT_TOO.search(text[:3000]))  # the front pages of a protocol


def _decision_heading(line: str) -> bool:
    name = plain(line).rstrip(":").strip().lower()
    return _section_of(line) == "forslag" and name not in _DEBATE and is_known_heading(line) or name == "beslut"


# A document site's extraction puts a whole page on one line: its labels, § lines and headings
# start lines of their own again.
_FLAT_BREAK = re.compile(
    r"\s+(?=(?:Plats och tid|Tid och plats|Beslutande|Övriga (?:deltagande|deltagare|närvarande)|Utses att justera|"
    r"Justeringens plats och tid|Anslag/Bevis|ANSLAGSBEVIS|Organ\s|Datum för anslags|Förvaringsplats|"
    # the signatures' labels over their names, the notice's dates, a § line opening with its dnr (Eskilstuna)
    r"Underskrifter\b|Sekreterare\s+(?!Ordförande|Justerande|Justerare|Paragrafer)(?=[A-ZÅÄÖ][a-zåäö])|Anslaget\s+(?:sätts|tas)\b|"
    r"[A-ZÅÄÖ]{2,6}/\d{4}:\d+\s+\d{1,4}\s+[A-ZÅÄÖ]|"
    r"(?:[A-ZÅÄÖ]{2,6}\s+)?§\s*\d|[A-ZÅÄÖ]{2,6}\s+\d{1,4}/\d{4}\b|\d+\s+Sammanträdesprotokoll\s+\d+\s*\(\d+\)|"
    r"(?:Beslut|Sammanfattning(?: av ärendet)?|Beslutsunderlag|Beslutet skickas till|Yrkanden|Propositionsordning)"
    r"(?=\s+[A-ZÅÄÖ])|[A-ZÅÄÖ][\wåäö-]+s förslag till [a-zåäö]+(?=\s+[A-ZÅÄÖ])))")
_FLAT_HEADING = re.compile(r"^((?:Beslut|Sammanfattning(?: av ärendet)?|Beslutsunderlag|Beslutet skickas till|Yrkanden|"
                           r"Propositionsordning|[A-ZÅÄÖ][\wåäö-]+s förslag till [a-zåäö]+))\s+(?=[A-ZÅÄÖ])")
_FLAT_PAGE = re.compile(r"^(\d+\s+Sammanträdesprotokoll\s+\d+\s*\(\d+\))\s+(?=\S)")


def _dnr_first(line: str) -> list[str]:
    """Return a § line that opens with its dnr ("3 3(43) KSKF/2014:1 235 Val … Beslut …") as "§ 235 Dnr …" and its text."""
    match = _DNR_FIRST.match(line)
    if not match:
        return [line]
    return [f"§ {match.group('nr')} Dnr {match.group('dnr')}"] + _unflatten(match.group("rest"), force=True)


def _unflatten(line: str, force: bool = False) -> list[str]:
    """Return a flattened line (a whole page on one line) as the lines it was; a short line as it is."""
    if len(line) < 300 and not force:
        return [line]
    out = []
    for part in _FLAT_BREAK.split(line):
        page = _FLAT_PAGE.match(part) or _FLAT_HEADING.match(part)
        if page:
            out.extend([page.group(1), part[page.end():]])  # the page's number or a heading, then the text
        else:
            out.append(part)
    return out


def _extract_header(line: str, furniture: list[str]) -> list[str]:
    """Return an extract's flattened header as the lines a laid-out one has: label, organ, § and dnr, title.

    "1 KOMMUNSTYRELSEN PROTOKOLLSUTDRAG Sammanträdesdatum Kommunstyrelsen 25 oktober Paragraf Diarienummer
    KS-2017/ <titel> Kommunstyrelsens beslut": labels over values, some values lost (the year, the §).
    """
    header = flat_header(line, labels_needed=True)
    if (header is None or header.namn is None or header.namn.lower() != "protokollsutdrag" or not header.rubrik
            or not header.labels):  # "13. Protokollsutdrag - KS, 2019-04-08, § 52" is a site's title, no header
        return [line]
    f = header.fields
    furniture.extend(header.dropped)
    out = ["PROTOKOLLSUTDRAG"]
    if f.get("organ"):
        out.append(f["organ"])
    dnr = f" Dnr {f['dnr']}" if f.get("dnr") else ""
    if f.get("paragraf"):
        out.append(f"§ {f['paragraf']}{dnr}")
    elif dnr:
        out.append(dnr.strip())
    out += ["", header.rubrik, ""]
    rest = header.rest
    heading = _INLINE.match(rest) or re.match(r"^[A-ZÅÄÖ][\wåäö-]+s beslut(?=\s+[A-ZÅÄÖ]|$)", rest)
    if heading:
        out += [heading.group(0), rest[heading.end():].strip()]
    elif rest:
        out.append(rest)
    return out


_NEXT_ITEM = re.compile(r"\s+(?=§\s*(?P<nr>\d{1,4})(?P<ar>/\d{2,4})?\s+[A-ZÅÄÖ])")


def _split_items(line: str) -> list[str]:
    """Return a line holding several § lines ("§ 71/20 Uppföljning … § 72/20 Övriga frågor") as one line each.

    A § inside the line starts a new one when it is written as the line's own (same year suffix, or none)
    with a higher number and a title after it; "enligt KS § 30" in a sentence does not.
    """
    start = _item_start(line)
    if not start or start.group("organ"):
        return [line]
    parts, at, nr = [], 0, int(start.group("nr"))
    suffix = f"/{start.group('ar')}" if start.group("ar") else None
    for match in _NEXT_ITEM.finditer(line):
        if match.group("ar") == suffix and int(match.group("nr")) > nr:
            parts.append(line[at:match.start()])
            at, nr = match.end(), int(match.group("nr"))
    return parts + [line[at:]]


def _clean_lines(text: str, furniture: list[str]) -> tuple[list[str], list[str]]:
    """Return the paper's lines without page furniture, and the lines of its running header (for fields)."""
    text = printable(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [part.rstrip() for line in text.split("\n") for part in _unflatten(line)]
    while lines and not lines[0].strip():
        lines = lines[1:]
    if lines:
        lines[:1] = _extract_header(lines[0], furniture)
    lines = [part for line in lines for part in _dnr_first(line)]
    lines = [part for line in lines for part in _split_items(line)]
    if lines and lines[0].strip() == "---" and "---" in [line.strip() for line in lines[1:200]]:
        end = [line.strip() for line in lines[1:200]].index("---") + 1
        furniture.extend(lines[:end + 1])  # a Markdown conversion's front matter: the store's record
        lines = lines[end + 1:]
    # The running header repeats on every page: a short line seen more than once is the page's, not the text's.
    seen: dict[str, int] = {}
    for line in lines:
        key = line.strip()
        if key:
            seen[key] = seen.get(key, 0) + 1
    header: list[str] = []
    out: list[str] = []
    since_marker = 0  # non-blank lines since the last page marker (a page's header follows it)
    for line in lines:
        key = line.strip()
        if not key:
            out.append("")
            continue
        marker = bool(_PAGE_FURNITURE.match(key) or _FURNITURE_LINE.match(key))
        since_marker = 0 if marker else since_marker + 1
        repeated = (since_marker <= 5 and seen[key] > 1 and len(key.split()) <= 5 and not is_known_heading(key) and not key.endswith((".", ":"))
                    and not _item_start(key) and _section_of(key) is None)
        if marker or repeated:
            furniture.append(key)
            header.append(key)
            continue
        if key.startswith("|") and out and not out[-1].strip().startswith("|"):
            out.append("")  # a table (a vote's) is a block of its own, not the end of the paragraph above
        out.append(line)
    return out, header


_MONTH_DATE = re.compile(r"\b\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|"
                         r"november|december)\s+\d{4}\b", re.IGNORECASE)
# A front page's labels: a line that is one of them holds no value of the label above it.
_FRONT_LABEL = re.compile(r"^\s*(?:Plats och tid|Tid och plats|Beslutande|Övriga (?:deltagande|deltagare|närvarande)|"
                          r"Utses att justera|Justering|Justeringens plats och tid|Paragrafer|Underskrifter|"
                          r"Sekreterare|Ordförande|Justerare|Justerande|Protokolljusterare)\b:?", re.IGNORECASE)


def _label_line(line: str) -> bool:
    return bool(_FRONT_LABEL.match(line))


def _where_when(value: str) -> tuple[str | None, str | None, Any]:
    """Return the place, the time and the day of a "Plats och tid" value ("Örngrund, 2020-08-18 kl. 09.00-10:05").

    A value without a letter ("/", a lost time's "kl :05") names no place.
    """
    tid = _TID.search(value)
    time = re.sub(r"\s+", "", tid.group("tid")) if tid else None
    if tid:
        value = value[:tid.start()] + value[tid.end():]
    when = repair_date(value)
    value = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", "", value)
    # "Onsdagen den 21 juni 2017 kl.18.00-20:20 i konferenssal Stallet": the day, then the place
    day = _LONG_DAY.match(value.strip())
    if day:
        when = when or parse_date(day.group("d"))
        value = value.strip()[day.end():]
    else:
        month = _MONTH_DATE.search(value)
        if month:  # "Kommunkansliet torsdagen den 22 juni 2017": the place, then the day
            when = when or parse_date(month.group(0))
            value = re.sub(r"(?:\b[a-zåäö]+dagen\s+)?(?:den\s+)?" + re.escape(month.group(0)), "", value,
                           flags=re.IGNORECASE)
    value = re.sub(r"^\s*(?:i|på)\s+", "", value.strip(" ,.")).strip(" ,.")
    value = re.sub(r"\s+sammanträde$", "", value)
    value = re.sub(r"(?:,?\s+|^)(?:kl|klockan)\.?(?:\s*:\d*)?$", "", value)  # the time's digits lost in extraction
    value = re.sub(r"\s+(?:på|i)$", "", value.strip(" ,.")).strip(" ,.")
    value = re.sub(r"\s+", " ", value)
    return (value if re.search(r"[A-Za-zÅÄÖåäö]{2}", value) else None), time, when


_ROLE = {"sekreterare": "sekreterare", "ordförande": "ordforande", "justerande": "justerare", "justerare": "justerare",
         "protokolljusterare": "justerare"}
_ROLE_WORD = r"(?:Sekreterare|Ordförande|Justerande|Justerare|Protokolljusterare)"
_NAME_WORD = r"(?!" + _ROLE_WORD + r"\b|Paragrafer\b|Underskrifter\b)[A-ZÅÄÖ][a-zåäöéüš][\wåäöéüšč-]*"
# The signatures' block: role labels and names in the order the page has them, and what lies between them
# (dotted lines, "Paragrafer 62-77", a party mark).
_SIGN_TOKEN = re.compile(r"\s*(?:(?P<role>" + _ROLE_WORD + r")\b|(?P<name>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD
                         + r"){1,2})(?:\s*\([A-ZÅÄÖa-zåäö]{1,4}\))?|(?P<skip>\.{2,}|…+|[.,]|Underskrifter\b|"
                         r"Paragrafer(?:\s+§*\s*\d+\s*[-–]\s*\d+)?|§§?\s*\d+(?:\s*[-–]\s*\d+)?))")
_SIGN_START = re.compile(r"^\s*(?:Underskrifter\b|" + _ROLE_WORD + r"\b)")


def _sign_tokens(text: str) -> list[tuple[str, str]] | None:
    """Return the roles and names of ``text`` in order; None when it holds anything else."""
    out: list[tuple[str, str]] = []
    at = 0
    while at < len(text.rstrip()):
        match = _SIGN_TOKEN.match(text, at)
        if not match or match.end() == at:
            return None
        at = match.end()
        if match.group("role"):
            out.append(("role", _ROLE[match.group("role").lower()]))
        elif match.group("name"):
            out.append(("name", match.group("name")))
    return out


def _signatures(lines: list[str]) -> tuple[dict[str, list[str]], set[int]]:
    """Return who signs as what under "Underskrifter" (or a block of role labels and names), and the lines used.

    The labels stand over their names or under them, one by one or all in a row ("Sekreterare Ordförande
    Justerande. Britt Olsson. Lars Rosander. Mattias Wärnsberg"): each run of labels goes with the run of
    names after it (before it when the block opens with a name), in order.
    """
    for start, line in enumerate(lines):
        if not _SIGN_START.match(line):
            continue
        tokens: list[tuple[str, str]] = []
        used: set[int] = set()
        for i in range(start, min(len(lines), start + 14)):
            if not lines[i].strip():
                continue
            found = _sign_tokens(lines[i])
            if found is None:
                break
            tokens += found
            if not re.search(r"Paragrafer\s+\S*\d|§", lines[i]):
                used.add(i)  # the §§ the protocol holds stay a comment
        roles = {kind for kind, _ in tokens}
        if roles != {"role", "name"} or len({v for k, v in tokens if k == "role"}) < 2:
            continue
        runs: list[tuple[str, list[str]]] = []
        for kind, value in tokens:
            if runs and runs[-1][0] == kind:
                runs[-1][1].append(value)
            else:
                runs.append((kind, [value]))
        first = runs[0][0]
        out: dict[str, list[str]] = {}
        for n in range(0, len(runs) - 1, 2):
            labels, names = (runs[n][1], runs[n + 1][1]) if first == "role" else (runs[n + 1][1], runs[n][1])
            for k, role in enumerate(labels):
                if k < len(names):
                    rest = names[k:] if k == len(labels) - 1 and role == "justerare" else [names[k]]
                    out.setdefault(role, []).extend(rest)
        if out:
            return out, used
    return {}, set()


_BARE_LABEL = re.compile(r"^\s*(?P<l>Plats och tid(?:\s+för\s+sammanträdet?)?|Tid och plats(?:\s+för\s+sammanträdet?)?|"
                         r"Beslutande|Övriga (?:deltagande|deltagare|närvarande)|Utses att justera|Justerare|"
                         r"Justeringens plats och tid|Plats och tid för justering|Paragrafer):?\s*$")
_LABEL_FIRST = re.compile(_BARE_LABEL.pattern.replace(r"):?\s*$", r"):?\s+(?P<v>\S.*)$"))
_PARTY_PERSON = (r"[A-ZÅÄÖ][\wåäöéü-]+(?:\s+[A-ZÅÄÖ][\wåäöéü-]+){1,2}?\s*\([A-Za-zÅÄÖåäö]{1,4}\)"
                 r"(?:,\s*[a-zåäö0-9:]+(?:\s+[a-zåäö]+)*)?")
_PERSON_RUN = re.compile(r"^(?:\s*(?:och\s+|,\s*)?" + _PARTY_PERSON + r")+")
_TIME_END = re.compile(r"^.*?\b(?:kl|klockan)\.?(?:\s*\d{1,2}[.:]\d{2}(?:\s*[–-]\s*\d{1,2}[.:]\d{2})?)?(?=\s|$)"
                       r"|^.*?(?:\d{4}-\d{2}-\d{2}|\b\d{1,2}\s+[a-zåäö]+\s+\d{4})(?=\s|$)", re.IGNORECASE)


def _stacked(lines: list[str]) -> tuple[list[int], int] | None:
    """Give each label of a front page whose labels stand in a column before their values its own value.

    "Plats och tid för sammanträdet / Beslutande / Övriga deltagare / Utses att justera / Justeringens plats
    och tid Bällstarummet, … kl Sten-Åke Adlivankin (m), ordförande … Hans Strandin (s) Kommunledningskontoret":
    the values follow in the labels' order: the place up to its time, the members (names with a party),
    the others up to the one who justerar (one of the members), the rest. Return the labels' lines and the
    values' line, rewritten in place as "label value"; None when the page is not laid out so.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for k, i in enumerate(nonblank):
        run = []
        m = k
        while m < len(nonblank) and _BARE_LABEL.match(lines[nonblank[m]]):
            run.append(nonblank[m])
            m += 1
        if len(run) < 2 or m >= len(nonblank):
            continue
        last = _LABEL_FIRST.match(lines[nonblank[m]])
        if not last:
            return None
        labels = [_BARE_LABEL.match(lines[j]).group("l") for j in run] + [last.group("l")]
        rest = last.group("v")
        values: list[str] = []
        members: list[str] = []
        for n, label in enumerate(labels):
            low = label.lower()
            later = [x.lower() for x in labels[n + 1:]]
            if n == len(labels) - 1:
                value = rest
            elif low.startswith(("plats och tid", "tid och plats", "justeringens")):
                found = _TIME_END.match(rest)
                value = found.group(0) if found else ""
            elif low in ("beslutande", "utses att justera", "justerare"):
                found = _PERSON_RUN.match(rest)
                value = found.group(0) if found else ""
                if low == "beslutande":
                    members = [re.sub(r"\s*\(.*$", "", p.strip(" ,")) for p in re.findall(_PARTY_PERSON, value)]
            elif low.startswith("övriga") and any(x in ("utses att justera", "justerare") for x in later):
                # the others run up to the one who justerar: a member, named with a party
                names = "|".join(re.escape(x) for x in members) or r"[A-ZÅÄÖ][\wåäöéü-]+\s+[A-ZÅÄÖ][\wåäöéü-]+"
                found = re.search(r"(?:^|\s)(?=(?:" + names + r")\s*\()", rest)
                value = rest[:found.start()] if found else ""
            elif low == "paragrafer":
                found = re.match(r"^§*\s*\d+\s*[-–]\s*\d+", rest)
                value = found.group(0) if found else ""
            else:
                return None
            if not value.strip() and low not in ("paragrafer",):
                return None
            values.append(value.strip())
            rest = rest[len(value):].strip()
        for j, label, value in zip(run + [nonblank[m]], labels, values):
            lines[j] = f"{label} {value}".strip()
        return run, nonblank[m]
    return None


def _people_fields(lines: list[str], draft: MeetingDraft, namer: Namer) -> set[int]:
    """Read organ, datum, plats, tid, ordförande, sekreterare, justerare and justering; return the lines used."""
    d = draft.data
    used: set[int] = set()
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    stacked = _stacked(lines)
    # The signatures name the chair, the secretary and who justerar: what they say comes before guesses.
    signed, used = _signatures(lines)
    for role, names in signed.items():
        if role == "justerare":
            d["justerare"] = names
        else:
            d[role] = namer.person(names[0], None)
    for k, i in enumerate(nonblank):
        line = lines[i].strip()
        following = lines[nonblank[k + 1]].strip() if k + 1 < len(nonblank) else ""
        upper = _UPPER_ORGAN.search(line)
        if upper and "organ" not in d:
            d["organ"] = namer.enhet(upper.group("organ").capitalize())  # "KOMMUNSTYRELSEN PROTOKOLL"
        organ = _ORGAN_LINE.match(line)
        if organ and "organ" not in d and len(line.split()) <= 6:
            d["organ"] = namer.enhet(organ.group("organ"))
            used.add(i)
            # "Kommunstyrelsen 2014-03-06", "Kommunstyrelsens arbetsutskott 25 mars 2004": the organ and its day
            after = line[organ.end():].strip()
            day = parse_date(after) if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-zåäö]+\s+\d{4}", after) else None
            if day and "datum" not in d:
                d["datum"] = day
            if not _DATE_INLINE.search(line):
                continue
        date = _DATE_LINE.match(line) or _DATE_INLINE.search(line)
        if date and "datum" not in d:
            value = date.group("d") or (following if re.fullmatch(r"\d{4}-\d{2}-\d{2}", following) else None)
            if value:
                d["datum"] = repair_date(value)
                used.add(i)
                if not date.group("d"):
                    used.add(nonblank[k + 1])
                continue
        justering = _JUSTERING.match(line)
        if justering:
            value = justering.group("v")
            under = not value.strip() and following and not _label_line(following)
            if under:
                value = following  # "Justeringens plats och tid" over its value
            value = re.split(r"\s+(?=Justerade paragrafer\b)", value)[0]
            if re.search(r"digital", value, re.IGNORECASE):
                draft.noter.append("justeringen är digital (justering.digital: true)")
                d["_justering"] = {"digital": True}
            rest = re.sub(r"\bDigital justering\b", "", value, flags=re.IGNORECASE).strip()
            head = re.split(r"\s+(?=(?:Sekreterare|Ordförande|Justerare|Justerande|Paragrafer)\b)", rest, maxsplit=1)
            where, tid, when = _where_when(head[0]) if head[0] else (None, None, None)
            if when and "datum" not in d.get("_justering", {}):
                d["_justering"] = {**d.get("_justering", {}), "datum": when}
                if where:
                    d["_justering"]["plats"] = where
                if tid:
                    d["_justering"]["tid"] = tid
            if under and when:
                used.add(nonblank[k + 1])
            if len(head) > 1 and not under:
                lines[i] = head[1]  # "Digital justering Sekreterare  Patrik Johansson": the next field on the line
                line = head[1]
            else:
                if when or not rest:
                    used.add(i)  # what names no day stays a comment
                continue
        plats = _PLATS.match(line)
        # The meeting's "Plats och tid" names a time or a date; one that names neither (a label quoted in a
        # sentence) gives way to a later one that does.
        if plats and ("plats" not in d or d.get("_plats_weak")):
            value = plats.group("v")
            wrapped = following in ("sammanträde", "sammanträdet")
            if not value.strip() and following and not _label_line(following):
                value = following  # "Plats och tid" over its value
                used.add(nonblank[k + 1])
            if wrapped:
                used.add(nonblank[k + 1])  # "Plats och tid för" / "sammanträde": the label wrapped round the value
                value = re.sub(r"^för\s+", "", value.strip())
            where, tid, when = _where_when(value)
            if where or tid:
                strong = bool(tid or when)
                if "plats" in d and not strong:
                    continue
                d.pop("_plats_weak", None)
                if not strong:
                    d["_plats_weak"] = True
                if tid:
                    d["tid"] = tid
                if when and "datum" not in d:
                    d["datum"] = when
                if where:
                    d["plats"] = where
                used.add(i)
            continue
        for pattern in _SEKRETERARE:
            match = pattern.search(line)
            if match and "sekreterare" not in d and not _LABEL_NAME.search(match.group("n")):
                d["sekreterare"] = namer.person(match.group("n"), None)
                if pattern is _SEKRETERARE[0] and re.fullmatch(r"Sekreterare:?\s+" + _NAME + r"(?:\s+§§?\s*[\d-]+)?",
                                                               line):
                    used.add(i)
        for pattern in _ORDFORANDE:
            match = pattern.search(line)
            if match and "ordforande" not in d:
                d["ordforande"] = namer.person(match.group("n"), None)
                if pattern is _ORDFORANDE[0]:
                    used.add(i)
        signed = _SIGN_ROW.search(line)
        if signed:
            d.setdefault("ordforande", namer.person(signed.group("o"), None))
            d.setdefault("justerare", [signed.group("j")])
        justerare = _JUSTERARE.match(line)
        if justerare and "justerare" not in d:
            names = re.split(r"\s+och\s+", justerare.group("n"))
            d["justerare"] = [re.sub(r"\s+\([^)]*\)$", "", n).strip() for n in names]
            used.add(i)
    if stacked and all(j in used for j in stacked[0]):
        used.add(stacked[1])
    members = _members(lines)
    if members:
        d["ledamoter"] = [n if isinstance(n, dict) else namer.person(n, None) if isinstance(namer.person(n, None), str)
                          else n for n in members]
        draft.noter.append("ledamöterna och de tjänstgörande ersättarna lästa som namn ur 'Beslutande' – "
                           "kontrollera listan och skriv vem som ersätter vem ({namn, ersatter})")
        ordforande = d.get("ordforande")
        name = ordforande.get("namn") if isinstance(ordforande, dict) else ordforande
        present = [m["namn"] if isinstance(m, dict) else m for m in d["ledamoter"]]
        if name and name not in present:
            d["ledamoter"].insert(0, name)
    ovriga = _others(lines, d.get("ledamoter", []))
    if ovriga:
        d["ovriga"] = [o if isinstance(o, dict) else namer.person(o, None) for o in ovriga]
        draft.noter.append("övriga närvarande lästa ur 'Övriga närvarande' – kontrollera namn och titlar")
    d.pop("_plats_weak", None)
    return used


_OTHERS_START = re.compile(r"^\s*Övriga\s+(?:närvarande|deltagande|deltagare)\b", re.IGNORECASE)
_OTHERS_END = re.compile(r"^\s*(?:Justering|Utses att justera|Plats och tid för justering|Sekreterare|Paragrafer|"
                         r"Underskrifter|Justerare|Protokolljusterare)", re.IGNORECASE)
_TITLED = re.compile(r"(?P<n>[A-ZÅÄÖ][\wåäöéü-]+(?:\s+[A-ZÅÄÖ][\wåäöéü-]+){1,2}),\s+(?P<t>[a-zåäö][\wåäö-]+(?:\s+[a-zåäö][\wåäö-]+)?)")


def _others(lines: list[str], members: list) -> list:
    """Return the others present (ersättare by name, officials as {namn, titel}) listed under "Övriga närvarande"."""
    present = {m["namn"] if isinstance(m, dict) else m for m in members}
    out: list = []
    inside = False
    for line in lines:
        if _OTHERS_START.match(line):
            inside = True
        elif inside and _OTHERS_END.match(line):
            break
        if not inside:
            continue
        for match in _TITLED.finditer(line):
            name = _without_labels(match.group("n"))
            if name and name not in present:
                out.append({"namn": name, "titel": match.group("t")})
                present.add(name)
        for match in _PARTY_NAME.finditer(_TITLED.sub(" ", line)):
            name = _without_labels(match.group("n"))
            if name and name not in present:
                out.append(name)
                present.add(name)
    return out


def _without_labels(name: str) -> str | None:
    """Return ``name`` without the column labels before it ("Ersättare Berit Bergström"); None if only labels."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in _LABEL_WORDS:
        words.pop(0)
    return None if words[0].lower() in _LABEL_WORDS else " ".join(words)


_PARTY_NAME = re.compile(r"(?P<n>[A-ZÅÄÖ][\wåäöéüŠšŽžćč-]+(?:\s+[A-ZÅÄÖ][\wåäöéüŠšŽžćč-]+){1,2})\s*\((?:[A-ZÅÄÖa-zåäö]{1,4})\)")
_PERSON_PARTY = r"[A-ZÅÄÖ][\wåäöéü-]+(?:\s+[A-ZÅÄÖ][\wåäöéü-]+){1,2}"
_SERVES_FOR = re.compile(r"(?P<namn>" + _PERSON_PARTY + r")\s*\([\wåäö]{1,4}\),?\s+(?:tjg\s+)?(?:ersättare\s+istf|ersätter)\s+"
                         r"(?P<ersatter>" + _PERSON_PARTY + r")\s*\([\wåäö]{1,4}\)")
_LABEL_WORDS = {"ledamöter", "ledamot", "ordförande", "ersättare", "tjänstgörande", "beslutande", "ledamöter:", "övriga",
                "närvarande", "deltagande", "deltagare", "tjänstemän"}
_MEMBERS_END = re.compile(r"^\s*(?:Övriga|Tjänstemän|Ersättare\b|Justering|Utses att justera|Plats och tid för justering|"
                          r"Sekreterare|Paragrafer|Underskrifter)", re.IGNORECASE)


# "Lars Rosander, C Åke Nilsson, KD": the party after a comma, without brackets (a document site's extraction)
_COMMA_PARTY = re.compile(r"(?P<n>[A-ZÅÄÖ][a-zåäöéü][\wåäöéü-]*(?:\s+[A-ZÅÄÖ][a-zåäöéü][\wåäöéü-]*){1,2}),\s*"
                          r"(?P<p>[A-ZÅÄÖ]{1,4})(?=\s|$)")
# "Susanne Andersson (SD) ersätter" at a line's end: the one replaced is the column's next name, on the next line
_SERVES_AT_END = re.compile(r"(?P<namn>" + _PERSON_PARTY + r")\s*\([\wåäö]{1,4}\),?\s+(?:tjg\s+)?"
                            r"(?:ersättare\s+istf|ersätter)\s*$")
# "Stefan Jägnert (SD) deltar §§ 6-37": a member replaced for some §§ and present for the others
_PART_TIME = re.compile(r"^\s*,?\s*(?:deltar\s+)?§§?\s*\d")


def _members(lines: list[str]) -> list[str]:
    """Return the names (party dropped) listed under "Beslutande", up to the next part of the front page.

    A "Beslutande" that lists no one (a label quoted in a sentence) gives way to the next one.
    """
    names: list = []
    absent: set[str] = set()
    part_time: set[str] = set()
    inside = False
    section = list(lines)  # a copy: a name taken as replaced is cut out of its line
    for n, line in enumerate(section):
        if re.match(r"^\s*Beslutande\b", line):
            if names:
                break
            inside = True
        elif inside and _MEMBERS_END.match(line):
            if names:
                break
            inside = False
        if not inside:
            continue
        serving = None
        at_end = _SERVES_AT_END.search(line)
        if at_end:
            later = next((m for m in range(n + 1, len(section)) if section[m].strip()), None)
            replaced = list(_PARTY_NAME.finditer(section[later])) if later is not None else []
            if replaced:
                last = replaced[-1]
                serving = {"namn": _without_labels(at_end.group("namn")) or at_end.group("namn"),
                           "ersatter": last.group("n")}
                absent.add(last.group("n"))
                section[later] = section[later][:last.start()] + " " + section[later][last.end():]
                line = line[:at_end.start()]
        # "Ingrid Olsson (C) tjg ersättare istf Helena Brink (C)": the one present serves for the other
        for match in _SERVES_FOR.finditer(line):
            names.append({"namn": _without_labels(match.group("namn")) or match.group("namn"),
                          "ersatter": match.group("ersatter")})
            absent.add(match.group("ersatter"))
        line = _SERVES_FOR.sub(" ", line)
        found = [(m.group("n"), m.end()) for m in _PARTY_NAME.finditer(line)]
        if not found:
            found = [(m.group("n"), m.end()) for m in _COMMA_PARTY.finditer(line)]
        for raw, end in found:
            words = raw.split()
            while len(words) > 2 and words[0].lower() in _LABEL_WORDS:
                words.pop(0)  # "Ledamöter Effe Östman": the column's label before the name
            name = " ".join(words)
            if words[0].lower() not in _LABEL_WORDS and name not in names:
                names.append(name)
                if _PART_TIME.match(line[end:]):
                    part_time.add(name)
        if serving:
            names.append(serving)  # after the line's first column
    return [n for n in names if isinstance(n, dict) or n not in absent or n in part_time]


def _comment_lines(prefix: str, text: str) -> list[str]:
    return [prefix + part for line in text.split("\n") for part in (textwrap.wrap(line, 96) or [""])]


def _closing(text: str, draft: MeetingDraft, namer: Namer) -> None:
    """Read the secretary and the day of justering from an extract's closing lines."""
    d = draft.data
    kept = re.match(r"^Vid protokollet:?\s+(?:Sekreterare:?\s+)?(?P<n>" + _PERSON_NAME + r")\s*$", text)
    if kept and "sekreterare" not in d:
        d["sekreterare"] = namer.person(kept.group("n"), None)
    day = re.match(r"^(?:Dag för justering|Justeringsdag):?\s+(?P<d>.+)$", text, re.IGNORECASE)
    if day:
        when = repair_date(day.group("d")) or parse_date(day.group("d"))
        if when:
            d["_justering"] = {**d.get("_justering", {}), "datum": when}


def _item(paragraf: Paragraf, draft: MeetingDraft, namer: Namer) -> tuple[dict, list[str]]:
    """Return one § as a meeting item (an övrig punkt: rubrik, dnr, beslut ...) and its comments."""
    comments: list[str] = []
    lines = list(paragraf.lines)
    title: list[str] = []
    while lines and not lines[0].strip():
        lines.pop(0)
    item: dict[str, Any] = {}
    while lines and (not lines[0].strip() or _LABEL_VALUE.match(lines[0])):
        line = lines.pop(0).strip()
        code = _DIARIEKOD.match(line)
        if code and "diariekod" not in item:
            item["diariekod"] = code.group(1)  # "Diariekod: 609": the register's classification of the §
        elif line:
            comments.append(line)
    while lines and lines[0].strip() and not is_known_heading(lines[0].strip()) and _section_of(lines[0].strip()) is None:
        title.append(lines.pop(0).strip())
        if len(" ".join(title)) > 250:
            break
    if title:
        item["rubrik"] = re.sub(r"\s+", " ", " ".join(title)).strip()
    if paragraf.dnr:
        item["dnr"] = paragraf.dnr
    read = read_text("\n".join(lines))
    draft.furniture.extend(read.furniture)
    lead: list = []
    summary: list = []
    decision: list | None = None
    proposals: list[tuple[str, list]] = []
    sections: list[tuple[str | None, str, list]] = []
    blocks_read: list[Block] = []
    for block in read.blocks:
        # The closing lines are short and the reader may join them: each formula starts a line of its own.
        parts = _CLOSING_SPLIT.split(block.text) if block.kind != "rubrik" else [block.text]
        # A table the reader joined to the paragraph above it ("… Familjeomsorg | Ledamot | Ja-röst |")
        parts = [q for part in parts for q in (re.split(r"\s+(?=\|\s)", part, maxsplit=1)
                                               if not part.lstrip().startswith("|") else [part])]
        blocks_read.extend(Block(block.kind, part, block.level) if i == 0 else Block("stycke", part)
                           for i, part in enumerate(parts) if part.strip())
    table: list[str] = []
    for block in blocks_read:
        if block.text.lstrip().startswith("|"):
            table.append(block.text.strip())  # a table (a vote's): no field of a meeting item, kept beside it
            if sections and not (sections[-1][2] and sections[-1][2][-1].kind == "tabell"):
                sections[-1][2].append(Block("tabell", ""))  # where it stood: a list of receivers ends there
            continue
        closing = _CLOSING.match(plain(block.text))
        if closing:
            _closing(plain(block.text), draft, namer)
            comments.append(plain(block.text))
            continue
        if block.kind == "rubrik":
            sections.append((None, plain(block.text).rstrip(":").strip(), []))
        elif sections:
            sections[-1][2].append(block)
        else:
            lead.append(block)
    for block in lead:
        text = plain(block.text)
        if len(text.split()) >= 5 and re.search(r"[.!?:]$", text):
            summary.append(block)  # "I ärendet föreligger tjänsteutlåtande …": the item's opening
        else:
            comments.append(text)
    for _, heading, all_blocks in sections:
        blocks = [b for b in all_blocks if b.kind != "tabell"]
        name = heading.lower()
        section = _section_of(heading)
        if name in _DEBATE or name.startswith("överläggning"):
            for block in blocks:
                for sentence in re.split(r"(?<=[.!])\s+(?=[A-ZÅÄÖ])", plain(block.text)):
                    said = _YRKAR.match(sentence)
                    if said:
                        item.setdefault("yrkanden", []).append({"av": said.group("av"), "yrkande": said.group("yrkande")})
                    else:
                        comments.append(f"{heading}: {sentence}")
        elif name in _PROPOSITION or name in _ANTECKNING:
            field = "propositionsordning" if name in _PROPOSITION else "protokollsanteckning"
            text = "\n\n".join(plain(b.text) for b in blocks if plain(b.text))
            if text and field not in item:
                item[field] = text
            elif text:
                comments.append(f"{heading}: {text}")
        elif name in _RESERVATION:
            for block in blocks:
                for sentence in re.split(r"(?<=[.!])\s+(?=[A-ZÅÄÖ])", plain(block.text)):
                    said = _RESERVERAR.match(sentence)
                    if said:
                        reservation = {"av": said.group("av")}
                        if said.group("text"):
                            reservation["text"] = said.group("text")
                        item.setdefault("reservationer", []).append(reservation)
                    elif sentence.strip():
                        comments.append(f"{heading}: {sentence}")
        elif name in _GANG:
            comments.extend(f"{heading}: {plain(b.text)}" for b in blocks)
        elif name in _SKICKAS or section == "skickas_till":
            # The receivers are the short lines under the heading, up to a table or a paragraph of text;
            # what follows (an e-signature page) is kept as a comment.
            run = 0
            while (run < len(all_blocks) and all_blocks[run].kind == "stycke"
                   and len(plain(all_blocks[run].text).split()) <= 15):
                run += 1
            comments.extend(f"{heading}: {plain(b.text)}" if n == 0 else plain(b.text)
                            for n, b in enumerate(b for b in all_blocks[run:] if b.kind != "tabell"))
            names = [n.strip() for b in all_blocks[:run]
                     for n in re.split(r",\s*|\s+och\s+", plain(b.text)) if n.strip()]
            if names:
                item["skickas_till"] = [namer.enhet(n) for n in names]
        elif section == "beslutsunderlag":
            item.setdefault("beslutsunderlag", []).extend(plain(b.text) for b in blocks if plain(b.text))
        elif section == "forslag":
            proposals.append((heading, blocks))
        elif section in ("sammanfattning", "arendet"):
            summary.extend(blocks)
        else:
            summary.extend([Block("rubrik", heading, 1)] + blocks)  # the paper's own section, kept in its place
    if proposals:
        chosen = next((p for p in proposals if p[0].lower().startswith("beslut")), proposals[-1])
        decision = chosen[1]
        for proposal in proposals:
            if proposal is not chosen:
                heading, blocks = proposal
                summary.extend([Block("rubrik", heading, 1)] + blocks)  # an earlier proposal (the committee's)
        if not re.match(r"^beslut\b", chosen[0], re.IGNORECASE):
            comments.append(f"beslutet stod under rubriken '{chosen[0]}'")
    if decision:
        item["beslut"] = [plain(b.text) for b in decision if plain(b.text)]
    if table:
        comments.append("\n".join(table))
    # A meeting item's summary is one text field (MAX_TEXT): what does not fit stays a comment.
    kept = []
    for block in summary:
        if len(markdown(kept + [block], 1)) > MAX_TEXT - 100:
            comments.append(markdown([block], 1))
        else:
            kept.append(block)
    if kept:
        text = markdown(kept, 1).replace("\n# ", "\n### ")
        item["sammanfattning"] = "### " + text[2:] if text.startswith("# ") else text
    order = ("rubrik", "dnr", "diariekod", "beslut", "sammanfattning", "beslutsunderlag", "yrkanden", "propositionsordning",
             "reservationer", "protokollsanteckning", "skickas_till")
    return {k: item[k] for k in order if k in item}, comments


def _ranges(numbers: list[int]) -> str:
    """Return "§§ 2–18, 20" for the numbers (one § as "§ 20")."""
    runs: list[list[int]] = []
    for nr in numbers:
        if runs and nr == runs[-1][-1] + 1:
            runs[-1].append(nr)
        else:
            runs.append([nr])
    text = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return ("§§ " if len(numbers) > 1 else "§ ") + text


def assemble_meeting(text: str, workspace=None, patterns=()) -> MeetingDraft:
    """Return the draft meeting file of a protocol's ``text``."""
    draft = MeetingDraft()
    namer = Namer(workspace)
    lines, header = _clean_lines(text, draft.furniture)
    front, paragrafer = _split(lines)
    if not paragrafer:
        front, single = _unnumbered(front)
        paragrafer = [single] if single else []
    # A § is the protocol's own when it holds a decision; the others are the table of contents
    # (or a § cut off by the page's end).
    # An extract's one § is its own even when the excerpt ends before the decision.
    extract = bool(_EXTRACT_TOP.search(text[:200])) and len([p for p in paragrafer if not p.toc]) == 1
    body = [p for p in paragrafer if not p.toc and (extract or any(_decision_heading(line.strip()) for line in p.lines))]
    toc = [p for p in paragrafer if p not in body]
    people = header + [""] + front
    used = _people_fields(people, draft, namer)  # (a value read apart from its label is left as "label value")
    front_rest = [line for i, line in enumerate(people) if i not in used and i >= len(header) + 1]
    d = draft.data
    # The § lines' dnr are read with the organisation's pattern when it has one.
    for p in body:
        if p.dnr:
            p.dnr = repair_dnr(p.dnr, patterns)
    # The table of contents' entries: one per § (the first time a number is seen), title up to its page number.
    entries: dict[int, tuple[Paragraf, dict]] = {}
    decided = {p.nr for p in body}
    for p in toc:
        title: list[str] = []
        n = -1
        for n, line in enumerate(p.lines):
            if not line.strip():
                if title and not title[-1].endswith(("-", "–")):  # a title broken at a dash goes on
                    break
                continue
            title.append(line.strip())
            if _TOC_END.search(line) or len(title) == 3:
                break
        more = [line.strip() for line in p.lines[n + 1:] if line.strip()]
        if p.nr in entries or p.nr in decided or not title:
            draft.kvar.append("\n".join([f"§ {p.nr}" + (f" Dnr {p.dnr}" if p.dnr else "")] + title + more))
            continue
        if more:
            draft.kvar.append("\n".join(more))
        rubrik = _TOC_END.sub("", re.sub(r"\s+", " ", " ".join(title))).strip(" .…")
        entry = {"rubrik": rubrik} if rubrik else {}
        if p.dnr:
            entry["dnr"] = repair_dnr(p.dnr, patterns)
        entries[p.nr] = (p, entry)
    items, comments = [], []
    numbers = sorted(decided | set(entries))
    by_number = {p.nr: p for p in body}
    for nr in numbers:
        if nr in by_number:
            item, notes = _item(by_number[nr], draft, namer)
            items.append(item)
            comments.append([f"§ {nr} i protokollet" if by_number[nr].numbered else "§-numret saknas i texten"] + notes)
            if "beslut" not in item:
                draft.saknas.append((f"punkter[{len(items) - 1}].beslut", f"§ {nr}: inget beslut hittades"))
            if "rubrik" not in item:
                draft.saknas.append((f"punkter[{len(items) - 1}].rubrik", f"§ {nr}: ingen rubrik hittades"))
        else:
            items.append(entries[nr][1])
            comments.append([f"§ {nr} i protokollet", "beslut:    # SAKNAS – bara innehållsförteckningen har paragrafen"])
    if entries:
        only = [nr for nr in numbers if nr not in decided]
        draft.saknas.append(("punkter", f"beslutet saknas i {_ranges(only)} – bara innehållsförteckningen har dem; "
                                        "skriv beslutet under varje sådan punkt"))
    # The people named in the items' text ("Ordförande Henrik Thunes (M) ställer …") when the front has none.
    if "ordforande" not in d:
        for p in body:
            for line in p.lines:
                match = _ORDFORANDE[2].search(line)
                if match:
                    d["ordforande"] = namer.person(match.group("n"), None)
                    break
            if "ordforande" in d:
                break
    if body and not body[0].numbered:
        draft.noter.append("paragrafens nummer saknas i texten (utdraget har tappat §-tecknet) – skriv "
                           "forsta_paragraf: NR med protokollets nummer")
    elif numbers:
        d["forsta_paragraf"] = numbers[0]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            draft.noter.append("paragraferna är " + _ranges(numbers) + " i protokollet; kanslist numrerar punkterna "
                               "i följd från forsta_paragraf – lägg till de paragrafer som saknas eller dela upp filen")
    justering = d.pop("_justering", None)
    if justering and "datum" in justering:
        d["justering"] = justering
    d["punkter"] = items
    draft.item_comments = comments
    why = {
        "organ": "vilket organ som sammanträdde hittades inte (id i data/organisation.yaml)",
        "datum": "sammanträdesdatumet hittades inte (skriv ÅÅÅÅ-MM-DD)",
        "tid": "klockslaget hittades inte (t.ex. '13.00')",
        "plats": "platsen hittades inte",
        "ordforande": "ordföranden hittades inte",
        "sekreterare": "sekreteraren hittades inte",
        "ledamoter": "ledamöterna hittades inte – skriv dem som en lista (id i data/personer.yaml eller namn)",
        "justerare": "justeraren hittades inte",
        "justering": "justeringens datum hittades inte" + (" (justeringen är digital)" if justering else ""),
        "punkter": "inga paragrafer med beslut hittades",
    }
    for key in ORDER:
        if key in why and (key not in d or d[key] in ([], None, "")):
            d.pop(key, None)
            draft.saknas.append((key, why[key]))
    kept = [line.strip() for line in front_rest if line.strip()]
    if kept:
        draft.kvar.insert(0, "\n".join(kept))
    return draft


def review(text: str, name: str) -> list[str]:
    """Return what loading the draft as a meeting file says (field: message), as sammantrade loads it."""
    from kanslist.sammantrade.kontroll import _problems
    from kanslist.sammantrade.model import Sammantrade

    try:
        loaded = parse_yaml(text, name)
    except InvalidInput as exc:  # pragma: no cover - the writer makes valid YAML
        return [f"{p.field}: {p.message}" for p in exc.problems]
    try:
        Sammantrade.model_validate(loaded.data)
    except pydantic.ValidationError as exc:
        return [f"{p.field}: {p.message}" if p.field else p.message for p in _problems(exc, loaded)]
    return []


def _missing(problem: str, saknas: set[str]) -> bool:
    """Return True when ``problem`` is about a field the draft marks SAKNAS."""
    where = problem.split(": ", 1)[0]
    return any(where == k or where.startswith(k + ".") or where.startswith(k + "[") for k in saknas)


def render_meeting(draft: MeetingDraft, source: str, problems: list[str] = ()) -> str:
    """Return the YAML text of a meeting draft with its comments."""
    from kanslist.importera.run import _emit, comment_head, comment_tail

    organ, datum = draft.data.get("organ"), draft.data.get("datum")
    name = (re.sub(r"[^a-z0-9åäö]+", "-", str(organ).lower()).strip("-") + f"-{datum}" if organ and datum
            else "organ-ÅÅÅÅ-MM-DD")
    out = comment_head(f"Utkast till sammanträdesfil från 'kanslist importera {source}' – spara den i sammantraden/ "
                       f"(t.ex. sammantraden/{name}.yaml), läs igenom och komplettera innan sammanträdet byggs.",
                       draft, "Sammanträdesfilen läses med dessa fel:", problems)
    missing = dict(draft.saknas)
    for key in ORDER:
        if key == "punkter" and key in draft.data:
            out.append("punkter:")
            for item, notes in zip(draft.data["punkter"], draft.item_comments):
                for note in notes:
                    out.extend(_comment_lines("  # ", note))
                for dotted, why in draft.saknas:
                    if dotted.startswith("punkter[") and item is draft.data["punkter"][int(dotted[8:dotted.index("]")])]:
                        out.append(f"  # {dotted.split('.', 1)[1]}:    # SAKNAS – {why}")
                _emit(None, item, 4, out, first_prefix="  - ")
        elif key in draft.data:
            _emit(key, draft.data[key], 0, out)
        elif key in missing:
            out.append(f"# {key}:    # SAKNAS – {missing[key]}")
    out.extend(comment_tail(draft.kvar))
    return "\n".join(out) + "\n"


def importera_protokoll(text: str, name: str, workspace=None, patterns=()) -> str:
    """Return the YAML text of a draft meeting file made from a protocol's extracted ``text``."""
    draft = assemble_meeting(text, workspace, patterns)
    first = render_meeting(draft, name)
    saknas = {k for k, _ in draft.saknas}
    problems = [p for p in review(first, name) if not _missing(p, saknas)]
    return render_meeting(draft, name, problems)

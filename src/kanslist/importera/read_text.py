"""Read a paper's text as extracted from PDF: drop page headers, re-join broken lines, find headings.

PDF extraction breaks every line at the page's margin, repeats the page header on each
page (often garbled: ``2026-04-271 Sida 2 av 2``, ``Dnr KS 2026/0172026/17``), loses
bullets' glyphs and sometimes puts a blank line after every line. What comes out here is
a list of :class:`Block` – headings, paragraphs, bullet and numbered items – and the
header's fields, repaired.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kanslist.svenska import parse_date

# Sections a Swedish paper has, by the names they go by (lower case, no colon).
KNOWN_HEADINGS = {
    "förslag till beslut", "sammanfattning", "sammanfattning av ärendet", "ärende", "ärendet",
    "beskrivning av ärendet", "ärendebeskrivning", "bakgrund", "beslutsunderlag", "beslutet ska skickas till",
    "beslutet skickas till", "beslut sänds till", "beslutet sänds till", "expedieras till", "handläggare",
    "hänvisningar", "definitioner", "inledning", "bilagor", "barnperspektiv", "ekonomiska konsekvenser",
    "jämställdhetsperspektiv", "miljöperspektiv", "konsekvenser", "yrkanden",
    # variants real organisations use
    "beslut", "ärendet i korthet", "beskrivning av ärende", "handlingar", "handling", "bilaga",
    "protokollsutdrag skickas till", "beslutsexpediering", "kopia av beslut till", "expediering",
    "förvaltningens bedömning", "förvaltningens yttrande", "bedömning", "yttrande", "överläggning",
    "propositionsordning", "proposition", "omröstning", "reservation", "beslutsgång", "tidigare behandling",
    "sammanfattande bedömning", "rekommendationer", "sammanfattande inställning", "syfte", "mål", "vision",
    "omfattning", "ansvar", "roller och ansvar", "utförande", "uppföljning", "motivering",
    # a protocol's debate
    "förslag till beslut på sammanträdet", "yrkande", "omröstningsresultat",
}
_HEADING_PATTERNS = [re.compile(p, re.IGNORECASE) for p in (
    r"^[\wåäöÅÄÖ-]+s förslag till beslut$", r"^förslag till beslut (?:i|till) .{3,60}$",
    r"^(?:[\wåäöÅÄÖ-]+s ){1,3}förslag(?: till [\wåäö ]{3,40})?$", r"^(?:[\wåäöÅÄÖ-]+s ){1,3}(?:beslut|bedömning|kommentar)$",
    r"^beslut – förslag till .{3,40}$", r"^bedömning ur .{3,60}$", r"^överläggning i .{3,40}$")]
# Headings inside a flattened one-line text (a document site's extraction): they are found
# where the heading's words stand before a capitalised word; the longest first.
_INLINE_HEADINGS = sorted((
    "Förslag till beslut", "Sammanfattning av ärendet", "Sammanfattning", "Beskrivning av ärendet", "Ärendebeskrivning",
    "Beslutsunderlag", "Beslutet skickas till", "Kopia av beslut till:", "Bilagor:", "Förvaltningens bedömning",
    "Förvaltningens yttrande", "Bakgrund", "Ärendet", "Beslut", "Yrkanden", "Propositionsordning"), key=len, reverse=True)
_INLINE = re.compile(r"(?<![\wåäöÅÄÖ-])(?:" + "|".join(re.escape(h) for h in _INLINE_HEADINGS)
                     + r")(?:\s+(?:i|till)\s+[a-zåäö]+)?(?=\s+[A-ZÅÄÖ0-9])")

# Page furniture and web chrome: never a field's text (checked by the measurement too).
FURNITURE = [re.compile(p, re.IGNORECASE) for p in (
    r"\bSidan?\s+\d+\s*(?:av|\(|/)\s*\d+\)?", r"Justerandes\s+signatur", r"Justerarsignatur", r"Utdragsbestyrkande",
    r"Sign\.\s*Ordf\.", r"Hoppa till (?:huvud)?innehåll", r"Din position:", r"\bkakor\b.*\b(?:godkänn|acceptera)",
    r"<!--\s*sida")]

_FURNITURE_LINE = re.compile(r"^\s*(?:" + "|".join((
    r"\(\d+\)", r"<!--.*-->", r"#{1,6}\s*\[.*\]", r"(?:\.{3}\s*)+", r"\d+\s*[(\[]\d+[)\]]", r"\d+/\d+",
    r"(?:Sida|Sidan)\s+\d+\s*(?:av|\(|/)\s*\d+\)?(?:\s+Ärende\s+\d+)?",
    r"(?:Justerandes\s+signatur|Justerarsignaturer|Justerare)?\s*(?:Utdragsbestyrkande|Expedierat/bestyrkt)",
    r"Justerandes\s+signatur", r"Sign\.\s*Ordf\..*", r"Hoppa till (?:huvud)?innehåll.*", r"Din position:.*",
    r".*\b(?:kakor|cookies)\b.*", r"(?:Meny|Sök|Dela|Skriv ut|Lyssna|Till toppen)")) + r")\s*$", re.IGNORECASE)
_INLINE_PAGE = re.compile(r"\s*\b(?:Sida|Sidan)\s+\d+\s*(?:av\s*\d+|\(\s*\d+\s*\))(?:\s+Ärende\s+\d+)?")

BULLET_GLYPHS = "•►▪■◦‣●○➢➤✓"
# A bullet: a glyph, a dash ("-", "–", "−") or the letter o that Word's outline bullet becomes in text.
_BULLET = re.compile(r"^\s*(?:[" + BULLET_GLYPHS + r"\ue000-\uf8ff]|[-*–−]\s|o\s+(?=[A-ZÅÄÖ]))\s*")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")
_SPACED_LABEL = re.compile(r"^\s*(?:[A-ZÅÄÖ]\s){4,}[A-ZÅÄÖ]\s*$")
_LABEL_WORD = re.compile(r"^\s*(TJÄNSTESKRIVELSE|TJÄNSTEUTLÅTANDE|PROTOKOLL|BESLUT|YTTRANDE|REMISSVAR|SKRIVELSE)\s*$")
_PAGE = re.compile(r"\bSida\s+\d+\s*(?:av|\(|/)\s*\d+\)?", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})")
_DNR_LINE = re.compile(r"^\s*(?:Dnr|Diarienummer|Vår beteckning)[:.]?\s+(?P<dnr>\S.*?)\s*$", re.IGNORECASE)
_TILL_LINE = re.compile(r"^\s*Till\s+(?P<till>\S.*?)\s*$")
_TERMINAL = re.compile(r"[.!?:;]\s*$")
_SMALL_WORDS = {"i", "för", "och", "av", "till", "om", "på", "med", "vid", "från", "samt"}
# Words a sentence does not end on: a line ending on one goes on, whatever the next begins with.
_GOES_ON = _SMALL_WORDS | {"att", "som", "en", "ett", "de", "den", "det", "eller", "men", "annat", "är", "har",
                           "ska", "kan", "bör", "måste", "blir", "där", "när", "inom", "under", "mellan", "efter",
                           "enligt", "genom", "utan", "både", "dels", "the", "bland", "andra", "sin", "sitt", "sina"}


@dataclass
class Block:
    """One piece of a paper: a heading, a paragraph, a bullet or a numbered item (Markdown text)."""

    kind: str  # rubrik | stycke | punkt | nummer
    text: str
    level: int = 0  # heading level (1 = the title's level below the document title), 0 otherwise


@dataclass
class Read:
    """What reading a paper gave: its header's fields and its blocks in order."""

    blocks: list[Block]
    fran: str | None = None  # the letterhead: the writing office
    till: str | None = None
    datum: dt.date | None = None
    dnr: str | None = None
    dokumentnamn: str | None = None
    notes: list[str] = field(default_factory=list)  # what was repaired or dropped, for the draft's comments
    kind_hint: str | None = None  # the kind named by a document's properties, if any
    titel: str | None = None  # the title in a document's properties, if any
    signature: list[tuple[str, str]] = field(default_factory=list)  # (BODY, ""), then (name, title) pairs
    handlaggare: str | None = None
    ansvarig: str | None = None  # the responsible chief a header row names
    rubrik: str | None = None  # the title, when the header's layout says which line it is
    furniture: list[str] = field(default_factory=list)  # page headers, footers and web chrome dropped
    headings: list = field(default_factory=list)  # the organisation's own headings (configured_headings)
    source: str | None = None  # the text as read (a text file's), for the protocol reader


# The organisation's own headings (stil.rubriker): each field names the section it heads.
_RUBRIK_SECTION = {"forslag_till_beslut": "forslag", "eget_beslut": "forslag", "sammanfattning": "sammanfattning",
                   "arendet": "arendet", "hanvisningar": "hanvisningar", "beslutsunderlag": "beslutsunderlag",
                   "skickas_till": "skickas_till", "handlaggare": "handlaggare"}


def configured_headings(rubriker) -> list[tuple[re.Pattern, str]]:
    """Return (pattern, section) for each heading the organisation configured in ``stil.rubriker``.

    A part such as {beslutsinstans} stands for any words: "Förslag till beslut i {beslutsinstans}"
    is matched by "Förslag till beslut i kommunstyrelsen".
    """
    out = []
    for name, value in (rubriker.model_dump() if rubriker is not None else {}).items():
        if not value or name not in _RUBRIK_SECTION:
            continue
        parts = re.split(r"\{[^{}]*\}", value.strip().rstrip(":").strip())
        pattern = r"[\wåäöÅÄÖ -]+?".join(re.escape(part) for part in parts)
        out.append((re.compile(r"^" + pattern + r"$", re.IGNORECASE), _RUBRIK_SECTION[name]))
    return out


def configured_section(text: str, headings) -> str | None:
    """Return the section an organisation's own heading ``text`` names, if it is one."""
    name = re.sub(r"\s+", " ", text).strip().rstrip(":").strip()
    return next((section for pattern, section in headings if pattern.match(name)), None)


def is_known_heading(text: str) -> bool:
    """Return True when ``text`` is the name of a section papers have ("Förslag till beslut")."""
    name = text.strip().rstrip(":").strip().lower()
    return name in KNOWN_HEADINGS or any(p.match(name) for p in _HEADING_PATTERNS)


def repair_date(text: str) -> dt.date | None:
    """Return the first ISO date in ``text``, ignoring digits glued to it ("2026-04-271")."""
    for match in _ISO_DATE.finditer(text):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def repair_dnr(text: str, patterns=()) -> str:
    """Return the case number in ``text``, repaired when a header field printed it twice.

    ``KS 2026/0172026/17`` (the number, then the number again without series and padding)
    becomes ``KS 2026/017``. With the organisation's ``patterns`` (DnrPattern objects), the
    longest beginning of ``text`` that is a number is taken.
    """
    text = re.sub(r"\s+", " ", text.strip())
    doubled = re.match(r"^(?P<first>.*?(?P<ar>\d{4})\D+?(?P<lopnr>\d+?))(?P=ar)\D?\d+$", text)
    if doubled:
        return doubled.group("first")
    for end in range(len(text), 0, -1):
        if any(p.parse(text[:end]) is not None for p in patterns):
            return text[:end]
    return text


def _strip_outline(lines: list[str]) -> tuple[list[str], list[str]]:
    """Remove the PDF's outline (bookmarks printed after the text, each line starting with a tab)."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and (lines[start - 1].startswith("\t") or not lines[start - 1].strip()):
        start -= 1
    outline = [line.strip() for line in lines[start:end] if line.strip()]
    if len(outline) >= 2:
        return lines[:start], outline
    return lines, []


def _strip_page_headers(lines: list[str], read: Read, patterns) -> list[str]:
    """Remove the page headers (label, date, page number, dnr) and keep their fields."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if not _PAGE.search(line):
            continue
        drop.add(i)
        for j in range(max(0, i - 4), min(len(lines), i + 5)):
            other = lines[j]
            if (_SPACED_LABEL.match(other) or _LABEL_WORD.match(other) or _DNR_LINE.match(other)
                    or re.fullmatch(r"\s*(?:Datum:?\s*)?\d{4}-\d{2}-\d{2}\d*\s*", other)):
                drop.add(j)
    # A first page's own header, without a page number: label, date or dnr among the first lines.
    for j in range(min(len(lines), 8)):
        if _SPACED_LABEL.match(lines[j]) or _LABEL_WORD.match(lines[j]) or _DNR_LINE.match(lines[j]):
            drop.add(j)
    kept: dict[int, str] = {}
    for i in sorted(drop):
        above = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        row = _HEADER_ROW.match(above.strip())
        if _PAGE.search(lines[i]) and row and not row.group("pre") and not row.group("rest"):
            # "ÄRENDE TILL SAMMANTRÄDESDATUM" over "Regionstyrelsen 2017-12-19 Sida 1 (1)": the
            # row's values, with the page number beside them; the number alone is furniture.
            kept[i] = _PAGE.sub("", lines[i]).strip()
    for j in sorted(drop):
        line = lines[j]
        label = _SPACED_LABEL.match(line) or _LABEL_WORD.match(line)
        if label:
            read.dokumentnamn = read.dokumentnamn or re.sub(r"\s+", "", line)
        date = repair_date(line)
        if date and read.datum is None:
            read.datum = date
            glued = re.search(r"\d{4}-\d{2}-\d{2}\d+", line)
            if glued:
                read.notes.append(f"datum lagat: '{glued.group(0)}' i sidhuvudet lästes som {date.isoformat()}")
        dnr = _DNR_LINE.match(line)
        if dnr and read.dnr is None:
            raw = dnr.group("dnr")
            read.dnr = repair_dnr(raw, patterns)
            if read.dnr != raw.strip():
                read.notes.append(f"dnr lagat: '{raw.strip()}' i sidhuvudet lästes som {read.dnr}")
    if drop:
        read.notes.append(f"{len(drop)} rader sidhuvud togs bort")
        read.furniture.extend(_PAGE.search(lines[j]).group(0) if j in kept else lines[j] for j in sorted(drop))
    return [kept.get(j, line) for j, line in enumerate(lines) if j not in drop or j in kept]


def _strip_furniture(lines: list[str], read: Read) -> list[str]:
    """Remove page furniture and web chrome (footers, page numbers, "Hoppa till innehåll") and keep it aside."""
    out = []
    for line in lines:
        if line.strip() and _FURNITURE_LINE.match(line):
            read.furniture.append(line)
            continue
        found = _INLINE_PAGE.findall(line)
        if found:
            read.furniture.extend(f.strip() for f in found)
            line = _INLINE_PAGE.sub("", line)
        out.append(line)
    # A document site's page markers: lines opening with 1, 2, 3 … in turn.
    # A marker may be gone with a page header dropped before: a step of two is still the run.
    numbered = [i for i, line in enumerate(out) if re.match(r"^\d{1,3}(?:\s|$)", line)]
    run, last = [], 0
    for i in numbered:
        if not 0 < int(out[i].split()[0]) - last <= 2 or (not run and out[i].split()[0] != "1"):
            break
        run.append(i)
        last = int(out[i].split()[0])
    if len(run) >= 3:
        for i in run:
            read.furniture.append(out[i].split()[0])
            out[i] = out[i][len(out[i].split()[0]):].strip()
    return out


def _split_flat(lines: list[str]) -> list[str]:
    """Split a flattened one-line text at its headings, each heading a line of its own."""
    out: list[str] = []
    for line in lines:
        if len(line) < 300:
            out.append(line)
            continue
        last = 0
        for match in _INLINE.finditer(line):
            piece = line[last:match.start()].strip()
            if piece:
                out.extend([piece, ""])
            out.extend([match.group(0).strip(), ""])
            last = match.end()
        out.append(line[last:].strip())
    return out


_LABELS = {"datum": "datum", "utfärdat": "datum", "diarienummer": "dnr", "dnr": "dnr", "ärendenummer": "dnr",
           "vår beteckning": "dnr", "beteckning": "dnr", "handläggare": "handlaggare", "till": "till"}


# A number may carry its document's suffix ("Dnr 2018/0219 KS-5"): it is part of the number.
_INLINE_DNR = re.compile(r"\b(?:Dnr|Diarienr|Diarienummer|Ärendenummer):?\s+"
                         r"(?P<dnr>[A-ZÅÄÖ]{0,5}[- ]?\d[\w/:.-]*\d(?:\s+[A-ZÅÄÖ]{1,5}-\d{1,4}\b)?)")
_INLINE_DATE = re.compile(r"^\s*(?:Sammanträdesdatum|Datum|Utfärdat):?\s+(?P<d>\d{4}-\d{2}-\d{2})")


def _header_pairs(lines: list[str], read: Read, patterns) -> list[str]:
    """Read a header of labels each followed by its value on the next line ("Datum" / "2023-11-23")."""
    drop: set[int] = set()
    for line in [line for line in lines if line.strip()][:20]:
        dnr, date = _INLINE_DNR.search(line), _INLINE_DATE.match(line)
        if dnr and read.dnr is None:
            read.dnr = repair_dnr(dnr.group("dnr"), patterns)
        if date and read.datum is None:
            read.datum = repair_date(date.group("d"))
    nonblank = [i for i, line in enumerate(lines[:60]) if line.strip()]
    for k, i in enumerate(nonblank[:-1]):
        label = lines[i].strip().rstrip(":").lower()
        key = _LABELS.get(label)
        if key is None:
            continue
        value = lines[nonblank[k + 1]].strip()
        if key == "datum" and read.datum is None and repair_date(value):
            read.datum = repair_date(value)
        elif key == "dnr" and read.dnr is None and re.search(r"\d", value) and len(value.split()) <= 3:
            read.dnr = repair_dnr(value, patterns)
        elif key == "handlaggare" and read.handlaggare is None and 1 < len(value.split()) <= 4 \
                and not _TERMINAL.search(value):
            read.handlaggare = value
        elif key == "till" and read.till is None and len(value.split()) <= 6:
            read.till = value
        else:
            continue
        drop.update((i, nonblank[k + 1]))
    read.furniture.extend(lines[i] for i in sorted(drop) if False)
    return [line for j, line in enumerate(lines) if j not in drop]


# A header row's labels, and the field each names ("Handläggare, telefon" names the handläggare).
_ROW_LABELS = {"handläggare, telefon": "handlaggare", "handläggare": "handlaggare", "ansvarig chef": "ansvarig",
               "sammanträdesdatum": "datum", "datum": "datum", "diarienummer": "dnr", "diarienr": "dnr",
               "vår beteckning": "dnr", "beteckning": "dnr", "dnr": "dnr", "ärende till": "till"}
_ROW_LABEL = "(?:" + "|".join(alt for label in sorted(_ROW_LABELS, key=len, reverse=True)
                              for alt in (re.escape(label.capitalize()), re.escape(label.upper()))) + r"):?"
_HEADER_ROW = re.compile(r"^[\"”]?(?P<pre>.*?)\s*(?P<labels>" + _ROW_LABEL + r"(?:\s+" + _ROW_LABEL + r")*)"
                         r"(?:\s+(?P<rest>.*))?$")
_NAME = r"[A-ZÅÄÖ][\wåäöé-]+\s+[A-ZÅÄÖ][\wåäöé-]+"  # first name and surname (a double one is hyphenated)
_ROW_VALUE = {
    "handlaggare": re.compile(r"^(?P<v>" + _NAME + r")(?:,[\d\s-]*)?(?:\s+|$)"),
    "ansvarig": re.compile(r"^(?P<v>" + _NAME + r")(?:\s+|$)"),
    "datum": re.compile(r"^(?P<v>\d{4}-\d{2}-\d{2})(?:\s+|$)"),
    # a number, or the label alone where the extraction lost the number's digits
    "dnr": re.compile(r"^(?:(?P<v>[A-ZÅÄÖ]{0,5}[- ]?\d[\w/:.-]*\d)|Dnr)(?:\s+|$)"),
    "till": re.compile(r"^(?P<v>[A-ZÅÄÖ][a-zåäö][\wåäö-]*)(?:\s+|$)"),
}
_BODY_NAME = re.compile(r"^(?P<v>[A-ZÅÄÖ][\wåäö-]*(?:nämnden|styrelsen|fullmäktige|utskottet|revisorerna))(?:\s+|$)")
_DOCUMENT_WORDS = {"tjänsteskrivelse", "tjänsteutlåtande", "protokoll", "beslut", "yttrande", "remissvar", "skrivelse"}


def _header_row(lines: list[str], read: Read, patterns) -> list[str]:
    """Read a header written as a row of labels, then their values in the same order.

    "SOCIALFÖRVALTNINGEN Handläggare Datum Diarienummer Eiderbrant Ulf 2015-05-26 SCN-2015-0180
    Socialnämnden Titel …": a flattened text keeps the row on one line, values and all; a
    laid-out one has the values on the next line. The addressee (a body) and the title follow;
    a title found so is the paper's (:attr:`Read.rubrik`).
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()][:12]
    drop: set[int] = set()
    for k, i in enumerate(nonblank):
        if i in drop:
            continue
        row = _HEADER_ROW.match(lines[i].strip())
        if not row:
            continue
        labels = re.findall(_ROW_LABEL, row.group("labels"))
        pre, rest = row.group("pre").split(), (row.group("rest") or "").strip()
        values_at = i
        if not rest and k + 1 < len(nonblank):
            values_at = nonblank[k + 1]
            rest = lines[values_at].strip()
        elif len(labels) < 2:
            continue  # one label in running text is no header row
        if len(pre) > 3 or (len(labels) < 2 and len(pre) > 1):
            continue
        if pre and (_LABEL_WORD.match(pre[-1]) or pre[-1].lower() in _DOCUMENT_WORDS):
            read.dokumentnamn = read.dokumentnamn or pre.pop()
        if pre and read.fran is None:
            office = " ".join(pre)
            read.fran = office.capitalize() if office.isupper() else office
        for label in labels:
            key = _ROW_LABELS[label.rstrip(":").lower()]
            date = _ROW_VALUE["datum"].match(rest)
            if key == "dnr" and date and "datum" not in [_ROW_LABELS[x.rstrip(":").lower()] for x in labels]:
                # "Diarienr" over "2010-05-24 2010/124": the date stands unlabelled before the number
                read.datum = read.datum or repair_date(date.group("v"))
                rest = rest[date.end():]
            value = _ROW_VALUE[key].match(rest)
            if not value:
                continue
            rest = rest[value.end():]
            found = value.group("v")
            if found is None:
                continue
            if key == "handlaggare" and read.handlaggare is None:
                read.handlaggare = found
            elif key == "datum" and read.datum is None:
                read.datum = repair_date(found)
            elif key == "dnr" and read.dnr is None:
                read.dnr = repair_dnr(found, patterns)
            elif key == "till" and read.till is None:
                read.till = found
            elif key == "ansvarig" and read.ansvarig is None:
                read.ansvarig = found
        body = _BODY_NAME.match(rest)
        if body and read.till is None:
            read.till = body.group("v")
            rest = rest[body.end():]
        read.notes.append(f"sidhuvudets rad '{row.group('labels')}' lästes som fält")
        drop.update((i, values_at))
        if rest.strip() and values_at == i and read.rubrik is None:
            read.rubrik = rest.strip()  # what follows a flattened row's values, up to the first heading
        elif rest.strip():
            lines[values_at] = rest
            drop.discard(values_at)
    return [line for j, line in enumerate(lines) if j not in drop]


# A paper that names itself first ("TJÄNSTEUTLÅTANDE", "Tjänsteskrivelse", "Utlåtande 2017:19 RI"), as
# a document site's extraction flattens its header onto the title's line.
SELF_NAMES = ("tjänsteskrivelse", "tjänsteutlåtande", "tjänstemannaförslag", "utlåtande", "pm")
_SELF_NAME = re.compile(r"(?<![\wåäöÅÄÖ])(?P<namn>TJÄNSTESKRIVELSE|TJÄNSTEUTLÅTANDE|TJÄNSTEMANNAFÖRSLAG|Tjänsteskrivelse|"
                        r"Tjänsteutlåtande|Tjänstemannaförslag|Utlåtande(?=\s+\d{4}:\d)|PM(?=\s+\d{4}:\d)|PROTOKOLLSUTDRAG|"
                        r"Protokollsutdrag)(?![\wåäöÅÄÖ])")
# The labels of a header row whose values follow all the labels (some values lost by the extraction).
_FLAT_LABEL = re.compile(r"(?<![\wåäöÅÄÖ])(?:DATUM|DIARIENR|DIARIENUMMER|SIDA|HANDLÄGGARE|Datum|Diarienr|Diarienummer|"
                         r"Sida|Handläggare|Sammanträdesdatum|Paragraf|Dnr)(?![\wåäöÅÄÖ]):?")
_OFFICE = re.compile(r"^(?P<v>(?:[A-ZÅÄÖ]+S\s+)?[A-ZÅÄÖ]*(?:FÖRVALTNING(?:EN)?|KONTORET))(?![\wÅÄÖ])")
BODY_NAME = r"[A-ZÅÄÖ][\wåäö]*(?:-\s+och\s+[\wåäö]+)?(?:nämnden|styrelsen|fullmäktige|utskottet|utskott)"
_MONTHS = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
_CAPITAL_LABEL = re.compile(r"(?<![\wÅÄÖ])(?:DATUM|DIARIENR|DIARIENUMMER|HANDLÄGGARE)(?![\wÅÄÖ])")
_FLAT_VALUES = [
    ("dnr", re.compile(r"^\(?(?:Dnr\s+)?(?P<v>[A-ZÅÄÖ]{1,5}[- /]?\d[\w/:.-]*)\)?")),
    ("dnr", re.compile(r"^\(Dnr\s+(?P<v>[^)]*)\)")),  # "(Dnr /2016)": a number whose digits were lost
    ("nummer", re.compile(r"^(?P<v>\d{4}:\d+(?:\s+R[IVX]+)?)(?=\s)")),  # Stockholm's "2017:19 RI"
    ("paragraf", re.compile(r"^(?P<v>\d{1,4})(?=\s+Dnr\b)")),  # "83 Dnr KS/2018:4": a § whose sign was lost
    ("sida", re.compile(r"^(?P<v>(?:\d+\s*)?\(\d+\))")),
    ("datum", re.compile(r"^(?P<v>\d{4}-\d{2}-\d{2}|\d{1,2}\s+" + _MONTHS + r"(?:\s+\d{4})?)(?=\s)")),
    ("telefon", re.compile(r"^(?P<v>0\d{1,3}-\d{2,3}(?:\s?\d{2,3}){1,3})(?=\s)")),
    ("epost", re.compile(r"^(?P<v>\S+@\S+)")),
    ("handlaggare", re.compile(r"^(?P<v>" + _NAME + r")(?=\s)")),
    ("organ", re.compile(r"^(?P<v>" + BODY_NAME + r")(?=\s)")),
    ("kort", re.compile(r"^(?P<v>[A-ZÅÄÖ]{2,5})(?=\s)")),  # an abbreviation of the body ("KFN")
]
# "Kommunstyrelsen föreslår att kommunfullmäktige beslutar följande.": the body the paper goes to.
_PROPOSES = re.compile(r"\s(?:[A-ZÅÄÖ][\wåäö]+)\s+föreslår\s+(?:att\s+)?(?P<till>[a-zåäö]+)\s+besluta[r]?\s+följande\b")


_TITLE_END = re.compile(r"\s(?=(?:" + "|".join(re.escape(h) for h in _INLINE_HEADINGS)
                        + r"|[A-ZÅÄÖ][\wåäö-]+s (?:beslut|förslag till beslut))(?:\s+[A-ZÅÄÖ]|\s*$))")


@dataclass
class FlatHeader:
    """A flattened header: the paper's own name, its fields, its title and what follows the title."""

    namn: str | None
    fields: dict[str, str]
    rubrik: str | None
    rest: str
    dropped: list[str]  # page counts, e-mail addresses, lost numbers: not the paper's text
    labels: list[str] = field(default_factory=list)  # the labels read, in lower case


def _keys_ahead(pieces: list[str]) -> bool:
    """Return True when a label stands among the next few words (the letterhead's words come before it)."""
    return any(_FLAT_LABEL.fullmatch(p) for p in pieces[1:5])


def flat_header(line: str, labels_needed: bool = False) -> FlatHeader | None:
    """Read the header a flattened line opens with: "1 KOMMUNSTYRELSENS FÖRVALTNING TJÄNSTEUTLÅTANDE DATUM
    DIARIENR SIDA KS-216/ (3) HANDLÄGGARE Viktoria Thonäng viktoria.thonang@huddinge.se Kommunstyrelsen <titel>".

    The paper names itself among its first words, or (``labels_needed``) its labels stand there; the
    values follow the labels, each read by its form, not its place (an extraction loses some).
    Return None when the line opens with neither.
    """
    text = re.sub(r"^1\s+(?=\D)(?!" + _MONTHS + r")", "", line.strip())  # a document site's number of the page
    dropped = [] if text == line.strip() else ["1"]
    head = text[:120]
    named = _SELF_NAME.search(head)
    labels = list(_FLAT_LABEL.finditer(head))
    if not named and not labels_needed and _CAPITAL_LABEL.search(" ".join(text.split()[:15])):
        labels_needed, labels = True, labels[:1]  # labels in capitals are a header's, never prose
    # a name in capitals is a label, not prose: a meeting system's marks may stand before it ("1, MSN :30 MSN: 5/2014")
    if named and len(head[:named.start()].split()) > (8 if named.group("namn").isupper() else 4):
        named = None
    if not named and not (labels_needed and labels and (len(head[:labels[0].start()].split()) <= 4
                                                        or labels[0].group(0).isupper())):
        return None
    fields: dict[str, str] = {}
    namn = (named.group("namn").capitalize() if len(named.group("namn")) > 2 else named.group("namn")) if named else None
    office = None
    lead = []
    if named and named.group("namn").isupper() and len(text[:named.start()].split()) > 4:
        # before a name in capitals far in: the office or body in capitals, else marks that are not the paper's
        before = text[:named.start()].split()
        found = _OFFICE.search(" ".join(before))
        office = found.group("v") if found else None
        dropped.extend(w for w in before if not (office and w in office.split()))
        text = text[named.end():].strip()
    elif named:
        text = (text[:named.start()] + " " + text[named.end():]).strip()
    pieces = text.split()
    # the letterhead before the labels: the writing office or the body in capitals, a logo's words
    at = 0
    while at < len(pieces) and not _FLAT_LABEL.fullmatch(pieces[at]) and at < 5:
        found = _OFFICE.match(" ".join(pieces[at:]))
        if found:
            office = found.group("v")
            at += len(office.split())
        elif pieces[at].isupper() and len(pieces[at]) > 5 and not re.search(r"\d", pieces[at]):
            lead.append(pieces[at])  # "KOMMUNSTYRELSEN" over an extract: the body
            at += 1
        elif not _keys_ahead(pieces[at:]):
            break
        else:
            dropped.append(pieces[at])  # "i Huddinge", "Mjölby Kommun", "KFN": a logo's or a code's words
            at += 1
    if office:
        fields["fran"] = office.capitalize()
    if lead:
        fields["organ"] = " ".join(lead).capitalize()
    rest = " ".join(pieces[at:])
    keys: list[str] = []
    while True:
        label = _FLAT_LABEL.match(rest)
        if not label:
            break
        keys.append(label.group(0).rstrip(":").lower())
        rest = rest[label.end():].lstrip()
    seen = list(keys)
    if not keys and labels_needed and labels and labels[0].group(0).isupper():
        keys = [labels[0].group(0).rstrip(":").lower()]  # values before their label in capitals (the others lost)
    wanted = {"handlaggare"} if any(k == "handläggare" for k in keys) else set()
    for _ in range(12):
        label = _FLAT_LABEL.match(rest)
        if label:  # a label after values ("… (3) HANDLÄGGARE Viktoria Thonäng")
            seen.append(label.group(0).rstrip(":").lower())
            if label.group(0).rstrip(":").lower() == "handläggare":
                wanted.add("handlaggare")
            rest = rest[label.end():].lstrip()
            continue
        for key, pattern in _FLAT_VALUES:
            value = pattern.match(rest)
            if key == "handlaggare" and value and "handlaggare" not in wanted and "handlaggare" not in fields \
                    and re.search(r"[A-ZÅÄÖ]{4,}\s+" + re.escape(value.group("v")) + r"\b", rest[value.end():]):
                wanted.add("handlaggare")  # the name that signs the paper at its end, under its office, is its officer
            if not value or (key == "handlaggare" and "handlaggare" not in wanted):
                continue
            if key == "handlaggare" and re.match(BODY_NAME + r"$", value.group("v").split()[0]):
                continue  # "Kommunstyrelsen Revidering": the addressee and the title, no officer
            if key == "organ":
                # the body beside the meeting's date is the one that met; any other, the addressee
                key = "organ" if "sammanträdesdatum" in keys and "organ" not in fields else "till"
            if key == "dnr" and not (keys or named) or key == "kort" and not (keys or named):
                continue
            v = value.group("v").strip()
            if key == "dnr" and (not re.fullmatch(r"(?:[A-ZÅÄÖ]{1,5}[- /]?)?\d[\w/:.-]*\d", v) or key in fields):
                dropped.append(value.group(0))  # the number's digits were lost
            elif key == "datum" and not repair_date(v) and not re.search(r"\d{4}$", v):
                dropped.append(value.group(0))  # "25 oktober": the year was lost
            elif key == "handlaggare" and key in fields:
                fields[key] += " och " + v  # "HANDLÄGGARE Åsa Brunkvist Pia Nordeman": two officers
            elif key == "handlaggare":
                fields[key] = v  # the next name beside it is an officer too
            elif key in ("sida", "epost", "telefon", "nummer", "kort") or key in fields:
                dropped.append(value.group(0))
            else:
                fields[key] = v
                wanted.discard(key)
            rest = rest[value.end():].lstrip()
            break
        else:
            break
    if not (keys or named):
        return None
    signer = re.search(r"(?<![\wÅÄÖ])(?P<office>[A-ZÅÄÖ]{4,}(?:\s+[A-ZÅÄÖ]{2,})*)\s+" + re.escape(fields["handlaggare"])
                       + r"(?:\s+[a-zåäö]+)?\s*$", rest) if "handlaggare" in fields else None
    if signer and "fran" not in fields and not office:
        fields["fran"] = signer.group("office").capitalize()  # "SAMHÄLLSBYGGNAD Agneta Johansson nämndsekreterare"
    rubrik = None
    heading = _TITLE_END.search(rest)
    proposes = _PROPOSES.search(" " + rest)
    if heading and heading.start() > 0 and not (proposes and proposes.start() <= heading.start()):
        # the title ends where the first section's heading stands ("… (KF) Kommunstyrelsens beslut Kommun…")
        return FlatHeader(namn, fields, rest[:heading.start()].strip(), rest[heading.start():].strip(), dropped, seen)
    if proposes:
        rubrik = rest[:proposes.start()].strip()
        fields.setdefault("till", proposes.group("till"))
        rest = rest[proposes.start():].strip()
    elif len(rest) < 200 and not _TERMINAL.search(rest) and len(rest.split()) >= 2:
        rubrik, rest = rest.strip(), ""
    return FlatHeader(namn, fields, rubrik or None, rest, dropped, seen)


# A letterhead without labels, its page count last: "Torshälla stads nämnd Kommunledningskontoret Ledningsstaben
# TSN/2018:3 Ann-Kristin Rydberg 1 (2) Torshälla stads nämnd <titel>" – the office, the number, the officer.
_LETTERHEAD_PAGE = re.compile(r"(?<!\S)1\s*\(\d{1,3}\)(?=\s)")
_OFFICE_WORD = re.compile(r"^[A-ZÅÄÖ][a-zåäö]+(?:kontoret|förvaltningen)$")
_DNR_TOKEN = re.compile(r"^(?:[A-ZÅÄÖ]{1,5}[- /]?)?\d[\w/:.-]*\d$")
_ADDRESSEE = re.compile(r"^(?P<v>" + BODY_NAME + r"|[A-ZÅÄÖ][\wåäö]+\s+(?:[a-zåäö]+\s+)?nämnd)(?=\s)")


def letterhead(line: str) -> FlatHeader | None:
    """Read a flattened letterhead that has no labels: office, case number and officer before the page count
    ("1 (2)"), the addressee and the title after it. Return None unless the number and the officer are there."""
    text = re.sub(r"^1\s+(?=\D)", "", line.strip())
    page = _LETTERHEAD_PAGE.search(text)
    if not page or len(text[:page.start()].split()) > 12:
        return None
    before, after = text[:page.start()].split(), text[page.end():].strip()
    fields: dict[str, str] = {}
    name = re.search(r"(?P<v>" + _NAME + r")\s*$", " ".join(before))
    numbers = [w for w in before if _DNR_TOKEN.match(w)]
    if not name or not numbers:
        return None
    fields["handlaggare"] = name.group("v")
    fields["dnr"] = numbers[-1]
    office = next((w for w in before if _OFFICE_WORD.match(w)), None)
    if office:
        fields["fran"] = office
    body = _ADDRESSEE.match(after)
    if body:
        fields["till"] = body.group("v")
        after = after[body.end():].strip()
    rubrik = after if after and len(after) < 200 and not _TERMINAL.search(after) and len(after.split()) >= 2 else None
    return FlatHeader(None, fields, rubrik, "" if rubrik else after, [page.group(0)], [])


def _flat_case_header(lines: list[str], read: Read) -> list[str]:
    """Read a case paper's flattened header (:func:`flat_header`) from its first line."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return lines
    i = nonblank[0]
    header = flat_header(lines[i]) or letterhead(lines[i])
    if header is None:
        return lines
    f = header.fields
    read.dokumentnamn = read.dokumentnamn or header.namn
    read.fran = read.fran or f.get("fran")
    read.till = read.till or f.get("till") or f.get("organ")
    read.handlaggare = read.handlaggare or f.get("handlaggare")
    if read.dnr and any(d != read.dnr and d.startswith(read.dnr) for d in header.dropped):
        read.dnr = None  # "KS-2018/": the number's digits were lost, its beginning is no number
    if f.get("dnr") and read.dnr is None:
        read.dnr = f["dnr"]
    if f.get("datum") and read.datum is None:
        read.datum = repair_date(f["datum"]) or parse_date(f["datum"])  # "1 september 2014"
    if header.rubrik and read.rubrik is None:
        read.rubrik = header.rubrik
    read.furniture.extend(header.dropped)
    read.notes.append(f"sidhuvudet '{lines[i].strip()[:60]} …' lästes som fält")
    lines[i:i + 1] = [header.rest] if header.rest else []
    return lines


def _signature(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Remove a closing signature block (BODY in capitals, then name and title pairs)."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for k, i in enumerate(nonblank):
        text = lines[i].strip()
        if len(nonblank) - k > 9 or not (text.isupper() and len(text) > 3 and len(text.split()) <= 4):
            continue
        rest = [lines[j].strip() for j in nonblank[k + 1:]]
        if rest and len(rest) % 2 == 0 and all(len(r.split()) <= 4 and not _TERMINAL.search(r) for r in rest):
            people = [(rest[n], rest[n + 1]) for n in range(0, len(rest), 2)]
            return lines[:i], [(text, "")] + people
    return lines, []


def _width(lines: list[str]) -> int:
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) > 20)
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


def _heading_like(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= 7 and len(text) <= 70 and text[:1].isupper() and not re.search(r"[.,;:]$", text)
            and not text.lower().startswith("att") and not _BULLET.match(text)
            and words[-1].lower() not in _SMALL_WORDS)  # "Förslag till" goes on to the next line


# What YAML cannot hold, even in a comment (YAML 1.1, 5.1): control characters an extraction leaves;
# and what YAML reads as a line break (NEL, LS, PS), which would end a comment or a block mid-line.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\f\x85\u2028\u2029]")


def printable(text: str) -> str:
    """Return ``text`` without the characters a draft (YAML) cannot hold; a form feed or NEL is a line break."""
    return _UNPRINTABLE.sub("", _BREAKS.sub("\n", text))


def read_text(text: str, patterns=(), headings=()) -> Read:
    """Return the blocks and header fields of a paper's extracted ``text``.

    ``headings`` (from :func:`configured_headings`) are the organisation's own section headings.
    """
    text = printable(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\u00a0", " ")
    # A date broken where the line wrapped ("2017-12- 19") is one date again.
    text = re.sub(r"(?<!\d)(\d{4}-\d{2}-) (\d{2})(?!\d)", r"\1\2", text)
    lines = [line.rstrip() for line in text.split("\n")]
    read = Read(blocks=[], headings=list(headings), source=text)
    # A Markdown file's front matter (---, fields, ---) is the store's record, not the paper.
    while lines and not lines[0].strip():
        lines = lines[1:]
    if lines and lines[0].strip() == "---" and "---" in [line.strip() for line in lines[1:200]]:
        end = [line.strip() for line in lines[1:200]].index("---") + 1
        title = [re.match(r"^title:\s*[\"']?(.+?)[\"']?\s*$", line) for line in lines[1:end]]
        read.titel = next((m.group(1) for m in title if m), None)
        read.furniture.extend(lines[:end + 1])
        lines = lines[end + 1:]
    lines, outline = _strip_outline(lines)
    lines = _strip_page_headers(lines, read, patterns)
    lines = _strip_furniture(lines, read)
    lines = _split_flat(lines)
    lines = _header_row(lines, read, patterns)
    lines = _header_pairs(lines, read, patterns)
    if read.rubrik is None and read.handlaggare is None and read.till is None:
        lines = _flat_case_header(lines, read)  # the header the two readers above could not
    lines, signature = _signature(lines)
    if signature:
        read.notes.append("signatur: " + "; ".join(f"{a} {b}".strip() for a, b in signature))
        read.signature = signature
    outline_set = {o.lower() for o in outline}
    width = _width(lines)

    # Letterhead and addressee: the first lines before the title.
    items: list[tuple[str, bool]] = []  # (line, blank line before it)
    blank = True
    for line in lines:
        if not line.strip():
            blank = True
            continue
        items.append((line, blank))
        blank = False
    if items:
        first = items[0][0].strip()
        following = items[1][0] if len(items) > 1 else ""
        if (_heading_like(first) and len(first.split()) <= 4 and not is_known_heading(first)
                and (_TILL_LINE.match(following) or len(items) > 1 and _heading_like(following.strip())
                     and not is_known_heading(following.strip()))):  # a title straight before a section
            read.fran = first
            items = items[1:]
    if items and _TILL_LINE.match(items[0][0]):
        read.till = _TILL_LINE.match(items[0][0]).group("till").strip()
        read.till = re.sub(r"\s+", " ", read.till)
        items = items[1:]

    blocks: list[Block] = []
    last_line = ""  # the last physical line of the open block, to judge its length
    for n, (line, blank_before) in enumerate(items):
        stripped = line.strip()
        following = items[n + 1] if n + 1 < len(items) else None
        previous = blocks[-1] if blocks else None
        hashes = re.match(r"^(#{1,6})\s+(?P<text>\S.*?)\s*#*$", stripped)
        if hashes or (read.titel and stripped.lower() == read.titel.strip().lower()):
            # A Markdown conversion's heading, or the line that is the title the properties name
            blocks.append(Block("rubrik", hashes.group("text") if hashes else stripped, 1))
            last_line = stripped
            continue
        if configured_section(stripped, read.headings) or _is_heading(stripped, blank_before, previous, following,
                                                                       outline_set):
            if (previous and previous.kind == "rubrik" and previous.text.lower() in outline_set
                    and stripped.lower() in outline_set and previous.text.split()[-1].lower() in _SMALL_WORDS):
                previous.text += " " + stripped  # a two-line heading of the outline
            else:
                blocks.append(Block("rubrik", stripped, 1))
            last_line = stripped
            continue
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if bullet:
            blocks.append(Block("punkt", line[bullet.end():].strip()))
        elif numbered and (previous is None or previous.kind in ("nummer", "rubrik") or blank_before):
            blocks.append(Block("nummer", line[numbered.end():].strip(), int(numbered.group(1))))
        elif previous is None or previous.kind == "rubrik" or stripped.startswith("Att:"):
            blocks.append(Block("stycke", stripped))
        elif (blank_before and not any(b.kind == "rubrik" for b in blocks) and previous.text == last_line
              and (stripped[:1].isupper() or stripped[:1].isdigit()) and _title_like_line(previous.text)):
            # Before the first heading a header's lines stand apart: a title, then the opening sentence
            blocks.append(Block("stycke", stripped))
        elif _continues(previous.text, last_line, stripped, blank_before, width):
            previous.text += " " + stripped
        else:
            blocks.append(Block("stycke", stripped))
        last_line = stripped
    read.blocks = blocks
    return read


def _is_heading(text: str, blank_before: bool, previous: Block | None, following, outline: set[str]) -> bool:
    if is_known_heading(text) or text.lower() in outline:
        return True
    if previous is not None and previous.kind == "rubrik" and previous.text.lower() not in outline:
        return False  # a heading is followed by its content
    if previous is not None and not (blank_before or _TERMINAL.search(_tail(previous.text))):
        return False
    if previous is not None and not re.search(r"[.!?:]$", _tail(previous.text)) and previous.kind != "rubrik":
        return False
    if not _heading_like(text) and not (text.endswith("?") and len(text.split()) <= 6):
        return False
    if following is None:
        return False
    nxt = following[0].strip()
    return nxt[:1].isupper() or bool(_BULLET.match(following[0]))


def _title_like_line(text: str) -> bool:
    return len(text.split()) >= 3 and not _TERMINAL.search(text) and text[:1].isupper()


def _tail(text: str) -> str:
    # How a paragraph ends is judged on its last characters: searching all of a paragraph
    # that grows line by line made a long paper take quadratic time.
    return text[-80:]


def _continues(paragraph: str, last_line: str, line: str, blank_before: bool, width: int) -> bool:
    """Return True when ``line`` goes on the paragraph whose last physical line is ``last_line``."""
    starts_low = line[:1].islower() or line[:1].isdigit()
    ended = bool(_TERMINAL.search(_tail(paragraph)))
    last_word = (_tail(paragraph).split() or [""])[-1].lower()
    if not ended and last_word in _GOES_ON:
        return True
    if blank_before:
        # Some extractions put a blank line after every line: a long line that ends
        # mid-sentence goes on past it; a short one (a list's item) does not.
        return not ended and (starts_low or len(last_line) >= 0.5 * width)
    if starts_low:
        return True
    short = len(last_line) < 0.8 * width
    if short:
        return False  # a short line ended its paragraph (or an item whose bullet was lost)
    return True

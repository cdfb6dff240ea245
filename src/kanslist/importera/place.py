"""Put a read paper together as a draft case: each section to its field, per kind of paper."""

from __future__ import annotations

import re
from typing import Any

from kanslist.importera.placement import Placement
from kanslist.importera.read_text import SELF_NAMES, Block, Read
from kanslist.importera.segment import (_GROUP, _LETTER_INTRO, Draft, Namer, _people, _reference_item, _references,
                                        _section_of, decision, markdown, plain)
from kanslist.kinds import KINDS, Kind
from kanslist.svenska import nominative, upper_first


def _headings_base(blocks: list[Block], headings=()) -> tuple[int, int]:
    """Return (top, base): the level of the sections' headings, and the level written as "#" in text."""
    levels = [b.level for b in blocks
              if b.kind == "rubrik" and (_section_of(b.text, headings) or _GROUP.match(plain(b.text)))]
    top = min(levels, default=1)
    above = any(b.kind == "rubrik" and b.level < top for b in blocks)
    return top, top + 1 if above else top


def split_sections(blocks: list[Block], headings=()) -> tuple[list[Block], list[tuple[str, Block, list[Block]]]]:
    """Return the blocks before the first section, and each section (its field, heading, blocks).

    ``headings``: the organisation's own (configured_headings), recognised before the built-in names.
    """
    top, _ = _headings_base(blocks, headings)
    before: list[Block] = []
    sections: list[tuple[str, Block, list[Block]]] = []
    for block in blocks:
        name = _section_of(block.text, headings) if block.kind == "rubrik" else None
        group = block.kind == "rubrik" and _GROUP.match(plain(block.text))
        if block.kind == "rubrik" and block.level <= top and (name or group):
            sections.append((name or "grupp", block, []))
        elif sections:
            sections[-1][2].append(block)
        else:
            before.append(block)
    return before, sections


def _until_heading(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """Return the blocks of a list section and what follows its first heading."""
    for i, block in enumerate(blocks):
        if block.kind == "rubrik":
            return blocks[:i], blocks[i:]
    return blocks, []


def assemble(read: Read, workspace=None, patterns=()) -> Draft:
    """Return the draft case of a read paper."""
    draft = Draft()
    draft.noter.extend(read.notes)
    namer = Namer(workspace)
    before, sections = split_sections(read.blocks, read.headings)
    _, base = _headings_base(read.blocks, read.headings)
    kind = guess_kind(read)
    d = draft.data
    d["typ"] = kind.typ

    rubrik = read.rubrik
    fran = read.fran
    letterhead = read.fran
    till = read.till
    leftover_before: list[Block] = []
    letter = None
    for block in before:
        text = plain(block.text)
        if rubrik is None and block.kind == "rubrik":
            rubrik = text
        elif re.match(r"^Till\s+\S", text) and till is None:
            till = re.sub(r"^Till\s+", "", text)
        elif _LETTER_INTRO.match(text):
            letter = _LETTER_INTRO.match(text)
        else:
            leftover_before.append(block)
    if rubrik is None:
        # The title is the last short line before the body: after the letterhead, the labels,
        # the paragraph's number and dnr ("§ 52/2019 Dnr 2018/0219").
        titles = [b for b in leftover_before if b.kind == "stycke" and _title_like(b.text)]
        if titles:
            rubrik = plain(titles[-1].text)
            leftover_before.remove(titles[-1])
    rubrik = rubrik or read_title(read)
    kind = guess_kind(read, rubrik)  # a paper naming itself first is known by its title too
    d["typ"] = kind.typ
    if rubrik:
        # "Förslag till" over the title: the paper is a draft of the document the title names
        rubrik = re.sub(r"^Förslag till (?=[A-ZÅÄÖ][a-zåäö])", "", rubrik)
    # Text before the first known section is the paper's body when it reads as prose or has
    # its own headings; short header lines (a letterhead's office, a label) stay comments.
    body_before: list[Block] = []
    for block in leftover_before:
        if body_before or block.kind == "rubrik" or _prose(block.text):
            body_before.append(block)
    if sections and sum(len(plain(b.text).split()) for b in body_before) < 30:
        body_before = []  # a stray sentence before the sections is no body: it stays a comment
    leftover_before = [b for b in leftover_before if b not in body_before]

    fields: dict[str, Any] = {}
    arendet_blocks: list[Block] = list(body_before)
    inledning_blocks: list[Block] = []
    forslag = None
    decider = None
    for name, heading, blocks in sections:
        if name == "forslag":
            words = plain(heading.text).split()
            if len(words) > 3 and plain(heading.text).lower().endswith("förslag till beslut"):
                # "Socialförvaltningens förslag till beslut": the writing office
                fran = nominative(" ".join(words[:-3]))
            body = re.match(r"^förslag till beslut (?:i|till) (?P<organ>[\wåäö -]+?):?$", plain(heading.text), re.I)
            if body and till is None and forslag is None:
                till = body.group("organ")  # "Förslag till beslut i kommunfullmäktige": the body deciding
            items, rest = _until_heading(blocks)
            arendet_blocks.extend(rest)
            if forslag is not None:  # a second proposal (the committee's, then the board's): body text
                arendet_blocks.extend([heading] + items)
                continue
            forslag = decision(items, draft)
            if forslag:
                decider = forslag.pop("_beslutsinstans", None)
                arendet_blocks[len(arendet_blocks) - len(rest):len(arendet_blocks) - len(rest)] = forslag.pop("_body", [])
        elif name in ("sammanfattning", "arendet"):
            if name == "arendet":
                arendet_blocks.extend(blocks)
            else:
                fields.setdefault("sammanfattning_blocks", []).extend(blocks)
        elif name == "rubricerat":
            arendet_blocks.extend([heading] + blocks)
        elif name == "inledning":
            inledning_blocks = [heading] + blocks
        elif name in ("beslutsunderlag", "skickas_till"):
            items, rest = _until_heading(blocks)
            fields[name] = [plain(b.text) for b in items if plain(b.text)]
            arendet_blocks.extend(rest)
        elif name == "handlaggare":
            items, rest = _until_heading(blocks)
            if items:
                handlaggare, ansvarig = _people(items[0].text, namer)
                fields["handlaggare"] = handlaggare
                if ansvarig:
                    fields["ansvarig"] = ansvarig
                for extra in items[1:]:
                    if not re.match(r"^[^:]+:\s*\S+@\S+", plain(extra.text)) or not all(isinstance(h, str) for h in handlaggare):
                        draft.kvar.append(extra.text)
            arendet_blocks.extend(rest)
        elif name == "hanvisningar":
            items, rest = _until_heading(blocks)
            fields["hanvisningar_items"] = [plain(b.text) for b in items]
            arendet_blocks.extend(rest)
        elif name == "definitioner":
            items, rest = _until_heading(blocks)
            definitions: dict[str, str] = {}
            last = None
            for block in items:
                term, eq, text = plain(block.text).partition(" = ")
                if eq:
                    last = term.strip()
                    definitions[last] = text.strip()
                elif last:
                    definitions[last] += " " + plain(block.text)
                else:
                    draft.kvar.append(block.text)
            fields["definitioner"] = definitions
            arendet_blocks.extend(rest)
        elif name == "yrkanden":
            fields["yrkanden"] = [plain(re.sub(r"^Att:?\s*", "", b.text)) for b in blocks]
        elif name == "avsnitt":
            d.setdefault("avsnitt", []).append({"rubrik": plain(heading.text), "text": markdown(blocks, base)})
        elif name == "grupp":
            pass  # the recommendations of a response to the auditors, read below

    # -- the kind's own blocks (a motion's att-satser, the recommendations) ----------------------
    pc = Placement(draft=draft, read=read, namer=namer, sections=sections, base=base, rubrik=rubrik, letter=letter,
                   forslag=forslag, fields=fields, patterns=patterns,
                   sammanfattning_blocks=fields.pop("sammanfattning_blocks", []), arendet_blocks=arendet_blocks,
                   inledning_blocks=inledning_blocks)
    if kind.importer.take:
        kind.importer.take(pc)
    sammanfattning = pc.sammanfattning = markdown(pc.sammanfattning_blocks, base)
    arendet = markdown(pc.arendet_blocks, base)
    if pc.inledning_blocks:
        arendet = (markdown(pc.inledning_blocks, base) + ("\n\n" + arendet if arendet else "")).strip()
    pc.arendet = arendet
    if letter and not fran:
        fran = upper_first(nominative(letter.group("vem")))
    if read.signature and not fran:
        fran = upper_first(read.signature[0][0].lower())
    if till is None and decider:
        till = decider
    if letterhead and letterhead not in (fran, till) and (till or "").lower() != letterhead.lower():
        draft.kvar.append(letterhead)
    if forslag and decider and till and decider.lower() != till.lower():
        forslag["beslutsinstans"] = decider

    # -- the fields, in the contract's order ----------------------------------------------------
    _put(draft, "rubrik", rubrik, "dokumentets rubrik hittades inte")
    if read.dnr:
        d["dnr"] = read.dnr
    else:
        draft.note("dnr", "inget diarienummer hittades – fyll i det när ärendet är registrerat")
    _put(draft, "datum", read.datum, "inget datum hittades (skriv ÅÅÅÅ-MM-DD)")
    _put(draft, "fran", namer.enhet(fran) if fran else None, "vilken förvaltning som skrivit hittades inte")
    _put(draft, "till", namer.enhet(till) if till else None, "vilket organ som beslutar hittades inte")
    if not fields.get("handlaggare") and read.handlaggare:
        fields["handlaggare"] = _people(read.handlaggare, namer)[0]
    _put(draft, "handlaggare", fields.get("handlaggare") or None, "ingen handläggare hittades")
    if not fields.get("ansvarig") and read.ansvarig:
        fields["ansvarig"] = namer.person(read.ansvarig, None)
    if fields.get("ansvarig"):
        d["ansvarig"] = fields["ansvarig"]
    if forslag:
        d["forslag_till_beslut"] = forslag
    else:
        draft.note("forslag_till_beslut", "inget förslag till beslut hittades")

    if kind.importer.fill:
        kind.importer.fill(pc)
    if sammanfattning:
        d["sammanfattning"] = sammanfattning
    if arendet:
        d["arendet"] = arendet
    if not pc.references_as_text:
        items = fields.pop("hanvisningar_items", None)
        refs = [_reference_item(i) for i in items] if items else _references(
            sammanfattning + "\n" + arendet, patterns, read.dnr)
        if refs:
            d["hanvisningar"] = refs
            if not items:
                draft.note("hanvisningar", "numren stod i texten – skriv de refererade ärendenas rubriker som text")
    for key in ("beslutsunderlag", "skickas_till"):
        if fields.get(key):
            d[key] = fields[key]
    draft.kvar.extend(markdown([b]) for b in leftover_before)
    return draft


def _title_like(text: str) -> bool:
    text = plain(text)
    return (len(text) < 200 and not re.search(r"[.:;,]$", text) and not text.startswith("|")
            and len(re.findall(r"[A-Za-zÅÄÖåäöé]{2,}", text)) >= 2 and not text.isupper() and len(text.split()) >= 2
            and not re.match(r"^(?:§|\d|Dnr|Diarie|Sammanträdesdatum|Datum|Antagen|Beslutad|\[)", text)
            and not re.search(r"@|www\.|\bPost\b", text)
            # "Kommunstyrelsen 2019-04-08" is a header's line; a long title may end on its date
            and not (re.search(r"\b\d{4}-\d{2}-\d{2}\s*$", text) and len(text.split()) <= 4))


def _prose(text: str) -> bool:
    """Return True for a paragraph of running text (not a header's label or value)."""
    text = plain(text)
    return len(text.split()) >= 8 and bool(re.search(r"[.!?:)]$", text) or len(text.split()) >= 25)


def read_title(read: Read) -> str | None:
    """Return the title of the paper from its properties, when it has them."""
    return getattr(read, "titel", None)


def _put(draft: Draft, key: str, value: Any, why: str) -> None:
    if value is None or value == [] or value == "":
        draft.saknas.append((key, why))
    else:
        draft.data[key] = value


def guess_kind(read: Read, rubrik: str | None = None) -> Kind:
    """Return the kind of a paper: what its properties say, else the first kind whose wording it shows.

    A paper that names itself first ("Tjänsteskrivelse", "Utlåtande 2017:19") is an officer's paper
    on a case, never the governing document it may propose; its title says when it answers a
    motion ("… Motion (2016:5) av …") or a consultation ("… Remiss från …").
    """
    if read.kind_hint in KINDS:
        return KINDS[read.kind_hint]
    named = (read.dokumentnamn or "").lower() in SELF_NAMES
    if named and rubrik:
        if re.search(r"(?<![\wåäö])(?:Svar på motion|Motion)(?![\wåäö])", rubrik, re.IGNORECASE) and "motionssvar" in KINDS:
            return KINDS["motionssvar"]
        if re.search(r"(?<![\wåäö])Remiss(?![\wåäö])", rubrik, re.IGNORECASE) and "yttrande" in KINDS:
            return KINDS["yttrande"]
    text = "\n".join([t for t in (read.fran, read.till) if t] + [b.text for b in read.blocks])
    headings = [plain(b.text).lower() for b in read.blocks if b.kind == "rubrik"]
    fallback = None
    for kind in KINDS.values():
        if named and kind.typ == "styrdokument":
            continue
        if kind.importer.recognise is None:
            fallback = fallback or kind
        elif kind.importer.recognise(text, headings):
            return kind
    return fallback or next(iter(KINDS.values()))

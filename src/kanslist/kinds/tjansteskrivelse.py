"""A plain tjänsteskrivelse: the common fields only."""

from __future__ import annotations

import re
from typing import Literal

from kanslist.kinds.base import Document, Importer, Kind
from kanslist.model import ArendeBase


class Tjansteskrivelse(ArendeBase):
    """A service letter to a deciding body."""

    __beskrivning__ = "En tjänsteskrivelse till ett beslutande organ."

    typ: Literal["tjansteskrivelse"]
    """Dokumentslaget."""


# A protocol, an extract of one or a meeting's agenda opens with these; it is imported as a
# tjänsteskrivelse whose decision is the protocol's decision.
_PROTOCOL = re.compile(r"PROTOKOLL|Protokoll\b|[Pp]rotokollsutdrag|Sammanträdesprotokoll|^\s*§\s*\d+|^ANSLAG|"
                       r"Kallelse|KALLELSE|Föredragningslista|Ärendelista", re.MULTILINE)
# ... unless it is the answer to a motion or to the auditors: that kind recognises it.
_OTHER_KIND = re.compile(r"Svar på (?:motion|\w*revision|\w*revisor)|^Motion\b", re.MULTILINE | re.IGNORECASE)


def _recognise(text: str, headings: list[str]) -> bool:
    head = text[:800]
    protocol = _PROTOCOL.search(head)
    # The paragraph's own title follows its marker closely; a table of contents further on does not count.
    return bool(protocol) and not _OTHER_KIND.search(head[:protocol.end() + 250])


def _fill(pc) -> None:
    if _recognise("\n".join(b.text for b in pc.read.blocks), []) and pc.forslag:
        pc.draft.note("forslag_till_beslut", "protokollsutdrag: beslutet nedan är utdragets beslut – skriv om det "
                                             "som förslag om utkastet ska bli en tjänsteskrivelse")


# The importer's fallback: a paper that shows no other kind's wording is a tjänsteskrivelse.
KIND = Kind(
    typ="tjansteskrivelse",
    title="tjänsteskrivelse",
    model=Tjansteskrivelse,
    documents=(Document("tjansteskrivelse", "tjansteskrivelse", "Tjänsteskrivelse"),),
    importer=Importer(recognise=_recognise, fill=_fill),
)

"""Rules of offentlighets- och sekretesslagen (2009:400) and of text that must read as it is stored.

One place for them: the register's markings, the case files' ``sekretess.grund`` and the
titles kanslist prints all check here.
"""

from __future__ import annotations

import re

GRUND_EXEMPEL = "ange kapitel och paragraf i offentlighets- och sekretesslagen, t.ex. 39 kap. 3 § OSL"
OSL_KAPITEL = 44  # offentlighets- och sekretesslagen (2009:400) has 44 chapters

# "39 kap. 3 §", "26 kap. 1 och 2 §§", "25 kap. 6 a §", then the law by name, short name or SFS number
_PROVISION = re.compile(r"(?<!\d)(?P<kap>\d{1,3})\s*kap\.?\s+(?P<par>\d{1,3})\s*(?:[a-z]\s*)?"
                        r"(?:(?:,|och|-|–)\s*\d{1,3}\s*(?:[a-z]\s*)?)*§", re.IGNORECASE)
_OSL = re.compile(r"\bOSL\b|offentlighets-\s*och\s+sekretesslag|2009\s*:\s*400", re.IGNORECASE)

# Bidirectional embedding, override and isolate controls: they make text display in another
# order than it is stored (CVE-2021-42574, "Trojan Source"), so a register entry could read
# differently on screen and in the archive.
BIDI_STYRTECKEN = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
BIDI_ATGARD = "skriv texten utan det; det följer ofta med när text kopieras"


class OgiltigGrund(ValueError):
    """A secrecy ground that names no chapter and paragraph of offentlighets- och sekretesslagen."""

    def __init__(self, fel: str, atgard: str = GRUND_EXEMPEL):
        self.fel = fel
        self.atgard = atgard
        super().__init__(f"{fel} – {atgard}")


def check_grund(grund: str | None) -> str:
    """Return ``grund`` stripped when it names a provision of OSL (``39 kap. 3 § OSL``); raise OgiltigGrund.

    A marking states the provision it rests on (5 kap. 5 § OSL), so a ground must name a
    chapter and a paragraph and say it is OSL, by name, as "OSL" or as SFS 2009:400.
    ``fel`` and ``atgard`` of the error are the message and the hint for a Problem.
    """
    text = (grund or "").strip()
    if not text:
        raise OgiltigGrund("sekretessmarkeringen saknar bestämmelse")
    char = bidi_char(text)
    if char is not None:
        raise OgiltigGrund(_bidi_message("sekretessgrunden", char), BIDI_ATGARD)
    found = _PROVISION.search(text)
    if found is None or not _OSL.search(text):
        raise OgiltigGrund(f"'{text}' anger ingen bestämmelse i offentlighets- och sekretesslagen")
    if not 1 <= int(found["kap"]) <= OSL_KAPITEL:
        raise OgiltigGrund(f"'{text}': offentlighets- och sekretesslagen har bara {OSL_KAPITEL} kapitel")
    if int(found["par"]) < 1:
        raise OgiltigGrund(f"'{text}' anger ingen bestämmelse i offentlighets- och sekretesslagen")
    return text



def bidi_char(value: str | None) -> str | None:
    """Return the first bidirectional control character in ``value``, or None."""
    return next((c for c in value or "" if c in BIDI_STYRTECKEN), None)


def _bidi_message(name: str, char: str) -> str:
    return (f"{name} innehåller ett osynligt styrtecken för textriktning (U+{ord(char):04X}) som kan få "
            "texten att visas i en annan ordning än den sparas")


def check_text(value: str | None, name: str) -> str | None:
    """Return ``value`` unchanged; raise ValueError when it holds a bidirectional control character."""
    char = bidi_char(value)
    if char is not None:
        raise ValueError(f"{_bidi_message(name, char)} – {BIDI_ATGARD}")
    return value



"""The register's records as the API returns them: cases, documents, markings, log events."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field

from kanslist.dnr import Dnr

RIKTNINGAR = {"inkommande": "Inkommande", "upprattad": "Upprättad", "utgaende": "Utgående"}
STATUS = {"oppet": "Öppet", "avslutat": "Avslutat", "makulerat": "Makulerat"}

# What a secrecy marking hides from the public listing unless told otherwise.
MASKERA_ARENDE = ("rubrik",)
MASKERA_HANDLING = ("beskrivning", "motpart")
# What a case file's sekretess.maskera may name (kanslist.model.Sekretess); a case's marking takes these.
MASKERA_ARENDEFIL = ("rubrik", "sammanfattning", "arendet", "motpart")
# A document's marking: its own fields, or the case file's words its registration carried.
MASKERA_HANDLING_TILLATNA = ("beskrivning", "motpart", "rubrik", "sammanfattning", "arendet")

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


@dataclass(frozen=True)
class Sekretess:
    """A secrecy marking per 5 kap. 5 § OSL: the provision, the date, the authority that made it.

    ``maskera`` names what the public listing replaces with the marking: ``rubrik`` for a
    case, ``beskrivning`` and ``motpart`` for a document. Empty means the default for the kind.
    """

    grund: str
    datum: dt.date | None = None
    myndighet: str | None = None
    maskera: tuple[str, ...] = ()

    def markering(self) -> str:
        """Return the text shown in the public listing instead of a hidden detail."""
        return f"Sekretess enligt {self.grund}"


@dataclass(frozen=True)
class Handling:
    """One registered document in a case (5 kap. 1–2 §§ OSL)."""

    nr: int
    dnr: str  # the document's number, e.g. KS 2026/017-3
    datum: dt.date  # the day it was received or drawn up
    riktning: str  # inkommande | upprattad | utgaende
    beskrivning: str
    motpart: str | None
    sekretess: Sekretess | None
    makulerad_orsak: str | None
    sha256: str | None
    filnamn: str | None
    registrerad_tid: str
    registrerad_av: str

    @property
    def makulerad(self) -> bool:
        return self.makulerad_orsak is not None


@dataclass(frozen=True)
class Arende:
    """A case in the register with all its documents."""

    dnr: str
    nummer: Dnr
    rubrik: str
    datum: dt.date  # registration day (decides the year of the number)
    status: str  # oppet | avslutat | makulerat
    avslutad: dt.date | None
    makulerad_orsak: str | None
    sekretess: Sekretess | None
    registrerad_tid: str
    registrerad_av: str
    handlingar: tuple[Handling, ...] = field(default=())

    def as_dict(self) -> dict:
        """Return the full record (classified details included) for export."""
        data = asdict(self)
        data["nummer"] = asdict(self.nummer)
        return json.loads(json.dumps(data, default=_json_default))


@dataclass(frozen=True)
class Logghandelse:
    """One change to the register: who, when (UTC), what."""

    tid: str
    vem: str
    atgard: str
    dnr: str | None
    uppgifter: dict

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ListRad:
    """One line of the public listing, with classified details already replaced."""

    diarienummer: str
    datum: dt.date
    typ: str  # Ärende | Handling
    riktning: str
    motpart: str
    beskrivning: str
    status: str
    sekretess: str  # the provision when marked, else empty


_RIKTNING_ALIAS = {
    "inkommande": "inkommande", "inkommen": "inkommande", "in": "inkommande",
    "upprattad": "upprattad", "upprättad": "upprattad", "upprättat": "upprattad",
    "utgaende": "utgaende", "utgående": "utgaende", "expedierad": "utgaende", "ut": "utgaende",
}


def riktning_av(value: str) -> str:
    """Return the direction key of ``value`` (``upprättad`` → ``upprattad``); raise ValueError when unknown."""
    key = (value or "").strip().lower()
    if key in _RIKTNING_ALIAS:
        return _RIKTNING_ALIAS[key]
    raise ValueError(f"'{value}' är ingen riktning – välj inkommande, upprattad eller utgaende")


def marking_columns(marking: Sekretess | None) -> dict:
    """Return the database columns of a secrecy marking (all None when there is none)."""
    if marking is None:
        return dict(sekretess_grund=None, sekretess_datum=None, sekretess_myndighet=None, sekretess_maskera=None)
    return dict(sekretess_grund=marking.grund, sekretess_datum=marking.datum,
                sekretess_myndighet=marking.myndighet, sekretess_maskera=",".join(marking.maskera))


def marking_from(row) -> Sekretess | None:
    """Return the secrecy marking stored in a case or document row; None when unmarked."""
    if row.sekretess_grund is None:
        return None
    return Sekretess(grund=row.sekretess_grund, datum=row.sekretess_datum, myndighet=row.sekretess_myndighet,
                     maskera=tuple(p for p in (row.sekretess_maskera or "").split(",") if p))


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"kan inte skriva {type(value).__name__} som JSON")


def to_json(value) -> str:
    """Return ``value`` as JSON text with dates written ISO 8601."""
    return json.dumps(value, ensure_ascii=False, default=_json_default, sort_keys=True)

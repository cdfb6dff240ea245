"""The register's records as the API returns them: cases, documents, markings, log events."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field

from kanslist.dnr import Dnr
from kanslist.osl import (BIDI_ATGARD, BIDI_STYRTECKEN, GRUND_EXEMPEL, OSL_KAPITEL, OgiltigGrund,  # noqa: F401
                          bidi_char, check_grund, check_text)

RIKTNINGAR = {"inkommande": "Inkommande", "upprattad": "Upprättad", "utgaende": "Utgående"}
STATUS = {"oppet": "Öppet", "avslutat": "Avslutat", "makulerat": "Makulerat"}

# What a secrecy marking hides from the public listing unless told otherwise.
MASKERA_ARENDE = ("rubrik",)
MASKERA_HANDLING = ("beskrivning", "motpart")
# What a case file's sekretess.maskera may name (kanslist.model.Sekretess); a case's marking takes these.
MASKERA_ARENDEFIL = ("rubrik", "sammanfattning", "arendet", "motpart")
# A document's marking: its own fields, or the case file's words its registration carried.
MASKERA_HANDLING_TILLATNA = ("beskrivning", "motpart", "rubrik", "sammanfattning", "arendet")


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

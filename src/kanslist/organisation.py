"""The organisation's configuration: data/organisation.yaml and data/personer.yaml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kanslist.dnr import DnrPattern
from kanslist.errors import InvalidInput, Problem, nearest
from kanslist.model import looks_like_id
from kanslist.pipeline.validate import validate_model
from kanslist.pipeline.load import Loaded, load_yaml
from kanslist.sammantrade.stil import SammantradeStil



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Enhet(_Strict):
    """A body (nämnd, utskott) or an office (förvaltning, enhet) of the organisation."""

    namn: str
    typ: Literal["fullmaktige", "namnd", "styrelse", "utskott", "forvaltning", "enhet", "bolag", "ovrig"] = "ovrig"
    serie: str | None = None
    under: str | None = None
    diarienummer: str | None = None  # this series' own number pattern, overriding the organisation's
    bestamd_form: str | None = None  # "kommunledningskontorets" for the stance sentence's genitive

    @field_validator("diarienummer")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None:
            DnrPattern(value)
        return value


class DiariumConfig(_Strict):
    """Where the register lives: SQLite file under data/ by default, or a database URL."""

    url: str | None = None


class Organisation(_Strict):
    """The organisation whose papers this workspace produces."""

    namn: str
    diarienummer: str = "{serie} {ar}/{lopnr:03d}"
    beslutsform: Literal["att", "numrerad", "mening"] = "att"
    dokumentnamn: str = "TJÄNSTESKRIVELSE"
    datumformat: Literal["iso", "lang"] = "iso"
    enheter: dict[str, Enhet] = Field(default_factory=dict)
    diarium: DiariumConfig = Field(default_factory=DiariumConfig)
    sammantraden: SammantradeStil = Field(default_factory=SammantradeStil)  # meeting papers' house style

    @field_validator("enheter")
    @classmethod
    def _ids(cls, value: dict[str, Enhet]) -> dict[str, Enhet]:
        for key in value:
            if not looks_like_id(key):
                raise ValueError(f"'{key}' är inget giltigt id – använd små bokstäver och bindestreck, t.ex. kommunstyrelsen")
        return value

    @field_validator("diarienummer")
    @classmethod
    def _pattern(cls, value: str) -> str:
        DnrPattern(value)  # a ValueError says, in Swedish, what is wrong with the pattern
        return value

    def pattern_for(self, serie: str | None) -> str:
        """Return the case-number pattern of ``serie`` (its own, or the organisation's)."""
        for enhet in self.enheter.values():
            if serie and enhet.serie == serie and enhet.diarienummer:
                return enhet.diarienummer
        return self.diarienummer

    def series(self) -> dict[str, str]:
        """Return every register series and the id of the body that owns it."""
        return {e.serie: key for key, e in self.enheter.items() if e.serie}


class Person(_Strict):
    """A person who writes, answers for or signs papers."""

    namn: str
    titel: str = ""
    enhet: str | None = None
    epost: str | None = None
    telefon: str | None = None


def load_organisation(path: Path, display: str = "data/organisation.yaml") -> tuple[Organisation, Loaded]:
    """Return the organisation of ``path`` and its line map; raise InvalidInput when wrong."""
    if not path.exists():
        raise InvalidInput([Problem(display, None, "", "filen saknas",
                                    "skapa den med 'kanslist init' eller kopiera en från exemplen")])
    loaded = load_yaml(path, display)
    organisation = validate_model(Organisation, loaded)
    problems = []
    for key, enhet in organisation.enheter.items():
        if enhet.under and enhet.under not in organisation.enheter:
            guess = nearest(enhet.under, organisation.enheter)
            problems.append(Problem(display, loaded.line_of(("enheter", key, "under")), f"enheter.{key}.under",
                                    f"'{enhet.under}' finns inte bland enheterna",
                                    f"menade du {guess}?" if guess else "ange id för en enhet i filen"))
    if problems:
        raise InvalidInput(problems)
    return organisation, loaded


def load_personer(path: Path, display: str = "data/personer.yaml") -> dict[str, Person]:
    """Return the people of ``path`` by id; an absent file means nobody is registered."""
    if not path.exists():
        return {}
    loaded = load_yaml(path, display)
    return validate_model(dict[str, Person], loaded)

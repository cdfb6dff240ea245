"""The organisation's settings for meeting papers (``sammantraden:`` in data/organisation.yaml)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_PARTS = re.compile(r"\{(\w+)\}")
PARAGRAF_PARTS = ("nr", "ar", "ar2")
# The headings of a § in the protocol and its extract, kanslist's wording unless sammantraden.rubriker says otherwise.
PROTOKOLLSRUBRIKER = {
    "beslut": "Beslut", "forslag_till": "Beslut – förslag till {beslutsinstans}",
    "sammanfattning": "Sammanfattning av ärendet", "beslutsunderlag": "Beslutsunderlag", "yrkanden": "Yrkanden",
    "beslutsgang": "Beslutsgång", "omrostning": "Omröstning", "reservationer": "Reservationer",
    "protokollsanteckning": "Protokollsanteckning", "skickas_till": "Beslutet skickas till"}
PARAGRAFAVSNITT = ("beslut", "sammanfattning", "beslutsunderlag", "yrkanden", "beslutsgang", "omrostning",
                   "reservationer", "protokollsanteckning", "skickas_till")


class SammantradeStil(BaseModel):
    """How this organisation's protocols look: § pattern, footer, where the protocol is kept."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Sammanträdeshandlingarnas stil",
                              json_schema_extra={"description": "Hur organisationens protokoll och anslag ser ut: "
                                                                "paragrafmönster, sidfot, förvaringsplats."})

    paragraf: str = Field("§ {nr}", description="Paragrafernas mönster med {nr}, {ar} eller {ar2}, t.ex. "
                                                "'§ {nr}/{ar}'; numren löper per organ och kalenderår")
    justerandes_signatur: bool = Field(False, description="true ger sidfoten 'Justerandes signatur / "
                                                          "Utdragsbestyrkande' på protokoll och utdrag")
    forvaringsplats: str | None = Field(None, description="Var protokollet förvaras, står på anslaget")
    anslagstavla: str | None = Field(None, description="Adressen till den digitala anslagstavlan, står på anslaget")
    forvaltningsratt: str = Field("förvaltningsrätten", description="Dit en laglighetsprövning lämnas, t.ex. "
                                                                   "'Förvaltningsrätten i Jönköping'")
    sidnummer: str = Field("{sida} ({sidor})", description="Sidnumreringen i sidhuvudet på kallelse, protokoll, "
                                                           "utdrag och anslag, med {sida} och {sidor}, t.ex. "
                                                           "'Sidan {sida} av {sidor}' eller 'Sida {sida}({sidor})'")

    rubriker: dict[str, str] = Field(default_factory=dict, description=(
        "Rubrikerna i protokollets och utdragets paragrafer, när de inte ska vara kanslists: "
        + ", ".join(f"{name} ('{text}')" for name, text in PROTOKOLLSRUBRIKER.items())
        + "; {beslutsinstans} (den som beslutar, t.ex. kommunfullmäktige) och {organ_genitiv} (t.ex. "
          "Kommunstyrelsens) får stå med"))

    ordning: list[Literal[PARAGRAFAVSNITT]] = Field(default_factory=lambda: list(PARAGRAFAVSNITT), description=(
        "Avsnitten i protokollets och utdragets paragrafer, i ordning: " + ", ".join(PARAGRAFAVSNITT)
        + "; ett avsnitt som inte står med skrivs inte ut"))

    inledning: str = Field("", description=(
        "En mening först i varje paragraf som har en ärendefil, med {datum} (handlingens datum) och {fran} "
        "(den som skrivit den), t.ex. 'I ärendet föreligger tjänsteutlåtande {datum} från {fran}.'; tom text "
        "skriver ingen"))

    @field_validator("inledning")
    @classmethod
    def _opening(cls, value: str) -> str:
        unknown = [part for part in _PARTS.findall(value) if part not in ("datum", "fran")]
        if unknown:
            raise ValueError(f"inledningen har okänd del {{{unknown[0]}}} – använd {{datum}} eller {{fran}}")
        return value

    @field_validator("rubriker")
    @classmethod
    def _headings(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if name not in PROTOKOLLSRUBRIKER:
                raise ValueError(f"rubriken '{name}' finns inte i protokollet – använd " + ", ".join(PROTOKOLLSRUBRIKER))
            unknown = [part for part in _PARTS.findall(text) if part not in ("beslutsinstans", "organ_genitiv")]
            if unknown:
                raise ValueError(f"rubriken {name} har okänd del {{{unknown[0]}}} – använd {{beslutsinstans}} "
                                 "eller {organ_genitiv}")
        return value

    def rubrik(self, name: str, **values: str) -> str:
        """Return the heading ``name`` of a § in this organisation's wording, its parts filled in."""
        return self.rubriker.get(name, PROTOKOLLSRUBRIKER[name]).format_map(values)

    @field_validator("sidnummer")
    @classmethod
    def _page(cls, value: str) -> str:
        from kanslist.organisation import check_page_style  # organisation.py imports this module

        return check_page_style(value)

    @field_validator("paragraf")
    @classmethod
    def _pattern(cls, value: str) -> str:
        parts = _PARTS.findall(value)
        if "nr" not in parts:
            raise ValueError(f"'{value}' saknar {{nr}} – skriv t.ex. \"§ {{nr}}\" eller \"§ {{nr}}/{{ar}}\"")
        unknown = [p for p in parts if p not in PARAGRAF_PARTS]
        if unknown:
            raise ValueError(f"'{value}': {{{unknown[0]}}} är ingen känd del – använd {{nr}}, {{ar}} eller {{ar2}}")
        return value

    def format_paragraf(self, nr: int, ar: int) -> str:
        """Return the § of number ``nr`` in year ``ar``: "§ 52", "§ 52/2026"."""
        return self.paragraf.format(nr=nr, ar=ar, ar2=f"{ar % 100:02d}")

    def format_range(self, first: int, last: int, ar: int) -> str:
        """Return the paragraphs of a protocol: "§§ 52–60" ("§ 52" for one); other patterns in full."""
        if first == last:
            return self.format_paragraf(first, ar)
        if self.paragraf.startswith("§"):
            return f"§§ {first}–{last}"
        return f"{self.format_paragraf(first, ar)}–{self.format_paragraf(last, ar)}"

"""The organisation's settings for meeting papers (``sammantraden:`` in data/organisation.yaml)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

_PARTS = re.compile(r"\{(\w+)\}")
PARAGRAF_PARTS = ("nr", "ar", "ar2")


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

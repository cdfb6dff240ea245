"""The organisation's settings for meeting papers (``sammantraden:`` in data/organisation.yaml)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

_PARTS = re.compile(r"\{(\w+)\}")
PARAGRAF_PARTS = ("nr", "ar", "ar2")


class SammantradeStil(BaseModel):
    """How this organisation's protocols look: § pattern, footer, where the protocol is kept."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paragraf: str = "§ {nr}"  # "§ {nr}/{ar}" (Sollentuna), "§ {nr}/{ar2}" (Nynäshamn), "KSAU {nr}/{ar}"
    justerandes_signatur: bool = False  # the running footer "Justerandes signatur / Utdragsbestyrkande"
    forvaringsplats: str | None = None  # "Förvaringsplats för protokollet" on the anslag
    anslagstavla: str | None = None  # address of the digital anslagstavla, shown on the anslag
    forvaltningsratt: str = "förvaltningsrätten"  # where a laglighetsprövning is lodged

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

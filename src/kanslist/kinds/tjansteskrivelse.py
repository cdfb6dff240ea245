"""A plain tjänsteskrivelse: the common fields only."""

from __future__ import annotations

from typing import Literal

from kanslist.kinds.base import Document, Kind
from kanslist.model import ArendeBase


class Tjansteskrivelse(ArendeBase):
    """A service letter to a deciding body."""

    __beskrivning__ = "En tjänsteskrivelse till ett beslutande organ."

    typ: Literal["tjansteskrivelse"]
    """Dokumentslaget."""


# The importer's fallback: a paper that shows no other kind's wording is a tjänsteskrivelse.
KIND = Kind(
    typ="tjansteskrivelse",
    title="tjänsteskrivelse",
    model=Tjansteskrivelse,
    documents=(Document("tjansteskrivelse", "tjansteskrivelse", "Tjänsteskrivelse"),),
)

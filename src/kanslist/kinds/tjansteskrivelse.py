"""A plain tjänsteskrivelse: the common fields only."""

from __future__ import annotations

from typing import Literal

from kanslist.model import ArendeBase

TYP = "tjansteskrivelse"
DOCUMENTS = {"tjansteskrivelse": "tjansteskrivelse"}


class Tjansteskrivelse(ArendeBase):
    """A service letter to a deciding body."""

    typ: Literal["tjansteskrivelse"]


MODEL = Tjansteskrivelse


def extend_context(arende, context: dict, resolver) -> None:
    """Nothing to add: the common context is the whole paper."""

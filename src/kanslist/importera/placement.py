"""What a kind's import hooks see of a paper being placed: its blocks, the draft so far, the helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kanslist.importera.read_text import Block, Read
from kanslist.importera.segment import Draft, Namer, markdown


@dataclass
class Placement:
    """A paper half placed: ``take`` may move blocks out of the body, ``fill`` writes the kind's fields.

    ``sammanfattning`` and ``arendet`` hold the body's Markdown once ``take`` has run.
    """

    draft: Draft
    read: Read
    namer: Namer
    sections: list[tuple[str, Block, list[Block]]]
    base: int  # the heading level written as "#" in the Markdown
    rubrik: str | None
    letter: Any  # the letter's opening sentence, matched (a response to the auditors), or None
    forslag: dict | None
    fields: dict
    patterns: Any
    sammanfattning_blocks: list[Block] = field(default_factory=list)
    arendet_blocks: list[Block] = field(default_factory=list)
    inledning_blocks: list[Block] = field(default_factory=list)
    sammanfattning: str = ""
    arendet: str = ""
    references_as_text: bool = False  # the kind placed its references itself

    @property
    def data(self) -> dict:
        """Return the draft's fields (written in the contract's order when the draft is written)."""
        return self.draft.data

    def markdown(self, blocks: list[Block]) -> str:
        """Return ``blocks`` as Markdown, headings relative to the paper's sections."""
        return markdown(blocks, self.base)

    def missing(self, key: str, why: str) -> None:
        """Note that ``key`` was not found (the draft says so, and granska's "saknas" for it is expected)."""
        self.draft.saknas.append((key, why))

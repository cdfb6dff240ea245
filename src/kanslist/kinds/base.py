"""What a document kind declares: one :class:`Kind` object per kind module, everything in one place.

The rest of kanslist asks the kind, never a list of its own: the CLI's choices, the JSON
Schema, the skeleton of ``kanslist ny``, the documents and templates of ``bygg``, the
register labels, the completeness rules of ``granska`` and the importer's guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

# The sections every paper needs unless its kind says otherwise; a tuple means "one of these".
DEFAULT_SECTIONS: tuple[tuple[str, ...], ...] = (("forslag_till_beslut",), ("sammanfattning", "arendet"))


@dataclass(frozen=True)
class Document:
    """One Word document a kind produces: ``build/<case>/<name>.docx`` from ``mallar/<template>.docx``."""

    name: str
    template: str
    label: str  # how the register lists it: "Tjänsteskrivelse: <rubrik>"


@dataclass(frozen=True)
class Importer:
    """How ``kanslist importera`` recognises a paper of this kind and places its text.

    ``recognise(text, headings)`` says whether a paper's text (headings in lower case) is
    of this kind; ``take(placement)`` moves the kind's own blocks out of the body before it
    becomes Markdown; ``fill(placement)`` writes the kind's own fields into the draft.
    """

    recognise: Callable[[str, list[str]], bool] | None = None
    take: Callable[[Any], None] | None = None
    fill: Callable[[Any], None] | None = None


def _no_context(arende, context: dict, resolver) -> None:
    """Nothing to add: the common context is the whole paper."""


@dataclass(frozen=True)
class Kind:
    """Everything kanslist knows about one kind of paper, keyed by the case file's ``typ``."""

    typ: str
    title: str  # in Swedish, for messages and the web app: "svar på revisionsrapport"
    model: type
    documents: tuple[Document, ...]
    skeleton: str = ""  # YAML after the common fields of ``kanslist ny``, with Swedish comments
    required_sections: tuple[tuple[str, ...], ...] = DEFAULT_SECTIONS
    extend_context: Callable[[Any, dict, Any], None] = _no_context
    # Outputs that are not Word templates (a spreadsheet): file name → bytes.
    extra_outputs: Callable[[Any, dict], dict[str, bytes]] | None = None
    rules: tuple[Callable[[Any], Iterator[Any]], ...] = ()  # granska rules of this kind only
    importer: Importer = field(default_factory=Importer)
    # A case may leave out documents or sections (a rutin decided by an official has no
    # tjänsteskrivelse and no proposed decision): given the case, these return what it needs.
    select_documents: Callable[[Any, tuple[Document, ...]], tuple[Document, ...]] | None = None
    select_sections: Callable[[Any, tuple[tuple[str, ...], ...]], tuple[tuple[str, ...], ...]] | None = None
    # Sections the kind's own documents print whatever the house style's order (a styrdokument's text).
    own_sections: tuple[str, ...] = ()

    def documents_for(self, arende) -> tuple[Document, ...]:
        """Return the documents this case produces (the kind's, less any the case leaves out)."""
        return self.select_documents(arende, self.documents) if self.select_documents else self.documents

    def required_sections_for(self, arende, ordning: list[str] | None = None) -> tuple[tuple[str, ...], ...]:
        """Return the sections this case needs (the kind's, less any the case does without).

        With the house style's ``ordning`` (stil.ordning), a section it does not print is not needed:
        a one-sentence paper of a house that prints only the proposal needs only the proposal.
        """
        needed = self.select_sections(arende, self.required_sections) if self.select_sections else self.required_sections
        if ordning is None:
            return needed
        printed = [tuple(n for n in names if n in ordning or n in self.own_sections) for names in needed]
        return tuple(names for names in printed if names)

    @property
    def templates(self) -> list[str]:
        """Return the template names this kind renders, in order."""
        return [d.template for d in self.documents]

    def document(self, name: str) -> Document | None:
        """Return the document called ``name`` (an output file's stem); None if the kind has none."""
        return next((d for d in self.documents if d.name == name), None)

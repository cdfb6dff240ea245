"""The typed model of a case file (ärende): the data contract of DESIGN.md, checked field by field."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

# XML 1.0 cannot hold these; a Word file containing them does not open. C1 controls
# (U+0080–U+009F) are refused too: they are Windows-1252 dashes and quotes read wrongly.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: str) -> str:
    found = _XML_INVALID.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise ValueError(f"innehåller tecknet {code}, som inte kan stå i ett Word-dokument – "
                         "ta bort tecknet (det kommer ofta från inklistrad text)")
    return value


def _strip(value: object) -> object:
    # Word has no carriage return in text: a Windows line break is a line break.
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else value


def _as_list(value: object) -> object:
    return [value] if isinstance(value, (str, dict)) else value


# Limits on what one field may hold: a Word title property holds 255 characters; a
# Markdown text is converted in time that grows faster than its length (python-markdown),
# so its length is bounded (100 000 characters is some 40 pages).
MAX_RUBRIK = 255
MAX_TEXT = 5_000
MAX_MARKDOWN = 100_000

Text = Annotated[str, BeforeValidator(_strip), AfterValidator(_xml_safe), Field(min_length=1, max_length=MAX_TEXT)]
"""One line of plain text, shown exactly as written."""

Rubrik = Annotated[Text, Field(max_length=MAX_RUBRIK)]
"""The title of a case: also the document's title property, which Word caps at 255 characters."""

Markdown = Annotated[str, AfterValidator(_xml_safe), Field(max_length=MAX_MARKDOWN)]
"""Longer text in Markdown: paragraphs, lists, bold, italics, links, tables, sub-headings."""

Datum = dt.date


class Strict(BaseModel):
    """Every model refuses unknown keys, so a misspelt field is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class PersonText(Strict):
    """A person written out in the case file instead of an id of data/personer.yaml."""

    namn: Text
    titel: Text | None = None


PersonRef = Annotated[
    Union[Annotated[Text, Tag("str")], Annotated[PersonText, Tag("PersonText")]],
    # Written out ({namn: ...}) or an id/name: errors then speak of the form that was used.
    Discriminator(lambda v: "PersonText" if isinstance(v, (dict, PersonText)) else "str"),
]
"""An id of data/personer.yaml (``anna-ystrom``) or a person written out ({namn, titel})."""


class ForslagTillBeslut(Strict):
    """The proposed decision: who proposes it and its points (att-satser)."""

    forslagsstallare: Text | None = None
    beslutsinstans: Text | None = None  # who decides, when not the case's "till"
    att: Annotated[list[Text], BeforeValidator(_as_list), Field(min_length=1)]


class Hanvisning(Strict):
    """A reference to another case."""

    dnr: Text | None = None
    text: Text


class Sekretess(Strict):
    """The case, or parts of it, is classified (offentlighets- och sekretesslagen)."""

    grund: Text
    maskera: list[Literal["rubrik", "sammanfattning", "arendet", "motpart"]] = Field(default_factory=lambda: ["rubrik"])


class Avsnitt(Strict):
    """An extra section (Barnperspektiv, Ekonomiska konsekvenser ...), in order."""

    rubrik: Text
    text: Markdown


class ArendeBase(Strict):
    """What every case file holds, whatever its kind."""

    typ: str
    rubrik: Rubrik
    dnr: Text | None = None
    datum: Datum
    fran: Text
    till: Text
    handlaggare: Annotated[list[PersonRef], BeforeValidator(_as_list), Field(min_length=1)]
    ansvarig: PersonRef | None = None
    forslag_till_beslut: ForslagTillBeslut | None = None
    sammanfattning: Markdown | None = None
    arendet: Markdown | None = None
    beslutsunderlag: Annotated[list[Text], BeforeValidator(_as_list)] = Field(default_factory=list)
    skickas_till: Annotated[list[Text], BeforeValidator(_as_list)] = Field(default_factory=list)
    hanvisningar: list[Hanvisning] = Field(default_factory=list)
    sekretess: Sekretess | None = None
    avsnitt: list[Avsnitt] = Field(default_factory=list)


Stallningstagande = Literal["instammer", "instammer_delvis", "instammer_inte"]
Status = Literal["planerad", "pagar", "genomford"]

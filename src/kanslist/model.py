"""The typed model of a case file (ärende): the data contract of DESIGN.md, checked field by field."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Iterator, Literal, Union, get_args, get_origin

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag,
                      model_validator)

from kanslist.osl import check_grund, check_text

ID_PATTERN = re.compile(r"^[a-z0-9åäö]+(?:[-_][a-z0-9åäö]+)*$")


def looks_like_id(value: str) -> bool:
    """Return True when ``value`` is written like an id (lower case, no spaces): ``anna-ystrom``."""
    return bool(ID_PATTERN.match(value))


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


@dataclass(frozen=True)
class Prose:
    """Marks running Swedish text: the spell checker reads it."""


@dataclass(frozen=True)
class NotProse:
    """Marks a name or a code (a party, a firm, a case number): the spell checker leaves it alone."""


@dataclass(frozen=True)
class Ref:
    """Marks a value that may be an id of data/: ``enhet`` (organisation.yaml), ``person`` (personer.yaml) or
    ``enhet_eller_person`` (either)."""

    what: str


# Limits on what one field may hold: a Word title property holds 255 characters; a
# Markdown text is converted in time that grows faster than its length (python-markdown),
# so its length is bounded (100 000 characters is some 40 pages).
MAX_RUBRIK = 255
MAX_TEXT = 5_000
MAX_MARKDOWN = 100_000

Text = Annotated[str, BeforeValidator(_strip), AfterValidator(_xml_safe), Field(min_length=1, max_length=MAX_TEXT),
                 Prose()]
"""One line of plain text, shown exactly as written."""

# A title must read as it is stored: no bidirectional override characters ("Trojan Source").
Rubrik = Annotated[Text, Field(max_length=MAX_RUBRIK), AfterValidator(lambda value: check_text(value, "rubriken"))]
"""The title of a case: also the document's title property, which Word caps at 255 characters."""

Markdown = Annotated[str, AfterValidator(_xml_safe), Field(max_length=MAX_MARKDOWN), Prose()]
"""Longer text in Markdown: paragraphs, lists, bold, italics, links, tables, sub-headings."""

Namn = Annotated[Text, NotProse()]
"""A name written as text (a party, a firm, a recipient): shown as written, never spell-checked."""

Kod = Annotated[Text, NotProse()]
"""A code: a case number, a provision of law, a version."""

EnhetRef = Annotated[Text, Ref("enhet")]
"""An id of a body or office in data/organisation.yaml (``kommunstyrelsen``), or its name as text."""

EnhetEllerPersonRef = Annotated[Text, Ref("enhet_eller_person")]
"""An id of a body or office, or of a person in data/personer.yaml (``kanslichef``), or a name as text."""

Datum = dt.date


@lru_cache(maxsize=None)
def _module_classes(module: str) -> dict[str, ast.ClassDef]:
    return {node.name: node for node in ast.parse(inspect.getsource(sys.modules[module])).body
            if isinstance(node, ast.ClassDef)}


@lru_cache(maxsize=None)
def attribute_docstrings(cls: type) -> dict[str, str]:
    """Return the docstring under each field ``cls`` itself declares (a string right under ``name: type``)."""
    node = _module_classes(cls.__module__).get(cls.__name__)
    found: dict[str, str] = {}
    if node is None:
        return found
    for previous, statement in zip(node.body, node.body[1:]):
        if (isinstance(previous, ast.AnnAssign) and isinstance(previous.target, ast.Name)
                and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)):
            found[previous.target.id] = inspect.cleandoc(statement.value.value)
    return found


def _field_descriptions(schema: dict, cls: type) -> None:
    # What pydantic's use_attribute_docstrings would give, read only when a schema is made:
    # reading the source at class creation cost a tenth of a second of every start (granska).
    for name, field in schema.get("properties", {}).items():
        owner = next((c for c in cls.__mro__ if name in c.__dict__.get("__annotations__", {})), None)
        text = attribute_docstrings(owner).get(name) if owner is not None else None
        if text and "description" not in field:
            field["description"] = text


def _swedish_description(schema: dict, cls: type) -> None:
    # The JSON Schema is read by users (`kanslist schema`, docs/falt.md): a model is described
    # by its Swedish ``beskrivning``, never by its docstring, which is for developers.
    # A field's own description (a model-typed field) is kept; only the docstring is replaced.
    _field_descriptions(schema, cls)
    docstring = inspect.cleandoc(cls.__doc__) if cls.__doc__ else None
    if schema.get("description") not in (None, docstring):
        return
    text = cls.__dict__.get("__beskrivning__")
    if text:
        schema["description"] = text
    else:
        schema.pop("description", None)


class Strict(BaseModel):
    """Every model refuses unknown keys, so a misspelt field is reported, not ignored.

    A field's Swedish description for users is the docstring under it (read as pydantic's
    ``use_attribute_docstrings`` reads it, when the JSON Schema is made); the model's is its
    ``__beskrivning__`` (a name no YAML key can take).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False,
                              json_schema_extra=_swedish_description)


class PersonText(Strict):
    """A person written out in the case file instead of an id of data/personer.yaml."""

    __beskrivning__ = "En person utskriven i ärendefilen i stället för ett id i data/personer.yaml."

    namn: Namn
    """Personens namn."""
    titel: Namn | None = None
    """Personens titel, t.ex. HR-chef."""


PersonRef = Annotated[
    Union[Annotated[Text, Tag("str")], Annotated[PersonText, Tag("PersonText")]],
    # Written out ({namn: ...}) or an id/name: errors then speak of the form that was used.
    Discriminator(lambda v: "PersonText" if isinstance(v, (dict, PersonText)) else "str"),
    Ref("person"),
]
"""An id of data/personer.yaml (``anna-ystrom``) or a person written out ({namn, titel})."""


class ForslagTillBeslut(Strict):
    """Förslaget till beslut: att-satser, färdiga beslutsmeningar eller fri text, och vem som föreslår vad för vem."""

    __beskrivning__ = ("Förslaget till beslut: att-satser, färdiga beslutsmeningar eller fri text, och vem som "
                       "föreslår vad för vem.")

    rubrik: Text | None = Field(None, description="Egen rubrik för avsnittet, t.ex. 'Förslag till beslut i "
                                                  "kommunfullmäktige'; annars organisationens rubrik")
    forslagsstallare: EnhetRef | None = Field(None, description="Vem som föreslår (id eller namn): "
                                                                "'Personalutskottet föreslår kommunstyrelsen ...'")
    via: Annotated[list[EnhetRef], BeforeValidator(_as_list)] = Field(
        default_factory=list, description="Organ som förslaget passerar på vägen, i ordning: 'föreslår "
                                          "kommunstyrelsen att föreslå kommunfullmäktige att ...'")
    beslutsinstans: EnhetRef | None = Field(None, description="Vem som beslutar, om inte mottagaren (till)")
    att: Annotated[list[Text], BeforeValidator(_as_list)] = Field(
        default_factory=list, description="Att-satser i infinitiv, en per beslutspunkt: 'anta riktlinjen'")
    beslut: Annotated[list[Text], BeforeValidator(_as_list)] = Field(
        default_factory=list, description="Hela beslutsmeningar, skrivs ut som de står: 'Motionen avslås.'")
    text: Markdown | None = Field(None, description="Fri text i Markdown, t.ex. ett beslut genom hänvisning "
                                                    "till ett annat dokument; skrivs ut som den står")

    @model_validator(mode="after")
    def _one_form(self) -> "ForslagTillBeslut":
        given = [name for name in ("att", "beslut", "text") if getattr(self, name)]
        if not given:
            raise ValueError("saknar beslutspunkter – skriv att-satser under att:, hela meningar under "
                             "beslut: eller fri text under text: |")
        return self  # several are printed in this order: att-satser, beslut, text

    @property
    def form(self) -> str:
        """Return "att", "beslut" or "text": how the points are written."""
        return "att" if self.att else "beslut" if self.beslut else "text"


class Hanvisning(Strict):
    """A reference to another case."""

    __beskrivning__ = "En hänvisning till ett annat ärende."

    dnr: Kod | None = None
    """Det andra ärendets diarienummer; bara nummer i organisationens egna serier slås upp i diariet."""
    text: Text
    """Vad ärendet gäller, t.ex. 'Svar på granskning av hemarbete'."""


class Sekretess(Strict):
    """The case, or parts of it, is classified (offentlighets- och sekretesslagen)."""

    __beskrivning__ = "Ärendet, eller delar av det, omfattas av sekretess enligt offentlighets- och sekretesslagen."

    # A marking names the provision it rests on (5 kap. 5 § OSL).
    grund: Annotated[Kod, AfterValidator(check_grund), Field(examples=["39 kap. 3 § OSL"])]
    """Bestämmelsen sekretessen vilar på, med kapitel och paragraf: '39 kap. 3 § OSL' (5 kap. 5 § OSL)."""
    maskera: list[Literal["rubrik", "sammanfattning", "arendet", "motpart"]] = Field(default_factory=lambda: ["rubrik"])
    """Vad den offentliga diarieförteckningen döljer: rubrik, sammanfattning, arendet, motpart."""


class Avsnitt(Strict):
    """An extra section (Barnperspektiv, Ekonomiska konsekvenser ...), in order."""

    __beskrivning__ = "Ett extra avsnitt i ordning, t.ex. Barnperspektiv eller Ekonomiska konsekvenser."

    rubrik: Text
    """Avsnittets rubrik."""
    text: Markdown
    """Avsnittets text (Markdown)."""


class ArendeBase(Strict):
    """What every case file holds, whatever its kind."""

    typ: str
    """Dokumentslaget, ett av dem som kanslist schema listar (t.ex. tjansteskrivelse eller revisionssvar)."""
    rubrik: Rubrik
    """Ärendets rubrik, som den står i handlingen (högst 255 tecken)."""
    underrubrik: Text | None = None
    """En rad under rubriken, t.ex. Motion (2016:5) av Joakim Larsson (M)."""
    version: Kod | None = None
    """Handlingens version, t.ex. 0.1 (sidhuvudets fält version)."""
    handlingsnummer: Kod | None = Field(None, description="Handlingens eget nummer i en serie, t.ex. 2017:19 RI "
                                                          "(utlåtande) eller 5/2014 (tjänstemannaförslag); skrivs "
                                                          "där {handlingsnummer} står i dokumentnamnet eller i "
                                                          "sidhuvudets fält handlingsnummer")
    dnr: Kod | None = None
    """Ärendets diarienummer i organisationens mönster, t.ex. KS 2026/017; kan saknas tills ärendet registrerats."""
    diariekod: Kod | None = None
    """Ärendets diariekod (klassificering i dokumenthanteringsplanen), t.ex. 609 eller 2.3.1; skrivs i sidhuvudets
    fält diariekod och där stil.dnr_rad har {diariekod}, och står på sammanträdets paragraf."""
    dnr_ovriga: Annotated[list[Kod], BeforeValidator(_as_list)] = Field(
        default_factory=list, description="Fler egna diarienummer på samma handling (t.ex. ett gemensamt ärende "
                                          "eller ett äldre nummer)")
    er_beteckning: Kod | None = Field(None, description="Avsändarens eller en annan myndighets diarienummer, "
                                                        "fri text som inte kontrolleras: 'Er beteckning'")
    datum: Datum
    """Handlingens datum (ÅÅÅÅ-MM-DD)."""
    fran: EnhetRef
    """Den skrivande förvaltningen eller nämnden: id i data/organisation.yaml eller namnet som text."""
    till: EnhetRef
    """Organet som beslutar eller som handlingen riktas till: id eller namn."""
    handlaggare: Annotated[list[PersonRef], BeforeValidator(_as_list), Field(min_length=1)]
    """Handläggaren eller handläggarna: id i data/personer.yaml eller {namn, titel}."""
    ansvarig: Annotated[list[PersonRef], BeforeValidator(_as_list)] = Field(
        default_factory=list, description="Ansvarig chef, eller flera (t.ex. förvaltningschef och "
                                          "avdelningschef) – de skriver under tjänsteskrivelsen")
    forslag_till_beslut: ForslagTillBeslut | None = Field(None, description="Förslaget till beslut.")
    ingress: Markdown | None = None
    """Text utan rubrik före avsnitten, t.ex. Föredragande borgarrådet Karin Wanngård anför följande."""
    sammanfattning: Markdown | None = None
    """Sammanfattning av ärendet (Markdown)."""
    arendet: Markdown | None = None
    """Ärendets beskrivning, brödtexten (Markdown med rubriker, listor och tabeller)."""
    beslutsunderlag: Annotated[list[Text], BeforeValidator(_as_list)] = Field(default_factory=list)
    """Handlingarna beslutet fattas på, en per rad."""
    skickas_till: Annotated[list[Namn], BeforeValidator(_as_list)] = Field(default_factory=list)
    """Vem beslutet ska skickas till, en per rad."""
    hanvisningar: list[Hanvisning] = Field(default_factory=list)
    """Hänvisningar till andra ärenden."""
    sekretess: Sekretess | None = Field(None, description="Sekretess för ärendet eller delar av det.")
    avsnitt: list[Avsnitt] = Field(default_factory=list)
    """Extra avsnitt i ordning, t.ex. Barnperspektiv."""


Stallningstagande = Literal["instammer", "instammer_delvis", "instammer_inte"]
Status = Literal["planerad", "pagar", "genomford"]


# ---- walking a validated case by what its fields are ----------------------------------------

def _metadata(annotation: Any) -> tuple:
    """Return the markers of ``annotation``, looking through Optional and Annotated."""
    found: tuple = ()
    if get_origin(annotation) is Annotated:
        found += annotation.__metadata__
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is Union:
        for arg in get_args(annotation):
            if arg is not type(None):
                found += _metadata(arg)
    return found


def _item(annotation: Any) -> Any:
    """Return the annotation of a list's items or a dict's values, looking through Optional and Annotated."""
    if get_origin(annotation) is Annotated:
        return _item(get_args(annotation)[0])
    if get_origin(annotation) is Union:
        for arg in get_args(annotation):
            if arg is not type(None):
                return _item(arg)
    args = get_args(annotation)
    return args[-1] if args else Any


def text_values(value: Any, annotation: Any = Any, loc: tuple = ()) -> Iterator[tuple[tuple, str, tuple]]:
    """Yield (location, text, markers) for every text value inside a validated case."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            field_type = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            yield from text_values(getattr(value, name), field_type, loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from text_values(item, _item(annotation), loc + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_values(item, _item(annotation), loc + (key,))
    elif isinstance(value, str):
        yield loc, value, _metadata(annotation)


def references(arende: BaseModel) -> Iterator[tuple[tuple, str, str]]:
    """Yield (location, value, "enhet" | "person") for every field that may hold an id of data/."""
    for loc, value, markers in text_values(arende):
        for marker in markers:
            if isinstance(marker, Ref):
                yield loc, value, marker.what


def prose(arende: BaseModel) -> Iterator[tuple[tuple, str]]:
    """Yield (location, text) for every value that is running Swedish text (names and codes are not)."""
    for loc, value, markers in text_values(arende):
        if any(isinstance(m, Prose) for m in markers) and not any(isinstance(m, (Ref, NotProse)) for m in markers):
            yield loc, value

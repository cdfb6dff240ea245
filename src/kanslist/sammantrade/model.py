"""The typed model of a meeting file (sammanträde), sammantraden/<namn>.yaml, checked field by field."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BeforeValidator, Discriminator, Field, Tag

from kanslist.model import Datum, EnhetRef, Kod, Namn, PersonRef, Ref, Strict, Text, _as_list

# The agenda points that are not items of their own: they carry no §.
SPECIAL_PUNKTER = ("val_av_justerare",)
UTFALL = ("bifall", "delvis_bifall", "avslag", "besvarad", "aterremiss", "bordlaggning")
Utfall = Literal["bifall", "delvis_bifall", "avslag", "besvarad", "aterremiss", "bordlaggning"]

Lista = lambda item: Annotated[list[item], BeforeValidator(_as_list)]  # noqa: E731 – one value or a list


class Ledamot(Strict):
    """A member written out: a tjänstgörande ersättare ({namn, ersatter}) or a member present for some §§."""

    namn: Annotated[Text, Ref("person")]
    ersatter: Annotated[Text, Ref("person")] | None = None  # the member this ersättare serves for
    paragrafer: Kod | None = None  # present only for these, e.g. "§§ 52–55"


LedamotRef = Annotated[
    Union[Annotated[Annotated[Text, Ref("person")], Tag("str")], Annotated[Ledamot, Tag("Ledamot")]],
    Discriminator(lambda v: "Ledamot" if isinstance(v, (dict, Ledamot)) else "str"),
]


class Justering(Strict):
    """When and where the protocol is justerat; ``digital`` when it is signed electronically."""

    datum: Datum
    plats: Text | None = None
    tid: Kod | None = None
    digital: bool = False


class Yrkande(Strict):
    """A motion made at the meeting: who, and what ("bifall till förslaget")."""

    av: Namn
    yrkande: Text


class Reservation(Strict):
    """A member's reservation against the decision."""

    av: Namn
    text: Text | None = None  # "till förmån för eget yrkande"


class Omrostning(Strict):
    """A vote by roll call: what ja and nej mean, and how each member voted."""

    ja_innebar: Text  # "bifall till kommunstyrelsens förslag"
    nej_innebar: Text  # "bifall till Kim Bergs (V) yrkande"
    ja: Lista(Annotated[Text, Ref("person")]) = Field(default_factory=list)
    nej: Lista(Annotated[Text, Ref("person")]) = Field(default_factory=list)
    avstar: Lista(Annotated[Text, Ref("person")]) = Field(default_factory=list)


class _Punkt(Strict):
    sluten: bool = False  # handled in the closed part of the meeting
    grupp: Text | None = None  # the heading of the agenda group, when not the usual one


class ArendePunkt(_Punkt):
    """An item that is a case file: decided as proposed, or as ``beslut`` says."""

    arende: Text  # the case file, relative to the workspace: arenden/x.yaml
    beslut: Lista(Text) = Field(default_factory=list)  # the decision, when not as proposed
    utfall: Utfall | None = None  # the outcome, when the decision's wording does not say it
    yrkanden: list[Yrkande] = Field(default_factory=list)
    propositionsordning: Text | None = None
    omrostning: Omrostning | None = None
    reservationer: list[Reservation] = Field(default_factory=list)
    protokollsanteckning: Text | None = None
    omedelbar_justering: bool = False
    skickas_till: Lista(Namn) | None = None  # overrides the case's skickas_till


class InformationPunkt(_Punkt):
    """An information item: noted in the protocol, nothing decided."""

    information: Text
    av: Namn | None = None  # who informs
    tid: Kod | None = None  # "13.30"
    dnr: Kod | None = None


class OvrigPunkt(_Punkt):
    """An item without a case file (anmälan av delegeringsbeslut ...), with its decision written out."""

    rubrik: Text
    dnr: Kod | None = None
    beslut: Lista(Text) = Field(min_length=1)
    utfall: Utfall | None = None
    sammanfattning: Text | None = None
    yrkanden: list[Yrkande] = Field(default_factory=list)  # the motions made at the meeting (an imported protocol's §)
    skickas_till: Lista(Namn) = Field(default_factory=list)
    omedelbar_justering: bool = False


def _punkt_tag(value) -> str:
    if isinstance(value, str):
        return "str"
    if isinstance(value, dict):
        for key, tag in (("arende", "arende"), ("information", "information"), ("rubrik", "ovrig")):
            if key in value:
                return tag
        return "arende"  # the usual kind: its errors then name the missing arende
    return type(value).__name__


Punkt = Annotated[
    Union[Annotated[Literal["val_av_justerare"], Tag("str")], Annotated[ArendePunkt, Tag("arende")],
          Annotated[InformationPunkt, Tag("information")], Annotated[OvrigPunkt, Tag("ovrig")],
          Annotated[ArendePunkt, Tag("ArendePunkt")], Annotated[InformationPunkt, Tag("InformationPunkt")],
          Annotated[OvrigPunkt, Tag("OvrigPunkt")]],
    Discriminator(_punkt_tag),
]


class Sammantrade(Strict):
    """One meeting of a body: who, when, where, and the items in order."""

    organ: EnhetRef
    datum: Datum
    tid: Kod
    plats: Text
    ordforande: PersonRef
    sekreterare: PersonRef
    ledamoter: Annotated[list[LedamotRef], Field(min_length=1)]
    ovriga: list[PersonRef] = Field(default_factory=list)
    justerare: Annotated[list[Annotated[Text, Ref("person")]], BeforeValidator(_as_list), Field(min_length=1)]
    justering: Justering
    anslag: Datum | None = None  # the day the justering is announced; default the first working day after it
    upprattad: Datum | None = None  # the day the kallelse was drawn up
    oppet: bool | None = None  # open to the public; default: open for fullmäktige (KL 5 kap. 42 §), else closed
    dnr: Kod | None = Field(default=None, description=(
        "Diarienumret som kallelsen, protokollet och anslaget registreras i, t.ex. KS 2026/002; utan det "
        "registreras de i ärendet 'Sammanträden <organ> <år>' i organets serie, som skapas när det behövs"))
    forsta_paragraf: int | None = Field(default=None, ge=1)  # pins the first § (a year begun outside kanslist)
    punkter: Annotated[list[Punkt], Field(min_length=1)]

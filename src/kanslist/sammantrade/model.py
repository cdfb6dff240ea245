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

    __beskrivning__ = ("En ledamot utskriven: en tjänstgörande ersättare ({namn, ersatter}) eller en ledamot som "
                       "bara är med på några paragrafer.")

    namn: Annotated[Text, Ref("person")]
    """Ledamotens id i data/personer.yaml, eller namnet."""
    ersatter: Annotated[Text, Ref("person")] | None = None
    """Den ledamot som ersättaren tjänstgör för."""
    paragrafer: Kod | None = None
    """Paragraferna ledamoten är med på, t.ex. '§§ 52–55'."""


LedamotRef = Annotated[
    Union[Annotated[Annotated[Text, Ref("person")], Tag("str")], Annotated[Ledamot, Tag("Ledamot")]],
    Discriminator(lambda v: "Ledamot" if isinstance(v, (dict, Ledamot)) else "str"),
]


class Justering(Strict):
    """When and where the protocol is justerat; ``digital`` when it is signed electronically."""

    __beskrivning__ = "När och var protokollet justeras."

    datum: Datum
    """Justeringens dag."""
    plats: Text | None = None
    """Var protokollet justeras, t.ex. Kommunledningskontoret."""
    tid: Kod | None = None
    """Klockslaget, t.ex. 15.00."""
    digital: bool = False
    """true när protokollet justeras digitalt med elektronisk underskrift."""


class Yrkande(Strict):
    """A motion made at the meeting: who, and what ("bifall till förslaget")."""

    __beskrivning__ = "Ett yrkande på sammanträdet: vem och vad."

    av: Namn
    """Den som yrkar, t.ex. 'Kim Berg (V)'."""
    yrkande: Text
    """Vad som yrkas, t.ex. 'bifall till motionen'."""


class Reservation(Strict):
    """A member's reservation against the decision."""

    __beskrivning__ = "En ledamots reservation mot beslutet."

    av: Namn
    """Den som reserverar sig."""
    text: Text | None = None
    """Vad mer som skrivs, t.ex. 'till förmån för eget yrkande'."""


class Omrostning(Strict):
    """A vote by roll call: what ja and nej mean, and how each member voted."""

    __beskrivning__ = "En omröstning med namnupprop: vad ja och nej innebär och hur var och en röstade."

    ja_innebar: Text
    """Vad ja innebär, t.ex. 'bifall till kommunstyrelsens förslag'."""
    nej_innebar: Text
    """Vad nej innebär, t.ex. 'bifall till Kim Bergs (V) yrkande'."""
    ja: Lista(Annotated[Text, Ref("person")]) = Field(default_factory=list)
    """De som röstar ja."""
    nej: Lista(Annotated[Text, Ref("person")]) = Field(default_factory=list)
    """De som röstar nej."""
    avstar: Lista(Annotated[Text, Ref("person")]) = Field(default_factory=list)
    """De som avstår."""


class _Punkt(Strict):
    sluten: bool = False
    """true när punkten behandlas i sammanträdets slutna del."""
    grupp: Text | None = None
    """Rubriken för punktens grupp i föredragningslistan, när den inte ska vara den vanliga."""
    diariekod: Kod | None = None
    """Punktens diariekod (klassificering), t.ex. 609, när ärendefilen inte har den; står på paragrafens dnr-rad när
    sammantraden.dnr_rad har {diariekod}."""
    tidigare_behandling: Lista(Text) = Field(default_factory=list)
    """Där ärendet behandlats förut, en rad var under dnr-raden, t.ex. Au § 170."""


class _BeslutadPunkt(_Punkt):
    """An item decided at the meeting: what was moved, how it was decided, the vote, who reserved (KL 4 kap. 27 §)."""

    utfall: Utfall | None = None
    """Utfallet, när beslutets ordalydelse inte säger det."""
    yrkanden: list[Yrkande] = Field(default_factory=list)
    """Yrkandena på sammanträdet."""
    propositionsordning: Text | None = None
    """Beslutsgången som den skrivs, i stället för kanslists mening."""
    omrostning: Omrostning | None = None
    """Omröstningen, när en begärs."""
    reservationer: list[Reservation] = Field(default_factory=list)
    """Reservationerna mot beslutet."""
    protokollsanteckning: Text | None = None
    """En anteckning till protokollet."""
    omedelbar_justering: bool = False
    """true när paragrafen justeras omedelbart."""


class ArendePunkt(_BeslutadPunkt):
    """An item that is a case file: decided as proposed, or as ``beslut`` says."""

    __beskrivning__ = "En punkt med en ärendefil: beslutad enligt förslaget, eller som beslut säger."

    arende: Text
    """Ärendefilen från arbetsytans rot, t.ex. arenden/2026-028-delegationsordning.yaml."""
    beslut: Lista(Text) = Field(default_factory=list)
    """Beslutet som det skrivs, när det inte blev enligt förslaget."""
    skickas_till: Lista(Namn) | None = None
    """Dit beslutet skickas, i stället för ärendefilens skickas_till."""


class InformationPunkt(_Punkt):
    """An information item: noted in the protocol, nothing decided."""

    __beskrivning__ = "En informationspunkt: antecknas i protokollet, inget beslutas."

    information: Text
    """Vad informationen gäller; punktens rubrik."""
    onumrerad: bool = False
    """true när punkten står i föredragningslistan utan paragraf och inte får någon i protokollet, t.ex. Upprop och
    anmälningar om förhinder."""
    av: Namn | None = None
    """Den som informerar."""
    tid: Kod | None = None
    """Klockslaget, t.ex. 13.30."""
    dnr: Kod | None = None
    """Diarienumret, om punkten har ett."""


class OvrigPunkt(_BeslutadPunkt):
    """An item without a case file (anmälan av delegeringsbeslut ...), with its decision written out."""

    __beskrivning__ = "En punkt utan ärendefil (anmälan av delegeringsbeslut …) med beslutet utskrivet."

    rubrik: Text
    """Punktens rubrik."""
    dnr: Kod | None = None
    """Diarienumret, om punkten har ett."""
    beslut: Lista(Text) = Field(min_length=1)
    """Beslutet som det skrivs."""
    sammanfattning: Text | None = None
    """Sammanfattningen av ärendet."""
    beslutsunderlag: Lista(Text) = Field(default_factory=list)
    """Handlingarna beslutet fattades på, en rad var."""
    skickas_till: Lista(Namn) = Field(default_factory=list)
    """Dit beslutet skickas."""


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

    __beskrivning__ = "Ett organs sammanträde: vilka, när, var, och punkterna i ordning."

    organ: EnhetRef
    """Organet som sammanträder, id i data/organisation.yaml."""
    datum: Datum
    """Sammanträdets dag."""
    tid: Kod
    """Klockslaget, t.ex. '13.00' (inom citattecken)."""
    plats: Text
    """Var sammanträdet hålls."""
    ordforande: PersonRef
    """Ordföranden."""
    sekreterare: PersonRef
    """Sekreteraren."""
    ledamoter: Annotated[list[LedamotRef], Field(min_length=1)]
    """De beslutande: id eller namn, eller {namn, ersatter} för en tjänstgörande ersättare."""
    ovriga: list[PersonRef] = Field(default_factory=list)
    """Övriga närvarande."""
    justerare: Annotated[list[Annotated[Text, Ref("person")]], BeforeValidator(_as_list), Field(min_length=1)]
    """De som utses att justera protokollet; de ska vara bland de beslutande."""
    justering: Justering
    """När och var protokollet justeras."""
    anslag: Datum | None = None
    """Dagen justeringen tillkännages på anslagstavlan; standard är första vardagen efter justeringen."""
    upprattad: Datum | None = None
    """Dagen kallelsen upprättades."""
    oppet: bool | None = None
    """true när sammanträdet är öppet för allmänheten; standard är öppet för fullmäktige (KL 5 kap. 42 §), annars
    stängt."""
    dnr: Kod | None = None
    """Diarienumret som kallelsen, protokollet och anslaget registreras i, t.ex. KS 2026/002; utan det
    registreras de i ärendet 'Sammanträden <organ> <år>' i organets serie, som skapas när det behövs."""
    forsta_paragraf: int | None = Field(default=None, ge=1)
    """Numret på årets första paragraf, när året började utanför kanslist; sedan löper numren vidare."""
    punkter: Annotated[list[Punkt], Field(min_length=1)]
    """Punkterna i ordning: val_av_justerare, {arende: ...}, {information: ...} eller {rubrik: ..., beslut: ...}."""

"""The organisation's configuration: data/organisation.yaml and data/personer.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError, field_validator,
                      model_validator)

from kanslist.dnr import DnrPattern
from kanslist.errors import InvalidInput, Problem, nearest
from kanslist.model import looks_like_id
from kanslist.pipeline.validate import validate_model
from kanslist.pipeline.load import Loaded, load_yaml
from kanslist.sammantrade.stil import DNR_DELAR, SammantradeStil, checked_line



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Enhet(_Strict):
    """Ett organ (nämnd, utskott) eller en förvaltning eller enhet i organisationen."""

    namn: str = Field(description="Namnet som det skrivs, t.ex. Kommunstyrelsen")
    typ: Literal["fullmaktige", "namnd", "styrelse", "utskott", "forvaltning", "enhet", "bolag", "ovrig"] = Field(
        "ovrig", description="Vad slags enhet: fullmaktige, namnd, styrelse, utskott, forvaltning, enhet, bolag, ovrig")
    serie: str | None = Field(None, description="Diarieserien, t.ex. KS")
    under: str | None = Field(None, description="Id för enheten den hör till")
    diarienummer: str | None = Field(None, description="Seriens eget mönster för diarienummer")
    bestamd_form: str | None = Field(None, description="Genitiv när den inte bildas med -s, t.ex. "
                                                       "'kommunstyrelsens förvaltnings'")
    i_text: str | None = Field(None, description=(
        "Namnet som det skrivs inne i en mening i tjänsteskrivelser, protokoll och kallelser, när det inte är "
        "namnet med liten bokstav, t.ex. 'arbetsutskottet' när namnet är Arbetsutskott; i början av en mening med "
        "stor bokstav"))

    @field_validator("i_text")
    @classmethod
    def _in_text(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("i_text är tom – skriv namnet som det står inne i en mening, t.ex. 'arbetsutskottet', "
                             "eller ta bort raden")
        return value

    @field_validator("diarienummer")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None:
            DnrPattern(value)
        return value


class DiariumConfig(_Strict):
    """Var diariet finns: en SQLite-fil under data/ som standard, eller en databas-URL."""

    url: str | None = Field(None, description="Databasens adress för ett gemensamt diarium, t.ex. "
                                              "postgresql+psycopg://diarium@server/diarium; utan den data/diarium.sqlite")


# The sections of a paper by name: the keys of stil.rubriker and stil.ordning.
AVSNITT = ("ingress", "forslag_till_beslut", "sammanfattning", "arendet", "avsnitt", "hanvisningar",
           "beslutsunderlag", "skickas_till", "handlaggare", "underskrifter")
DOKUMENTFALT = ("dokumenttyp", "beslutad_av", "beslutsdatum", "galler_for", "giltig_till", "senast_reviderad",
                "revideras", "version", "dokumentansvarig", "dnr", "dokumentnamn", "typ_och_beslutad_av", "faststalld")

# The headings kanslist uses when the organisation names none. {beslutsinstans} is the
# deciding body mid-sentence ("kommunfullmäktige"), {beslutsinstans_genitiv} its genitive
# ("Kommunfullmäktiges"), {fran_genitiv} the writing office's ("Socialförvaltningens").
STANDARDRUBRIKER = {
    "ingress": "",  # the text before the sections has no heading unless the organisation names one
    "forslag_till_beslut": "Förslag till beslut",
    "eget_beslut": "Förslag till beslut",
    "sammanfattning": "Sammanfattning av ärendet",
    "arendet": "Ärende",
    "hanvisningar": "Hänvisningar",
    "beslutsunderlag": "Beslutsunderlag",
    "skickas_till": "Beslutet ska skickas till",
    "handlaggare": "Handläggare",
    "beslut_underrubrik": "",  # none unless the organisation names one
}
RUBRIK_FALT = ("beslutsinstans", "beslutsinstans_genitiv", "fran", "fran_genitiv", "till", "till_genitiv")

SIDFOT_FALT = Literal["postadress", "besoksadress", "telefon", "epost", "webb", "organisationsnummer", "bankgiro"]
SIDFOT_ETIKETTER = {"postadress": "Postadress:", "besoksadress": "Besöksadress:", "telefon": "Telefon:",
                    "epost": "E-post:", "webb": "Webb:", "organisationsnummer": "Org.nr:", "bankgiro": "Bankgiro:"}
# The att form's lead line when the decider does not write the paper itself (att_inledning).
ATT_INLEDNING = "{beslutsinstans} föreslås besluta"
SIDHUVUD_FALT = Literal["datum", "dnr", "diariekod", "er_beteckning", "handlingsnummer", "version", "handlaggare",
                        "handlaggare_kontakt", "ansvarig", "telefon", "epost", "fran", "till", "skickas_till", "sida"]
UNDERSKRIFT = Literal["ansvarig", "handlaggare"]


class Identitet(_Strict):
    """Organisationens brevhuvud och sidfot: logotyp och kontaktuppgifter på varje handling."""

    logotyp: str | None = Field(None, description="Sökväg till logotypen (PNG, JPEG eller SVG, högst 2 MB) från "
                                                  "arbetsytans rot, t.ex. data/logotyp.png; den sätts överst i "
                                                  "första sidans sidhuvud, där mallen har bilden Logotyp")
    logotyp_bredd_cm: float = Field(3.5, gt=0, le=10, description="Logotypens bredd i centimeter; höjden följer "
                                                                  "bildens proportioner")
    postadress: str | None = Field(None, description="Postadress, t.ex. 'Box 1, 567 80 Vaggeryd'")
    besoksadress: str | None = Field(None, description="Besöksadress, t.ex. 'Kommunhuset, Torget 1'")
    telefon: str | None = Field(None, description="Växelns telefonnummer")
    epost: str | None = Field(None, description="Organisationens e-postadress")
    webb: str | None = Field(None, description="Webbplats, t.ex. www.vaggeryd.se")
    organisationsnummer: str | None = Field(None, description="Organisationsnummer, t.ex. 212000-0530")
    bankgiro: str | None = Field(None, description="Bankgiro")


class Rubriker(_Strict):
    """Rubriken för varje avsnitt; tomt fält ger kanslists standardrubrik. Får innehålla {beslutsinstans},
    {beslutsinstans_genitiv}, {fran}, {fran_genitiv}, {till} och {till_genitiv}."""

    ingress: str | None = Field(None, description="Texten före avsnitten (ingress i ärendefilen); utan "
                                                    "rubrik om organisationen inte anger någon")
    forslag_till_beslut: str | None = Field(None, description="Förslaget till beslut, t.ex. 'Förslag till "
                                                              "beslut i {beslutsinstans}'")
    eget_beslut: str | None = Field(None, description="Rubriken när organet själv skriver sitt beslut (fran "
                                                      "och beslutsinstans är samma), t.ex. "
                                                      "'{beslutsinstans_genitiv} beslut'")
    sammanfattning: str | None = Field(None, description="T.ex. 'Sammanfattning' eller 'Sammanfattning av ärendet'")
    arendet: str | None = Field(None, description="T.ex. 'Ärendet', 'Beskrivning av ärendet', 'Ärendebeskrivning'")
    hanvisningar: str | None = Field(None, description="Hänvisningar till andra ärenden")
    beslutsunderlag: str | None = Field(None, description="T.ex. 'Beslutsunderlag', 'Handlingar', 'Bilagor'")
    skickas_till: str | None = Field(None, description="T.ex. 'Beslutet skickas till', 'Beslut sänds till', "
                                                       "'Protokollsutdrag skickas till'")
    handlaggare: str | None = Field(None, description="Handläggarblocket; tom text ('') skriver ingen rubrik")
    beslut_underrubrik: str | None = Field(None, description="En underrubrik direkt under förslaget till beslut "
                                                             "som säger vem som beslutar, t.ex. "
                                                             "'{beslutsinstans_genitiv} beslut' (Kommunstyrelsens "
                                                             "beslut); utan den skrivs ingen underrubrik")

    @model_validator(mode="after")
    def _fields(self) -> "Rubriker":
        for name, value in self.model_dump().items():
            for found in re.findall(r"\{([^{}]*)\}", value or ""):
                if found not in RUBRIK_FALT:
                    raise ValueError(f"rubriken {name} har okänd del {{{found}}} – använd "
                                     + ", ".join("{" + f + "}" for f in RUBRIK_FALT))
        return self


def check_page_style(value: str) -> str:
    """Return a page-number style ('Sidan {sida} av {sidor}') that has {sida} and no other part."""
    if "{sida}" not in value:
        raise ValueError(f"sidnumreringen '{value}' saknar {{sida}} – skriv t.ex. '{{sida}} ({{sidor}})'")
    rest = value.replace("{sida}", "").replace("{sidor}", "")
    if "{" in rest or "}" in rest:
        raise ValueError(f"sidnumreringen '{value}' har okända delar – använd bara {{sida}} och {{sidor}}")
    return value


def page_parts(pattern: str) -> list[tuple[str, str]]:
    """Return a page-number style as (kind, text) pieces: ("text", "Sida "), ("field", "PAGE") ..."""
    parts = []
    for piece in re.split(r"(\{sida\}|\{sidor\})", pattern):
        if piece == "{sida}":
            parts.append(("field", "PAGE"))
        elif piece == "{sidor}":
            parts.append(("field", "NUMPAGES"))
        elif piece:
            parts.append(("text", piece))
    return parts


def _only_placeholder(value: str, name: str, example: str | None = "Till {x}", required: str | None = None) -> str:
    """Return a line of house style that may hold ``{name}`` and no other placeholder; raise naming the fix.

    ``example`` is the line to write when another part is there, ``required`` the line to write when
    ``{name}`` must be there and is not; in both {x} stands for the placeholder.
    """
    placeholder = "{" + name + "}"
    if required and placeholder not in value:
        raise ValueError(f"raden '{value}' saknar {placeholder} – skriv t.ex. '{required.replace('{x}', placeholder)}'")
    rest = value.replace(placeholder, "")
    if "{" in rest or "}" in rest:
        hint = f", t.ex. '{example.replace('{x}', placeholder)}'" if example else ""
        raise ValueError(f"raden '{value}' har okända delar – använd bara {placeholder}{hint}")
    return value


class Stil(_Strict):
    """Husstilen: sidnumrering, rubriker, avsnittens ordning, sidhuvudets fält och underskrifter."""

    sidnummer: str = Field("Sida {sida} av {sidor}",
                           description="Sidnumreringen med {sida} och {sidor}, t.ex. '{sida} ({sidor})', "
                                       "'Sida {sida} av {sidor}', '{sida}({sidor})', '{sida}/{sidor}' – "
                                       "blir riktiga sidfält i Word; tom text ('') skriver inget sidnummer")
    rubriker: Rubriker = Field(default_factory=Rubriker, description="Rubriken för varje avsnitt")
    ordning: list[Literal[AVSNITT]] = Field(
        default_factory=lambda: list(AVSNITT[:-1]),
        description="Avsnittens ordning i tjänsteskrivelsen: " + ", ".join(AVSNITT) + "; ett avsnitt som "
                    "inte står med skrivs inte ut (underskrifterna hamnar sist om de inte står med)")
    dnr_rad: str = Field("", description="En rad med diarienumret under rubriken, t.ex. 'Dnr {dnr}', med "
                                         "{diariekod} för ärendets diariekod; en del inom [ ] skrivs bara när dess "
                                         "värde finns, t.ex. 'Dnr {dnr}[ Diariekod: {diariekod}]'; tom text "
                                         "(standard) skriver ingen")
    till_rad: str = Field("Till\t{till}",
                          description="Raden före rubriken som säger vilket organ tjänsteskrivelsen går till, med "
                                      "{till} för organets namn, t.ex. '{till}' (bara namnet); tom text ('') "
                                      "skriver ingen rad. Standard är Till, en tabb och namnet")
    mottagare_rad: str = Field("Till {mottagare}",
                               description="Raden som inleder ett brev till en annan myndighet (yttrande), med "
                                           "{mottagare} för dess namn, t.ex. '{mottagare}' (bara namnet); tom "
                                           "text ('') skriver ingen rad. Adressen (remiss.adress) står under")
    er_beteckning_rad: str = Field("Er beteckning: {beteckning}",
                                   description="Hur mottagarens diarienummer skrivs i ett yttrande, med "
                                               "{beteckning} för numret, t.ex. '{beteckning}' (bara numret)")
    er_beteckning_efter_rubrik: bool = Field(False, description="Skriv mottagarens diarienummer under "
                                                                "yttrandets rubrik i stället för över den")
    sidhuvud: list[SIDHUVUD_FALT | list[SIDHUVUD_FALT]] = Field(
        default_factory=lambda: ["datum", "dnr"],
        description="Fälten i sidhuvudet under dokumentnamnet, i ordning: datum, dnr, diariekod, er_beteckning, "
                    "handlingsnummer, version, handlaggare (namn), ansvarig (ansvarig chef), handlaggare_kontakt "
                    "(namn, titel och telefon), telefon och epost (handläggarnas), fran, till, skickas_till (vilka "
                    "beslutet expedieras till, ledtext Expediering). Med sidhuvud_form: kolumner är en lista i listan en egen rad "
                    "av kolumner, t.ex. [[datum, dnr, sida], [handlaggare, telefon]], och sida är sidnumret "
                    "som en kolumn")
    etiketter: dict[str, str] = Field(
        default_factory=dict,
        description="Ledtexten före varje fält i sidhuvudet, t.ex. {dnr: 'Diarienummer', datum: 'Datum'}; "
                    "standard är 'Dnr' för dnr och ingen ledtext för datum")
    underskrifter: list[UNDERSKRIFT] = Field(
        default_factory=list,
        description="Vilka som skriver under tjänsteskrivelsen, i ordning och sida vid sida: ansvarig "
                    "(ansvarig chef, en eller flera) och handlaggare")
    sidhuvud_avsandare: bool = Field(True, description="Skriv den skrivande förvaltningens namn först i "
                                                        "sidhuvudet, till vänster om dokumentnamnet")
    sidhuvud_form: Literal["rader", "kolumner"] = Field(
        "rader", description="Hur sidhuvudets fält står: rader (ett fält per rad med ledtexten före värdet, "
                             "standard) eller kolumner (ledtexterna över värdena, sida vid sida under "
                             "dokumentnamnet; sidnumret står då på dokumentnamnets rad)")
    sidnummer_plats: Literal["forsta_faltet", "dokumentnamn"] = Field(
        "forsta_faltet", description="Var sidnumret står i sidhuvudet med formen rader: på det första fältets "
                                     "rad (standard) eller på dokumentnamnets rad, så att ett långt första "
                                     "fält (handläggare med telefon) får hela raden")
    underskrift_organ: bool | Literal["versaler"] = Field(
        False, description="Skriv förvaltningens namn över underskrifterna: ja, eller versaler (SOCIALKONTORET)")
    sidfot: bool = Field(True, description="Skriv organisationens identitet (adress, telefon, webb ...) i sidfoten")
    sidfot_handlaggare: bool = Field(False, description="Skriv handläggarens namn, titel och telefon först i sidfoten")
    sidfot_etiketter: dict[SIDFOT_FALT, str] = Field(
        default_factory=dict,
        description="Ledtexten före varje uppgift i sidfoten, t.ex. {postadress: POSTADRESS, telefon: TELEFON}; "
                    "tom text skriver uppgiften utan ledtext. Standard är Postadress:, Besöksadress:, Telefon:, "
                    "E-post:, Webb:, Org.nr: och Bankgiro:")
    dokumentfalt: dict[Literal[DOKUMENTFALT], str] = Field(
        default_factory=dict,
        description="Ledtexterna i styrdokumentets faktaruta, t.ex. {beslutad_av: 'Dokumentet är beslutat av:'}; "
                    "tom text tar bort raden. Raderna står i den ordning de nämns här, sedan övriga i standardordningen. "
                    "Fält: " + ", ".join(DOKUMENTFALT) + "; dokumentnamn (rubriken), typ_och_beslutad_av "
                    "(Riktlinje Kommunstyrelsen) och faststalld (Kommunstyrelsen 2017-03-09 § 48) står bara med "
                    "när de har en ledtext här")
    tills_vidare: str = Field("Tills vidare", description="Vad faktarutans Giltig till säger om ett styrdokument "
                                                          "utan slutdatum, t.ex. 'Tillsvidare' eller 'Gäller tills "
                                                          "vidare'")

    @field_validator("sidnummer")
    @classmethod
    def _page(cls, value: str) -> str:
        return check_page_style(value) if value else value  # '' – papers without page numbers (a one-page utlåtande)

    @field_validator("till_rad")
    @classmethod
    def _till(cls, value: str) -> str:
        return _only_placeholder(value, "till")

    @field_validator("dnr_rad")
    @classmethod
    def _dnr_line(cls, value: str) -> str:
        if not value:
            return value  # '': no line
        return checked_line(value, f"raden '{value}'", DNR_DELAR, ("dnr",),
                             "skriv t.ex. 'Dnr {dnr}' eller 'Dnr {dnr}[ Diariekod: {diariekod}]'")

    @field_validator("mottagare_rad")
    @classmethod
    def _recipient(cls, value: str) -> str:
        return _only_placeholder(value, "mottagare")

    @field_validator("er_beteckning_rad")
    @classmethod
    def _their_number(cls, value: str) -> str:
        return _only_placeholder(value, "beteckning", None, required="Er beteckning: {x}")

    @model_validator(mode="after")
    def _header_form(self) -> "Stil":
        # Rows of columns and the page number as a column exist only where the fields stand as columns.
        if self.sidhuvud_form == "rader":
            if any(isinstance(item, list) for item in self.sidhuvud):
                raise ValueError("sidhuvud har rader med flera fält (en lista i listan), vilket bara går med "
                                 "sidhuvud_form: kolumner – skriv fälten som en enkel lista eller välj kolumner")
            if "sida" in self.sidhuvud:
                raise ValueError("fältet sida (sidnumret som kolumn) går bara med sidhuvud_form: kolumner – ta bort "
                                 "det eller välj kolumner; med rader styr sidnummer_plats var sidnumret står")
        return self

    def header_rows(self) -> list[list[str]]:
        """Return the header fields as rows: each field its own row, or the rows written as lists."""
        rows, loose = [], []
        for item in self.sidhuvud:
            if isinstance(item, list):
                rows += [loose] if loose else []
                rows.append(list(item))
                loose = []
            else:
                loose.append(item)
        return rows + ([loose] if loose else [])

    @field_validator("underskrift_organ", mode="before")
    @classmethod
    def _office(cls, value: Any) -> Any:
        if value == "versaler":
            return value
        try:
            return TypeAdapter(bool).validate_python(value)
        except ValidationError:
            raise ValueError(f"'{value}' är inget tillåtet värde – skriv true, false eller versaler") from None

    @field_validator("etiketter")
    @classmethod
    def _labels(cls, value: dict[str, str]) -> dict[str, str]:
        known = get_args(SIDHUVUD_FALT)
        for key in value:
            if key not in known:
                raise ValueError(f"etiketten '{key}' hör inte till något fält i sidhuvudet – använd "
                                 + ", ".join(known))
        return value

    def page_parts(self) -> list[tuple[str, str]]:
        """Return the page number as (kind, text) pieces: ("text", "Sida "), ("field", "PAGE") ..."""
        return page_parts(self.sidnummer)


class Organisation(_Strict):
    """Organisationen vars handlingar arbetsytan gör: data/organisation.yaml."""

    namn: str = Field(description="Organisationens namn, t.ex. Vaggeryds kommun")
    diarienummer: str = Field("{serie} {ar}/{lopnr:03d}",
                              description="Mönstret för diarienummer med {serie}, {ar} eller {ar2}, {lopnr} "
                                          "(t.ex. {lopnr:03d}) och valfritt [.{klass}] och [-{handling}]")
    diarienummer_aldre: Annotated[list[str], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)] = Field(
        default_factory=list,
        description="Äldre mönster för diarienummer som fortfarande står i handlingar, t.ex. "
                    "'{ar}{serie}{lopnr}.{klass}' för 2016KSM1221.042; de godtas men slås inte upp i diariet")
    beslutsform: Literal["att", "numrerad", "mening"] = Field(
        "att", description="Hur att-satser skrivs: att ('föreslås besluta' och att-rader), numrerad "
                           "('1. Kommunstyrelsen antar ...') eller mening (hela meningar)")
    numrera_ensam_mening: bool = Field(False, description="Med beslutsformen numrerad: numrera även en ensam "
                                                           "beslutsmening (1. Regionstyrelsen beslutar att …); en "
                                                           "ensam att-sats numreras alltid")
    beslutsmening: str | None = Field(
        None, description="Beslutsformen mening med alla att-satser i en enda mening: {beslutsinstans} "
                          "och {punkter} (att-satserna i infinitiv, förenade med och), t.ex. '{beslutsinstans} "
                          "beslutar {punkter}.' (Socialnämnden beslutar godkänna … och översända …); utan den "
                          "blir varje att-sats en egen mening (Kommunstyrelsen antar …)")
    att_inledning: str = Field(ATT_INLEDNING, description="Beslutsformen att: raden före att-satserna när den som "
                                                          "beslutar inte själv skriver, med {beslutsinstans}, t.ex. "
                                                          "'{beslutsinstans} beslutar:' (Humanistiska nämnden "
                                                          "beslutar: / att fastställa …)")
    dokumentnamn: str = Field("TJÄNSTESKRIVELSE", description="Handlingens namn i sidhuvudet, t.ex. TJÄNSTEUTLÅTANDE "
                                                              "eller 'Utlåtande {handlingsnummer} (Dnr {dnr})' "
                                                              "(ärendets handlingsnummer och diarienummer)")
    datumformat: Literal["iso", "lang"] = Field("iso", description="iso (2025-05-12) eller lang (12 maj 2025)")
    enheter: dict[str, Enhet] = Field(default_factory=dict, description="Organ och förvaltningar efter id")
    diarium: DiariumConfig = Field(default_factory=DiariumConfig, description="Var diariet finns")
    identitet: Identitet = Field(default_factory=Identitet, description="Brevhuvud och sidfot")
    stil: Stil = Field(default_factory=Stil, description="Husstilen")
    sammantraden: SammantradeStil = Field(default_factory=SammantradeStil,
                                          description="Sammanträdeshandlingarnas stil: paragrafmönster, sidfot, anslagstavla")

    @field_validator("dokumentnamn")
    @classmethod
    def _document_name(cls, value: str) -> str:
        rest = value.replace("{handlingsnummer}", "").replace("{dnr}", "")
        if "{" in rest or "}" in rest:
            raise ValueError(f"'{value}' har okända delar – använd bara {{handlingsnummer}} och {{dnr}}, t.ex. "
                             f"'Utlåtande {{handlingsnummer}} (Dnr {{dnr}})'")
        return value

    @field_validator("enheter")
    @classmethod
    def _ids(cls, value: dict[str, Enhet]) -> dict[str, Enhet]:
        for key in value:
            if not looks_like_id(key):
                raise ValueError(f"'{key}' är inget giltigt id – använd små bokstäver och bindestreck, t.ex. kommunstyrelsen")
        return value

    @field_validator("att_inledning")
    @classmethod
    def _att_lead(cls, value: str) -> str:
        return _only_placeholder(value, "beslutsinstans", "{x} beslutar:", required="{x} beslutar:")

    @field_validator("beslutsmening")
    @classmethod
    def _decision_sentence(cls, value: str | None) -> str | None:
        if value is not None and "{punkter}" not in value:
            raise ValueError(f"meningen '{value}' saknar {{punkter}} – skriv t.ex. "
                             "'{beslutsinstans} beslutar {punkter}.'")
        rest = (value or "").replace("{punkter}", "").replace("{beslutsinstans}", "")
        if "{" in rest or "}" in rest:
            raise ValueError(f"meningen '{value}' har okända delar – använd bara {{beslutsinstans}} "
                             "och {punkter}")
        return value

    @field_validator("diarienummer")
    @classmethod
    def _pattern(cls, value: str) -> str:
        DnrPattern(value)  # a ValueError says, in Swedish, what is wrong with the pattern
        return value

    @field_validator("diarienummer_aldre")
    @classmethod
    def _older(cls, value: list[str]) -> list[str]:
        for pattern in value:
            DnrPattern(pattern)
        return value

    def pattern_for(self, serie: str | None) -> str:
        """Return the case-number pattern of ``serie`` (its own, or the organisation's)."""
        for enhet in self.enheter.values():
            if serie and enhet.serie == serie and enhet.diarienummer:
                return enhet.diarienummer
        return self.diarienummer

    def current_patterns(self) -> list[str]:
        """Return the patterns of today's numbers: the organisation's and each series' own."""
        found = [self.diarienummer]
        found += [e.diarienummer for e in self.enheter.values() if e.diarienummer and e.diarienummer not in found]
        return found

    def in_register_series(self, text: str) -> bool:
        """Return True when ``text`` is a number of today's pattern in one of the organisation's own series.

        Only such numbers can be looked up in the register: an older number (diarienummer_aldre)
        or another authority's is not an error when the register does not know it.
        """
        known = {s.upper() for s in self.series()}
        for pattern in self.current_patterns():
            parsed = DnrPattern(pattern).parse(text)
            if parsed is not None and (parsed.serie is None or not known or parsed.serie.upper() in known):
                return True
        return False

    def series(self) -> dict[str, str]:
        """Return every register series and the id of the body that owns it."""
        return {e.serie: key for key, e in self.enheter.items() if e.serie}


class Person(_Strict):
    """En person som skriver, ansvarar för eller undertecknar handlingar (en post i data/personer.yaml)."""

    namn: str = Field(description="Personens namn, t.ex. Anna Yström")
    titel: str = Field("", description="Titeln som står vid namnet, t.ex. HR-chef")
    enhet: str | None = Field(None, description="Id för personens förvaltning eller enhet i organisation.yaml")
    epost: str | None = Field(None, description="E-postadress, visas i handläggarblocket")
    telefon: str | None = Field(None, description="Telefonnummer, visas i handläggarblocket")


def json_schema() -> dict:
    """Return the JSON Schema of data/organisation.yaml, every field described in Swedish."""
    schema = Organisation.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kanslist organisation"
    return schema


LOGO_MAX_BYTES = 2_000_000  # a letterhead logo; a bigger file only swells every document made
LOGO_FORMATS = {"image/png": "png", "image/jpeg": "jpeg"}  # what Word, LibreOffice and PDF/A all show
LOGO_SVG_DPI = 600  # an SVG logo is drawn as a PNG this sharp at its printed width (print needs 300 at least)


@dataclass(frozen=True)
class Logotyp:
    """The organisation's logo as read from the workspace: bytes, format (png | jpeg), pixels, width in cm."""

    data: bytes
    ext: str
    px_width: int
    px_height: int
    width_cm: float
    alt: str  # the alternative text screen readers say (Logotyp för Vaggeryds kommun)


def _svg_as_png(data: bytes, width_cm: float) -> bytes | None:
    """Return the SVG ``data`` drawn as a PNG (LibreOffice and PDF/A show no SVG in a Word file), or None
    when it cannot be drawn. CairoSVG's safe mode reads no other file and no URL the picture names."""
    import cairosvg  # only a workspace with an SVG logo needs it

    try:
        return cairosvg.svg2png(bytestring=data, output_width=round(width_cm / 2.54 * LOGO_SVG_DPI))
    except Exception:  # noqa: BLE001 – a damaged SVG makes the parser raise whatever it meets
        return None


def read_logo(organisation: Organisation, root: Path, loaded: Loaded | None = None,
              display: str = "data/organisation.yaml") -> Logotyp | None:
    """Return the logo that identitet.logotyp names, read and checked; None when there is none.

    Raise InvalidInput naming organisation.yaml's line when the file is missing, outside the
    workspace, unreadable, too big or not a PNG, JPEG or SVG picture (an SVG is drawn as a PNG).
    """
    value = organisation.identitet.logotyp
    if not value:
        return None
    from docx.image.image import Image  # python-docx reads the picture's format and size; here for start-up speed
    line = loaded.line_of(("identitet", "logotyp")) if loaded is not None else None

    def problem(message: str, hint: str) -> InvalidInput:
        return InvalidInput([Problem(display, line, "identitet.logotyp", message, hint)])

    root = Path(root).resolve()
    path = (root / value).resolve()
    if Path(value).is_absolute() or not path.is_relative_to(root):
        raise problem(f"'{value}' ligger utanför arbetsytan",
                      "lägg logotypen i arbetsytan och skriv sökvägen från dess rot, t.ex. data/logotyp.png")
    if not path.is_file():
        raise problem(f"filen {value} finns inte",
                      "lägg logotypen där eller rätta sökvägen (från arbetsytans rot, t.ex. data/logotyp.png)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise problem(f"filen {value} kan inte läsas ({exc.strerror})", "kontrollera behörigheten till filen") from None
    if len(data) > LOGO_MAX_BYTES:
        raise problem(f"filen {value} är {len(data) / 1e6:.1f} MB, mer än {LOGO_MAX_BYTES // 1_000_000} MB",
                      "spara logotypen mindre, t.ex. 600 bildpunkter bred")
    if path.suffix.lower() == ".svg":
        data = _svg_as_png(data, organisation.identitet.logotyp_bredd_cm)
        if data is None:
            raise problem(f"filen {value} är ingen SVG-bild som går att läsa",
                          "öppna den i ett ritprogram och spara den igen som SVG, eller spara den som PNG")
    try:
        image = Image.from_blob(data)
        kind, width, height = image.content_type, image.px_width, image.px_height
    except Exception:  # noqa: BLE001 – python-docx's header readers raise whatever a damaged file makes them
        kind, width, height = "", 0, 0
    if kind not in LOGO_FORMATS or width <= 0 or height <= 0:
        raise problem(f"filen {value} är ingen PNG-, JPEG- eller SVG-bild som går att läsa",
                      "spara logotypen som PNG, JPEG eller SVG och ange den filen")
    return Logotyp(data, LOGO_FORMATS[kind], width, height, organisation.identitet.logotyp_bredd_cm,
                   f"Logotyp för {organisation.namn}")


def load_organisation(path: Path, display: str = "data/organisation.yaml") -> tuple[Organisation, Loaded]:
    """Return the organisation of ``path`` and its line map; raise InvalidInput when wrong."""
    if not path.exists():
        raise InvalidInput([Problem(display, None, "", "filen saknas",
                                    "skapa den med 'kanslist init' eller kopiera en från exemplen")])
    loaded = load_yaml(path, display)
    organisation = validate_model(Organisation, loaded)
    problems = []
    for key, enhet in organisation.enheter.items():
        if enhet.under and enhet.under not in organisation.enheter:
            guess = nearest(enhet.under, organisation.enheter)
            problems.append(Problem(display, loaded.line_of(("enheter", key, "under")), f"enheter.{key}.under",
                                    f"'{enhet.under}' finns inte bland enheterna",
                                    f"menade du {guess}?" if guess else "ange id för en enhet i filen"))
    if problems:
        raise InvalidInput(problems)
    read_logo(organisation, Path(path).resolve().parent.parent, loaded, display)  # a wrong logo stops every build first
    return organisation, loaded


def load_personer(path: Path, display: str = "data/personer.yaml") -> dict[str, Person]:
    """Return the people of ``path`` by id; an absent file means nobody is registered."""
    if not path.exists():
        return {}
    loaded = load_yaml(path, display)
    return validate_model(dict[str, Person], loaded)

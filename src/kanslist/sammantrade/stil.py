"""The organisation's settings for meeting papers (``sammantraden:`` in data/organisation.yaml)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_PARTS = re.compile(r"\{(\w+)\}")
PARAGRAF_PARTS = ("nr", "ar", "ar2")
# The headings of a § in the protocol and its extract, kanslist's wording unless sammantraden.rubriker says otherwise.
PROTOKOLLSRUBRIKER = {
    "beslut": "Beslut", "forslag_till": "Beslut – förslag till {beslutsinstans}",
    "sammanfattning": "Sammanfattning av ärendet", "beslutsunderlag": "Beslutsunderlag", "yrkanden": "Yrkanden",
    "beslutsgang": "Beslutsgång", "omrostning": "Omröstning", "reservationer": "Reservationer",
    "protokollsanteckning": "Protokollsanteckning", "skickas_till": "Beslutet skickas till",
    "tidigare_forslag": "{tidigare_genitiv} förslag", "arendet": "Ärendet"}
# The fixed texts of the meeting papers, kanslist's wording unless sammantraden.etiketter says otherwise:
# the papers' names in the header, the header's date line, the protocol's front page and its headings.
ETIKETTER = {
    "protokoll": "SAMMANTRÄDESPROTOKOLL", "utdrag": "PROTOKOLLSUTDRAG", "sammantradesdatum": "Sammanträdesdatum",
    "plats_och_tid": "Plats och tid", "beslutande": "Beslutande", "ersattare": "Tjänstgörande ersättare",
    "ovriga": "Övriga närvarande", "justerare": "Utses att justera", "justering": "Justeringens plats och tid",
    "paragrafer": "Paragrafer", "underskrifter": "Underskrifter", "anslag": "Anslag/bevis", "innehall": "Innehåll"}
# The meeting papers' templates (mallar/<name>.docx, else kanslist's).
TEMPLATES = ("kallelse", "protokoll", "utdrag", "anslag")
# The header of every meeting paper, line by line; a tab (\t) starts a column (sammantraden.sidhuvud).
SIDHUVUD = ("{organisation}\t{dokument}\t{sida}", "{organ}", "{sammantradesdatum} {datum}")
SIDHUVUD_DELAR = ("organisation", "dokument", "sida", "organ", "organ_versaler", "datum", "sammantradesdatum",
                  "paragrafer", "dnr")
MAX_KOLUMNER = 4
MAX_RADER = 4
# The parts a heading may hold; tidigare_forslag also names the body whose earlier proposal it shows.
RUBRIKDELAR = ("beslutsinstans", "organ_genitiv")
TIDIGARE_DELAR = RUBRIKDELAR + ("tidigare_genitiv",)
# The sections of a §; tidigare_forslag (an earlier body's proposal on the case) only where ordning names it.
# arendet (the case's own account, its arendet: field) likewise; without it the summary falls back on it.
PARAGRAFAVSNITT = ("beslut", "sammanfattning", "arendet", "tidigare_forslag", "beslutsunderlag", "yrkanden", "beslutsgang",
                   "omrostning", "reservationer", "protokollsanteckning", "skickas_till")
STANDARDORDNING = tuple(a for a in PARAGRAFAVSNITT if a not in ("tidigare_forslag", "arendet"))
DNR_DELAR = ("dnr", "diariekod")
RAD_DELAR = ("paragraf", "rubrik", "dnr")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]|([^\[]+)")
# Optional parts are not nested: every [ is closed by a ] before the next [.
_UNBALANCED = re.compile(r"\[[^\]]*\[|\][^\[]*\]|^[^\[]*\]|\[[^\]]*$")
SIGNATURRUTOR = ("Justerandes signatur", "Utdragsbestyrkande")
MAX_RUTOR = 8  # boxes side by side across a page's width


def fill_optional(pattern: str, values: dict[str, str]) -> str:
    """Return ``pattern`` with its {parts} filled in; a part in [ ] only when every value it names is there."""
    def fill(text: str) -> str:
        return _PARTS.sub(lambda m: values[m.group(1)], text)

    def optional(match: re.Match) -> str:
        inner = match.group(1)
        return fill(inner) if all(values[p] for p in _PARTS.findall(inner)) else ""

    return "".join(optional(m) if m.group(1) is not None else fill(m.group(2)) for m in _OPTIONAL.finditer(pattern))



def checked_line(value: str, what: str, allowed: tuple[str, ...], required: tuple[str, ...], example: str) -> str:
    """Return a line pattern of {parts} and [optional parts] that uses only ``allowed`` and has ``required``."""
    if _UNBALANCED.search(value):
        raise ValueError(f"{what} har en [ utan ] eller tvärtom – {example}")
    parts = _PARTS.findall(value)
    unknown = [part for part in parts if part not in allowed]
    if unknown:
        names = [f"{{{part}}}" for part in allowed]
        raise ValueError(f"{what} har okänd del {{{unknown[0]}}} – använd " + ", ".join(names[:-1]) + " eller "
                         + names[-1])
    missing = [part for part in required if part not in parts]
    if missing:
        raise ValueError(f"{what} saknar {{{missing[0]}}} – {example}")
    return value

class SammantradeStil(BaseModel):
    """How this organisation's protocols look: § pattern, footer, where the protocol is kept."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Sammanträdeshandlingarnas stil",
                              json_schema_extra={"description": "Hur organisationens protokoll och anslag ser ut: "
                                                                "paragrafmönster, sidfot, förvaringsplats."})

    paragraf: str = Field("§ {nr}", description="Paragrafernas mönster med {nr}, {ar} eller {ar2}, t.ex. "
                                                "'§ {nr}/{ar}'; numren löper per organ och kalenderår")
    justerandes_signatur: bool = Field(False, description="true ger sidfoten med rutorna i signaturrutor "
                                                          "('Justerandes signatur / Utdragsbestyrkande') på "
                                                          "protokoll och utdrag")
    signaturrutor: list[str] = Field(default_factory=lambda: list(SIGNATURRUTOR), description=(
        "Ledtexterna i sidfotens rutor för signaturer, sida vid sida och i ordning, när justerandes_signatur är "
        f"true, t.ex. ['Sign. Ordf.', 'Justerare', 'Exp. datum', 'Sign.']; högst {MAX_RUTOR}. Standard är "
        "'Justerandes signatur' och 'Utdragsbestyrkande'. En ruta med {sida} (och {sidor}) visar sidnumret i "
        "rutan under ledtexten, t.ex. 'Sida: {sida}({sidor})' ger Sida: och 13(27)"))
    forvaringsplats: str | None = Field(None, description="Var protokollet förvaras, står på anslaget")
    anslagstavla: str | None = Field(None, description="Adressen till den digitala anslagstavlan, står på anslaget")
    forvaltningsratt: str = Field("förvaltningsrätten", description="Dit en laglighetsprövning lämnas, t.ex. "
                                                                   "'Förvaltningsrätten i Jönköping'")
    sidnummer: str = Field("{sida} ({sidor})", description="Sidnumreringen i sidhuvudet på kallelse, protokoll, "
                                                           "utdrag och anslag, med {sida} och {sidor}, t.ex. "
                                                           "'Sidan {sida} av {sidor}' eller 'Sida {sida}({sidor})'; tom text skriver "
                                                           "inget sidnummer")

    sidhuvud: list[str] = Field(default_factory=lambda: list(SIDHUVUD), description=(
        "Sidhuvudets rader i kallelse, protokoll, utdrag och anslag, den första i fetstil; \\t (en tabb, skriv raden "
        "inom \"…\") börjar en ny kolumn, högst " + str(MAX_KOLUMNER) + " kolumner och " + str(MAX_RADER) + " rader. Delar: "
        "{organisation} (sidhuvud_namn eller organisationens namn i versaler), {dokument} (handlingens namn, t.ex. "
        "SAMMANTRÄDESPROTOKOLL), {sida} (sidnumret), {organ}, {organ_versaler}, {datum}, {sammantradesdatum} "
        "(ledtexten), {paragrafer} (§§ 47–67) och {dnr}. Standard: \"{organisation}\\t{dokument}\\t{sida}\", "
        "\"{organ}\", \"{sammantradesdatum} {datum}\"; Sotenäs skriver t.ex. "
        "[\"{organ}\\t{dokument}\\t{datum}\\t{paragrafer}\"]"))

    etiketter: dict[Literal[tuple(ETIKETTER)], str] = Field(default_factory=dict, description=(
        "De fasta texterna i sammanträdeshandlingarna, när de inte ska vara kanslists: "
        + ", ".join(f"{name} ('{text}')" for name, text in ETIKETTER.items())
        + "; protokoll och utdrag är handlingarnas namn i sidhuvudet. En tom text tar bort raden eller rubriken "
          "på protokollets försättsblad, t.ex. {ersattare: '', ovriga: Övriga deltagare}"))

    rubriker: dict[str, str] = Field(default_factory=dict, description=(
        "Rubrikerna i protokollets och utdragets paragrafer, när de inte ska vara kanslists: "
        + ", ".join(f"{name} ('{text}')" for name, text in PROTOKOLLSRUBRIKER.items())
        + "; {beslutsinstans} (den som beslutar, t.ex. kommunfullmäktige) och {organ_genitiv} (t.ex. "
          "Kommunstyrelsens) får stå med; en tom rubrik ('' eller ~) skriver avsnittet utan rubrik"))

    ordning: list[Literal[PARAGRAFAVSNITT]] = Field(default_factory=lambda: list(STANDARDORDNING), description=(
        "Avsnitten i protokollets och utdragets paragrafer, i ordning: " + ", ".join(PARAGRAFAVSNITT)
        + "; ett avsnitt som inte står med skrivs inte ut. tidigare_forslag (ett tidigare organs förslag i "
          "ärendet, t.ex. arbetsutskottets, ur dess sammanträdesfil) står inte med som standard"))

    dnr_rad: str = Field("Dnr {dnr}", description=(
        "Raden under paragrafens rubrik med {dnr} (ärendets diarienummer) och {diariekod} (punktens diariekod i "
        "sammanträdesfilen); en del inom [ ] skrivs bara när dess värde finns, t.ex. "
        "'Dnr {dnr}[ Diariekod: {diariekod}]'. Utan diarienummer skrivs ingen rad"))

    paragrafrad: str = Field("{paragraf} {rubrik}", description=(
        "Rubriken över en paragraf i protokollet och utdraget, med {paragraf} (t.ex. '§ 83'), {rubrik} och {dnr}; "
        "\\n bryter raden och en del inom [ ] skrivs bara när dess värde finns, t.ex. "
        "'{paragraf}[  Dnr {dnr}]\\n{rubrik}' eller '[{dnr}  ]{paragraf}\\n{rubrik}'. Står {dnr} här skrivs "
        "ingen dnr_rad"))

    beslutsform: Literal["att", "numrerad", "mening"] | None = Field(None, description=(
        "Hur protokollets och kallelsens beslut och förslag skrivs när det inte är som i tjänsteskrivelserna "
        "(beslutsform): att, numrerad eller mening; numrerad numrerar varje beslutsrad i protokollet och utdraget, "
        "även en ensam ('1. Svar till revisionen avges ...')"))

    datumformat: Literal["lang", "iso"] = Field("lang", description=(
        "Hur protokollets och kallelsens dag skrivs vid Plats och tid och Justeringens plats och tid: lang "
        "(tisdagen den 18 augusti 2020) eller iso (2020-08-18)"))

    innehall_grupper: bool = Field(False, description=(
        "Protokollets innehållsförteckning delas i föredragningslistans grupper med deras rubriker, t.ex. "
        "Beslutsärenden och Information (en punkts grupp ändrar rubriken, t.ex. grupp: Informationsärenden)"))
    innehall_dnr: bool = Field(True, description=(
        "Protokollets innehållsförteckning skriver paragrafens diarienummer efter rubriken, '(dnr KS 2026/007)'; "
        "false skriver bara paragraf och rubrik"))

    utdrag_intygande: bool = Field(True, description=(
        "Protokollsutdraget slutar med raderna Justerat och Anslag, 'Utdragets riktighet intygas' och sekreterarens "
        "underskrift; false lämnar ut dem, när sidfotens signaturrutor (t.ex. Exp. datum, Sign.) bestyrker utdraget"))

    beslut_avslut: str = Field("", description=(
        "En rad efter paragrafens beslut, t.ex. '_____' (ett streck som avslutar beslutet); tom text skriver ingen"))
    sidhuvud_namn: str | None = Field(None, description=(
        "Organisationens namn överst i sidhuvudet på kallelse, protokoll, utdrag och anslag, som det ska stå, "
        "t.ex. 'Mjölby Kommun'; standard är namnet med versaler (MJÖLBY KOMMUN)"))

    @field_validator("beslut_avslut")
    @classmethod
    def _closing(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("beslut_avslut ska vara en enda rad – skriv t.ex. '_____'")
        return value

    @field_validator("sidhuvud_namn")
    @classmethod
    def _header_name(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("sidhuvud_namn är tom – skriv namnet som det ska stå, t.ex. 'Mjölby Kommun', eller ta "
                             "bort raden (då står namnet med versaler)")
        return value

    att_i_forslag: bool = Field(True, description=(
        "false skriver ett förslag till ett annat organ utan 'att' före verbet: 'föreslår kommunfullmäktige "
        "besluta följande:' och 'föreslår kommunstyrelsen föreslå kommunfullmäktige' i stället för 'föreslår "
        "kommunfullmäktige att besluta följande:'"))

    inledning: str = Field("", description=(
        "En mening först i varje paragraf som har en ärendefil, med {datum} (handlingens datum) och {fran} "
        "(den som skrivit den), t.ex. 'I ärendet föreligger tjänsteutlåtande {datum} från {fran}.'; tom text "
        "skriver ingen"))

    @field_validator("inledning")
    @classmethod
    def _opening(cls, value: str) -> str:
        unknown = [part for part in _PARTS.findall(value) if part not in ("datum", "fran")]
        if unknown:
            raise ValueError(f"inledningen har okänd del {{{unknown[0]}}} – använd {{datum}} eller {{fran}}")
        return value

    @field_validator("rubriker", mode="before")
    @classmethod
    def _no_heading(cls, value):
        # ~ (null) is an empty heading: the section is written without one.
        return {k: ("" if v is None else v) for k, v in value.items()} if isinstance(value, dict) else value

    @field_validator("paragrafrad")
    @classmethod
    def _heading_line(cls, value: str) -> str:
        return checked_line(value, "paragrafraden", RAD_DELAR, ("paragraf", "rubrik"),
                             "skriv t.ex. '{paragraf} {rubrik}' eller '{paragraf}[  Dnr {dnr}]\\n{rubrik}'")

    @field_validator("rubriker")
    @classmethod
    def _headings(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if name not in PROTOKOLLSRUBRIKER:
                raise ValueError(f"rubriken '{name}' finns inte i protokollet – använd " + ", ".join(PROTOKOLLSRUBRIKER))
            allowed = TIDIGARE_DELAR if name == "tidigare_forslag" else RUBRIKDELAR
            unknown = [part for part in _PARTS.findall(text) if part not in allowed]
            if unknown:
                parts = [f"{{{part}}}" for part in allowed]
                raise ValueError(f"rubriken {name} har okänd del {{{unknown[0]}}} – använd "
                                 + ", ".join(parts[:-1]) + " eller " + parts[-1])
        return value

    @field_validator("sidhuvud")
    @classmethod
    def _header(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("sidhuvud är tom – skriv minst en rad, t.ex. [\"{organisation}\\t{dokument}\\t{sida}\"]")
        if len(value) > MAX_RADER:
            raise ValueError(f"sidhuvudet har {len(value)} rader – skriv högst {MAX_RADER}")
        for i, line in enumerate(value, 1):
            shown = line.replace("\t", "\\t")  # a tab shown as it is written in the file
            checked_line(line, f"sidhuvudets rad {i} ('{shown}')", SIDHUVUD_DELAR, (),
                         "skriv t.ex. '{organ}' eller '{sammantradesdatum} {datum}'")
            if line.count("\t") >= MAX_KOLUMNER:
                raise ValueError(f"sidhuvudets rad {i} har {line.count(chr(9)) + 1} kolumner – skriv högst {MAX_KOLUMNER}")
        return value

    @field_validator("signaturrutor")
    @classmethod
    def _boxes(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("signaturrutor är tom – skriv minst en ledtext, t.ex. ['Justerandes signatur'], eller "
                             "sätt justerandes_signatur: false")
        if len(value) > MAX_RUTOR:
            raise ValueError(f"{len(value)} signaturrutor får inte plats bredvid varandra – skriv högst {MAX_RUTOR}")
        for i, label in enumerate(value, 1):
            if not label.strip():
                raise ValueError(f"signaturruta {i} är tom – skriv rutans ledtext, t.ex. 'Justerare'")
            checked_line(label, f"signaturruta {i} ('{label}')", ("sida", "sidor"), (),
                         "skriv t.ex. 'Sida: {sida}({sidor})' för sidnumret i rutan")
        return value

    @field_validator("dnr_rad")
    @classmethod
    def _dnr_line(cls, value: str) -> str:
        return checked_line(value, f"dnr-raden '{value}'", DNR_DELAR, ("dnr",),
                             "skriv t.ex. 'Dnr {dnr}' eller 'Dnr {dnr}[ Diariekod: {diariekod}]'")

    def format_dnr(self, dnr: str, diariekod: str = "") -> str:
        """Return the dnr line of a § ("Dnr 2018/0219 KS-5 Diariekod: 609"); "" without a dnr.

        A part in [ ] is written only when the values it names are there.
        """
        if not dnr:
            return ""
        return fill_optional(self.dnr_rad, {"dnr": dnr, "diariekod": diariekod})

    def header_lines(self, values: dict[str, str]) -> list[dict]:
        """Return the header's lines (sidhuvud) as the templates write them: each a list of parts (text; tab;
        dokument, the paper's name; sida, the page number) with ``values`` filled in, its number of columns,
        the first in bold."""
        rows = []
        for i, line in enumerate(self.sidhuvud):
            parts: list[dict] = []
            for column, cell in enumerate(line.split("\t")):
                if column:
                    parts.append({"typ": "tab", "text": ""})
                for k, piece in enumerate(_PARTS.split(cell)):  # text, part, text, …
                    if k % 2 and piece in ("dokument", "sida"):
                        parts.append({"typ": piece, "text": ""})
                    elif k % 2 or piece:
                        parts.append({"typ": "text", "text": values[piece] if k % 2 else piece})
            rows.append({"delar": parts, "kolumner": line.count("\t") + 1, "fet": i == 0})
        return rows

    def format_rubrikrad(self, paragraf: str, rubrik: str, dnr: str) -> str:
        """Return the heading line of a § (paragrafrad): "§ 83  Dnr KS/2018:4\nBeslut om ..."; a line break stays."""
        return fill_optional(self.paragrafrad, {"paragraf": paragraf, "rubrik": rubrik, "dnr": dnr})

    @property
    def dnr_i_rubrik(self) -> bool:
        """True when the dnr stands on the § line (paragrafrad has {dnr}): no dnr line of its own then."""
        return "dnr" in _PARTS.findall(self.paragrafrad)

    def rubrik(self, name: str, **values: str) -> str:
        """Return the heading ``name`` of a § in this organisation's wording, its parts filled in."""
        return self.rubriker.get(name, PROTOKOLLSRUBRIKER[name]).format_map(values)

    @field_validator("sidnummer")
    @classmethod
    def _page(cls, value: str) -> str:
        from kanslist.organisation import check_page_style  # organisation.py imports this module

        return value if value == "" else check_page_style(value)

    @field_validator("paragraf")
    @classmethod
    def _pattern(cls, value: str) -> str:
        parts = _PARTS.findall(value)
        if "nr" not in parts:
            raise ValueError(f"'{value}' saknar {{nr}} – skriv t.ex. \"§ {{nr}}\" eller \"§ {{nr}}/{{ar}}\"")
        unknown = [p for p in parts if p not in PARAGRAF_PARTS]
        if "dnr" in unknown:
            raise ValueError(f"'{value}': {{dnr}} hör inte till paragrafens nummer – skriv diarienumret i "
                             "paragrafrad, t.ex. paragrafrad: \"[{dnr}  ]{paragraf}\\n{rubrik}\"")
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

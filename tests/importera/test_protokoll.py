"""importera over protocols and extracts: a draft meeting file that loads, and builds back to the paper's text."""

from __future__ import annotations

import io
import re

import docx
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from kanslist.cli import main
from kanslist.importera.matning import strip_capture
from kanslist.importera.protokoll import _missing, importera_protokoll, recognise, review
from kanslist.importera.run import importera_text
from kanslist.workspace import Workspace

from support import REPO, copy_workspace

REAL = REPO / "tests" / "fixtures" / "real"
ARBETSYTA = REPO / "src" / "kanslist" / "resources" / "arbetsyta"


def paper(number: str) -> str:
    (path,) = REAL.glob(f"{number}_*.txt")
    return strip_capture(path.read_text(encoding="utf-8"))


def test_paper_16_an_extract_gives_a_meeting_draft_with_its_paragraph():
    text = importera_text(paper("16"), "16.txt")
    data = yaml.safe_load(text)
    assert text.startswith("# Utkast till sammanträdesfil från 'kanslist importera 16.txt' – spara den i "
                           "sammantraden/")
    assert "typ" not in data
    assert (data["organ"], str(data["datum"]), data["forsta_paragraf"]) == ("Kommunstyrelsen", "2019-04-08", 52)
    assert data["ordforande"] == {"namn": "Henrik Thunes"}
    (punkt,) = data["punkter"]
    assert punkt["rubrik"] == ("Svar på motion väckt av Mette Hildingsson (S) och Roger Sjöberg (S) om "
                               "utvecklingsgrupp för förskolan")
    assert punkt["dnr"] == "2018/0219 KS-5"
    assert punkt["beslut"] == ["Kommunstyrelsen föreslår kommunfullmäktige besluta följande:",
                               "Motion väckt av Mette Hildingsson (S) och Roger Sjöberg (S) om utvecklingsgrupp för "
                               "förskolan avslås."]
    assert punkt["yrkanden"] == [
        {"av": "Joakim Jonsson (S) med instämmande av Dira Lindström (V)", "yrkande": "bifall till motionen"},
        {"av": "Bo Ehlin (SD)", "yrkande": "bifall till arbetsutskottets förslag"}]
    assert punkt["skickas_till"] == ["Akt"]
    assert punkt["sammanfattning"].startswith("I ärendet föreligger tjänsteutlåtande 2018-11-05 från "
                                              "kommunledningskontoret.\n\nMette Hildingsson (S)")
    assert punkt["propositionsordning"] == ("Ordförande Henrik Thunes (M) ställer förslagen mot varandra och finner "
                                           "att kommunstyrelsen bifaller kommunstyrelsens arbetsutskotts förslag.")
    # What a meeting item has no field for stays beside it as a comment
    assert punkt["diariekod"] == "609"  # "Diariekod: 609" over the §'s title
    assert "#   13. Protokollsutdrag - KS, 2019-04-08, § 52\n" in text


def test_a_meeting_draft_loads_with_only_the_fields_marked_missing():
    for number in ("08", "16"):
        text = importera_text(paper(number), f"{number}.txt")
        saknas = re.findall(r"^#   - ([\w.\[\]]+): ", text, re.MULTILINE)
        assert "Sammanträdesfilen läses med dessa fel" not in text
        assert [p for p in review(text, "x.yaml") if not _missing(p, set(saknas))] == []
        assert review(text, "x.yaml") != []  # the fields the extract does not give are missing, and said to be


def test_the_front_page_of_a_protocol_gives_the_meeting_fields_and_no_furniture():
    text = importera_text(paper("08"), "08.txt")
    data = yaml.safe_load(text)
    assert (data["tid"], data["plats"]) == ("13.00–14.40", "Kungsbackarummet, Storgatan 37")
    assert (data["sekreterare"], data["justerare"]) == ({"namn": "Patrik Johansson"}, ["Magdalena Sundqvist"])
    # The four §§ the excerpt holds, and the others from its table of contents, in § order
    punkter = data["punkter"]
    assert (len(punkter), data["forsta_paragraf"]) == (37, 1)
    assert [punkter[i]["dnr"] for i in (0, 18, 33, 36)] == ["KS-2024-00011", "KS-2023-00730", "KS-2023-00280",
                                                            "KS-2023-00434"]
    assert punkter[8] == {"rubrik": "Begäran om medel för att främja välmående och motverka psykisk ohälsa - Kultur & "
                                    "Fritid (Friskvårds- & Aktivitetsgruppen)", "dnr": "KS-2023-00837"}
    assert ("#   - punkter: beslutet saknas i §§ 2–18, 20–33, 35–36 – bara innehållsförteckningen har dem; skriv\n"
            in text)
    assert "  # beslut:    # SAKNAS – bara innehållsförteckningen har paragrafen\n  - rubrik: Information om " \
           "kommunstyrelsens förvaltningsbudget 2024\n" in text
    assert punkter[18]["skickas_till"] == ["Kommunrevisionen", "nämnden för Service"]
    # The vote's table after the receivers is no receiver: it stays beside the item
    assert punkter[36]["skickas_till"] == ["Nämnden för Vård & Omsorg", "nämnden för Individ & Familjeomsorg"]
    assert "  # | Emanuel Forsell (M) | X |  |  |\n" in text
    assert punkter[36]["beslut"] == [
        "Kommunfullmäktige avslår motionen med hänvisning till att det skulle innebära omotiverat stora kostnader och "
        "omkostnader att införa fria arbetsskor för personal inom omsorgen samt att det inte finns några formella krav "
        "på att arbetsgivaren ska tillhandahålla arbetsskor för personal inom omsorg."]
    assert punkter[33]["yrkanden"] == [{"av": "Maria Losman (MP) och Magdalena Sundqvist (S)",
                                        "yrkande": "bifall till motionen"}]
    # "Susanne Andersson (SD) ersätter" ends its line: the one replaced is the column's next name
    assert data["ledamoter"][:3] == ["Lisa Andersson", {"namn": "Susanne Andersson", "ersatter": "Stefan Jägnert"},
                                     "Fredrik Hansson"]
    values = yaml.safe_dump(data, allow_unicode=True)
    for furniture in ("Expedierat/bestyrkt", "SAMMANTRÄDESPROTOKOLL", "utelämnade"):
        assert furniture not in values


def test_a_member_serving_for_another_is_written_so():
    text = ("SAMMANTRÄDESPROTOKOLL\nKommunstyrelsen\nSammanträdesdatum 2014-03-06\n\n"
            "Beslutande: Leif Persson (S) ordf Annelie Wallberg (S)\n"
            "Ingrid Olsson (C) tjg ersättare istf Helena Brink (C) Ulf Nyman (C)\n"
            "Övriga deltagande Karin Höglund, administrativ chef\nUtses att justera Ulf Nyman\n\n"
            "§ 62 Information från kommunchefen ... 4\n§ 63 Bokslut 2013 ... 5\n")
    assert recognise(text)
    data = yaml.safe_load(importera_protokoll(text, "x.txt"))
    assert data["ledamoter"] == ["Leif Persson", "Annelie Wallberg", {"namn": "Ingrid Olsson", "ersatter": "Helena Brink"},
                                 "Ulf Nyman"]
    assert (data["ordforande"], data["justerare"]) == ({"namn": "Leif Persson"}, ["Ulf Nyman"])
    assert data["punkter"] == [{"rubrik": "Information från kommunchefen"}, {"rubrik": "Bokslut 2013"}]


def test_a_made_up_extract_with_an_organ_prefix_is_a_meeting():
    text = ("Protokollsutdrag\nSocialnämnden\nSammanträdesdatum 2026-02-03\n\n"
            "SN § 12 Dnr SN 2026/004\nRiktlinje för hemtjänst\n\nBeslut\n\n"
            "Socialnämnden antar riktlinjen.\n\nSammanfattning\n\nFörvaltningen har tagit fram en riktlinje "
            "för hur hemtjänsten ska planeras.\n\nBeslutet skickas till\n\nSocialförvaltningen\n\n"
            "Justerandes signatur  Utdragsbestyrkande\n")
    assert recognise(text)
    data = yaml.safe_load(importera_protokoll(text, "x.txt"))
    assert (data["organ"], data["forsta_paragraf"]) == ("Socialnämnden", 12)
    assert data["punkter"] == [{"rubrik": "Riktlinje för hemtjänst", "dnr": "SN 2026/004",
                                "beslut": ["Socialnämnden antar riktlinjen."],
                                "sammanfattning": "Förvaltningen har tagit fram en riktlinje för hur hemtjänsten "
                                                  "ska planeras.\n",
                                "skickas_till": ["Socialförvaltningen"]}]


def test_a_case_paper_that_quotes_a_protocol_is_no_meeting():
    # 07 opens with the committee's § but holds the tjänsteskrivelse and the yttrande: a case
    assert not recognise(paper("07"))


def docx_text(path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(p.text for p in document.paragraphs))


def test_importing_paper_16_and_building_it_gives_back_its_sections_and_decision(tmp_path):
    root = copy_workspace(ARBETSYTA, tmp_path / "arbetsyta")
    source = tmp_path / "16.txt"
    source.write_text(paper("16"), encoding="utf-8")
    runner = CliRunner()
    target = root / "sammantraden" / "ks-2019-04-08.yaml"
    target.parent.mkdir(exist_ok=True)
    result = runner.invoke(main, ["-C", str(root), "importera", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"skrev {target} – fyll i det som står som SAKNAS\n"
    # What the extract does not say, filled in as a case officer would
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["organ"] == "kommunstyrelsen"
    people = yaml.safe_load((root / "data" / "personer.yaml").read_text(encoding="utf-8"))
    someone = next(iter(people))
    data.update({"tid": "17.00", "plats": "Kommunalhuset", "sekreterare": someone, "ledamoter": [someone, "Henrik Thunes"],
                 "justerare": [someone], "justering": {"datum": "2019-04-10"}})
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = runner.invoke(main, ["-C", str(root), "bygg"])
    assert result.exit_code == 0, result.output
    (utdrag,) = (root / "build" / "sammantraden" / "ks-2019-04-08").glob("utdrag*.docx")
    built = docx_text(utdrag)
    for said in ("§ 52 Svar på motion väckt av Mette Hildingsson (S) och Roger Sjöberg (S) om utvecklingsgrupp för "
                 "förskolan", "Dnr 2018/0219 KS-5",
                 "Kommunstyrelsen föreslår kommunfullmäktige besluta följande:",
                 "Motion väckt av Mette Hildingsson (S) och Roger Sjöberg (S) om utvecklingsgrupp för förskolan avslås.",
                 "I ärendet föreligger tjänsteutlåtande 2018-11-05 från kommunledningskontoret.",
                 "Mette Hildingsson (S) och Roger Sjöberg (S) har i kommunfullmäktige 2018-04-19, § 43, väckt en "
                 "motion om utvecklingsgrupp för förskolan.",
                 "Motionen har varit på remiss till barn- och utbildningsnämnden.",
                 "Arbetsutskottets förslag",
                 "Kommunstyrelsens arbetsutskott föreslår kommunstyrelsen föreslå kommunfullmäktige besluta följande:",
                 "Joakim Jonsson (S) med instämmande av Dira Lindström (V) yrkar bifall till motionen.",
                 "Bo Ehlin (SD) yrkar bifall till arbetsutskottets förslag.", "Akt"):
        assert said in built, said


def test_a_protocol_extract_in_word_gives_a_meeting_draft(tmp_path):
    document = docx.Document()
    for text in ("Protokollsutdrag", "Kommunstyrelsen", "Sammanträdesdatum 2026-02-03",
                 "KS § 7 Dnr KS 2026/011", "Val av ombud till förbundsstämman"):
        document.add_paragraph(text)
    document.add_heading("Beslut", level=2)
    document.add_paragraph("Kommunstyrelsen utser Anna Berg till ombud.")
    document.add_paragraph("Justerandes signatur")
    path = tmp_path / "utdrag.docx"
    document.save(path)
    from kanslist.importera.run import importera

    text = importera(path)
    data = yaml.safe_load(text)
    assert text.startswith("# Utkast till sammanträdesfil från 'kanslist importera utdrag.docx'")
    assert (data["organ"], str(data["datum"]), data["forsta_paragraf"]) == ("Kommunstyrelsen", "2026-02-03", 7)
    assert data["punkter"] == [{"rubrik": "Val av ombud till förbundsstämman", "dnr": "KS 2026/011",
                                "beslut": ["Kommunstyrelsen utser Anna Berg till ombud."]}]


def test_a_line_every_paragraph_repeats_is_text_not_a_page_header():
    paragraph = ("§ {nr} Ärendenummer SLK-2026-0039{nr}\nYttrande nummer {nr} till stadsrevisionen\nBeslut\n\n"
                 "Enligt stadsledningskontorets förslag:\nKommunstyrelsen översänder tjänsteutlåtandet.\n\n"
                 "Protokollsutdrag skickas till\nStadsrevisionen\n\n")
    text = "".join(paragraph.format(nr=nr) for nr in (1, 2))
    data = yaml.safe_load(importera_protokoll(text, "x.txt"))
    assert [p["beslut"] for p in data["punkter"]] == [
        ["Enligt stadsledningskontorets förslag: Kommunstyrelsen översänder tjänsteutlåtandet."]] * 2


def test_an_extracts_closing_lines_give_the_secretary_and_the_day_of_justering():
    text = ("Utdrag ur protokoll Sammanträdesdatum: 2023-12-12\n\n"
            "Äldre samt vård- och omsorgsnämnden\n\n"
            "§ 251 Dnr N160-1702/23\nSvar på remiss om en fixartjänst för digitala tjänster\n\nBeslut\n\n"
            "Nämnden tillstyrker motionen.\n\nReservation\n\nKim Berg (V) reserverar sig mot beslutet.\n\n"
            "Protokollsutdrag skickas till\n\nStadsledningskontoret\n\n"
            "Dag för justering 2023-12-15\n\nVid protokollet Sekreterare Carolina Hansson\n\n"
            "Protokollsutdragets riktighet intygas av administratör Walentine Andersson\n")
    assert recognise(text)
    draft = importera_protokoll(text, "utdrag.txt")
    data = yaml.safe_load(draft)
    assert (data["organ"], str(data["datum"])) == ("Äldre samt vård- och omsorgsnämnden", "2023-12-12")
    assert data["sekreterare"] == {"namn": "Carolina Hansson"}
    assert data["justering"] == {"datum": __import__("datetime").date(2023, 12, 15)}
    assert data["punkter"] == [{"rubrik": "Svar på remiss om en fixartjänst för digitala tjänster",
                                "dnr": "N160-1702/23", "beslut": ["Nämnden tillstyrker motionen."],
                                "reservationer": [{"av": "Kim Berg (V)"}], "skickas_till": ["Stadsledningskontoret"]}]
    assert "  # Reservation:" not in draft  # in its field now, not a comment
    assert "  # Protokollsutdragets riktighet intygas av administratör Walentine Andersson\n" in draft
    assert "spara den i sammantraden/ (t.ex.\n#     sammantraden/äldre-samt-vård-och-omsorgsnämnden-2023-12-12.yaml)" in draft


PIECES = ["Protokollsutdrag", "SAMMANTRÄDESPROTOKOLL 2 (9)", "Kommunstyrelsen", "Sammanträdesdatum 2026-02-03", "Datum",
          "§ 1", "§ 12/2026 Dnr KS 2026/1", "KS § 3", "KSAU 130/2014 Dnr 2014/", "Beslut", "Beslut – Förslag till x",
          "Kommunstyrelsen godkänner.", "Beslutet skickas till", "Akt", "| a | b |", "Beslutande", "Övriga närvarande",
          "X Y (M) ersätter Z W (S)", "Plats och tid", "Plats och tid för justering Digital justering",
          "Justerandes signatur", "Vid protokollet", "Dag för justering 31 februari 2026", "... 4", "", "", "—", "o ",
          "Sammanfattning", "Förslag till beslut på sammanträdet", "A B (S) yrkar", "Innehåll", "§ 0", "§ 99999"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30))
def test_any_protocol_like_text_gives_a_draft_that_is_yaml(lines):
    # Never a traceback: whatever the paper, the draft is YAML with its comments
    text = importera_text("\n".join(lines), "x.txt")
    assert text.startswith("# Utkast")
    assert yaml.safe_load(text) is None or isinstance(yaml.safe_load(text), dict)


def test_a_flattened_protocol_page_is_split_at_its_labels_and_paragraphs():
    # Paper 13 is a document site's extraction: each page on one line, the digits of times lost
    text = (
        "1 Sammanträdesprotokoll 1 (35) Plats och tid Sessionssalen, kommunhuset i Hultsfred kl Beslutande Lars "
        "Rosander, C Åke Nilsson, KD ej 133 Gunilla Aronsson, C Mattias Wärnsberg, S Tomas Söreling, S Carola "
        "Nilsson, S Övriga deltagande Lars-Erik Rönnlund, kommunchef Utses att justera Underskrifter Paragrafer "
        "Anslag/Bevis Protokollet är justerat. Justeringen har tillkännagivits genom anslag. Organ Kommunstyrelsens "
        "arbetsutskott Datum för anslags uppsättande Datum för anslags nedtagande Förvaringsplats av protokollet "
        "Kommunkansliet Underskrift. Britt Olsson\n\n"
        "2 Sammanträdesprotokoll 2 (35) Kommunstyrelsen KSAU 130/2014 Dnr 2014/ Ombudgetering 2014 Arbetsutskottets "
        "förslag till kommunstyrelsen Arbetsutskottet föreslår kommunstyrelsen att föreslå kommunfullmäktige att "
        "godkänna förslaget till ombudgetering för år 2014. Vidare föreslås att uppdrag ges till kommunens styrelse "
        "och nämnder att tillvarata alla möjligheter till besparingar.\n")
    assert recognise(text)
    data = yaml.safe_load(importera_protokoll(text, "13.txt"))
    assert (data["organ"], data["plats"], data["forsta_paragraf"]) == (
        "Kommunstyrelsens arbetsutskott", "Sessionssalen, kommunhuset i Hultsfred", 130)
    assert data["punkter"] == [{"rubrik": "Ombudgetering 2014", "dnr": "2014/", "beslut": [
        "Arbetsutskottet föreslår kommunstyrelsen att föreslå kommunfullmäktige att godkänna förslaget till "
        "ombudgetering för år 2014. Vidare föreslås att uppdrag ges till kommunens styrelse och nämnder att "
        "tillvarata alla möjligheter till besparingar."]}]


def test_an_extract_whose_paragraph_sign_was_lost_is_still_a_meeting_item():
    # Paper 25: the extraction lost '§', the number and the dnr's digits; the label and the decision remain
    text = paper("25")
    assert recognise(text)
    draft = importera_text(text, "25.txt")
    data = yaml.safe_load(draft)
    assert data["organ"] == "Kommunstyrelsen" and "forsta_paragraf" not in data
    (punkt,) = data["punkter"]
    assert punkt["rubrik"] == "Införande av e-förslag samt avskaffande av medborgarförslag"
    assert punkt["beslut"][0].startswith("Kommunstyrelsen beslutar att kommunfullmäktiges presidium får i uppdrag")
    assert punkt["sammanfattning"].startswith("Kommunfullmäktige beslutade den 14 december 2016, 163, att ge")
    assert "#   - paragrafens nummer saknas i texten (utdraget har tappat §-tecknet) – skriv forsta_paragraf: NR\n" \
           in draft


def test_a_paragraph_cited_at_a_line_start_or_a_case_number_does_not_start_an_item():
    text = ("Protokollsutdrag\nKommunstyrelsen\nSammanträdesdatum 2026-02-03\n\n"
            "§ 5 Dnr KS 2026/0145\nSvar på motion om lekplatser\n\nBeslut\n\nKommunstyrelsen avslår motionen.\n\n"
            "Sammanfattning\n\nMotionen väcktes i kommunfullmäktige 2025-04-19,\n"
            "§ 43, och remitterades till nämnden.\nKS 2023/0145 är ett äldre ärende i samma fråga.\n")
    data = yaml.safe_load(importera_protokoll(text, "x.txt"))
    (punkt,) = data["punkter"]
    assert punkt["sammanfattning"] == ("Motionen väcktes i kommunfullmäktige 2025-04-19, § 43, och remitterades till "
                                       "nämnden.\n\nKS 2023/0145 är ett äldre ärende i samma fråga.\n")


def test_a_paragraphs_decision_process_reservations_note_and_documents_go_into_their_fields():
    text = ("Utdrag ur protokoll Sammanträdesdatum: 2024-03-12\n\nKommunstyrelsen\n\n"
            "§ 41 Dnr KS 2024/118\nVal av ombud till föreningsstämman\n\n"
            "Beslutsunderlag\n\nKallelse till föreningsstämma, 2024-02-20\nValberedningens förslag, 2024-03-01\n\n"
            "Beslut\n\nKommunstyrelsen utser Birgitta Sand till ombud.\n\n"
            "Beslutsgång\n\nOrdföranden ställer proposition på yrkandena och finner att kommunstyrelsen bifaller "
            "valberedningens förslag.\n\n"
            "Omröstning\n\nMed 7 röster mot 4 bifaller kommunstyrelsen valberedningens förslag.\n\n"
            "Reservation\n\nCecilia Wik (C) reserverar sig mot beslutet till förmån för eget yrkande. "
            "Reservationen bifogas protokollet.\n\n"
            "Protokollsanteckning\n\nAnders Lind (M) anmäler jäv och deltar inte i handläggningen.\n\n"
            "Dag för justering 2024-03-14\n\nVid protokollet Sekreterare Johan Ek\n")
    draft = importera_protokoll(text, "utdrag.txt")
    (punkt,) = yaml.safe_load(draft)["punkter"]
    assert punkt == {
        "rubrik": "Val av ombud till föreningsstämman", "dnr": "KS 2024/118",
        "beslut": ["Kommunstyrelsen utser Birgitta Sand till ombud."],
        "beslutsunderlag": ["Kallelse till föreningsstämma, 2024-02-20", "Valberedningens förslag, 2024-03-01"],
        "propositionsordning": "Ordföranden ställer proposition på yrkandena och finner att kommunstyrelsen bifaller "
                               "valberedningens förslag.",
        "reservationer": [{"av": "Cecilia Wik (C)", "text": "till förmån för eget yrkande"}],
        "protokollsanteckning": "Anders Lind (M) anmäler jäv och deltar inte i handläggningen."}
    # The vote names no members and the written reservation is no one's: both stay beside the item
    assert "  # Omröstning: Med 7 röster mot 4 bifaller kommunstyrelsen valberedningens förslag.\n" in draft
    assert "  # Reservation: Reservationen bifogas protokollet.\n" in draft

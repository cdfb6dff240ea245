"""House style is configuration: headings, order, header fields, page numbers, signatures, identity.

The real papers reproduced as examples (Kungsbacka, Botkyrka, Göteborg, Uppsala, Huddinge,
Upplands-Bro) are built
with the default templates and their organisation.yaml only, and read back word for word.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from expected_text import document_text, plain_text
from kanslist.organisation import Organisation
from kanslist.pipeline.build import build
from kanslist.pipeline.context import build_context
from kanslist.pipeline.load import parse_yaml
from kanslist.pipeline.markdown import MarkdownRenderer
from kanslist.pipeline.validate import validate_case
from kanslist.workspace import Workspace
from support import REPO, copy_workspace, organisation_problems

HOUSES = ["alingsas", "botkyrka", "goteborg", "huddinge", "kungsbacka", "mjolby", "region-rs", "sollentuna",
          "stockholm", "tjorn", "upplands-bro", "uppsala"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folders = {}
    for name in HOUSES:
        root = copy_workspace(REPO / "examples" / name, tmp_path_factory.mktemp(name), meetings=True)
        report = build(Workspace(root), jobs=1)
        assert report.ok, [(r.case, [str(p) for p in r.problems], r.message) for r in report.results]
        folders[name] = root / "build"
    return folders


@pytest.mark.parametrize("example", HOUSES)
def it_reproduces_each_real_paper_as_in_its_expected_text(built, example):
    expected = sorted((REPO / "tests" / "golden" / example).rglob("*.txt"))
    assert expected
    for path in expected:
        # A meeting's papers lie one folder deeper (sammantraden/<namn>/) than a case's.
        actual = document_text(built[example] / path.relative_to(REPO / "tests" / "golden" / example).with_suffix(".docx"))
        assert actual == path.read_text("utf-8"), f"{path} skiljer sig – kör 'make golden' och granska diffen"


@pytest.mark.parametrize("example", HOUSES)
def it_uses_the_default_templates_only(example):
    assert not (REPO / "examples" / example / "mallar").exists()


def header_lines(path: Path) -> list[str]:
    return [line for line in document_text(path).splitlines() if line.startswith("[Header]")]


def header_block(path: Path) -> list[str]:
    """The running header's lines, its tables included."""
    return document_text(path).split("--- sidhuvud 1\n", 1)[1].split("\n---", 1)[0].splitlines()


def it_writes_kungsbackas_header_headings_and_signatures(built):
    path = built["kungsbacka"] / "ks-2023-00434-svar-pa-motion-arbetsskor" / "tjansteskrivelse.docx"
    assert header_lines(path) == ["[Header] Kommunstyrelsens förvaltning\tTJÄNSTESKRIVELSE",
                                  "[Header] \tDatum 2023-11-23\t{PAGE} ({NUMPAGES})",
                                  "[Header] \tDiarienummer KS-2023-00434"]
    text = document_text(path)
    headings = [line[len("[Heading 2] "):] for line in text.splitlines() if line.startswith("[Heading 2]")]
    assert headings == ["Förslag till beslut i kommunfullmäktige", "Sammanfattning av ärendet", "Beslutsunderlag",
                        "Beslutet skickas till", "Beskrivning av ärendet", "Kommunstyrelsens förvaltning bedömning"]
    assert "[Normal] Kommunfullmäktige avslår motionen med hänvisning till att" in text
    assert text.endswith("[Tabell] | Malin Aronsson / Kommundirektör | Anders Johansson / Biträdande kommundirektör |\n")
    footer = docx.Document(str(path)).sections[0].footer
    assert [p.text for p in footer.paragraphs if p.text] == [
        "Johan Benjaminsson, Systemförvaltare, 0300-83 54 18",
        "Postadress: 434 81 Kungsbacka · Besöksadress: Stadshuset, Storgatan 37",
        "Telefon: 0300-83 40 00 · Webb: www.kungsbacka.se"]


@pytest.mark.parametrize("example, case, page", [
    ("kungsbacka", "ks-2023-00434-svar-pa-motion-arbetsskor", "{PAGE} ({NUMPAGES})"),
    ("goteborg", "slk-2025-00086-ej-besvarade-motioner", "{PAGE} ({NUMPAGES})"),
    ("uppsala", "scn-2015-0180-ivo-tillsyn-bostadssamordningen", "Sida {PAGE} ({NUMPAGES})"),
    ("upplands-bro", "sn-13-delarsbokslut-2-2013", "Sidan {PAGE} av {NUMPAGES}"),
])
def it_numbers_pages_in_the_organisations_style_with_real_fields(built, example, case, page):
    path = built[example] / case / "tjansteskrivelse.docx"
    assert any(line.endswith("\t" + page) for line in header_lines(path)[:2])  # beside a field or the name
    header = docx.Document(str(path)).sections[0].header._element
    assert [f.get(qn("w:instr")).strip() for f in header.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]


def it_writes_goteborgs_labelled_header_and_a_decision_in_the_passive(built):
    path = built["goteborg"] / "slk-2025-00086-ej-besvarade-motioner" / "tjansteskrivelse.docx"
    assert header_lines(path)[1:] == ["[Header] \tHandläggare Lina Isaksson\t{PAGE} ({NUMPAGES})",
                                      "[Header] \tUtfärdat 2025-02-05", "[Header] \tÄrendenummer SLK-2025-00086",
                                      "[Header] \tTelefon: 031-368 04 09",
                                      "[Header] \tlina.isaksson@stadshuset.goteborg.se"]
    text = plain_text(path)
    assert ("Förslag till beslut i kommunstyrelsen och kommunfullmäktige:\n"
            "Redovisning av motioner som väckts i fullmäktige och som ännu ej besvarats antecknas.\n") in text
    assert "Sammanfattning" not in text  # an empty section is not printed, heading included


def it_breaks_lines_and_lists_inside_a_table_cell(built):
    table_lines = [line for line in document_text(
        built["goteborg"] / "slk-2025-00086-ej-besvarade-motioner" / "tjansteskrivelse.docx").splitlines()
        if line.startswith("[Tabell] | 2 ")]
    assert table_lines[0].endswith("| Återremitterad från kommunstyrelsen till miljö- och klimatnämnden")
    rutin = document_text(built["botkyrka"] / "rutin-synpunkter-och-klagomal" / "styrdokument.docx")
    assert ("[Tabell] | Enhetschef | rutinen är känd och följs av omsorgspersonal i tjänst / registrera inkomna "
            "synpunkter och klagomål i Public 360 /") in rutin


def it_renders_a_cell_list_as_bullets_and_a_break_as_a_line_break():
    document = docx.Document()
    xml = MarkdownRenderer(document).blocks("| A | B |\n|---|---|\n| x<br>y | - ett<br>- två |\n").xml
    assert xml.count("<w:br/>") == 1
    assert len(re.findall(r'w:pStyle w:val="List ?Bullet"', xml)) == 2


def it_writes_botkyrkas_rutin_with_its_own_labels_and_no_decision(built):
    text = document_text(built["botkyrka"] / "rutin-synpunkter-och-klagomal" / "styrdokument.docx")
    assert "[Header] \t2024-10-25\t{PAGE}/{NUMPAGES}" in text
    assert ("[Tabell] | Dokumentet är beslutat av: | Verksamhetschef Hemtjänst |\n"
            "[Tabell] | Dokumentet beslutades den: | 2023-11-22 |\n"
            "[Tabell] | Dokumentet gäller: | Tills vidare |\n"
            "[Tabell] | Dokument uppdaterat de: | 2024-10-25 |\n"
            "[Tabell] | Dokumentansvarig är: | Verksamhetsutvecklare vård- och omsorgsförvaltningen |\n") in text
    assert "Dokumenttyp" not in text and "Diarienummer" not in text  # an empty label drops the row


def it_signs_uppsalas_paper_for_the_office_and_keeps_ivos_number_as_text(built):
    text = plain_text(built["uppsala"] / "scn-2015-0180-ivo-tillsyn-bostadssamordningen" / "tjansteskrivelse.docx")
    assert "Socialnämnden föreslås besluta\natt avge yttrande till IVO enligt upprättat förslag.\n" in text
    assert text.endswith("Socialförvaltningen\n")


def it_writes_upplands_bros_header_decision_and_copy_list_as_the_real_paper(built):
    path = built["upplands-bro"] / "sn-13-delarsbokslut-2-2013" / "tjansteskrivelse.docx"
    # The labels over the values (stil.sidhuvud_form: kolumner), the page number on the name's line.
    assert header_block(path) == ["[Header] Socialkontoret\tTJÄNSTESKRIVELSE\tSidan {PAGE} av {NUMPAGES}",
                                  "[Tabell] | Handläggare, telefon | Datum | Vår beteckning |",
                                  "[Tabell] | Martin Taavola, 08-581 690 00 | 2013-09-19 | SN 13/146 |", "[Header]"]
    header = docx.Document(str(path)).sections[0].header._element
    assert [int(c.get(qn("w:w"))) for c in header.iter(qn("w:gridCol"))] == [3024, 3024, 3024]  # 16 cm in three
    text = plain_text(path)
    assert "\nSOCIALKONTORET\n" in text  # stil.underskrift_organ: versaler
    assert ("Förslag till beslut\nSocialnämnden beslutar godkänna delårsbokslut 2 med helårsprognos 2013 per den "
            "31 augusti 2013 och översända densamma till kommunstyrelsen.\nSammanfattning\n") in text
    assert text.endswith("Bilagor:\nDelårsbokslut 2 med helårsprognos 2013\nKopia av beslut till:\nKommunstyrelsen\n")


def it_writes_alingsas_header_with_the_copy_list_and_its_headings_as_the_real_paper(built):
    path = built["alingsas"] / "kfn-2014-kor-och-far" / "tjansteskrivelse.docx"
    # One labelled field a row, the nämnd without a label, and who gets the decision (stil.sidhuvud: skickas_till).
    assert header_block(path) == ["[Header] Kultur- och fritidsförvaltningen\tTJÄNSTESKRIVELSE",
                                  "[Header] \tDatum: 2014-09-01\t{PAGE} ({NUMPAGES})",
                                  "[Header] \tKultur- och fritidsnämnden",
                                  "[Header] \tHandläggare: Bengt-Göran Kullner",
                                  "[Header] \tDirektnr: 0322-61 60 00",
                                  "[Header] \tBeteckning: KFN 2014.123",
                                  "[Header] \tExpediering TN"]
    text = document_text(path)
    headings = [line[len("[Heading 2] "):] for line in text.splitlines() if line.startswith("[Heading 2]")]
    assert headings == ["Ärendebeskrivning", "Förvaltningens yttrande", "Förslag till beslut"]
    assert ("[Normal] Kultur- och fritidsnämnden föreslås besluta\n[Normal] att ställa sig positiv till ett utökat "
            "samarbete med tekniska förvaltningen kring skötseln av kor och får.\n") in text
    assert "Expediering" not in text.split("--- brödtext", 1)[1]  # the copy list stands in the header only


def it_writes_tjorns_metadata_table_in_its_own_order_as_the_real_paper(built):
    text = document_text(built["tjorn"] / "riktlinje-for-styrdokument" / "styrdokument.docx")
    assert "[Header] \t2018-03-08\tSida {PAGE} ({NUMPAGES})" in text
    assert ("[Tabell*] | Uppgift | Värde |\n"
            "[Tabell] | Dokumenttyp och beslutsinstans | Riktlinje Kommunstyrelsen |\n"
            "[Tabell] | Dokumentansvarig | Utvecklingschef Enheten för utredning och utveckling |\n"
            "[Tabell] | Dokumentnamn | Riktlinje för styrdokument i Tjörns kommun |\n"
            "[Tabell] | Dokumentet gäller för | Hela Tjörns kommun |\n"
            "[Tabell] | Fastställd/Upprättad | Kommunstyrelsen 2018-03-08 § 48 |\n"
            "[Tabell] | Giltig till och med | Tillsvidare |\n"
            "[Heading 2] 1 Inledning\n") in text
    assert "[Heading 3] 1.1 Omfattning" in text and "[Heading 3] 1.2 Undantag och övriga dokument" in text


STYRDOKUMENT = """\
typ: styrdokument
dokumenttyp: riktlinje
rubrik: Riktlinje för styrdokument
datum: 2026-03-02
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
beslutad_av: kommunstyrelsen
beslutsdatum: 2026-03-02
beslutsparagraf: § 48
dokumentansvarig: kommunledningskontoret
forslag_till_beslut: {att: [anta riktlinjen]}
arendet: Texten.
"""


def it_leaves_the_document_name_and_combined_rows_out_of_the_metadata_table_by_default(workspace):
    rows = context_for(workspace, STYRDOKUMENT)["styrdokument"]["metadata"]
    assert [(r["etikett"], r["varde"]) for r in rows] == [
        ("Dokumenttyp", "Riktlinje"), ("Beslutad av", "Kommunstyrelsen"), ("Beslutsdatum", "2026-03-02, § 48"),
        ("Giltig till", "Tills vidare"), ("Dokumentansvarig", "Kommunledningskontoret"), ("Diarienummer", "–")]


def it_orders_the_metadata_table_as_the_organisation_names_its_labels(workspace):
    with_style(workspace, dokumentfalt={"faststalld": "Fastställd", "dokumentnamn": "Dokumentnamn",
                                        "typ_och_beslutad_av": "Typ och beslutsinstans", "beslutad_av": "",
                                        "dnr": ""})
    rows = context_for(workspace, STYRDOKUMENT)["styrdokument"]["metadata"]
    assert [(r["etikett"], r["varde"]) for r in rows] == [
        ("Fastställd", "Kommunstyrelsen 2026-03-02 § 48"), ("Dokumentnamn", "Riktlinje för styrdokument"),
        ("Typ och beslutsinstans", "Riktlinje Kommunstyrelsen"), ("Dokumenttyp", "Riktlinje"),
        ("Beslutsdatum", "2026-03-02, § 48"), ("Giltig till", "Tills vidare"),
        ("Dokumentansvarig", "Kommunledningskontoret")]


def _styrdokument_text(workspace, extra: str = "") -> str:
    from kanslist import api

    (data,) = api.render_text(workspace, STYRDOKUMENT + extra, "arenden/a.yaml", only=["styrdokument.docx"]).values()
    path = workspace.root / "build" / "prov-styrdokument.docx"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return document_text(path)


def it_writes_the_subtitle_under_a_governing_documents_title(workspace):
    text = _styrdokument_text(workspace, "underrubrik: Antagen av kommunfullmäktige 2019-12-16 § 115\n")
    assert ("[Heading 1] Riktlinje för styrdokument\n[Subtitle] Antagen av kommunfullmäktige 2019-12-16 § 115\n"
            "[Tabell*] | Uppgift | Värde |\n") in text
    assert "[Heading 1] Riktlinje för styrdokument\n[Tabell*] | Uppgift | Värde |\n" in _styrdokument_text(workspace)


def it_prints_no_fact_box_when_every_row_is_left_out(workspace):
    with_style(workspace, dokumentfalt={k: "" for k in ("dokumenttyp", "beslutad_av", "beslutsdatum", "giltig_till",
                                                            "dokumentansvarig", "dnr")})
    text = _styrdokument_text(workspace)
    assert "[Heading 1] Riktlinje för styrdokument\n[Normal] Texten.\n" in text and "Uppgift" not in text


def it_says_until_further_notice_in_the_organisations_words(workspace):
    with_style(workspace, tills_vidare="Tillsvidare")
    context = context_for(workspace, STYRDOKUMENT)
    assert ("Giltig till", "Tillsvidare") in [(r["etikett"], r["varde"]) for r in context["styrdokument"]["metadata"]]
    assert context["styrdokument"]["giltig_till"] == "Tillsvidare"
    context = context_for(workspace, STYRDOKUMENT + "giltig_till: 2028-12-31\n")  # a date is a date
    assert context["styrdokument"]["giltig_till"] == "2028-12-31"


@pytest.mark.parametrize("stil, expected", [
    ({"sidhuvud": ["dnr", "skickas_till"]}, [["Dnr KS 2026/017", "Expediering Kommunfullmäktige"]]),
    ({"sidhuvud": ["dnr", "skickas_till"], "etiketter": {"skickas_till": "Beslutet expedieras till"}},
     [["Dnr KS 2026/017", "Beslutet expedieras till Kommunfullmäktige"]]),
    ({}, [["2026-03-02", "Dnr KS 2026/017"]]),  # the default header has no copy list
])
def it_writes_who_gets_the_decision_in_the_header_when_the_style_asks(workspace, stil, expected):
    with_style(workspace, **stil)
    rows = context_for(workspace, CASE + "dnr: KS 2026/017\nskickas_till: [kommunfullmaktige]\n")["sidhuvud_rader"]
    assert [[f["text"] for f in row] for row in rows] == expected


def it_lets_a_rutin_decided_by_an_official_do_without_a_proposed_decision():
    from kanslist.kinds import KINDS

    kind = KINDS["styrdokument"]
    workspace = Workspace(REPO / "examples" / "botkyrka")
    loaded = parse_yaml((REPO / "examples" / "botkyrka" / "arenden" / "rutin-synpunkter-och-klagomal.yaml")
                        .read_text("utf-8"), "arenden/r.yaml")
    arende = validate_case(loaded, workspace)
    assert [d.name for d in kind.documents_for(arende)] == ["styrdokument"]
    assert kind.required_sections_for(arende) == (("arendet",),)


def context_for(workspace, text: str) -> dict:
    return build_context(validate_case(parse_yaml(text, "arenden/a.yaml"), workspace), workspace)


CASE = """\
typ: tjansteskrivelse
rubrik: Riktlinje för styrdokument
datum: 2026-03-02
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
ansvarig: annika-hedvall
"""


def with_style(workspace, **stil):
    org = workspace.organisation.model_copy(update={"stil": Organisation(namn="x", stil=stil).stil})
    object.__setattr__(workspace, "organisation", org)
    return workspace


def it_never_lists_an_empty_section(workspace):
    context = context_for(workspace, CASE + "arendet: Texten.\n")
    printed = [s["namn"] for s in context["avsnitt_i_ordning"] if not s["tom"]]
    assert printed == ["arendet", "handlaggare"]


def it_takes_headings_and_order_from_the_organisation(workspace):
    with_style(workspace, rubriker={"arendet": "Beskrivning av ärendet", "eget_beslut": "{beslutsinstans_genitiv} beslut",
                                    "forslag_till_beslut": "Förslag till beslut i {beslutsinstans}"},
               ordning=["arendet", "forslag_till_beslut"])
    context = context_for(workspace, CASE + "arendet: Texten.\nforslag_till_beslut: {att: anta riktlinjen, "
                                            "beslutsinstans: kommunfullmaktige}\n")
    assert [(s["namn"], s["rubrik"]) for s in context["avsnitt_i_ordning"]] == [
        ("arendet", "Beskrivning av ärendet"), ("forslag_till_beslut", "Förslag till beslut i kommunfullmäktige")]
    own = context_for(workspace, CASE.replace("fran: kommunledningskontoret", "fran: kommunstyrelsen")
                      + "forslag_till_beslut: {att: anta riktlinjen}\n")
    assert own["avsnitt_i_ordning"][1]["rubrik"] == "Kommunstyrelsens beslut"
    assert (own["beslut"]["intro"], own["beslut"]["punkter"]) == ("", ["Kommunstyrelsen antar riktlinjen."])  # mening


def it_puts_chiefs_then_handlaggare_under_the_signatures(workspace):
    with_style(workspace, underskrifter=["ansvarig", "handlaggare"])
    context = context_for(workspace, CASE)
    assert [u["namn"] for u in context["underskrifter"]] == ["Annika Hedvall", "Anna Yström"]
    assert context["avsnitt_i_ordning"][-1]["namn"] == "underskrifter"


@pytest.mark.parametrize("style, parts", [
    ("{sida} ({sidor})", ("", " (", ")", True)), ("Sida {sida} av {sidor}", ("Sida ", " av ", "", True)),
    ("{sida}({sidor})", ("", "(", ")", True)), ("{sida}/{sidor}", ("", "/", "", True)),
    ("Sida {sida}", ("Sida ", "", "", False)),
])
def it_splits_the_page_number_style_around_the_fields(workspace, style, parts):
    with_style(workspace, sidnummer=style)
    page = context_for(workspace, CASE)["sidnummer"]
    assert (page["fore"], page["mellan"], page["efter"], page["sidor"]) == parts


@pytest.mark.parametrize("yaml, message", [
    ("stil: {sidnummer: 'Sida'}", "data/organisation.yaml:2: stil.sidnummer: sidnumreringen 'Sida' saknar {sida} – "
                                  "skriv t.ex. '{sida} ({sidor})'"),
    ("stil: {rubriker: {arendet: 'Ärendet i {nämnd}'}}",
     "data/organisation.yaml:2: stil.rubriker: rubriken arendet har okänd del {nämnd} – använd {beslutsinstans}, "
     "{beslutsinstans_genitiv}, {fran}, {fran_genitiv}, {till}, {till_genitiv}"),
    ("stil: {ordning: [arendet, bilagor]}", "data/organisation.yaml:2: stil.ordning[1]: 'bilagor' är inget tillåtet värde"),
    ("beslutsmening: '{beslutsinstans} beslutar'", "data/organisation.yaml:2: beslutsmening: meningen "
                                                    "'{beslutsinstans} beslutar' saknar {punkter} – skriv t.ex. "
                                                    "'{beslutsinstans} beslutar {punkter}.'"),
    ("beslutsmening: '{organ} beslutar {punkter}'", "data/organisation.yaml:2: beslutsmening: meningen "
                                                    "'{organ} beslutar {punkter}' har okända delar – använd bara "
                                                    "{beslutsinstans} och {punkter}"),
    ("sammantraden: {sidnummer: 'Sidan'}", "data/organisation.yaml:2: sammantraden.sidnummer: sidnumreringen 'Sidan' "
                                           "saknar {sida} – skriv t.ex. '{sida} ({sidor})'"),
    ("sammantraden: {rubriker: {debatt: Överläggning}}", "data/organisation.yaml:2: sammantraden.rubriker: rubriken "
                                                        "'debatt' finns inte i protokollet – använd beslut, forslag_till,"),
    ("sammantraden: {inledning: 'Tjänsteutlåtande {dnr}'}", "data/organisation.yaml:2: sammantraden.inledning: "
                                                           "inledningen har okänd del {dnr} – använd {datum} eller {fran}"),
    ("sammantraden: {ordning: [beslut, debatt]}", "data/organisation.yaml:2: sammantraden.ordning[1]: 'debatt' är "
                                                 "inget tillåtet värde"),
    ("sammantraden: {rubriker: {beslut: '{organ} beslutar'}}", "data/organisation.yaml:2: sammantraden.rubriker: "
                                                              "rubriken beslut har okänd del {organ} – använd "
                                                              "{beslutsinstans} eller {organ_genitiv}"),
    ("diarienummer_aldre: '{ar}{serie}'", "data/organisation.yaml:2: diarienummer_aldre: diarienummermönstret "
                                          "\"{ar}{serie}\" saknar {lopnr} – löpnumret måste ingå"),
])
def it_reports_a_wrong_house_style_in_swedish(tmp_path, yaml, message):
    assert problems_of(tmp_path, yaml)[0].startswith(message)


problems_of = organisation_problems


def it_describes_the_house_style_in_swedish_for_kanslist_schema():
    from click.testing import CliRunner

    from kanslist.cli import main

    result = CliRunner().invoke(main, ["schema", "--organisation"])
    assert result.exit_code == 0
    assert '"description": "Sidnumreringen med {sida} och {sidor}' in result.output
    assert '"description": "Brevhuvud och sidfot"' in result.output


def render_tjansteskrivelse(workspace, tmp_path: Path, text: str) -> Path:
    from kanslist.pipeline.build import render_case

    loaded = parse_yaml(text, "arenden/a.yaml")
    path = tmp_path / "tjansteskrivelse.docx"
    path.write_bytes(render_case(workspace, loaded, validate_case(loaded, workspace))["tjansteskrivelse.docx"])
    return path


@pytest.mark.parametrize("till_rad, first_lines", [
    (None, ["[Normal] Till\tKommunstyrelsen", "[Heading 1] Riktlinje för styrdokument"]),  # the default
    ("{till}", ["[Normal] Kommunstyrelsen", "[Heading 1] Riktlinje för styrdokument"]),  # Uppsala, socialnämnden
    ("", ["[Heading 1] Riktlinje för styrdokument"]),  # Kungsbacka: no line at all
    ("Till: {till}", ["[Normal] Till: Kommunstyrelsen", "[Heading 1] Riktlinje för styrdokument"]),
])
def it_writes_the_till_line_as_the_organisation_says(workspace, tmp_path, till_rad, first_lines):
    if till_rad is not None:
        with_style(workspace, till_rad=till_rad)
    text = document_text(render_tjansteskrivelse(workspace, tmp_path, CASE)).split("--- brödtext\n", 1)[1]
    assert text.splitlines()[:len(first_lines)] == first_lines


def it_refuses_a_till_line_with_an_unknown_part(tmp_path):
    assert problems_of(tmp_path, "stil: {till_rad: 'Till {organ}'}") == [
        "data/organisation.yaml:2: stil.till_rad: raden 'Till {organ}' har okända delar – använd bara {till}, "
        "t.ex. 'Till {till}'"]


def it_starts_kungsbackas_paper_with_its_heading_as_the_real_one_does(built):
    text = document_text(built["kungsbacka"] / "ks-2023-00434-svar-pa-motion-arbetsskor" / "tjansteskrivelse.docx")
    assert text.split("--- brödtext\n", 1)[1].startswith(
        "[Heading 1] Svar på motion från Maj-Britt Rane Andersson (S) m.fl. om att utreda möjligheten att införa fria")


def mallar_tool():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("mallar", REPO / "tools" / "mallar.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["mallar"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", ["src/kanslist/resources", "examples/socialnamnden", "examples/region"])
def it_keeps_the_case_templates_as_tools_mallar_makes_them_today(folder):
    mallar = mallar_tool()
    for name, doc in mallar.templates(mallar.HOUSES[mallar.WORKSPACES[folder]]).items():
        path = REPO / folder / "mallar" / f"{name}.docx"
        assert path.read_bytes() == mallar.template_bytes(name, doc), \
            f"{path.relative_to(REPO)} är inte den som tools/mallar.py gör: ta bort den och kör 'make mallar'"


@pytest.mark.parametrize("folder, font", [("examples/socialnamnden", "Times New Roman"), ("examples/region", "Calibri")])
def it_gives_the_restyled_examples_their_own_typeface(folder, font):
    document = docx.Document(str(REPO / folder / "mallar" / "tjansteskrivelse.docx"))
    assert document.styles["Normal"].font.name == font
    assert document.sections[0].different_first_page_header_footer  # the logo's first page, as the defaults


def it_writes_sollentunas_protocol_extract_as_its_own_paper(built):
    """Paper 16: KS 2019-04-08 § 52/2019, "Sidan 1 av 2", its headings and the decision word for word."""
    path = built["sollentuna"] / "sammantraden" / "ks-2019-04-08" / "utdrag-52.docx"
    document = docx.Document(str(path))
    assert plain_text(path).startswith(
        "§ 52/2019 Svar på motion väckt av Mette Hildingsson (S) och Roger Sjöberg (S) om utvecklingsgrupp för "
        "förskolan\nDnr 2018/0219 KS-5 Diariekod: 609\nI ärendet föreligger tjänsteutlåtande 2018-11-05 från "
        "kommunledningskontoret.\nSammanfattning\nMette Hildingsson (S) och Roger Sjöberg (S) har i kommunfullmäktige 2018-04-19, § 43, väckt "
        "en motion om utvecklingsgrupp för förskolan.\nMotionen har varit på remiss till barn- och "
        "utbildningsnämnden.\nArbetsutskottets förslag\nKommunstyrelsens arbetsutskott föreslår kommunstyrelsen "
        "föreslå kommunfullmäktige besluta följande:\nMotion väckt av Mette Hildingsson (S) och Roger Sjöberg (S) om "
        "utvecklingsgrupp för förskolan avslås.\n"
        "Överläggning i kommunstyrelsen\nJoakim Jonsson (S) med instämmande av Dira Lindström "
        "(V) yrkar bifall till motionen.\nBo Ehlin (SD) yrkar bifall till arbetsutskottets förslag.\nProposition\n"
        "Ordförande Henrik Thunes (M) ställer förslagen mot varandra och finner att kommunstyrelsen bifaller "
        "kommunstyrelsens arbetsutskotts förslag.\nKommunstyrelsens förslag\n"
        "Kommunstyrelsen föreslår kommunfullmäktige besluta följande:\n"
        "Motion väckt av Mette Hildingsson (S) och Roger Sjöberg (S) om utvecklingsgrupp för förskolan avslås.\n"
        "Beslutsexpediering:\nAkt\n")
    assert header_lines(path)[0] == "[Header] SOLLENTUNA KOMMUN\tPROTOKOLLSUTDRAG\tSidan {PAGE} av {NUMPAGES}"
    footer = document.sections[0].first_page_footer
    assert [c.text.strip() for c in footer.tables[0].rows[0].cells] == ["Sign. Ordf.", "Justerare", "Exp. datum",
                                                                        "Sign."]


def it_writes_huddinges_header_decision_label_and_footer(built):
    path = built["huddinge"] / "ks-2014-742-manuella-utbetalningar" / "tjansteskrivelse.docx"
    # Date, number and page side by side on one line (a row of columns with sida), the handläggare under.
    assert header_block(path) == ["[Header] Kommunstyrelsens förvaltning\tTJÄNSTEUTLÅTANDE",
                                  "[Tabell] | 1 september 2014 | KS-2014/742.912 | {PAGE} ({NUMPAGES}) |",
                                  "[Tabell] | HANDLÄGGARE |  |",
                                  "[Tabell] | Åsa Brunkvist, Pia Nordeman | 08-535 303 11, 08-535 313 61 |",
                                  "[Header]"]
    body = document_text(path).split("--- brödtext\n", 1)[1].splitlines()
    assert body[:5] == ["[Normal] Kommunstyrelsen",
                        "[Heading 1] Granskning av manuella utbetalningar svar på revisionsskrivelse",
                        "[Heading 2] Förslag till beslut", "[Heading 3] Kommunstyrelsens beslut",
                        "[Normal] Som svar på revisionsskrivelsen från Huddinge kommuns revisorer, daterad "
                        "2014-04-22, åberopas innehållet i kommunstyrelsens förvaltnings tjänsteutlåtande "
                        "KS 2014/742.912, daterat den 1 september 2014."]
    footer = docx.Document(str(path)).sections[0].footer
    assert [p.text for p in footer.paragraphs if p.text] == [
        "POSTADRESS Huddinge kommun, Kommunstyrelsens förvaltning, 141 85 Huddinge"]


def proposal_section(context: dict) -> dict:
    return next(s for s in context["avsnitt_i_ordning"] if s["namn"] == "forslag_till_beslut")


def it_prints_no_decision_label_unless_the_organisation_names_one(workspace):
    forslag = CASE + "forslag_till_beslut: {att: anta riktlinjen}\n"
    assert proposal_section(context_for(workspace, forslag))["underrubrik"] == ""
    with_style(workspace, rubriker={"beslut_underrubrik": "{beslutsinstans_genitiv} beslut"})
    assert proposal_section(context_for(workspace, forslag))["underrubrik"] == "Kommunstyrelsens beslut"


def it_gives_every_handlaggares_contact_in_the_header(workspace):
    two = CASE.replace("handlaggare: [anna-ystrom]", "handlaggare: [anna-ystrom, {namn: Per Ek, titel: Jurist}]")
    with_style(workspace, sidhuvud=["handlaggare_kontakt", "telefon"],
               etiketter={"handlaggare_kontakt": "Handläggare, titel, telefon", "telefon": ""})
    context = context_for(workspace, two)
    anna = workspace.personer["anna-ystrom"]
    assert [f["text"] for f in context["sidhuvud"]] == [
        f"Handläggare, titel, telefon Anna Yström, {anna.titel}, {anna.telefon} · Per Ek, Jurist", anna.telefon]


def it_takes_the_footers_labels_from_the_organisation(workspace):
    org = workspace.organisation
    style = Organisation(namn="x", stil={"sidfot_etiketter": {"postadress": "POSTADRESS", "telefon": ""}}).stil
    identity = org.identitet.model_copy(update={"postadress": "Box 1, 111 11 Prov", "telefon": "0123-45 67 89",
                                                "webb": "www.prov.se", "besoksadress": None, "epost": None,
                                                "organisationsnummer": None, "bankgiro": None})
    object.__setattr__(workspace, "organisation", org.model_copy(update={"stil": style, "identitet": identity}))
    assert context_for(workspace, CASE)["identitet"]["rader"] == [
        "POSTADRESS Box 1, 111 11 Prov", "0123-45 67 89 · Webb: www.prov.se"]


@pytest.mark.parametrize("stil, lines", [
    ({}, ["[Header] Kommunledningskontoret\tTJÄNSTESKRIVELSE", "[Header] \t2026-03-02\tSida {PAGE} av {NUMPAGES}"]),
    ({"sidnummer_plats": "dokumentnamn"},
     ["[Header] Kommunledningskontoret\tTJÄNSTESKRIVELSE\tSida {PAGE} av {NUMPAGES}", "[Header] \t2026-03-02"]),
    # No field has a label: the columns form leaves the row of labels out; two fields, two columns.
    ({"sidhuvud_form": "kolumner", "etiketter": {"dnr": ""}, "sidnummer": "{sida} ({sidor})"},
     ["[Header] Kommunledningskontoret\tTJÄNSTESKRIVELSE\t{PAGE} ({NUMPAGES})", "[Tabell] | 2026-03-02 | KS 2026/017 |"]),
    ({"sidhuvud_form": "kolumner", "sidhuvud": ["handlaggare", "datum", "dnr", "telefon"],
      "etiketter": {"datum": "Datum"}},
     ["[Header] Kommunledningskontoret\tTJÄNSTESKRIVELSE\tSida {PAGE} av {NUMPAGES}",
      "[Tabell] | Handläggare | Datum | Dnr | Telefon |", "[Tabell] | Anna Yström | 2026-03-02 | KS 2026/017 | 0370-678 000 |"]),
])
def it_lays_out_the_header_fields_in_rows_or_columns(workspace, tmp_path, stil, lines):
    if stil:
        with_style(workspace, **stil)
    path = render_tjansteskrivelse(workspace, tmp_path, CASE + "dnr: KS 2026/017\n")
    assert header_block(path)[:len(lines)] == lines
    header = docx.Document(str(path)).sections[0].header._element
    grid = [int(c.get(qn("w:w"))) for c in header.iter(qn("w:gridCol"))]
    columns = len(stil.get("sidhuvud", ["datum", "dnr"])) if stil.get("sidhuvud_form") else 0
    assert len(grid) == columns and (not grid or abs(sum(grid) - 9072) <= columns)  # the whole 16 cm width


def it_reads_rows_of_header_columns_and_places_the_page_number_once(workspace):
    with_style(workspace, sidhuvud_form="kolumner", sidhuvud=["handlaggare", ["datum", "dnr", "sida"], "telefon"],
               etiketter={"sida": "SIDA"})
    context = context_for(workspace, CASE + "dnr: KS 2026/017\n")
    assert [[(f["namn"], f["etikett"], f["varde"]) for f in row] for row in context["sidhuvud_rader"]] == [
        [("handlaggare", "Handläggare", "Anna Yström")],
        [("datum", "", "2026-03-02"), ("dnr", "Dnr", "KS 2026/017"), ("sida", "SIDA", "")],
        [("telefon", "Telefon", "0370-678 000")]]
    assert context["sidnummer_overst"] is False  # the page number is a column: not on the name's line too


@pytest.mark.parametrize("value, printed", [(True, "Kommunledningskontoret"), ("versaler", "KOMMUNLEDNINGSKONTORET"),
                                            (False, "")])
def it_writes_the_office_over_the_signatures_as_the_organisation_says(workspace, value, printed):
    with_style(workspace, underskrift_organ=value)
    assert context_for(workspace, CASE)["underskrift_organ"] == printed


@pytest.mark.parametrize("yaml, message", [
    ("stil: {underskrift_organ: Versal}", "data/organisation.yaml:2: stil.underskrift_organ: 'Versal' är inget "
                                          "tillåtet värde – skriv true, false eller versaler"),
    ("stil: {sidhuvud_form: tabell}", "data/organisation.yaml:2: stil.sidhuvud_form: 'tabell' är inget tillåtet "
                                      "värde – välj ett av: rader, kolumner"),
    ("stil: {sidhuvud: [[datum, dnr]]}", "data/organisation.yaml:2: stil: sidhuvud har rader med flera fält (en "
                                         "lista i listan), vilket bara går med sidhuvud_form: kolumner – skriv fälten "
                                         "som en enkel lista eller välj kolumner"),
    ("stil: {sidhuvud: [datum, sida]}", "data/organisation.yaml:2: stil: fältet sida (sidnumret som kolumn) går bara "
                                        "med sidhuvud_form: kolumner – ta bort det eller välj kolumner; med rader "
                                        "styr sidnummer_plats var sidnumret står"),
    ("stil: {sidhuvud: [datum, expediering]}", "data/organisation.yaml:2: stil.sidhuvud[1]: 'expediering' är inget "
                                               "tillåtet värde – välj ett av: datum, dnr, diariekod, er_beteckning, "
                                               "handlingsnummer, version, handlaggare, handlaggare_kontakt, "
                                               "ansvarig, telefon, epost, fran, till, skickas_till, sida"),
    ("stil: {dokumentfalt: {dokumenttitel: Namn}}", "data/organisation.yaml:2: stil.dokumentfalt.dokumenttitel.[key]: "
                                                   "'dokumenttitel' är inget tillåtet värde – menade du dokumenttyp? "
                                                   "Tillåtna värden: dokumenttyp, beslutad_av, beslutsdatum, galler_for, "
                                                   "giltig_till, senast_reviderad, revideras, version, dokumentansvarig, "
                                                   "dnr, dokumentnamn, typ_och_beslutad_av, faststalld"),
    ("stil: {sidnummer_plats: sidfot}", "data/organisation.yaml:2: stil.sidnummer_plats: 'sidfot' är inget tillåtet "
                                        "värde – välj ett av: forsta_faltet, dokumentnamn"),
])
def it_refuses_a_header_layout_it_does_not_know(tmp_path, yaml, message):
    assert problems_of(tmp_path, yaml) == [message]


def it_writes_a_stockholm_style_utlatande_with_number_ingress_and_subtitle(workspace, tmp_path):
    # An utlåtande numbered in its own series, no office and no page number in the header, a line under
    # the title and a lead-in before the sections (Stockholms stad's utlåtanden to the council).
    org = workspace.organisation.model_copy(update={"dokumentnamn": "Utlåtande {handlingsnummer} (Dnr {dnr})",
                                                    "stil": Organisation(
        namn="x", stil={"sidnummer": "", "sidhuvud_avsandare": False, "sidhuvud": [], "till_rad": "",
                        "ordning": ["ingress", "forslag_till_beslut", "arendet"],
                        "rubriker": {"forslag_till_beslut": "{fran} föreslår att {beslutsinstans} beslutar följande."}}
    ).stil})
    object.__setattr__(workspace, "organisation", org)
    text = (CASE + "dnr: KS 2026/017\nhandlingsnummer: 2017:19 RI\nunderrubrik: Motion (2016:5) av Joakim Larsson (M)\n"
            "ingress: Föredragande borgarrådet Karin Wanngård anför följande.\n"
            "forslag_till_beslut: {att: [avslå motionen]}\narendet: Motionen föreslår en renovering.\n")
    lines = document_text(render_tjansteskrivelse(workspace, tmp_path, text)).splitlines()
    assert lines[:3] == ["--- sidhuvud 1", "[Header] Utlåtande 2017:19 RI (Dnr KS 2026/017)", "--- brödtext"]  # at the margin
    body = lines[lines.index("--- brödtext") + 1:]
    assert body[:5] == ["[Heading 1] Riktlinje för styrdokument", "[Subtitle] Motion (2016:5) av Joakim Larsson (M)",
                        "[Normal] Föredragande borgarrådet Karin Wanngård anför följande.",
                        "[Heading 2] Kommunledningskontoret föreslår att kommunstyrelsen beslutar följande.",
                        "[Normal] Kommunstyrelsen avslår motionen."]  # the workspace's beslutsform: mening
    assert "PAGE" not in "\n".join(lines)


def it_writes_no_page_number_when_the_style_is_empty(workspace):
    with_style(workspace, sidnummer="", sidnummer_plats="dokumentnamn")
    context = context_for(workspace, CASE)
    assert (context["sidnummer"]["stil"], context["sidnummer_overst"]) == ("", False)


def it_refuses_a_document_name_with_an_unknown_part(tmp_path):
    assert problems_of(tmp_path, "dokumentnamn: 'Utlåtande {nummer}'") == [
        "data/organisation.yaml:2: dokumentnamn: 'Utlåtande {nummer}' har okända delar – använd bara "
        "{handlingsnummer} och {dnr}, t.ex. 'Utlåtande {handlingsnummer} (Dnr {dnr})'"]


def it_writes_the_regions_header_grid_and_numbered_lone_decision(built):
    # Paper 22: the name, organ, date and page on one line, two rows of labels over values, Dnr under the title.
    path = built["region-rs"] / "4468-2017-aterrapportering-uppdrag" / "tjansteskrivelse.docx"
    assert header_block(path) == [
        "[Header] ÄRENDE TILL SAMMANTRÄDESDATUM",
        "[Tabell] | Regionstyrelsen | 2017-12-19 | Sida {PAGE} ({NUMPAGES}) |",
        "[Tabell] | ANSVARIG AVDELNING | DOKUMENT-ID | VERSION |",
        "[Tabell] | Regiondirektörens stab | ARBGRP583-382524020-293 | 0.1 |",
        "[Tabell] | ANSVARIG CHEF | HANDLÄGGARE |", "[Tabell] | Anneli Granberg | Henrik Berg |", "[Header]"]
    assert plain_text(path).startswith(
        "Återrapportering av regionstyrelsens uppdrag till regiondirektören 2017-12-19\nDnr 4468-2017\n"
        "Förslag till beslut\n1. Regionstyrelsen beslutar att lägga informationen till handlingarna.\nSammanfattning\n")


@pytest.mark.parametrize("numrera, first", [(False, "Motionen avslås."), (True, "1. Motionen avslås.")])
def it_numbers_a_lone_sentence_only_where_the_organisation_does(workspace, numrera, first):
    org = workspace.organisation.model_copy(update={"beslutsform": "numrerad", "numrera_ensam_mening": numrera})
    object.__setattr__(workspace, "organisation", org)
    context = context_for(workspace, CASE + "forslag_till_beslut: {beslut: Motionen avslås.}\n")
    assert context["beslut"]["punkter"] == [first]


def it_writes_the_dnr_line_and_the_version_and_chief_fields(workspace):
    with_style(workspace, dnr_rad="Diarienummer: {dnr}", sidhuvud=["version", "ansvarig"])
    context = context_for(workspace, CASE + "dnr: KS 2026/017\nversion: '2.1'\n")
    assert context["dnr_rad"] == "Diarienummer: KS 2026/017"
    assert [f["text"] for f in context["sidhuvud"]] == ["Version 2.1", "Ansvarig Annika Hedvall"]
    with_style(workspace)
    assert context_for(workspace, CASE + "dnr: KS 2026/017\n")["dnr_rad"] == ""  # none by default


def it_writes_the_diariekod_on_the_dnr_line_and_in_the_header_where_the_case_has_one(workspace):
    with_style(workspace, dnr_rad="Dnr {dnr}[ Diariekod: {diariekod}]", sidhuvud=["dnr", "diariekod"])
    context = context_for(workspace, CASE + "dnr: KS 2026/017\ndiariekod: '609'\n")
    assert context["dnr_rad"] == "Dnr KS 2026/017 Diariekod: 609"
    assert [f["text"] for f in context["sidhuvud"]] == ["Dnr KS 2026/017", "Diariekod 609"]
    context = context_for(workspace, CASE + "dnr: KS 2026/017\n")  # no code: the part in [ ] and the field left out
    assert context["dnr_rad"] == "Dnr KS 2026/017"
    assert [f["text"] for f in context["sidhuvud"]] == ["Dnr KS 2026/017"]


def it_refuses_a_dnr_line_without_the_number(tmp_path):
    assert problems_of(tmp_path, "stil: {dnr_rad: 'Diarienummer'}") == [
        "data/organisation.yaml:2: stil.dnr_rad: raden 'Diarienummer' saknar {dnr} – skriv t.ex. 'Dnr {dnr}' eller "
        "'Dnr {dnr}[ Diariekod: {diariekod}]'"]
    assert problems_of(tmp_path, "stil: {dnr_rad: 'Dnr {dnr} {klass}'}") == [
        "data/organisation.yaml:2: stil.dnr_rad: raden 'Dnr {dnr} {klass}' har okänd del {klass} – använd {dnr} "
        "eller {diariekod}"]
    assert problems_of(tmp_path, "stil: {dnr_rad: 'Dnr {dnr}[ Diariekod: {diariekod}'}") == [
        "data/organisation.yaml:2: stil.dnr_rad: raden 'Dnr {dnr}[ Diariekod: {diariekod}' har en [ utan ] eller "
        "tvärtom – skriv t.ex. 'Dnr {dnr}' eller 'Dnr {dnr}[ Diariekod: {diariekod}]'"]


def _with_units(workspace, **enheter):
    from kanslist.organisation import Enhet

    units = dict(workspace.organisation.enheter, **{k: Enhet(**v) for k, v in enheter.items()})
    object.__setattr__(workspace, "organisation", workspace.organisation.model_copy(update={"enheter": units}))


def it_names_a_body_in_a_case_papers_sentences_as_running_text_does(workspace):
    # enheter.<id>.i_text and a body named after the one it is under, as the meeting papers name them
    _with_units(workspace, au={"namn": "Arbetsutskott", "typ": "utskott", "under": "kommunstyrelsen",
                               "i_text": "arbetsutskottet"},
                ksau={"namn": "Kommunstyrelsens arbetsutskott", "typ": "utskott", "under": "kommunstyrelsen"})
    with_style(workspace, rubriker={"forslag_till_beslut": "{fran} föreslår att {beslutsinstans} beslutar"})
    context = context_for(workspace, CASE.replace("till: kommunstyrelsen", "till: au")
                          + "forslag_till_beslut: {att: [godkänna riktlinjen]}\n")
    assert context["beslut"]["punkter"] == ["Arbetsutskottet godkänner riktlinjen."]
    assert context["rubriker"]["forslag_till_beslut"] == "Kommunledningskontoret föreslår att arbetsutskottet beslutar"
    assert context["till"]["namn"] == "Arbetsutskott"  # the header and the Till line keep the body's name
    context = context_for(workspace, CASE.replace("till: kommunstyrelsen", "till: ksau")
                          + "forslag_till_beslut: {att: [godkänna riktlinjen]}\n")
    assert context["rubriker"]["forslag_till_beslut"] == ("Kommunledningskontoret föreslår att kommunstyrelsens "
                                                          "arbetsutskott beslutar")


def it_leads_the_att_clauses_in_the_organisations_words(workspace):
    case = CASE + "forslag_till_beslut: {att: [fastställa sammanträdestiderna]}\n"
    org = workspace.organisation.model_copy(update={"beslutsform": "att"})
    object.__setattr__(workspace, "organisation", org)
    assert context_for(workspace, case)["beslut"]["intro"] == "Kommunstyrelsen föreslås besluta"  # by default
    org = org.model_copy(update={"att_inledning": "{beslutsinstans} beslutar:"})
    object.__setattr__(workspace, "organisation", org)
    beslut = context_for(workspace, case)["beslut"]
    assert (beslut["intro"], beslut["punkter"]) == ("Kommunstyrelsen beslutar:", ["att fastställa sammanträdestiderna."])


def it_refuses_an_att_lead_without_the_decider(tmp_path):
    assert problems_of(tmp_path, "att_inledning: 'Nämnden beslutar:'") == [
        "data/organisation.yaml:2: att_inledning: raden 'Nämnden beslutar:' saknar {beslutsinstans} – skriv t.ex. "
        "'{beslutsinstans} beslutar:'"]


def it_names_a_person_answering_for_a_governing_document_with_the_title(workspace):
    case = STYRDOKUMENT.replace("dokumentansvarig: kommunledningskontoret", "dokumentansvarig: annika-hedvall")
    rows = context_for(workspace, case)["styrdokument"]["metadata"]
    person = workspace.personer["annika-hedvall"]
    assert ("Dokumentansvarig", f"{person.namn}, {person.titel}") in [(r["etikett"], r["varde"]) for r in rows]


def it_refuses_an_unknown_id_answering_for_a_governing_document_naming_both_files(workspace):
    from kanslist.errors import InvalidInput

    case = STYRDOKUMENT.replace("dokumentansvarig: kommunledningskontoret", "dokumentansvarig: kanslichef-x")
    with pytest.raises(InvalidInput) as caught:
        context_for(workspace, case)
    assert [str(p) for p in caught.value.problems] == [
        "arenden/a.yaml:11: dokumentansvarig: 'kanslichef-x' finns inte i data/organisation.yaml (enheter) eller "
        "data/personer.yaml – lägg till id:t i data/organisation.yaml (enheter) eller data/personer.yaml, eller skriv "
        "namnet med stor bokstav om det inte ska vara ett id"]

"""The meeting settings the trial on other organisations' extracts found missing, each used and at its default:
paragrafrad (the dnr on the § line), ordning's arendet, an empty heading, sidnummer ""; and their refusals."""

from __future__ import annotations

import pytest

from expected_text import document_text
from kanslist.pipeline.build import build
from kanslist.workspace import Workspace
from meetings_support import write_meeting
from support import REPO, copy_workspace, organisation_problems

UTDRAG = ("build", "sammantraden", "ks-2026-02-10", "utdrag-3.docx")
HEADER = "[Header] ÅSBY KOMMUN\tPROTOKOLLSUTDRAG\t{PAGE} ({NUMPAGES})\n"
DEFAULT_TOP = ("[Heading 1] § 3 Revidering av attestreglemente\n[Normal] Dnr KS 2026/007\n"
               "[Heading 2] Beslut – förslag till kommunfullmäktige\n")
SUMMARY = ("[Heading 2] Sammanfattning av ärendet\n[Normal] Attestreglementet ses över eftersom kommunen har infört ett "
           "nytt ekonomisystem med elektronisk attest.")
ARENDET = "arendet: Reglementet antogs 2019 och har inte setts över sedan dess.\n"


def _utdrag(tmp_path, settings: str = "", arendet: bool = False, punkt: str = "") -> str:
    root = copy_workspace(REPO / "examples" / "kommun-ar", tmp_path / "ws", meetings=True)
    if punkt:  # more lines for the item of the attestreglemente
        meeting = root / "sammantraden" / "ks-2026-02-10.yaml"
        item = "- arende: arenden/2026-007-attestreglemente.yaml\n"
        assert item in meeting.read_text("utf-8")
        meeting.write_text(meeting.read_text("utf-8").replace(item, item + punkt), "utf-8")
    org = root / "data" / "organisation.yaml"
    text = org.read_text("utf-8")
    assert "sammantraden:\n  paragraf: § {nr}\n" in text
    org.write_text(text.replace("sammantraden:\n", "sammantraden:\n" + settings), "utf-8")
    if arendet:
        case = root / "arenden" / "2026-007-attestreglemente.yaml"
        case.write_text(case.read_text("utf-8") + ARENDET, "utf-8")
    report = build(Workspace(root), jobs=1)
    assert report.ok, [(r.case, [str(p) for p in r.problems], r.message) for r in report.results]
    return document_text(root.joinpath(*UTDRAG))


def it_keeps_the_heading_dnr_line_page_number_and_sections_by_default(tmp_path):
    text = _utdrag(tmp_path, arendet=True)
    assert HEADER in text
    assert DEFAULT_TOP in text
    # without arendet in ordning the case's account is not printed beside its summary
    assert "Reglementet antogs 2019" not in text and SUMMARY in text


def it_writes_where_the_item_was_treated_before_under_the_dnr_line(tmp_path):
    # Gotland's "Au § 170" under "Dnr 2002/241-00"; one line each, none by default (DEFAULT_TOP above).
    text = _utdrag(tmp_path, punkt="  tidigare_behandling: [Ksau § 4, Bordlagd KS 2026-01-13 § 2]\n")
    assert ("[Heading 1] § 3 Revidering av attestreglemente\n[Normal] Dnr KS 2026/007\n[Normal] Ksau § 4\n"
            "[Normal] Bordlagd KS 2026-01-13 § 2\n[Heading 2] Beslut – förslag till kommunfullmäktige\n") in text


def it_puts_the_dnr_on_the_paragraph_line_and_leaves_out_the_dnr_line(tmp_path):
    text = _utdrag(tmp_path, '  paragrafrad: "{paragraf}[  Dnr {dnr}]\\n{rubrik}"\n')
    assert ("[Heading 1] § 3  Dnr KS 2026/007\nRevidering av attestreglemente\n"
            "[Heading 2] Beslut – förslag till kommunfullmäktige\n") in text


def it_puts_the_dnr_before_the_paragraph_without_a_label(tmp_path):
    text = _utdrag(tmp_path, '  paragrafrad: "[{dnr}  ]{paragraf} {rubrik}"\n')
    assert ("[Heading 1] KS 2026/007  § 3 Revidering av attestreglemente\n"
            "[Heading 2] Beslut – förslag till kommunfullmäktige\n") in text


def it_prints_the_cases_account_as_a_section_of_its_own_where_ordning_names_it(tmp_path):
    text = _utdrag(tmp_path, "  ordning: [arendet, sammanfattning, beslut]\n  rubriker: {arendet: Bakgrund}\n",
                   arendet=True)
    assert ("[Normal] Dnr KS 2026/007\n[Heading 2] Bakgrund\n"
            "[Normal] Reglementet antogs 2019 och har inte setts över sedan dess.\n" + SUMMARY) in text


def it_writes_a_section_without_heading_when_the_heading_is_empty(tmp_path):
    text = _utdrag(tmp_path, "  rubriker: {sammanfattning: '', beslutsunderlag: ~}\n")
    assert ("[Normal] att upphäva attestreglementet antaget 2019-11-25, § 112.\n[Normal] Attestreglementet ses över "
            "eftersom kommunen har infört ett nytt ekonomisystem med elektronisk attest. Ändringarna gäller främst "
            "beloppsgränser och vem som får ersätta beslutsattestanten.\n"
            "[Normal] Tjänsteskrivelse 2026-01-22\n[Heading 2] Beslutsgång\n") in text


def it_writes_no_page_number_when_sidnummer_is_empty(tmp_path):
    text = _utdrag(tmp_path, '  sidnummer: ""\n')
    assert "[Header] ÅSBY KOMMUN\tPROTOKOLLSUTDRAG\n" in text
    assert "{PAGE}" not in text


@pytest.mark.parametrize("yaml, message", [
    ("sammantraden: {paragraf: '{dnr} § {nr}'}",
     "data/organisation.yaml:2: sammantraden.paragraf: '{dnr} § {nr}': {dnr} hör inte till paragrafens nummer – skriv "
     "diarienumret i paragrafrad, t.ex. paragrafrad: \"[{dnr}  ]{paragraf}\\n{rubrik}\""),
    ("sammantraden: {paragrafrad: '{paragraf} {dnr}'}",
     "data/organisation.yaml:2: sammantraden.paragrafrad: paragrafraden saknar {rubrik} – skriv t.ex. "
     "'{paragraf} {rubrik}' eller '{paragraf}[  Dnr {dnr}]\\n{rubrik}'"),
    ("sammantraden: {paragrafrad: '{paragraf} {rubrik} {diariekod}'}",
     "data/organisation.yaml:2: sammantraden.paragrafrad: paragrafraden har okänd del {diariekod} – använd "
     "{paragraf}, {rubrik} eller {dnr}"),
    ("sammantraden: {paragrafrad: '{paragraf}[ Dnr {dnr} {rubrik}'}",
     "data/organisation.yaml:2: sammantraden.paragrafrad: paragrafraden har en [ utan ] eller tvärtom – skriv t.ex. "
     "'{paragraf} {rubrik}' eller '{paragraf}[  Dnr {dnr}]\\n{rubrik}'"),
    ("sammantraden: {sidnummer: 'Sida'}",
     "data/organisation.yaml:2: sammantraden.sidnummer: sidnumreringen 'Sida' saknar {sida} – skriv t.ex. "
     "'{sida} ({sidor})'"),
    ("sammantraden: {beslutsform: lista}",
     "data/organisation.yaml:2: sammantraden.beslutsform: 'lista' är inget tillåtet värde"),
    ("sammantraden: {beslut_avslut: \"___\\n___\"}",
     "data/organisation.yaml:2: sammantraden.beslut_avslut: beslut_avslut ska vara en enda rad – skriv t.ex. '_____'"),
    ("sammantraden: {sidhuvud_namn: ''}",
     "data/organisation.yaml:2: sammantraden.sidhuvud_namn: sidhuvud_namn är tom – skriv namnet som det ska stå, "
     "t.ex. 'Mjölby Kommun', eller ta bort raden (då står namnet med versaler)"),
    ("sammantraden: {ordning: [beslut, bakgrund]}",
     "data/organisation.yaml:2: sammantraden.ordning[1]: 'bakgrund' är inget tillåtet värde"),
])
def it_refuses_a_wrong_line_setting_in_swedish(tmp_path, yaml, message):
    assert organisation_problems(tmp_path, yaml)[0].startswith(message)


AU = "  au: {namn: Arbetsutskott, typ: utskott, under: kommunstyrelsen%s}\n"


def _au_utdrag(tmp_path, i_text: str = "") -> str:
    root = copy_workspace(REPO / "examples" / "kommun-ar", tmp_path / "ws")
    org = root / "data" / "organisation.yaml"
    text = org.read_text("utf-8")
    org.write_text(text.replace("enheter:\n", "enheter:\n" + AU % i_text, 1), "utf-8")
    write_meeting(root, "au-2026-02-03", datum="2026-02-03", justering="2026-02-04",
                  punkter="  - arende: arenden/2026-007-attestreglemente.yaml\n").write_text(
        (root / "sammantraden" / "au-2026-02-03.yaml").read_text("utf-8").replace("organ: kommunstyrelsen", "organ: au"),
        "utf-8")
    report = build(Workspace(root), jobs=1)
    assert report.ok, [(r.case, [str(p) for p in r.problems], r.message) for r in report.results]
    return document_text(root / "build" / "sammantraden" / "au-2026-02-03" / "utdrag-1.docx")


def it_names_a_body_in_a_sentence_as_i_text_says(tmp_path):
    text = _au_utdrag(tmp_path, ", i_text: arbetsutskottet")
    assert "[Header] Arbetsutskott\n" in text  # the header keeps the name as it is
    assert "[Normal] Arbetsutskottet föreslår kommunstyrelsen att föreslå kommunfullmäktige\n" in text
    assert "[Normal] Ordföranden finner att arbetsutskottet bifaller förslaget till beslut.\n" in text


def it_names_a_body_in_a_sentence_by_its_name_by_default(tmp_path):
    text = _au_utdrag(tmp_path)
    assert "[Normal] Arbetsutskott föreslår kommunstyrelsen att föreslå kommunfullmäktige\n" in text
    assert "[Normal] Ordföranden finner att arbetsutskott bifaller förslaget till beslut.\n" in text


def it_refuses_an_empty_i_text(tmp_path):
    problems = organisation_problems(tmp_path, "enheter:\n  au: {namn: Arbetsutskott, typ: utskott, i_text: ' '}")
    assert problems[0] == ("data/organisation.yaml:3: enheter.au.i_text: i_text är tom – skriv namnet som det "
                                           "står inne i en mening, t.ex. 'arbetsutskottet', eller ta bort raden")


def it_numbers_every_decision_line_in_the_numbered_form(tmp_path):
    text = _utdrag(tmp_path, "  beslutsform: numrerad\n")
    assert ("[Heading 2] Beslut – förslag till kommunfullmäktige\n"
            "[Normal] Kommunstyrelsen föreslår kommunfullmäktige att besluta följande:\n"
            "[Normal] 1. Kommunfullmäktige antar reviderat attestreglemente.\n"
            "[Normal] 2. Kommunfullmäktige upphäver attestreglementet antaget 2019-11-25, § 112.\n") in text
    # a decision written in the meeting file, a lone line: numbered too
    lone = document_text(tmp_path / "ws" / "build" / "sammantraden" / "ks-2026-02-10" / "utdrag-6.docx")
    assert "[Heading 2] Beslut\n[Normal] 1. Redovisningen av delegeringsbeslut läggs till handlingarna.\n" in lone


def it_writes_the_decisions_in_the_case_papers_form_by_default(tmp_path):
    _utdrag(tmp_path)
    lone = document_text(tmp_path / "ws" / "build" / "sammantraden" / "ks-2026-02-10" / "utdrag-6.docx")
    assert "[Heading 2] Beslut\n[Normal] Redovisningen av delegeringsbeslut läggs till handlingarna.\n" in lone


def it_closes_the_decision_with_a_rule_and_names_the_organisation_as_written(tmp_path):
    text = _utdrag(tmp_path, "  beslut_avslut: _____\n  sidhuvud_namn: Åsby Kommun\n")
    assert "[Header] Åsby Kommun\tPROTOKOLLSUTDRAG\t{PAGE} ({NUMPAGES})\n" in text
    assert ("[Normal] att upphäva attestreglementet antaget 2019-11-25, § 112.\n[Normal] _____\n"
            "[Heading 2] Sammanfattning av ärendet\n") in text


def it_writes_no_closing_rule_and_the_name_in_capitals_by_default(tmp_path):
    text = _utdrag(tmp_path)
    assert HEADER in text
    assert ("[Normal] att upphäva attestreglementet antaget 2019-11-25, § 112.\n"
            "[Heading 2] Sammanfattning av ärendet\n") in text


def _protocol(tmp_path, settings: str = "") -> str:
    root = copy_workspace(REPO / "examples" / "kommun-ar", tmp_path / "ws", meetings=True)
    org = root / "data" / "organisation.yaml"
    org.write_text(org.read_text("utf-8").replace("sammantraden:\n", "sammantraden:\n" + settings), "utf-8")
    report = build(Workspace(root), jobs=1)
    assert report.ok, [(r.case, [str(p) for p in r.problems], r.message) for r in report.results]
    return document_text(root / "build" / "sammantraden" / "ks-2026-02-10" / "protokoll.docx")


def it_writes_the_protocols_fixed_texts_in_the_organisations_words_and_leaves_out_an_empty_row(tmp_path):
    default = _protocol(tmp_path / "a")
    assert "[Header] ÅSBY KOMMUN\tSAMMANTRÄDESPROTOKOLL\t{PAGE} ({NUMPAGES})\n" in default
    assert "[Tabell] | Tjänstgörande ersättare | – |\n[Tabell] | Övriga närvarande | " in default
    assert "[Heading 2] Underskrifter\n" in default and "[Heading 2] Innehåll\n" in default
    text = _protocol(tmp_path / "b", "  etiketter: {protokoll: PROTOKOLL, sammantradesdatum: Datum, ersattare: '', "
                                      "ovriga: Övriga deltagare, justerare: Justerare, underskrifter: '', "
                                      "innehall: Innehållsförteckning}\n")
    assert "[Header] ÅSBY KOMMUN\tPROTOKOLL\t{PAGE} ({NUMPAGES})\n[Header] Kommunstyrelsen\n[Header] Datum 2026-02-10\n" \
        in text
    assert "Tjänstgörande ersättare" not in text and "[Tabell] | Övriga deltagare | " in text
    assert "[Tabell] | Justerare | Birgitta Sand (S) |\n" in text
    assert "Underskrifter" not in text and "[Heading 2] Innehållsförteckning\n" in text


def it_refuses_a_fixed_text_it_does_not_have(tmp_path):
    assert organisation_problems(tmp_path, "sammantraden: {etiketter: {övriga: Övriga deltagare}}") == [
        "data/organisation.yaml:2: sammantraden.etiketter.övriga.[key]: 'övriga' är inget tillåtet värde – menade du "
        "ovriga? Tillåtna värden: protokoll, utdrag, sammantradesdatum, plats_och_tid, beslutande, ersattare, ovriga, "
        "justerare, justering, paragrafer, underskrifter, anslag, innehall"]


def it_writes_the_meetings_day_as_the_organisation_dates(tmp_path):
    assert ("[Tabell] | Plats och tid | Kommunhuset, sammanträdesrum Ån, tisdagen den 10 februari 2026 kl. 13.00 |"
            in _protocol(tmp_path / "a"))  # by default
    text = _protocol(tmp_path / "b", "  datumformat: iso\n")
    assert "[Tabell] | Plats och tid | Kommunhuset, sammanträdesrum Ån, 2026-02-10 kl. 13.00 |" in text
    assert "[Tabell] | Justeringens plats och tid | Kommunledningskontoret, 2026-02-12 kl. 10.00 |" in text


def it_lists_the_contents_without_the_dnr_where_the_organisation_does(tmp_path):
    assert "[Normal] § 3\tRevidering av attestreglemente (dnr KS 2026/007)\n" in _protocol(tmp_path / "a")
    text = _protocol(tmp_path / "b", "  innehall_dnr: false\n")
    assert "[Normal] § 3\tRevidering av attestreglemente\n" in text


def it_groups_the_contents_under_the_agendas_headings_where_the_organisation_does(tmp_path):
    contents = "[Heading 2] Innehåll\n[Normal] § 1\tInformation om budgetläget"
    assert contents in _protocol(tmp_path / "a")  # by default one list
    text = _protocol(tmp_path / "b", "  innehall_grupper: true\n")
    assert ("[Heading 2] Innehåll\n[Heading 3] Information\n[Normal] § 1\tInformation om budgetläget efter bokslut "
            "2025 (dnr KS 2026/011)\n[Heading 3] Beslutsärenden\n[Normal] § 2\tSammanträdesplan för kommunstyrelsen "
            "2026-2027 (dnr KS 2026/004)\n[Heading 3] Ärenden till kommunfullmäktige\n[Normal] § 3\t") in text


def _headers(text: str) -> list[str]:
    return [line for line in text.split("--- brödtext")[0].splitlines() if line.startswith("[Header]")]


def it_writes_the_meeting_papers_header_in_the_organisations_lines(tmp_path):
    assert _headers(_protocol(tmp_path / "a")) == [  # by default
        "[Header] ÅSBY KOMMUN\tSAMMANTRÄDESPROTOKOLL\t{PAGE} ({NUMPAGES})", "[Header] Kommunstyrelsen",
        "[Header] Sammanträdesdatum 2026-02-10"]
    # Sotenäs: one line of four columns
    text = _protocol(tmp_path / "b", '  sidhuvud: ["{organ}\\t{dokument}\\t{datum}\\t{paragrafer}"]\n')
    assert _headers(text) == ["[Header] Kommunstyrelsen\tSAMMANTRÄDESPROTOKOLL\t2026-02-10\t§§ 1–6"]
    # Sörmland: labels over their values
    text = _protocol(tmp_path / "c", '  sidhuvud: ["{dokument}\\tDATUM\\tSIDA", "{organ_versaler}\\t{datum}\\t{sida}"]\n')
    assert _headers(text) == ["[Header] SAMMANTRÄDESPROTOKOLL\tDATUM\tSIDA",
                              "[Header] KOMMUNSTYRELSEN\t2026-02-10\t{PAGE} ({NUMPAGES})"]


def it_refuses_a_header_line_it_cannot_write(tmp_path):
    assert organisation_problems(tmp_path, 'sammantraden: {sidhuvud: ["{organ}\\t{nämnd}"]}') == [
        "data/organisation.yaml:2: sammantraden.sidhuvud: sidhuvudets rad 1 ('{organ}\\t{nämnd}') har okänd del "
        "{nämnd} – använd {organisation}, {dokument}, {sida}, {organ}, {organ_versaler}, {datum}, {sammantradesdatum}, "
        "{paragrafer} eller {dnr}"]
    assert organisation_problems(tmp_path, 'sammantraden: {sidhuvud: ["a\\tb\\tc\\td\\te"]}') == [
        "data/organisation.yaml:2: sammantraden.sidhuvud: sidhuvudets rad 1 har 5 kolumner – skriv högst 4"]

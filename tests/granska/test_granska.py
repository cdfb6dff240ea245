"""granska: each rule breaks on a small case written inline, its message word for word, and a clean case passes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from kanslist.granska.run import granska
from kanslist.granska.mallar import check_accessibility, check_templates
from kanslist.granska.sprak import dictionary_path
from kanslist.workspace import Workspace

from support import own_template, unavailable

IDAG = dt.date(2025, 5, 20)

REVISIONSSVAR = """\
typ: revisionssvar
rubrik: Granskning av hemarbete
dnr: KS 2025/064
datum: 2025-05-12
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
forslag_till_beslut:
  att:
    - anta förslaget till svar
sammanfattning: |
  Revisorerna har granskat hemarbetet i kommunen.
granskning:
  titel: Granskning av hemarbete
  rapportdatum: 2025-03-09
  svar_senast: 2025-06-30
rekommendationer:
  - nr: 1
    rubrik: Formella överenskommelser
    stallningstagande: instammer
    svar: |
      HR-enheten ges i uppdrag att utreda skriftliga överenskommelser.
  - nr: 2
    rubrik: Politisk förankring
    stallningstagande: instammer_delvis
    svar: |
      Riktlinjerna har redan förankrats i personalutskottet, men HR-enheten ser över dem i år.
"""

MOTIONSSVAR = """\
typ: motionssvar
rubrik: Nya riktlinjer för distansarbete
datum: 2026-04-27
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
forslag_till_beslut:
  att:
    - avslå motionen
motion:
  titel: Nya riktlinjer för distansarbete
  forslagsstallare: EM-partiet
  inkom: 2026-02-10
  yrkanden:
    - Kommunen tar fram nya riktlinjer för distansarbete.
  bedomning: avslag
arendet: |
  Kommunledningskontoret anser att befintliga riktlinjer räcker.
"""


def case(workspace: Workspace, text: str, name: str = "prov.yaml", **replace: str) -> Path:
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = workspace.arenden_dir / name
    for other in workspace.arenden_dir.glob("*.yaml"):
        other.unlink()
    path.write_text(text, "utf-8")
    return path


def messages(workspace: Workspace, path: Path, idag: dt.date = IDAG) -> list[str]:
    return [str(p) for p in granska(workspace, [path], idag=idag, mallar=False)]


def test_a_clean_response_to_the_auditors_passes_every_case_rule(workspace):
    path = case(workspace, REVISIONSSVAR)
    assert messages(workspace, path) == []


def test_a_clean_response_to_a_motion_passes_every_case_rule(workspace):
    path = case(workspace, MOTIONSSVAR)
    assert messages(workspace, path) == []


def test_the_root_workspace_cases_have_no_errors(workspace):
    problems = granska(workspace, idag=IDAG, mallar=False)
    assert [str(p) for p in problems if p.severity == "fel"] == []


# ---- completeness ------------------------------------------------------------------------------

def test_it_warns_about_a_recommendation_without_a_stance(workspace):
    path = case(workspace, REVISIONSSVAR, **{"    stallningstagande: instammer\n": ""})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:18: rekommendationer[0].stallningstagande: rekommendation 1 saknar ställningstagande"
        " – ange instammer, instammer_delvis eller instammer_inte – utan det skrivs ingen mening om "
        "ställningstagandet (varning)"]


def test_it_reports_a_recommendation_without_an_answer(workspace):
    text = REVISIONSSVAR.replace("    svar: |\n      HR-enheten ges i uppdrag att utreda skriftliga överenskommelser.\n", "")
    path = case(workspace, text)
    assert messages(workspace, path) == [
        "arenden/prov.yaml:18: rekommendationer[0].svar: rekommendation 1 saknar svar – skriv förvaltningens "
        "svar under svar: |"]


def test_it_reports_a_partial_agreement_without_reasons(workspace):
    path = case(workspace, REVISIONSSVAR, **{
        "Riktlinjerna har redan förankrats i personalutskottet, men HR-enheten ser över dem i år.": "Vi ser över dem."})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:26: rekommendationer[1].svar: rekommendation 2 (instämmer delvis) saknar motivering"
        " – förklara i svaret varför förvaltningen inte instämmer fullt ut, med minst 8 ord"]


def test_it_measures_the_deadline_against_the_answers_own_date_not_today(workspace):
    path = case(workspace, REVISIONSSVAR)  # dated 2025-05-12, before the deadline 2025-06-30
    assert messages(workspace, path, idag=dt.date(2025, 7, 15)) == []


def test_it_warns_when_the_answer_is_dated_after_the_deadline(workspace):
    path = case(workspace, REVISIONSSVAR, **{"datum: 2025-05-12": "datum: 2025-07-15"})
    assert messages(workspace, path, idag=dt.date(2025, 7, 15)) == [
        "arenden/prov.yaml:16: granskning.svar_senast: svarstiden gick ut 2025-06-30 och svaret säger inte att "
        "det är försenat – skriv i sammanfattningen att svaret lämnas efter svarstiden, eller rätta datumet om "
        "revisorerna gett anstånd (varning)"]


def test_a_late_answer_that_says_so_is_not_reported(workspace):
    path = case(workspace, REVISIONSSVAR, **{
        "Revisorerna har granskat hemarbetet i kommunen.": "Svaret är försenat på grund av sjukdom.",
        "datum: 2025-05-12": "datum: 2025-07-15"})
    assert messages(workspace, path, idag=dt.date(2025, 7, 15)) == []


def test_it_warns_when_the_deadline_is_not_given(workspace):
    path = case(workspace, REVISIONSSVAR, **{"  svar_senast: 2025-06-30\n": ""})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:13: granskning.svar_senast: saknas – ange när revisorerna vill ha svar, t.ex. "
        "svar_senast: 2025-06-30 (varning)"]


def test_it_reports_a_missing_proposal(workspace):
    path = case(workspace, MOTIONSSVAR, **{"forslag_till_beslut:\n  att:\n    - avslå motionen\n": ""})
    assert messages(workspace, path) == [
        "arenden/prov.yaml: forslag_till_beslut: avsnittet Förslag till beslut saknas – lägg till "
        "forslag_till_beslut med minst en att-sats under att:"]


def test_it_reports_a_paper_without_summary_or_body(workspace):
    path = case(workspace, MOTIONSSVAR, **{"arendet: |\n  Kommunledningskontoret anser att befintliga riktlinjer räcker.\n": ""})
    assert messages(workspace, path) == [
        "arenden/prov.yaml: sammanfattning: avsnitten Sammanfattning och Ärendet saknas båda – skriv en "
        "sammanfattning under sammanfattning: | eller beskriv ärendet under arendet: |"]


def test_it_needs_only_the_sections_the_house_style_prints(workspace):
    # A house whose one-sentence papers print only the proposal (stil.ordning): no summary or body is needed.
    with_stil(workspace, ordning=["forslag_till_beslut", "underskrifter"])
    path = case(workspace, MOTIONSSVAR, **{"arendet: |\n  Kommunledningskontoret anser att befintliga riktlinjer räcker.\n": ""})
    assert messages(workspace, path) == []
    with_stil(workspace, ordning=["arendet"])  # nor a proposal where the house prints none
    path = case(workspace, MOTIONSSVAR, **{"forslag_till_beslut:\n  att:\n    - avslå motionen\n": ""})
    assert messages(workspace, path) == []


def test_it_warns_of_text_the_house_style_leaves_out(workspace):
    with_stil(workspace, ordning=["forslag_till_beslut", "arendet"])  # no summary in this house's papers
    path = case(workspace, MOTIONSSVAR, **{"arendet: |": "sammanfattning: Motionen avslås.\narendet: |"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:17: sammanfattning: texten skrivs inte ut: organisationens stil.ordning har inte med "
        "sammanfattning – lägg till sammanfattning i stil.ordning i data/organisation.yaml, eller ta bort texten "
        "här (varning)"]


def test_it_does_not_warn_of_a_copy_list_the_header_prints(workspace):
    # Alingsås writes who gets the decision in the header (stil.sidhuvud: skickas_till, 'Expediering TN').
    text = {"arendet: |": "skickas_till: [kommunfullmaktige]\narendet: |"}
    with_stil(workspace, ordning=["forslag_till_beslut", "arendet"], sidhuvud=["datum", "dnr", "skickas_till"])
    assert messages(workspace, case(workspace, MOTIONSSVAR, **text)) == []
    with_stil(workspace, ordning=["forslag_till_beslut", "arendet"])
    assert messages(workspace, case(workspace, MOTIONSSVAR, **text)) == [
        "arenden/prov.yaml:17: skickas_till: texten skrivs inte ut: organisationens stil.ordning har inte med "
        "skickas_till – lägg till skickas_till i stil.ordning i data/organisation.yaml, eller ta bort texten "
        "här (varning)"]


def test_a_governing_document_needs_its_text_whatever_the_house_prints(workspace):
    from kanslist.kinds import KINDS

    from types import SimpleNamespace

    kind, arende = KINDS["styrdokument"], SimpleNamespace(tjansteskrivelse=True)
    assert kind.required_sections_for(arende, ["forslag_till_beslut"]) == (("forslag_till_beslut",), ("arendet",))


# ---- consistency -------------------------------------------------------------------------------

def test_it_reports_an_answer_that_contradicts_its_stance(workspace):
    path = case(workspace, REVISIONSSVAR, **{
        "HR-enheten ges i uppdrag att utreda skriftliga överenskommelser.":
            "Förvaltningen instämmer inte, eftersom överenskommelser redan finns."})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:22: rekommendationer[0].svar: svaret säger 'instämmer inte' men ställningstagandet är "
        "instammer – ändra stallningstagande eller texten – meningen om ställningstagandet skrivs av kanslist och "
        "behöver inte stå i svaret"]


def test_it_reports_agreement_in_the_text_of_a_disagreeing_answer(workspace):
    path = case(workspace, REVISIONSSVAR, **{
        "stallningstagande: instammer\n": "stallningstagande: instammer_inte\n",
        "HR-enheten ges i uppdrag att utreda skriftliga överenskommelser.":
            "Förvaltningen instämmer i att överenskommelser behövs men de finns redan idag."})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:22: rekommendationer[0].svar: svaret säger 'instämmer' men ställningstagandet är "
        "instammer_inte – ändra stallningstagande eller texten – meningen om ställningstagandet skrivs av kanslist "
        "och behöver inte stå i svaret"]


def test_it_warns_when_the_answer_repeats_the_generated_stance_sentence(workspace):
    path = case(workspace, REVISIONSSVAR, **{
        "HR-enheten ges i uppdrag": "Kommunledningskontoret instämmer i rekommendationen. HR-enheten ges i uppdrag"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:22: rekommendationer[0].svar: svaret upprepar meningen om ställningstagandet – ta bort "
        "meningen ur svaret – kanslist skriver den utifrån stallningstagande (varning)"]


def test_it_reports_a_motion_assessment_that_contradicts_the_decision(workspace):
    path = case(workspace, MOTIONSSVAR, **{"bedomning: avslag": "bedomning: bifall"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:9: forslag_till_beslut.att[0]: beslutspunkten säger avslag men motionens bedömning är "
        "bifall – ändra motion.bedomning eller beslutspunkten så att de säger samma sak"]


def test_an_answered_motion_may_be_rejected_as_answered(workspace):
    path = case(workspace, MOTIONSSVAR, **{"bedomning: avslag": "bedomning: besvarad",
                                           "- avslå motionen": "- avslå initiativärendet då motionen anses besvarad"})
    assert messages(workspace, path) == []


def test_it_reports_an_answer_dated_before_the_report(workspace):
    path = case(workspace, REVISIONSSVAR, **{"datum: 2025-05-12": "datum: 2025-03-01"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:4: datum: svaret är daterat 2025-03-01, före revisionsrapporten (2025-03-09) – "
        "kontrollera datum och granskning.rapportdatum"]


def test_it_reports_a_motion_received_after_its_answer(workspace):
    path = case(workspace, MOTIONSSVAR, **{"inkom: 2026-02-10": "inkom: 2026-05-02"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:13: motion.inkom: motionen inkom 2026-05-02, efter tjänsteskrivelsens datum 2026-04-27 – "
        "kontrollera motion.inkom och datum"]


def test_it_reports_the_same_recommendation_number_twice(workspace):
    path = case(workspace, REVISIONSSVAR, **{"  - nr: 2": "  - nr: 1"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:23: rekommendationer[1].nr: rekommendation nr 1 förekommer två gånger (första gången "
        "på rad 18) – numrera rekommendationerna som i revisionsrapporten"]


def test_it_warns_about_a_motion_older_than_a_year(workspace):
    path = case(workspace, MOTIONSSVAR, **{"inkom: 2026-02-10": "inkom: 2025-02-10"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:13: motion.inkom: motionen inkom 2025-02-10, mer än ett år före 2026-04-27 – enligt "
        "5 kap. 35 § kommunallagen bör fullmäktige besluta inom ett år; anmäl annars till fullmäktige varför "
        "beredningen inte är klar (varning)"]


# ---- references --------------------------------------------------------------------------------

def test_it_reports_numbers_that_are_not_in_the_register(workspace):
    from kanslist.diarium import Diarium

    with Diarium.open(workspace.diarium_url(), workspace.organisation) as register:
        known = register.nytt_arende("KS", "Granskning av hemarbete", datum="2025-01-15")
    text = REVISIONSSVAR.replace("dnr: KS 2025/064", f"dnr: {known}") + (
        "hanvisningar:\n  - {dnr: KS 2025/099, text: Ett ärende som inte finns}\n")
    path = case(workspace, text)
    assert messages(workspace, path) == [
        "arenden/prov.yaml:29: hanvisningar[0].dnr: KS 2025/099 finns inte i diariet – kontrollera numret med "
        "'kanslist diarium lista', eller registrera ärendet med 'kanslist diarium nytt'"]


def test_without_a_register_numbers_are_only_checked_against_the_pattern(workspace):
    assert not (workspace.data_dir / "diarium.sqlite").exists()
    path = case(workspace, REVISIONSSVAR + "hanvisningar:\n  - {dnr: KS 2025/099, text: Ett annat ärende}\n")
    assert messages(workspace, path) == []


# ---- language ----------------------------------------------------------------------------------

@pytest.fixture
def dictionary():
    if dictionary_path() is None:
        unavailable("ingen svensk Hunspell-ordlista: pip install hunspell-sv spylls")


def test_it_warns_about_a_misspelt_word_and_suggests_one(workspace, dictionary):
    path = case(workspace, REVISIONSSVAR, **{"granskat hemarbetet": "granskat hemarbette"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:12: sammanfattning: 'hemarbette' finns inte i ordlistan – menade du 'hemarbetet'? "
        "Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)"]


def test_words_in_the_word_list_and_the_organisations_names_are_accepted(workspace, dictionary):
    path = case(workspace, REVISIONSSVAR, **{"granskat hemarbetet": "granskat Xyloqvist hos Yström"})
    assert len(messages(workspace, path)) == 1
    (workspace.data_dir / "ordlista.txt").write_text("# egna ord\nxyloqvist\n", "utf-8")
    assert messages(workspace, path) == []


def test_it_warns_about_a_word_written_twice(workspace, dictionary):
    path = case(workspace, REVISIONSSVAR, **{"ges i uppdrag att utreda": "ges i uppdrag att att utreda"})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:22: rekommendationer[0].svar: 'att att': samma ord två gånger i rad – ta bort det ena "
        "(varning)"]


def test_without_a_dictionary_it_says_why_spelling_was_not_checked(workspace, monkeypatch, tmp_path):
    import kanslist.granska.sprak as sprak

    monkeypatch.setattr(sprak, "dictionary_path", lambda: None)
    path = case(workspace, REVISIONSSVAR)
    assert messages(workspace, path) == [
        "arenden/prov.yaml: stavningen kontrollerades inte: ingen svensk Hunspell-ordlista (sv_SE.dic) hittades – "
        "installera med: pip install hunspell-sv (eller apt-get install hunspell-sv-se) (varning)"]


# ---- templates ---------------------------------------------------------------------------------

def template(path: Path, paragraphs: list[tuple[str, str]], language: str = "sv-SE", table_header: bool = True) -> Path:
    """Write a small Word template: (style, text) paragraphs, a two-row table, the document language."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nr", "Rubrik"
    table.cell(1, 0).text, table.cell(1, 1).text = "{{ dnr }}", "{{ rubrik }}"
    if table_header:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = r_pr.makeelement(qn("w:lang"), {})
        r_pr.append(lang)
    lang.set(qn("w:val"), language)
    document.save(str(path))
    return path


CLEAN = [("Heading 1", "{{ rubrik }}"), ("Heading 2", "Motionen"), ("Normal", "{{ motion.titel }}"),
         ("Normal", "{% for y in motion.yrkanden %}{{ y }}{% endfor %}")]


def test_a_clean_template_passes(workspace):
    from kanslist.kinds import KINDS

    template(workspace.mallar_dir / "motionssvar.docx", CLEAN)
    assert check_templates(workspace, [KINDS["motionssvar"]]) == []


def test_it_reports_a_variable_the_kind_does_not_have(workspace):
    from kanslist.kinds import KINDS

    template(workspace.mallar_dir / "motionssvar.docx", CLEAN + [("Normal", "{{ motion.titl }}")])
    assert [str(p) for p in check_templates(workspace, [KINDS["motionssvar"]])] == [
        "mallar/motionssvar.docx: brödtext: variabeln motion.titl finns inte för ärendetypen motionssvar – "
        "menade du motion.titel? Rätta taggen i Word; 'kanslist schema' visar ärendets fält"]


def with_stil(workspace, **stil):
    from kanslist.organisation import Organisation

    org = workspace.organisation.model_copy(update={"stil": Organisation(namn="x", stil=stil).stil})
    object.__setattr__(workspace, "organisation", org)


def test_it_warns_when_an_own_template_cannot_show_a_house_style_setting(workspace):
    from kanslist.kinds import KINDS

    template(workspace.mallar_dir / "motionssvar.docx", CLEAN)  # made before the header had columns
    with_stil(workspace, sidhuvud_form="kolumner", till_rad="{till}")
    assert [str(p) for p in check_templates(workspace, [KINDS["motionssvar"]])] == [
        "mallar/motionssvar.docx: stil.sidhuvud_form är satt i organisation.yaml, men mallen läser inte "
        "{{ sidhuvud_rader }} och visar därför inte inställningen – ta bort mallen så att standardmallen används, "
        "eller hämta en ny kopia med 'kanslist init --med-mallar NY_MAPP' och formge den igen – en mall från en "
        "äldre version saknar sidhuvud_rader (varning)",
        "mallar/motionssvar.docx: stil.till_rad är satt i organisation.yaml, men mallen läser inte {{ till_rad }} "
        "och visar därför inte inställningen – ta bort mallen så att standardmallen används, eller hämta en ny "
        "kopia med 'kanslist init --med-mallar NY_MAPP' och formge den igen – en mall från en äldre version saknar "
        "till_rad (varning)"]


def test_a_template_of_today_shows_every_house_style_setting(workspace):
    from kanslist.kinds import KINDS

    own_template(workspace.root, "motionssvar")
    with_stil(workspace, sidhuvud_form="kolumner", sidnummer_plats="dokumentnamn", till_rad="", underskrift_organ=True)
    assert [str(p) for p in check_templates(workspace, [KINDS["motionssvar"]])] == []


def test_it_reports_a_template_it_cannot_read_once(workspace):
    from kanslist.kinds import KINDS

    # Two kinds share the template: its syntax error is one problem, not one per kind.
    template(workspace.mallar_dir / "tjansteskrivelse.docx", CLEAN[:2] + [("Normal", "{{ rubrik ")])
    found = [str(p) for p in check_templates(workspace, [KINDS["tjansteskrivelse"], KINDS["styrdokument"]])]
    assert [m for m in found if "syntaxfel" in m] == [
        "mallar/tjansteskrivelse.docx: brödtext: mallen har ett syntaxfel (expected token 'end of print "
        "statement', got 'NrRubrik') – kontrollera {{ }} och {% %}"]
    (workspace.mallar_dir / "tjansteskrivelse.docx").write_bytes(b"inte en Word-fil")
    assert [str(p) for p in check_templates(workspace, [KINDS["tjansteskrivelse"]])] == [
        "mallar/tjansteskrivelse.docx: mallen kan inte läsas (BadZipFile) – öppna och spara den i Word, "
        "eller skapa den på nytt med 'kanslist init'"]  # once: nothing else is read from a file that is no Word file


def test_what_a_template_says_of_itself_is_read_once_and_kept_until_it_changes(workspace, monkeypatch):
    from kanslist.cache import user_cache
    from kanslist.granska import mallar
    from kanslist.kinds import KINDS

    path = template(workspace.mallar_dir / "motionssvar.docx", CLEAN + [("Normal", "{{ motion.titl }}")],
                    table_header=False)
    first = [str(p) for p in check_templates(workspace, [KINDS["motionssvar"]])]
    assert [m.split(":")[1] for m in first] == [" brödtext"] * 2  # the variable and the table without a header row

    def read_again(*args):
        raise AssertionError("the template was read again")

    with monkeypatch.context() as patch:
        patch.setattr(mallar, "read_template", read_again)
        patch.setattr(mallar, "check_accessibility", read_again)
        assert [str(p) for p in check_templates(workspace, [KINDS["motionssvar"]])] == first
    template(path, CLEAN)  # changed in Word: read again
    assert check_templates(workspace, [KINDS["motionssvar"]]) == []
    for kept in user_cache("mallar").glob("*.json"):
        kept.write_text("{", "utf-8")  # damaged: read again and kept anew
    assert check_templates(workspace, [KINDS["motionssvar"]]) == []
    with monkeypatch.context() as patch:
        patch.setattr(mallar, "read_template", read_again)
        assert check_templates(workspace, [KINDS["motionssvar"]]) == []


def test_it_reports_a_loop_variable_without_the_field(workspace):
    from kanslist.kinds import KINDS

    template(workspace.mallar_dir / "revisionssvar.docx",
             CLEAN[:2] + [("Normal", "{% for rek in rekommendationer %}{{ rek.stallning }}{% endfor %}")])
    assert [str(p) for p in check_templates(workspace, [KINDS["revisionssvar"]])] == [
        "mallar/revisionssvar.docx: brödtext: variabeln rekommendationer.stallning finns inte för ärendetypen "
        "revisionssvar – menade du rekommendationer.stallningsmening? Rätta taggen i Word; 'kanslist schema' "
        "visar ärendets fält"]


def test_it_reports_a_heading_level_skipped(tmp_path):
    path = template(tmp_path / "mall.docx", [("Heading 1", "Titel"), ("Heading 3", "Underrubrik")])
    assert [str(p) for p in check_accessibility("mallar/mall.docx", path)] == [
        "mallar/mall.docx: brödtext: rubriken 'Underrubrik' har Heading 3 direkt efter Heading 1 'Titel' – "
        "använd Heading 2 – rubriknivåerna ska följa på varandra för skärmläsare och navigering"]


def test_it_reports_a_document_language_other_than_swedish(tmp_path):
    path = template(tmp_path / "mall.docx", [("Heading 1", "Titel")], language="en-US")
    assert [str(p) for p in check_accessibility("mallar/mall.docx", path)] == [
        "mallar/mall.docx: formatmallar: dokumentets språk är en-US, inte sv-SE – välj Svenska (Sverige) som "
        "språk för formatmallen Normal i Word – skärmläsare och PDF/A-filen får språket därifrån"]


def test_it_warns_about_a_table_without_a_header_row(tmp_path):
    path = template(tmp_path / "mall.docx", [("Heading 1", "Titel")], table_header=False)
    assert [str(p) for p in check_accessibility("mallar/mall.docx", path)] == [
        "mallar/mall.docx: brödtext: tabell 1 ('NrRubrik') har ingen rubrikrad – markera första raden som "
        "rubrikrad i Word (Tabellegenskaper > Rad > Upprepa som rubrikrad) så att skärmläsare läser den som "
        "kolumnrubriker (varning)"]


def test_the_shipped_templates_use_only_variables_of_their_kinds(workspace):
    from kanslist.kinds import KINDS

    from kanslist.workspace import DEFAULT_TEMPLATES

    for default in DEFAULT_TEMPLATES.glob("*.docx"):
        own_template(workspace.root, default.stem)
    problems = check_templates(workspace, list(KINDS.values()))
    assert [str(p) for p in problems if p.severity == "fel"] == []


def test_it_checks_the_consolidated_response_template_against_samla(workspace):
    from kanslist.kinds import KINDS

    template(workspace.mallar_dir / "samlat-svar.docx", CLEAN[:2] + [("Normal", "{{ granskning.titl }}")])
    assert [str(p) for p in check_templates(workspace, [KINDS["revisionssvar"]])] == [
        "mallar/samlat-svar.docx: brödtext: variabeln granskning.titl finns inte för det samlade svaret "
        "(kanslist samla) – menade du granskning.titel? Rätta taggen i Word; 'kanslist schema' visar ärendets fält"]


def test_it_leaves_templates_of_kinds_the_workspace_does_not_use_alone(workspace):
    from kanslist.kinds import KINDS

    template(workspace.mallar_dir / "aterrapport.docx", CLEAN + [("Normal", "{{ finns_inte }}")])
    assert check_templates(workspace, [KINDS["motionssvar"]]) == []


# ---- command line ------------------------------------------------------------------------------

def test_the_command_exits_1_on_errors_and_prints_json(workspace):
    from click.testing import CliRunner

    from kanslist.cli import main

    case(workspace, REVISIONSSVAR, **{"  - nr: 2": "  - nr: 1"})
    result = CliRunner().invoke(main, ["-C", str(workspace.root), "granska", "--format", "json",
                                       "arenden/prov.yaml"])
    assert result.exit_code == 1, result.output
    assert '"meddelande": "rekommendation nr 1 förekommer två gånger (första gången på rad 18)"' in result.output


# ---- language: a spell check a chief can trust ---------------------------------------------------

SUMMARY = "Revisorerna har granskat hemarbetet i kommunen."


def test_the_same_word_ending_one_paragraph_and_starting_the_next_is_not_repeated(workspace, dictionary):
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: "Revisorerna har granskat hemarbete\n\n  Hemarbete är vanligt."})
    assert messages(workspace, path) == []
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: "# Hemarbete\n  Hemarbete är vanligt."})
    assert messages(workspace, path) == []


def test_the_same_word_twice_across_a_wrapped_line_of_one_sentence_is_repeated(workspace, dictionary):
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: "Revisorerna har granskat att\n  att hemarbete är vanligt."})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:12: sammanfattning: 'att att': samma ord två gånger i rad – ta bort det ena (varning)"]


def test_common_abbreviations_are_accepted(workspace, dictionary):
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: (
        "Revisorerna har t.ex. granskat bl.a. hemarbete m.fl. s.k. rutiner, se 3 § ff, ev. dvs. osv. resp. inkl. "
        "exkl. kl. 9, nr 4 och 2 st. T.ex. Ev. Dvs Bl. a. t. ex.")})
    assert messages(workspace, path) == []


def test_what_real_papers_write_is_no_misspelling(workspace, dictionary):
    # Line breaks in a table cell, politicians named with their party, "hälso- och sjukvård", Dnr and
    # Ärendenr, a municipal word the dictionary lacks (kanslist's own list): all from the shipped examples.
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: (
        "Motion av Martin Wannholt (D) och Maj-Britt Rane Andersson (S), Dnr 2023-00390, Ärendenr 12. "
        "Återremitterad<br>2024-05-15 inom hälso- och sjukvården och barn-, elev- och föräldrafrågor varje delår.")})
    assert messages(workspace, path) == []


def test_a_misspelling_stays_one_beside_those(workspace, dictionary):
    # Not a name without the party after it; not a part before a hyphen without "och"; not "…nr" of no word.
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: "Martin Wannholt skrev om hälso-vård och xqzvnr."})
    assert [m.split(" finns")[0] for m in messages(workspace, path)] == [
        "arenden/prov.yaml:12: sammanfattning: 'Wannholt'", "arenden/prov.yaml:12: sammanfattning: 'hälso-vård'",
        "arenden/prov.yaml:12: sammanfattning: 'xqzvnr'"]


def test_an_abbreviation_misspelt_is_not_accepted(workspace, dictionary):
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: "Revisorerna har granskat hemarbete blaa i kommunen."})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:12: sammanfattning: 'blaa' finns inte i ordlistan – menade du 'bala'? "
        "Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)"]


def test_peoples_and_bodies_names_are_accepted_also_in_the_genitive_and_without_it(workspace, dictionary):
    organisation = workspace.data_dir / "organisation.yaml"
    organisation.write_text(organisation.read_text("utf-8").replace("Vaggeryds kommun", "Xyrbos kommun"), "utf-8")
    workspace = Workspace(workspace.root)
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: (
        "Xyrbo och Xyrbos kommun: Annika Hedvalls och Anna Yströms svar till Personalutskottet, "
        "Personalutskottets och HR-enhetens Kommundirektör.")})
    assert messages(workspace, path) == []
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: "Xyrbo och Annika Hedvallx."})
    assert messages(workspace, path) == [
        "arenden/prov.yaml:12: sammanfattning: 'Hedvallx' finns inte i ordlistan – menade du 'Hedvall'? "
        "Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)"]


def test_a_64_kb_word_or_unclosed_brackets_are_checked_in_linear_time(workspace, dictionary):
    import signal

    def hang(signum, frame):
        raise TimeoutError("granska hänger sig på en lång text")

    word = "x" * 65536
    text = f"Skriv till anna.ystrom@example.se om {word} " + "{ " * 2000 + "](" * 2000 + "@" * 3000
    path = case(workspace, REVISIONSSVAR, **{SUMMARY: text})
    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(60)  # a hang guard, not a timing: the old pattern took minutes on the word alone
    try:
        found = messages(workspace, path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert found == [
        f"arenden/prov.yaml:12: sammanfattning: '{word}' finns inte i ordlistan – "
        "Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)"]


def test_the_pure_python_checker_spylls_gives_the_same_messages(workspace, dictionary, monkeypatch):
    import sys

    import kanslist.granska.sprak as sprak

    monkeypatch.setitem(sys.modules, "hunspell", None)  # as if the chunspell wheel were not installed
    sprak.load_hunspell.cache_clear()
    try:
        assert isinstance(sprak.hunspell(), sprak._Spylls)
        path = case(workspace, REVISIONSSVAR, **{"granskat hemarbetet": "granskat hemarbette",
                                                 "ges i uppdrag att utreda": "ges i uppdrag att att utreda"})
        assert messages(workspace, path) == [
            "arenden/prov.yaml:12: sammanfattning: 'hemarbette' finns inte i ordlistan – menade du 'hemarbetet'? "
            "Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)",
            "arenden/prov.yaml:22: rekommendationer[0].svar: 'att att': samma ord två gånger i rad – ta bort det ena "
            "(varning)"]
    finally:
        sprak.load_hunspell.cache_clear()


def test_the_native_checker_is_used_when_installed(dictionary):
    import kanslist.granska.sprak as sprak

    assert isinstance(sprak.hunspell(), sprak._Native)


def test_it_finds_text_left_from_the_skeleton_of_ny(workspace):
    from click.testing import CliRunner

    from kanslist.cli import main

    created = CliRunner().invoke(main, ["-C", str(workspace.root), "ny", "motionssvar", "--rubrik", "Svar på motion"])
    path = Path(created.output.strip())
    found = [m for m in messages(workspace, path) if "exempeltexten" in m]
    assert found == [
        "arenden/svar-pa-motion.yaml:12: sammanfattning: exempeltexten 'Skriv en kort sammanfattning här.' från "
        "kanslist ny står kvar – ersätt den med ärendets egen text",
        "arenden/svar-pa-motion.yaml:14: arendet: exempeltexten 'Beskriv ärendet här.' från kanslist ny står kvar – "
        "ersätt den med ärendets egen text",
        "arenden/svar-pa-motion.yaml:20: motion.forslagsstallare[0]: exempeltexten 'Partiet eller ledamotens namn' "
        "från kanslist ny står kvar – ersätt den med ärendets egen text",
        "arenden/svar-pa-motion.yaml:23: motion.yrkanden[0]: exempeltexten 'Motionens första att-sats' från "
        "kanslist ny står kvar – ersätt den med ärendets egen text"]


def test_a_case_written_in_its_own_words_has_no_skeleton_text(workspace):
    assert [m for m in messages(workspace, case(workspace, REVISIONSSVAR)) if "exempeltexten" in m] == []


def test_it_does_not_look_up_another_authoritys_number_in_the_register(workspace):
    from kanslist.diarium import Diarium

    with Diarium.open(workspace.diarium_url(), workspace.organisation) as register:
        known = register.nytt_arende("KS", "Granskning av hemarbete", datum="2025-01-15")
    text = REVISIONSSVAR.replace("dnr: KS 2025/064", f"dnr: {known}") + (
        "hanvisningar:\n  - {dnr: 8.5-29206/2014, text: Inspektionen för vård och omsorgs beslut}\n")
    assert messages(workspace, case(workspace, text)) == []

"""Validation: every problem of a case file, in Swedish, with file, line and field; nothing written."""

from pathlib import Path

import pytest

from kanslist.kinds import KINDS, typ_list
from click.testing import CliRunner

from kanslist.cli import main
from kanslist.errors import InvalidInput
from kanslist.pipeline.validate import validate_case
from kanslist.pipeline.load import parse_yaml

CASE = """\
typ: revisionssvar
rubrik: Granskning av hemarbete
dnr: KS 2025/064
datum: 2025-05-12
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
granskning:
  titel: Granskning av hemarbete
rekommendationer:
  - nr: 1
    rubrik: Formella överenskommelser
    stallningstagande: instammer
    svar: HR-enheten utreder.
"""


def problems(workspace, text: str) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        validate_case(parse_yaml(text, "arenden/a.yaml"), workspace)
    return [str(p) for p in info.value.problems]


def it_accepts_the_contract_shape(workspace):
    arende = validate_case(parse_yaml(CASE, "a.yaml"), workspace)
    assert arende.rekommendationer[0].stallningstagande == "instammer"


def it_reports_an_impossible_date(workspace):
    assert problems(workspace, CASE.replace("datum: 2025-05-12", "datum: 2014-13-45")) == [
        "arenden/a.yaml:4: datum: '2014-13-45' är inget giltigt datum – skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-05-12"]


def it_reports_an_unknown_stance_and_suggests_the_nearest(workspace):
    assert problems(workspace, CASE.replace("stallningstagande: instammer", "stallningstagande: instamer")) == [
        "arenden/a.yaml:13: rekommendationer[0].stallningstagande: 'instamer' är inget tillåtet värde – "
        "menade du instammer? Tillåtna värden: instammer, instammer_delvis, instammer_inte"]


def it_reports_a_missing_rubrik(workspace):
    assert problems(workspace, CASE.replace("rubrik: Granskning av hemarbete\n", "", 1)) == [
        "arenden/a.yaml:1: rubrik: saknas – lägg till fältet"]


def it_says_how_to_add_an_id_it_finds_nothing_near(workspace):
    assert problems(workspace, CASE.replace("[anna-ystrom]", "[kanslichefen-x]")) == [
        "arenden/a.yaml:7: handlaggare[0]: 'kanslichefen-x' finns inte i data/personer.yaml – lägg till id:t i "
        "data/personer.yaml, eller skriv namnet med stor bokstav om det inte ska vara ett id"]


def it_reports_an_id_that_is_not_in_data_and_suggests_the_nearest(workspace):
    assert problems(workspace, CASE.replace("[anna-ystrom]", "[ana-ystrom]")) == [
        "arenden/a.yaml:7: handlaggare[0]: 'ana-ystrom' finns inte i data/personer.yaml – menade du anna-ystrom? "
        "Skriv namnet med stor bokstav om det inte ska vara ett id."]


def it_uses_a_value_written_as_text_as_it_stands(workspace):
    arende = validate_case(parse_yaml(CASE.replace("fran: kommunledningskontoret", "fran: Socialförvaltningen"),
                                      "a.yaml"), workspace)
    assert arende.fran == "Socialförvaltningen"


def it_reports_a_misspelt_field_with_the_right_name(workspace):
    assert problems(workspace, CASE + "sammanfatning: Kort.\n") == [
        "arenden/a.yaml:15: sammanfatning: okänt fält – menade du sammanfattning?"]


def it_reports_a_case_number_that_does_not_follow_the_pattern(workspace):
    assert problems(workspace, CASE.replace("dnr: KS 2025/064", "dnr: KS-2025-64")) == [
        "arenden/a.yaml:3: dnr: 'KS-2025-64' följer inte organisationens mönster för diarienummer – "
        "skriv t.ex. KS 2026/017 (mönstret står i data/organisation.yaml)"]


def it_refuses_characters_xml_cannot_hold(workspace):
    assert problems(workspace, CASE.replace("svar: HR-enheten utreder.", 'svar: "HR\\x0benheten"')) == [
        "arenden/a.yaml:14: rekommendationer[0].svar: innehåller tecknet U+000B, som inte kan stå i ett Word-dokument – "
        "ta bort tecknet (det kommer ofta från inklistrad text)"]


def it_reports_an_unknown_kind(workspace):
    assert problems(workspace, CASE.replace("typ: revisionssvar", "typ: revisionsvar")) == [
        "arenden/a.yaml:1: typ: 'revisionsvar' är ingen känd ärendetyp – menade du revisionssvar? Tillåtna värden: "
        + ", ".join(KINDS)]  # every registered kind, in the registry's order


def it_collects_every_problem_before_stopping(workspace):
    text = CASE.replace("datum: 2025-05-12", "datum: 2014-13-45").replace("stallningstagande: instammer",
                                                                          "stallningstagande: ja")
    assert len(problems(workspace, text)) == 2


def it_exits_1_and_writes_nothing_for_an_invalid_case(workspace_dir: Path):
    bad = workspace_dir / "arenden" / "trasig.yaml"
    bad.write_text(CASE.replace("datum: 2025-05-12", "datum: 2014-13-45"), "utf-8")
    result = CliRunner().invoke(main, ["-C", str(workspace_dir), "bygg", str(bad)])
    assert result.exit_code == 1
    assert "arenden/trasig.yaml:4: datum: '2014-13-45' är inget giltigt datum" in result.output
    assert "0 byggda, 0 oförändrade, 1 med fel" in result.output
    assert not (workspace_dir / "build" / "trasig").exists()


def it_reports_a_case_number_of_a_series_the_organisation_does_not_have(workspace):
    assert problems(workspace, CASE.replace("dnr: KS 2025/064", "dnr: XX 2025/064")) == [
        "arenden/a.yaml:3: dnr: 'XX 2025/064': serien XX finns inte i organisationen – "
        "använd en av KF, KS (serie: under enheter i data/organisation.yaml)"]


def it_reports_an_unknown_id_among_the_action_owners(workspace):
    text = CASE + "    atgarder:\n      - atgard: Utreda\n        ansvarig: hr-enhete\n"
    assert problems(workspace, text) == [
        "arenden/a.yaml:17: rekommendationer[0].atgarder[0].ansvarig: 'hr-enhete' finns inte i data/organisation.yaml "
        "(enheter) – menade du hr-enheten? Skriv namnet med stor bokstav om det inte ska vara ett id."]


def it_reports_a_pasted_control_character_with_its_line(workspace):
    assert problems(workspace, CASE.replace("svar: HR-enheten utreder.", "svar: HR\x0benheten")) == [
        "arenden/a.yaml:14: innehåller tecknet U+000B, som inte kan stå i ett Word-dokument – "
        "ta bort tecknet (det kommer ofta från inklistrad text)"]


def it_speaks_of_the_written_out_form_of_a_person_only(workspace):
    assert problems(workspace, CASE.replace("[anna-ystrom]", "[{namn: Anna, titl: HR-chef}]")) == [
        "arenden/a.yaml:7: handlaggare[0].titl: okänt fält – menade du titel?"]


# ---- case numbers: several patterns, other authorities' numbers --------------------------------

def accepted(workspace, text: str):
    return validate_case(parse_yaml(text, "arenden/a.yaml"), workspace)


def _older(workspace):
    org = workspace.organisation.model_copy(update={"diarienummer_aldre": ["{ar}{serie}{lopnr}.{klass}"]})
    object.__setattr__(workspace, "organisation", org)
    return workspace


def it_accepts_an_older_number_of_the_organisation(workspace):
    assert accepted(_older(workspace), CASE.replace("dnr: KS 2025/064", "dnr: 2016KSM1221.042")).dnr == "2016KSM1221.042"


def it_names_the_older_patterns_when_a_number_follows_none(workspace):
    assert problems(_older(workspace), CASE.replace("dnr: KS 2025/064", "dnr: KS-2025-64")) == [
        "arenden/a.yaml:3: dnr: 'KS-2025-64' följer inte organisationens mönster för diarienummer – "
        "skriv t.ex. KS 2026/017 (mönstret står i data/organisation.yaml eller ett äldre mönster under "
        "diarienummer_aldre)"]


def it_takes_another_authoritys_number_in_a_reference_or_er_beteckning_as_free_text(workspace):
    text = CASE.replace("dnr: KS 2025/064", "dnr: KS 2025/064\ner_beteckning: 8.5-29206/2014\n"
                                            "hanvisningar:\n  - {dnr: 8.5-29206/2014, text: IVO:s tillsyn}\n"
                                            "  - {dnr: SCN-2015-0180, text: Nämndens ärende}")
    assert accepted(workspace, text).er_beteckning == "8.5-29206/2014"


def it_checks_a_referenced_number_written_in_the_organisations_own_series(workspace):
    text = CASE.replace("dnr: KS 2025/064", "dnr: KS 2025/064\nhanvisningar:\n  - {dnr: XX 2025/1, text: Annat}")
    assert accepted(workspace, text).hanvisningar[0].dnr == "XX 2025/1"  # another authority's series
    text = CASE.replace("dnr: KS 2025/064", "dnr: KS 2025/064\ndnr_ovriga: [KS 2025-1]")
    assert problems(workspace, text) == [
        "arenden/a.yaml:4: dnr_ovriga[0]: 'KS 2025-1' följer inte organisationens mönster för diarienummer – "
        "skriv t.ex. KS 2026/017 (mönstret står i data/organisation.yaml)"]


def it_allows_two_numbers_on_one_paper(workspace):
    text = CASE.replace("dnr: KS 2025/064", "dnr: KS 2025/064\ndnr_ovriga: [KF 2025/012]")
    assert accepted(workspace, text).dnr_ovriga == ["KF 2025/012"]


def it_looks_up_only_numbers_of_todays_pattern_and_own_series_in_the_register(workspace):
    org = _older(workspace).organisation
    assert org.in_register_series("KS 2025/064")
    assert not org.in_register_series("2016KSM1221.042")
    assert not org.in_register_series("XX 2025/064")
    assert not org.in_register_series("8.5-29206/2014")


def it_refuses_a_bidi_override_in_a_title(workspace):
    from kanslist.errors import InvalidInput
    from kanslist.pipeline.load import parse_yaml
    from kanslist.pipeline.validate import validate_case

    text = ("typ: tjansteskrivelse\nrubrik: \"Svar \\u202eabc\"\ndatum: 2026-01-15\nfran: kommunledningskontoret\n"
            "till: kommunstyrelsen\nhandlaggare: [anna-ystrom]\n")
    with pytest.raises(InvalidInput) as raised:
        validate_case(parse_yaml(text, "arenden/x.yaml"), workspace)
    assert str(raised.value.problems[0]) == (
        "arenden/x.yaml:2: rubrik: rubriken innehåller ett osynligt styrtecken för textriktning (U+202E) som kan få "
        "texten att visas i en annan ordning än den sparas – skriv texten utan det; det följer ofta med när text "
        "kopieras")

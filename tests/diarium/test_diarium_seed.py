"""Cases that already have a number: a registrar moving from an earlier register enters them as they are."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from kanslist.cli import main
from kanslist.diarium import DiariumError, OkandSerie, OkantDiarienummer


def test_it_enters_a_case_with_its_number_and_date(diarium):
    assert diarium.befintligt_arende("KS 2026/017", "Revidering av attestreglemente", datum="2026-01-22") == "KS 2026/017"
    case = diarium.visa("KS 2026/017")
    assert (case.rubrik, case.datum, case.status) == ("Revidering av attestreglemente", dt.date(2026, 1, 22), "oppet")
    assert [e.atgard for e in diarium.logg("KS 2026/017")] == ["befintligt_arende"]


def test_new_numbers_follow_the_highest_entered_number_of_the_series_and_year(diarium):
    assert diarium.nytt_arende("KS", "Först") == "KS 2026/001"
    diarium.befintligt_arende("KS 2026/017", "Ur det tidigare diariet")
    diarium.befintligt_arende("KS 2026/009", "Också ur det tidigare diariet")  # below the highest: counter stays
    diarium.befintligt_arende("KS 2025/140", "Förra året", datum="2025-03-02")
    assert diarium.nytt_arende("KS", "Nytt") == "KS 2026/018"
    assert diarium.nytt_arende("KS", "Nytt igen") == "KS 2026/019"
    assert diarium.nytt_arende("KS", "Sent registrerat", datum="2025-12-30") == "KS 2025/141"


def test_a_number_written_without_padding_is_entered_as_the_pattern_writes_it(diarium):
    assert diarium.befintligt_arende("KS 2026/17", "Utan nollor") == "KS 2026/017"


def test_it_refuses_a_number_already_in_the_register(diarium):
    diarium.nytt_arende("KS", "Först")
    with pytest.raises(DiariumError) as given:
        diarium.befintligt_arende("KS 2026/001", "Samma nummer")
    assert str(given.value) == "KS 2026/001 finns redan i diariet – se 'kanslist diarium visa KS 2026/001'"
    diarium.befintligt_arende("KS 2026/017", "Ur det tidigare diariet")
    with pytest.raises(DiariumError) as given:
        diarium.befintligt_arende("KS 2026/17", "Samma nummer utan nollor")
    assert str(given.value) == "KS 2026/017 finns redan i diariet – se 'kanslist diarium visa KS 2026/017'"


def test_it_refuses_text_that_is_not_a_number_of_the_organisation(diarium):
    with pytest.raises(OkantDiarienummer) as given:
        diarium.befintligt_arende("KS-2026-017", "Fel form")
    assert str(given.value) == "'KS-2026-017' är inget diarienummer – skriv det som KS 2026/017"
    with pytest.raises(OkandSerie) as given:
        diarium.befintligt_arende("BN 2026/017", "Okänd serie")
    assert str(given.value).startswith("serien 'BN' i BN 2026/017 finns inte – kända serier: ")
    with pytest.raises(DiariumError) as given:
        diarium.befintligt_arende("KS 2026/000", "Noll")
    assert str(given.value) == "KS 2026/000: löpnumret måste vara 1 eller större"


def test_it_refuses_the_number_of_a_document(diarium):
    with pytest.raises(DiariumError) as given:
        diarium.befintligt_arende("KS 2026/017-3", "En handling")
    assert str(given.value) == ("KS 2026/017-3 är numret på en handling, inte på ett ärende – ange ärendets nummer "
                                "utan handlingens, t.ex. KS 2026/017")


ORGANISATION_YAML = """\
namn: Vaggeryds kommun
diarienummer: "{serie} {ar}/{lopnr:03d}[-{handling}]"
beslutsform: att
enheter:
  kommunstyrelsen:        {namn: Kommunstyrelsen, typ: namnd, serie: KS}
  kommunledningskontoret: {namn: Kommunledningskontoret, typ: forvaltning}
"""


@pytest.fixture
def run(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "organisation.yaml").write_text(ORGANISATION_YAML, encoding="utf-8")

    def invoke(*args: str):
        return CliRunner().invoke(main, ["-C", str(tmp_path), "diarium", *args], catch_exceptions=False)

    return invoke


def test_nytt_with_dnr_enters_the_case_and_later_numbers_follow_it(run):
    result = run("nytt", "--dnr", "KS 2025/017", "--rubrik", "Attestreglemente", "--datum", "2025-01-22")
    assert (result.exit_code, result.output) == (0, "KS 2025/017\n")
    assert run("nytt", "--serie", "KS", "--rubrik", "Nästa", "--datum", "2025-02-01").output == "KS 2025/018\n"
    result = run("nytt", "--dnr", "KS 2025/017", "--rubrik", "Igen")
    assert (result.exit_code, result.output) == (
        1, "KS 2025/017 finns redan i diariet – se 'kanslist diarium visa KS 2025/017'\n")


def test_nytt_needs_a_series_or_a_number_and_not_both(run):
    result = run("nytt", "--rubrik", "Utan serie")
    assert result.exit_code == 2
    assert "ange --serie för ett nytt nummer, eller --dnr för ett ärende som redan har ett nummer" in result.output
    result = run("nytt", "--serie", "KS", "--dnr", "KS 2025/017", "--rubrik", "Båda")
    assert result.exit_code == 2
    assert "--dnr ger redan serien och klassificeringen – ange inte --serie eller --klass med --dnr" in result.output

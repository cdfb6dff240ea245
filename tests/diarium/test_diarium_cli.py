"""`kanslist diarium ...`: arguments reach the API, results and errors reach the user."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kanslist.cli import main
from kanslist.workspace import Workspace

ORGANISATION_YAML = """\
namn: Vaggeryds kommun
diarienummer: "{serie} {ar}/{lopnr:03d}[-{handling}]"
beslutsform: att
enheter:
  kommunstyrelsen:        {namn: Kommunstyrelsen, typ: namnd, serie: KS}
  personalutskottet:      {namn: Personalutskottet, typ: utskott, under: kommunstyrelsen}
  kommunledningskontoret: {namn: Kommunledningskontoret, typ: forvaltning}
"""


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "organisation.yaml").write_text(ORGANISATION_YAML, encoding="utf-8")
    return Workspace(tmp_path)


@pytest.fixture
def run(workspace):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["-C", str(workspace.root), "diarium", *args], catch_exceptions=False)

    return invoke


def test_nytt_prints_the_new_number(run):
    result = run("nytt", "--serie", "KS", "--rubrik", "Budget 2027", "--vem", "anna")
    assert (result.exit_code, result.output) == (0, result.output.strip() + "\n")
    assert result.output.startswith("KS ") and result.output.strip().endswith("/001")


def test_a_case_can_be_registered_listed_shown_voided_and_closed(run, tmp_path):
    dnr = run("nytt", "--serie", "KS", "--rubrik", "Budget").output.strip()
    paper = tmp_path / "brev.pdf"
    paper.write_bytes(b"%PDF")
    result = run("registrera", dnr, "--riktning", "inkommande", "--beskrivning", "Brev", "--motpart", "Region",
                 "--fil", str(paper))
    assert (result.exit_code, result.output) == (0, f"{dnr}-1\n")
    assert run("registrera", dnr, "--riktning", "upprattad", "--beskrivning", "Svar").output == f"{dnr}-2\n"
    shown = run("visa", dnr).output
    assert "Inkommande – Region: Brev" in shown and "fil: brev.pdf sha256 " in shown
    assert run("makulera", dnr, "--orsak", "Fel", "--handling", "2").output == f"{dnr} handling 2 makulerad\n"
    assert run("avsluta", dnr).output == f"{dnr} avslutat\n"
    listing = run("lista").output.splitlines()
    assert listing[0] == "Diarienummer;Datum;Typ;Riktning;Avsändare/mottagare;Beskrivning;Status;Sekretess"
    assert listing[3].endswith(";Svar;Makulerad: Fel;")
    assert run("lista", "--format", "html").output.startswith("<!DOCTYPE html>")
    exported = json.loads(run("export").output)
    assert [h["beskrivning"] for h in exported["arenden"][0]["handlingar"]] == ["Brev", "Svar"]
    assert run("export", "--format", "csv").output.startswith("diarienummer;arende;handling;")
    assert [json.loads(line)["atgard"] for line in run("logg", dnr).output.splitlines()] == [
        "nytt_arende", "registrera", "registrera", "makulera", "avsluta"]


def test_a_classified_subject_stays_out_of_the_listing(run):
    run("nytt", "--serie", "KS", "--rubrik", "Hemlig utredning om N.N.", "--sekretess", "39 kap. 3 § OSL")
    for form in ("csv", "html"):
        output = run("lista", "--format", form).output
        assert "N.N." not in output and "Sekretess enligt 39 kap. 3 § OSL" in output


def test_errors_are_one_swedish_line_and_exit_status_1(run):
    result = run("nytt", "--serie", "BN", "--rubrik", "Bygglov")
    assert result.exit_code == 1
    assert result.output == "serien 'BN' finns inte – kända serier: KS\n"
    result = run("visa", "KS 2020/999")
    assert (result.exit_code, result.output) == (1, "KS 2020/999 finns inte i diariet – se 'kanslist diarium lista'\n")


def test_a_missing_option_is_a_usage_error(run):
    assert run("nytt", "--serie", "KS").exit_code == 2
    assert run("registrera", "KS 2026/001", "--riktning", "skickad", "--beskrivning", "x").exit_code == 2


def test_without_C_it_uses_the_current_folder(workspace, monkeypatch):
    monkeypatch.chdir(workspace.root)
    result = CliRunner().invoke(main, ["diarium", "nytt", "--serie", "KS", "--rubrik", "Här"])
    assert result.exit_code == 0 and result.output.startswith("KS ")
    assert (workspace.data_dir / "diarium.sqlite").exists()


def test_outside_a_workspace_it_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diarium", "lista"])
    assert result.exit_code == 1
    assert "ingen arbetsyta här (data/organisation.yaml saknas)" in result.output


def test_under_the_main_command_it_uses_the_workspace_named_by_C(workspace, tmp_path, monkeypatch):
    from kanslist.cli import main

    monkeypatch.chdir(tmp_path.parent)
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(workspace.root), "diarium", "nytt", "--serie", "KS", "--rubrik", "A"])
    assert result.exit_code == 0 and result.output.startswith("KS ")
    result = runner.invoke(main, ["-C", str(workspace.root), "diarium", "visa", "KS 2020/5"])
    assert result.exit_code == 1
    assert "KS 2020/5 finns inte i diariet" in result.output

"""Reopening a closed register case (`kanslist diarium ateroppna DNR`): the status, the log, the refusals."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kanslist.cli import main
from kanslist.diarium import DiariumError
from kanslist.workspace import Workspace

ORGANISATION_YAML = """\
namn: Vaggeryds kommun
diarienummer: "{serie} {ar}/{lopnr:03d}[-{handling}]"
beslutsform: att
enheter:
  kommunstyrelsen: {namn: Kommunstyrelsen, typ: namnd, serie: KS}
"""


@pytest.fixture
def run(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "organisation.yaml").write_text(ORGANISATION_YAML, encoding="utf-8")
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["-C", str(tmp_path), "diarium", *args])


def test_ateroppna_reopens_a_closed_case_and_logs_who(run):
    dnr = run("nytt", "--serie", "KS", "--rubrik", "Budget", "--vem", "rita").output.strip()
    assert run("avsluta", dnr, "--vem", "rita").output == f"{dnr} avslutat\n"
    result = run("ateroppna", dnr, "--vem", "rita")
    assert (result.exit_code, result.output) == (0, f"{dnr} öppnat igen\n")
    assert "Öppet" in run("visa", dnr).output
    log = run("logg", dnr).output
    assert log.index("avsluta") < log.index("ateroppna") and "rita" in log


def test_ateroppna_says_why_it_refuses(run):
    dnr = run("nytt", "--serie", "KS", "--rubrik", "Budget").output.strip()
    refused = run("ateroppna", dnr)
    assert (refused.exit_code, refused.output) == (
        1, f"{dnr} är redan öppet – bara ett avslutat ärende kan öppnas igen\n")
    run("makulera", dnr, "--orsak", "Fel serie")
    refused = run("ateroppna", dnr)
    assert (refused.exit_code, refused.output) == (
        1, f"{dnr} är makulerat – ett makulerat ärende kan inte öppnas igen\n")
    assert run("avsluta", dnr).output == f"{dnr} är makulerat – ett makulerat ärende kan inte avslutas\n"


def test_the_library_refuses_closing_twice(tmp_path):
    from kanslist.diarium.register import Diarium

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "organisation.yaml").write_text(ORGANISATION_YAML, encoding="utf-8")
    ws = Workspace(tmp_path)
    with Diarium.open(ws.diarium_url(), ws.organisation) as d:
        dnr = d.nytt_arende("KS", "a")
        d.avsluta(dnr)
        with pytest.raises(DiariumError) as raised:
            d.avsluta(dnr)
        assert str(raised.value) == f"{dnr} är redan avslutat"


def test_ateroppna_has_swedish_help(run):
    help_text = " ".join(run("ateroppna", "--help").output.split())  # click wraps the text
    assert "Öppna ett avslutat ärende igen, så att nya handlingar kan registreras i det (loggas)." in help_text

"""The remissyttrande kind: added as one module, one registry line, one template, one example case."""

import datetime as dt
from pathlib import Path

import pytest

from kanslist import api
from kanslist.granska.run import granska

from support import EXAMPLES, copy_workspace

CASE = "yttrande-remiss-distansarbete.yaml"


@pytest.fixture
def falkoping(tmp_path):
    return api.open_workspace(copy_workspace(EXAMPLES["falkoping"], tmp_path / "ws"))


def it_builds_the_tjansteskrivelse_and_the_letter_to_the_sender(falkoping):
    report = api.build(falkoping, [falkoping.arenden_dir / CASE], jobs=1)
    assert report.ok and report.review == []
    assert report.results[0].outputs == ["tjansteskrivelse.docx", "yttrande.docx"]


def it_warns_of_an_answer_dated_after_the_deadline_and_an_unsigned_letter(falkoping):
    path = falkoping.arenden_dir / CASE
    text = path.read_text("utf-8").replace("datum: 2026-03-02", "datum: 2026-04-02")
    text = text[:text.index("undertecknare:")]
    path.write_text(text, "utf-8")
    found = [str(p) for p in granska(falkoping, [path], idag=dt.date(2026, 4, 2), mallar=False)
             if "yttrandet" in p.message]
    assert found == [
        f"arenden/{CASE}: undertecknare: yttrandet har ingen undertecknare – ange vem som skriver under, t.ex. "
        "undertecknare: [{namn: ..., titel: Ordförande}] (varning)",
        f"arenden/{CASE}:22: remiss.svar_senast: yttrandet är daterat 2026-04-02, efter remisstiden 2026-03-31 – "
        "be avsändaren om anstånd och skriv det i sammanfattningen, eller rätta datumet (varning)"]


def it_is_offered_by_ny_with_a_skeleton_that_validates(falkoping):
    path = api.new_case(falkoping, "yttrande", "Yttrande över remiss om bostäder")
    loaded, arende = api.load_case_text(falkoping, Path(path).read_text("utf-8"))
    assert arende.typ == "yttrande" and arende.remiss.titel == "Yttrande över remiss om bostäder"

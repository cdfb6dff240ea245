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


def _with_style(ws, *settings: str) -> None:
    """Add ``settings`` (lines such as "mottagare_rad: '{mottagare}'") to organisation.yaml's stil."""
    org = ws.root / "data" / "organisation.yaml"
    text = org.read_text("utf-8")
    lines = "".join(f"  {s}\n" for s in settings)
    text = text.replace("\nstil:\n", "\nstil:\n" + lines, 1) if "\nstil:\n" in text else text + "stil:\n" + lines
    org.write_text(text, "utf-8")


def _letter_lines(ws) -> list[str]:
    import docx

    report = api.build(ws, [ws.arenden_dir / CASE], jobs=1)
    assert report.ok, [str(p) for r in report.results for p in r.problems]
    document = docx.Document(str(ws.build_dir / Path(CASE).stem / "yttrande.docx"))
    return [p.text for p in document.paragraphs if p.text][:5]


def it_writes_the_recipient_and_their_number_as_most_organisations_do(falkoping):
    assert _letter_lines(falkoping)[:3] == [
        "Till Arbetsmarknadsdepartementet", "Er beteckning: A2025/01234",
        "Yttrande över remissen Arbetsmiljö vid arbete på distans"]


def it_writes_the_recipient_address_and_number_as_the_organisation_configures(falkoping):
    # A letterhead like Norrköping's: the name without "Till", the city under it, the bare number after the title.
    _with_style(falkoping, "mottagare_rad: '{mottagare}'", "er_beteckning_rad: '{beteckning}'",
                "er_beteckning_efter_rubrik: true")
    case = falkoping.arenden_dir / CASE
    case.write_text(case.read_text("utf-8").replace(
        "  avsandare: Arbetsmarknadsdepartementet\n",
        "  avsandare: Arbetsmarknadsdepartementet\n  adress: |\n    103 33\n    STOCKHOLM\n"), "utf-8")
    assert _letter_lines(api.open_workspace(falkoping.root)) == [
        "Arbetsmarknadsdepartementet", "103 33", "STOCKHOLM", "Yttrande över remissen Arbetsmiljö vid arbete på distans",
        "A2025/01234"]


@pytest.mark.parametrize("setting, message", [
    ("mottagare_rad: 'Till {namn}'",
     "raden 'Till {namn}' har okända delar – använd bara {mottagare}, t.ex. 'Till {mottagare}'"),
    ("er_beteckning_rad: 'Er beteckning'",
     "raden 'Er beteckning' saknar {beteckning} – skriv t.ex. 'Er beteckning: {beteckning}'"),
])
def it_refuses_a_letterhead_line_with_unknown_parts(falkoping, setting, message):
    from kanslist.errors import InvalidInput
    from kanslist.organisation import load_organisation

    _with_style(falkoping, setting)
    with pytest.raises(InvalidInput) as caught:
        load_organisation(falkoping.root / "data" / "organisation.yaml")
    assert message in str(caught.value)

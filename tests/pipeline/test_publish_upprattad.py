"""The register follows the case, as the law does: a paper is registered when it is upprättad."""

from __future__ import annotations

import datetime as dt
import pytest
import yaml
from click.testing import CliRunner

from kanslist.api import build
from kanslist.cli import main
from kanslist.diarium.register import Diarium
from kanslist.pipeline.publish import built_documents, upprattade
from kanslist.workspace import Workspace

from support import REPO, copy_workspace

YEAR = REPO / "examples" / "kommun-ar"


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    root = copy_workspace(YEAR, tmp_path_factory.mktemp("ar") / "ws", meetings=True)
    workspace = Workspace(root)
    report = build(workspace, jobs=1, review=False)
    assert report.ok
    return workspace, built_documents(report)


def chosen(year, day: dt.date) -> set[str]:
    workspace, documents = year
    return {f"{d.path.parent.name}/{d.path.name}" for d in upprattade(workspace, documents, day)}


def it_registers_a_tjansteskrivelse_when_the_kallelse_with_it_is_made(year):
    # The internal control plan on kommunstyrelsen's agenda of 2026-12-01, whose kallelse is upprättad 2026-11-24.
    on_agenda = "2026-083-internkontrollplan-2027/tjansteskrivelse.docx"
    assert on_agenda not in chosen(year, dt.date(2026, 11, 23))
    assert on_agenda in chosen(year, dt.date(2026, 11, 24))
    workspace, documents = year
    dated = {f"{d.path.parent.name}/{d.path.name}": d.datum for d in upprattade(workspace, documents, dt.date(2027, 1, 1))}
    assert dated[on_agenda] == dt.date(2026, 11, 24)


def it_registers_the_extracts_only_once_the_protocol_is_justerat(year):
    before = chosen(year, dt.date(2026, 12, 1))  # ks 2026-12-01 is justerat 2026-12-02
    after = chosen(year, dt.date(2026, 12, 2))
    extract = "ks-2026-12-01/utdrag-1.docx"
    assert not any(name.startswith("ks-2026-12-01/utdrag") for name in before)
    assert extract not in before and any(name.startswith("ks-2026-12-01/utdrag") for name in after)


def it_registers_a_letter_to_the_auditors_once_the_decision_is_justerat(year):
    workspace, documents = year
    letters = {f"{d.path.parent.name}/{d.path.name}" for d in documents if d.path.name == "svar-till-revisorerna.docx"}
    assert letters
    early = chosen(year, dt.date(2026, 1, 1))
    late = chosen(year, dt.date(2027, 1, 1))
    assert letters.isdisjoint(early) and letters <= late


def it_registers_the_kallelse_protocol_and_anslag_as_the_meetings_own_papers(year):
    workspace, documents = year
    papers = {f"{d.path.parent.name}/{d.path.name}": d for d in upprattade(workspace, documents, dt.date(2026, 2, 12))}
    kallelse, protokoll = papers["ks-2026-02-10/kallelse.docx"], papers["ks-2026-02-10/protokoll.docx"]
    assert (kallelse.meeting_case, kallelse.datum, kallelse.label) == (
        "Sammanträden Kommunstyrelsen 2026", dt.date(2026, 2, 3), "Kallelse")  # the meeting file's upprattad
    assert (protokoll.datum, protokoll.dnr) == (dt.date(2026, 2, 12), "")  # justerat 2026-02-12
    assert "ks-2026-02-10/anslag.docx" not in papers  # put up the day after the justering
    assert papers["ks-2026-02-10/utdrag-4.docx"].dnr == "KS 2026/131"
    assert "ks-2026-02-10/anslag.docx" in chosen(year, dt.date(2026, 2, 13))


def it_registers_a_document_changed_after_registration_as_a_new_version(workspace_dir):
    def run(*args):
        return CliRunner().invoke(main, ["-C", str(workspace_dir), *args])

    assert run("ny", "tjansteskrivelse", "--rubrik", "Budget 2027", "--registrera").exit_code == 0
    path = workspace_dir / "arenden" / "budget-2027.yaml"
    dnr = yaml.safe_load(path.read_text("utf-8"))["dnr"]
    assert run("bygg", str(path), "--registrera").exit_code == 0
    assert run("bygg", str(path), "--registrera").exit_code == 0  # unchanged: nothing new
    path.write_text(path.read_text("utf-8").replace("Beskriv ärendet här.", "Budgeten för 2027."), "utf-8")
    assert run("bygg", str(path), "--registrera").exit_code == 0
    ws = Workspace(workspace_dir)
    with Diarium.open(ws.diarium_url(), ws.organisation) as diarium:
        descriptions = [h.beskrivning for h in diarium.visa(dnr).handlingar]
    assert descriptions == ["Tjänsteskrivelse: Budget 2027", "Tjänsteskrivelse: Budget 2027 (version 2)"]

"""The register follows the case, as the law does: a paper is registered when it is upprättad."""

from __future__ import annotations

import datetime as dt
import shutil

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
    root = copy_workspace(YEAR, tmp_path_factory.mktemp("ar") / "ws")
    shutil.copytree(YEAR / "sammantraden", root / "sammantraden")
    workspace = Workspace(root)
    report = build(workspace, jobs=1, review=False)
    assert report.ok
    return workspace, built_documents(report)


def chosen(year, day: dt.date) -> set[str]:
    workspace, documents = year
    return {f"{d.path.parent.name}/{d.path.name}" for d in upprattade(workspace, documents, day)}


def it_registers_a_tjansteskrivelse_when_the_kallelse_with_it_is_made(year):
    # The audit answer on kommunstyrelsen's agenda of 2026-12-01: its kallelse is built.
    on_agenda = "2026-083-internkontrollplan-2027/tjansteskrivelse.docx"
    assert on_agenda in chosen(year, dt.date(2026, 11, 20))


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


def it_never_registers_the_kallelse_protocol_or_anslag_as_case_papers(year):
    late = chosen(year, dt.date(2027, 1, 1))
    assert not any(name.rsplit("/", 1)[1] in ("kallelse.docx", "protokoll.docx", "anslag.docx") for name in late)


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

"""End to end: build the year of examples/kommun-ar once and read its meeting papers back with python-docx."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import openpyxl
import pytest

from expected_text import document_text, plain_text
from kanslist.pipeline.build import build
from kanslist.sammantrade.beslut import references_for
from kanslist.sammantrade.motioner import write_report
from kanslist.workspace import Workspace

from meetings_support import copy_kommun_ar

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "kommun-ar" / "sammantraden"


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> Path:
    """examples/kommun-ar copied and built once for the module; returns the workspace root."""
    root = copy_kommun_ar(tmp_path_factory.mktemp("kommun-ar"))
    report = build(Workspace(root), jobs=1)
    assert report.ok, [(r.case, [str(p) for p in r.problems], r.message) for r in report.results if r.status == "fel"]
    return root


def _meeting(year: Path, name: str) -> Path:
    return year / "build" / "sammantraden" / name


def it_builds_every_meeting_of_the_year(year):
    built = sorted(p.name for p in (year / "build" / "sammantraden").iterdir())
    assert built == ["kf-2026-02-23", "kf-2026-04-20", "kf-2026-06-15", "kf-2026-12-14", "ks-2026-02-10",
                     "ks-2026-03-31", "ks-2026-06-02", "ks-2026-09-15", "ks-2026-12-01"]


def it_matches_the_expected_text_of_every_meeting_document(year):
    expected = sorted(GOLDEN.rglob("*.txt"))
    assert len(expected) > 40, "kör 'make golden'"
    for path in expected:
        actual = document_text(_meeting(year, path.parent.name) / f"{path.stem}.docx")
        assert actual == path.read_text("utf-8"), f"{path} skiljer sig – kör 'make golden' och granska diffen"
    produced = {(p.parent.name, p.stem) for p in (year / "build" / "sammantraden").rglob("*.docx")}
    assert produced == {(p.parent.name, p.stem) for p in expected}


def it_matches_the_expected_text_of_every_case_document(year):
    cases = [p for p in GOLDEN.parent.rglob("*.txt") if GOLDEN not in p.parents]
    assert len(cases) >= 33
    for path in cases:
        actual = document_text(year / "build" / path.parent.name / f"{path.stem}.docx")
        assert actual == path.read_text("utf-8"), f"{path} skiljer sig – kör 'make golden' och granska diffen"


def it_lists_the_agenda_in_order_with_proposals_from_the_cases(year):
    text = plain_text(_meeting(year, "ks-2026-03-31") / "kallelse.docx")
    assert "Ärenden till kommunfullmäktige: 3–4, 7" in text
    assert ("3. Årsredovisning 2025 för Åsby kommun\nDnr KS 2026/021\nFörslag till beslut\n"
            "Kommunstyrelsen föreslår kommunfullmäktige\natt godkänna årsredovisningen för 2025,\n"
            "att överlämna den till revisorerna och kommunfullmäktige.\n") in text
    assert text.index("1. Val av justerare") < text.index("2. Information om arbetet") < text.index("7. Svar på motion")
    closed = plain_text(_meeting(year, "ks-2026-09-15") / "kallelse.docx")
    assert "Sammanträdet är öppet för allmänheten utom de punkter som är markerade med (sluten del)." in closed
    assert "2. Information om kommunens arbete med civilt försvar (sluten del)" in closed
    table = docx.Document(str(_meeting(year, "ks-2026-03-31") / "kallelse.docx")).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Anders Lind (M)\nOrdförande", "Johan Ek\nSekreterare"]


def it_writes_the_front_page_with_ersattare_justering_and_paragraphs(year):
    document = docx.Document(str(_meeting(year, "ks-2026-06-02") / "protokoll.docx"))
    front = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert front["Tjänstgörande ersättare"] == "Pia Lund (V), ersätter Hassan Omar (V)"
    assert front["Utses att justera"] == "Birgitta Sand (S)"
    assert front["Justeringens plats och tid"] == "Sammanträdesrum Ån, tisdagen den 2 juni 2026 kl. 16.00"
    assert front["Paragrafer"] == "§§ 13–19"
    assert front["Beslutande"].startswith("Anders Lind (M), ordförande\nBirgitta Sand (S)")
    footer = document.sections[0].footer.tables[0]
    assert [c.text.strip() for c in footer.rows[0].cells] == ["Justerandes signatur", "Utdragsbestyrkande"]
    digital = plain_text(_meeting(year, "kf-2026-06-15") / "protokoll.docx")
    assert "Protokollet justeras digitalt med elektronisk underskrift av sekreteraren, ordföranden och justerarna." \
        in digital


def it_records_the_vote_member_by_member(year):
    document = docx.Document(str(_meeting(year, "ks-2026-03-31") / "protokoll.docx"))
    vote = next(t for t in document.tables if t.rows[0].cells[0].text == "Ledamot")
    rows = [[c.text for c in row.cells] for row in vote.rows]
    assert rows[0] == ["Ledamot", "Ja", "Nej", "Avstår"]
    assert ["David Odén (SD)", "", "X", ""] in rows and ["Hassan Omar (V)", "", "", "X"] in rows
    assert rows[-1] == ["Summa", "7", "1", "1"]
    text = plain_text(_meeting(year, "ks-2026-03-31") / "protokoll.docx")
    assert ("Med 7 ja-röster mot 1 nej-röst beslutar kommunstyrelsen enligt kommunledningskontorets förslag. "
            "1 ledamot avstår från att rösta.") in text
    assert "David Odén (SD) reserverar sig mot beslutet till förmån för eget yrkande." in text


def it_prints_a_decision_not_as_proposed_and_immediate_justering(year):
    kf = plain_text(_meeting(year, "kf-2026-06-15") / "protokoll.docx")
    assert ("Beslut\nMotionen återremitteras till kommunstyrelsen för att utreda en avgiftsfri lånecentral för "
            "fritidsutrustning.\n") in kf
    extract = _meeting(year, "ks-2026-06-02") / "utdrag-19.docx"
    assert "Paragrafen förklaras omedelbart justerad." in plain_text(extract)
    fields = {row.cells[0].text: row.cells[1].text for row in docx.Document(str(extract)).tables[-1].rows}
    assert fields == {"Justerat": "2026-06-02", "Anslag": "Paragrafen justerades omedelbart 2026-06-02"}


def it_ends_each_extract_with_the_certification_and_a_signature_line(year):
    folder = _meeting(year, "ks-2026-12-01")
    extracts = sorted(p.name for p in folder.glob("utdrag-*.docx"))
    assert extracts == [f"utdrag-{nr}.docx" for nr in range(26, 33)]
    lines = plain_text(folder / "utdrag-31.docx").rstrip("\n").split("\n")
    assert lines[1] == "Dnr KS 2025/087"
    assert lines[-5:] == ["Utdragets riktighet intygas", "", "_______________________________", "Johan Ek",
                          "Kommunsekreterare"]
    heading = docx.Document(str(folder / "utdrag-31.docx")).paragraphs[0]
    assert (heading.style.name, heading.text) == ("Heading 1", "§ 31 Svar på motion om cykelväg mellan Åsby och Norrby")
    # An information item of the meeting file decides nothing: no extract.
    assert sorted(p.name for p in _meeting(year, "ks-2026-02-10").glob("utdrag-*.docx")) == [
        f"utdrag-{nr}.docx" for nr in range(2, 7)]


def it_dates_the_anslag_and_the_last_day_to_appeal(year):
    # Justering skärtorsdagen 2026-04-02: anslag after Easter, appeal three weeks on.
    document = docx.Document(str(_meeting(year, "ks-2026-03-31") / "anslag.docx"))
    fields = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert (fields["Protokollet justerades"], fields["Anslaget sätts upp"], fields["Sista dag för överklagande"],
            fields["Anslaget tas ned"]) == ("2026-04-02", "2026-04-07", "2026-04-28", "2026-04-29")
    # Anslag 2026-12-03: three weeks end on julafton, moved past juldagen and the weekend.
    record = json.loads((_meeting(year, "ks-2026-12-01") / "beslut.json").read_text("utf-8"))
    assert (record["anslag"], record["sista_overklagandedag"]) == ("2026-12-03", "2026-12-28")
    page = (_meeting(year, "ks-2026-12-01") / "anslag.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"sv\">")
    assert '<dt>Sista dag för överklagande</dt><dd><time datetime="2026-12-28">2026-12-28</time></dd>' in page
    assert "senast måndagen den 28 december 2026" in page


def it_records_each_decision_with_outcome_and_paragraph(year):
    record = json.loads((_meeting(year, "ks-2026-09-15") / "beslut.json").read_text("utf-8"))
    outcomes = [(p["paragraf"], p["utfall"], p["forslag_till"]) for p in record["paragrafer"]]
    assert outcomes == [("§ 20", "bifall", ""), ("§ 21", "bifall", "kommunfullmäktige"), ("§ 22", "bifall", ""),
                        ("§ 23", "bifall", "kommunfullmäktige"), ("§ 24", "besvarad", "kommunfullmäktige"),
                        ("§ 25", "bordlaggning", "")]
    assert record["paragrafer"][-1]["referens"] == "Kommunstyrelsen 2026-09-15 § 25"
    assert references_for(Workspace(year), "arenden/2026-071-naringslivsstrategi.yaml") == [
        "Kommunstyrelsen 2026-09-15 § 25", "Kommunstyrelsen 2026-12-01 § 27", "Kommunfullmäktige 2026-12-14 § 15"]


def it_reports_the_motions_not_yet_decided(year, tmp_path):
    docx_path, xlsx_path = write_report(Workspace(year), dt.date(2026, 12, 31), tmp_path / "motioner.docx")
    rows = [[c.text for c in row.cells] for row in docx.Document(str(docx_path)).tables[0].rows]
    assert rows[1:] == [
        ["1", "Tillgänglighetsanpassad badplats vid Åsjön", "Gunilla Ros (L)", "KS 2025/102", "2025-04-28",
         "Kommunledningskontoret", "Under beredning", "Ja"],
        ["2", "Fritidskort för barn och unga", "Hassan Omar (V)", "KS 2025/048", "2025-10-20", "Kommunstyrelsen",
         "Återremiss i Kommunfullmäktige 2026-06-15 § 10", "Ja"],
        ["3", "Avgiftsfri tandvård för unga vuxna", "Pia Lund (V)", "KS 2026/033", "2026-04-20",
         "Kommunledningskontoret", "Under beredning", ""],
        ["4", "Inför e-förslag", "Viktor Sten (L)", "KS 2026/075", "2026-10-12", "Kommunledningskontoret",
         "Under beredning", ""]]
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert [c.value for c in sheet[1]] == ["Nr", "Motion", "Förslagsställare", "Dnr", "Väckt", "Bereds av",
                                           "Beredningsläge", "Över ett år"]
    assert sheet.max_row == 5
    # Before fullmäktige decided it in June, the motion on school meals was still open.
    earlier = write_report(Workspace(year), dt.date(2026, 6, 1), tmp_path / "juni.docx")[0]
    assert "Mer närproducerad mat i skolan" in plain_text(earlier) or any(
        "Mer närproducerad mat i skolan" in c.text for t in docx.Document(str(earlier)).tables for r in t.rows
        for c in r.cells)


def it_does_not_rebuild_an_unchanged_meeting(year):
    report = build(Workspace(year), jobs=1)
    assert {r.status for r in report.results if r.case.startswith("sammantraden/")} == {"oforandrad"}

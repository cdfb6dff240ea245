"""The action plan of each revisionssvar, read back from atgardsplan.docx (python-docx) and .xlsx (openpyxl)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from kanslist.kinds.atgardsplan import plan_rows, status_summary
from kanslist.pipeline.build import build
from kanslist.workspace import Workspace

from support import REPO, copy_workspace

FIXTURES = REPO / "tests" / "fixtures" / "samla"
HEADER = ["Nr", "Rekommendation", "Ställningstagande", "Åtgärd", "Ansvarig", "Klart senast", "Status"]
# Written out here, not imported: the test states what the auditors must read.
STANCE = {"instammer": "Instämmer", "instammer_delvis": "Instämmer delvis", "instammer_inte": "Instämmer inte",
          None: "Inget ställningstagande"}
STATUS = {"planerad": "Planerad", "pagar": "Pågår", "genomford": "Genomförd"}
NAMES = {"hr-enheten": "HR-enheten"}  # ids of the root workspace's data/organisation.yaml used below


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The root workspace plus the samla fixtures (one without a stance), built once."""
    root = copy_workspace(REPO, tmp_path_factory.mktemp("atgardsplan") / "ws")
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, root / "arenden" / f"fixtur-{path.name}")
    report = build(Workspace(root), jobs=1)
    assert report.ok, [str(p) for r in report.results for p in r.problems] + [r.message for r in report.results]
    return root / "build"


def cases() -> list[Path]:
    return [REPO / "arenden" / "2025-064-revisionssvar-hemarbete.yaml", *sorted(FIXTURES.glob("*.yaml"))]


def case_folder(path: Path) -> str:
    return path.stem if path.parent.name == "arenden" else f"fixtur-{path.stem}"


def expected_rows(path: Path) -> list[tuple]:
    """Return (nr, rubrik, stance, action, responsible, deadline, status) per action, from the YAML itself."""
    data = yaml.safe_load(path.read_text("utf-8"))
    rows = []
    for rec in data["rekommendationer"]:
        stance = STANCE[rec.get("stallningstagande")]
        if not rec.get("atgarder"):
            rows.append((rec["nr"], rec["rubrik"], stance, "Ingen åtgärd angiven", None, None, None))
        for a in rec.get("atgarder", []):
            ansvarig = a.get("ansvarig")
            rows.append((rec["nr"], rec["rubrik"], stance, a["atgard"], NAMES.get(ansvarig, ansvarig),
                         a.get("klart"), STATUS[a["status"]]))
    return rows


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_it_writes_the_plan_as_docx_and_xlsx_for_every_revisionssvar(built, case):
    folder = built / case_folder(case)
    assert (folder / "atgardsplan.docx").is_file()
    assert (folder / "atgardsplan.xlsx").is_file()
    manifest = (folder / "kanslist.json").read_text("utf-8")
    assert '"atgardsplan.xlsx"' in manifest and '"atgardsplan.docx"' in manifest


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_the_spreadsheet_lists_every_action_and_every_recommendation(built, case):
    sheet = openpyxl.load_workbook(built / case_folder(case) / "atgardsplan.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    actual = [(r[0], r[1], r[2], r[3], r[4], r[5].date() if r[5] else None, r[6]) for r in rows[1:]]
    assert actual == expected_rows(case)
    data = yaml.safe_load(case.read_text("utf-8"))
    assert {r[0] for r in actual} == {rec["nr"] for rec in data["rekommendationer"]}


def test_the_spreadsheet_is_a_real_one(built):
    book = openpyxl.load_workbook(built / "fixtur-kommunstyrelsen" / "atgardsplan.xlsx")
    sheet = book.active
    assert sheet.title == "Åtgärdsplan"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:G{sheet.max_row}"
    assert sheet.max_row == 1 + len(expected_rows(FIXTURES / "kommunstyrelsen.yaml"))
    assert all(cell.font.b for cell in sheet[1])
    widths = {col: sheet.column_dimensions[col].width for col in "ABCDEFG"}
    assert widths["D"] > widths["B"] > widths["A"] and min(widths.values()) >= 6
    deadlines = [row[5] for row in sheet.iter_rows(min_row=2) if row[5].value is not None]
    assert deadlines and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in deadlines)
    assert deadlines[0].value == dt.datetime(2025, 12, 31)
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"Planerad,Pågår,Genomförd"' and str(validation.sqref) == f"G2:G{sheet.max_row}"
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    props = book.properties
    assert props.title == "Åtgärdsplan: Svar på granskning avseende styrning och ledning av hemarbete"
    assert props.creator == "Kommunledningskontoret" and props.keywords == "KS 2025/064"
    assert props.created == props.modified == dt.datetime(2025, 5, 12, 12, 0)


def docx_rows(path: Path) -> tuple[list[str], list[tuple]]:
    table = docx.Document(str(path)).tables[0]
    texts = [[c.text for c in row.cells] for row in table.rows]
    return texts[0], [tuple(r) for r in texts[1:]]


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_the_word_plan_lists_every_action_and_every_recommendation(built, case):
    header, rows = docx_rows(built / case_folder(case) / "atgardsplan.docx")
    assert header == HEADER
    # python-docx repeats a vertically merged cell's text in every row it spans.
    expected = [(str(nr), rubrik, stance, action, ansvarig or "", klart.isoformat() if klart else "", status or "")
                for nr, rubrik, stance, action, ansvarig, klart, status in expected_rows(case)]
    assert rows == expected


def test_the_word_plan_merges_a_recommendation_over_its_actions_and_repeats_the_header(built):
    document = docx.Document(str(built / "fixtur-kommunstyrelsen" / "atgardsplan.docx"))
    table = document.tables[0]
    first, second = table.rows[1]._tr, table.rows[2]._tr  # recommendation 1 has two actions
    merge = [tc.find(qn("w:tcPr")).find(qn("w:vMerge")) for tc in (first.tc_lst[1], second.tc_lst[1])]
    assert merge[0].get(qn("w:val")) == "restart" and merge[1].get(qn("w:val")) == "continue"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Uppföljning: 3 åtgärder: 1 planerad, 1 pågår, 1 genomförd." in text
    assert '"Granskning avseende styrning och ledning av hemarbete" (Deloitte), daterad 2025-03-09' in text


def test_the_plan_is_reproducible(built, tmp_path):
    root = copy_workspace(REPO, tmp_path / "ws")
    report = build(Workspace(root), [root / "arenden" / "2025-064-revisionssvar-hemarbete.yaml"], jobs=1)
    assert report.ok
    for name in ("atgardsplan.xlsx", "atgardsplan.docx"):
        again = (root / "build" / "2025-064-revisionssvar-hemarbete" / name).read_bytes()
        assert again == (built / "2025-064-revisionssvar-hemarbete" / name).read_bytes(), name


def test_a_recommendation_without_actions_keeps_its_stance():
    recs = [{"nr": 3, "rubrik": "Uppföljning", "stallningstagande_text": "Instämmer inte", "atgarder": []},
            {"nr": 4, "rubrik": "Arbetsmiljö", "stallningstagande_text": "", "atgarder": []}]
    rows = plan_rows(recs)
    assert [(r["nr"], r["stallningstagande"], r["atgard"], r["status"]) for r in rows] == [
        (3, "Instämmer inte", "Ingen åtgärd angiven", ""), (4, "Inget ställningstagande", "Ingen åtgärd angiven", "")]
    assert status_summary(rows) == "Inga åtgärder."


def test_the_status_summary_counts_actions_in_swedish():
    def row(status):
        return {"har_atgard": True, "status": status}

    assert status_summary([row("Planerad")]) == "1 åtgärd: 1 planerad."
    assert status_summary([row("Planerad"), row("Planerad"), row("Pågår"), row("Genomförd"), row("Genomförd")]) == (
        "5 åtgärder: 2 planerade, 1 pågår, 2 genomförda.")


def test_text_that_starts_with_an_equals_sign_stays_text_in_the_spreadsheet(tmp_path):
    import openpyxl

    from support import REPO, copy_workspace
    from kanslist.pipeline.build import build
    from kanslist.workspace import Workspace

    root = copy_workspace(REPO, tmp_path / "ws")
    case = root / "arenden" / "2025-064-revisionssvar-hemarbete.yaml"
    case.write_text(case.read_text("utf-8").replace(
        "atgard: Utreda skriftliga", "atgard: =Utreda skriftliga"), "utf-8")
    assert build(Workspace(root), [case], jobs=1).ok
    sheet = openpyxl.load_workbook(root / "build" / case.stem / "atgardsplan.xlsx").active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("=Utreda skriftliga") for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

"""The consolidated response (kanslist samla): read back every body's answer, the matrix and the actions."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from kanslist.cli import main
from kanslist.errors import InvalidInput, KanslistError
from kanslist.samla import load_responses, samla
from kanslist.workspace import Workspace

from support import REPO, copy_workspace, require_tool

FIXTURES = REPO / "tests" / "fixtures" / "samla"
FILES = [FIXTURES / "kommunstyrelsen.yaml", FIXTURES / "socialnamnden.yaml", FIXTURES / "bildningsnamnden.yaml"]
BODIES = ["Kommunledningskontoret", "Socialnämnden", "Bildningsnämnden"]  # fran of each file, in order
TITLE = "Granskning avseende styrning och ledning av hemarbete"
VERB = {"instammer": "instämmer i rekommendationen", "instammer_delvis": "instämmer delvis i rekommendationen",
        "instammer_inte": "instämmer inte i rekommendationen"}
LABEL = {"instammer": "Instämmer", "instammer_delvis": "Instämmer delvis", "instammer_inte": "Instämmer inte",
         None: "Inget ställningstagande"}
STATUS = {"planerad": "Planerad", "pagar": "Pågår", "genomford": "Genomförd"}
NAMES = {"hr-enheten": "HR-enheten"}


def responses() -> list[tuple[str, dict[int, dict]]]:
    """Return (body, {nr: recommendation}) of each fixture, from the YAML itself."""
    return [(body, {rec["nr"]: rec for rec in yaml.safe_load(path.read_text("utf-8"))["rekommendationer"]})
            for body, path in zip(BODIES, FILES)]


def all_numbers() -> list[int]:
    return sorted({nr for _, recs in responses() for nr in recs})


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("samla") / "samlat-svar.docx"
    assert samla(Workspace(REPO), FILES, target) == [target]
    return target


@pytest.fixture(scope="module")
def document(output):
    return docx.Document(str(output))


def answers(document) -> dict[int, dict[str, list[str]]]:
    """Return {nr: {body: [paragraph texts under the body's heading]}} of 'Svar per rekommendation'."""
    found: dict[int, dict[str, list[str]]] = {}
    nr = body = None
    for p in document.paragraphs:
        style = p.style.name
        if style == "Heading 2":
            nr = body = None
        elif style == "Heading 3":
            nr, body = int(re.match(r"Rekommendation (\d+): ", p.text)[1]), None
            found[nr] = {}
        elif style == "Heading 4" and nr is not None:
            body = p.text
            found[nr][body] = []
        elif nr is not None and body is not None and p.text:
            found[nr][body].append(p.text)
    return found


def action_line(a: dict) -> str:
    ansvarig = NAMES.get(a.get("ansvarig"), a.get("ansvarig"))
    text = f"Åtgärd: {a['atgard']}"
    text += f" – ansvarig: {ansvarig}" if ansvarig else ""
    text += f", klart senast {a['klart'].isoformat()}" if a.get("klart") else ""
    return text + f" – status: {STATUS[a['status']].lower()}"


def test_it_names_the_audit_the_report_date_and_every_body(document):
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == f'Samlat svar på revisionsrapporten "{TITLE}"'
    assert document.paragraphs[0].style.name == "Heading 1"
    assert (f'De förtroendevalda revisorerna i Vaggeryds kommun har i rapport den 2025-03-09 lämnat rekommendationer '
            f'i granskningen "{TITLE}", genomförd av Deloitte. Här sammanställs svaren från Kommunledningskontoret, '
            'Socialnämnden och Bildningsnämnden') in text
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet" and not p.text.startswith("Åtgärd")]
    assert bullets[:3] == ["Kommunledningskontoret (förslag till Kommunstyrelsen), svar 2025-05-12, dnr KS 2025/064",
                           "Socialnämnden, svar 2025-05-20", "Bildningsnämnden, svar 2025-05-15"]


def test_every_recommendation_of_every_body_is_there_with_its_stance(document):
    found = answers(document)
    assert sorted(found) == all_numbers()
    for body, recs in responses():
        for nr in all_numbers():
            paragraphs = found[nr][body]
            rec = recs.get(nr)
            if rec is None:
                assert paragraphs == [f"Ej besvarad av {body}."], (nr, body)
                continue
            expected = [f"{body} {VERB[rec['stallningstagande']]}."] if rec.get("stallningstagande") else []
            assert paragraphs[:len(expected)] == expected, (nr, body)
            answer = " ".join(paragraphs)
            first_line = rec["svar"].strip().splitlines()[0].replace("**", "")
            assert first_line in answer, (nr, body)
            assert [p for p in paragraphs if p.startswith("Åtgärd: ")] == [action_line(a) for a in rec.get("atgarder", [])]
        assert list(found[1]) == BODIES  # the bodies in the order given


def test_an_unanswered_recommendation_is_shown_not_dropped(document):
    found = answers(document)
    assert found[3]["Socialnämnden"] == ["Ej besvarad av Socialnämnden."]
    assert found[6]["Kommunledningskontoret"] == ["Ej besvarad av Kommunledningskontoret."]
    assert found[6]["Bildningsnämnden"][0] == "Bildningsnämnden instämmer i rekommendationen."
    # An answer without a stance gets no generated sentence, only its text.
    assert found[4]["Socialnämnden"] == ["Nämnden konstaterar att arbetsmiljön följs upp i den årliga uppföljningen."]


def test_the_heading_comes_from_the_first_body_that_has_the_recommendation(document):
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert headings[0] == "Rekommendation 1: Formella överenskommelser vid arbete på annan plats"
    assert headings[-1] == "Rekommendation 6: Distansundervisning"


def test_the_matrix_has_a_stance_for_every_recommendation_and_body(document):
    matrix = document.tables[0]
    rows = [[c.text for c in row.cells] for row in matrix.rows]
    assert rows[0] == ["Rekommendation", *BODIES]
    by_nr = {int(r[0].split(".")[0]): r[1:] for r in rows[1:]}
    assert sorted(by_nr) == all_numbers() and len(rows) == 1 + len(all_numbers())
    for i, (body, recs) in enumerate(responses()):
        for nr in all_numbers():
            expected = LABEL[recs[nr].get("stallningstagande")] if nr in recs else "Ej besvarad"
            assert by_nr[nr][i] == expected, (nr, body)
    assert by_nr[4] == ["Instämmer delvis", "Inget ställningstagande", "Ej besvarad"]


def test_the_actions_table_lists_every_action_with_its_status(document):
    table = document.tables[1]
    rows = [tuple(c.text for c in row.cells) for row in table.rows]
    assert rows[0] == ("Rekommendation", "Instans", "Åtgärd", "Ansvarig", "Klart senast", "Status")
    actions = {(r[1], r[2], r[3], r[4], r[5]) for r in rows[1:]}
    for body, recs in responses():
        for rec in recs.values():
            for a in rec.get("atgarder", []):
                ansvarig = NAMES.get(a.get("ansvarig"), a.get("ansvarig"))
                klart = a["klart"].isoformat() if a.get("klart") else ""
                assert (body, a["atgard"], ansvarig, klart, STATUS[a["status"]]) in actions
            if not rec.get("atgarder"):
                assert (body, "Ingen åtgärd angiven", "", "", "") in actions
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Status per 2025-05-20: 8 åtgärder: 4 planerade, 2 pågår, 2 genomförda." in text
    assert document.sections[-1].orientation == 1  # landscape, for the wide table


def test_it_is_reproducible_and_carries_its_metadata(output, tmp_path):
    again = tmp_path / "igen.docx"
    samla(Workspace(REPO), FILES, again)
    assert again.read_bytes() == output.read_bytes()
    props = docx.Document(str(output)).core_properties
    assert props.title == f'Samlat svar på revisionsrapporten "{TITLE}"'
    assert props.author == "Vaggeryds kommun" and props.language == "sv-SE"
    assert props.created == dt.datetime(2025, 5, 20, 12, 0, tzinfo=dt.timezone.utc)  # the latest response's date, not the clock
    record = output.with_name("samlat-svar.kanslist.json").read_text("utf-8")
    assert "tests/fixtures/samla/socialnamnden.yaml" in record and "standardmallen samlat-svar.docx" in record


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_differing_audit_titles_are_an_error_naming_both(tmp_path):
    other = write(tmp_path / "annan.yaml", FILES[1].read_text("utf-8").replace(
        f"titel: {TITLE}", "titel: Granskning av löneprocessen"))
    target = tmp_path / "ut.docx"
    with pytest.raises(InvalidInput) as caught:
        samla(Workspace(REPO), [FILES[0], other], target)
    message = str(caught.value)
    assert ('annan.yaml:10: granskning.titel: granskningen "Granskning av löneprocessen" är inte samma som '
            f'"{TITLE}" i tests/fixtures/samla/kommunstyrelsen.yaml – samla bara svar på samma granskning') in message
    assert message.endswith(f"1 fel i {other} – inget skrevs")  # the file named, whatever kind of file it is
    assert not target.exists() and not (tmp_path / "ut.kanslist.json").exists()


def test_nothing_is_written_when_any_input_is_invalid(tmp_path):
    broken = write(tmp_path / "trasig.yaml", FILES[1].read_text("utf-8").replace(
        "stallningstagande: instammer_delvis", "stallningstagande: instamer_delvis"))
    target = write(tmp_path / "ut.docx", "det gamla svaret")
    with pytest.raises(InvalidInput) as caught:
        samla(Workspace(REPO), [FILES[0], broken, FILES[2]], target)
    (problem,) = caught.value.problems
    assert problem.file.endswith("trasig.yaml") and problem.line == 16
    assert problem.field == "rekommendationer[0].stallningstagande"
    assert target.read_text("utf-8") == "det gamla svaret"


def test_only_revisionssvar_one_per_body_can_be_consolidated(tmp_path):
    motion = REPO / "arenden" / "2026-017-motionssvar-distansarbete.yaml"
    with pytest.raises(InvalidInput) as caught:
        samla(Workspace(REPO), [FILES[0], motion, FILES[0]], tmp_path / "ut.docx")
    messages = [f"{p.field}: {p.message}" for p in caught.value.problems]
    assert messages == ["typ: 'motionssvar' är inget revisionssvar",
                        "fran: Kommunledningskontoret har redan ett svar i tests/fixtures/samla/kommunstyrelsen.yaml"]
    with pytest.raises(KanslistError, match="utfilen ska sluta på .docx"):
        samla(Workspace(REPO), FILES, tmp_path / "ut.pdf")


def test_the_command_line_maps_arguments_and_exit_codes(tmp_path):
    runner = CliRunner()
    target = tmp_path / "ut.docx"
    # The fixtures hold the answers' recommendations only (no decision, no summary), which
    # granska's gate refuses (tested in test_cli); --tvinga consolidates them all the same.
    result = runner.invoke(main, ["-C", str(REPO), "samla", *map(str, FILES), "-o", str(target), "--tvinga"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(target) and target.is_file()

    other = write(tmp_path / "annan.yaml", FILES[1].read_text("utf-8").replace(TITLE, "Granskning av löneprocessen"))
    result = runner.invoke(main, ["-C", str(REPO), "samla", str(FILES[0]), str(other), "-o", str(tmp_path / "x.docx"),
                                  "--tvinga"])
    assert result.exit_code == 1
    assert "Granskning av löneprocessen" in result.stderr and TITLE in result.stderr
    assert result.stderr.strip().endswith("inget skrevs") and not (tmp_path / "x.docx").exists()

    assert runner.invoke(main, ["-C", str(REPO), "samla", str(FILES[0])]).exit_code == 2  # -o missing
    assert runner.invoke(main, ["-C", str(REPO), "samla", "-o", str(target)]).exit_code == 2  # no files


@pytest.mark.libreoffice
def test_with_pdf_it_writes_an_archive_copy_beside_it(tmp_path):
    require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    target = tmp_path / "ut.docx"
    written = samla(Workspace(REPO), FILES, target, pdf=True)
    assert written == [target, tmp_path / "ut.pdf"]
    text = subprocess.run([pdftotext, str(written[1]), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ej besvarad av Socialnämnden." in text and "Sammanfattande matris" in text


def test_it_refuses_answers_that_number_one_recommendation_with_two_titles(tmp_path):
    other = write(tmp_path / "annan.yaml", FILES[1].read_text("utf-8").replace(
        "rubrik: Formella överenskommelser vid arbete på annan plats (socialtjänsten)",
        "rubrik: Utbildning av chefer"))
    with pytest.raises(InvalidInput) as raised:
        load_responses(Workspace(REPO), [FILES[0], other])
    assert [str(p) for p in raised.value.problems] == [
        f"{other}:15: rekommendationer[0].rubrik: rekommendation 1 heter \"Utbildning av chefer\" här men "
        "\"Formella överenskommelser vid arbete på annan plats\" i tests/fixtures/samla/kommunstyrelsen.yaml – "
        "numrera och namnge rekommendationerna som i revisionsrapporten, lika i alla svar"]


def test_it_says_where_each_answer_was_decided_when_the_workspace_has_meetings(tmp_path):
    import shutil

    from kanslist import api

    year = REPO / "examples" / "kommun-ar"
    root = copy_workspace(year, tmp_path / "ws")
    shutil.copytree(year / "sammantraden", root / "sammantraden")
    workspace = api.open_workspace(root)
    output = api.consolidate(workspace, [root / "arenden" / "2025-131-revision-upphandling.yaml"],
                             root / "samlat.docx", force=True)[0]
    lines = [p.text for p in docx.Document(str(output)).paragraphs]
    assert ("Kommunledningskontoret (förslag till Kommunstyrelsen), svar 2026-01-28, dnr KS 2026/131, "
            "beslutat Kommunstyrelsen 2026-02-10 § 4") in lines


def test_it_says_nothing_of_decisions_in_a_workspace_without_meetings(tmp_path):
    output = samla(Workspace(REPO), FILES, tmp_path / "samlat.docx")[0]
    assert not any("beslutat" in p.text for p in docx.Document(str(output)).paragraphs)


def test_the_organisations_logo_tops_the_first_page(tmp_path):
    import shutil

    from docx.oxml.ns import qn

    root = copy_workspace(REPO, tmp_path / "ws")
    logo = REPO / "examples" / "falkoping" / "data" / "logotyp.png"
    shutil.copy(logo, root / "data" / "logotyp.png")
    org = root / "data" / "organisation.yaml"
    org.write_text(org.read_text("utf-8") + "identitet:\n  logotyp: data/logotyp.png\n", "utf-8")
    target = tmp_path / "samlat-svar.docx"
    samla(Workspace(root), FILES, target)
    section = docx.Document(str(target)).sections[0]
    pictures = [d.get("name") for d in section.first_page_header._element.iter(qn("wp:docPr"))]
    assert pictures == ["Logotyp"]
    (blip,) = section.first_page_header._element.iter(qn("a:blip"))
    assert section.first_page_header.part.related_parts[blip.get(qn("r:embed"))].blob == logo.read_bytes()
    assert [d for d in section.header._element.iter(qn("wp:docPr"))] == []
    # Without a logo the first page shows none, and its header reads as the others'.
    plain = docx.Document(str(samla(Workspace(REPO), FILES, tmp_path / "utan.docx")[0])).sections[0]
    assert [d for d in plain.first_page_header._element.iter(qn("wp:docPr"))] == []
    assert [p.text for p in plain.first_page_header.paragraphs if p.text] == [
        p.text for p in plain.header.paragraphs if p.text]

"""After the build: PDF/A beside each document, and each document registered in its case."""

import hashlib
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from kanslist.cli import main
from kanslist.diarium.register import Diarium
from kanslist.workspace import Workspace

from support import require_tool


def run(workspace_dir, *args):
    return CliRunner().invoke(main, ["-C", str(workspace_dir), *args])


def it_takes_the_next_case_number_for_a_new_case_and_registers_what_is_built(workspace_dir):
    created = run(workspace_dir, "ny", "tjansteskrivelse", "--rubrik", "Budget 2027", "--registrera")
    assert created.exit_code == 0, created.output
    path = workspace_dir / "arenden" / "budget-2027.yaml"
    dnr = yaml.safe_load(path.read_text("utf-8"))["dnr"]
    assert dnr.startswith("KS ") and dnr.endswith("/001")
    for _ in range(2):  # the second build registers nothing new
        built = run(workspace_dir, "bygg", str(path), "--registrera")
        assert built.exit_code == 0, built.output
    ws = Workspace(workspace_dir)
    document = ws.build_dir / "budget-2027" / "tjansteskrivelse.docx"
    with Diarium.open(ws.diarium_url(), ws.organisation) as diarium:
        arende = diarium.visa(dnr)
    (handling,) = arende.handlingar
    assert handling.sha256 == hashlib.sha256(document.read_bytes()).hexdigest()
    assert handling.beskrivning == "Tjänsteskrivelse: Budget 2027"


def it_refuses_to_register_a_case_without_number(workspace_dir):
    created = run(workspace_dir, "ny", "tjansteskrivelse", "--rubrik", "Utan nummer")
    path = created.output.strip()
    result = run(workspace_dir, "bygg", path, "--registrera")
    assert result.exit_code == 1
    assert "ärendet har inget diarienummer – registrera ärendet med 'kanslist diarium nytt'" in result.output


@pytest.mark.libreoffice
def it_writes_a_pdf_beside_each_document(workspace_dir):
    require_tool("soffice")
    require_tool("pdfinfo")
    result = run(workspace_dir, "bygg", "arenden/2026-017-motionssvar-distansarbete.yaml", "--pdf")
    assert result.exit_code == 0, result.output
    pdf = workspace_dir / "build" / "2026-017-motionssvar-distansarbete" / "tjansteskrivelse.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Nya riktlinjer för distansarbete" in info
    assert "Tagged:          yes" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kommunledningskontoret anser därmed motionen som besvarad." in text


def it_keeps_the_word_files_and_says_how_to_install_libreoffice_when_it_is_missing(workspace_dir, monkeypatch):
    monkeypatch.setattr("kanslist.pdf.convert.find_soffice", lambda: None)
    result = run(workspace_dir, "bygg", "arenden/2026-017-motionssvar-distansarbete.yaml", "--pdf")
    assert result.exit_code == 1
    assert "1 byggda, 0 oförändrade, 0 med fel" in result.output
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert "Word-filerna skapas ändå." in result.output
    assert (workspace_dir / "build" / "2026-017-motionssvar-distansarbete" / "tjansteskrivelse.docx").exists()


def it_registers_a_classified_paper_masked_in_the_public_listing(workspace_dir):
    dnr = run(workspace_dir, "diarium", "nytt", "--serie", "KS", "--rubrik", "Placering").output.strip()
    case = workspace_dir / "arenden" / "hemlig.yaml"
    case.write_text(f"""typ: tjansteskrivelse
rubrik: Placering av barnet Kalle Svensson
dnr: {dnr}
datum: 2026-01-15
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
sekretess: {{grund: 26 kap. 1 § OSL, maskera: [rubrik]}}
""", "utf-8")
    assert run(workspace_dir, "bygg", str(case), "--registrera").exit_code == 0
    listing = run(workspace_dir, "diarium", "lista", "--format", "csv").output
    assert "Kalle Svensson" not in listing
    assert "26 kap. 1 § OSL" in listing


def it_masks_every_earlier_document_when_a_case_becomes_classified(workspace_dir):
    dnr = run(workspace_dir, "diarium", "nytt", "--serie", "KS", "--rubrik", "Placering").output.strip()
    case = workspace_dir / "arenden" / "blir-hemlig.yaml"
    text = f"""typ: revisionssvar
rubrik: Svar om placering av Kalle Svensson
dnr: {dnr}
datum: 2026-01-15
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
granskning: {{titel: Placeringar av Kalle Svensson}}
rekommendationer:
  - {{nr: 1, rubrik: Rutiner, stallningstagande: instammer, svar: Rutinerna ses över.}}
"""
    case.write_text(text, "utf-8")
    assert run(workspace_dir, "bygg", str(case), "--registrera").exit_code == 0  # three documents, public
    case.write_text(text + "sekretess: {grund: 26 kap. 1 § OSL, maskera: [rubrik]}\n", "utf-8")
    assert run(workspace_dir, "bygg", str(case), "--registrera").exit_code == 0
    listing = run(workspace_dir, "diarium", "lista", "--format", "csv").output
    assert "Kalle Svensson" not in listing
    assert listing.count("26 kap. 1 § OSL") >= 4  # the case and each of its documents


def it_refuses_a_secrecy_ground_that_names_no_provision(workspace_dir):
    case = workspace_dir / "arenden" / "bla.yaml"
    case.write_text("""typ: tjansteskrivelse
rubrik: Något
datum: 2026-01-15
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
sekretess: {grund: bla bla}
""", "utf-8")
    result = run(workspace_dir, "bygg", str(case))
    assert result.exit_code == 1
    assert ("arenden/bla.yaml:7: sekretess.grund: 'bla bla' anger ingen bestämmelse i offentlighets- och "
            "sekretesslagen – ange kapitel och paragraf i offentlighets- och sekretesslagen, t.ex. 39 kap. 3 § OSL"
            ) in result.output


def it_attaches_a_new_case_file_to_a_case_already_in_the_register(workspace_dir):
    first = run(workspace_dir, "ny", "tjansteskrivelse", "--rubrik", "Budget 2027", "--registrera")
    dnr = yaml.safe_load((workspace_dir / "arenden" / "budget-2027.yaml").read_text("utf-8"))["dnr"]
    second = run(workspace_dir, "ny", "motionssvar", "--rubrik", "Svar om budgeten", "--registrera", "--dnr", dnr)
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert yaml.safe_load((workspace_dir / "arenden" / "svar-om-budgeten.yaml").read_text("utf-8"))["dnr"] == dnr
    ws = Workspace(workspace_dir)
    with Diarium.open(ws.diarium_url(), ws.organisation) as diarium:
        assert [a.dnr for a in diarium.arenden()] == [dnr]  # no new case in the register
    unknown = run(workspace_dir, "ny", "tjansteskrivelse", "--registrera", "--dnr", "KS 2026/999")
    assert unknown.exit_code == 1
    assert "KS 2026/999 finns inte i diariet" in unknown.output

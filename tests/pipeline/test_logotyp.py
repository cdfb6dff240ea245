"""The organisation's logo (identitet.logotyp): on the first page of every kind of paper, checked before a build."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from expected_text import document_text
from kanslist.errors import InvalidInput
from kanslist.organisation import load_organisation, read_logo
from kanslist.pipeline.build import build
from kanslist.pipeline.logotyp import with_logo
from kanslist.workspace import DEFAULT_TEMPLATES, Workspace
from support import REPO, copy_workspace, require_tool

FALKOPING = REPO / "examples" / "falkoping"
# Every case kind's default template has the placeholder picture (kanslist samla's has no case header).
CASE_TEMPLATES = ["tjansteskrivelse", "revisionssvar", "motionssvar", "aterrapport", "svar-till-revisorerna",
                  "styrdokument", "atgardsplan", "yttrande"]


def picture(width: int, height: int, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 84, 145)).save(out, kind)
    return out.getvalue()


def logo_of(root: Path):
    return read_logo(Workspace(root).organisation, root)


def header_pictures(header) -> list[tuple[str, str, int, int]]:
    """Return (name, alternative text, cx, cy) of each picture in a header."""
    return [(d.get("name"), d.get("descr"), int(d.getparent().find(qn("wp:extent")).get("cx")),
             int(d.getparent().find(qn("wp:extent")).get("cy"))) for d in header._element.iter(qn("wp:docPr"))]


@pytest.fixture
def falkoping(tmp_path) -> Path:
    return copy_workspace(FALKOPING, tmp_path / "falkoping")


def it_prints_the_logo_at_the_top_of_the_first_page_only(falkoping):
    assert build(Workspace(falkoping), jobs=1).ok
    path = falkoping / "build" / "rutin-distansarbete" / "tjansteskrivelse.docx"
    section = docx.Document(str(path)).sections[0]
    assert section.different_first_page_header_footer
    # 4 cm wide (logotyp_bredd_cm), the 640 × 160 picture's proportions: 1 cm high.
    assert header_pictures(section.first_page_header) == [("Logotyp", "Logotyp för Falköpings kommun", 1440000, 360000)]
    assert header_pictures(section.header) == []
    (blip,) = section.first_page_header._element.iter(qn("a:blip"))
    image = section.first_page_header.part.related_parts[blip.get(qn("r:embed"))]
    assert image.blob == (FALKOPING / "data" / "logotyp.png").read_bytes()
    assert document_text(path).splitlines()[4:9] == [
        "--- sidhuvud 1, första sidan", "[Header] {BILD Logotyp}",
        "[Header] Kommunstyrelsens förvaltning\tTJÄNSTESKRIVELSE",
        "[Header] \t2023-09-18\tSida {PAGE} av {NUMPAGES}", "[Header] \tDnr KS 2023/212.026"]


@pytest.mark.parametrize("name", CASE_TEMPLATES)
def it_puts_the_logo_into_every_case_kinds_default_template(falkoping, name):
    template = (DEFAULT_TEMPLATES / f"{name}.docx").read_bytes()
    document = docx.Document(io.BytesIO(with_logo(template, logo_of(falkoping))))
    header = document.sections[0].first_page_header
    assert header_pictures(header) == [("Logotyp", "Logotyp för Falköpings kommun", 1440000, 360000)]
    (blip,) = header._element.iter(qn("a:blip"))
    assert header.part.related_parts[blip.get(qn("r:embed"))].blob == (FALKOPING / "data" / "logotyp.png").read_bytes()
    assert "word/media/image1.png" not in zipfile.ZipFile(io.BytesIO(with_logo(template, logo_of(falkoping)))).namelist()


def it_prints_no_picture_for_an_organisation_without_a_logo(workspace):
    assert build(workspace, jobs=1).ok
    path = workspace.build_dir / "2026-017-motionssvar-distansarbete" / "tjansteskrivelse.docx"
    section = docx.Document(str(path)).sections[0]
    assert header_pictures(section.first_page_header) == [] and header_pictures(section.header) == []


def it_takes_a_jpeg_logo_in_its_own_proportions(falkoping):
    (falkoping / "data" / "logotyp.jpg").write_bytes(picture(300, 200, "JPEG"))
    org = falkoping / "data" / "organisation.yaml"
    org.write_text(org.read_text("utf-8").replace("data/logotyp.png", "data/logotyp.jpg")
                   .replace("logotyp_bredd_cm: 4", "logotyp_bredd_cm: 3"), "utf-8")
    data = with_logo((DEFAULT_TEMPLATES / "yttrande.docx").read_bytes(), logo_of(falkoping))
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.read("word/media/logotyp.jpeg") == (falkoping / "data" / "logotyp.jpg").read_bytes()
    assert b'<Default Extension="jpeg" ContentType="image/jpeg"/>' in package.read("[Content_Types].xml")
    header = docx.Document(io.BytesIO(data)).sections[0].first_page_header
    assert header_pictures(header) == [("Logotyp", "Logotyp för Falköpings kommun", 1080000, 720000)]


def it_builds_the_same_bytes_twice_with_a_logo(falkoping, tmp_path):
    again = copy_workspace(FALKOPING, tmp_path / "igen")
    assert build(Workspace(falkoping), jobs=1).ok and build(Workspace(again), jobs=1).ok
    first = sorted((falkoping / "build").rglob("*.docx"))
    assert first
    for path in first:
        assert path.read_bytes() == (again / "build" / path.relative_to(falkoping / "build")).read_bytes(), path.name


def it_builds_again_when_the_logo_changes(falkoping):
    assert build(Workspace(falkoping), jobs=1).ok
    assert {r.status for r in build(Workspace(falkoping), jobs=1).results} == {"oforandrad"}
    (falkoping / "data" / "logotyp.png").write_bytes(picture(400, 100))
    report = build(Workspace(falkoping), jobs=1)
    assert {r.status for r in report.results} == {"byggd"}
    header = docx.Document(str(falkoping / "build" / "rutin-distansarbete" / "styrdokument.docx")).sections[0]
    assert header_pictures(header.first_page_header)[0][2:] == (1440000, 360000)


def organisation_with(tmp_path: Path, logotyp: str) -> Path:
    path = tmp_path / "data" / "organisation.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"namn: Prov kommun\nidentitet:\n  postadress: Box 1\n  logotyp: {logotyp}\n", "utf-8")
    return path


@pytest.mark.parametrize("logotyp, content, message", [
    ("data/saknas.png", None,
     "data/organisation.yaml:4: identitet.logotyp: filen data/saknas.png finns inte – lägg logotypen där eller rätta "
     "sökvägen (från arbetsytans rot, t.ex. data/logotyp.png)"),
    ("data/logotyp.png", b"inte en bild",
     "data/organisation.yaml:4: identitet.logotyp: filen data/logotyp.png är ingen PNG-, JPEG- eller SVG-bild som går "
     "att läsa – spara logotypen som PNG, JPEG eller SVG och ange den filen"),
    ("data/logotyp.gif", "GIF",
     "data/organisation.yaml:4: identitet.logotyp: filen data/logotyp.gif är ingen PNG-, JPEG- eller SVG-bild som går "
     "att läsa – spara logotypen som PNG, JPEG eller SVG och ange den filen"),
    ("data/logotyp.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><rect",
     "data/organisation.yaml:4: identitet.logotyp: filen data/logotyp.svg är ingen SVG-bild som går att läsa – öppna "
     "den i ett ritprogram och spara den igen som SVG, eller spara den som PNG"),
    ("../logotyp.png", b"",
     "data/organisation.yaml:4: identitet.logotyp: '../logotyp.png' ligger utanför arbetsytan – lägg logotypen i "
     "arbetsytan och skriv sökvägen från dess rot, t.ex. data/logotyp.png"),
    ("/etc/hostname", None,
     "data/organisation.yaml:4: identitet.logotyp: '/etc/hostname' ligger utanför arbetsytan – lägg logotypen i "
     "arbetsytan och skriv sökvägen från dess rot, t.ex. data/logotyp.png"),
    ("data/stor.png", b"\x89PNG" + bytes(2_000_001),
     "data/organisation.yaml:4: identitet.logotyp: filen data/stor.png är 2.0 MB, mer än 2 MB – spara logotypen "
     "mindre, t.ex. 600 bildpunkter bred"),
])
def it_says_in_swedish_what_is_wrong_with_the_logo(tmp_path, logotyp, content, message):
    root = tmp_path / "ws"
    path = organisation_with(root, logotyp)
    if content is not None:
        target = (root / logotyp).resolve()
        target.write_bytes(picture(10, 10, "GIF") if content == "GIF" else content)
    with pytest.raises(InvalidInput) as info:
        load_organisation(path)
    assert [str(p) for p in info.value.problems] == [message]


SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50">
<rect width="200" height="50" fill="#005491"/><image href="file:///etc/hostname" width="10" height="10"/></svg>"""


def it_draws_an_svg_logo_as_a_sharp_png_in_its_proportions(tmp_path):
    root = tmp_path / "ws"
    organisation_with(root, "data/logotyp.svg")
    (root / "data" / "logotyp.svg").write_bytes(SVG)
    logo = logo_of(root)
    # 3.5 cm (the default width) at 600 dpi; the viewBox's 4:1.
    assert (logo.ext, logo.px_width, logo.px_height) == ("png", 827, 207)
    image = Image.open(io.BytesIO(logo.data))
    assert image.getpixel((400, 100))[:3] == (0, 84, 145)
    assert image.getpixel((5, 5))[:3] == (0, 84, 145)  # the file the picture names is not read (safe mode)
    assert logo_of(root).data == logo.data  # the same bytes every time: builds stay reproducible


def it_stops_the_build_before_anything_is_written_when_the_logo_is_missing(falkoping):
    (falkoping / "data" / "logotyp.png").unlink()
    with pytest.raises(InvalidInput) as info:
        build(Workspace(falkoping), jobs=1)
    assert [str(p) for p in info.value.problems] == [
        "data/organisation.yaml:12: identitet.logotyp: filen data/logotyp.png finns inte – lägg logotypen där eller "
        "rätta sökvägen (från arbetsytans rot, t.ex. data/logotyp.png)"]
    assert not (falkoping / "build").exists()


@pytest.mark.libreoffice
def it_shows_the_logo_when_libreoffice_makes_a_pdf(falkoping, tmp_path):
    soffice = require_tool("soffice")
    pdfimages = require_tool("pdfimages")
    assert build(Workspace(falkoping), jobs=1).ok
    source = falkoping / "build" / "yttrande-remiss-distansarbete" / "yttrande.docx"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profil", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    listing = subprocess.run([pdfimages, "-list", str(tmp_path / "yttrande.pdf")], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    # One picture, on page 1, four times as wide as high: the logo and nothing else (LibreOffice resamples it).
    assert [(row.split()[0], int(row.split()[3]) / int(row.split()[4])) for row in listing] == [("1", 4.0)]


def it_says_when_a_workspaces_own_template_has_no_place_for_the_logo(falkoping):
    template = falkoping / "mallar" / "styrdokument.docx"
    template.parent.mkdir(exist_ok=True)
    document = docx.Document()
    document.add_paragraph("{{ rubrik }}")
    document.save(str(template))
    report = build(Workspace(falkoping), jobs=1)
    (failed,) = [r for r in report.results if r.status == "fel"]
    assert failed.message == (
        "arenden/rutin-distansarbete.yaml: mallar/styrdokument.docx har ingen bild som heter Logotyp, så logotypen "
        "i identitet.logotyp kan inte sättas in – ta bort mallen så används standardmallen, eller ge bilden för "
        "logotypen namnet Logotyp i Word (Markeringsfönstret)")
    assert not (falkoping / "build" / "rutin-distansarbete").exists()

"""Building at scale: only what changed is rebuilt, processes give the same bytes, failures stay local."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from kanslist.pipeline.build import IN_PROCESS_LIMIT, MANIFEST, build
from kanslist.cli import main
from kanslist.pipeline.context import build_context
from kanslist.kinds import kind_of
from kanslist.cli.progress import Progress
from kanslist.pipeline.render import Properties, render_docx, render_docx_plain
from kanslist.pipeline.validate import validate_case
from kanslist.workspace import Workspace
from kanslist.pipeline.write import FIXED_TIME, normalise_zip
from kanslist.pipeline.load import load_yaml

from support import EXAMPLES, REPO, copy_workspace, own_template

AUDIT = "2025-064-revisionssvar-hemarbete"
MOTION = "2026-017-motionssvar-distansarbete"

# A case with everything the Markdown renderer adds to a package: numbered lists (numbering
# instances), links (hyperlink relationships, one reused), a table, bold and a tab.
RICH = """\
typ: motionssvar
rubrik: Motion om cykelvägar
dnr: KS 2026/031
datum: 2026-05-04
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [{namn: Per Persson, titel: Utredare}]
forslag_till_beslut:
  att: ["avslå motionen\tnu", "ändå utreda\nfrågan"]
motion:
  titel: Fler cykelvägar
  forslagsstallare: EM-partiet
  inkom: 2026-02-10
  yrkanden: [Kommunen bygger fler cykelvägar.]
  bedomning: avslag
sammanfattning: |
  Se [planen](https://example.se/plan) och **budgeten**.

  1. Första steget
  2. Andra steget
arendet: |
  Tabell:

  | Sträcka | Km |
  | --- | --- |
  | Norr | 4 |
  | Söder | 7 |

  3. Tredje steget
  4. Fjärde steget

  Igen [planen](https://example.se/plan), och [kartan](https://example.se/karta).
"""


def cases_of(root: Path) -> list[str]:
    return [p.name[:-5] for p in sorted((root / "arenden").glob("*.yaml"))]


def statuses(report) -> dict[str, str]:
    return {r.case: r.status for r in report.results}


def outputs(root: Path) -> dict[str, bytes]:
    """Return every file under build/, by relative path."""
    return {str(p.relative_to(root / "build")): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def root(tmp_path) -> Path:
    """A copy of the root (Vaggeryd) workspace, built once."""
    ws = copy_workspace(REPO, tmp_path / "ws")
    assert build(Workspace(ws), jobs=1).ok
    return ws


@pytest.fixture
def many(tmp_path) -> Path:
    """The root workspace with enough cases that ``build`` uses worker processes."""
    ws = copy_workspace(REPO, tmp_path / "many")
    (ws / "arenden" / "rik.yaml").write_text(RICH, "utf-8")
    for n in range(IN_PROCESS_LIMIT):
        for case in (AUDIT, MOTION):
            text = (ws / "arenden" / f"{case}.yaml").read_text("utf-8").replace("rubrik: ", f"rubrik: Nr {n} ", 1)
            (ws / "arenden" / f"{case}-{n}.yaml").write_text(text, "utf-8")
    return ws


# ---- incremental ----------------------------------------------------------------------------
def it_skips_every_case_when_nothing_changed(root):
    before = outputs(root)
    report = build(Workspace(root), jobs=1)
    assert statuses(report) == {AUDIT: "oforandrad", MOTION: "oforandrad"}
    assert report.summary().startswith("0 byggda, 2 oförändrade, 0 med fel – ")
    assert outputs(root) == before


def it_rebuilds_only_the_case_file_that_changed(root):
    path = root / "arenden" / f"{MOTION}.yaml"
    path.write_text(path.read_text("utf-8").replace("HR-chef", "HR-chefen"), "utf-8")
    assert statuses(build(Workspace(root), jobs=1)) == {AUDIT: "oforandrad", MOTION: "byggd"}


def it_rebuilds_the_cases_that_name_a_person_whose_record_changed(root):
    (root / "arenden" / "rik.yaml").write_text(RICH, "utf-8")  # names no one from personer.yaml
    assert statuses(build(Workspace(root), jobs=1))["rik"] == "byggd"
    people = root / "data" / "personer.yaml"
    people.write_text(people.read_text("utf-8").replace("titel: HR-chef,", "titel: Personalchef,"), "utf-8")
    assert statuses(build(Workspace(root), jobs=1)) == {AUDIT: "byggd", MOTION: "byggd", "rik": "oforandrad"}


def it_rebuilds_every_case_when_the_organisation_changes(root):
    org = root / "data" / "organisation.yaml"
    org.write_text(org.read_text("utf-8") + "\n# ändrad\n", "utf-8")
    assert set(statuses(build(Workspace(root), jobs=1)).values()) == {"byggd"}


def it_rebuilds_the_cases_that_use_a_template_that_changed(root):
    template = own_template(root, "motionssvar")
    with zipfile.ZipFile(template, "a") as package:  # an extra member: other bytes, same document
        package.writestr("kanslist-test.txt", "ändrad")
    assert statuses(build(Workspace(root), jobs=1)) == {AUDIT: "oforandrad", MOTION: "byggd"}


def it_rebuilds_everything_when_forced(root):
    assert set(statuses(build(Workspace(root), jobs=1, force=True)).values()) == {"byggd"}


def it_rebuilds_a_case_whose_output_was_removed_or_cut_short(root):
    (root / "build" / AUDIT / "svar-till-revisorerna.docx").unlink()
    (root / "build" / MOTION / "tjansteskrivelse.docx").write_bytes(b"")
    assert statuses(build(Workspace(root), jobs=1)) == {AUDIT: "byggd", MOTION: "byggd"}


@pytest.mark.parametrize("damage", ['{"dokument": 3}', '{"dokument": {"a.docx": 1}, "mallar": 2}', "[]", "{"])
def it_rebuilds_a_case_whose_manifest_is_damaged(root, damage):
    (root / "build" / MOTION / MANIFEST).write_text(damage, "utf-8")
    assert statuses(build(Workspace(root), jobs=1)) == {AUDIT: "oforandrad", MOTION: "byggd"}


def it_records_what_each_output_was_made_from(root):
    import json

    record = json.loads((root / "build" / AUDIT / MANIFEST).read_text("utf-8"))
    assert record["arende"] == f"arenden/{AUDIT}.yaml"
    assert record["personer"] == ["anna-ystrom", "annika-hedvall"]
    assert set(record["mallar"]) == {"revisionssvar", "svar-till-revisorerna", "atgardsplan"}
    document = record["dokument"]["tjansteskrivelse.docx"]
    assert document["bytes"] == (root / "build" / AUDIT / "tjansteskrivelse.docx").stat().st_size
    assert document["mall"] == "standardmallen revisionssvar.docx"  # the workspace has none of its own
    assert document["etikett"] == "Tjänsteskrivelse"


def it_removes_the_outputs_of_a_removed_case_file_and_nothing_else(root):
    folder = root / "build" / MOTION
    (folder / "anteckningar.txt").write_text("mina egna", "utf-8")
    (root / "build" / "egen-mapp").mkdir()
    (root / "build" / "egen-mapp" / "tjansteskrivelse.docx").write_bytes(b"inte kanslists")
    (root / "arenden" / f"{MOTION}.yaml").unlink()
    report = build(Workspace(root), jobs=1)
    assert report.removed == [MOTION]
    assert sorted(p.name for p in folder.iterdir()) == ["anteckningar.txt"]
    assert (root / "build" / "egen-mapp" / "tjansteskrivelse.docx").read_bytes() == b"inte kanslists"
    assert (root / "build" / AUDIT / "tjansteskrivelse.docx").exists()
    assert report.summary().startswith("0 byggda, 1 oförändrade, 0 med fel, 1 borttagna – ")


def it_removes_a_folder_left_empty_by_a_removed_case(root):
    (root / "arenden" / f"{MOTION}.yaml").unlink()
    build(Workspace(root), jobs=1)
    assert not (root / "build" / MOTION).exists()


def it_removes_nothing_when_building_named_files(root):
    (root / "arenden" / f"{MOTION}.yaml").rename(root / f"{MOTION}.yaml")
    report = build(Workspace(root), [root / "arenden" / f"{AUDIT}.yaml"], jobs=1)
    assert report.removed == [] and (root / "build" / MOTION / "tjansteskrivelse.docx").exists()


# ---- fast rendering gives the plain path's bytes ---------------------------------------------
def documents_of(root: Path):
    ws = Workspace(root)
    for path in ws.case_files():
        arende = validate_case(load_yaml(path, ws.display(path)), ws)
        kind = kind_of(arende)
        context = build_context(arende, ws)
        properties = Properties(title=arende.rubrik, subject=kind.typ, author=context["fran"]["namn"],
                                dnr=arende.dnr or "", datum=arende.datum, category=kind.typ)
        for document in kind.documents:
            yield f"{path.name}/{document.name}", ws.template_path(document.template).read_bytes(), context, properties


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def it_renders_the_bytes_of_docxtpl_load_render_save(example, tmp_path):
    root = copy_workspace(EXAMPLES[example], tmp_path / example)
    if example == "rot":
        (root / "arenden" / "rik.yaml").write_text(RICH, "utf-8")
    for name, template, context, properties in documents_of(root):
        plain = normalise_zip(render_docx_plain(template, context, properties))
        assert render_docx(template, context, properties) == plain, name
        # Twice: nothing of one document leaks into the next made from the same template.
        assert render_docx(template, context, properties) == plain, name


def it_keeps_links_numbering_and_properties(tmp_path):
    root = copy_workspace(REPO, tmp_path / "ws")
    (root / "arenden" / "rik.yaml").write_text(RICH, "utf-8")
    assert build(Workspace(root), [root / "arenden" / "rik.yaml"], jobs=1).ok
    document = docx.Document(str(root / "build" / "rik" / "tjansteskrivelse.docx"))
    links = sorted(r.target_ref for r in document.part.rels.values() if r.is_external)
    assert links == ["https://example.se/karta", "https://example.se/plan"]
    numbering = document.part.numbering_part.element
    starts = numbering.xpath("w:num/w:lvlOverride/w:startOverride/@w:val")
    assert starts[-2:] == ["1", "3"]  # each numbered list its own instance, starting where Markdown says
    core = document.core_properties
    assert (core.title, core.author, core.keywords, core.language) == (
        "Motion om cykelvägar", "Kommunledningskontoret", "KS 2026/031", "sv-SE")
    assert core.created == core.modified and core.created.date().isoformat() == "2026-05-04"


def it_zips_as_zipfile_does_with_fixed_times():
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>" * 50)
        package.writestr("word/media/bild å.png", bytes(range(256)) * 20)
        package.writestr("tom.txt", "")
    data = source.getvalue()
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as target, zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type, fixed.external_attr, fixed.create_system = zipfile.ZIP_DEFLATED, 0o644 << 16, 0
            target.writestr(fixed, src.read(info))
    assert normalise_zip(data) == expected.getvalue()
    assert normalise_zip(normalise_zip(data)) == normalise_zip(data)


# ---- processes -------------------------------------------------------------------------------
def it_writes_the_same_bytes_in_worker_processes_as_in_one(many, tmp_path):
    serial = copy_workspace(many, tmp_path / "serial")
    assert build(Workspace(serial), jobs=1).ok
    report = build(Workspace(many), jobs=2)
    assert report.ok and report.count("byggd") == len(cases_of(many)) > IN_PROCESS_LIMIT
    assert [r.case for r in report.results] == cases_of(many)  # reported in case order, whoever finished first
    assert outputs(many) == outputs(serial)


# ---- a failing case --------------------------------------------------------------------------
def break_case(root: Path) -> Path:
    path = root / "arenden" / "trasig.yaml"
    text = (root / "arenden" / f"{MOTION}.yaml").read_text("utf-8")
    path.write_text(text.replace("handlaggare: [anna-ystrom]", "handlaggare: [ana-ystrom]"), "utf-8")
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def it_writes_the_other_cases_when_one_fails_and_exits_1(many, jobs):
    shutil.rmtree(many / "build", ignore_errors=True)
    break_case(many)
    result = run("-C", str(many), "bygg", "--jobb", jobs)
    assert result.exit_code == 1
    assert "arenden/trasig.yaml:7: handlaggare[0]: " in result.output
    assert "ana-ystrom" in result.output and "anna-ystrom" in result.output  # names the nearest id
    built = [c for c in cases_of(many) if c != "trasig"]
    assert all((many / "build" / c / "tjansteskrivelse.docx").exists() for c in built)
    assert not (many / "build" / "trasig").exists()
    assert f"{len(built)} byggda, 0 oförändrade, 1 med fel – " in result.output


def it_names_the_template_and_part_of_a_template_error(root):
    template = own_template(root, "motionssvar")
    document = docx.Document(str(template))
    document.add_paragraph("Okänt: {{ finns_inte }}")
    document.save(str(template))
    report = build(Workspace(root), jobs=1)
    assert statuses(report) == {AUDIT: "oforandrad", MOTION: "fel"}
    (failed,) = [r for r in report.results if r.status == "fel"]
    assert failed.message.startswith(f"arenden/{MOTION}.yaml: mallar/motionssvar.docx, brödtexten: "
                                     "mallen kunde inte fyllas i: 'finns_inte' finns inte.")
    assert "Nära texten: " in failed.message and "Okänt: {{ finns_inte }}" in failed.message


def it_names_the_header_of_a_template_that_does_not_compile(root):
    template = own_template(root, "revisionssvar")
    document = docx.Document(str(template))
    document.sections[0].header.add_paragraph("Trasig: {% if %}")
    document.save(str(template))
    report = build(Workspace(root), jobs=1)
    (failed,) = [r for r in report.results if r.status == "fel"]
    assert failed.message == (f"arenden/{AUDIT}.yaml: mallar/revisionssvar.docx, sidhuvudet (word/header1.xml): "
                              "mallen har ett skrivfel i {{ }} eller {% %} (Expected an expression, got 'end of statement block'). "
                              "Nära texten: Trasig: {% if %} – kontrollera {{ }} och {% %} i mallen")


def it_fails_only_the_cases_of_a_template_that_is_no_word_file(root):
    (own_template(root, "motionssvar")).write_bytes(b"inte en zip")
    report = build(Workspace(root), jobs=1)
    assert statuses(report) == {AUDIT: "oforandrad", MOTION: "fel"}
    assert report.results[1].message == (
        f"arenden/{MOTION}.yaml: mallar/motionssvar.docx: mallen kan inte läsas som ett Word-dokument "
        "(File is not a zip file) – öppna och spara den i Word, eller ta en ny från 'kanslist init'")


# ---- progress --------------------------------------------------------------------------------
def it_prints_a_line_per_case_built_and_a_summary_when_not_on_a_terminal(tmp_path):
    ws = copy_workspace(REPO, tmp_path / "ws")
    result = run("-C", str(ws), "bygg", "--jobb", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"[1/2] {AUDIT}: atgardsplan.docx, atgardsplan.xlsx, svar-till-revisorerna.docx, tjansteskrivelse.docx"
    assert lines[1] == f"[2/2] {MOTION}: tjansteskrivelse.docx"
    assert lines[2].startswith("2 byggda, 0 oförändrade, 0 med fel – ") and lines[2].endswith(" s")
    again = run("-C", str(ws), "bygg")
    assert again.output.splitlines()[0].startswith("0 byggda, 2 oförändrade, 0 med fel – ")


def it_prints_nothing_with_tyst(tmp_path):
    ws = copy_workspace(REPO, tmp_path / "ws")
    result = run("-C", str(ws), "bygg", "--tyst")
    assert result.exit_code == 0 and result.output == ""


def it_shows_a_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    class Result:
        status, case, outputs = "byggd", "x", ["tjansteskrivelse.docx"]

    stream = Terminal()
    with Progress(3, stream=stream) as progress:
        for _ in range(3):
            progress.step(Result())
    assert "Bygger" in stream.getvalue() and "3/3" in stream.getvalue()
    assert "tjansteskrivelse.docx" not in stream.getvalue()


# ---- a record never vouches for files it did not see written (issue: hardening) -------------
def set_title(root: Path, title: str) -> None:
    path = root / "arenden" / f"{MOTION}.yaml"
    text = path.read_text("utf-8")
    start = text.index("rubrik: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + f"rubrik: {title}" + text[end:], "utf-8")


def title_of(root: Path) -> str:
    return docx.Document(str(root / "build" / MOTION / "tjansteskrivelse.docx")).core_properties.title


def it_rebuilds_after_a_build_that_died_before_its_record(root, monkeypatch):
    import kanslist.pipeline.build as building

    set_title(root, "version A")
    assert statuses(build(Workspace(root), jobs=1))[MOTION] == "byggd"
    set_title(root, "version B")

    def die(path, record, durable=True):  # the documents are written; the record never is (a kill, a full disk)
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(building, "write_json", die)
    assert statuses(build(Workspace(root), jobs=1))[MOTION] == "fel"
    monkeypatch.undo()
    set_title(root, "version A")
    assert statuses(build(Workspace(root), jobs=1))[MOTION] == "byggd"
    assert title_of(root) == "version A"


def it_rebuilds_an_output_replaced_by_one_of_the_same_size(root):
    target = root / "build" / MOTION / "tjansteskrivelse.docx"
    target.write_bytes(b"x" * target.stat().st_size)
    assert statuses(build(Workspace(root), jobs=1)) == {AUDIT: "oforandrad", MOTION: "byggd"}


def it_never_deletes_through_a_symlink_out_of_the_workspace(root, tmp_path):
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (outside / "viktig.docx").write_bytes(b"inte kanslists")
    (outside / MANIFEST).write_text('{"dokument": {"viktig.docx": {"sha256": "0", "bytes": 1}}}', "utf-8")
    (root / "build" / "gone-case").symlink_to(outside)
    report = build(Workspace(root), jobs=1)
    assert report.ok and report.removed == []
    assert (outside / "viktig.docx").read_bytes() == b"inte kanslists"


def it_refuses_to_write_through_a_symlinked_case_folder(root, tmp_path):
    outside = tmp_path / "utanfor"
    outside.mkdir()
    shutil.rmtree(root / "build" / MOTION)
    (root / "build" / MOTION).symlink_to(outside)
    result = build(Workspace(root), jobs=1).results
    failed = next(r for r in result if r.case == MOTION)
    assert failed.status == "fel"
    assert failed.message == (f"arenden/{MOTION}.yaml: build/{MOTION} är en symbolisk länk – kanslist skriver bara "
                              "i arbetsytans egen build-mapp; ta bort länken och bygg igen")
    assert list(outside.iterdir()) == []


def it_refuses_a_symlinked_build_folder(root, tmp_path):
    from kanslist.errors import KanslistError

    outside = tmp_path / "utanfor"
    outside.mkdir()
    shutil.rmtree(root / "build")
    (root / "build").symlink_to(outside)
    with pytest.raises(KanslistError) as raised:
        build(Workspace(root), jobs=1)
    assert str(raised.value) == ("build är en symbolisk länk – kanslist skriver bara i arbetsytans egen build-mapp; "
                                 "ta bort länken och bygg igen")
    assert list(outside.iterdir()) == []


def it_rebuilds_when_a_workspace_gets_a_template_of_its_own(root):
    own_template(root, "motionssvar")  # the same bytes as the default: nothing to do
    assert statuses(build(Workspace(root), jobs=1)) == {AUDIT: "oforandrad", MOTION: "oforandrad"}
    document = docx.Document(str(root / "mallar" / "motionssvar.docx"))
    document.add_paragraph("Egen formgivning")
    document.save(str(root / "mallar" / "motionssvar.docx"))
    assert statuses(build(Workspace(root), jobs=1)) == {AUDIT: "oforandrad", MOTION: "byggd"}


def it_creates_outputs_with_the_users_umask_as_other_tools_do(root):
    import os
    import stat

    from kanslist.pipeline.write import UMASK

    mode = stat.S_IMODE(os.stat(root / "build" / MOTION / "tjansteskrivelse.docx").st_mode)
    assert mode == 0o666 & ~UMASK


def it_refuses_a_case_file_whose_name_would_write_outside_its_folder(root):
    odd = root / "arenden" / "..yaml"
    odd.write_text((root / "arenden" / f"{MOTION}.yaml").read_text("utf-8"), "utf-8")
    result = build(Workspace(root), [odd], jobs=1).results[0]
    assert (result.status, result.message) == ("fel", "arenden/..yaml: '..yaml' är inget namn som en mapp under "
                                               "build/ kan få – byt namn på ärendefilen, t.ex. till svar-pa-motion.yaml")
    assert not (root / "tjansteskrivelse.docx").exists() and not (root / "build" / "tjansteskrivelse.docx").exists()

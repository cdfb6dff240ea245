"""Tests of kanslist.pdf and kanslist.pdfmeta: PDF/A-2b through LibreOffice.

Real conversions are checked with poppler's tools and pikepdf, not with the
module's own checks. Fake converters (small scripts written into tmp_path)
exercise hangs, crashes and silent failures without LibreOffice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from kanslist.pdf import convert as pdfmod
from kanslist.errors import KanslistError
from kanslist.pdf.convert import (
    PdfBatchError,
    PdfConverter,
    PdfError,
    PdfJob,
    PdfTimeout,
    PdfUnavailable,
    convert_to_pdf,
)
from kanslist.pdf.meta import metadata_problems, read_facts, repair_metadata

from support import unavailable

TITLE = "Svar på granskning: styrning & ledning"
AUTHOR = "Anna Yström"
HEADING = "Granskning av hemarbete – åäö ÅÄÖ"
BODY = [
    "Kommunledningskontoret instämmer i rekommendationen.",
    "HR-enheten ges i uppdrag att utreda skriftliga överenskommelser för arbete på annan plats.",
    "Åtgärden ska vara klar senast 2025-12-31 och återrapporteras till kommunstyrelsen.",
]
INSTALL = (
    "Installera LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) "
    "eller bygg utan --pdf; Word-filerna skapas ändå."
)


# --- helpers -------------------------------------------------------------------


def need_libreoffice() -> None:
    """Skip without LibreOffice and poppler, except in CI, where that is a failure."""
    reason = PdfConverter.unavailable_reason()
    if reason is None and not shutil.which("pdffonts"):
        reason = "poppler-utils saknas (pdfinfo, pdffonts, pdftotext): apt-get install poppler-utils"
    if reason is not None:
        unavailable(reason)


@pytest.fixture(scope="module", autouse=True)
def _profile_cache(tmp_path_factory):
    """LibreOffice profiles in a cache of this module's own, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def _libreoffice_marker(request):
    if request.node.get_closest_marker("libreoffice"):
        need_libreoffice()


def make_docx(path: Path, title: str = TITLE, author: str = AUTHOR, lang: str = "sv-SE") -> Path:
    """Write a small letter: a Heading 1 and body paragraphs, in language ``lang``."""
    document = docx.Document()
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)
    lang_el.set(qn("w:eastAsia"), lang)
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = lang
    document.add_heading(HEADING, 1)
    for text in BODY:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_script(path: Path, text: str) -> str:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def live_members(pgid: int) -> list[int]:
    """Return the pids of live (not zombie) processes in process group ``pgid``."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        state, _ppid, pgrp = text[text.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == pgid and state not in ("Z", "X"):
            members.append(int(stat.parent.name))
    return members


def wait_until_gone(pgid: int, seconds: float = 2.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (members := live_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return members


def pdffonts(path: Path) -> list[dict[str, str]]:
    """Return pdffonts' table as dicts, columns cut where its dashed line says."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    names = ["name", "type", "encoding", "emb", "sub", "uni", "object"]
    return [{n: line[a:b].strip() for n, (a, b) in zip(names, spans)} for line in lines[2:]]


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines())}


def words(text: str) -> str:
    return " ".join(text.split())


# --- real conversions ------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two letters with the same file name in two folders, converted as one batch.

    The second is marked en-US in its styles, so /Lang sv-SE must come from us.
    """
    need_libreoffice()
    root = tmp_path_factory.mktemp("batch")
    first = make_docx(root / "a" / "brev.docx")
    second = make_docx(root / "b" / "brev.docx", title='Motion <"A & B">', author="Å & Ö", lang="en-US")
    jobs = [PdfJob(first, None, TITLE, AUTHOR), PdfJob(second, None, 'Motion <"A & B">', "Å & Ö")]
    with PdfConverter() as converter:
        pdfs = converter.convert(jobs)
    return jobs, pdfs


@pytest.mark.libreoffice
def test_a_batch_writes_each_pdf_beside_its_docx_and_nothing_else(batch):
    jobs, pdfs = batch
    assert pdfs == [job.docx.with_suffix(".pdf") for job in jobs]
    for job in jobs:
        assert sorted(p.name for p in job.docx.parent.iterdir()) == ["brev.docx", "brev.pdf"]


@pytest.mark.libreoffice
def test_the_xmp_declares_pdfa_2b(batch):
    for path in batch[1]:
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
            assert "/Filter" not in pdf.Root.Metadata.stream_dict


@pytest.mark.libreoffice
def test_the_pdf_is_tagged_with_a_structure_tree(batch):
    for path in batch[1]:
        assert pdfinfo(path)["Tagged"] == "yes"
        with pikepdf.open(path) as pdf:
            assert "/StructTreeRoot" in pdf.Root
            assert pdf.Root.MarkInfo.Marked is True


@pytest.mark.libreoffice
def test_the_document_language_is_swedish_even_when_the_docx_says_otherwise(batch):
    for path in batch[1]:
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "sv-SE"
            assert pdf.open_metadata()["dc:language"] == {"sv-SE"}


@pytest.mark.libreoffice
def test_every_font_is_embedded(batch):
    for path in batch[1]:
        fonts = pdffonts(path)
        assert fonts, "no fonts listed"
        assert [f["name"] for f in fonts if f["emb"] != "yes"] == []


@pytest.mark.libreoffice
def test_the_text_is_complete(batch):
    for path in batch[1]:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        for expected in [HEADING, *BODY]:
            assert words(expected) in words(text)


@pytest.mark.libreoffice
def test_title_and_author_with_ampersands_agree_in_info_and_xmp(batch):
    jobs, pdfs = batch
    for job, path in zip(jobs, pdfs):
        info = pdfinfo(path)
        assert (info["Title"], info["Author"]) == (job.title, job.author)
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert meta["dc:title"] == job.title
            assert meta["dc:creator"] == [job.author]
            assert str(pdf.docinfo.Title) == job.title
            assert b"&amp;amp;" not in pdf.Root.Metadata.read_bytes()
            # LibreOffice's own fields must still match after the repair
            assert str(pdf.docinfo.Producer) == meta["pdf:Producer"]
            assert meta["pdf:Producer"].startswith("LibreOffice")
            assert str(pdf.docinfo.Creator) == meta["xmp:CreatorTool"]
        assert metadata_problems(read_facts(path), title=job.title, author=job.author, language="sv-SE") == []


@pytest.mark.libreoffice
def test_convert_to_pdf_writes_an_explicit_target(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = make_docx(tmp_path / "brev.docx")
    target = tmp_path / "arkiv" / "KS 2025-064.pdf"
    assert convert_to_pdf(source, target, TITLE, AUTHOR) == target
    assert pdfinfo(target)["Title"] == TITLE
    assert sorted(p.name for p in target.parent.iterdir()) == ["KS 2025-064.pdf"]


@pytest.mark.libreoffice
def test_a_zip_that_is_no_word_file_fails_while_the_rest_of_the_batch_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = make_docx(tmp_path / "brev.docx")
    with zipfile.ZipFile(tmp_path / "trasig.docx", "w") as archive:
        archive.writestr("hej.txt", "inget Word-dokument")
    with PdfConverter() as converter:
        with pytest.raises(PdfBatchError) as caught:
            converter.convert([PdfJob(tmp_path / "trasig.docx", None, "T", "A"), PdfJob(good, None, TITLE, AUTHOR)])
    assert str(caught.value) == (
        "LibreOffice avslutades utan att skapa någon PDF av trasig.docx"
        " – LibreOffice kunde inte läsa filen som ett Word-dokument\n"
        "1 av 2 PDF-filer kunde inte skapas"
    )
    assert caught.value.converted == [tmp_path / "brev.pdf"]
    assert not (tmp_path / "trasig.pdf").exists()


@pytest.mark.libreoffice
def test_parallel_converters_use_separate_profiles(tmp_path):
    sources = [make_docx(tmp_path / f"d{i}" / "brev.docx") for i in range(2)]
    converters = [PdfConverter(), PdfConverter()]
    try:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda cs: cs[0].convert([PdfJob(cs[1], None, TITLE, AUTHOR)]), zip(converters, sources)))
        assert len(converters[0].profiles) == len(converters[1].profiles) == 1
        assert converters[0].profiles != converters[1].profiles
    finally:
        for converter in converters:
            converter.close()
    assert results == [[s.with_suffix(".pdf")] for s in sources]


# --- fake converters: hangs, crashes, silence --------------------------------------

# A stand-in for soffice that writes a minimal tagged PDF/A-2b for each input,
# except that it hangs on a DOCX whose title contains HÄNG. Each run appends
# its inputs to calls.txt beside it.
FAKE_SOFFICE = """\
    #!{python}
    import os, sys, time, zipfile
    from pathlib import Path
    import pikepdf

    args = sys.argv[1:]
    outdir = Path(args[args.index("--outdir") + 1])
    inputs = [Path(a) for a in args if a.endswith(".docx")]
    with open(Path(__file__).with_name("calls.txt"), "a") as log:
        log.write(" ".join(p.name for p in inputs) + "\\n")
    with open(Path(__file__).with_name("profiles.txt"), "a") as log:
        log.write(next(a for a in args if a.startswith("-env:UserInstallation=")) + "\\n")
    for source in inputs:
        core = zipfile.ZipFile(source).read("docProps/core.xml").decode()
        if "HÄNG" in core:
            time.sleep(300)
        pdf = pikepdf.new()
        pdf.add_blank_page()
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        temp = outdir / (source.stem + ".tmp")
        pdf.save(temp)
        os.replace(temp, outdir / (source.stem + ".pdf"))
"""


def test_a_hung_converter_is_stopped_with_its_whole_process_group(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pidfile = tmp_path / "pid"
    fake = write_script(
        tmp_path / "soffice",
        f"""
        #!/bin/sh
        echo $$ > "{pidfile}"
        sleep 300 &
        sleep 300
        """,
    )
    source = make_docx(tmp_path / "brev.docx")
    started = time.monotonic()
    with PdfConverter(soffice=fake, timeout=2) as converter:
        with pytest.raises(KanslistError) as caught:
            converter.convert([PdfJob(source, None, TITLE, AUTHOR)])
    assert time.monotonic() - started < 5
    assert str(caught.value) == (
        "PDF-konverteringen av brev.docx tog längre än 2 s och avbröts\n"
        "1 av 1 PDF-filer kunde inte skapas"
    )
    assert isinstance(caught.value.failures[0], PdfTimeout)
    assert wait_until_gone(int(pidfile.read_text())) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brev.docx", "pid", "soffice"]


def test_convert_to_pdf_raises_the_one_failure_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fake = write_script(tmp_path / "soffice", "#!/bin/sh\nsleep 300\n")
    source = make_docx(tmp_path / "brev.docx")
    with pytest.raises(PdfTimeout) as caught:
        convert_to_pdf(source, None, TITLE, AUTHOR, soffice=fake, timeout=1)
    assert str(caught.value) == "PDF-konverteringen av brev.docx tog längre än 1 s och avbröts"


def test_documents_after_a_hang_are_converted_in_a_fresh_process(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fake = write_script(tmp_path / "soffice", FAKE_SOFFICE.format(python=sys.executable))
    sources = [
        make_docx(tmp_path / "ett.docx", title="Ett"),
        make_docx(tmp_path / "tva.docx", title="HÄNG"),
        make_docx(tmp_path / "tre.docx", title="Tre & fyra"),
    ]
    jobs = [PdfJob(s, None, "Titel " + s.stem, AUTHOR) for s in sources]
    with PdfConverter(soffice=fake, timeout=2, processes=1) as converter:
        with pytest.raises(PdfBatchError) as caught:
            converter.convert(jobs)
    assert [str(f) for f in caught.value.failures] == [
        "PDF-konverteringen av tva.docx tog längre än 2 s och avbröts"
    ]
    assert caught.value.converted == [tmp_path / "ett.pdf", tmp_path / "tre.pdf"]
    assert (tmp_path / "calls.txt").read_text().splitlines() == [
        "0000.docx 0001.docx 0002.docx",
        "0002.docx",
    ]
    assert pdfinfo_or_pikepdf_title(tmp_path / "tre.pdf") == "Titel tre"
    assert not (tmp_path / "tva.pdf").exists()


def test_a_converter_stuck_twice_in_a_row_is_given_up(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    calls = tmp_path / "calls.txt"
    fake = write_script(tmp_path / "soffice", f'#!/bin/sh\necho x >> "{calls}"\nsleep 300\n')
    jobs = [PdfJob(make_docx(tmp_path / f"{n}.docx"), None, TITLE, AUTHOR) for n in ("a", "b", "c", "d")]
    with PdfConverter(soffice=fake, timeout=1, processes=1) as converter:
        with pytest.raises(PdfBatchError) as caught:
            converter.convert(jobs)
    given_up = "gavs upp: LibreOffice fastnade två gånger i rad utan att bli klar med något dokument"
    assert [str(f) for f in caught.value.failures] == [
        "PDF-konverteringen av a.docx tog längre än 1 s och avbröts",
        "PDF-konverteringen av b.docx tog längre än 1 s och avbröts",
        f"PDF-konverteringen av c.docx {given_up}",
        f"PDF-konverteringen av d.docx {given_up}",
    ]
    assert len(calls.read_text().splitlines()) == 2


def pdfinfo_or_pikepdf_title(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata()["dc:title"] == str(pdf.docinfo.Title)
        return str(pdf.docinfo.Title)


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("exit 0", "LibreOffice avslutades utan att skapa någon PDF av brev.docx"),
        (
            "echo 'Error: source file could not be loaded' >&2",
            "LibreOffice avslutades utan att skapa någon PDF av brev.docx"
            " – LibreOffice kunde inte läsa filen som ett Word-dokument",
        ),
        ("echo 'ingen plats kvar' >&2; exit 3", "LibreOffice avslutades med felkod 3 utan att skapa någon PDF av brev.docx (ingen plats kvar)"),
        ("kill -SEGV $$", "LibreOffice kraschade (signal 11) vid PDF-konverteringen av brev.docx"),
    ],
    ids=["exit-0", "unreadable", "exit-3", "crash"],
)
def test_a_converter_that_leaves_no_pdf_is_an_error(tmp_path, monkeypatch, script, message):
    monkeypatch.chdir(tmp_path)
    fake = write_script(tmp_path / "soffice", f"#!/bin/sh\n{script}\n")
    source = make_docx(tmp_path / "brev.docx")
    with pytest.raises(PdfError) as caught:
        convert_to_pdf(source, None, TITLE, AUTHOR, soffice=fake, timeout=10)
    assert str(caught.value) == message
    assert not (tmp_path / "brev.pdf").exists()


def test_inputs_that_are_no_docx_fail_before_libreoffice_starts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fake = write_script(tmp_path / "soffice", "#!/bin/sh\ntouch started\n")
    (tmp_path / "text.docx").write_text("inte en zip-fil")
    with PdfConverter(soffice=fake) as converter:
        with pytest.raises(PdfBatchError) as caught:
            converter.convert([PdfJob("text.docx", None, "T", "A"), PdfJob("saknas.docx", None, "T", "A")])
    assert str(caught.value) == (
        "text.docx är ingen giltig Word-fil (DOCX) och kan inte göras om till PDF\n"
        "saknas.docx finns inte och kan inte göras om till PDF\n"
        "2 av 2 PDF-filer kunde inte skapas"
    )
    assert not (tmp_path / "started").exists()


def test_two_jobs_may_not_write_the_same_pdf(tmp_path):
    fake = write_script(tmp_path / "soffice", "#!/bin/sh\n")
    jobs = [PdfJob(tmp_path / "a.docx", tmp_path / "x.pdf", "", ""), PdfJob(tmp_path / "b.docx", tmp_path / "x.pdf", "", "")]
    with PdfConverter(soffice=fake) as converter, pytest.raises(ValueError):
        converter.convert(jobs)


def test_a_batch_is_shared_among_processes_each_with_a_profile_of_its_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fake = write_script(tmp_path / "soffice", FAKE_SOFFICE.format(python=sys.executable))
    sources = [make_docx(tmp_path / f"{n}.docx", title=f"Brev {n}") for n in ("a", "b", "c", "d")]
    with PdfConverter(soffice=fake, processes=2) as converter:
        written = converter.convert([PdfJob(s, None, TITLE, AUTHOR) for s in sources])
        profiles = converter.profiles
    assert written == [s.with_suffix(".pdf") for s in sources]
    runs = [line.split() for line in (tmp_path / "calls.txt").read_text().splitlines()]
    assert [len(run) for run in runs] == [2, 2]
    assert sorted(name for run in runs for name in run) == ["0000.docx", "0001.docx", "0002.docx", "0003.docx"]
    used = (tmp_path / "profiles.txt").read_text().splitlines()
    assert sorted(used) == sorted(f"-env:UserInstallation={p.as_uri()}" for p in profiles)
    assert len(set(used)) == 2


# A stand-in for soffice that writes the LD_PRELOAD it was started with, then a PDF.
PRELOAD_SOFFICE = FAKE_SOFFICE.replace(
    "    args = sys.argv[1:]\n",
    "    args = sys.argv[1:]\n"
    "    Path(__file__).with_name('preload.txt').write_text(os.environ.get('LD_PRELOAD', '-'))\n",
)


def test_tcmalloc_is_installed_where_the_suite_runs():
    # make system installs it with LibreOffice; without it PDF/A costs a third more CPU.
    if not pdfmod.find_allocator():
        unavailable(f"tcmalloc saknas – installera {pdfmod.ALLOCATOR_PACKAGE} (make system)")
    assert pdfmod.find_allocator().startswith("libtcmalloc_minimal.so")


@pytest.mark.parametrize("fast, preload, expected", [
    (True, None, "tcmalloc"),
    (False, None, "-"),
    (True, "/usr/lib/own.so", "/usr/lib/own.so"),  # the user's own preload wins
])
def test_libreoffice_is_started_with_the_fast_allocator_unless_told_otherwise(
    tmp_path, monkeypatch, fast, preload, expected
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pdfmod, "find_allocator", lambda: "libtcmalloc_minimal.so.4")
    if preload:
        monkeypatch.setenv("LD_PRELOAD", preload)
    else:
        monkeypatch.delenv("LD_PRELOAD", raising=False)
    fake = write_script(tmp_path / "soffice", PRELOAD_SOFFICE.format(python=sys.executable))
    source = make_docx(tmp_path / "a.docx", title="Brev")
    with PdfConverter(soffice=fake, processes=1, fast_allocator=fast) as converter:
        converter.convert([PdfJob(source, None, TITLE, AUTHOR)])
    used = (tmp_path / "preload.txt").read_text()
    assert used == ("libtcmalloc_minimal.so.4" if expected == "tcmalloc" else expected)


QUIET = [
    '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
    '<value>7.4</value></prop></item>',
    '<item oor:path="/org.openoffice.Office.Linguistic/SpellChecking"><prop oor:name="IsSpellAuto" oor:op="fuse">'
    '<value>false</value></prop></item>',
    '<item oor:path="/org.openoffice.Office.Linguistic/GrammarChecking"><prop oor:name="IsAutoCheck" oor:op="fuse">'
    '<value>false</value></prop></item>',
    '<item oor:path="/org.openoffice.Office.Writer/AutoFunction/Completion"><prop oor:name="Enable" oor:op="fuse">'
    '<value>false</value></prop></item>',
]


def test_a_new_profile_starts_without_self_tests_spell_checking_and_word_completion(tmp_path):
    pdfmod.quiet_profile(tmp_path / "profil", "7.4")
    text = (tmp_path / "profil" / "user" / "registrymodifications.xcu").read_text("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items ')
    assert [line for line in text.splitlines() if line.startswith("<item")] == QUIET
    assert text.endswith("</oor:items>\n")


def test_without_a_known_version_only_the_version_is_left_to_libreoffice(tmp_path):
    pdfmod.quiet_profile(tmp_path, None)
    text = (tmp_path / "user" / "registrymodifications.xcu").read_text("utf-8")
    assert [line for line in text.splitlines() if line.startswith("<item")] == QUIET[1:]


def test_a_profile_libreoffice_wrote_keeps_its_settings_and_gets_ours_once(tmp_path):
    registry = tmp_path / "user" / "registrymodifications.xcu"
    registry.parent.mkdir()
    own = ('<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse">'
           '<value>true</value></prop></item>')
    older = QUIET[0].replace("7.4", "7.3")  # a profile from before an upgrade: our value holds
    spell_on = QUIET[1].replace("false", "true")
    registry.write_text(pdfmod._EMPTY_REGISTRY.replace("</oor:items>", f"{own}\n{older}\n{spell_on}\n</oor:items>"),
                        "utf-8")
    pdfmod.quiet_profile(tmp_path, "7.4")
    once = registry.read_text("utf-8")
    before = registry.stat().st_mtime_ns
    pdfmod.quiet_profile(tmp_path, "7.4")
    assert registry.read_text("utf-8") == once and registry.stat().st_mtime_ns == before  # nothing to do: not written
    assert [line for line in once.splitlines() if line.startswith("<item")] == [own, *QUIET]


@pytest.mark.parametrize("text, version", [
    ("[Bootstrap]\nProductKey=LibreOffice 7.4\n", "7.4"),
    ("[Bootstrap]\nProductKey=LibreOffice 24.8\nUserInstallation=$SYSUSERCONFIG/libreoffice/4\n", "24.8"),
    ("[Bootstrap]\nProductKey=LibreOffice\n", None),
])
def test_the_version_is_read_from_bootstraprc_beside_the_program(tmp_path, text, version):
    (tmp_path / "bootstraprc").write_text(text, encoding="utf-8")
    assert pdfmod.product_version(str(tmp_path / "soffice.bin")) == version
    assert pdfmod.product_version(str(tmp_path / "saknas" / "soffice.bin")) is None


@pytest.mark.libreoffice
def test_libreoffice_keeps_the_quiet_settings_in_the_profiles_it_converted_in(tmp_path):
    source = make_docx(tmp_path / "brev.docx")
    with PdfConverter(processes=1, profiles=tmp_path / "profiler") as converter:
        converter.convert([PdfJob(source, None, TITLE, AUTHOR)])
        (profile,) = converter.profiles
    text = (profile / "user" / "registrymodifications.xcu").read_text("utf-8")
    version = pdfmod.product_version(converter._program[0])
    for item in [QUIET[0].replace("7.4", version), *QUIET[1:]]:
        assert text.count(item) == 1
    assert "ooSetupInstCompleted" in text  # the profile LibreOffice made itself, with ours in it
    assert not (profile / "user" / "GraphicsRenderTests.log").exists()  # no self-tests: not a first start


def write_libreoffice(folder: Path, soffice_bin: str) -> str:
    """Lay out a fake LibreOffice like the real one: a ``soffice`` script beside ``soffice.bin``."""
    folder.mkdir()
    # The real script forks soffice.bin through oosplash; the converter must not use it.
    write_script(folder / "soffice", f'#!/bin/sh\ntouch "{folder}/via-skriptet"\nexec sleep 300\n')
    write_script(folder / "soffice.bin", soffice_bin)
    return str(folder / "soffice")


def test_soffice_bin_is_started_itself_and_dies_with_a_parent_killed_by_sigkill(tmp_path):
    pidfile = tmp_path / "pid"
    soffice = write_libreoffice(tmp_path / "program", f'#!/bin/sh\necho $$ > "{pidfile}.tmp"\nmv "{pidfile}.tmp" "{pidfile}"\nexec sleep 300\n')
    source = make_docx(tmp_path / "brev.docx")
    code = (
        "from kanslist.pdf.convert import PdfConverter, PdfJob\n"
        f"with PdfConverter(soffice={soffice!r}) as converter:\n"
        f"    converter.convert([PdfJob({str(source)!r}, None, 'T', 'A')])\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    try:
        deadline = time.monotonic() + 30
        while not pidfile.exists() and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        pid = int(pidfile.read_text())
        stat = Path(f"/proc/{pid}/stat").read_text()
        assert int(stat[stat.rindex(")") + 2 :].split()[1]) == parent.pid  # our child, not the script's
    finally:
        parent.kill()
        parent.wait()
    assert wait_until_gone(pid) == []  # its own process group, led by itself
    assert not (tmp_path / "program" / "via-skriptet").exists()


def test_a_new_profile_s_request_to_be_started_again_is_honoured(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    once = """\
    first = Path(__file__).with_name("startad")
    if not first.exists():
        first.touch()
        sys.exit(81)  # what soffice.bin does after creating a profile
    args = sys.argv[1:]
"""
    soffice = write_libreoffice(
        tmp_path / "program", FAKE_SOFFICE.format(python=sys.executable).replace("    args = sys.argv[1:]\n", once)
    )
    source = make_docx(tmp_path / "brev.docx")
    assert convert_to_pdf(source, None, TITLE, AUTHOR, soffice=soffice) == tmp_path / "brev.pdf"
    assert (tmp_path / "program" / "calls.txt").read_text().splitlines() == ["0000.docx"]
    assert not (tmp_path / "program" / "via-skriptet").exists()


def test_a_profile_left_by_a_killed_run_is_removed_and_one_in_use_is_not(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fake = write_script(tmp_path / "soffice", FAKE_SOFFICE.format(python=sys.executable))
    cache = tmp_path / "cache"
    with PdfConverter(soffice=fake, processes=1, profiles=cache) as holder:
        holder.convert([PdfJob(make_docx(tmp_path / "a.docx"), None, TITLE, AUTHOR)])
        # A run killed in plats-1 left its marker, half a profile and its work folder;
        # plats-0 is held by a converter that runs now, which looks the same.
        for slot in ("plats-0", "plats-1"):
            (cache / slot / "profil" / "user").mkdir(parents=True, exist_ok=True)
            (cache / slot / "profil" / "user" / "halvskriven").touch()
            (cache / slot / "oavslutad").touch()
        (cache / "plats-1" / "arbete").mkdir()
        (cache / "plats-1.lock").touch()
        with PdfConverter(soffice=fake, processes=1, profiles=cache) as next_run:
            next_run.convert([PdfJob(make_docx(tmp_path / "b.docx"), None, TITLE, AUTHOR)])
            assert next_run.profiles == [cache / "plats-1" / "profil"]
        # Only the new profile's settings, written before LibreOffice started (see quiet_profile).
        assert [p.relative_to(cache / "plats-1").as_posix() for p in sorted((cache / "plats-1").rglob("*"))
                if p.is_file()] == ["profil/user/registrymodifications.xcu"]
        assert sorted(p.name for p in (cache / "plats-0").iterdir()) == ["oavslutad", "profil"]
    assert (tmp_path / "b.pdf").exists()


def test_a_cache_that_cannot_be_written_says_so_and_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fake = write_script(tmp_path / "soffice", FAKE_SOFFICE.format(python=sys.executable))
    (tmp_path / "cache").write_text("en fil, ingen mapp")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with PdfConverter(soffice=fake) as converter, pytest.raises(PdfError) as caught:
        converter.convert([PdfJob(make_docx(tmp_path / "brev.docx"), None, TITLE, AUTHOR)])
    assert str(caught.value) == (
        f"LibreOffice-profilen i {tmp_path}/cache/kanslist/libreoffice kan inte skapas (Not a directory) – "
        "se till att mappen går att skriva i, eller välj en annan med miljövariabeln XDG_CACHE_HOME"
    )


# --- LibreOffice missing -------------------------------------------------------------


def test_a_missing_soffice_is_unavailable_and_says_what_to_install(tmp_path):
    missing = str(tmp_path / "finns-inte" / "soffice")
    assert PdfConverter.available(missing) is False
    reason = PdfConverter.unavailable_reason(missing)
    assert reason == f"PDF kräver LibreOffice, men {missing} finns inte. {INSTALL}"
    with pytest.raises(PdfUnavailable) as caught:
        convert_to_pdf(tmp_path / "brev.docx", soffice=missing)
    assert str(caught.value) == reason


def test_without_soffice_on_the_path_pdf_is_unavailable(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdfmod, "_CANDIDATES", ())
    assert pdfmod.find_soffice() is None
    assert PdfConverter.available() is False
    assert PdfConverter.unavailable_reason() == f"PDF kräver LibreOffice, men programmet soffice hittades inte. {INSTALL}"


def test_a_file_that_cannot_run_is_unavailable(tmp_path):
    plain = tmp_path / "soffice"
    plain.write_text("")
    assert PdfConverter.unavailable_reason(str(plain)) == (
        f"PDF kräver LibreOffice, men {plain} är inte ett körbart program. {INSTALL}"
    )


def test_the_module_imports_without_libreoffice(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}
    code = "import kanslist.pdf.convert as p; print(p.find_soffice() is None or 'found')"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stderr == ""


# --- metadata repair, without LibreOffice ---------------------------------------------


def libreoffice_like_pdf(path: Path, title: str, author: str) -> Path:
    """Write a PDF with LibreOffice 7.4's metadata bug: XMP escaped twice, Info right."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = title.replace("&", "&amp;")
        meta["dc:creator"] = [author.replace("&", "&amp;")]
        meta["xmp:CreateDate"] = "2026-04-27T10:00:00Z"
    pdf.docinfo.Title = title
    pdf.docinfo.Author = author
    pdf.docinfo.CreationDate = "D:20260427100000Z'"
    pdf.Root.Lang = pikepdf.String("en-US")
    pdf.save(path)
    return path


def test_the_libreoffice_ampersand_bug_is_detected_and_repaired(tmp_path):
    source = libreoffice_like_pdf(tmp_path / "lo.pdf", "A & B", "C & D")
    before = metadata_problems(read_facts(source), title="A & B", author="C & D", language="sv-SE")
    assert "dokumentspråket är 'en-US', inte 'sv-SE'" in before
    assert "Info Title 'A & B' skiljer sig från XMP dc:title 'A &amp; B'" in before
    with open(tmp_path / "fixed.pdf", "wb") as fh:
        repair_metadata(source, fh, title="A & B", author="C & D", language="sv-SE")
    facts = read_facts(tmp_path / "fixed.pdf")
    assert facts.xmp["dc:title"] == facts.info["/Title"] == "A & B"
    assert (facts.pdfa_part, facts.pdfa_conformance, facts.language) == ("2", "B", "sv-SE")
    # the only problem left is that this test PDF has no structure tree; the
    # Info CreationDate "D:...Z'" (LibreOffice's form) matches the XMP instant
    assert metadata_problems(facts, title="A & B", author="C & D", language="sv-SE") == [
        "PDF:en saknar taggar (MarkInfo/StructTreeRoot)"
    ]


@settings(max_examples=40, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), min_size=1, max_size=40),
    author=st.sampled_from(["Anna Yström", "Å & Ö", "<revisorerna>", 'Per "Pelle" Ek']),
)
def test_any_title_survives_the_repair_equal_in_info_and_xmp(tmp_path_factory, title, author):
    folder = tmp_path_factory.mktemp("meta")
    source = libreoffice_like_pdf(folder / "lo.pdf", title, author)
    with open(folder / "fixed.pdf", "wb") as fh:
        repair_metadata(source, fh, title=title, author=author, language="sv-SE")
    facts = read_facts(folder / "fixed.pdf")
    assert metadata_problems(facts, title=title, author=author, language="sv-SE") == [
        "PDF:en saknar taggar (MarkInfo/StructTreeRoot)"
    ]


def test_a_bare_program_name_is_looked_up_on_the_path(tmp_path, monkeypatch):
    write_script(tmp_path / "mitt-soffice", "#!/bin/sh\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert PdfConverter.available("mitt-soffice") is True
    assert PdfConverter.available("annat-soffice") is False
    with PdfConverter(soffice="mitt-soffice") as converter:
        assert converter.soffice == str(tmp_path / "mitt-soffice")

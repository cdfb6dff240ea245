"""The organisation's logo on the first page of a meeting's papers, and the protocol's signature boxes there too."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from PIL import Image

from kanslist.pipeline.build import build
from kanslist.workspace import Workspace

from meetings_support import copy_kommun_ar

PAPERS = ["kallelse.docx", "protokoll.docx", "utdrag-2.docx", "anslag.docx"]


def _with_logo(root):
    logo = io.BytesIO()
    Image.new("RGB", (400, 100), (0, 84, 145)).save(logo, "PNG")
    (root / "data" / "logotyp.png").write_bytes(logo.getvalue())
    org = root / "data" / "organisation.yaml"
    org.write_text(org.read_text("utf-8") + "identitet:\n  logotyp: data/logotyp.png\n  logotyp_bredd_cm: 4\n",
                   encoding="utf-8")
    return logo.getvalue()


def _pictures(header) -> list[tuple[str, str]]:
    return [(d.get("name"), d.get("descr")) for d in header._element.iter(qn("wp:docPr"))]


def it_prints_the_logo_on_the_first_page_of_every_meeting_paper(tmp_path):
    root = copy_kommun_ar(tmp_path / "kommun-ar")
    data = _with_logo(root)
    assert build(Workspace(root), jobs=1).ok
    folder = root / "build" / "sammantraden" / "ks-2026-02-10"
    for name in PAPERS:
        section = docx.Document(str(folder / name)).sections[0]
        assert _pictures(section.first_page_header) == [("Logotyp", "Logotyp för Åsby kommun")], name
        assert _pictures(section.header) == [], name
        (blip,) = section.first_page_header._element.iter(qn("a:blip"))
        assert section.first_page_header.part.related_parts[blip.get(qn("r:embed"))].blob == data, name
        # The header's rows are the same on the first page as on the others, below the logo.
        first = [p.text for p in section.first_page_header.paragraphs if p.text]
        assert first == [p.text for p in section.header.paragraphs if p.text], name


def it_prints_no_picture_without_a_logo_and_keeps_the_signature_boxes_on_the_first_page(tmp_path):
    root = copy_kommun_ar(tmp_path / "kommun-ar")
    assert build(Workspace(root), jobs=1).ok
    section = docx.Document(str(root / "build" / "sammantraden" / "ks-2026-02-10" / "protokoll.docx")).sections[0]
    assert _pictures(section.first_page_header) == []
    for footer in (section.first_page_footer, section.footer):
        assert [c.paragraphs[0].text for c in footer.tables[0].rows[0].cells] == [
            "Justerandes signatur", "Utdragsbestyrkande"]


def it_builds_the_meetings_again_when_the_logo_changes(tmp_path):
    root = copy_kommun_ar(tmp_path / "kommun-ar")
    _with_logo(root)
    assert build(Workspace(root), jobs=1).ok
    Image.new("RGB", (400, 200), (200, 0, 0)).save(root / "data" / "logotyp.png", "PNG")
    again = build(Workspace(root), jobs=1)
    meetings = [r for r in again.results if r.case.startswith("sammantraden/")]
    assert meetings and all(r.status == "byggd" for r in meetings)


def it_prints_the_logo_on_the_first_page_of_the_motion_report(tmp_path):
    import datetime as dt

    from kanslist.sammantrade.motioner import write_report

    root = copy_kommun_ar(tmp_path / "kommun-ar", meetings=False)
    plain = write_report(Workspace(root), dt.date(2026, 12, 31), tmp_path / "utan.docx")[0]
    section = docx.Document(str(plain)).sections[0]
    assert _pictures(section.first_page_header) == [] and _pictures(section.header) == []
    data = _with_logo(root)
    path = write_report(Workspace(root), dt.date(2026, 12, 31), tmp_path / "motioner.docx")[0]
    section = docx.Document(str(path)).sections[0]
    assert _pictures(section.first_page_header) == [("Logotyp", "Logotyp för Åsby kommun")]
    assert _pictures(section.header) == []
    (blip,) = section.first_page_header._element.iter(qn("a:blip"))
    assert section.first_page_header.part.related_parts[blip.get(qn("r:embed"))].blob == data
    first = [p.text for p in section.first_page_header.paragraphs if p.text]
    assert first == [p.text for p in section.header.paragraphs if p.text] == [
        "Åsby kommun\tREDOVISNING AV MOTIONER\t ()"]  # fields: PAGE, NUMPAGES

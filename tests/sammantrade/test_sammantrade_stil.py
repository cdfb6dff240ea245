"""The meeting papers' settings that close the gaps of Sollentuna's extract (paper 16), each used and at its default:
att_i_forslag, tidigare_forslag (an utskott's proposal), dnr_rad with diariekod, signaturrutor; and their refusals."""

from __future__ import annotations

import docx
import pytest

from expected_text import plain_text
from kanslist.pipeline.build import build
from kanslist.workspace import Workspace
from support import REPO, copy_workspace, organisation_problems

SOLLENTUNA = REPO / "examples" / "sollentuna"
UTDRAG = ("sammantraden", "ks-2019-04-08", "utdrag-52.docx")
MOTION = "Motion väckt av Mette Hildingsson (S) och Roger Sjöberg (S) om utvecklingsgrupp för förskolan avslås.\n"
# Sollentuna's own settings, each taken out in turn: the extract then shows kanslist's default.
SETTINGS = {
    "signaturrutor": "  signaturrutor: [Sign. Ordf., Justerare, Exp. datum, Sign.]\n",
    "dnr_rad": '  dnr_rad: "Dnr {dnr}[ Diariekod: {diariekod}]"\n',
    "att_i_forslag": "  att_i_forslag: false\n",
}


def _built(tmp_path, without: tuple[str, ...] = (), ordning: str | None = None):
    root = copy_workspace(SOLLENTUNA, tmp_path / "ws", meetings=True)
    org = root / "data" / "organisation.yaml"
    text = org.read_text("utf-8")
    for name in without:
        assert SETTINGS[name] in text
        text = text.replace(SETTINGS[name], "")
    if ordning is not None:
        start = text.index("  ordning: [sammanfattning, tidigare_forslag")
        text = text[:start] + f"  ordning: {ordning}\n"
    org.write_text(text, "utf-8")
    report = build(Workspace(root), jobs=1)
    assert report.ok, [(r.case, [str(p) for p in r.problems], r.message) for r in report.results]
    return root / "build" / UTDRAG[0] / UTDRAG[1] / UTDRAG[2]


@pytest.fixture(scope="module")
def sollentuna(tmp_path_factory):
    return _built(tmp_path_factory.mktemp("sollentuna"))


def it_writes_the_proposal_to_fullmaktige_without_att_and_the_utskotts_proposal_before_the_debate(sollentuna):
    text = plain_text(sollentuna)
    assert ("Motionen har varit på remiss till barn- och utbildningsnämnden.\n"
            "Arbetsutskottets förslag\n"
            "Kommunstyrelsens arbetsutskott föreslår kommunstyrelsen föreslå kommunfullmäktige besluta följande:\n"
            + MOTION + "Överläggning i kommunstyrelsen\n") in text
    assert "Kommunstyrelsens förslag\nKommunstyrelsen föreslår kommunfullmäktige besluta följande:\n" + MOTION in text


def it_writes_the_dnr_line_with_the_items_diariekod(sollentuna):
    assert plain_text(sollentuna).split("\n")[1] == "Dnr 2018/0219 KS-5 Diariekod: 609"


def it_writes_one_footer_box_per_label_on_every_page(sollentuna):
    section = docx.Document(str(sollentuna)).sections[0]
    for footer in (section.first_page_footer, section.footer):
        cells = footer.tables[0].rows[0].cells
        assert [c.text.strip() for c in cells] == ["Sign. Ordf.", "Justerare", "Exp. datum", "Sign."]
        assert len({c.width for c in cells}) == 1  # the page's width shared equally


def it_writes_the_page_number_in_the_box_that_asks_for_it(tmp_path):
    # Sotenäs: "Justerares signatur: | Rätt utdraget intygar: | Sida:" with 13(27) in the last box
    root = copy_workspace(SOLLENTUNA, tmp_path / "ws", meetings=True)
    org = root / "data" / "organisation.yaml"
    org.write_text(org.read_text("utf-8").replace(SETTINGS["signaturrutor"], "  signaturrutor: ['Justerares signatur:', "
                                                  "'Rätt utdraget intygar:', 'Sida: {sida}({sidor})']\n"), "utf-8")
    assert build(Workspace(root), jobs=1).ok
    section = docx.Document(str(root / "build" / UTDRAG[0] / UTDRAG[1] / UTDRAG[2])).sections[0]
    for footer in (section.first_page_footer, section.footer):
        cells = footer.tables[0].rows[0].cells
        assert [c.paragraphs[0].text for c in cells] == ["Justerares signatur:", "Rätt utdraget intygar:", "Sida:"]
        page = cells[2].paragraphs[1]._p
        assert [f.get(docx.oxml.ns.qn("w:instr")) for f in page.iter(docx.oxml.ns.qn("w:fldSimple"))] == \
            [" PAGE ", " NUMPAGES "]
        assert "".join(t.text for t in page.iter(docx.oxml.ns.qn("w:t"))) == "1(1)"
        assert [c.paragraphs[1].text for c in cells[:2]] == ["", ""]  # room to sign


def it_keeps_kanslists_wording_line_and_boxes_by_default(tmp_path):
    path = _built(tmp_path, without=tuple(SETTINGS), ordning="[sammanfattning, yrkanden, beslut, skickas_till]")
    text = plain_text(path)
    assert text.split("\n")[1] == "Dnr 2018/0219 KS-5"
    assert "Kommunstyrelsens förslag\nKommunstyrelsen föreslår kommunfullmäktige att besluta följande:\n" + MOTION in text
    # ordning without tidigare_forslag: no earlier proposal between the summary and the debate
    assert "Motionen har varit på remiss till barn- och utbildningsnämnden.\nÖverläggning i kommunstyrelsen\n" in text
    section = docx.Document(str(path)).sections[0]
    for footer in (section.first_page_footer, section.footer):
        assert [c.text.strip() for c in footer.tables[0].rows[0].cells] == ["Justerandes signatur", "Utdragsbestyrkande"]


def it_names_the_earlier_body_in_the_default_heading(tmp_path):
    root = copy_workspace(SOLLENTUNA, tmp_path / "ws", meetings=True)
    org = root / "data" / "organisation.yaml"
    org.write_text(org.read_text("utf-8").replace("    tidigare_forslag: Arbetsutskottets förslag\n", ""), "utf-8")
    assert build(Workspace(root), jobs=1).ok
    text = plain_text(root / "build" / UTDRAG[0] / UTDRAG[1] / UTDRAG[2])
    assert "Kommunstyrelsens arbetsutskotts förslag\nKommunstyrelsens arbetsutskott föreslår kommunstyrelsen " in text


def it_leaves_out_a_dnr_line_part_whose_value_is_missing(tmp_path):
    root = copy_workspace(SOLLENTUNA, tmp_path / "ws", meetings=True)
    ks = root / "sammantraden" / "ks-2019-04-08.yaml"
    ks.write_text(ks.read_text("utf-8").replace("  diariekod: '609'  # på dnr-raden: sammantraden.dnr_rad\n", ""),
                  "utf-8")
    assert build(Workspace(root), jobs=1).ok
    assert plain_text(root / "build" / UTDRAG[0] / UTDRAG[1] / UTDRAG[2]).split("\n")[1] == "Dnr 2018/0219 KS-5"


def it_ends_the_extract_with_the_paragraph_where_the_footers_boxes_certify_it(tmp_path):
    root = copy_workspace(SOLLENTUNA, tmp_path / "ws", meetings=True)
    assert build(Workspace(root), jobs=1).ok
    text = plain_text(root / "build" / UTDRAG[0] / UTDRAG[1] / UTDRAG[2])
    assert text.endswith("Beslutsexpediering:\nAkt\n") and "riktighet" not in text  # utdrag_intygande: false
    org = root / "data" / "organisation.yaml"
    setting = "  utdrag_intygande: false  # förlagan bestyrks i signaturrutorna, utan intygande efter paragrafen\n"
    assert setting in org.read_text("utf-8")
    org.write_text(org.read_text("utf-8").replace(setting, ""), "utf-8")  # the default: certified after the §
    assert build(Workspace(root), jobs=1).ok
    text = plain_text(root / "build" / UTDRAG[0] / UTDRAG[1] / UTDRAG[2])
    assert text.endswith("Akt\n\n\nUtdragets riktighet intygas\n\n_______________________________\nKim Sekreterare\n"
                         "Kommunsekreterare\n")  # the Justerat and Anslag rows, a table, between the blank lines


def it_takes_the_diariekod_from_the_case_file_when_the_item_has_none(tmp_path):
    root = copy_workspace(SOLLENTUNA, tmp_path / "ws", meetings=True)
    ks = root / "sammantraden" / "ks-2019-04-08.yaml"
    ks.write_text(ks.read_text("utf-8").replace("  diariekod: '609'  # på dnr-raden: sammantraden.dnr_rad\n", ""),
                  "utf-8")
    case = root / "arenden" / "2018-0219-svar-pa-motion-utvecklingsgrupp-forskolan.yaml"
    case.write_text(case.read_text("utf-8").replace("dnr: 2018/0219 KS-5\n", "dnr: 2018/0219 KS-5\ndiariekod: '609'\n"),
                    "utf-8")
    assert build(Workspace(root), jobs=1).ok
    assert plain_text(root / "build" / UTDRAG[0] / UTDRAG[1] / UTDRAG[2]).split("\n")[1] == \
        "Dnr 2018/0219 KS-5 Diariekod: 609"


@pytest.mark.parametrize("yaml, message", [
    ("sammantraden: {dnr_rad: 'Diariekod {diariekod}'}",
     "data/organisation.yaml:2: sammantraden.dnr_rad: dnr-raden 'Diariekod {diariekod}' saknar {dnr} – skriv t.ex. "
     "'Dnr {dnr}' eller 'Dnr {dnr}[ Diariekod: {diariekod}]'"),
    ("sammantraden: {dnr_rad: 'Dnr {dnr} {klass}'}",
     "data/organisation.yaml:2: sammantraden.dnr_rad: dnr-raden 'Dnr {dnr} {klass}' har okänd del {klass} – använd "
     "{dnr} eller {diariekod}"),
    ("sammantraden: {dnr_rad: 'Dnr {dnr}[ Diariekod: {diariekod}'}",
     "data/organisation.yaml:2: sammantraden.dnr_rad: dnr-raden 'Dnr {dnr}[ Diariekod: {diariekod}' har en [ utan ] "
     "eller tvärtom – skriv t.ex. 'Dnr {dnr}' eller 'Dnr {dnr}[ Diariekod: {diariekod}]'"),
    ("sammantraden: {signaturrutor: []}",
     "data/organisation.yaml:2: sammantraden.signaturrutor: signaturrutor är tom – skriv minst en ledtext, t.ex. "
     "['Justerandes signatur'], eller sätt justerandes_signatur: false"),
    ("sammantraden: {signaturrutor: [Justerare, '  ']}",
     "data/organisation.yaml:2: sammantraden.signaturrutor: signaturruta 2 är tom – skriv rutans ledtext, t.ex. "
     "'Justerare'"),
    ("sammantraden: {signaturrutor: [Justerare, 'Sida: {sid}']}",
     "data/organisation.yaml:2: sammantraden.signaturrutor: signaturruta 2 ('Sida: {sid}') har okänd del {sid} – "
     "använd {sida} eller {sidor}"),
    ("sammantraden: {signaturrutor: [a, b, c, d, e, f, g, h, i]}",
     "data/organisation.yaml:2: sammantraden.signaturrutor: 9 signaturrutor får inte plats bredvid varandra – skriv "
     "högst 8"),
    ("sammantraden: {rubriker: {tidigare_forslag: '{utskott} föreslår'}}",
     "data/organisation.yaml:2: sammantraden.rubriker: rubriken tidigare_forslag har okänd del {utskott} – använd "
     "{beslutsinstans}, {organ_genitiv} eller {tidigare_genitiv}"),
    ("sammantraden: {rubriker: {beslut: '{tidigare_genitiv} beslut'}}",
     "data/organisation.yaml:2: sammantraden.rubriker: rubriken beslut har okänd del {tidigare_genitiv} – använd "
     "{beslutsinstans} eller {organ_genitiv}"),
    ("sammantraden: {ordning: [beslut, arbetsutskottet]}",
     "data/organisation.yaml:2: sammantraden.ordning[1]: 'arbetsutskottet' är inget tillåtet värde"),
    ("sammantraden: {att_i_forslag: kanske}", "data/organisation.yaml:2: sammantraden.att_i_forslag: ska vara ja "
                                              "eller nej – skriv true eller false"),
])
def it_refuses_a_wrong_meeting_setting_in_swedish(tmp_path, yaml, message):
    assert organisation_problems(tmp_path, yaml)[0].startswith(message)


def it_refuses_a_diariekod_that_is_not_one_code(tmp_path):
    root = copy_workspace(SOLLENTUNA, tmp_path / "ws", meetings=True)
    ks = root / "sammantraden" / "ks-2019-04-08.yaml"
    ks.write_text(ks.read_text("utf-8").replace("  diariekod: '609'", "  diariekod: {kod: 609}"), "utf-8")
    report = build(Workspace(root), jobs=1)
    (failed,) = [r for r in report.results if r.problems]
    assert [str(p) for p in failed.problems] == [
        "sammantraden/ks-2019-04-08.yaml:14: punkter[0].diariekod: ska vara text – skriv texten direkt efter kolon, "
        "eller som ett block med |"]


def it_leaves_a_footer_without_the_marker_as_it_is():
    from kanslist.sammantrade.signatur import with_boxes

    own = (REPO / "src" / "kanslist" / "resources" / "mallar" / "kallelse.docx").read_bytes()
    assert with_boxes(own, ("Justerare",)) == own


def it_carries_the_utskotts_written_decision_and_rebuilds_when_it_changes(tmp_path):
    root = copy_workspace(SOLLENTUNA, tmp_path / "ws", meetings=True)
    assert build(Workspace(root), jobs=1).ok
    au = root / "sammantraden" / "ksau-2019-03-25.yaml"
    au.write_text(au.read_text("utf-8").replace(
        "  skickas_till: [Kommunstyrelsen]\n",
        "  skickas_till: [Kommunstyrelsen]\n  beslut:\n  - Arbetsutskottet lämnar ärendet utan eget förslag\n"
        "  utfall: besvarad\n"), "utf-8")
    report = build(Workspace(root), jobs=1)
    assert {r.case: r.status for r in report.results}["sammantraden/ks-2019-04-08"] == "byggd"
    text = plain_text(root / "build" / UTDRAG[0] / UTDRAG[1] / UTDRAG[2])
    assert ("Arbetsutskottets förslag\nArbetsutskottet lämnar ärendet utan eget förslag.\n"
            "Överläggning i kommunstyrelsen\n") in text

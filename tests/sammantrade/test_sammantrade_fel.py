"""Bad meeting files: Swedish `fil:rad: fält:` messages, word for word, and nothing written."""

from __future__ import annotations

import pytest

from kanslist.pipeline.build import build
from kanslist.workspace import Workspace

from meetings_support import copy_kommun_ar, write_meeting


@pytest.fixture
def root(tmp_path):
    return copy_kommun_ar(tmp_path / "ws", meetings=False)


def _problems(root, path) -> list[str]:
    report = build(Workspace(root), [path], jobs=1)
    (result,) = report.results
    assert result.status == "fel"
    assert not (root / "build" / "sammantraden" / path.stem).exists(), "inget ska skrivas"
    return [str(p) for p in result.problems] + ([result.message] if result.message else [])


def it_names_an_item_whose_case_file_is_missing(root):
    path = write_meeting(root, "ks-fel", punkter="  - arende: arenden/2026-028-delegationsordnig.yaml\n")
    assert _problems(root, path) == [
        "sammantraden/ks-fel.yaml:11: punkter[0].arende: 'arenden/2026-028-delegationsordnig.yaml' finns inte – "
        "menade du arenden/2026-028-delegationsordning.yaml?"]


def it_names_a_member_who_is_not_in_personer(root):
    path = write_meeting(root, "ks-fel")
    path.write_text(path.read_text("utf-8").replace("cecilia-wik]", "cecilia-vik, {namn: Kim Berg, ersatter: "
                                                                    "hassan-omar}]"), "utf-8")
    assert _problems(root, path) == [
        "sammantraden/ks-fel.yaml:7: ledamoter[2]: 'cecilia-vik' finns inte i data/personer.yaml – menade du "
        "cecilia-wik? Skriv namnet med stor bokstav om det inte ska vara ett id."]


def it_refuses_a_justering_before_the_meeting(root):
    path = write_meeting(root, "ks-fel", datum="2026-03-10", justering="2026-03-09")
    assert _problems(root, path) == [
        "sammantraden/ks-fel.yaml:9: justering.datum: justeringen 2026-03-09 är före sammanträdet 2026-03-10 – "
        "protokollet kan justeras tidigast samma dag som sammanträdet"]


def it_refuses_two_items_claiming_the_same_case(root):
    item = "  - arende: arenden/2026-028-delegationsordning.yaml\n"
    path = write_meeting(root, "ks-fel", punkter="  - val_av_justerare\n" + item + "  - information: Budgetläget.\n"
                         + item)
    assert _problems(root, path) == [
        "sammantraden/ks-fel.yaml:14: punkter[3].arende: ärendet arenden/2026-028-delegationsordning.yaml finns redan "
        "i punkter[1] – ta bort den ena punkten – ett ärende behandlas en gång per sammanträde"]


def it_refuses_an_anslag_later_than_the_law_allows(root):
    path = write_meeting(root, "ks-fel", datum="2026-03-31", justering="2026-04-02", extra="anslag: 2026-04-08\n")
    assert _problems(root, path) == [
        "sammantraden/ks-fel.yaml:13: anslag: anslaget 2026-04-08 är senare än 2026-04-07 – justeringen ska "
        "tillkännages senast andra dagen efter justeringen (8 kap. 12 § kommunallagen)"]


def it_refuses_a_justerare_who_does_not_decide(root):
    path = write_meeting(root, "ks-fel")
    path.write_text(path.read_text("utf-8").replace("justerare: [birgitta-sand]", "justerare: [maria-lund]"), "utf-8")
    assert _problems(root, path) == [
        "sammantraden/ks-fel.yaml:8: justerare[0]: Maria Lund finns inte bland ledamöterna – välj justerare bland "
        "dem som är med och beslutar (ledamoter)"]


def it_explains_an_unknown_point_and_field(root):
    path = write_meeting(root, "ks-fel", punkter="  - val_av_justerar\n  - arende: arenden/2026-028-delegationsordning.yaml\n"
                                                 "    beslutt: [Ärendet återremitteras.]\n")
    assert _problems(root, path) == [
        "sammantraden/ks-fel.yaml:11: punkter[0]: 'val_av_justerar' är inget tillåtet värde – menade du "
        "val_av_justerare? Tillåtna värden: val_av_justerare",
        "sammantraden/ks-fel.yaml:13: punkter[1].beslutt: okänt fält – menade du beslut?"]


def it_leaves_the_other_meetings_built(root):
    good = write_meeting(root, "ks-bra")
    bad = write_meeting(root, "ks-fel", datum="2026-05-05", justering="2026-05-04")
    report = build(Workspace(root), [good, bad], jobs=1)
    assert [(r.case, r.status) for r in report.results] == [("sammantraden/ks-bra", "byggd"),
                                                            ("sammantraden/ks-fel", "fel")]
    assert (root / "build" / "sammantraden" / "ks-bra" / "protokoll.docx").exists()


def it_refuses_a_meeting_dnr_that_is_not_a_number_of_the_organisation(root):
    path = write_meeting(root, "ks-fel", extra="dnr: KS-2026-2\n")
    assert _problems(root, path) == [
        "sammantraden/ks-fel.yaml:13: dnr: 'KS-2026-2' följer inte organisationens mönster för diarienummer – "
        "skriv t.ex. KS 2026/017 (mönstret står i data/organisation.yaml)"]

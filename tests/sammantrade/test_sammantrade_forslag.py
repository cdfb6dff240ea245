"""In fullmäktige's kallelse, an item kommunstyrelsen has decided carries kommunstyrelsen's decision as the proposal."""

from __future__ import annotations

import pytest

from expected_text import plain_text
from kanslist.pipeline.build import build
from kanslist.workspace import Workspace

from meetings_support import copy_kommun_ar

BORGEN = "- arende: arenden/2026-054-borgen-bostadsbolaget.yaml\n"


@pytest.fixture
def root(tmp_path):
    return copy_kommun_ar(tmp_path / "ws")


def _kallelse(root) -> str:
    return plain_text(root / "build" / "sammantraden" / "kf-2026-06-15" / "kallelse.docx")


def it_prints_kommunstyrelsens_decision_as_the_proposal_to_fullmaktige(root):
    assert build(Workspace(root), jobs=1).ok
    assert ("5. Kommunal borgen för Åsbyhem AB\nDnr KS 2026/054\nFörslag till beslut\n"
            "Kommunstyrelsens förslag till kommunfullmäktige:\n"
            "att teckna proprieborgen för Åsbyhem AB:s lån upp till 120 miljoner kronor.\n") in _kallelse(root)


def it_prints_kommunstyrelsens_own_wording_and_follows_a_change_of_it(root):
    ks = root / "sammantraden" / "ks-2026-06-02.yaml"
    text = ks.read_text("utf-8")
    assert BORGEN in text
    ks.write_text(text.replace(BORGEN, BORGEN + "  beslut:\n  - Kommunstyrelsen föreslår kommunfullmäktige att teckna "
                               "proprieborgen för Åsbyhem AB:s lån upp till 100 miljoner kronor\n  utfall: bifall\n"), "utf-8")
    assert build(Workspace(root), jobs=1).ok
    assert ("Kommunstyrelsens förslag till kommunfullmäktige:\nKommunstyrelsen föreslår kommunfullmäktige att teckna "
            "proprieborgen för Åsbyhem AB:s lån upp till 100 miljoner kronor.\n") in _kallelse(root)
    # kommunstyrelsen postpones it instead: fullmäktige's kallelse falls back on the case's proposal
    ks.write_text(text.replace(BORGEN, BORGEN + "  beslut:\n  - Ärendet bordläggs.\n"), "utf-8")
    report = build(Workspace(root), jobs=1)
    assert {r.case: r.status for r in report.results}["sammantraden/kf-2026-06-15"] == "byggd"
    assert ("Förslag till beslut\nKommunfullmäktige föreslås besluta\n"
            "att teckna proprieborgen för Åsbyhem AB:s lån upp till 120 miljoner kronor.\n") in _kallelse(root)


def it_decides_a_proposal_written_as_whole_sentences_as_proposed(root):
    case = root / "arenden" / "2026-025-motion-gatubelysning.yaml"
    text = case.read_text("utf-8")
    assert "  att:\n  - avslå motionen\n" in text
    case.write_text(text.replace("  att:\n  - avslå motionen\n", "  beslut:\n  - Motionen avslås.\n"), "utf-8")
    assert build(Workspace(root), jobs=1).ok
    protokoll = plain_text(root / "build" / "sammantraden" / "ks-2026-03-31" / "protokoll.docx")
    assert ("Beslut – förslag till kommunfullmäktige\n"
            "Kommunstyrelsen föreslår kommunfullmäktige att besluta följande:\nMotionen avslås.\n") in protokoll

"""§ numbers: per body and calendar year, derived from the meeting files, the same in any process."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from kanslist.errors import InvalidInput
from kanslist.sammantrade.bygg import build_meetings
from kanslist.sammantrade.numrering import first_paragraph
from kanslist.workspace import Workspace

from meetings_support import copy_kommun_ar, write_meeting

TWO = "  - val_av_justerare\n  - arende: arenden/2026-028-delegationsordning.yaml\n" \
      "  - information: Kommundirektören informerar.\n"


def _paragraphs(root: Path, name: str) -> tuple[str, list[str]]:
    """Return the protocol's §§ (from its build record) and the decided §§ (from beslut.json)."""
    folder = root / "build" / "sammantraden" / name
    record = json.loads((folder / "beslut.json").read_text("utf-8"))
    return (json.loads((folder / "kanslist.json").read_text("utf-8"))["paragrafer"],
            [p["paragraf"] for p in record["paragrafer"]])


@pytest.fixture
def ws(tmp_path) -> Workspace:
    root = copy_kommun_ar(tmp_path / "ws", meetings=False)
    write_meeting(root, "ks-b", datum="2026-04-14", justering="2026-04-16", punkter=TWO)
    write_meeting(root, "ks-a", datum="2026-02-10", justering="2026-02-12", punkter=TWO)
    write_meeting(root, "ks-c", datum="2027-01-19", justering="2027-01-21", punkter=TWO)
    kf = write_meeting(root, "kf-a", datum="2026-03-01", justering="2026-03-03", punkter=TWO)
    kf.write_text(kf.read_text("utf-8").replace("kommunstyrelsen", "kommunfullmaktige"), "utf-8")
    return Workspace(root)


def it_numbers_per_body_and_year_in_order_of_date_not_of_name(ws):
    first = {name: first_paragraph(ws, ws.root / "sammantraden" / f"{name}.yaml", organ, date)
             for name, organ, date in (("ks-a", "kommunstyrelsen", _d("2026-02-10")),
                                       ("ks-b", "kommunstyrelsen", _d("2026-04-14")),
                                       ("ks-c", "kommunstyrelsen", _d("2027-01-19")),
                                       ("kf-a", "kommunfullmaktige", _d("2026-03-01")))}
    # val av justerare carries no §: two §§ a meeting; a new year and another body start at § 1.
    assert first == {"ks-a": 1, "ks-b": 3, "ks-c": 1, "kf-a": 1}


def it_builds_two_meetings_at_once_in_two_processes_without_repeating_a_paragraph(ws):
    files = [ws.root / "sammantraden" / "ks-b.yaml", ws.root / "sammantraden" / "ks-a.yaml"]
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_build_one, [str(ws.root)] * 2, [str(f) for f in files]))
    assert results == ["byggd", "byggd"]
    assert _paragraphs(ws.root, "ks-a") == ("§§ 1–2", ["§ 1"])  # § 2 is information: nothing decided
    assert _paragraphs(ws.root, "ks-b") == ("§§ 3–4", ["§ 3"])


def _build_one(root: str, path: str) -> str:
    (result,) = build_meetings(Workspace(Path(root)), [Path(path)])
    return result.status + "".join(str(p) for p in result.problems) + result.message


def it_takes_the_organisations_pattern_for_the_paragraph(ws):
    org = ws.organisation_path
    org.write_text(org.read_text("utf-8").replace("paragraf: § {nr}", "paragraf: § {nr}/{ar}"), "utf-8")
    build_meetings(Workspace(ws.root), [ws.root / "sammantraden" / "ks-b.yaml"])
    assert _paragraphs(ws.root, "ks-b") == ("§§ 3–4", ["§ 3/2026"])


def it_refuses_a_pinned_first_paragraph_already_used(ws):
    path = ws.root / "sammantraden" / "ks-b.yaml"
    path.write_text(path.read_text("utf-8") + "forsta_paragraf: 2\n", "utf-8")
    with pytest.raises(InvalidInput) as caught:
        first_paragraph(ws, path, "kommunstyrelsen", _d("2026-04-14"))
    assert [str(p) for p in caught.value.problems] == [
        "sammantraden/ks-b.yaml:14: forsta_paragraf: § 2 i sammantraden/ks-b.yaml har redan använts (årets "
        "tidigare sammanträden går till § 2) – ta bort forsta_paragraf eller sätt den till minst 3"]


def it_continues_after_a_pinned_first_paragraph(ws):
    path = ws.root / "sammantraden" / "ks-a.yaml"
    path.write_text(path.read_text("utf-8") + "forsta_paragraf: 40\n", "utf-8")
    assert first_paragraph(ws, ws.root / "sammantraden" / "ks-b.yaml", "kommunstyrelsen", _d("2026-04-14")) == 42


def _d(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)

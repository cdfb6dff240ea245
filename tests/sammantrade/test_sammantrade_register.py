"""A meeting's papers in the register: in the meeting file's own case, once, a changed one as a new version."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from kanslist.cli import main
from kanslist.diarium.register import Diarium
from kanslist.pipeline.build import build
from kanslist.pipeline.publish import _clock, publish
from kanslist.workspace import Workspace

from meetings_support import copy_kommun_ar, write_meeting

TODAY = dt.date(2026, 3, 20)
ITEM = "  - val_av_justerare\n  - rubrik: Anmälan av delegeringsbeslut\n    beslut: Redovisningen läggs till handlingarna.\n"


def _registered(root, dnr: str) -> list[tuple[str, dt.date]]:
    ws = Workspace(root)
    with Diarium.open(ws.diarium_url(), ws.organisation, **_clock(TODAY)) as diarium:
        return [(h.beskrivning, h.datum) for h in diarium.visa(dnr).handlingar]


def it_registers_the_papers_in_the_case_the_meeting_file_names_once_and_a_changed_one_as_version_2(tmp_path):
    root = copy_kommun_ar(tmp_path / "ws", meetings=False)
    path = write_meeting(root, "ks-2026-03-10", punkter=ITEM, extra="upprattad: 2026-03-03\ndnr: KS 2026/200\n")
    ws = Workspace(root)
    with Diarium.open(ws.diarium_url(), ws.organisation, **_clock(TODAY)) as diarium:
        diarium.befintligt_arende("KS 2026/200", "Kommunstyrelsens sammanträden 2026", datum="2026-01-02")
    publish(ws, build(ws, [path], jobs=1), registrera=True, today=TODAY)
    publish(ws, build(ws, [path], jobs=1), registrera=True, today=TODAY)  # again: nothing new
    first = [("Kallelse: Kommunstyrelsen 2026-03-10", dt.date(2026, 3, 3)),
             ("Protokoll: Kommunstyrelsen 2026-03-10", dt.date(2026, 3, 12)),
             ("Protokollsutdrag Kommunstyrelsen 2026-03-10 § 1: Anmälan av delegeringsbeslut", dt.date(2026, 3, 12)),
             ("Anslag: Kommunstyrelsen 2026-03-10", dt.date(2026, 3, 13))]
    assert _registered(root, "KS 2026/200") == first
    path.write_text(path.read_text("utf-8").replace("tid: \"13.00\"", "tid: \"14.00\""), "utf-8")
    publish(ws, build(ws, [path], jobs=1), registrera=True, today=TODAY)
    changed = _registered(root, "KS 2026/200")[len(first):]
    # a paper changed after it was registered: a new version, on the day it is registered
    assert ("Kallelse: Kommunstyrelsen 2026-03-10 (version 2)", TODAY) in changed
    assert ("Protokoll: Kommunstyrelsen 2026-03-10 (version 2)", TODAY) in changed


def it_says_how_to_enter_a_number_from_an_earlier_register(tmp_path):
    root = copy_kommun_ar(tmp_path / "ws", meetings=False)
    write_meeting(root, "ks-2026-03-10", punkter=ITEM, extra="upprattad: 2026-03-03\ndnr: KS 2026/200\n")
    result = CliRunner().invoke(main, ["-C", str(root), "bygg", "sammantraden/ks-2026-03-10.yaml", "--registrera"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "build/sammantraden/ks-2026-03-10/kallelse.docx, build/sammantraden/ks-2026-03-10/protokoll.docx, "
        "build/sammantraden/ks-2026-03-10/utdrag-1.docx, build/sammantraden/ks-2026-03-10/anslag.docx: "
        "KS 2026/200 finns inte i diariet – rätta numret, eller "
        "för in ärendet med det nummer det har (ur ett tidigare diarium): kanslist diarium nytt --dnr "
        "\"KS 2026/200\" --rubrik \"...\" --datum ÅÅÅÅ-MM-DD")


def it_removes_the_build_folder_of_a_deleted_meeting_file_and_nothing_else(tmp_path):
    root = copy_kommun_ar(tmp_path / "ws", meetings=False)
    kept = write_meeting(root, "ks-2026-03-10", punkter=ITEM)
    gone = write_meeting(root, "ks-2026-04-14", datum="2026-04-14", justering="2026-04-16", punkter=ITEM)
    ws = Workspace(root)
    assert build(ws, jobs=1).ok
    folder = root / "build" / "sammantraden" / gone.stem
    own = folder / "egen-anteckning.txt"  # not kanslist's: left alone, and with it the folder
    assert (folder / "protokoll.docx").is_file()
    gone.unlink()
    report = build(ws, jobs=1)
    assert not folder.exists()
    assert report.removed == ["sammantraden/ks-2026-04-14"]  # and counted in the summary
    assert ", 1 borttagna" in report.summary()
    assert (root / "build" / "sammantraden" / kept.stem / "protokoll.docx").is_file()
    assert (root / "sammantraden" / kept.name).is_file()
    # a folder holding a file kanslist did not write keeps that file
    gone = write_meeting(root, "ks-2026-04-14", datum="2026-04-14", justering="2026-04-16", punkter=ITEM)
    build(ws, jobs=1)
    own.write_text("min anteckning", "utf-8")
    gone.unlink()
    build(ws, jobs=1)
    assert sorted(p.name for p in folder.iterdir()) == ["egen-anteckning.txt"]

"""An item without a case file records what a decided item does: yrkanden, beslutsgång, the vote, reservations
(KL 4 kap. 27 §: a reservation is entered in the protocol), a protokollsanteckning and beslutsunderlag."""

from __future__ import annotations

from expected_text import document_text
from kanslist.pipeline.build import build
from kanslist.workspace import Workspace
from meetings_support import copy_kommun_ar, write_meeting

ITEM = """\
  - rubrik: Val av ombud till föreningsstämman
    dnr: KS 2026/044
    beslut: [Birgitta Sand utses till ombud vid föreningsstämman.]
    sammanfattning: Föreningen har kallat till stämma.
"""
RECORD = """\
    beslutsunderlag:
      - Kallelse till föreningsstämma, 2026-02-20
    yrkanden:
      - {av: Cecilia Wik, yrkande: att Cecilia Wik utses till ombud}
    omrostning:
      ja_innebar: Birgitta Sand
      nej_innebar: Cecilia Wik
      ja: [anders-lind, birgitta-sand]
      nej: [cecilia-wik]
    reservationer:
      - {av: Cecilia Wik, text: till förmån för eget yrkande}
    protokollsanteckning: Anders Lind anmäler jäv och deltar inte i beslutet.
"""
TOP = ("[Heading 2] § 1 Val av ombud till föreningsstämman\n[Normal] Dnr KS 2026/044\n[Heading 3] Beslut\n"
       "[Normal] Birgitta Sand utses till ombud vid föreningsstämman.\n[Heading 3] Sammanfattning av ärendet\n"
       "[Normal] Föreningen har kallat till stämma.\n")


def _protocol_item(tmp_path, item: str) -> str:
    root = copy_kommun_ar(tmp_path / "ws", meetings=False)
    write_meeting(root, "ks-2026-03-10", punkter="  - val_av_justerare\n" + item)
    report = build(Workspace(root), jobs=1)
    assert report.ok, [(r.case, [str(p) for p in r.problems], r.message) for r in report.results]
    text = document_text(root / "build" / "sammantraden" / "ks-2026-03-10" / "protokoll.docx")
    return text[text.index("[Heading 2] § 1 "):]


def it_records_the_vote_reservations_and_a_note_of_an_item_without_a_case_file(tmp_path):
    assert _protocol_item(tmp_path, ITEM + RECORD) == TOP + (
        "[Heading 3] Beslutsunderlag\n[Normal] Kallelse till föreningsstämma, 2026-02-20\n"
        "[Heading 3] Yrkanden\n[Normal] Cecilia Wik yrkar att Cecilia Wik utses till ombud.\n"
        "[Heading 3] Beslutsgång\n"
        "[Normal] Omröstning begärs. Följande propositionsordning godkänns: ja för Birgitta Sand, nej för Cecilia Wik.\n"
        "[Heading 3] Omröstning\n[Tabell*] | Ledamot | Ja | Nej | Avstår |\n[Tabell] | Anders Lind (M) | X |  |  |\n"
        "[Tabell] | Birgitta Sand (S) | X |  |  |\n[Tabell] | Cecilia Wik (C) |  | X |  |\n"
        "[Tabell] | Summa | 2 | 1 | 0 |\n[Normal]\n"
        "[Normal] Med 2 ja-röster mot 1 nej-röst beslutar kommunstyrelsen enligt Birgitta Sand.\n"
        "[Heading 3] Reservationer\n[Normal] Cecilia Wik reserverar sig mot beslutet till förmån för eget yrkande.\n"
        "[Heading 3] Protokollsanteckning\n[Normal] Anders Lind anmäler jäv och deltar inte i beslutet.\n")


def it_writes_the_decision_process_as_given(tmp_path):
    gang = "    propositionsordning: Ordföranden ställer proposition på yrkandena och finner att Birgitta Sand utses.\n"
    assert _protocol_item(tmp_path, ITEM + gang) == TOP + (
        "[Heading 3] Beslutsgång\n[Normal] Ordföranden ställer proposition på yrkandena och finner att Birgitta Sand "
        "utses.\n")


def it_writes_no_decision_process_of_its_own_for_an_item_decided_as_written(tmp_path):
    assert _protocol_item(tmp_path, ITEM) == TOP


def it_lists_an_unnumbered_item_on_the_agenda_and_numbers_the_next_from_the_first(tmp_path):
    root = copy_kommun_ar(tmp_path / "ws", meetings=False)
    write_meeting(root, "ks-2026-03-10", punkter="  - information: Upprop och anmälningar om förhinder\n"
                                                 "    onumrerad: true\n  - val_av_justerare\n" + ITEM)
    report = build(Workspace(root), jobs=1)
    assert report.ok, [(r.case, [str(p) for p in r.problems], r.message) for r in report.results]
    folder = root / "build" / "sammantraden" / "ks-2026-03-10"
    kallelse = document_text(folder / "kallelse.docx")
    assert "[Normal] 1. Upprop och anmälningar om förhinder\n" in kallelse
    assert "[Normal] 3. Val av ombud till föreningsstämman\n" in kallelse
    protocol = document_text(folder / "protokoll.docx")
    assert "Upprop" not in protocol  # no § of its own
    assert "[Tabell] | Paragrafer | § 1 |" in protocol and "[Heading 2] § 1 Val av ombud till föreningsstämman\n" in protocol
    assert sorted(p.name for p in folder.glob("utdrag-*.docx")) == ["utdrag-1.docx"]

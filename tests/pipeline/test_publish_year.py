"""The register after a year of meetings: every paper upprättad, once, on the day it was upprättad.

The expectations are read from the meeting and case files of examples/kommun-ar (what a
registrar would check by hand), never from the register's own listing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml

from kanslist.api import build
from kanslist.diarium.register import Diarium
from kanslist.pipeline.publish import _clock, publish
from kanslist.sammantrade.dagar import anslagsdagar
from kanslist.workspace import Workspace

from support import REPO, copy_workspace

YEAR = REPO / "examples" / "kommun-ar"
AFTER_THE_YEAR = dt.date(2027, 1, 15)  # after the last justering (kommunfullmäktige 2026-12-17)
MIDSUMMER = dt.date(2026, 6, 10)  # kommunstyrelsen 2026-06-02 justerat, fullmäktige 2026-06-15 called 06-01
NAMES = {"kommunstyrelsen": ("Kommunstyrelsen", "KS"), "kommunfullmaktige": ("Kommunfullmäktige", "KF")}


def expected(root: Path, today: dt.date) -> set[tuple[str, str, dt.date]]:
    """Return (case heading or dnr, file, day) of every paper upprättad by ``today``, read from the files."""
    cases = {f"arenden/{p.name}": yaml.safe_load(p.read_text("utf-8")) for p in (root / "arenden").glob("*.yaml")}
    meetings = sorted(((yaml.safe_load(p.read_text("utf-8")), p.stem) for p in (root / "sammantraden").glob("*.yaml")),
                      key=lambda m: (m[0]["datum"], m[1]))
    found, last, called, justerat, on_agenda = set(), {}, {}, {}, set()
    for m, name in meetings:
        organ, year = NAMES[m["organ"]][0], m["datum"].year
        own = m.get("dnr") or f"Sammanträden {organ} {year}"
        nr = m.get("forsta_paragraf") or last.get((m["organ"], year), 0) + 1
        justering = m["justering"]["datum"]
        if m["upprattad"] <= today:
            found.add((own, f"{name}/kallelse.docx", m["upprattad"]))
        if justering <= today:
            found.add((own, f"{name}/protokoll.docx", justering))
            anslag = anslagsdagar(justering, m.get("anslag")).anslag
            if anslag <= today:
                found.add((own, f"{name}/anslag.docx", anslag))
        for punkt in m["punkter"]:
            if punkt == "val_av_justerare":
                continue
            if isinstance(punkt, dict) and "arende" in punkt:
                case = punkt["arende"]
                on_agenda.add(case)
                if m["upprattad"] <= today:
                    called[case] = min(called.get(case, m["upprattad"]), m["upprattad"])
                if justering <= today:
                    justerat[case] = min(justerat.get(case, justering), justering)
            if justering <= today and not (isinstance(punkt, dict) and "information" in punkt):
                dnr = cases[punkt["arende"]]["dnr"] if "arende" in punkt else punkt.get("dnr") or own
                found.add((dnr, f"{name}/utdrag-{nr}.docx", justering))
            nr += 1
        last[(m["organ"], year)] = nr - 1
    for case, data in cases.items():
        folder = Path(case).stem
        papers = sorted(p.name for p in (root / "build" / folder).glob("*.docx"))
        for paper in papers:
            if case not in on_agenda:
                found.add((data["dnr"], f"{folder}/{paper}", today))  # no meeting: upprättad when registered
            elif paper == "tjansteskrivelse.docx" and case in called:
                found.add((data["dnr"], f"{folder}/{paper}", called[case]))
            elif paper != "tjansteskrivelse.docx" and case in justerat:
                found.add((data["dnr"], f"{folder}/{paper}", justerat[case]))
    return found


def registered(workspace: Workspace, today: dt.date) -> list[tuple[str, str, dt.date]]:
    """Return (case heading or dnr, file under build/ by its content, day) of each document in the register."""
    build_dir = workspace.build_dir
    by_hash = {}
    for path in build_dir.rglob("*.docx"):
        by_hash.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), []).append(path)
    assert all(len(paths) == 1 for paths in by_hash.values())
    with Diarium.open(workspace.diarium_url(), workspace.organisation, **_clock(today)) as diarium:
        return [(case.rubrik if case.rubrik.startswith("Sammanträden ") else case.dnr,
                 by_hash[h.sha256][0].relative_to(build_dir).as_posix().removeprefix("sammantraden/"), h.datum)
                for case in diarium.arenden() for h in case.handlingar]


def seed(workspace: Workspace, today: dt.date, since: dt.date = dt.date.min) -> None:
    """Enter, as a registrar moving from an earlier register would, the numbers of the cases that came in
    after ``since`` up to ``today`` (and, at the start, that of the delegation decisions)."""
    root = workspace.root
    with Diarium.open(workspace.diarium_url(), workspace.organisation, **_clock(today)) as diarium:
        for path in sorted((root / "arenden").glob("*.yaml")):
            case = yaml.safe_load(path.read_text("utf-8"))
            if since < case["datum"] <= today:
                diarium.befintligt_arende(case["dnr"], case["rubrik"], datum=case["datum"])
        if since == dt.date.min:
            diarium.befintligt_arende("KS 2026/002", "Delegeringsbeslut 2026", datum="2026-01-02")


def year_registered(tmp_path: Path, today: dt.date) -> tuple[Workspace, list, object]:
    """Return the year's workspace built and registered as of ``today``: a case that no meeting names and that
    comes in later is not written yet."""
    root = copy_workspace(YEAR, tmp_path / "ws", meetings=True)
    named = "".join(p.read_text("utf-8") for p in (root / "sammantraden").glob("*.yaml"))
    for path in (root / "arenden").glob("*.yaml"):
        if yaml.safe_load(path.read_text("utf-8"))["datum"] > today and f"arenden/{path.name}" not in named:
            path.unlink()
    workspace = Workspace(root)
    report = build(workspace, jobs=1, review=False)
    assert report.ok
    seed(workspace, today)
    done = publish(workspace, report, registrera=True, today=today)
    return workspace, done.registered, report


@pytest.fixture(scope="module")
def after_the_year(tmp_path_factory):
    return year_registered(tmp_path_factory.mktemp("ar"), AFTER_THE_YEAR)


def it_registers_every_paper_upprattad_in_the_year_once_on_its_day(after_the_year):
    workspace, _, _ = after_the_year
    entries = registered(workspace, AFTER_THE_YEAR)
    assert len(entries) == len(set(entries))  # each once
    assert set(entries) == expected(workspace.root, AFTER_THE_YEAR)
    kallelser = [e for e in entries if e[1].endswith("/kallelse.docx")]
    assert {e[0] for e in kallelser} == {"Sammanträden Kommunstyrelsen 2026", "Sammanträden Kommunfullmäktige 2026"}
    assert len(kallelser) == 9


def it_makes_one_case_per_body_and_year_for_the_meetings_papers_in_the_bodys_series(after_the_year):
    workspace, _, _ = after_the_year
    with Diarium.open(workspace.diarium_url(), workspace.organisation, **_clock(AFTER_THE_YEAR)) as diarium:
        own = {c.rubrik: c.dnr for c in diarium.arenden() if c.rubrik.startswith("Sammanträden ")}
    # KS's counter stands at the highest number entered from the earlier register (KS 2026/140)
    assert own == {"Sammanträden Kommunfullmäktige 2026": "KF 2026/001",
                   "Sammanträden Kommunstyrelsen 2026": "KS 2026/141"}


def it_registers_nothing_new_when_run_again(after_the_year):
    workspace, _, report = after_the_year
    before = registered(workspace, AFTER_THE_YEAR)
    publish(workspace, report, registrera=True, today=AFTER_THE_YEAR)
    assert registered(workspace, AFTER_THE_YEAR) == before


def it_registers_by_midsummer_only_what_was_upprattad_by_then(tmp_path):
    workspace, _, report = year_registered(tmp_path, MIDSUMMER)
    entries = registered(workspace, MIDSUMMER)
    assert set(entries) == expected(workspace.root, MIDSUMMER) and len(entries) == len(set(entries))
    assert ("Sammanträden Kommunfullmäktige 2026", "kf-2026-06-15/kallelse.docx", dt.date(2026, 6, 1)) in entries
    assert not any(file.startswith("kf-2026-06-15/") and not file.endswith("kallelse.docx") for _, file, _ in entries)
    # later in the year, the rest: what was registered at midsummer stays as it was
    later = dt.date(2026, 9, 20)
    seed(workspace, later, since=MIDSUMMER)
    publish(workspace, report, registrera=True, today=later)
    now = registered(workspace, later)
    assert set(entries) <= set(now)
    # a case that goes to no meeting was registered at midsummer, the day it was upprättad, and not again
    standalone = {e for e in entries if e[2] == MIDSUMMER}
    assert set(now) == {e for e in expected(workspace.root, later) if e[2] != later} | standalone
    assert len(now) == len(set(now))


def open_motions_from_the_files(root: Path, per: dt.date) -> list[str]:
    """Return the dnr of each motion raised by ``per`` that fullmäktige had not decided by then (a
    återremiss decides nothing), read from the case and meeting files."""
    decided = set()
    for path in (root / "sammantraden").glob("kf-*.yaml"):
        meeting = yaml.safe_load(path.read_text("utf-8"))
        if meeting["datum"] > per:
            continue
        for punkt in meeting["punkter"]:
            if isinstance(punkt, dict) and "arende" in punkt and not any(
                    "återremitteras" in b for b in punkt.get("beslut", [])):
                decided.add(punkt["arende"])
    found = []
    for path in (root / "arenden").glob("*.yaml"):
        case = yaml.safe_load(path.read_text("utf-8"))
        if case.get("typ") == "motionssvar" and case["motion"]["inkom"] <= per and f"arenden/{path.name}" not in decided:
            found.append(case["dnr"])
    return sorted(found)


@pytest.mark.parametrize("per", ["2026-02-22", "2026-02-23", "2026-06-15", "2026-09-30", "2026-12-14", "2026-12-31"])
def it_reports_exactly_the_motions_not_decided_on_the_day(after_the_year, per, tmp_path):
    import docx
    from click.testing import CliRunner

    from kanslist.cli import main

    workspace, _, _ = after_the_year
    out = tmp_path / "motioner.docx"
    result = CliRunner().invoke(main, ["-C", str(workspace.root), "motioner", "--per", per, "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [[c.text for c in row.cells] for row in docx.Document(str(out)).tables[0].rows][1:] if \
        docx.Document(str(out)).tables else []
    expected_dnr = open_motions_from_the_files(workspace.root, dt.date.fromisoformat(per))
    assert expected_dnr  # every one of these days has open motions
    assert sorted(row[3] for row in rows) == expected_dnr

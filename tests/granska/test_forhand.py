"""The dictionary started in advance (granska.forhand) and in processes of their own: the same messages as Hunspell here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import kanslist.granska.sprak as sprak
from kanslist.granska import forhand
from kanslist.granska.hunspell_process import HunspellProcess, load, plain_form

from support import unavailable
from test_granska import REVISIONSSVAR, case, messages
from test_ordbok_minne import EXPECTED, TYPO, minne, new_process, no_hunspell  # noqa: F401 – the fixture


@pytest.fixture(autouse=True)
def nothing_left_started():
    yield
    for path in list(forhand._started):
        forhand.take(path).close()


def command(workspace) -> list[str]:
    return ["-C", str(workspace.root), "granska", "arenden/prov.yaml"]


def test_the_files_of_a_granska_command_line_are_read_from_it(tmp_path):
    (tmp_path / "arenden").mkdir()
    (tmp_path / "arenden" / "b.yaml").write_text("", "utf-8")
    (tmp_path / "arenden" / "a.yaml").write_text("", "utf-8")
    assert forhand._granska_files(["-C", str(tmp_path), "-v", "granska", "--format", "json", "x.yaml", "--strikt"]) \
        == [tmp_path / "x.yaml"]
    assert forhand._granska_files([f"-C{tmp_path}", "granska", "arenden"]) \
        == [tmp_path / "arenden" / "a.yaml", tmp_path / "arenden" / "b.yaml"]
    assert forhand._granska_files(["-C", str(tmp_path), "granska"]) \
        == [tmp_path / "arenden" / "a.yaml", tmp_path / "arenden" / "b.yaml"]
    assert forhand._granska_files(["bygg", "granska"]) is None
    assert forhand._granska_files(["--version", "granska"]) is None
    assert forhand._granska_files([]) is None


def test_new_words_are_answered_by_the_dictionary_started_in_advance(workspace, minne, monkeypatch):
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\n", "utf-8")
    path = case(workspace, REVISIONSSVAR, **TYPO)
    forhand.start(command(workspace))
    assert set(forhand._started) == {str(sprak.dictionary_path())}
    monkeypatch.setattr(sprak, "load_hunspell", no_hunspell)  # every answer from the processes
    assert messages(workspace, path) == EXPECTED
    (kept,) = minne.glob("*.json")
    data = json.loads(kept.read_bytes())
    assert data["ord"]["hemarbette"] is False and data["ord"]["Revisorerna"] is True
    assert data["ord"]["typ"] is True  # asked in advance, as every word of the file


def test_a_word_that_needed_no_answer_starts_no_dictionary_next_time(workspace, minne):
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\n", "utf-8")
    path = case(workspace, REVISIONSSVAR)
    forhand.start(command(workspace))
    assert messages(workspace, path) == []
    path = case(workspace, REVISIONSSVAR, **{"granskat hemarbetet": "granskat hemarbetet Xyloqvist"})
    new_process()
    forhand.start(command(workspace))
    assert forhand._started[str(sprak.dictionary_path())].words == ["Xyloqvist"]
    assert messages(workspace, path) == []  # the word list's word: the dictionary was not asked
    (kept,) = minne.glob("*.json")
    assert json.loads(kept.read_bytes())["sedda"] == ["Xyloqvist"]
    new_process()
    forhand.start(command(workspace))
    assert forhand._started == {}


def test_the_next_run_starts_no_dictionary_when_every_word_was_seen(workspace, minne, monkeypatch):
    path = case(workspace, REVISIONSSVAR, **TYPO)
    forhand.start(command(workspace))
    assert messages(workspace, path)
    new_process()
    forhand.start(command(workspace))
    assert forhand._started == {}
    monkeypatch.setattr(sprak, "load_hunspell", no_hunspell)
    assert len(messages(workspace, path)) == 3
    path.write_text(path.read_text("utf-8").replace("qqzzvbb", "qqzzvbb vinterväghållning"), "utf-8")
    new_process()
    forhand.start(command(workspace))
    assert forhand._started[str(sprak.dictionary_path())].words == ["vinterväghållning"]


def test_nothing_is_started_for_many_cases_or_another_command(workspace, minne, monkeypatch):
    case(workspace, REVISIONSSVAR, **TYPO)
    forhand.start(["-C", str(workspace.root), "bygg", "arenden/prov.yaml"])
    monkeypatch.setattr(forhand, "MAX_FORHAND", 100)
    forhand.start(["-C", str(workspace.root), "granska"])
    forhand.start(["-C", str(workspace.root), "granska", "finns-inte.yaml"])
    assert forhand._started == {}


@pytest.mark.parametrize("failure", ["no program", "killed", "stopped"])
def test_processes_that_fail_leave_the_answers_to_hunspell_here(workspace, minne, monkeypatch, failure):
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\n", "utf-8")
    path = case(workspace, REVISIONSSVAR, **TYPO)
    sprak.load_hunspell.cache_clear()
    if failure == "no program":
        monkeypatch.setattr(sys, "executable", "/bin/false")
    forhand.start(command(workspace))
    advance = forhand._started.get(str(sprak.dictionary_path()))
    if failure == "killed":
        advance.full._process.kill()
    elif failure == "stopped":
        advance.full.close()
    try:
        assert messages(workspace, path) == EXPECTED
    finally:
        sprak.load_hunspell.cache_clear()


def test_the_processes_answer_as_the_dictionary_loaded_here():
    path = sprak.dictionary_path()
    if path is None or forhand.native_checker_name() is None:
        unavailable("chunspell eller en svensk Hunspell-ordlista saknas: pip install chunspell hunspell-sv")
    from hunspell import Hunspell

    words = ["hemarbete", "hemarbette", "vinterväghållning", "Vaggeryd", "abborr", "AFS", "covid-pandemin", "qqzzvbb"]
    here = load(str(path), Hunspell)
    process = HunspellProcess(str(path))
    try:
        assert process.ask(words) == [here.spell(w) for w in words]
        assert process.ask(words[1:], first=True) == next(i for i, w in enumerate(words[1:]) if plain_form(here, w))
        assert process.ask(["kattbilar", "qqzzvbb", "bilar"], first=True) == 2  # a compound is no suggestion
        assert process.ask(["qqzzvbb"], first=True) is None
    finally:
        process.close()


def test_a_suggestion_is_a_word_of_the_dictionary_not_a_compound_hunspell_builds():
    path = sprak.dictionary_path()
    if path is None or forhand.native_checker_name() is None:
        unavailable("chunspell eller en svensk Hunspell-ordlista saknas: pip install chunspell hunspell-sv")
    from hunspell import Hunspell

    here = load(str(path), Hunspell)
    assert here.spell("kattbilar") and not plain_form(here, "kattbilar")  # katt + bilar, built
    assert here.spell("granskningsverktyg") and not plain_form(here, "granskningsverktyg")
    assert all(plain_form(here, w) for w in ("bilar", "husbilen", "laddstolpar", "kommunstyrelsen", "stolpar"))
    assert not plain_form(here, "qqzzvbb")


def test_the_answers_kept_before_this_version_are_still_read(workspace, minne, monkeypatch):
    path = case(workspace, REVISIONSSVAR, **TYPO)
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\n", "utf-8")
    assert messages(workspace, path) == EXPECTED
    (kept,) = minne.glob("*.json")
    data = json.loads(kept.read_bytes())
    del data["sedda"]
    kept.write_text(json.dumps(data), "utf-8")
    new_process()
    monkeypatch.setattr(sprak, "load_hunspell", no_hunspell)
    assert messages(workspace, path) == EXPECTED


def test_the_command_starts_the_dictionary_in_advance_and_says_the_same(workspace, minne):
    import os
    import subprocess

    program = Path(sys.executable).parent / "kanslist"
    if not program.exists():
        unavailable(f"{program} saknas: make setup installerar kommandot")
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\n", "utf-8")
    case(workspace, REVISIONSSVAR, **TYPO)
    done = subprocess.run([str(program), "-C", str(workspace.root), "granska", "arenden/prov.yaml"],
                          capture_output=True, text=True, env=dict(os.environ, XDG_CACHE_HOME=str(minne.parent.parent)))
    assert done.stdout.splitlines() == EXPECTED
    (kept,) = minne.glob("*.json")
    assert json.loads(kept.read_bytes())["ord"]["typ"] is True  # a field's name: answered only in advance


def test_the_kept_answers_read_in_advance_are_read_again_when_the_file_changed_since(tmp_path):
    file = tmp_path / "sv.json"
    file.write_text(json.dumps({"ord": {"hus": True}, "forslag": {}}), "utf-8")
    assert forhand.read_minne(file, keep=True) == ({"hus": True}, {}, [])
    file.write_text(json.dumps({"ord": {"hus": True, "husen": True}, "forslag": {}, "sedda": ["typ"]}), "utf-8")
    assert forhand.read_minne(file) == ({"hus": True, "husen": True}, {}, ["typ"])
    first = forhand.read_minne(file, keep=True)
    assert forhand.read_minne(file) is first  # taken over, not parsed again
    assert forhand.read_minne(file) is not first and forhand.read_minne(file) == first

"""The dictionary's answers kept between runs (sprak.Minne): the same messages as Hunspell, a new file for a new dictionary."""

from __future__ import annotations

import json
import shutil

import pytest

import kanslist.granska.sprak as sprak
from kanslist.granska.sprak import dictionary_path

from support import unavailable

# The case of test_granska, with a typo (a suggestion from the dictionary), a name one letter
# from a word of the word list (a suggestion from the list) and a word no edit mends.
from test_granska import REVISIONSSVAR, case, messages

TYPO = {"granskat hemarbetet": "granskat hemarbette Xyloqvistt och qqzzvbb"}
EXPECTED = [
    "arenden/prov.yaml:12: sammanfattning: 'hemarbette' finns inte i ordlistan – menade du 'hemarbetet'? "
    "Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)",
    "arenden/prov.yaml:12: sammanfattning: 'Xyloqvistt' finns inte i ordlistan – menade du 'Xyloqvist'? "
    "Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)",
    "arenden/prov.yaml:12: sammanfattning: 'qqzzvbb' finns inte i ordlistan – "
    "Är ordet rätt stavat: lägg det på en egen rad i data/ordlista.txt (varning)"]


@pytest.fixture
def minne(tmp_path, monkeypatch):
    """A cache folder of the test's own; each run below starts as a new process would (nothing in memory)."""
    if dictionary_path() is None:
        unavailable("ingen svensk Hunspell-ordlista: pip install hunspell-sv spylls")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sprak._minne.cache_clear()
    yield tmp_path / "cache" / "kanslist" / "ordbok"
    sprak._minne.cache_clear()


def new_process():
    """Forget the kept answers held in memory (Hunspell itself stays loaded unless a test changes its files)."""
    sprak._minne.cache_clear()


def no_hunspell(path):
    raise AssertionError("Hunspell laddades fast svaren fanns sparade")


def test_a_second_run_gives_the_same_messages_from_the_kept_answers_without_loading_hunspell(
        workspace, minne, monkeypatch):
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\n", "utf-8")
    path = case(workspace, REVISIONSSVAR, **TYPO)
    assert messages(workspace, path) == EXPECTED  # every answer from Hunspell itself
    assert len(list(minne.glob("*.json"))) == 1
    new_process()
    monkeypatch.setattr(sprak, "load_hunspell", no_hunspell)
    assert messages(workspace, path) == EXPECTED


def test_the_kept_answers_do_not_keep_the_word_list(workspace, minne):
    path = case(workspace, REVISIONSSVAR, **TYPO)
    first = messages(workspace, path)
    assert "menade du 'Xyloqvist'?" not in first[1]
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\nqqzzvbb\n", "utf-8")
    new_process()
    assert messages(workspace, path) == EXPECTED[:2]


def test_a_changed_dictionary_is_asked_again(workspace, minne, tmp_path, monkeypatch):
    own = tmp_path / "ordbok"
    own.mkdir()
    for suffix in (".aff", ".dic"):
        shutil.copy(dictionary_path().with_suffix(suffix), own / f"sv_SE{suffix}")
    monkeypatch.setenv("KANSLIST_ORDBOK", str(own / "sv_SE"))
    path = case(workspace, REVISIONSSVAR, **{"granskat hemarbetet": "granskat qqzzvbb"})
    assert len(messages(workspace, path)) == 1
    with open(own / "sv_SE.dic", "a", encoding="utf-8") as dic:
        dic.write("qqzzvbb\n")
    new_process()
    sprak.load_hunspell.cache_clear()
    assert messages(workspace, path) == []
    assert len(list(minne.glob("*.json"))) == 2


@pytest.mark.parametrize("damage", [b"{\"ord\": {\"hemarb", b"\xff\xfe", b"[]", b"{\"ord\": [], \"forslag\": {}}",
                                    b"{\"ord\": {\"hemarbette\": \"ja\"}, \"forslag\": {}}"])
def test_a_damaged_file_of_kept_answers_is_judged_again_and_rewritten(workspace, minne, damage):
    path = case(workspace, REVISIONSSVAR, **TYPO)
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\n", "utf-8")
    assert messages(workspace, path) == EXPECTED
    (kept,) = minne.glob("*.json")
    kept.write_bytes(damage)
    new_process()
    assert messages(workspace, path) == EXPECTED
    assert json.loads(kept.read_bytes())["ord"]["hemarbette"] is False


def test_a_cache_that_cannot_be_written_is_no_error(workspace, minne):
    minne.parent.mkdir(parents=True)
    minne.write_text("en fil där mappen skulle ligga", "utf-8")
    path = case(workspace, REVISIONSSVAR, **TYPO)
    (workspace.data_dir / "ordlista.txt").write_text("xyloqvist\n", "utf-8")
    assert messages(workspace, path) == EXPECTED

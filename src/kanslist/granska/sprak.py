"""Language: Swedish spelling of the free text (a real Hunspell dictionary), repeated words.

The checker is Hunspell itself (the C++ library, through the ``chunspell`` wheel: the Swedish
dictionary loads in a few tenths of a second), or spylls (Hunspell in pure Python, ten
seconds to load) where that wheel cannot be installed. The dictionary is the sv_SE one of
the ``hunspell-sv`` package (installed with kanslist under the environment's share/hunspell),
or Debian's ``hunspell-sv-se`` under /usr/share/hunspell. Words in the workspace's
``data/ordlista.txt``, the organisation's own names and people's names, and the common
abbreviations (t.ex., bl.a., dvs …) are accepted.

What the dictionary answered is kept between runs in the user's cache (XDG, like the
LibreOffice profiles), one file per dictionary, checker and kanslist version: a second
granska after an edit loads Hunspell only for words it has not judged before. When an edit
brings new words, `kanslist granska FIL` has started the dictionary in a process of its own
before importing the rest (:mod:`kanslist.granska.forhand`), and that process makes the
suggestions too. Either way the answers are Hunspell's own.
"""

from __future__ import annotations

import gc
import json
import re
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from kanslist.errors import Problem
from kanslist.model import prose
from kanslist.granska import forhand
from kanslist.granska.forhand import (_ABBREVIATIONS, _SKIP_SPANS, _WORD, MAX_ORDLANGD, cache_root,  # noqa: F401
                                      dictionary_path, words_of)
from kanslist.granska.hunspell_process import HunspellProcess, ProcessFailed
from kanslist.granska.hunspell_process import load as load_native, plain_form
from kanslist.granska.regel import VARNING, Granskning

ORDLISTA = "ordlista.txt"

# The same word twice in one sentence: the words are parted by spaces and at most one line
# break (a Markdown paragraph wraps; a blank line, a list item or a heading ends the sentence).
_REPEATED = re.compile(r"(?<![\w-])([^\W\d_]+)(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)(\1)(?![\w-])", re.IGNORECASE)
_HEADING_LINE = re.compile(r"[^\S\n]*#.*\Z")

# Each suggestion costs up to a second in pure Python; a run makes at most this many.
MAX_FORSLAG = 20


class Ordbok:
    """A Hunspell dictionary (a :class:`Minne` over it) with the workspace's own accepted words."""

    def __init__(self, dictionary: "Minne", accepted: set[str]):
        self.dictionary = dictionary
        self.accepted = accepted
        self._known: dict[str, bool] = {}
        self.forslag_kvar = MAX_FORSLAG

    def known(self, word: str) -> bool:
        """Return True when ``word`` is spelt right (dictionary, ordlista, organisation's names)."""
        if word not in self._known:
            self._known[word] = self._check(word)
        return self._known[word]

    def _check(self, word: str) -> bool:
        lower = word.lower()
        if lower in self.accepted or (lower.endswith("s") and lower[:-1] in self.accepted):
            return True
        if lower + "s" in self.accepted:  # a name written in the genitive ("Vaggeryds kommun"): Vaggeryd
            return True
        if _abbreviation(word):
            return True
        if self.dictionary.lookup(word):
            return True
        if "-" in word:  # compounds with a hyphen: each part on its own ("covid-pandemin")
            return all(self.known(part) for part in word.split("-") if part)
        return False

    def suggest(self, word: str) -> str | None:
        """Return a word one edit away that the dictionary knows, or None.

        Hunspell's own suggestions take many seconds for a Swedish compound; the first edit
        that is a word of the dictionary, no compound, finds the common typo in some hundredths
        of a second.
        """
        if self.forslag_kvar <= 0:
            return None
        self.forslag_kvar -= 1
        if len(word) > MAX_ORDLANGD:
            return None
        return self.dictionary.first_edit(word, self.accepted)


_ALFABET = "abcdefghijklmnopqrstuvwxyzåäöé"


def _edits(word: str) -> list[str]:
    """Return the words one edit from ``word``, likeliest typos first (doubled letters, swaps)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    doubled = [a + b[0] + b for a, b in splits if b]
    swapped = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    deleted = [a + b[1:] for a, b in splits if b]
    replaced = [a + c + b[1:] for a, b in splits if b for c in _ALFABET if c != b[0].lower()]
    inserted = [a + c + b for a, b in splits for c in _ALFABET]
    return [w for w in dict.fromkeys(doubled + swapped + deleted + replaced + inserted) if w and w != word]


def _abbreviation(word: str) -> bool:
    """Return True for abbreviations: AFS, OSL, HRs (an abbreviation's genitive)."""
    core = word[:-1] if len(word) > 2 and word.endswith("s") else word
    return len(core) >= 2 and core.isupper()


class OrdbokSaknas(Exception):
    """No spell checker or no Swedish dictionary is installed; the message says what to install."""


class _Native:
    """Hunspell's C++ library (chunspell): lookups in microseconds, the dictionary loaded in tenths of a second."""

    def __init__(self, path: str, hunspell_class: Any):
        self._checker = load_native(path, hunspell_class)

    def lookup(self, word: str) -> bool:
        return len(word) <= MAX_ORDLANGD and self._checker.spell(word)

    def first_plain(self, candidates: list[str]) -> str | None:
        """Return the first of ``candidates`` that is a word of the dictionary or an inflection of one (no compound)."""
        return next((c for c in candidates if plain_form(self._checker, c)), None)


def _first_in_process(process: HunspellProcess, candidates: list[str]) -> str | None | bool:
    """Return the first of ``candidates`` the process's dictionary knows (None: none); False when the process failed."""
    try:
        index = process.ask(candidates, first=True)
    except ProcessFailed:
        process.close()
        return False
    if index is None:
        return None
    if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(candidates):
        return candidates[index]
    process.close()
    return False


class _Spylls:
    """spylls, Hunspell in pure Python: the fallback where chunspell does not install."""

    def __init__(self, path: str, dictionary_class: Any):
        with warnings.catch_warnings():
            # spylls leaves its reader's files to the garbage collector
            warnings.simplefilter("ignore", ResourceWarning)
            self._dictionary = dictionary_class.from_files(path)
            gc.collect()

    def lookup(self, word: str) -> bool:
        return len(word) <= MAX_ORDLANGD and bool(self._dictionary.lookup(word))

    def first_plain(self, candidates: list[str]) -> str | None:
        return next((c for c in candidates if any(self._dictionary.lookuper.good_forms(c, compound_forms=False))), None)


def _checker_name() -> str:
    """Return the checker load_hunspell would use, "chunspell 2.0.5" or "spylls 0.1.7", without loading a dictionary."""
    native = forhand.native_checker_name()  # as load_hunspell tries it
    if native is not None:
        return native
    from importlib import metadata
    from importlib.util import find_spec

    try:
        if find_spec("spylls") is not None:
            return f"spylls {metadata.version('spylls')}"
    except (ImportError, ValueError, metadata.PackageNotFoundError):
        pass
    raise OrdbokSaknas("stavningskontrollen saknas – installera med: pip install chunspell hunspell-sv")


@lru_cache(maxsize=2)
def load_hunspell(path: str) -> Any:
    """Return the Hunspell dictionary at ``path`` (loaded once per process), native when it can be."""
    try:
        from hunspell import Hunspell  # the chunspell wheel (Hunspell's C++ library)
    except ImportError:
        Hunspell = None
    if Hunspell is not None:
        return _Native(path, Hunspell)
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        raise OrdbokSaknas("stavningskontrollen saknas – installera med: pip install chunspell hunspell-sv") from None
    return _Spylls(path, Dictionary)


def hunspell() -> Any:
    """Return the Swedish Hunspell dictionary; raise OrdbokSaknas saying what to install."""
    path = dictionary_path()
    if path is None:
        raise OrdbokSaknas("ingen svensk Hunspell-ordlista (sv_SE.dic) hittades – installera med: "
                           "pip install hunspell-sv (eller apt-get install hunspell-sv-se)")
    return load_hunspell(str(path))


# A file past this many words is started afresh (a year of cases judges some tens of thousands).
MAX_MINNE = 200_000


class Minne:
    """The dictionary's answers kept between runs; Hunspell itself is loaded at the first word not kept.

    ``lookup`` (is the word spelt right?) and ``first_edit`` (the suggestion) give what the
    dictionary itself gives. The file is named by a hash of the dictionary's two files, the
    checker and kanslist's version, so that a changed dictionary or program starts a new one;
    an unreadable or malformed file counts as empty and is rewritten.

    When `kanslist granska` started the dictionary in advance (:mod:`forhand`), its processes
    answer, and Hunspell is loaded here only if they fail. The words of the case files that
    needed no answer (field names, the word list's words) are kept too, as ``sedda``, so that
    the next run does not start the dictionary for them.
    """

    def __init__(self, path: str, file: Path):
        self.path, self.file = path, file
        self._words: dict[str, bool] = {}
        self._edits: dict[str, str | None] = {}  # word -> the first edit of it the dictionary knows plainly
        self._seen: set[str] = set()
        self._new = 0
        self._lock = threading.Lock()  # the web app checks texts in several threads at once
        self._read()
        self._forhand = forhand.take(path)

    def _read(self) -> None:
        kept = forhand.read_minne(self.file)
        if kept is not None:
            self._words, self._edits, seen = kept
            self._seen = set(seen)

    @property
    def dictionary(self) -> Any:
        return load_hunspell(self.path)

    def lookup(self, word: str) -> bool:
        if len(word) > MAX_ORDLANGD:
            return False  # as both checkers answer, without keeping a 64 kB "word"
        known = self._words.get(word)
        if known is None:
            known = self._ask_forhand(word)
            if known is None:
                known = bool(self.dictionary.lookup(word))
            with self._lock:
                self._words[word] = known
                self._new += 1
        return known

    def _ask_forhand(self, word: str) -> bool | None:
        """Return the answer of the dictionary started in advance; None when there is none."""
        advance = self._forhand
        if advance is None:
            return None
        known = advance.answers().get(word)
        if known is None and advance.full is not None:
            try:
                got = advance.full.ask([word])
            except ProcessFailed:
                got = None
            if isinstance(got, list) and len(got) == 1 and isinstance(got[0], bool):
                known = got[0]
            else:
                advance.full.close()
                advance.full = None
        return known

    def first_edit(self, word: str, accepted: set[str]) -> str | None:
        """Return the first edit of ``word`` (in ``_edits`` order) that is accepted or a plain dictionary form."""
        candidates = _edits(word)
        if word in self._edits:
            plain = self._edits[word]
        else:  # kept whatever the word list holds, which may change between runs
            plain = False
            advance = self._forhand
            if advance is not None:
                advance.answers()  # the process answers in turn: first the words asked in advance
                if advance.full is not None:
                    plain = _first_in_process(advance.full, candidates)
                    if plain is False:
                        advance.full = None
            if plain is False:
                plain = self.dictionary.first_plain(candidates)
            with self._lock:
                self._edits[word] = plain
                self._new += 1
        return next((c for c in candidates if c == plain or c.lower() in accepted), None)

    def save(self) -> None:
        """Write what was judged anew to the file, merged with what another run may have written meanwhile."""
        advance = self._forhand
        if advance is not None:
            with self._lock:
                if advance.answered:  # the answers waited for: every one is kept
                    for word, known in advance.answers().items():
                        if word not in self._words:
                            self._words[word] = known
                            self._new += 1
                unseen = [w for w in advance.words if w not in self._words and w not in self._seen]
                self._seen.update(unseen)
                self._new += len(unseen)
        if not self._new:
            return
        from kanslist.pipeline.write import write_atomic

        with self._lock:
            words, edits, seen = self._words, self._edits, self._seen
            self._read()  # another run's words, if it saved since
            self._words.update(words)
            self._edits.update(edits)
            self._seen.update(seen)
            self._seen.difference_update(self._words)
            if len(self._words) + len(self._edits) + len(self._seen) > MAX_MINNE:
                self._words, self._edits, self._seen = words, edits, seen
            data = json.dumps({"ord": self._words, "forslag": self._edits, "sedda": sorted(self._seen)},
                              ensure_ascii=False, separators=(",", ":"))
            try:
                write_atomic(self.file, data.encode("utf-8"), durable=False)
            except OSError:
                return  # a cache that cannot be written (read-only home): the next run judges again
            self._new = 0


@lru_cache(maxsize=4)
def _minne(path: str, checker: str, root: Path) -> Minne:
    return Minne(path, forhand.minne_file(path, checker, root))


def ordbok_minne() -> Minne:
    """Return the Swedish dictionary behind its kept answers; raise OrdbokSaknas saying what to install."""
    path = dictionary_path()
    if path is None:
        raise OrdbokSaknas("ingen svensk Hunspell-ordlista (sv_SE.dic) hittades – installera med: "
                           "pip install hunspell-sv (eller apt-get install hunspell-sv-se)")
    return _minne(str(path), _checker_name(), cache_root())


def save_minne(hjalp: dict) -> None:
    """Keep the dictionary's new answers of a run (granska calls this at its end)."""
    ordbok = hjalp.get("ordbok")
    if ordbok is not None:
        ordbok.dictionary.save()


# Words of municipal papers the Swedish dictionary lacks (delår), accepted in every workspace.
KANSLISTS_ORDLISTA = Path(__file__).resolve().parent.parent / "resources" / ORDLISTA


def accepted_words(workspace) -> set[str]:
    """Return the words the workspace accepts: kanslist's and data/ordlista.txt, and the organisation's names."""
    accepted: set[str] = set()
    for path in (KANSLISTS_ORDLISTA, Path(workspace.data_dir) / ORDLISTA):
        if path.exists():
            for line in path.read_text("utf-8-sig").splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    accepted.add(line.lower())
    organisation = workspace.organisation
    names = [organisation.namn] + [e.namn for e in organisation.enheter.values()]
    names += [e.bestamd_form for e in organisation.enheter.values() if e.bestamd_form]
    for person in workspace.personer.values():
        names += [person.namn, person.titel]
    for name in names:
        accepted.update(w.lower() for w in _WORD.findall(name or ""))
    return accepted


def _ordbok(g: Granskning) -> Ordbok | None:
    if "ordbok" not in g.hjalp:
        try:
            g.hjalp["ordbok"] = Ordbok(ordbok_minne(), accepted_words(g.workspace))
        except OrdbokSaknas as exc:
            g.hjalp["ordbok"] = None
            g.hjalp["ordbok_fel"] = str(exc)
    return g.hjalp["ordbok"]


# A politician is named with the party in brackets, "Maj-Britt Rane Andersson (S)", "Axel Josefson (M)":
# the names before it are accepted (the motion's authors are seldom in personer.yaml).
# Both start only where a word does, so a 64 kB word is read once (linear time, as _SKIP_SPANS).
_PARTY_NAMED = re.compile(r"(?<![\w'’-])((?:[^\W\d_][\w'’-]*\s+){0,3}[^\W\d_][\w'’-]*)\s*\((?:[A-ZÅÄÖ]{1,3})\)")
# The first part of a compound written out once for two ("hälso- och sjukvård", "barn-, elev- och"):
# not a word of its own.
_TRUNCATED = re.compile(r"(?<![^\W\d_])([^\W\d_]+)-(?=,|\s+(?:och|eller|samt|respektive)\b)")


def _party_names(text: str) -> set[str]:
    """Return the capitalised words of the names written with a party after them."""
    found: set[str] = set()
    for match in _PARTY_NAMED.finditer(text):
        for word in _WORD.findall(match.group(1)):
            if word[:1].isupper():
                found.update({word, *word.split("-")})
    return found


def spelling(g: Granskning) -> Iterator[Problem]:
    """Every word of the free text is in the Swedish dictionary or the workspace's word list."""
    ordbok = _ordbok(g)
    if ordbok is None:
        if not g.hjalp.get("ordbok_rapporterad"):
            g.hjalp["ordbok_rapporterad"] = True
            yield g.problem_at(None, (), f"stavningen kontrollerades inte: {g.hjalp['ordbok_fel']}", "", VARNING)
        return
    reported: set[str] = set()
    for loc, text in prose(g.arende):
        names, parts = _party_names(text), {m.group(1) for m in _TRUNCATED.finditer(text)}
        for word in words_of(text):
            if len(word) < 2 or word in reported or word in names or word in parts or ordbok.known(word):
                continue
            if word.lower().endswith("nr") and len(word) > 4 and ordbok.known(word[:-2]):
                continue  # a number of something, abbreviated: Ärendenr, diarienr, telefonnr
            reported.add(word)
            guess = ordbok.suggest(word)
            hint = f"menade du '{guess}'? " if guess else ""
            hint += f"Är ordet rätt stavat: lägg det på en egen rad i data/{ORDLISTA}"
            yield g.problem_at(g.line_of_text(loc, word), loc, f"'{word}' finns inte i ordlistan", hint, VARNING)


def repeated_words(g: Granskning) -> Iterator[Problem]:
    """The same word twice in a row within one sentence ("att att")."""
    for loc, text in prose(g.arende):
        text = _SKIP_SPANS.sub(" ", text)
        for match in _REPEATED.finditer(text):
            first, second = match.group(1), match.group(2)
            if "\n" in match.group(0) and _HEADING_LINE.match(text, text.rfind("\n", 0, match.start()) + 1,
                                                            match.start() + len(first)):
                continue  # a Markdown heading is a sentence of its own
            line = g.line_of_text(loc, match.group(0)) if "\n" not in match.group(0) else g.line_of_text(loc, first)
            yield g.problem_at(line, loc, f"'{first} {second}': samma ord två gånger i rad",
                               "ta bort det ena", VARNING)


RULES = [repeated_words, spelling]

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
granska after an edit loads Hunspell only for words it has not judged before.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from kanslist.errors import Problem
from kanslist.model import prose
from kanslist.granska.regel import VARNING, Granskning

ORDLISTA = "ordlista.txt"

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Addresses, code, link targets and template fields: not words. Each alternative runs in time
# linear in the text: an e-mail address starts where a whitespace-delimited token does (a bare
# \S+@\S+ retried at every letter of a 64 kB word took minutes), and a bracket or brace span
# stops at the next opening one (an unclosed "{" or "](" repeated would rescan to the end).
_SKIP_SPANS = re.compile(r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+|`[^`]*`|\]\([^)\]]*\)|\{[^{}]*\}")
# The same word twice in one sentence: the words are parted by spaces and at most one line
# break (a Markdown paragraph wraps; a blank line, a list item or a heading ends the sentence).
_REPEATED = re.compile(r"(?<![\w-])([^\W\d_]+)(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)(\1)(?![\w-])", re.IGNORECASE)
_HEADING_LINE = re.compile(r"[^\S\n]*#.*\Z")

# Common abbreviations (Språkrådet's list of the commonest), written with or without their
# points; the spell checker would see "t.ex." as the words "t" and "ex".
_ABBREVIATIONS = re.compile(
    r"(?<![\w.])(?:t\.\s?ex|bl\.\s?a|m\.\s?fl|s\.\s?k|ff|ev|dvs|osv|resp|inkl|exkl|kl|nr|st)\.?(?![\w])",
    re.IGNORECASE)

# Each suggestion costs up to a second in pure Python; a run makes at most this many.
MAX_FORSLAG = 20
# Hunspell checks no word longer than this (its MAXWORDLEN); nor are suggestions made for one:
# the edits of a 64 kB "word" alone would fill the memory.
MAX_ORDLANGD = 100


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

        Hunspell's own suggestions (spylls) take many seconds for a Swedish compound; one
        edit checked without compounding finds the common typo in well under a second.
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


def dictionary_path() -> Path | None:
    """Return the sv_SE dictionary's path without suffix (…/sv_SE), or None when none is installed.

    ``KANSLIST_ORDBOK`` may name another one (a path without .dic/.aff).
    """
    wanted = os.environ.get("KANSLIST_ORDBOK")
    candidates = [Path(wanted)] if wanted else []
    candidates += [Path(sys.prefix) / "share" / "hunspell" / "sv_SE", Path(sys.base_prefix) / "share" / "hunspell" / "sv_SE",
                   Path("/usr/local/share/hunspell/sv_SE"), Path("/usr/share/hunspell/sv_SE")]
    for candidate in candidates:
        if candidate.with_suffix(".dic").exists() and candidate.with_suffix(".aff").exists():
            return candidate
    return None


class OrdbokSaknas(Exception):
    """No spell checker or no Swedish dictionary is installed; the message says what to install."""


# The affix file's lines that allow compounds; without them Hunspell knows only the words of
# the dictionary and their inflections, the forms a suggestion may be (a typo is one edit
# from a real word, seldom from a compound Hunspell would build around it).
_COMPOUNDING = re.compile(r"^(?:COMPOUND|CHECKCOMPOUND|ONLYINCOMPOUND|SIMPLIFIEDTRIPLE|FORCEUCASE)")


class _Native:
    """Hunspell's C++ library (chunspell): lookups in microseconds, the dictionary loaded in tenths of a second."""

    def __init__(self, path: str, hunspell_class: Any):
        directory, lang = os.path.split(path)
        self._class, self._path = hunspell_class, path
        self._checker = hunspell_class(lang, hunspell_data_dir=directory)
        self._plain: Any = None

    def lookup(self, word: str) -> bool:
        return len(word) <= MAX_ORDLANGD and self._checker.spell(word)

    def plain_form(self, word: str) -> bool:
        """Return True when ``word`` is a word of the dictionary or an inflection of one (no compound)."""
        if self._plain is None:
            self._plain = self._without_compounds()
        return self._plain.spell(word)

    def _without_compounds(self) -> Any:
        # Hunspell reads a dictionary from files only: the affix file without its compounding
        # lines goes to a temporary folder beside a link to the word file, and is read from there.
        aff = Path(self._path + ".aff").read_bytes().decode("utf-8", "replace")
        plain = "".join(line for line in aff.splitlines(keepends=True) if not _COMPOUNDING.match(line))
        with tempfile.TemporaryDirectory(prefix="kanslist-ordbok-") as folder:
            Path(folder, "sv.aff").write_text(plain, "utf-8")
            try:
                Path(folder, "sv.dic").symlink_to(Path(self._path + ".dic").resolve())
            except OSError:  # no symbolic links (some file systems): a copy, 4 MB
                Path(folder, "sv.dic").write_bytes(Path(self._path + ".dic").read_bytes())
            return self._class("sv", hunspell_data_dir=folder)


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

    def plain_form(self, word: str) -> bool:
        return any(self._dictionary.lookuper.good_forms(word, compound_forms=False))


def _checker_name() -> str:
    """Return the checker load_hunspell would use, "chunspell 2.0.5" or "spylls 0.1.7", without loading a dictionary."""
    try:
        import hunspell as native  # as load_hunspell tries it
    except ImportError:
        native = None
    if native is not None:
        return f"chunspell {getattr(native, '__version__', '')}"
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


def cache_root() -> Path:
    """Return where the dictionary's answers are kept between runs: the user's cache (XDG)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kanslist" / "ordbok"


# A file past this many words is started afresh (a year of cases judges some tens of thousands).
MAX_MINNE = 200_000


class Minne:
    """The dictionary's answers kept between runs; Hunspell itself is loaded at the first word not kept.

    ``lookup`` (is the word spelt right?) and ``first_edit`` (the suggestion) give what the
    dictionary itself gives. The file is named by a hash of the dictionary's two files, the
    checker and kanslist's version, so that a changed dictionary or program starts a new one;
    an unreadable or malformed file counts as empty and is rewritten.
    """

    def __init__(self, path: str, file: Path):
        self.path, self.file = path, file
        self._words: dict[str, bool] = {}
        self._edits: dict[str, str | None] = {}  # word -> the first edit of it the dictionary knows plainly
        self._new = 0
        self._lock = threading.Lock()  # the web app checks texts in several threads at once
        self._read()

    def _read(self) -> None:
        try:
            data = json.loads(self.file.read_bytes())
            words, edits = data["ord"], data["forslag"]
            if not (isinstance(words, dict) and all(isinstance(v, bool) for v in words.values())
                    and isinstance(edits, dict) and all(v is None or isinstance(v, str) for v in edits.values())):
                return
        except (OSError, ValueError, KeyError, TypeError):
            return  # none yet, or damaged: judged again and rewritten
        self._words, self._edits = words, edits

    @property
    def dictionary(self) -> Any:
        return load_hunspell(self.path)

    def lookup(self, word: str) -> bool:
        if len(word) > MAX_ORDLANGD:
            return False  # as both checkers answer, without keeping a 64 kB "word"
        known = self._words.get(word)
        if known is None:
            known = bool(self.dictionary.lookup(word))
            with self._lock:
                self._words[word] = known
                self._new += 1
        return known

    def first_edit(self, word: str, accepted: set[str]) -> str | None:
        """Return the first edit of ``word`` (in ``_edits`` order) that is accepted or a plain dictionary form."""
        if word in self._edits:
            plain = self._edits[word]
        else:  # kept whatever the word list holds, which may change between runs
            plain = next((c for c in _edits(word) if self.dictionary.plain_form(c)), None)
            with self._lock:
                self._edits[word] = plain
                self._new += 1
        return next((c for c in _edits(word) if c == plain or c.lower() in accepted), None)

    def save(self) -> None:
        """Write what was judged anew to the file, merged with what another run may have written meanwhile."""
        if not self._new:
            return
        from kanslist.pipeline.write import write_atomic

        with self._lock:
            words, edits = self._words, self._edits
            self._read()  # another run's words, if it saved since
            self._words.update(words)
            self._edits.update(edits)
            if len(self._words) + len(self._edits) > MAX_MINNE:
                self._words, self._edits = words, edits
            data = json.dumps({"ord": self._words, "forslag": self._edits}, ensure_ascii=False, separators=(",", ":"))
            try:
                write_atomic(self.file, data.encode("utf-8"), durable=False)
            except OSError:
                return  # a cache that cannot be written (read-only home): the next run judges again
            self._new = 0


def _fingerprint(path: str, checker: str) -> str:
    from kanslist import __version__

    digest = hashlib.sha256(f"{__version__}\0{checker}\0".encode())
    for suffix in (".aff", ".dic"):
        digest.update(Path(path + suffix).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@lru_cache(maxsize=4)
def _minne(path: str, checker: str, root: Path) -> Minne:
    return Minne(path, root / f"sv-{_fingerprint(path, checker)}.json")


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


def accepted_words(workspace) -> set[str]:
    """Return the words the workspace accepts: data/ordlista.txt and the organisation's names."""
    accepted: set[str] = set()
    path = Path(workspace.data_dir) / ORDLISTA
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
        for word in _WORD.findall(_ABBREVIATIONS.sub(" ", _SKIP_SPANS.sub(" ", text))):
            if len(word) < 2 or word in reported or ordbok.known(word):
                continue
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

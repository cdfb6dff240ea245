"""Language: Swedish spelling of the free text (a real Hunspell dictionary), repeated words.

The checker is spylls (Hunspell in pure Python); the dictionary is the sv_SE one of the
``hunspell-sv`` package (installed with kanslist under the environment's share/hunspell),
or Debian's ``hunspell-sv-se`` under /usr/share/hunspell. Words in the workspace's
``data/ordlista.txt`` and the organisation's own names are accepted.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from kanslist.errors import Problem
from kanslist.model import prose
from kanslist.granska.regel import VARNING, Granskning

ORDLISTA = "ordlista.txt"

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SKIP_SPANS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|`[^`]*`|\]\([^)]*\)|\{[^}]*\}")
_REPEATED = re.compile(r"(?<![\w-])([^\W\d_]+)\s+(\1)(?![\w-])", re.IGNORECASE)

# Each suggestion costs up to a second in pure Python; a run makes at most this many.
MAX_FORSLAG = 20


class Ordbok:
    """A Hunspell dictionary with the workspace's own accepted words."""

    def __init__(self, dictionary: Any, accepted: set[str]):
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
        lookuper = self.dictionary.lookuper
        for candidate in _edits(word):
            if candidate.lower() in self.accepted or any(lookuper.good_forms(candidate, compound_forms=False)):
                return candidate
        return None


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


@lru_cache(maxsize=2)
def load_hunspell(path: str) -> Any:
    """Return the Hunspell dictionary at ``path`` (loaded once per process: it takes seconds)."""
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        raise OrdbokSaknas("stavningskontrollen spylls saknas – installera med: pip install spylls hunspell-sv") from None
    with warnings.catch_warnings():
        # spylls leaves its reader's files to the garbage collector
        warnings.simplefilter("ignore", ResourceWarning)
        dictionary = Dictionary.from_files(path)
        gc.collect()
    return dictionary


def hunspell() -> Any:
    """Return the Swedish Hunspell dictionary; raise OrdbokSaknas saying what to install."""
    path = dictionary_path()
    if path is None:
        raise OrdbokSaknas("ingen svensk Hunspell-ordlista (sv_SE.dic) hittades – installera med: "
                           "pip install hunspell-sv (eller apt-get install hunspell-sv-se)")
    return load_hunspell(str(path))


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
            g.hjalp["ordbok"] = Ordbok(hunspell(), accepted_words(g.workspace))
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
        for word in _WORD.findall(_SKIP_SPANS.sub(" ", text)):
            if len(word) < 2 or word in reported or ordbok.known(word):
                continue
            reported.add(word)
            guess = ordbok.suggest(word)
            hint = f"menade du '{guess}'? " if guess else ""
            hint += f"Är ordet rätt stavat: lägg det på en egen rad i data/{ORDLISTA}"
            yield g.problem_at(g.line_of_text(loc, word), loc, f"'{word}' finns inte i ordlistan", hint, VARNING)


def repeated_words(g: Granskning) -> Iterator[Problem]:
    """The same word twice in a row ("att att")."""
    for loc, text in prose(g.arende):
        for match in _REPEATED.finditer(_SKIP_SPANS.sub(" ", text)):
            word = match.group(1)
            line = g.line_of_text(loc, match.group(0)) if "\n" not in match.group(0) else g.line_of_text(loc, word)
            yield g.problem_at(line, loc, f"'{word} {match.group(2)}': samma ord två gånger i rad",
                               "ta bort det ena", VARNING)


RULES = [repeated_words, spelling]

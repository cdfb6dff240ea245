"""Before granska imports the rest: the Swedish dictionary starts loading if the named cases hold new words.

`kanslist granska FIL` spends half a second importing the document kinds before it reads a
case; Hunspell needs as long to read its word file. :func:`start` runs first (the command
line calls it before its imports): it reads the case files (those named, or every one of a
workspace of some hundred cases at most) and the dictionary's kept answers
(sprak.Minne), and when a word of the files was never judged it starts the dictionary in a process of its own
(:mod:`kanslist.granska.hunspell_process`), asking it at once about the new words; the same
process makes the suggestions for the misspelt ones. sprak takes the process over (:func:`take`). The module uses the standard library only, so that
nothing here waits for the imports it is to overlap.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from kanslist.cache import user_cache

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Addresses, code, link targets and template fields: not words. Each alternative runs in time
# linear in the text: an e-mail address starts where a whitespace-delimited token does (a bare
# \S+@\S+ retried at every letter of a 64 kB word took minutes), and a bracket or brace span
# stops at the next opening one (an unclosed "{" or "](" repeated would rescan to the end).
# An HTML tag in Markdown (the <br> of a line break in a table cell) is no word either.
_SKIP_SPANS = re.compile(r"https?://\S+|www\.\S+|(?<!\S)\S+@\S+|`[^`]*`|\]\([^)\]]*\)|\{[^{}]*\}"
                         r"|</?[a-zA-Z][a-zA-Z0-9]{0,9}\s*/?>")
# Common abbreviations (Språkrådet's list of the commonest), written with or without their
# points; the spell checker would see "t.ex." as the words "t" and "ex".
_ABBREVIATIONS = re.compile(
    r"(?<![\w.])(?:t\.\s?ex|bl\.\s?a|m\.\s?fl|s\.\s?k|ff|ev|dvs|osv|resp|inkl|exkl|kl|nr|dnr|st)\.?(?![\w])",
    re.IGNORECASE)
# Hunspell checks no word longer than this (its MAXWORDLEN); nor are suggestions made for one:
# the edits of a 64 kB "word" alone would fill the memory.
MAX_ORDLANGD = 100
# Case files read in advance at most (bytes, some hundred cases): past this the run is a batch, not
# an edit being checked, and the dictionary loads as the first new word needs it.
MAX_FORHAND = 2_000_000


def words_of(text: str) -> list[str]:
    """Return the words of ``text`` the spell checker judges (addresses, fields and abbreviations left out)."""
    return _WORD.findall(_ABBREVIATIONS.sub(" ", _SKIP_SPANS.sub(" ", text)))


def file_words(text: str) -> list[str]:
    """Return the words of a case file's text a run may ask the dictionary about, each once (parts of a compound with a hyphen too)."""
    found: dict[str, None] = {}
    for word in words_of(text):
        for w in (word, *word.split("-")) if "-" in word else (word,):
            if 2 <= len(w) <= MAX_ORDLANGD:
                found[w] = None
    return list(found)


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


def cache_root() -> Path:
    """Return where the dictionary's answers are kept between runs: the user's cache (XDG)."""
    return user_cache("ordbok")


def native_checker_name() -> str | None:
    """Return "chunspell 2.0.5" when the chunspell wheel is installed, else None."""
    try:
        import hunspell as native
    except ImportError:
        return None
    if native is None:  # sys.modules["hunspell"] = None: as if it were not installed
        return None
    return f"chunspell {getattr(native, '__version__', '')}"


def fingerprint(path: str, checker: str) -> str:
    """Return the name of the kept answers of the dictionary at ``path``: its files, the checker, kanslist's version."""
    files = tuple((s.st_size, s.st_mtime_ns, s.st_ino) for s in (os.stat(path + suffix) for suffix in (".aff", ".dic")))
    return _fingerprint(path, checker, files)


@lru_cache(maxsize=8)
def _fingerprint(path: str, checker: str, files: tuple) -> str:
    # once a process: forhand and sprak both name the file; the hash reads 4 MB
    from kanslist import __version__

    digest = hashlib.sha256(f"{__version__}\0{checker}\0".encode())
    for suffix in (".aff", ".dic"):
        digest.update(Path(path + suffix).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def minne_file(path: str, checker: str, root: Path) -> Path:
    return root / f"sv-{fingerprint(path, checker)}.json"


# What start read, for sprak's Minne to take over unless the file changed since (a year's answers are some MB).
_read: dict[Path, tuple[tuple, tuple]] = {}


def _stat(file: Path) -> tuple:
    st = file.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def read_minne(file: Path, keep: bool = False) -> tuple[dict[str, bool], dict[str, str | None], list[str]] | None:
    """Return the kept answers in ``file`` (words, suggestions, words seen needing no answer); None when none or damaged.

    With ``keep`` the answers are also kept for the next call, which takes them if the file is unchanged.
    """
    try:
        kept = _read.pop(file, None)
        if kept is not None and kept[0] == _stat(file):
            return kept[1]
        stat = _stat(file) if keep else None
        data = json.loads(file.read_bytes())
        words, edits, seen = data["ord"], data["forslag"], data.get("sedda", [])
        if not (isinstance(words, dict) and all(isinstance(v, bool) for v in words.values())
                and isinstance(edits, dict) and all(v is None or isinstance(v, str) for v in edits.values())
                and isinstance(seen, list) and all(isinstance(v, str) for v in seen)):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # none yet, or damaged: judged again and rewritten
    if keep:
        _read[file] = (stat, (words, edits, seen))
        return _read[file][1]
    return words, edits, seen


class Forhand:
    """The process started for one dictionary, and the words asked about in advance.

    ``full`` is a HunspellProcess, or None once it has failed: the caller then asks the
    dictionary it loads itself.
    """

    def __init__(self, path: str, words: list[str], full):
        import threading

        self.path, self.words, self.full = path, words, full
        self._answers: dict[str, bool] | None = None
        self._lock = threading.Lock()

    @property
    def answered(self) -> bool:
        """True once the answers about the words asked in advance were wanted (and waited for)."""
        return self._answers is not None

    def answers(self) -> dict[str, bool]:
        """Return the dictionary's answers about the words asked in advance (waiting for it to load)."""
        from kanslist.granska.hunspell_process import ProcessFailed

        with self._lock:
            if self._answers is None:
                got = None
                if self.full is not None:
                    try:
                        got = self.full.receive()
                    except ProcessFailed:
                        pass
                if isinstance(got, list) and len(got) == len(self.words) and all(isinstance(v, bool) for v in got):
                    self._answers = dict(zip(self.words, got))
                else:
                    self.full, self._answers = None, {}
            return self._answers

    def close(self) -> None:
        if self.full is not None:
            self.full.close()


_started: dict[str, Forhand] = {}


def take(path: str) -> Forhand | None:
    """Return (once) what :func:`start` started for the dictionary at ``path``."""
    return _started.pop(path, None)


def _granska_files(argv: list[str]) -> list[Path] | None:
    """Return the files of a `kanslist [-C MAPP] [-v] granska [FLAGGOR] FIL...` command line, or None for another."""
    root, i = Path("."), 0
    while i < len(argv) and argv[i].startswith("-"):
        if argv[i] == "-C" and i + 1 < len(argv):
            root, i = Path(argv[i + 1]), i + 2
        elif argv[i].startswith("-C") and len(argv[i]) > 2:
            root, i = Path(argv[i][2:]), i + 1
        elif argv[i] in ("-v", "--verbose"):
            i += 1
        else:
            return None  # --help, --version or a mistake: click answers
    if argv[i:i + 1] != ["granska"]:
        return None
    names, rest = [], iter(argv[i + 1:])
    for arg in rest:
        if arg == "--format":
            next(rest, None)
        elif not arg.startswith("-"):
            names.append(root / arg)
    files: list[Path] = []
    for path in names or [root / "arenden"]:  # no file named: every case (Workspace.case_files)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.yaml") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


def start(argv: list[str]) -> None:
    """Start the dictionary if `kanslist granska` is to check files (named, or a small workspace's) with words never judged.

    Any failure leaves it to sprak, which loads the dictionary itself when it needs it.
    """
    try:
        files = _granska_files(argv)
        if not files or sum(f.stat().st_size for f in files if f.is_file()) > MAX_FORHAND:
            return  # not granska, or a batch of cases rather than an edit being checked
        path = dictionary_path()
        checker = native_checker_name()
        if path is None or checker is None:
            return
        kept = read_minne(minne_file(str(path), checker, cache_root()), keep=True)
        known: set[str] = set()
        if kept is not None:
            known.update(kept[0])
            known.update(kept[2])
        new: dict[str, None] = {}
        for file in files:
            try:
                text = file.read_text("utf-8-sig")
            except (OSError, ValueError):
                continue
            new.update((w, None) for w in file_words(text) if w not in known)
        if new:
            _start_processes(str(path), list(new))
    except Exception:  # noqa: BLE001 – an advance only: the run goes on as without it
        return


def _start_processes(path: str, words: list[str]) -> None:
    from kanslist.granska.hunspell_process import HunspellProcess, ProcessFailed

    try:
        full = HunspellProcess(path)
    except ProcessFailed:
        return
    full.send(words)
    _started[path] = Forhand(path, words, full)

"""Hunspell in a process of its own, so that a dictionary loads while kanslist does other work.

chunspell holds Python's lock while Hunspell reads its word file (0.4 s for the Swedish one): a
thread would wait for it, a process loads beside. This file is also the process's program
(``python -I -S hunspell_process.py …``): it imports nothing from kanslist, only the
standard library and chunspell, found where the starting process found it.

The process answers one JSON line per request, ``{"ord": [...]}`` with whether each word is
spelt right, ``{"ord": [...], "forsta": true}`` with the index of the first that is a word of the
dictionary, no compound (the suggestion; null when none is).
It ends at the end of its input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import weakref
from pathlib import Path
from typing import Any

def load(path: str, hunspell_class: Any) -> Any:
    """Return Hunspell's dictionary at ``path`` (…/sv_SE)."""
    directory, lang = os.path.split(path)
    return hunspell_class(lang, hunspell_data_dir=directory)


def plain_form(checker: Any, word: str) -> bool:
    """Return True when ``word`` is a word of the dictionary or an inflection of one, not a compound.

    A suggestion is one of these: a typo is one edit from a real word, seldom from a compound
    Hunspell would build around it. Hunspell names the parts of a compound it built in its
    analysis ("pa:katt … pa:bilar"); a word of the dictionary has an analysis without them.
    """
    return bool(checker.spell(word)) and any(" pa:" not in analysis for analysis in checker.analyze(word))


def answer(checker: Any, request: dict) -> Any:
    """Return the answer to one request: a bool per word, or the index of the first plain form (:func:`plain_form`)."""
    words = request["ord"]
    if request.get("forsta"):
        return next((i for i, word in enumerate(words) if plain_form(checker, word)), None)
    return [checker.spell(word) for word in words]


def serve(argv: list[str]) -> int:
    """The process's program: load the dictionary, then answer each line of standard input."""
    location, path = argv
    sys.path.insert(0, location)
    from hunspell import Hunspell

    checker = load(path, Hunspell)
    for line in sys.stdin.buffer:
        sys.stdout.write(json.dumps(answer(checker, json.loads(line))) + "\n")
        sys.stdout.flush()
    return 0


class ProcessFailed(Exception):
    """The process could not be started or stopped answering; the caller loads the dictionary itself."""


def _stop(process: subprocess.Popen) -> None:
    # An answer no longer wanted: the process may still be reading its word file.
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        try:
            stream.close()
        except OSError:
            pass


class HunspellProcess:
    """A Hunspell dictionary loading and answering in a child process (stopped with its owner or at exit)."""

    def __init__(self, path: str):
        from importlib.util import find_spec

        try:
            spec = find_spec("hunspell")
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations or not sys.executable:
            raise ProcessFailed("chunspell not found")
        location = str(Path(next(iter(spec.submodule_search_locations))).parent)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", os.path.abspath(__file__), location, path],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except (OSError, ValueError) as exc:
            raise ProcessFailed(str(exc)) from None
        self._finalizer = weakref.finalize(self, _stop, self._process)
        self._lock = threading.Lock()  # one request and its answer at a time (the web app's threads)
        self._writer: threading.Thread | None = None
        self._unread = 0

    def send(self, words: list[str], first: bool = False) -> None:
        """Send a request without waiting (a thread writes it: the process reads only once loaded)."""
        line = (json.dumps({"ord": words, "forsta": first}) + "\n").encode()
        with self._lock:
            self._join()
            self._writer = threading.Thread(target=self._write, args=(line,), daemon=True)
            self._writer.start()
            self._unread += 1

    def receive(self) -> Any:
        """Return the answer to the oldest request sent and not yet received."""
        with self._lock:
            return self._read()

    def ask(self, words: list[str], first: bool = False) -> Any:
        """Return the answer to a request (waiting for the dictionary to load)."""
        line = (json.dumps({"ord": words, "forsta": first}) + "\n").encode()
        with self._lock:
            self._join()
            self._write(line)
            self._unread += 1
            return self._read()

    def close(self) -> None:
        self._finalizer()

    def _write(self, line: bytes) -> None:
        try:
            self._process.stdin.write(line)
            self._process.stdin.flush()
        except (OSError, ValueError):
            pass  # the process ended: the read says so

    def _join(self) -> None:
        if self._writer is not None:
            self._writer.join()
            self._writer = None

    def _read(self) -> Any:
        if self._unread <= 0:
            raise ProcessFailed("no request sent")
        self._join()
        try:
            line = self._process.stdout.readline()
        except (OSError, ValueError):
            line = b""
        self._unread -= 1
        if not line:
            self._unread = 0
            raise ProcessFailed("the process ended")
        try:
            return json.loads(line)
        except ValueError:
            raise ProcessFailed("an answer that is not JSON") from None


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))

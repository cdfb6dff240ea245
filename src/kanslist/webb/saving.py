"""Saving a case from the web: atomic, refused when the file changed since it was loaded, drafts aside."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from kanslist.api import KanslistError, write_draft

DRAFTS = ".utkast"  # arenden/.utkast/<name>.yaml: a dot-name, so no build or check takes it for a case
LOG = "webblogg.jsonl"

_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _lock(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(path.resolve(), threading.Lock())


@dataclass
class Conflict(KanslistError):
    """The file on disk is not the one the form was loaded from: someone else saved in between."""

    disk_text: str
    disk_hash: str
    what: str = "ärendet"  # what was saved, and the pronoun for it: a meeting file has no drafts
    it: str = "det"

    def __str__(self) -> str:
        draft = ", eller spara den som utkast" if self.what == "ärendet" else ""
        return (f"någon annan har sparat {self.what} sedan du öppnade {self.it} – din version är inte sparad. "
                f"Jämför ändringarna nedan och spara din version ovanpå{draft}")


def save_case(path: Path, text: str, base_hash: str, what: tuple[str, str] = ("ärendet", "det")) -> str:
    """Write ``text`` to ``path`` atomically when the file still has hash ``base_hash``; return the new hash.

    Raise :class:`Conflict` when the file changed since (check and write under one lock, so two
    saves of one case cannot both pass the check).
    """
    with _lock(path):
        disk = path.read_bytes() if path.exists() else b""
        if sha256(disk) != base_hash:
            raise Conflict(disk.decode("utf-8", "replace"), sha256(disk), *what)
        write_draft(path, text, replace=True)
    return sha256(text)


def draft_path(arenden_dir: Path, name: str) -> Path:
    return arenden_dir / DRAFTS / f"{name}.yaml"


def save_draft(arenden_dir: Path, name: str, text: str) -> Path:
    """Write the draft of case ``name`` beside the cases, never over the case file itself."""
    path = draft_path(arenden_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_draft(path, text, replace=True)


def diff(theirs: str, mine: str, name: str) -> str:
    """Return a unified diff from the file on disk (``theirs``) to the user's version (``mine``)."""
    return "".join(difflib.unified_diff(theirs.splitlines(True), mine.splitlines(True),
                                        f"{name} (sparad av någon annan)", f"{name} (din version)"))


_log_lock = threading.Lock()


def log(data_dir: Path, user: str, action: str, **details) -> None:
    """Append one line to data/webblogg.jsonl: who changed what, when (UTC)."""
    entry = {"tid": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "vem": user, "atgard": action,
             **details}
    with _log_lock, open(Path(data_dir) / LOG, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")

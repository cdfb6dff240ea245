"""The one error family of kanslist: problems a user can act on, in Swedish."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we know.

    Rendered as ``fil:rad: fält: vad som är fel – hur man rättar``.
    """

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    severity: str = "fel"  # fel | varning

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        if self.hint:
            text += f" – {self.hint}"
        if self.severity != "fel":
            text = f"{text} ({self.severity})"
        return text

    def as_dict(self) -> dict:
        return {
            "fil": self.file,
            "rad": self.line,
            "falt": self.field,
            "meddelande": self.message,
            "atgard": self.hint,
            "allvarlighet": self.severity,
        }


class KanslistError(Exception):
    """Base of every error a user should see as a message, not a traceback."""


class InvalidInput(KanslistError):
    """One or more problems in the user's files; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        files = {p.file for p in self.problems}
        if len(files) == 1:  # the file itself: a case, a meeting or data/organisation.yaml
            return f"{len(self.problems)} fel i {next(iter(files))} – inget skrevs"
        return f"{len(self.problems)} fel i {len(files)} filer – inget skrevs"

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(self.summary())
        return "\n".join(lines)


def display_path(path: Path | str, root: Path | None = None) -> str:
    """Return ``path`` relative to ``root`` when it lies below it, for short messages."""
    path = Path(path)
    if root is not None:
        try:
            return str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


def field_name(loc: Iterable) -> str:
    """Return a dotted field path such as ``rekommendationer[2].stallningstagande``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to ``word``, or None when nothing is close."""
    found = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None

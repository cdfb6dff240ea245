"""The rules of `kanslist granska`: one module per family, each rule a function of one case.

A case rule takes a :class:`Granskning` (the loaded file, its typed case, the workspace
and "today") and yields :class:`~kanslist.errors.Problem` objects located with the line
map of the loaded file. Template rules look at the workspace's templates instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from kanslist.errors import Problem, field_name
from kanslist.pipeline.load import Loaded

if TYPE_CHECKING:  # only named in annotations
    from kanslist.kinds.base import Kind
    from kanslist.workspace import Workspace

FEL = "fel"
VARNING = "varning"


@dataclass
class Granskning:
    """One case under review: what a rule needs to know about it."""

    path: Path
    loaded: Loaded
    arende: Any  # the validated case (a model of kanslist.kinds)
    kind: "Kind"
    workspace: "Workspace"
    idag: dt.date
    hjalp: dict = field(default_factory=dict)  # shared per run: dictionary, register
    source: str | None = None  # the text of the case file, when it is not (yet) saved at ``path``

    def problem(self, loc: tuple, message: str, hint: str = "", severity: str = FEL) -> Problem:
        """Return a Problem at ``loc`` (a path of keys and indexes in the case file)."""
        return Problem(self.loaded.file, self.loaded.line_of(loc), field_name(loc), message, hint, severity)

    def problem_at(self, line: int | None, loc: tuple, message: str, hint: str = "",
                   severity: str = FEL) -> Problem:
        """Return a Problem at an explicit ``line`` (a word inside a long text)."""
        return Problem(self.loaded.file, line, field_name(loc), message, hint, severity)

    @cached_property
    def source_lines(self) -> list[str]:
        """Return the lines of the case file as written (to find a word inside a block of text)."""
        if self.source is not None:
            return self.source.splitlines()
        try:
            return self.path.read_text("utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return []

    def line_of_text(self, loc: tuple, needle: str) -> int | None:
        """Return the line where ``needle`` is written inside the value at ``loc``.

        Block scalars (``|``) start on the line after their key, so the key's line alone
        would point a case officer at the wrong place.
        """
        start = self.loaded.line_of(loc)
        if start is None:
            return None
        end = _next_sibling_line(self.loaded, loc) or len(self.source_lines) + 1
        pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
        for number in range(start, min(end, len(self.source_lines) + 1)):
            if pattern.search(self.source_lines[number - 1]):
                return number
        return start


def _next_sibling_line(loaded: Loaded, loc: tuple) -> int | None:
    """Return the first line after the value at ``loc`` that belongs to something else."""
    start = loaded.line_of(loc)
    later = [line for other, line in loaded.lines.items()
             if line > (start or 0) and other[:len(loc)] != tuple(loc)]
    return min(later) if later else None


CaseRule = Callable[[Granskning], Iterator[Problem]]


def words(text: str) -> list[str]:
    """Return the words of ``text`` in lower case (for phrase matching)."""
    return re.findall(r"\w+", text.lower())


"""Paragraph numbers: per body and calendar year, derived from the meeting files in order of date.

Never a counter: every process that builds a meeting derives the same numbers from the same
files, so two meetings built at once cannot share a §. A meeting's first § is the one after
the last § of the body's previous meeting that year (or ``forsta_paragraf`` when the file
pins it, e.g. for a year begun before kanslist was used).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kanslist.errors import InvalidInput, Problem
from kanslist.pipeline.load import decode_yaml, parse_yaml
from kanslist.sammantrade.model import SPECIAL_PUNKTER

FOLDER = "sammantraden"


def meeting_files(workspace) -> list[Path]:
    """Return every meeting file under sammantraden/, sorted by name (editors' lock files skipped)."""
    folder = workspace.root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.startswith("."))


def is_meeting_file(workspace, path: Path) -> bool:
    """Return True when ``path`` is a meeting file (it lies in sammantraden/)."""
    return Path(path).resolve().parent == (workspace.root / FOLDER).resolve()


def meeting_name(path: Path) -> str:
    """Return a meeting's name: its file name without .yaml (its folder under build/sammantraden/)."""
    return path.name[:-5] if path.name.endswith(".yaml") else path.stem


def numbered(punkt) -> bool:
    """Return True when an agenda point gets a § (every item but val av justerare and one marked onumrerad),
    whether ``punkt`` is the file's data or the validated item."""
    if isinstance(punkt, str):
        return punkt not in SPECIAL_PUNKTER
    onumrerad = punkt.get("onumrerad") if isinstance(punkt, dict) else getattr(punkt, "onumrerad", False)
    return onumrerad is not True


@dataclass(frozen=True)
class Outline:
    """What numbering needs of a meeting file, read without validating it."""

    path: Path
    organ: str
    datum: dt.date
    items: int  # how many points carry a §
    pin: int | None  # forsta_paragraf
    pin_line: int | None


def outline(path: Path, display: str) -> Outline | None:
    """Return the outline of a meeting file; None when its organ, date or points cannot be read."""
    try:
        source = path.read_bytes()
    except OSError:
        return None
    return _outline(path, display, source)


# Numbering one meeting reads every meeting of the year: the same content is parsed once per process.
@lru_cache(maxsize=512)
def _outline(path: Path, display: str, source: bytes) -> Outline | None:
    try:
        loaded = parse_yaml(decode_yaml(source, display), display)
    except InvalidInput:
        return None
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("punkter"), list):
        return None
    try:
        datum = dt.date.fromisoformat(str(data.get("datum")))
    except ValueError:
        return None
    pin = data.get("forsta_paragraf")
    try:
        pin = int(pin) if pin is not None else None
    except ValueError:
        return None
    return Outline(path, str(data.get("organ")), datum, sum(1 for p in data["punkter"] if numbered(p)), pin,
                   loaded.line_of(("forsta_paragraf",)))


def first_paragraph(workspace, path: Path, organ: str, datum: dt.date) -> int:
    """Return the first § number of the meeting in ``path``; raise InvalidInput when it cannot be known.

    Every meeting of ``organ`` in the same calendar year counts, in order of date (then name).
    """
    display = workspace.display(path)
    same_year = []
    for other in meeting_files(workspace):
        if other.resolve() == path.resolve():
            continue
        found = outline(other, workspace.display(other))
        if found is None:
            raise InvalidInput([Problem(display, None, "", f"paragrafnumren kan inte bestämmas: "
                                        f"{workspace.display(other)} går inte att läsa",
                                        "rätta den filen först (numren räknas från årets tidigare sammanträden)")])
        if found.organ == organ and found.datum.year == datum.year:
            same_year.append(found)
    mine = outline(path, display)
    if mine is None:
        raise InvalidInput([Problem(display, None, "punkter", "punkterna kan inte räknas", "rätta filen")])
    same_year.append(mine)
    same_year.sort(key=lambda o: (o.datum, o.path.name))
    last = 0
    for meeting in same_year:
        start = meeting.pin if meeting.pin is not None else last + 1
        if start <= last:
            where = workspace.display(meeting.path)
            raise InvalidInput([Problem(display, meeting.pin_line if meeting is mine else None,
                                        "forsta_paragraf" if meeting is mine else "",
                                        f"§ {start} i {where} har redan använts (årets tidigare sammanträden går till § {last})",
                                        f"ta bort forsta_paragraf eller sätt den till minst {last + 1}")])
        if meeting is mine:
            return start
        last = start + meeting.items - 1
    raise AssertionError("the meeting itself is among those numbered")

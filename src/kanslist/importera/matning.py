"""Measure the importer over a folder of papers: words placed, header fields, kind, granska's verdict."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kanslist.importera.read_text import FURNITURE, read_text
from kanslist.importera.place import assemble
from kanslist.importera.run import importera_text
from kanslist.pipeline.load import parse_yaml

HEADER_FIELDS = ("rubrik", "datum", "dnr", "fran", "till", "handlaggare")
# A meeting draft's: the meeting's own, and the first §'s rubrik and dnr.
MEETING_FIELDS = ("organ", "datum", "tid", "plats", "ordforande", "sekreterare", "justerare", "rubrik", "dnr")
MEETING = "sammantrade"  # the kind a protocol's draft is counted as
_WORD = re.compile(r"[\wåäöÅÄÖéü]+")


_CAPTURE = re.compile(r"^(?:SOURCE|CAPTURE|NOTE):")


def strip_capture(text: str) -> str:
    """Return ``text`` without a collection's opening lines (``SOURCE:``, ``CAPTURE:``, ``NOTE:``): not the paper's."""
    lines = text.split("\n")
    n = 0
    while n < len(lines) and _CAPTURE.match(lines[n]):
        n += 1
    return "\n".join(lines[n:]) if n else text


def words(text: str) -> list[str]:
    """Return the words of ``text`` in lower case (digits and letters; punctuation is not a word)."""
    return [w.lower() for w in _WORD.findall(text)]


def _values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _values(v)]
    if isinstance(value, list):
        return [s for v in value for s in _values(v)]
    if isinstance(value, (str, int, dt.date)):
        return [str(value)]
    return []


@dataclass
class Matning:
    """What importing one paper gave."""

    namn: str
    kind: str
    body_words: int
    placed_words: int
    found: dict[str, Any]  # header field → value found (absent when not found)
    furniture_in_fields: list[str]  # field paths whose value holds page furniture or web chrome
    granska_ok: bool
    granska: list[str] = field(default_factory=list)  # problems other than fields marked SAKNAS
    right: dict[str, bool] = field(default_factory=dict)  # header field / "typ" → right, when the facit says

    @property
    def share(self) -> float:
        return self.placed_words / self.body_words if self.body_words else 1.0


def _furniture_fields(data: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _furniture_fields(value, path + ".")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out += _furniture_fields(item, f"{path}[{i}].")
                elif any(p.search(str(item)) for p in FURNITURE):
                    out.append(f"{path}[{i}]")
        elif any(p.search(str(value)) for p in FURNITURE):
            out.append(path)
    return out


def _same(field_name: str, found: Any, expected: Any) -> bool:
    if found is None:
        return False
    if field_name in ("ordforande", "sekreterare", "justerare"):
        names = [h["namn"] if isinstance(h, dict) else str(h) for h in (found if isinstance(found, list) else [found])]
        wanted = expected if isinstance(expected, list) else [expected]
        return [n.lower() for n in names] == [str(w).lower() for w in wanted]
    if field_name == "handlaggare":
        names = [h["namn"] if isinstance(h, dict) else str(h) for h in (found if isinstance(found, list) else [found])]
        wanted = expected if isinstance(expected, list) else [expected]
        return [n.lower() for n in names] == [str(w).lower() for w in wanted]
    norm = lambda v: re.sub(r"\s+", " ", str(v)).strip().lower().rstrip(".")  # noqa: E731
    return norm(found) == norm(expected)


def _saknas(draft_text: str) -> set[str]:
    """Return the fields the draft's top comment lists as missing (SAKNAS)."""
    found, inside = set(), False
    for line in draft_text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# Saknas"):
            inside = True
        elif inside and re.match(r"^#\s+- ([\w.\[\]]+):", line):
            found.add(re.match(r"^#\s+- ([\w.\[\]]+):", line).group(1))
        elif inside and not line.startswith("#     "):
            inside = False
    return found


def measure_paper(path: Path, workspace, facit: dict | None = None) -> Matning:
    """Import ``path`` and measure the draft (``facit``: the expected answers, if known)."""
    text = strip_capture(path.read_text(encoding="utf-8"))
    read = read_text(text)
    furniture = sum(len(words(line)) for line in read.furniture)
    body = Counter(words(text))
    for line in read.furniture:
        body.subtract(words(line))
    body = +body
    draft_text = importera_text(text, path.name, workspace)
    data = parse_yaml(draft_text, path.name).data
    placed_values = " ".join(_values({k: v for k, v in data.items() if k != "typ"}))
    placed = sum((Counter(words(placed_values)) & body).values())
    saknas = _saknas(draft_text)
    meeting = draft_text.startswith("# Utkast till sammanträdesfil")
    if meeting:
        from kanslist.importera.protokoll import _missing, review

        first = (data.get("punkter") or [{}])[0]
        found = {k: data[k] for k in MEETING_FIELDS if k in data}
        found.update({k: first[k] for k in ("rubrik", "dnr") if isinstance(first, dict) and k in first})
        # A meeting file is not checked by granska: the draft is loaded as sammantrade loads it.
        other = [p for p in review(draft_text, path.name) if not _missing(p, saknas)]
        fields = MEETING_FIELDS
    else:
        found = {k: data[k] for k in HEADER_FIELDS if k in data}
        from kanslist.api import check_text

        problems = [p for p in check_text(workspace, draft_text, path.name) if p.severity == "fel"]
        # The papers are other organisations': their own case number cannot follow the neutral
        # workspace's pattern, and granska saying so is right, not a fault of the import.
        other = [f"{p.field}: {p.message}" for p in problems
                 if not any((p.field or "") == k or (p.field or "").startswith(k + ".") for k in saknas)
                 and not (p.field == "dnr" and p.message.endswith("följer inte organisationens mönster för diarienummer"))]
        fields = HEADER_FIELDS
    result = Matning(namn=path.name, kind=MEETING if meeting else data.get("typ", ""), body_words=sum(body.values()),
                     placed_words=placed, found=found, furniture_in_fields=_furniture_fields(data), granska_ok=not other,
                     granska=other)
    del furniture
    if facit:
        if "typ" in facit:
            result.right["typ"] = result.kind == facit["typ"]
        for name in fields:
            if facit.get(name) is not None:
                value = found.get(name)
                enhet = workspace.organisation.enheter.get(value) if isinstance(value, str) else None
                # A body the workspace knows is written as its id: right when its name is the one expected
                result.right[name] = _same(name, value, facit[name]) or (
                    enhet is not None and _same(name, enhet.namn, facit[name]))
    return result


def neutral_workspace(folder: Path):
    """Return a workspace copied from the package's own empty one into ``folder``."""
    from kanslist.workspace import Workspace

    source = Path(__file__).resolve().parent.parent / "resources" / "arbetsyta"
    target = Path(folder) / "arbetsyta"
    shutil.copytree(source, target)
    return Workspace(target)


def measure_folder(folder: Path, facit: dict | None = None) -> list[Matning]:
    """Return the measurement of every .txt paper in ``folder`` (in name order)."""
    facit = facit or {}
    with tempfile.TemporaryDirectory() as tmp:
        workspace = neutral_workspace(Path(tmp))
        return [measure_paper(p, workspace, facit.get(p.name)) for p in sorted(Path(folder).glob("*.txt"))]


def load_facit(path: Path) -> dict:
    """Return the expected answers: file name → {typ, rubrik, datum, dnr, fran, till, handlaggare}."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


@dataclass
class Totals:
    papers: int
    share: float  # body words placed ÷ body words, over all papers
    kind_right: float | None
    header_right: float | None
    furniture_fields: int
    granska_ok: float


def totals(results: list[Matning]) -> Totals:
    """Return the totals of a measurement."""
    body = sum(r.body_words for r in results)
    placed = sum(r.placed_words for r in results)
    kinds = [r.right["typ"] for r in results if "typ" in r.right]
    headers = [v for r in results for k, v in r.right.items() if k != "typ"]
    return Totals(papers=len(results), share=placed / body if body else 1.0,
                  kind_right=sum(kinds) / len(kinds) if kinds else None,
                  header_right=sum(headers) / len(headers) if headers else None,
                  furniture_fields=sum(len(r.furniture_in_fields) for r in results),
                  granska_ok=sum(r.granska_ok for r in results) / len(results) if results else 1.0)


def meeting_results(results: list[Matning]) -> list[Matning]:
    """Return the results whose draft is a meeting file (a protocol or an extract)."""
    return [r for r in results if r.kind == MEETING]


def report(results: list[Matning]) -> list[str]:
    """Return the lines of the measurement's table and totals, in Swedish."""
    lines = [f"{'papper':44} {'typ':16} {'ord i fält':>10}  {'huvudfält':24} granska"]
    for r in results:
        header = ",".join(k for k in (MEETING_FIELDS if r.kind == MEETING else HEADER_FIELDS) if k in r.found) or "-"
        wrong = [k for k, ok in r.right.items() if not ok]
        mark = f" (fel: {','.join(wrong)})" if wrong else ""
        lines.append(f"{r.namn[:44]:44} {r.kind:16} {r.share:>9.0%}  {header:24} "
                     f"{'ok' if r.granska_ok else 'FEL: ' + '; '.join(r.granska)[:120]}{mark}")
        if r.furniture_in_fields:
            lines.append(f"    sidmöblering i fält: {', '.join(r.furniture_in_fields)}")
    t = totals(results)
    lines.append("")
    lines.append(f"{t.papers} papper: {t.share:.1%} av brödtextens ord i fält; "
                 + (f"typ rätt {t.kind_right:.0%}; " if t.kind_right is not None else "")
                 + (f"huvudfält rätt {t.header_right:.0%}; " if t.header_right is not None else "")
                 + f"sidmöblering i {t.furniture_fields} fält; granska godkänner {t.granska_ok:.0%}")
    meetings = meeting_results(results)
    if meetings:
        m = totals(meetings)
        lines.append(f"varav {m.papers} sammanträdesfiler (protokoll, protokollsutdrag): {m.share:.1%} av brödtextens "
                     "ord i fält; " + (f"typ rätt {m.kind_right:.0%}; " if m.kind_right is not None else "")
                     + (f"huvudfält rätt {m.header_right:.0%}; " if m.header_right is not None else "")
                     + f"läses utan andra fel än SAKNAS {m.granska_ok:.0%}")
    return lines

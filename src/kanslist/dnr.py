"""Case numbers (diarienummer): one pattern formats new numbers and parses written ones.

A pattern is literal text with placeholders:

``{serie}``
    the register series as written (``KS``, ``Ks``, ``RV``): letters only.
``{ar}`` / ``{ar2}``
    the year, four digits / two digits. A two-digit year is read as 20yy, unless yy lies
    more than ten years ahead of the current year, then as 19yy (in 2026: ``36`` is 2036,
    ``37`` is 1937). Only one of the two may appear.
``{lopnr}`` / ``{lopnr:04d}``
    the running number in the series and year; the padding is a minimum width (1000 under
    ``:03d`` is written ``1000``).
``{klass}``
    a classification code (``912``, ``1.2.3``): letters and digits, dots inside.
``{handling}`` / ``{handling:03d}``
    the running number of a document within its case (``KS 2026/017-3``).

A part in square brackets is optional: it is written when every placeholder in it has a
value and left out otherwise, so ``{serie} {ar}/{lopnr:03d}[-{handling}]`` reads and
writes both ``KS 2026/017`` (the case) and ``KS 2026/017-3`` (its third document). Write
``{{ }} [[ ]]`` for literal braces and brackets.

The real formats and a pattern for each (see tests/test_dnr.py)::

    KS 2026/017          {serie} {ar}/{lopnr:03d}
    KS 2025/39           {serie} {ar}/{lopnr}
    KS-2014/742.912      {serie}-{ar}/{lopnr}[.{klass}]
    KS2020/0942-4        {serie}{ar}/{lopnr:04d}[-{handling}]
    SN 18/0098           {serie} {ar2}/{lopnr:04d}
    KS/2013:635          {serie}/{ar}:{lopnr}
    2014/KS 0012 001     {ar}/{serie} {lopnr:04d}[ {handling:03d}]   (001 is the document)
    RS/113/2022          {serie}/{lopnr}/{ar}
    Ks 182/2013          {serie} {lopnr}/{ar}
    109-7-2017           {lopnr}-{klass}-{ar}                        (7 is a classification)
    RV180949             {serie}{ar2}{lopnr:04d}

Parsing is lenient about zero padding only: ``KS 2025/39`` under ``{lopnr:03d}`` is the
same case as ``KS 2025/039``. Everything else must match the pattern as written.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace

__all__ = ["Dnr", "DnrPattern", "full_year"]

PLACEHOLDERS = ("serie", "ar", "ar2", "lopnr", "klass", "handling")
OPTIONAL_ALLOWED = ("klass", "handling")
PADDED = ("lopnr", "handling")

# What each placeholder matches. Named groups use the placeholder's name.
_LETTERS = r"[^\W\d_]+"
_KLASS = r"[^\W_](?:[^\W_.]|\.(?=[^\W_]))*"
_REGEX = {
    "serie": _LETTERS,
    "ar": r"\d{4}",
    "ar2": r"\d{2}",
    "lopnr": r"\d+",
    "klass": _KLASS,
    "handling": r"\d+",
}
# Character kinds a placeholder can produce; two variable-length placeholders side by
# side with a shared kind could be split in more than one way, so such a pattern is refused.
_KINDS = {
    "serie": {"letter"},
    "lopnr": {"digit"},
    "handling": {"digit"},
    "klass": {"letter", "digit"},
}

_HELP = "använd {serie}, {ar} eller {ar2}, {lopnr} (t.ex. {lopnr:03d}), och valfritt {klass} och {handling}"


@dataclass(frozen=True, order=True)
class Dnr:
    """A case number, or with ``handling`` the number of one document in the case."""

    serie: str | None
    ar: int
    lopnr: int
    klass: str | None = None
    handling: int | None = None

    def arende(self) -> "Dnr":
        """Return the number of the case itself (without a document number)."""
        return replace(self, handling=None) if self.handling is not None else self


def full_year(yy: int, today: _dt.date | None = None) -> int:
    """Return the four-digit year of two-digit ``yy``: 20yy, or 19yy when more than ten years ahead."""
    current = (today or _dt.date.today()).year
    century = current - current % 100
    year = century + yy
    if year > current + 10:
        year -= 100
    return year


@dataclass(frozen=True)
class _Part:
    kind: str  # "text" | "field"
    value: str  # the literal text, or the placeholder name
    width: int = 0  # minimum width of a padded number
    optional: int = -1  # index of the optional group it belongs to, -1 when required


class DnrPattern:
    """One organisation's (or one series') case-number pattern."""

    def __init__(self, pattern: str):
        if not isinstance(pattern, str) or not pattern.strip():
            raise ValueError(f"diarienummermönstret är tomt – {_HELP}, t.ex. \"{{serie}} {{ar}}/{{lopnr:03d}}\"")
        self.pattern = pattern
        self._parts = _tokenise(pattern)
        _check(pattern, self._parts)
        self.fields = frozenset(p.value for p in self._parts if p.kind == "field")
        self._regex = re.compile(_regex(self._parts))

    def __repr__(self) -> str:
        return f"DnrPattern({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DnrPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def has(self, name: str) -> bool:
        """Return True when the pattern writes ``name`` (``serie``, ``klass``, ``handling`` ...)."""
        if name == "ar":
            return "ar" in self.fields or "ar2" in self.fields
        return name in self.fields

    def requires(self, name: str) -> bool:
        """Return True when ``name`` appears outside any optional part."""
        return any(p.kind == "field" and p.value == name and p.optional < 0 for p in self._parts)

    def format(self, dnr: Dnr) -> str:
        """Return ``dnr`` written with this pattern.

        Fields the pattern does not write are left out (a pattern without ``{serie}`` writes
        no series); an optional part is left out when one of its fields is None. Raise
        ValueError when a required field is missing or a value cannot be written.
        """
        values = {
            "serie": dnr.serie,
            "ar": dnr.ar,
            "ar2": dnr.ar,
            "lopnr": dnr.lopnr,
            "klass": dnr.klass,
            "handling": dnr.handling,
        }
        skip = {p.optional for p in self._parts
                if p.kind == "field" and p.optional >= 0 and values[p.value] is None}
        out = []
        for part in self._parts:
            if part.optional in skip:
                continue
            if part.kind == "text":
                out.append(part.value)
                continue
            value = values[part.value]
            if value is None:
                raise ValueError(f"diarienumret saknar {part.value}, som mönstret \"{self.pattern}\" kräver")
            out.append(_write(part, value, self.pattern))
        return "".join(out)

    def parse(self, text: str) -> Dnr | None:
        """Return the number written in ``text`` (surrounding blanks ignored); None when it does not match."""
        if not isinstance(text, str):
            return None
        match = self._regex.fullmatch(text.strip())
        if match is None:
            return None
        return self._from_match(match)

    def search(self, text: str) -> list[tuple[Dnr, str]]:
        """Return every number found inside running text, with the text as written."""
        found = []
        for match in re.finditer(r"(?<![\w])(?:" + self._regex.pattern + r")(?![\w])", text):
            found.append((self._from_match(match), match.group(0)))
        return found

    def example(self, serie: str | None = None, ar: int | None = None) -> str:
        """Return an example number for hints in error messages, e.g. ``KS 2026/017``."""
        dnr = Dnr(serie=serie or "KS", ar=ar or _dt.date.today().year, lopnr=17,
                  klass="1.2" if self.requires("klass") else None,
                  handling=3 if self.requires("handling") else None)
        return self.format(dnr)

    def _from_match(self, match: re.Match) -> Dnr:
        groups = match.groupdict()
        if groups.get("ar") is not None:
            ar = int(groups["ar"])
        else:
            ar = full_year(int(groups["ar2"]))
        handling = groups.get("handling")
        return Dnr(serie=groups.get("serie"), ar=ar, lopnr=int(groups["lopnr"]),
                   klass=groups.get("klass"), handling=int(handling) if handling is not None else None)


def _write(part: _Part, value, pattern: str) -> str:
    name = part.value
    if name == "serie":
        text = str(value)
        if not re.fullmatch(_LETTERS, text):
            raise ValueError(f"serien '{text}' kan inte skrivas i ett diarienummer – bara bokstäver är tillåtna")
        return text
    if name == "klass":
        text = str(value)
        if not re.fullmatch(_KLASS, text):
            raise ValueError(f"klassificeringen '{text}' kan inte skrivas i ett diarienummer – "
                             "använd bokstäver och siffror, med punkt mellan delarna (t.ex. 1.2)")
        return text
    number = int(value)
    if name == "ar":
        if not 1000 <= number <= 9999:
            raise ValueError(f"årtalet {number} har inte fyra siffror")
        return str(number)
    if name == "ar2":
        return f"{number % 100:02d}"
    if number < 0:
        raise ValueError(f"{name} får inte vara negativt ({number})")
    return f"{number:0{part.width}d}" if part.width else str(number)


_TOKEN = re.compile(r"\{\{|\}\}|\[\[|\]\]|\{[^{}]*\}|\[|\]|\{|\}|[^{}\[\]]+")


def _tokenise(pattern: str) -> list[_Part]:
    parts: list[_Part] = []
    group = -1
    groups = 0
    for token in _TOKEN.findall(pattern):
        if token in ("{{", "}}", "[[", "]]"):
            parts.append(_Part("text", token[0], optional=group))
        elif token == "[":
            if group >= 0:
                raise ValueError(f"diarienummermönstret \"{pattern}\" har en valfri del inuti en annan – "
                                 "valfria delar ([...]) kan inte nästlas")
            group = groups
            groups += 1
        elif token == "]":
            if group < 0:
                raise ValueError(f"diarienummermönstret \"{pattern}\" har ett ']' utan '[' – skriv ]] för en hakparentes")
            group = -1
        elif token in ("{", "}"):
            raise ValueError(f"diarienummermönstret \"{pattern}\" har en ensam '{token}' – "
                             f"skriv {token}{token} för en klammerparentes, och {_HELP}")
        elif token.startswith("{"):
            parts.append(_field(token, pattern, group))
        else:
            parts.append(_Part("text", token, optional=group))
    if group >= 0:
        raise ValueError(f"diarienummermönstret \"{pattern}\" har ett '[' utan ']' – avsluta den valfria delen")
    # merge neighbouring literals of the same group so the regex and the checks see one piece
    merged: list[_Part] = []
    for part in parts:
        if merged and part.kind == "text" and merged[-1].kind == "text" and merged[-1].optional == part.optional:
            merged[-1] = _Part("text", merged[-1].value + part.value, optional=part.optional)
        else:
            merged.append(part)
    return merged


def _field(token: str, pattern: str, group: int) -> _Part:
    inner = token[1:-1]
    name, _, spec = inner.partition(":")
    if name not in PLACEHOLDERS:
        raise ValueError(f"diarienummermönstret \"{pattern}\" har en okänd del {token} – {_HELP}")
    width = 0
    if spec:
        m = re.fullmatch(r"0(\d)d", spec)
        if name not in PADDED or m is None:
            if name in PADDED:
                raise ValueError(f"diarienummermönstret \"{pattern}\": {token} – ange nollutfyllnad som {{{name}:03d}}")
            raise ValueError(f"diarienummermönstret \"{pattern}\": {token} kan inte ha format – "
                             "bara {lopnr} och {handling} kan nollutfyllas, t.ex. {lopnr:04d}")
        width = int(m.group(1))
    return _Part("field", name, width, group)


def _check(pattern: str, parts: list[_Part]) -> None:
    names = [p.value for p in parts if p.kind == "field"]
    for name in set(names):
        if names.count(name) > 1:
            raise ValueError(f"diarienummermönstret \"{pattern}\" har {{{name}}} mer än en gång")
    if "lopnr" not in names:
        raise ValueError(f"diarienummermönstret \"{pattern}\" saknar {{lopnr}} – löpnumret måste ingå")
    if "ar" in names and "ar2" in names:
        raise ValueError(f"diarienummermönstret \"{pattern}\" har både {{ar}} och {{ar2}} – välj ett av dem")
    if "ar" not in names and "ar2" not in names:
        raise ValueError(f"diarienummermönstret \"{pattern}\" saknar året – lägg till {{ar}} eller {{ar2}}")
    for part in parts:
        if part.kind == "field" and part.optional >= 0 and part.value not in OPTIONAL_ALLOWED:
            raise ValueError(f"diarienummermönstret \"{pattern}\": {{{part.value}}} kan inte vara valfri – "
                             "bara {klass} och {handling} får stå inom [ ]")
    groups = {p.optional for p in parts if p.optional >= 0}
    for g in groups:
        if not any(p.kind == "field" and p.optional == g for p in parts):
            raise ValueError(f"diarienummermönstret \"{pattern}\" har en valfri del utan {{klass}} eller {{handling}}")
    # Two variable-length fields with no text between them (even across an optional
    # part's edge) could be split in more than one way when reading.
    for a, b in zip(parts, parts[1:]):
        if a.kind == b.kind == "field" and (_KINDS.get(a.value, set()) & _KINDS.get(b.value, set())):
            raise ValueError(f"diarienummermönstret \"{pattern}\" är tvetydigt: {{{a.value}}} och {{{b.value}}} "
                             "står direkt efter varandra – sätt ett tecken emellan, t.ex. '-' eller ' '")
    # An optional part must start with text, or its field could swallow a neighbour's characters.
    for i, part in enumerate(parts):
        if part.kind == "field" and part.optional >= 0:
            first = next(p for p in parts if p.optional == part.optional)
            if first.kind != "text":
                raise ValueError(f"diarienummermönstret \"{pattern}\": den valfria delen måste börja med ett "
                                 "skiljetecken, t.ex. [-{handling}]")


def _regex(parts: list[_Part]) -> str:
    out = []
    current = -1
    for part in parts:
        if part.optional != current:
            if current >= 0:
                out.append(")?")
            if part.optional >= 0:
                out.append("(?:")
            current = part.optional
        if part.kind == "text":
            out.append(re.escape(part.value))
        else:
            out.append(f"(?P<{part.value}>{_REGEX[part.value]})")
    if current >= 0:
        out.append(")?")
    return "".join(out)

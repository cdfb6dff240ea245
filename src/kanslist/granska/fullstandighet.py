"""Completeness: every recommendation answered with a stance, reasons where the body disagrees,
the deadline of the auditors kept, and the sections each kind of paper needs."""

from __future__ import annotations

import re
from typing import Iterator

from kanslist.errors import Problem
from kanslist.svenska import STANCES
from kanslist.kinds import kind_of
from kanslist.granska.regel import VARNING, Granskning, words


# A reasoning shorter than this is no reasoning: "Vi instämmer inte." says nothing of why.
MIN_MOTIVERING_ORD = 8

# What each kind of paper must say; a tuple means "one of these". A kind module may
# declare its own KRAVDA_AVSNITT; these are the defaults.
KRAVDA_AVSNITT: dict[str, list[tuple[str, ...]]] = {
    "tjansteskrivelse": [("forslag_till_beslut",), ("sammanfattning", "arendet")],
    "revisionssvar": [("forslag_till_beslut",), ("sammanfattning", "arendet")],
    "motionssvar": [("forslag_till_beslut",), ("sammanfattning", "arendet")],
    "aterrapport": [("forslag_till_beslut",), ("arendet",)],
    "styrdokument": [("forslag_till_beslut",), ("arendet",)],
}

AVSNITT_NAMN = {
    "forslag_till_beslut": "Förslag till beslut",
    "sammanfattning": "Sammanfattning",
    "arendet": "Ärendet",
}

AVSNITT_HINT = {
    "forslag_till_beslut": "lägg till forslag_till_beslut med minst en att-sats under att:",
    "sammanfattning": "skriv en sammanfattning under sammanfattning: |",
    "arendet": "beskriv ärendet under arendet: |",
}

# Words that show the answer itself says it comes late (then no warning is needed).
_SAGER_SENT = re.compile(r"försen|efter (utsatt|angiven|begärd) (tid|svarstid|dag)|anstånd|lämnas sent|sent svar")


def rekommendationer(g: Granskning) -> Iterator[Problem]:
    """Every recommendation has a stance (warning, as in seed 003) and an answer with reasons."""
    for i, rec in enumerate(getattr(g.arende, "rekommendationer", [])):
        loc = ("rekommendationer", i)
        if rec.stallningstagande is None:
            yield g.problem(loc + ("stallningstagande",),
                            f"rekommendation {rec.nr} saknar ställningstagande",
                            "ange instammer, instammer_delvis eller instammer_inte – utan det skrivs ingen "
                            "mening om ställningstagandet", VARNING)
        svar = (rec.svar or "").strip()
        if not svar:
            yield g.problem(loc + ("svar",), f"rekommendation {rec.nr} saknar svar",
                            "skriv förvaltningens svar under svar: |")
            continue
        if rec.stallningstagande in ("instammer_delvis", "instammer_inte") and len(words(svar)) < MIN_MOTIVERING_ORD:
            yield g.problem(loc + ("svar",),
                            f"rekommendation {rec.nr} ({STANCES[rec.stallningstagande].words}) saknar motivering",
                            "förklara i svaret varför förvaltningen inte instämmer fullt ut, "
                            f"med minst {MIN_MOTIVERING_ORD} ord")


def svarstid(g: Granskning) -> Iterator[Problem]:
    """A response to the auditors has a deadline; past it the answer is late, unless it says so."""
    granskning = getattr(g.arende, "granskning", None)
    if granskning is None:
        return
    if granskning.svar_senast is None:
        yield g.problem(("granskning", "svar_senast"), "saknas",
                        "ange när revisorerna vill ha svar, t.ex. svar_senast: 2025-06-30", VARNING)
        return
    senast = granskning.svar_senast
    dag = max(g.idag, g.arende.datum)
    if senast >= dag:
        return
    texts = [g.arende.sammanfattning or "", g.arende.arendet or ""]
    texts += [r.svar or "" for r in g.arende.rekommendationer]
    if any(_SAGER_SENT.search(t.lower()) for t in texts):
        return
    yield g.problem(("granskning", "svar_senast"),
                    f"svarstiden gick ut {senast.isoformat()} och svaret säger inte att det är försenat",
                    "skriv i sammanfattningen att svaret lämnas efter svarstiden, eller rätta datumet "
                    "om revisorerna gett anstånd", VARNING)


def avsnitt(g: Granskning) -> Iterator[Problem]:
    """The sections each kind of paper needs are present and not empty."""
    kind = kind_of(g.arende)
    required = getattr(kind, "KRAVDA_AVSNITT", None) or KRAVDA_AVSNITT.get(kind.TYP, [])
    for alternatives in required:
        if any(_present(getattr(g.arende, name, None)) for name in alternatives):
            continue
        names = [AVSNITT_NAMN.get(n, n) for n in alternatives]
        if len(names) == 1:
            message = f"avsnittet {names[0]} saknas"
        else:
            message = "avsnitten " + ", ".join(names[:-1]) + " och " + names[-1] + " saknas alla"
            if len(names) == 2:
                message = f"avsnitten {names[0]} och {names[1]} saknas båda"
        hint = " eller ".join(AVSNITT_HINT.get(n, f"lägg till {n}") for n in alternatives)
        yield g.problem_at(None, (alternatives[0],), message, hint)


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


RULES = [rekommendationer, svarstid, avsnitt]

"""Completeness: the sections each kind of paper needs (the kind declares which)."""

from __future__ import annotations

from typing import Iterator

from kanslist.errors import Problem
from kanslist.granska.regel import VARNING, Granskning
from kanslist.model import text_values
from kanslist.organisation import AVSNITT
from kanslist.skeleton import placeholder_texts


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


def avsnitt(g: Granskning) -> Iterator[Problem]:
    """The sections each kind of paper needs, of those the house style prints (stil.ordning), are present."""
    for alternatives in g.kind.required_sections_for(g.arende, g.workspace.organisation.stil.ordning):
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


# The case fields that stil.ordning places: its sections less the two it writes from elsewhere
# (the handläggare from personer.yaml, the signatures from stil.underskrifter).
ORDNADE_FALT = tuple(name for name in AVSNITT if name not in ("handlaggare", "underskrifter"))


def utelamnat(g: Granskning) -> Iterator[Problem]:
    """Text the house style's order (stil.ordning) leaves out of the tjänsteskrivelse is said, never lost in silence."""
    if not any(d.name == "tjansteskrivelse" for d in g.kind.documents_for(g.arende)):
        return  # a rutin decided by an official has no tjänsteskrivelse
    stil = g.workspace.organisation.stil
    # A field the header shows (stil.sidhuvud: skickas_till as Expediering) is printed too.
    order = [*stil.ordning, *(name for row in stil.header_rows() for name in row)]
    for name in ORDNADE_FALT:
        if name in order or name in g.kind.own_sections or not _present(getattr(g.arende, name, None)):
            continue
        yield g.problem((name,), f"texten skrivs inte ut: organisationens stil.ordning har inte med {name}",
                        f"lägg till {name} i stil.ordning i data/organisation.yaml, eller ta bort texten här", VARNING)


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return bool(value)
    return True


def exempeltext(g: Granskning) -> Iterator[Problem]:
    """Text left from the skeleton of `kanslist ny` ("Skriv en kort sammanfattning här.") is no content."""
    placeholders = sorted(placeholder_texts(g.kind.typ))
    for loc, text, _ in text_values(g.arende):
        for placeholder in placeholders:
            if placeholder in text:
                yield g.problem_at(g.line_of_text(loc, placeholder.split()[0]), loc,
                                   f"exempeltexten '{placeholder}' från kanslist ny står kvar",
                                   "ersätt den med ärendets egen text")
                break


RULES = [avsnitt, utelamnat, exempeltext]

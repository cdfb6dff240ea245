"""Skeletons of new case files (`kanslist ny TYP`), in the contract's shape with Swedish comments."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from functools import lru_cache

import yaml

from kanslist.kinds import KINDS

COMMON = """\
typ: {typ}
rubrik: {rubrik}
{dnr_line}
datum: {datum}
fran: {fran}              # skrivande förvaltning: id i data/organisation.yaml eller namn
till: {till}              # beslutande organ
handlaggare: [{handlaggare}]   # id i data/personer.yaml, eller {{namn: ..., titel: ...}}
forslag_till_beslut:
  att:
    - anta förvaltningens förslag   # en att-sats per beslutspunkt
sammanfattning: |             # Markdown
  Skriv en kort sammanfattning här.
arendet: |                    # Markdown: stycken, listor, **fet**, *kursiv*, tabeller
  Beskriv ärendet här.
beslutsunderlag:
  - Tjänsteskrivelse {datum}
skickas_till: []
"""

def slug(text: str) -> str:
    """Return a file name for a case title: "Svar på motion" → "svar-pa-motion"."""
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "arende"


def skeleton(typ: str, rubrik: str, datum: dt.date, fran: str, till: str, handlaggare: str, dnr: str | None) -> str:
    """Return the YAML text of a new case of kind ``typ``."""
    # JSON strings are YAML double-quoted scalars: "Svar: #2" stays one title.
    values = dict(typ=typ, rubrik=json.dumps(rubrik, ensure_ascii=False), datum=datum.isoformat(), fran=fran, till=till, handlaggare=handlaggare,
                  dnr_line=f"dnr: {dnr}" if dnr else "# dnr: tilldelas av registrator (kanslist ny --registrera)")
    return (COMMON + KINDS[typ].skeleton).format(**values)


# What a user types in (title, date, ids) is not the skeleton's own text.
_MARK = "\u2063"


@lru_cache(maxsize=None)
def placeholder_texts(typ: str) -> frozenset[str]:
    """Return the skeleton's own example texts of kind ``typ`` ("Skriv en kort sammanfattning här.").

    Left in a case file they are no content (granska says so). The proposed decision of the
    skeleton is a real default decision, so it does not count.
    """
    text = skeleton(typ, _MARK, dt.date(2000, 1, 1), _MARK, _MARK, _MARK, None)
    found: set[str] = set()

    def walk(value, loc: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, loc + (key,))
        elif isinstance(value, list):
            for item in value:
                walk(item, loc)
        elif isinstance(value, str) and _MARK not in value and loc[:1] != ("forslag_till_beslut",):
            if len(value.split()) >= 2 and not value.startswith("Tjänsteskrivelse 2000"):
                found.add(value.strip())

    walk(yaml.safe_load(text), ())
    return frozenset(found)

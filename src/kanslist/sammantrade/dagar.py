"""The time rules of a meeting: when the anslag goes up and comes down, the last day to appeal.

- KL 8 kap. 12 §: the justering is announced on the anslagstavla no later than the second
  day after the justering, and stays there at least until the time to appeal has run out.
- KL 13 kap. 5 §: a laglighetsprövning must reach the court within three weeks of the day
  the anslag went up.
- Lagen (1930:173) om beräkning av lagstadgad tid: a time limit whose last day is a
  Saturday, Sunday or public holiday runs to the next working day.

Public holidays come from the ``holidays`` library, never from a hand-kept list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

ANSLAG_SENAST_DAGAR = 2  # KL 8 kap. 12 §: "senast andra dagen efter justeringen"
OVERKLAGANDE_VECKOR = 3  # KL 13 kap. 5 §: "inom tre veckor från den dag då det tillkännagavs"


def _midsommarafton(year: int) -> dt.date:
    """Return the Friday between 19 and 25 June (the eve of Midsommardagen, the Saturday 20–26 June)."""
    day = dt.date(year, 6, 19)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


@lru_cache(maxsize=64)
def helgdagar(year: int) -> frozenset[dt.date]:
    """Return the days of ``year`` that count as public holidays for a time limit.

    The library's public holidays, plus the three days that lagen (1930:173) 2 § puts on a
    par with them: midsommarafton, julafton and nyårsafton (the library lists these only as
    de-facto holidays, so they are added here as the law names them).
    """
    days = set(holidays.country_holidays("SE", years=year, categories=("public",)))
    days |= {_midsommarafton(year), dt.date(year, 12, 24), dt.date(year, 12, 31)}
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    """Return True unless ``day`` is a Saturday, Sunday or a holiday of lagen (1930:173)."""
    return day.weekday() < 5 and day not in helgdagar(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """Return the first working day after ``day``."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def last_day(day: dt.date) -> dt.date:
    """Return ``day`` as the last day of a time limit: moved to the next working day when it is none (1930:173 1 §)."""
    return day if is_working_day(day) else next_working_day(day)


@dataclass(frozen=True)
class Anslagsdagar:
    """The dates of one protocol's anslag."""

    justering: dt.date
    anslag: dt.date  # the day the justering is announced on the anslagstavla
    anslag_senast: dt.date  # the last day the law allows for that (KL 8 kap. 12 §)
    sista_overklagandedag: dt.date  # KL 13 kap. 5 §, moved per lagen (1930:173)
    nedtagning: dt.date  # the anslag is taken down no earlier than the day after the last day to appeal


def anslag_senast(justering: dt.date) -> dt.date:
    """Return the last day the justering may be announced: the second day after it, or the next working day."""
    return last_day(justering + dt.timedelta(days=ANSLAG_SENAST_DAGAR))


def default_anslag(justering: dt.date) -> dt.date:
    """Return the day of anslag when the meeting file names none: the first working day after justering."""
    return next_working_day(justering)


def sista_overklagandedag(anslag: dt.date) -> dt.date:
    """Return the last day to appeal: three weeks after the day of anslag, moved past non-working days."""
    return last_day(anslag + dt.timedelta(weeks=OVERKLAGANDE_VECKOR))


def anslagsdagar(justering: dt.date, anslag: dt.date | None = None) -> Anslagsdagar:
    """Return every date of the anslag of a protocol justerat on ``justering``."""
    uppsatt = anslag or default_anslag(justering)
    sista = sista_overklagandedag(uppsatt)
    return Anslagsdagar(justering, uppsatt, anslag_senast(justering), sista, sista + dt.timedelta(days=1))

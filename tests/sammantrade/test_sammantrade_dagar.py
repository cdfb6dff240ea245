"""The time rules of the anslag, table-wise against a 2026–2027 calendar checked by hand.

Easter 2026: skärtorsdag 2 April, långfredag 3, påskdagen 5, annandag påsk 6 April.
Midsommarafton Friday 19 June, midsommardagen Saturday 20 June. Julafton Thursday 24
December, juldagen Friday 25, annandag jul Saturday 26. Nyårsafton Thursday 31 December,
nyårsdagen Friday 1 January 2027; trettondedag jul Wednesday 6 January 2027.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from kanslist.sammantrade import dagar

D = dt.date.fromisoformat

# justering → (default anslag: first working day after; last day allowed by KL 8:12, moved per 1930:173)
ANSLAG = [
    ("2026-04-02", "2026-04-07", "2026-04-07"),  # skärtorsdag: långfredag, helg, annandag påsk in between
    ("2026-03-10", "2026-03-11", "2026-03-12"),  # a Tuesday: nothing moves
    ("2026-03-12", "2026-03-13", "2026-03-16"),  # a Thursday: second day is a Saturday → Monday
    ("2026-03-13", "2026-03-16", "2026-03-16"),  # a Friday
    ("2026-06-17", "2026-06-18", "2026-06-22"),  # second day is midsommarafton → Monday 22 June
    ("2026-06-18", "2026-06-22", "2026-06-22"),  # the day before midsommarafton
    ("2026-12-22", "2026-12-23", "2026-12-28"),  # second day is julafton → Monday 28 December
    ("2026-12-30", "2027-01-04", "2027-01-04"),  # nyårsafton, nyårsdagen and a weekend
    ("2027-01-05", "2027-01-07", "2027-01-07"),  # trettondedag jul on the Wednesday
]


@pytest.mark.parametrize("justering, anslag, senast", ANSLAG)
def it_puts_up_the_anslag_within_two_days_of_justering(justering, anslag, senast):
    assert dagar.default_anslag(D(justering)) == D(anslag)
    assert dagar.anslag_senast(D(justering)) == D(senast)


# day of anslag → last day to appeal (three weeks, KL 13:5), moved per lagen (1930:173)
OVERKLAGANDE = [
    ("2026-03-11", "2026-04-01"),  # plain three weeks: a Wednesday
    ("2026-03-13", "2026-04-07"),  # långfredag → Saturday, påskdagen, annandag påsk → Tuesday
    ("2026-03-14", "2026-04-07"),  # a Saturday three weeks on, then Easter
    ("2026-05-23", "2026-06-15"),  # a Saturday (pingstafton) three weeks on → Monday
    ("2026-05-29", "2026-06-22"),  # midsommarafton → midsommardagen → Sunday → Monday
    ("2026-12-03", "2026-12-28"),  # julafton → juldagen → annandag jul (Saturday) → Sunday → Monday
    ("2026-12-10", "2027-01-04"),  # nyårsafton → nyårsdagen → weekend → Monday
    ("2026-12-16", "2027-01-07"),  # 6 January 2027 is trettondedag jul → Thursday
    ("2026-12-18", "2027-01-08"),  # a Friday: nothing moves
]


@pytest.mark.parametrize("anslag, sista", OVERKLAGANDE)
def it_moves_the_last_day_to_appeal_past_weekends_and_holidays(anslag, sista):
    assert dagar.sista_overklagandedag(D(anslag)) == D(sista)


def it_takes_the_anslag_down_the_day_after_the_last_day_to_appeal():
    days = dagar.anslagsdagar(D("2026-04-02"))
    assert (days.anslag, days.sista_overklagandedag, days.nedtagning) == (D("2026-04-07"), D("2026-04-28"),
                                                                            D("2026-04-29"))


def it_accepts_a_justering_on_the_day_of_the_meeting():
    days = dagar.anslagsdagar(D("2026-06-02"))
    assert (days.anslag, days.anslag_senast, days.sista_overklagandedag) == (D("2026-06-03"), D("2026-06-04"),
                                                                               D("2026-06-24"))


def they_count_the_three_eves_as_holidays_as_the_law_says_and_the_library_agrees():
    for year in range(2020, 2031):
        eves = {d for d in holidays.country_holidays("SE", years=year, categories=("de_facto",))}
        ours = dagar.helgdagar(year) - set(holidays.country_holidays("SE", years=year, categories=("public",)))
        assert ours == eves, year
    assert not dagar.is_working_day(D("2026-06-19"))
    assert dagar.is_working_day(D("2026-06-18"))

"""Consistency: what a paper says agrees with itself – stances, decisions, dates, numbers."""

from __future__ import annotations

import re
from typing import Iterator

from kanslist.errors import Problem
from kanslist.granska.regel import VARNING, Granskning
from kanslist.svenska import GENERATED_STANCE, OUTCOMES, STANCES, normalised, stated

# 5 kap. 35 § kommunallagen: a motion should be decided within one year of being raised.
MOTION_ARSGRANS_DAGAR = 365


def stance_text(g: Granskning) -> Iterator[Problem]:
    """An answer whose words contradict its stance ("instämmer inte" in an ``instammer`` answer)."""
    for i, rec in enumerate(getattr(g.arende, "rekommendationer", [])):
        if not rec.stallningstagande or not rec.svar:
            continue
        loc = ("rekommendationer", i, "svar")
        if GENERATED_STANCE.search(normalised(rec.svar)):
            yield g.problem_at(g.line_of_text(loc, "instämmer"), loc,
                               "svaret upprepar meningen om ställningstagandet",
                               "ta bort meningen ur svaret – kanslist skriver den utifrån stallningstagande",
                               VARNING)
        for said in stated(rec.svar, STANCES):
            if said == rec.stallningstagande:
                continue
            phrase = STANCES[said].words
            yield g.problem_at(g.line_of_text(loc, phrase.split()[0]), loc,
                               f"svaret säger '{phrase}' men ställningstagandet är {rec.stallningstagande}",
                               "ändra stallningstagande eller texten – meningen om ställningstagandet "
                               "skrivs av kanslist och behöver inte stå i svaret")


def motion_decision(g: Granskning) -> Iterator[Problem]:
    """A motion's ``bedomning`` agrees with the decision points (bifall, but "avslå" in an att-sats)."""
    motion = getattr(g.arende, "motion", None)
    forslag = g.arende.forslag_till_beslut
    if motion is None or forslag is None:
        return
    for j, punkt in enumerate(forslag.att):
        said = stated(punkt, OUTCOMES)
        if not said or motion.bedomning in said:
            continue
        yield g.problem(("forslag_till_beslut", "att", j),
                        f"beslutspunkten säger {OUTCOMES[said[0]].words} men motionens bedömning är "
                        f"{motion.bedomning}",
                        "ändra motion.bedomning eller beslutspunkten så att de säger samma sak")


def dates(g: Granskning) -> Iterator[Problem]:
    """Dates in an impossible order: an answer before the report, a motion received after its answer."""
    a = g.arende
    granskning = getattr(a, "granskning", None)
    if granskning is not None and granskning.rapportdatum:
        if a.datum < granskning.rapportdatum:
            yield g.problem(("datum",), f"svaret är daterat {a.datum.isoformat()}, före revisionsrapporten "
                                        f"({granskning.rapportdatum.isoformat()})",
                            "kontrollera datum och granskning.rapportdatum")
        if granskning.svar_senast and granskning.svar_senast < granskning.rapportdatum:
            yield g.problem(("granskning", "svar_senast"),
                            f"svarstiden ({granskning.svar_senast.isoformat()}) går ut före rapportdatum "
                            f"({granskning.rapportdatum.isoformat()})", "kontrollera datumen i granskning")
    motion = getattr(a, "motion", None)
    if motion is not None and motion.inkom and motion.inkom > a.datum:
        yield g.problem(("motion", "inkom"), f"motionen inkom {motion.inkom.isoformat()}, efter "
                                             f"tjänsteskrivelsens datum {a.datum.isoformat()}",
                        "kontrollera motion.inkom och datum")
    uppdrag = getattr(a, "uppdrag", None)
    if uppdrag is not None:
        if uppdrag.beslutat > a.datum:
            yield g.problem(("uppdrag", "beslutat"), f"uppdraget beslutades {uppdrag.beslutat.isoformat()}, "
                                                     f"efter återrapportens datum {a.datum.isoformat()}",
                            "kontrollera uppdrag.beslutat och datum")
        if uppdrag.aterrapport_senast and uppdrag.aterrapport_senast < uppdrag.beslutat:
            yield g.problem(("uppdrag", "aterrapport_senast"),
                            f"återrapporten skulle lämnas {uppdrag.aterrapport_senast.isoformat()}, före "
                            f"beslutet om uppdraget ({uppdrag.beslutat.isoformat()})",
                            "kontrollera datumen i uppdrag")
    beslutsdatum, giltig_till = getattr(a, "beslutsdatum", None), getattr(a, "giltig_till", None)
    if beslutsdatum and giltig_till and giltig_till < beslutsdatum:
        yield g.problem(("giltig_till",), f"dokumentet gäller till {giltig_till.isoformat()}, före "
                                          f"beslutsdatum {beslutsdatum.isoformat()}",
                        "kontrollera giltig_till och beslutsdatum")


def duplicate_numbers(g: Granskning) -> Iterator[Problem]:
    """The same recommendation number twice."""
    seen: dict[int, int] = {}
    for i, rec in enumerate(getattr(g.arende, "rekommendationer", [])):
        if rec.nr in seen:
            first = g.loaded.line_of(("rekommendationer", seen[rec.nr], "nr"))
            yield g.problem(("rekommendationer", i, "nr"),
                            f"rekommendation nr {rec.nr} förekommer två gånger (första gången på rad {first})",
                            "numrera rekommendationerna som i revisionsrapporten")
        else:
            seen[rec.nr] = i


def motion_age(g: Granskning) -> Iterator[Problem]:
    """A motion older than a year when the answer is written (5 kap. 35 § kommunallagen)."""
    motion = getattr(g.arende, "motion", None)
    if motion is None or motion.inkom is None:
        return
    if (g.arende.datum - motion.inkom).days <= MOTION_ARSGRANS_DAGAR:
        return
    yield g.problem(("motion", "inkom"),
                    f"motionen inkom {motion.inkom.isoformat()}, mer än ett år före {g.arende.datum.isoformat()}",
                    "enligt 5 kap. 35 § kommunallagen bör fullmäktige besluta inom ett år; anmäl annars till "
                    "fullmäktige varför beredningen inte är klar", VARNING)


RULES = [stance_text, motion_decision, dates, duplicate_numbers, motion_age]

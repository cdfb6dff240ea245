"""importera: a response to the auditors whose recommendations are a bulleted or numbered list under a heading."""

from __future__ import annotations

import pytest
import yaml

from kanslist.importera.matning import strip_capture
from kanslist.importera.run import importera_text

from support import REPO

REAL = REPO / "tests" / "fixtures" / "real"


def test_paper_07_gives_kungsbackas_four_bulleted_recommendations():
    (path,) = REAL.glob("07_*.txt")
    text = importera_text(strip_capture(path.read_text(encoding="utf-8")), "07.txt")
    data = yaml.safe_load(text)
    assert data["typ"] == "revisionssvar"
    assert data["rekommendationer"] == [
        {"nr": 1, "rubrik": "Utveckla ett strukturerat och regelbundet arbete med informationssäkerhetsutbildningar "
                            "för samtliga medarbetare inom Kungsbacka kommun."},
        {"nr": 2, "rubrik": "Genomföra både teoretiska samt praktiska övningar inom phishing."},
        {"nr": 3, "rubrik": "Vidareutveckla befintliga rapporteringsvägar och kommunicera vikten av att rapportera "
                            "säkerhetsincidenter till samtliga medarbetare."},
        {"nr": 4, "rubrik": "Färdigställa kontinuitetsplaner för samtliga förvaltningar och säkerställa att dessa "
                            "kommuniceras till verksamheten."}]
    assert "rekommendationer: inga rekommendationer hittades" not in text


PAPER = """\
Svar på revisorernas granskning av bygglovsprocessen

Sammanfattning

Revisorerna har granskat bygglovsprocessen och lämnar tre rekommendationer till byggnadsnämnden.

Revisorernas rekommendationer

Revisorerna rekommenderar nämnden att:

{a} Ta fram en rutin för handläggningstider.
{b} Följa upp delegeringsbesluten varje kvartal.
{c} Se över taxan för bygglov.

Nämndens svar

Nämnden instämmer i rekommendationerna och tar fram en åtgärdsplan.
"""


@pytest.mark.parametrize("marks", [("•", "•", "•"), ("-", "-", "-"), ("–", "–", "–"), ("o", "o", "o"),
                                   ("1.", "2.", "3."), ("1)", "2)", "3)")])
def test_a_made_up_paper_gives_its_listed_recommendations_whatever_the_bullet(marks):
    a, b, c = marks
    data = yaml.safe_load(importera_text(PAPER.format(a=a, b=b, c=c), "svar.txt"))
    assert data["typ"] == "revisionssvar"
    assert data["rekommendationer"] == [{"nr": 1, "rubrik": "Ta fram en rutin för handläggningstider."},
                                        {"nr": 2, "rubrik": "Följa upp delegeringsbesluten varje kvartal."},
                                        {"nr": 3, "rubrik": "Se över taxan för bygglov."}]
    # the answer after the list stays the paper's body
    assert "Nämnden instämmer i rekommendationerna och tar fram en åtgärdsplan." in data["sammanfattning"]
    assert "Ta fram en rutin" not in data["sammanfattning"]

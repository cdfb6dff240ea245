"""importera: the organisation's own headings (stil.rubriker) name their sections before the built-in variants."""

from __future__ import annotations

from kanslist.importera.run import importera_text
from kanslist.pipeline.load import parse_yaml
from kanslist.workspace import Workspace

from support import REPO, copy_workspace

ARBETSYTA = REPO / "src" / "kanslist" / "resources" / "arbetsyta"

PAPER = """Kommunledningskontoret

Till Kommunstyrelsen

Ny taxa för bygglov

Förslag till beslut

Kommunstyrelsen föreslås besluta att anta den nya taxan.

Kort om ärendet

Taxan för bygglov ses över vart fjärde år och är nu omarbetad.

Ärendebeskrivning

Förvaltningen har jämfört taxan med grannkommunernas och föreslår en höjning.
"""


def workspace(tmp_path, rubriker: str) -> Workspace:
    root = copy_workspace(ARBETSYTA, tmp_path / "arbetsyta")
    organisation = root / "data" / "organisation.yaml"
    organisation.write_text(organisation.read_text(encoding="utf-8") + "stil:\n  rubriker:\n" + rubriker,
                            encoding="utf-8")
    return Workspace(root)


def test_the_organisations_own_headings_are_read_as_the_sections_they_name(tmp_path):
    ws = workspace(tmp_path, "    arendet: Ärendebeskrivning\n    sammanfattning: Kort om ärendet\n")
    data = parse_yaml(importera_text(PAPER, "taxa.txt", ws), "taxa.yaml").data
    assert data["sammanfattning"].strip() == "Taxan för bygglov ses över vart fjärde år och är nu omarbetad."
    assert data["arendet"].strip() == "Förvaltningen har jämfört taxan med grannkommunernas och föreslår en höjning."
    assert data["rubrik"] == "Ny taxa för bygglov"


def test_without_them_an_unknown_heading_stays_part_of_the_body(tmp_path):
    root = copy_workspace(ARBETSYTA, tmp_path / "arbetsyta")
    data = parse_yaml(importera_text(PAPER, "taxa.txt", Workspace(root)), "taxa.yaml").data
    assert "sammanfattning" not in data
    assert "Kort om ärendet" in data["arendet"]


def test_an_own_heading_wins_over_the_built_in_name_and_may_hold_a_part(tmp_path):
    # This organisation heads its summary "Ärendet" and its proposal with the deciding body's name.
    ws = workspace(tmp_path, "    sammanfattning: Ärendet\n    forslag_till_beslut: Förslag till {beslutsinstans}\n")
    paper = ("Ny taxa för bygglov\n\nFörslag till kommunstyrelsen\n\nKommunstyrelsen föreslås besluta att anta den "
             "nya taxan.\n\nÄrendet\n\nTaxan för bygglov ses över vart fjärde år och är nu omarbetad.\n")
    data = parse_yaml(importera_text(paper, "taxa.txt", ws), "taxa.yaml").data
    assert data["sammanfattning"].strip() == "Taxan för bygglov ses över vart fjärde år och är nu omarbetad."
    assert data["forslag_till_beslut"]["att"] == ["anta den nya taxan"]

"""importera: a decision's points go to att (att-satser) or beslut (whole sentences), as the paper writes them."""

from __future__ import annotations

from kanslist.importera.place import assemble
from kanslist.importera.read_text import read_text


def forslag(section: str) -> dict:
    text = ("Ny taxa för bygglov\n\nFörslag till beslut\n\n" + section
            + "\n\nSammanfattning\n\nTaxan för bygglov ses över vart fjärde år och är nu omarbetad.\n")
    return assemble(read_text(text)).data["forslag_till_beslut"]


def test_a_whole_sentence_goes_to_beslut_as_written():
    assert forslag("Kommunstyrelsen godkänner den nya taxan för bygglov.") == {
        "beslut": ["Kommunstyrelsen godkänner den nya taxan för bygglov."]}


def test_a_passive_sentence_goes_to_beslut():
    assert forslag("Motionen avslås.") == {"beslut": ["Motionen avslås."]}


def test_an_att_clause_goes_to_att():
    assert forslag("Kommunstyrelsen föreslås besluta att anta den nya taxan.") == {"att": ["anta den nya taxan"]}


def test_beslutar_att_names_the_decider_and_gives_the_att_clauses():
    assert forslag("Socialnämnden beslutar att anta taxan, att ge förvaltningen i uppdrag att följa upp den "
                   "samt att lägga rapporten till handlingarna.") == {
        "att": ["anta taxan", "ge förvaltningen i uppdrag att följa upp den", "lägga rapporten till handlingarna"]}


def test_numbered_points_keep_each_its_own_form():
    assert forslag("1. Anta den nya taxan.\n2. Motionen avslås.") == {
        "att": ["anta den nya taxan"], "beslut": ["Motionen avslås."]}


def test_a_chain_of_proposals_over_bullets_gives_the_body_passed_and_the_sentence():
    text = ("Svar på motion\n\nArbetsutskottets förslag\n\nKommunstyrelsens arbetsutskott föreslår kommunstyrelsen "
            "föreslå kommunfullmäktige besluta följande:\n\n• Motion om utvecklingsgrupp för förskolan avslås.\n")
    data = assemble(read_text(text)).data
    assert data["forslag_till_beslut"] == {"forslagsstallare": "Kommunstyrelsens arbetsutskott",
                                           "via": ["kommunstyrelsen"],
                                           "beslut": ["Motion om utvecklingsgrupp för förskolan avslås."]}
    assert data["till"] == "kommunfullmäktige"  # the body deciding, when the paper names no addressee


def test_reasoning_after_the_decision_sentence_is_body_text():
    text = ("Yttrande över kritiken\n\nKommunstyrelsens förslag\n\nKommunstyrelsen beslutar att avge nedanstående "
            "yttrande.\n\nRevisionen har inte haft någon kommunikation med kommunstyrelsen innan berättelsen "
            "lämnades och kritiken saknar därför aktualitet.\n")
    data = assemble(read_text(text)).data
    assert data["forslag_till_beslut"] == {"att": ["avge nedanstående yttrande"]}
    assert data["arendet"] == ("Revisionen har inte haft någon kommunikation med kommunstyrelsen innan berättelsen "
                               "lämnades och kritiken saknar därför aktualitet.")

"""The Swedish of kanslist, written once: dates both ways, names, lists, and the phrase tables."""

import datetime as dt

import pytest

from kanslist.svenska import (OUTCOMES, STANCES, STATUSES, format_date, genitive, join_and, lower_first, nominative,
                              parse_date, stance_sentence, stated)


@pytest.mark.parametrize("stil, text", [("lang", "9 mars 2023"), ("kort", "9 mar 2023"), ("iso", "2023-03-09")])
def it_writes_a_date_in_each_style_and_reads_it_back(stil, text):
    day = dt.date(2023, 3, 9)
    assert format_date(day, stil) == text
    if stil != "kort":
        assert parse_date(text) == day


def it_reads_no_date_from_what_is_none():
    assert parse_date("31 februari 2023") is None
    assert parse_date("nionde mars") is None
    assert format_date(None) == ""


@pytest.mark.parametrize("name, gen", [("Kommunledningskontoret", "Kommunledningskontorets"),
                                       ("Region Halland", "Region Hallands"),
                                       ("Kultur och fritid Borås", "Kultur och fritid Borås")])
def it_forms_the_genitive_and_back(name, gen):
    assert genitive(name) == gen
    if gen != name:
        assert nominative(gen) == name


def it_writes_a_body_mid_sentence_in_lower_case_only_when_it_is_one_word():
    assert lower_first("Kommunstyrelsen") == "kommunstyrelsen"
    assert lower_first("Region Halland") == "Region Halland"


@pytest.mark.parametrize("items, text", [([], ""), (["A"], "A"), (["A", "B"], "A och B"), (["A", "B", "C"], "A, B och C")])
def it_joins_a_list_without_a_serial_comma(items, text):
    assert join_and(items) == text


def it_reads_the_stance_a_text_states_strongest_first():
    assert stated("Förvaltningen instämmer inte i rekommendationen.", STANCES) == ["instammer_inte"]
    assert stated("Vi instämmer delvis i detta.", STANCES) == ["instammer_delvis"]
    assert stated("Nämnden instämmer i rekommendationen.", STANCES) == ["instammer"]
    assert stated("Motionen bifalls delvis.", OUTCOMES) == ["delvis_bifall"]
    assert stated("Åtgärden pågår.", STATUSES) == ["pagar"]


def it_writes_the_stance_sentence_from_the_same_table_it_reads():
    for value, phrase in STANCES.items():
        sentence = stance_sentence("Kommunledningskontoret", value)
        assert sentence == f"Kommunledningskontoret {phrase.clause}."
        assert stated(sentence, STANCES) == [value]
    assert stance_sentence("Kommunledningskontoret", None) is None

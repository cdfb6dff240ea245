"""The context: stance sentences, decision phrasing, ids resolved, Swedish dates and genitives."""

import datetime as dt

import pytest

from kanslist.pipeline.context import build_context, genitive, phrase_decision
from kanslist.kinds.revisionssvar import stance_sentence
from kanslist.model import ForslagTillBeslut
from kanslist.pipeline.validate import validate_case
from kanslist.pipeline.load import load_yaml


@pytest.mark.parametrize("stance, sentence", [
    ("instammer", "Kommunledningskontoret instämmer i rekommendationen."),
    ("instammer_delvis", "Kommunledningskontoret instämmer delvis i rekommendationen."),
    ("instammer_inte", "Kommunledningskontoret instämmer inte i rekommendationen."),
    (None, None),
])
def it_generates_the_stance_sentence_with_the_office_name(stance, sentence):
    assert stance_sentence("Kommunledningskontoret", stance) == sentence


def it_phrases_decisions_as_att_satser():
    forslag = ForslagTillBeslut(att=["anta förslaget", "överlämna det till revisorerna"])
    phrased = phrase_decision(forslag, "Kommunstyrelsen", "att")
    assert (phrased["intro"], phrased["punkter"]) == (
        "Kommunstyrelsen föreslås besluta", ["att anta förslaget,", "att överlämna det till revisorerna."])


def it_phrases_decisions_as_numbered_points():
    forslag = ForslagTillBeslut(att=["anta förslaget", "överlämna det till revisorerna"])
    assert phrase_decision(forslag, "Kommunstyrelsen", "numrerad")["punkter"] == [
        "1. Anta förslaget.", "2. Överlämna det till revisorerna."]


def it_phrases_decisions_as_one_sentence_with_the_proposer():
    forslag = ForslagTillBeslut(forslagsstallare="Personalutskottet", att=["anta förslaget", "överlämna det"])
    assert phrase_decision(forslag, "Kommunstyrelsen", "mening")["punkter"] == [
        "Personalutskottet föreslår kommunstyrelsen att anta förslaget och överlämna det."]


@pytest.mark.parametrize("name, expected", [("Kommunledningskontoret", "Kommunledningskontorets"),
                                            ("Socialförvaltningen", "Socialförvaltningens"),
                                            ("Regionens revisorer", "Regionens revisorers"),
                                            ("Hälsans hus", "Hälsans hus")])
def it_forms_the_swedish_genitive(name, expected):
    assert genitive(name) == expected


def it_resolves_ids_and_formats_dates(workspace):
    path = workspace.arenden_dir / "2025-064-revisionssvar-hemarbete.yaml"
    context = build_context(validate_case(load_yaml(path, "a.yaml"), workspace), workspace)
    assert context["fran"]["namn"] == "Kommunledningskontoret"
    assert context["handlaggare"][0] == {"namn": "Anna Yström", "titel": "HR-chef",
                                         "epost": "anna.ystrom@example.se", "telefon": "0370-678 000"}
    assert context["rekommendationer"][0]["atgarder"][0]["ansvarig"] == "HR-enheten"
    assert context["datum"] == "2025-05-12"


def it_writes_dates_in_words_when_the_organisation_asks(workspace):
    from kanslist.pipeline.context import Resolver

    resolver = Resolver(workspace)
    object.__setattr__(resolver, "organisation", workspace.organisation.model_copy(update={"datumformat": "lang"}))
    assert resolver.date(dt.date(2023, 3, 9)) == "9 mars 2023"


@pytest.mark.parametrize("stil, text", [("lang", "9 mars 2023"), ("kort", "9 mar 2023"), ("iso", "2023-03-09")])
def it_lets_a_template_choose_the_date_style(stil, text):
    from kanslist.pipeline.render import format_date

    assert format_date("2023-03-09", stil) == text
    assert format_date("", stil) == ""

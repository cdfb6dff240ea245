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


NAMES = {"ksau": "Kommunstyrelsens arbetsutskott", "kommunstyrelsen": "Kommunstyrelsen",
         "kommunfullmaktige": "Kommunfullmäktige"}


def phrased(beslutsform: str, fran: str | None = None, **forslag) -> tuple[str, list[str], str]:
    result = phrase_decision(ForslagTillBeslut(**forslag), "Kommunstyrelsen", beslutsform,
                             lambda v: NAMES.get(v, v), fran)
    return result["intro"], result["punkter"], result["text"]


TWO = ["anta förslaget", "överlämna det till revisorerna"]
CHAIN = {"forslagsstallare": "Arbetsutskottet", "via": ["kommunstyrelsen"], "beslutsinstans": "kommunfullmaktige"}


@pytest.mark.parametrize("beslutsform, fran, forslag, expected", [
    # att-clauses ------------------------------------------------------------------------
    ("att", None, {"att": TWO}, ("Kommunstyrelsen föreslås besluta",
                                 ["att anta förslaget,", "att överlämna det till revisorerna."], "")),
    ("att", "Kommunstyrelsen", {"att": TWO}, ("Kommunstyrelsen beslutar",
                                              ["att anta förslaget,", "att överlämna det till revisorerna."], "")),
    ("att", None, {"att": TWO, "forslagsstallare": "Personalutskottet"},
     ("Personalutskottet föreslår kommunstyrelsen", ["att anta förslaget,", "att överlämna det till revisorerna."], "")),
    ("att", None, {"att": ["anta riktlinjen"], **CHAIN},
     ("Arbetsutskottet föreslår kommunstyrelsen att föreslå kommunfullmäktige", ["att anta riktlinjen."], "")),
    ("att", None, {"att": ["anta riktlinjen"], "via": ["kommunstyrelsen"], "beslutsinstans": "kommunfullmaktige"},
     ("Kommunstyrelsen föreslås föreslå kommunfullmäktige", ["att anta riktlinjen."], "")),
    ("numrerad", None, {"att": TWO}, ("", ["1. Kommunstyrelsen antar förslaget.",
                                          "2. Kommunstyrelsen överlämnar det till revisorerna."], "")),
    ("numrerad", None, {"att": ["anta riktlinjen", "ge förvaltningen i uppdrag att följa upp den"], **CHAIN},
     ("Arbetsutskottet föreslår kommunstyrelsen att föreslå kommunfullmäktige att besluta följande:",
      ["1. Kommunfullmäktige antar riktlinjen.", "2. Kommunfullmäktige ger förvaltningen i uppdrag att följa upp den."],
      "")),
    ("numrerad", None, {"att": ["anta riktlinjen"], "beslutsinstans": "kommunfullmaktige"},
     ("", ["1. Kommunfullmäktige antar riktlinjen."], "")),
    ("mening", None, {"att": TWO}, ("", ["Kommunstyrelsen antar förslaget.",
                                        "Kommunstyrelsen överlämnar det till revisorerna."], "")),
    ("mening", None, {"att": TWO, "forslagsstallare": "Personalutskottet"},
     ("", ["Personalutskottet föreslår kommunstyrelsen att anta förslaget och överlämna det till revisorerna."], "")),
    ("mening", None, {"att": ["anta riktlinjen"], **CHAIN},
     ("", ["Arbetsutskottet föreslår kommunstyrelsen att föreslå kommunfullmäktige att anta riktlinjen."], "")),
    ("mening", None, {"att": ["lägga rapporten till handlingarna"]},
     ("", ["Kommunstyrelsen lägger rapporten till handlingarna."], "")),
    ("mening", None, {"att": ["med lämnad redovisning anse motionen besvarad"]},
     ("", ["Kommunstyrelsen beslutar att med lämnad redovisning anse motionen besvarad."], "")),
    # full sentences, printed as written -----------------------------------------------------
    ("att", None, {"beslut": ["Motionen avslås.", "Kommunstyrelsen får i uppdrag att ta fram en rutin."]},
     ("", ["Motionen avslås.", "Kommunstyrelsen får i uppdrag att ta fram en rutin."], "")),
    ("numrerad", None, {"beslut": ["Motionen avslås.", "Kommunstyrelsen får i uppdrag att ta fram en rutin."]},
     ("", ["1. Motionen avslås.", "2. Kommunstyrelsen får i uppdrag att ta fram en rutin."], "")),
    ("mening", None, {"beslut": ["Socialnämnden godkänner delårsbokslutet."]},
     ("", ["Socialnämnden godkänner delårsbokslutet."], "")),
    ("att", None, {"beslut": ["Motionen avslås."], "forslagsstallare": "ksau"},
     ("Kommunstyrelsens arbetsutskott föreslår kommunstyrelsen att besluta följande:", ["Motionen avslås."], "")),
    # free text, a decision by reference -----------------------------------------------------
    ("att", None, {"text": "Som svar på revisionsskrivelsen åberopas tjänsteutlåtandet."},
     ("", [], "Som svar på revisionsskrivelsen åberopas tjänsteutlåtandet.")),
    ("numrerad", None, {"text": "Som svar åberopas tjänsteutlåtandet.", **CHAIN},
     ("Arbetsutskottet föreslår kommunstyrelsen att föreslå kommunfullmäktige att besluta följande:", [],
      "Som svar åberopas tjänsteutlåtandet.")),
    ("mening", None, {"text": "Som svar åberopas tjänsteutlåtandet."},
     ("", [], "Som svar åberopas tjänsteutlåtandet.")),
])
def it_phrases_every_form_of_decision_word_for_word(beslutsform, fran, forslag, expected):
    assert phrased(beslutsform, fran, **forslag) == expected


@pytest.mark.parametrize("beslutsmening, forslag, expected", [
    ("{beslutsinstans} beslutar {punkter}.",
     {"att": ["godkänna delårsbokslut 2 med helårsprognos 2013", "översända densamma till kommunstyrelsen"],
      "beslutsinstans": "Socialnämnden"},
     ["Socialnämnden beslutar godkänna delårsbokslut 2 med helårsprognos 2013 och översända densamma till "
      "kommunstyrelsen."]),
    ("{beslutsinstans} beslutar att {punkter}", {"att": TWO},
     ["Kommunstyrelsen beslutar att anta förslaget och överlämna det till revisorerna."]),
    # Someone proposing keeps its own sentence: "Personalutskottet föreslår kommunstyrelsen att ...".
    ("{beslutsinstans} beslutar {punkter}.", {"att": TWO, "forslagsstallare": "Personalutskottet"},
     ["Personalutskottet föreslår kommunstyrelsen att anta förslaget och överlämna det till revisorerna."]),
    ("{beslutsinstans} beslutar {punkter}.", {"beslut": ["Motionen avslås."]}, ["Motionen avslås."]),
])
def it_writes_every_att_clause_in_one_sentence_when_the_organisation_asks(beslutsmening, forslag, expected):
    result = phrase_decision(ForslagTillBeslut(**forslag), "Kommunstyrelsen", "mening", lambda v: NAMES.get(v, v),
                             None, beslutsmening)
    assert (result["intro"], result["punkter"]) == ("", expected)


@pytest.mark.parametrize("beslutsform", ["att", "numrerad", "mening"])
@pytest.mark.parametrize("forslag", [
    {"beslut": ["Socialnämnden godkänner delårsbokslutet.", "Beslutet skickas till kommunstyrelsen."]},
    {"text": "Som svar på revisionsskrivelsen åberopas innehållet i förvaltningens tjänsteutlåtande."},
    {"beslut": ["Socialnämnden godkänner delårsbokslutet."], "forslagsstallare": "Presidiet"},
])
def it_never_writes_the_sentences_a_secretary_sends_back(beslutsform, forslag):
    intro, punkter, text = phrased(beslutsform, **forslag)
    printed = " ".join([intro, *punkter, text])
    for bad in ("föreslås besluta att Socialnämnden", "att Som svar", "att Socialnämnden", "delårsbokslutet och",
                "besluta att Beslutet"):
        assert bad not in printed


def it_asks_for_att_beslut_or_text_and_prints_them_in_that_order():
    import pydantic

    assert phrased("numrerad", att=["anta riktlinjen"], beslut=["Motionen anses besvarad."], text="Se bilagan.") == (
        "", ["1. Kommunstyrelsen antar riktlinjen.", "2. Motionen anses besvarad."], "Se bilagan.")
    with pytest.raises(pydantic.ValidationError, match="saknar beslutspunkter – skriv att-satser under att:"):
        ForslagTillBeslut(forslagsstallare="Personalutskottet")


@pytest.mark.parametrize("verb, form", [
    ("anta", "antar"), ("godkänna", "godkänner"), ("avslå", "avslår"), ("bifalla", "bifaller"),
    ("överlämna", "överlämnar"), ("ge", "ger"), ("uppdra", "uppdrar"), ("fastställa", "fastställer"),
    ("besluta", "beslutar"), ("anse", "anser"), ("notera", "noterar"), ("lägga", "lägger"),
    ("översända", "översänder"), ("tillstyrka", "tillstyrker"), ("avge", "avger"), ("genomföra", "genomför"),
    ("utse", "utser"), ("bevilja", "beviljar"), ("välja", "väljer"), ("förklara", "förklarar"), ("vara", "är"),
    ("med", None), ("enligt", None),
])
def it_puts_swedish_verbs_in_the_present_tense(verb, form):
    from kanslist.svenska import infinitive, present

    assert present(verb) == form
    if form and form.endswith(("ar", "år", "ner", "ller", "der")):
        assert infinitive(form) == verb  # present is infinitive's inverse


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

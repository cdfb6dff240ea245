"""The form generator: a kind's model to fields, form data back to the same YAML, comments kept."""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import FormData

from kanslist import api
from kanslist.webb import forms
from support import EXAMPLES

CHOICES = forms.Choices([("kommunstyrelsen", "Kommunstyrelsen")], [("anna-ystrom", "Anna Yström")])


def fields_of(text: str):
    data = forms.plain(forms.load_rt(text))
    kind = api.kind_named(data["typ"])
    return kind, forms.build_fields(kind.model, data, CHOICES)


def it_chooses_inputs_from_the_model():
    kind = api.kind_named("revisionssvar")
    by_name = {f.name: f for f in forms.build_fields(kind.model, {}, CHOICES)}
    assert by_name["rubrik"].widget == "text"
    assert by_name["sammanfattning"].widget == "markdown"
    assert by_name["datum"].widget == "date"
    assert by_name["fran"].widget == "ref"
    assert by_name["fran"].options == [("kommunstyrelsen", "Kommunstyrelsen")]
    assert by_name["ansvarig"].widget == "list"  # one or more chiefs (they sign side by side)
    assert by_name["ansvarig"].spec.item.kind == "person"
    assert by_name["typ"].widget == "fixed"
    assert by_name["rekommendationer"].widget == "list"
    assert by_name["rekommendationer"].spec.item.kind == "model"
    assert by_name["granskning"].widget == "model"
    stance = dict((n, s) for n, s, _ in forms.model_specs(by_name["rekommendationer"].spec.item.model))
    assert stance["stallningstagande"].kind == "choice"
    assert stance["stallningstagande"].choices == ("instammer", "instammer_delvis", "instammer_inte")
    assert stance["nr"].kind == "int"
    assert forms.label_of("forslag_till_beslut") == "Förslag till beslut"


def it_gives_every_kind_a_form():
    for kind in api.KINDS.values():
        assert forms.build_fields(kind.model, {}, CHOICES)


def they_round_trip_every_example_case_unchanged():
    files = [p for ws in EXAMPLES.values() for p in sorted((ws / "arenden").glob("*.yaml"))]
    assert len(files) >= 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        kind, fields = fields_of(text)
        new = forms.parse_form(kind.model, FormData(forms.form_values(fields)))
        assert forms.to_yaml(kind.model, new, text) == text, path


def it_changes_one_value_and_keeps_comments_and_order():
    text = ("typ: tjansteskrivelse\n# Rubriken syns i dokumentet\nrubrik: Gammal rubrik\ndatum: 2026-01-02\n"
            "fran: kommunstyrelsen  # vem\ntill: kommunstyrelsen\nhandlaggare: [anna-ystrom]\n")
    kind, fields = fields_of(text)
    values = [(k, "Ny rubrik" if k == "rubrik" else v) for k, v in forms.form_values(fields)]
    values.append(("sammanfattning", "Rad ett\r\nrad två"))
    out = forms.to_yaml(kind.model, forms.parse_form(kind.model, FormData(values)), text)
    assert out == ("typ: tjansteskrivelse\n# Rubriken syns i dokumentet\nrubrik: Ny rubrik\ndatum: 2026-01-02\n"
                   "fran: kommunstyrelsen  # vem\ntill: kommunstyrelsen\nhandlaggare: [anna-ystrom]\n"
                   "sammanfattning: |\n  Rad ett\n  rad två\n")


def it_reads_dates_numbers_and_written_persons():
    kind = api.kind_named("revisionssvar")
    form = FormData([("datum", "2026-03-02"), ("rekommendationer[0].nr", "2"), ("rekommendationer[0].rubrik", "R"),
                     ("ansvarig[0]", forms.PERSON_TEXT), ("ansvarig[0].namn", "Eva Ek"), ("ansvarig[0].titel", ""),
                     ("rekommendationer[3].nr", "x")])
    data = forms.parse_form(kind.model, form)
    assert data["datum"] == dt.date(2026, 3, 2)
    assert data["rekommendationer"] == [{"nr": 2, "rubrik": "R"}, {"nr": "x"}]
    assert data["ansvarig"] == [{"namn": "Eva Ek"}]


def it_adds_moves_and_removes_list_items():
    kind = api.kind_named("revisionssvar")
    data = {"rekommendationer": [{"nr": 1}, {"nr": 2}]}
    data, focus = forms.apply_action(kind.model, data, "ned:rekommendationer[0]")
    assert data["rekommendationer"] == [{"nr": 2}, {"nr": 1}] and focus == "rekommendationer[1]"
    data, focus = forms.apply_action(kind.model, data, "lagg_till:rekommendationer")
    assert data["rekommendationer"][-1] == {} and focus == "rekommendationer[2]"
    data, _ = forms.apply_action(kind.model, data, "ta_bort:rekommendationer[0]")
    assert data["rekommendationer"] == [{"nr": 1}, {}]


def it_puts_each_problem_at_its_field():
    kind = api.kind_named("revisionssvar")
    fields = forms.build_fields(kind.model, {"rekommendationer": [{"nr": 1}]}, CHOICES)
    problems = [api.Problem("a.yaml", 3, "rekommendationer[0].svar", "saknar svar"),
                api.Problem("a.yaml", 3, "rekommendationer[0].atgarder[2].klart", "fel datum"),
                api.Problem("a.yaml", 1, "", "hela filen")]
    loose = forms.attach_problems(fields, problems)
    by_path = {f.path: f for top in fields for f in top.walk()}
    assert [p.message for p in by_path["rekommendationer[0].svar"].problems] == ["saknar svar"]
    assert [p.message for p in by_path["rekommendationer[0].atgarder"].problems] == ["fel datum"]
    assert [p.message for p in loose] == ["hela filen"]
    assert forms.html_id("rekommendationer[0].svar") == "f-rekommendationer-0-svar"

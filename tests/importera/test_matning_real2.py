"""importera over papers of organisations the importer was not tuned on: quality bars on a second fixed subset.

The texts in tests/fixtures/real2/ are short excerpts (first pages, as a document site's extraction
flattens them) of public papers from Huddinge, Karlskoga, Stockholm, Mjölby, Östersund and Eskilstuna.
"""

from __future__ import annotations

import pytest

from kanslist.importera.matning import load_facit, measure_folder, meeting_results, totals

from support import REPO

REAL2 = REPO / "tests" / "fixtures" / "real2"


@pytest.fixture(scope="module")
def results():
    return measure_folder(REAL2, load_facit(REAL2 / "facit.yaml"))


def test_the_kind_is_right_for_every_paper(results):
    assert [(r.namn, r.kind) for r in results if r.right.get("typ") is False] == []


def test_header_fields_are_found_at_least_as_often_as_now(results):
    # 9 % before the papers' own names, flattened headers and letterheads were read; 97 % after
    assert totals(results).header_right >= 0.95


def test_most_body_words_are_placed_in_fields(results):
    assert totals(results).share >= 0.80


def test_every_draft_passes_granska_or_lists_only_missing_fields(results):
    assert [(r.namn, r.granska) for r in results if not r.granska_ok] == []


def test_no_page_furniture_or_web_chrome_in_any_field(results):
    assert [(r.namn, r.furniture_in_fields) for r in results if r.furniture_in_fields] == []


def test_the_three_extracts_and_protocols_become_meeting_drafts(results):
    assert sorted(r.namn.split("-")[0] for r in meeting_results(results)) == ["eskilstuna", "huddinge", "mjolby"]


def test_meeting_drafts_get_their_fields(results):
    meetings = meeting_results(results)
    assert totals(meetings).header_right == 1.0
    assert totals(meetings).share >= 0.70

"""Fuzzing the case-file shape: odd values give the project's own Swedish errors, never another exception."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kanslist.errors import InvalidInput, KanslistError
from kanslist.pipeline.build import Builder
from kanslist.pipeline.load import parse_yaml
from kanslist.pipeline.validate import validate_case

import yaml

KEYS = ["typ", "rubrik", "dnr", "datum", "fran", "till", "handlaggare", "ansvarig", "forslag_till_beslut",
        "sammanfattning", "arendet", "beslutsunderlag", "skickas_till", "hanvisningar", "sekretess", "avsnitt",
        "motion", "granskning", "rekommendationer", "", "str", "strategi", "typ2"]
GOOD = {"typ": "tjansteskrivelse", "rubrik": "Ett ärende", "datum": "2025-05-12", "fran": "kommunledningskontoret",
        "till": "kommunstyrelsen", "handlaggare": ["anna-ystrom"],
        "forslag_till_beslut": {"att": ["godkänna svaret"]}}
ENGLISH = re.compile(r"\b(should|Input|valid|field required|must|expected|instance|object)\b")

text = st.one_of(st.text(max_size=40), st.sampled_from(["", " ", "{_{ x }_}", "{{ x }}", "[[[[", "*a*a", "ä" * 300,
                                                         "2025-13-45", "revisionssvar", "\u2028", "a" * 6000]))
scalar = st.one_of(text, st.none())
junk = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5),
                                                                     inner, max_size=3)), max_leaves=8)
case = st.fixed_dictionaries({}, optional={k: junk for k in KEYS}).map(lambda extra: {**GOOD, **extra})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from support import REPO, copy_workspace
    from kanslist.workspace import Workspace

    root = copy_workspace(REPO, tmp_path_factory.mktemp("fuzz") / "ws")
    return Workspace(root), Builder(Workspace(root), force=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case)
def it_answers_any_case_shape_in_swedish(built, data):
    workspace, builder = built
    source = yaml.safe_dump(data, allow_unicode=True)
    try:
        loaded = parse_yaml(source, "arenden/fuzz.yaml")
        validate_case(loaded, workspace)
    except InvalidInput as exc:
        for problem in exc.problems:
            assert problem.file == "arenden/fuzz.yaml"
            assert not ENGLISH.search(problem.message + " " + problem.hint), str(problem)
            assert problem.field or problem.line is not None, str(problem)
        return
    except KanslistError:
        return
    path = workspace.arenden_dir / "fuzz.yaml"
    path.write_text(source, "utf-8")
    result = builder.build_case(path)
    assert "internt fel" not in result.message, result.message
    for problem in result.problems:
        assert not ENGLISH.search(problem.message + " " + problem.hint), str(problem)

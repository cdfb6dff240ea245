"""Untrusted text in every field: a valid document that says exactly that, or a validation error."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kanslist.pipeline.build import Builder
from kanslist.errors import InvalidInput
from expected_text import plain_text
from kanslist.pipeline.validate import validate_case
from kanslist.pipeline.load import parse_yaml

BASE = {
    "typ": "tjansteskrivelse",
    "rubrik": "Rubrik",
    "datum": "2026-01-15",
    "fran": "kommunledningskontoret",
    "till": "kommunstyrelsen",
    "handlaggare": [{"namn": "Anna", "titel": "HR-chef"}],
    "forslag_till_beslut": {"att": ["anta förslaget"]},
    "beslutsunderlag": ["Tjänsteskrivelse"],
    "skickas_till": ["HR-chef"],
}

# Where each fuzzed field shows up in the body: (path into the case, how to find its paragraph).
FIELDS = {
    "rubrik": (("rubrik",), "Heading 1"),
    "beslutsunderlag": (("beslutsunderlag", 0), None),
    "skickas_till": (("skickas_till", 0), None),
    "handlaggare.namn": (("handlaggare", 0, "namn"), None),
}

settings.register_profile("kanslist", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile("kanslist")


def _with(case: dict, path: tuple, value) -> dict:
    case = yaml.safe_load(yaml.safe_dump(case))
    target = case
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return case


def _yaml(case: dict) -> str:
    return yaml.safe_dump(case, allow_unicode=True)


def _as_read(case: dict, path: tuple) -> str:
    """Return the field's value as a YAML reader sees it (YAML itself folds U+0085 and U+2028)."""
    value = parse_yaml(_yaml(case), "fuzz.yaml").data
    for key in path:
        value = value[key]
    return value


def _build(workspace, case: dict, tmp_path):
    text = _yaml(case)
    path = workspace.arenden_dir / "fuzz.yaml"
    path.write_text(text, "utf-8")
    try:
        validate_case(parse_yaml(text, "fuzz.yaml"), workspace)
    except InvalidInput:
        return None
    result = Builder(workspace, force=True).build_case(path)
    assert result.status == "byggd", (result.problems, result.message)
    out = workspace.build_dir / "fuzz" / "tjansteskrivelse.docx"
    assert zipfile.ZipFile(io.BytesIO(out.read_bytes())).testzip() is None
    return out


def _expected(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


@given(field=st.sampled_from(sorted(FIELDS)), value=st.text(min_size=1, max_size=60))
def it_renders_any_text_verbatim_or_refuses_it(workspace, tmp_path, field, value):
    path, style = FIELDS[field]
    case = _with(BASE, path, value)
    out = _build(workspace, case, tmp_path)
    if out is None:
        return
    document = docx.Document(str(out))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    expected = _expected(_as_read(case, path))
    if field == "handlaggare.namn":
        assert any(t.startswith(f"Handläggare {expected}, HR-chef") for _, t in texts), texts
    else:
        assert (style or "Normal", expected) in [(s if style else "Normal", t) for s, t in texts], (expected, texts)


@given(value=st.text(min_size=1, max_size=40))
def it_treats_template_syntax_and_markup_in_values_as_text(workspace, tmp_path, value):
    case = _with(BASE, ("rubrik",), "{{ rubrik }} {% if x %}<w:p/>&'\"" + value)
    out = _build(workspace, case, tmp_path)
    if out is None:
        return
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert headings == [_expected(_as_read(case, ("rubrik",)))]


PROSE = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzåäöÅÄÖ ,.;:!?()0123456789")),
                min_size=1, max_size=200)


@given(value=PROSE)
def it_keeps_the_words_of_markdown_prose(workspace, tmp_path, value):
    out = _build(workspace, _with(BASE, ("sammanfattning",), value), tmp_path)
    assert out is not None
    body = re.sub(r"\s+", " ", plain_text(out))
    words = re.sub(r"\s+", " ", value).strip()
    if re.fullmatch(r"[0-9]+[.)]", words) or not words:  # "1." alone is an empty numbered list item
        return
    assert words in body

"""The loader: safe YAML, plain scalars stay text, lines kept for every value."""

import pytest

from kanslist.errors import InvalidInput
from kanslist.pipeline.load import MAX_DEPTH, parse_yaml


def messages(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        parse_yaml(text, "a.yaml")
    return [str(p) for p in info.value.problems]


def it_keeps_values_that_look_like_numbers_booleans_or_times_as_text():
    loaded = parse_yaml("dnr: 017\nsvar: no\ntid: 12:30\ndatum: 2025-05-12\ntom:\n", "a.yaml")
    assert loaded.data == {"dnr": "017", "svar": "no", "tid": "12:30", "datum": "2025-05-12", "tom": None}


def it_records_the_line_of_every_key_and_item():
    loaded = parse_yaml("typ: x\nlista:\n  - a: 1\n    b: 2\n  - c\n", "a.yaml")
    assert loaded.line_of(("lista", 0, "b")) == 4
    assert loaded.line_of(("lista", 1)) == 5
    assert loaded.line_of(("lista", 7, "saknas")) == 2  # nearest known parent


def it_refuses_duplicate_keys_naming_both_lines():
    assert messages("rubrik: a\nrubrik: b\n") == [
        "a.yaml:2: fältet rubrik förekommer två gånger (första gången på rad 1) – ta bort eller slå ihop den ena"]


def it_refuses_anchors_and_aliases():
    assert messages("a: &x 1\nb: *x\n") == [
        "a.yaml:1: YAML-ankare (&namn) används inte – ta bort &-ankaret och skriv ut värdet där det behövs"]


def it_refuses_python_tags():
    assert messages("a: !!python/object:os.system 1\n") == [
        "a.yaml:1: YAML-taggen tag:yaml.org,2002:python/object:os.system stöds inte – ta bort taggen (det som börjar med !)"]


def it_refuses_deep_nesting_without_crashing():
    text = "[" * 10000 + "]" * 10000
    assert messages(text) == [f"a.yaml:1: strukturen är nästlad djupare än {MAX_DEPTH} nivåer – förenkla filen"]


def it_reports_broken_yaml_with_its_line_in_swedish():
    assert messages("rubrik: a\nlista: [1,\n") == [
        "a.yaml:3: en lista med [ eller samling med { stängs aldrig – avsluta med ] eller } på samma rad"]
    assert messages("rubrik: a\n\tdnr: x\n") == [
        "a.yaml:2: raden är indragen med tabb – dra in med blanksteg i stället för tabb"]
    assert messages("rubrik: Svar: motion\n") == [
        "a.yaml:1: ett kolon står där ett nytt fält inte kan börja – sätt citattecken runt en text som "
        "innehåller ': ', t.ex. rubrik: \"Svar: motion\""]


def it_refuses_oversized_files():
    (message,) = messages("a: " + "x" * (3 * 1024 * 1024))
    assert message == "a.yaml: filen är större än 2 MB – dela upp ärendet eller lägg bilagor som egna filer"


def it_refuses_files_that_are_not_utf8(tmp_path):
    from kanslist.pipeline.load import load_yaml

    path = tmp_path / "latin1.yaml"
    path.write_bytes("rubrik: a\ntext: Växjö\n".encode("latin-1"))
    with pytest.raises(InvalidInput) as info:
        load_yaml(path, "latin1.yaml")
    assert str(info.value.problems[0]) == "latin1.yaml:2: filen är inte UTF-8-kodad – spara filen som UTF-8 i din editor"

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


# ---- the C parser (libyaml) and the pure-Python one agree ----------------------------------------

import yaml.cyaml  # noqa: E402 – the tests below compare the two paths; kanslist itself falls back without it
from hypothesis import given, settings, strategies as st  # noqa: E402

from kanslist.pipeline import load  # noqa: E402
from support import REPO  # noqa: E402

TRICKY = [
    "", "\n", "# bara en kommentar\n", "---\nrubrik: a\n", "---\nrubrik: a\n...\n", "a: 1\n---\nb: 2\n",
    "%YAML 1.1\n---\na: 1\n", "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "text: |\n  rad ett\n\n  rad två\n\n\nnästa: x\n", "text: |+\n  behåll\n\n\nb: 1\n", "text: |-\n  strip\n\n",
    "text: >\n  vikt\n  text\n\n  nytt stycke\n", "text: >2\n   indraget\n", "text: |\n\ttabb\n",
    'a: "citat \\u00e9 \\t \\" slut"\n', "a: 'enkla ''citat'''\n", "a: flera\n  rader\n  vanlig text\n",
    "a: {b: 1, c: [x, y]}\n", "a: [1, [2, [3]]]\n", "- - a\n  - b\n- c\n", "? a\n: b\n", "? [a, b]\n: c\n",
    "~: a\n", "a:\nb: ~\nc: null\nd: Null\n", "a: !!str 017\n", "a: !!int 1\n", "a: !lokal x\n", "!", "a: !\n", "- ! [a]\n", "a: Viktigt!\n", "a: [x,!]\n", "---", "a: x", "-", "|#\n", "a: >-#\n  x\n", "a: |-2 #\n  x\n",
    "<<: {a: 1}\n", "a: &x 1\nb: *x\n", "a: &x 1\n", "a: *x\n", "a: 1\na: 2\n", "a:\n  b: 1\n  b: 2\n",
    "a: 1\r\nb: 2\r\n", "\ufeffa: 1\n", "a: x\x85b: y\n", "a: b\x07c\n", "a: \ufffe\n", "a: 😀 emoji\n",
    "rubrik: a\n\tdnr: x\n", "rubrik: Svar: motion\n", "rubrik: a\nlista: [1,\n", "a: {b: 1\n", "a: 'öppen\n",
    'a: "öppen\n', "a:\n  - b\n c: d\n", "a: b\n  c: d\n", "- a\nb: c\n", "a: b # kommentar\n", "a: b#ingen\n",
    "a: 'x'y\n", "a: @b\n", "a: `b\n", "a: %b\n", "key with spaces: v\n", "'citerad nyckel': v\n",
    "a: " + "ord " * 5000 + "\n", "[" * 50 + "]" * 50, "a:\n" + "".join("  " * i + f"n{i}:\n" for i in range(1, 45)),
    "- " * 45 + "x\n", "a: [b, c]]\n", "a: }\n", "a: b: c\n", "a:\tb\n", "a: b\t# tabb före kommentar\n",
    "lista:\n- a\n- b\n", "a: |\n  x\n b: 1\n", "a: -1\nb: - x\n", "a: 'x\n  y'\n", 'a: "x\\\n  y"\n',
]


def outcome(text: str, c_parser) -> tuple:
    """Return what parse_yaml makes of ``text`` with ``c_parser`` (None: the pure-Python path alone)."""
    saved = load.CParser
    load.CParser = c_parser
    try:
        loaded = parse_yaml(text, "a.yaml")
        return loaded.data, loaded.lines
    except InvalidInput as exc:
        return tuple(str(p) for p in exc.problems)
    finally:
        load.CParser = saved


def assert_both_paths_agree(text: str) -> None:
    # Where libyaml reads a text, PyYAML reads it to the same data and lines (so the C path adds no leniency) …
    fast = None
    if load._libyaml_reads(text):
        try:
            fast = load._compose(load._CLoader, text, "a.yaml")
        except (load._Refused, yaml.YAMLError, RecursionError):
            pass
    if fast is not None:
        slow = load._compose(load._Loader, text, "a.yaml")
        assert (fast.data, fast.lines) == (slow.data, slow.lines), text
    # … and parse_yaml gives the same answer, data or Swedish message, with or without libyaml.
    assert outcome(text, yaml.cyaml.CParser) == outcome(text, None), text


def it_uses_libyaml_when_pyyaml_has_it():
    assert load.CParser is yaml.cyaml.CParser


@pytest.mark.parametrize("text", TRICKY)
def it_reads_tricky_yaml_the_same_with_both_parsers(text):
    assert_both_paths_agree(text)


def it_reads_every_shipped_yaml_file_the_same_with_both_parsers():
    files = sorted(REPO.glob("arenden/*.yaml")) + sorted(REPO.glob("data/*.yaml")) + sorted(REPO.glob("examples/*/*/*.yaml"))
    assert len(files) > 10
    for path in files:
        assert_both_paths_agree(path.read_text("utf-8-sig"))


def it_refuses_with_the_same_messages_without_libyaml():
    assert outcome("rubrik: a\nrubrik: b\n", None) == (
        "a.yaml:2: fältet rubrik förekommer två gånger (första gången på rad 1) – ta bort eller slå ihop den ena",)
    assert outcome("a: b\x07c\n", yaml.cyaml.CParser) == (
        "a.yaml:1: innehåller tecknet U+0007, som inte kan stå i ett Word-dokument – ta bort tecknet (det kommer "
        "ofta från inklistrad text)",)


_PIECES = ["a", "b", "ö", ":", ": ", " ", "  ", "\n", "\n  ", "- ", "[", "]", "{", "}", ",", "'", '"', "#", "|",
           ">", "-", "?", "&x", "*x", "!", "\t", "\\", "~", "%", "@", "---", "..."]


@settings(max_examples=int(__import__('os').environ.get('YAML_EXAMPLES', 300)), deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def they_agree_on_generated_yaml_like_text(text):
    assert_both_paths_agree(text)

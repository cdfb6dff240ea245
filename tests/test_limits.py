"""Every input a user controls is bounded: case fields, templates and imported papers; Swedish when refused."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import signal
import zipfile

import docx
import pytest

from kanslist.kinds import typ_list

from kanslist.errors import InvalidInput
from kanslist.importera.read_text import read_text
from kanslist.importera.run import ImportFel, read_paper
from kanslist.pipeline.load import parse_yaml
from kanslist.pipeline.markdown import MarkdownRenderer, to_html
from kanslist.pipeline.render import Properties, TemplateError, render_docx
from kanslist.pipeline.validate import validate_case

from test_validate import CASE


@contextlib.contextmanager
def hang_guard(seconds: int = 10):
    """Fail instead of hanging: a guard against runaway work, not a speed assertion."""
    def stop(signum, frame):
        raise AssertionError(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def problems(workspace, text: str) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        validate_case(parse_yaml(text, "arenden/a.yaml"), workspace)
    return [str(p) for p in info.value.problems]


# ---- 1. Markdown ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["[" * 20_000, "![" * 10_000, "[a](" * 5_000, "[a](b) " * 3_000,
                                  "*a" * 20_000, "# a\n" * 10_000], ids=["brackets", "images", "unclosed-links",
                                                                        "links", "emphasis", "headings"])
def it_converts_pathological_markdown_with_bounded_work(text):
    with hang_guard():
        html = to_html(text)
    assert html


def it_keeps_links_and_brackets_as_before():
    assert to_html("Se [kommunen](https://a.se \"titel\") och [ [x] ].") == (
        '<p>Se <a href="https://a.se" title="titel">kommunen</a> och [ [x] ].</p>')
    assert to_html("[[a](b)") == '<p>[<a href="b">a</a></p>'


def it_refuses_a_markdown_field_over_the_limit(workspace):
    text = CASE + "sammanfattning: " + "a" * 100_001 + "\n"
    assert problems(workspace, text) == [
        "arenden/a.yaml:15: sammanfattning: är för lång – korta texten till högst 100 000 tecken"]


# ---- 4. fields that crashed -----------------------------------------------------------------

def it_reports_a_top_level_key_that_starts_with_str(workspace):
    assert problems(workspace, CASE + "strategi: x\n") == [
        "arenden/a.yaml:15: strategi: okänt fält – ta bort fältet eller kontrollera stavningen"]


def it_does_not_suggest_the_parent_of_an_unknown_nested_field(workspace):
    assert problems(workspace, CASE.replace("granskning:\n", "granskning:\n  struktur: x\n")) == [
        "arenden/a.yaml:9: granskning.struktur: okänt fält – ta bort fältet eller kontrollera stavningen"]


@pytest.mark.parametrize("value", ["[revisionssvar]", "{a: b}"])
def it_reports_a_typ_that_is_no_text(workspace, value):
    assert problems(workspace, CASE.replace("typ: revisionssvar", f"typ: {value}")) == [
        "arenden/a.yaml:1: typ: ska vara en ärendetyp skriven som text – skriv t.ex. typ: revisionssvar "
        f"(en av {typ_list()})"]


def it_names_an_empty_key(workspace):
    assert problems(workspace, CASE + '"": x\n') == [
        "arenden/a.yaml:15: '': fältet saknar namn (nyckeln är '') – skriv fältets namn före kolon, eller ta bort raden"]


def it_refuses_a_rubrik_longer_than_a_word_title(workspace):
    assert problems(workspace, CASE.replace("rubrik: Granskning av hemarbete", "rubrik: " + "a" * 256)) == [
        "arenden/a.yaml:2: rubrik: är för lång – korta texten till högst 255 tecken"]


def it_says_an_empty_text_is_empty_not_a_list(workspace):
    assert problems(workspace, CASE.replace("rubrik: Granskning av hemarbete", 'rubrik: ""')) == [
        "arenden/a.yaml:2: rubrik: får inte vara tomt – skriv en text"]


# ---- 2. and 6. templates --------------------------------------------------------------------

def template(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PROPERTIES = Properties(title="t" * 300, subject="revisionssvar", author="Kommunledningskontoret " * 20, dnr="",
                        datum=dt.date(2025, 5, 12), category="revisionssvar")


def fill(text: str, context: dict | None = None) -> str:
    with hang_guard():
        data = render_docx(template(text), context or {"x": "värde"}, PROPERTIES, "mallar/x.docx")
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def refusal(text: str) -> str:
    with hang_guard(), pytest.raises(TemplateError) as info:
        render_docx(template(text), {"x": "värde"}, PROPERTIES, "mallar/x.docx")
    return str(info.value)


def it_writes_values_verbatim_even_with_docxtpl_escapes():
    assert fill("{{ x }}", {"x": "{_{ x }_} och {_% y %_}"}) == "{_{ x }_} och {_% y %_}"


def it_cuts_long_core_properties_instead_of_failing():
    data = render_docx(template("{{ x }}"), {"x": "a"}, PROPERTIES, "mallar/x.docx")
    core = docx.Document(io.BytesIO(data)).core_properties
    assert len(core.title) == 255 and core.title.endswith("…")
    assert len(core.author) <= 255 and core.author.endswith("…")


@pytest.mark.parametrize("tag", ['{% include "a.xml" %}', '{% import "a.xml" as a %}', '{% extends "a.xml" %}'])
def it_refuses_include_import_and_extends(tag):
    label = "{% " + tag.split()[1] + " %}"
    assert refusal(tag) == (f"mallar/x.docx, brödtexten: {label} stöds inte i mallar. Nära texten: {tag} – "
                            "skriv texten direkt i mallen (en mall kan inte hämta andra mallar)")


@pytest.mark.parametrize("text, what", [
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "fler än 10000 tal ur range()"),
    ("{{ 'x'|center(10**9) }}", "center med talet på 1000000000 (högst 10000)"),
    ("{{ 'x' * 10**9 }}", "en text eller lista upprepad 1000000000 gånger"),
    ("{{ '%999999999s' % x }}", "en bredd i formatet '%999999999s' (högst 10000)"),
    ("{{ '{:>999999999}'.format(x) }}", "en bredd i formatet '{:>999999999}' (högst 10000)"),
    ("{{ x.ljust(10**9) }}", "ljust med talet på 1000000000 (högst 10000)"),
    ("{{ 10 ** (10 ** 10) }}", "upphöjt till 10000000000 (högst 100)"),
], ids=["range", "center", "repeat", "percent", "format", "ljust", "power"])
def it_refuses_templates_that_would_not_end_or_fill_memory(text, what):
    assert refusal(text) == (f"mallar/x.docx, brödtexten: mallen ber om {what}. Nära texten: {text} – "
                             "ta bort eller förenkla uttrycket i mallen")


def it_has_no_lipsum():
    assert refusal("{{ lipsum(n=1000000) }}").startswith(
        "mallar/x.docx, brödtexten: mallen kunde inte fyllas i: 'lipsum' finns inte.")


def it_says_unknown_filters_and_expression_faults_in_swedish():
    assert refusal("{{ x|nofilter }}") == (
        "mallar/x.docx, brödtexten: filtret 'nofilter' finns inte (No filter named 'nofilter'.). Nära texten: "
        "{{ x|nofilter }} – använd markdown, inline, datum eller ett av Jinjas inbyggda filter, och kontrollera stavningen")
    assert refusal("{{ 1 / 0 }}") == (
        "mallar/x.docx, brödtexten: mallen kunde inte fyllas i: ett uttryck i mallen gick inte att räkna ut "
        "(ZeroDivisionError: division by zero). Nära texten: {{ 1 / 0 }} – kontrollera {{ }} och {% %} i mallen")


def it_still_renders_ordinary_loops_and_formats():
    assert fill("{% for a in range(3) %}{{ a }}{% endfor %} {{ '%5s'|format(x) }} {{ x|center(9) }}") == (
        "012 värde   värde  ")


# ---- 3. imports -----------------------------------------------------------------------------

def docx_with(tmp_path, name: str, document_xml: bytes):
    base = io.BytesIO()
    docx.Document().save(base)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info.filename)
            package.writestr(info.filename, data)
    return path


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def it_refuses_a_zip_bomb_before_unpacking_it(tmp_path):
    path = docx_with(tmp_path, "bomb.docx", b"<w:document " + W + b"><w:body><w:p><w:r><w:t>" + b"a" * 200_000_000
                     + b"</w:t></w:r></w:p></w:body></w:document>")
    with hang_guard(), pytest.raises(ImportFel) as info:
        read_paper(path)
    assert str(info.value) == (f"{path}: delen word/document.xml packas upp till mer än 100 gånger sin storlek – "
                               "filen är inget vanligt Word-dokument; spara den på nytt i Word")


def it_refuses_a_table_with_too_many_cells(tmp_path):
    cells = b"<w:tr>" + b"<w:tc><w:p/></w:tc>" * 100 + b"</w:tr>"
    path = docx_with(tmp_path, "tabell.docx", b"<w:document " + W + b"><w:body><w:tbl>" + cells * 60
                     + b"</w:tbl><w:p/></w:body></w:document>")
    with hang_guard(), pytest.raises(ImportFel) as info:
        read_paper(path)
    assert str(info.value).startswith(f"{path}: tabellerna har fler än 5000 celler (")


def it_refuses_a_text_over_five_megabytes(tmp_path):
    path = tmp_path / "stor.txt"
    path.write_bytes(b"Text.\n" * 1_000_000)
    with pytest.raises(ImportFel) as info:
        read_paper(path)
    assert str(info.value) == f"{path}: filen är större än 5 MB – dela upp texten och importera en handling i taget"


def it_refuses_a_device_that_never_ends():
    with hang_guard(), pytest.raises(ImportFel) as info:
        read_paper("/dev/zero")
    assert str(info.value) == "/dev/zero: är ingen vanlig fil – importera en .docx- eller textfil"


def it_reads_a_long_paragraph_of_extracted_text_with_bounded_work():
    text = "Rubrik\n\n" + "Mer text i ärendet som fortsätter på nästa rad\n" * 20_000
    with hang_guard():
        read = read_text(text)
    assert len(read.blocks) == 2

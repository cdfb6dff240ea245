"""Markdown fields become real Word paragraphs, lists, tables and links in the template's styles."""

import docx
from lxml import etree

from kanslist.pipeline.markdown import MarkdownRenderer

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(text: str, **kwargs):
    document = docx.Document()
    xml = MarkdownRenderer(document).blocks(text, **kwargs).xml
    body = etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{xml}</w:body>')
    return document, body


def paragraphs(body):
    out = []
    for p in body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        num = p.find(f"{W}pPr/{W}numPr/{W}numId")
        out.append((style.get(W + "val") if style is not None else None,
                    num.get(W + "val") if num is not None else None,
                    "".join(t.text for t in p.iter(W + "t"))))
    return out


def it_makes_paragraphs_with_bold_and_italic_runs():
    _, body = render("Hej **fet** och *kursiv*.")
    runs = body.findall(f"{W}p/{W}r")
    assert [("".join(r.itertext()), r.find(f"{W}rPr/{W}b") is not None, r.find(f"{W}rPr/{W}i") is not None)
            for r in runs] == [("Hej ", False, False), ("fet", True, False), (" och ", False, False),
                               ("kursiv", False, True), (".", False, False)]


def it_restarts_each_numbered_list_at_one():
    document, body = render("1. a\n2. b\n\nText\n\n1. c\n2. d\n")
    rows = paragraphs(body)
    assert [r[2] for r in rows] == ["a", "b", "Text", "c", "d"]
    first, second = rows[0][1], rows[3][1]
    assert first != second and rows[1][1] == first and rows[4][1] == second
    numbering = document.part.numbering_part.element
    for num_id in (first, second):
        start = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:lvlOverride/w:startOverride/@w:val')
        assert start == ["1"]


def it_uses_the_list_and_heading_styles_of_the_template():
    _, body = render("# Rubrik\n\n- a\n    - b\n", rubriknivå=2)
    assert paragraphs(body) == [("Heading2", None, "Rubrik"), ("ListBullet", None, "a"), ("ListBullet2", None, "b")]


def it_writes_tables_with_a_repeated_header_row():
    _, body = render("| Åtgärd | Klart |\n|---|---|\n| Utreda | 2025-12-31 |\n")
    rows = body.findall(f"{W}tbl/{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert ["".join(tc.itertext()) for tc in rows[1].findall(f"{W}tc")] == ["Utreda", "2025-12-31"]


def it_links_with_an_external_relationship():
    document, body = render("Se [kommunen](https://www.vaggeryd.se).")
    link = body.find(f"{W}p/{W}hyperlink")
    r_id = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert document.part.rels[r_id].target_ref == "https://www.vaggeryd.se"
    assert "".join(link.itertext()) == "kommunen"


def it_keeps_html_and_template_syntax_as_visible_text():
    _, body = render("<b>fet</b> & {{ rubrik }} {% if x %} <w:p/>")
    assert paragraphs(body) == [(None, None, "<b>fet</b> & {{ rubrik }} {% if x %} <w:p/>")]


def it_drops_javascript_links_but_keeps_their_text():
    _, body = render("[klicka](javascript:alert(1))")
    assert body.find(f"{W}p/{W}hyperlink") is None
    assert paragraphs(body) == [(None, None, "klicka")]


def it_restarts_nested_numbered_lists_under_each_parent():
    _, body = render("1. ett\n    1. ett-a\n    2. ett-b\n2. två\n    1. två-a\n")
    rows = paragraphs(body)
    assert [r[2] for r in rows] == ["ett", "ett-a", "ett-b", "två", "två-a"]
    assert rows[1][1] == rows[2][1] and rows[4][1] not in (rows[1][1], rows[0][1])


def it_adds_numbering_before_the_element_word_writes_last():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(f'<w:numIdMacAtCleanup {nsdecls("w")} w:val="3"/>'))
    MarkdownRenderer(document).blocks("1. a\n2. b\n")
    assert numbering[-1].tag == W + "numIdMacAtCleanup"

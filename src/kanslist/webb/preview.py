"""The preview of the web app: one Word document as HTML (mammoth), Markdown fields as HTML, both sanitised."""

from __future__ import annotations

import functools
import io
import zipfile

import nh3
from lxml import etree

from kanslist.pipeline.markdown import to_html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# What mammoth's default style map emits (paragraphs, headings, lists, tables, runs, links,
# images, footnotes and comments), and nothing else: any other tag or attribute is dropped.
DOCUMENT_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "u", "s", "sup", "sub", "a", "br",
                 "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "img", "dl", "dt", "dd", "pre",
                 "blockquote"}
DOCUMENT_ATTRIBUTES = {"a": {"href", "id"}, "li": {"id"}, "dt": {"id"}, "td": {"colspan", "rowspan"},
                       "th": {"colspan", "rowspan"}, "img": {"src", "alt"}}
# python-markdown with the tables and sane_lists extensions (raw HTML is already off there).
MARKDOWN_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "a", "br", "ul", "ol", "li", "table",
                 "thead", "tbody", "tr", "th", "td", "blockquote", "pre", "code", "hr"}
MARKDOWN_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto", "data"}


def _no_data_links(tag: str, attribute: str, value: str) -> str | None:
    """Keep data: URIs for the images mammoth embeds, never as a link target."""
    if attribute == "href" and value.strip().lower().startswith("data:"):
        return None
    return value


def clean_document(html: str) -> str:
    """Return mammoth's ``html`` with only the tags and attributes mammoth emits (no script, no on…=)."""
    return nh3.clean(html, tags=DOCUMENT_TAGS, attributes=DOCUMENT_ATTRIBUTES, url_schemes=SCHEMES,
                     attribute_filter=_no_data_links, link_rel="noopener noreferrer")


def markdown_html(text: str) -> str:
    """Return a Markdown field as sanitised HTML, parsed exactly as the documents parse it."""
    return nh3.clean(to_html(text), tags=MARKDOWN_TAGS, attributes=MARKDOWN_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


@functools.lru_cache(maxsize=16)
def _mammoth_styles(xml: bytes) -> bytes:
    """Return styles.xml with only what mammoth reads: each style's type, id, name (and a numbering style's numId).

    A template's styles.xml is some 350 kB of run and paragraph properties; mammoth parses it
    with minidom, which took most of a preview's time (cProfile: 0.65 of 0.97 s).
    """
    root = etree.fromstring(xml)
    for child in list(root):
        if child.tag != W + "style":
            root.remove(child)
            continue
        numbering = child.get(W + "type") == "numbering"
        for part in list(child):
            if part.tag == W + "name":
                continue
            if part.tag == W + "pPr" and numbering:
                for inner in list(part):
                    if inner.tag != W + "numPr":
                        part.remove(inner)
                continue
            child.remove(part)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Parts mammoth never opens: the same styles with Word 2010 effects, the Explorer thumbnail.
_UNREAD = {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"}


def slim_docx(data: bytes) -> bytes:
    """Return the document ``data`` with a styles part cut to what mammoth reads; the body is untouched."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            if info.filename in _UNREAD:
                continue
            part = source.read(info.filename)
            if info.filename == "word/styles.xml":
                part = _mammoth_styles(part)
            target.writestr(info.filename, part)
    return out.getvalue()


def document_html(data: bytes) -> str:
    """Return the Word document ``data`` as sanitised HTML."""
    import mammoth

    return clean_document(mammoth.convert_to_html(io.BytesIO(slim_docx(data))).value)

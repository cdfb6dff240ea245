"""The footer's signature boxes of a protocol and its extracts: one box per label of sammantraden.signaturrutor.

The template's footer has one table cell whose text is ``Signaturruta``; it is repeated once
per label, side by side in equal widths, before the template is rendered. docxtpl's column
loop ({%tc %}) does not work in a footer, so the boxes are written here. A template without
the marker (one restyled by hand with boxes of its own) is left as it is.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from functools import lru_cache

from lxml import etree

from kanslist.pipeline.write import Member, zip_members

MARKER = "Signaturruta"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def _text(element) -> str:
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


def with_boxes(template: bytes, labels: tuple[str, ...]) -> bytes:
    """Return ``template`` with its Signaturruta cell repeated once per label, each showing its label."""
    return _with_boxes(template, tuple(labels))


@lru_cache(maxsize=32)
def _with_boxes(template: bytes, labels: tuple[str, ...]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    changed = False
    for name, xml in members.items():
        if not (name.startswith("word/footer") and name.endswith(".xml")) or MARKER.encode() not in xml:
            continue
        tree = etree.fromstring(xml)
        for cell in [c for c in tree.iter(_q("tc")) if _text(c).strip() == MARKER]:
            _repeat(cell, labels)
            changed = True
        members[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not changed:
        return template
    return zip_members(Member.of(name, value) for name, value in members.items())


def _repeat(cell, labels: tuple[str, ...]) -> None:
    """Put one copy of ``cell`` per label in its row, the row's width shared equally."""
    row = cell.getparent()
    table = row.getparent()
    width = _width(cell)
    share = width // len(labels) if width else 0
    position = list(row).index(cell)
    row.remove(cell)
    for offset, label in enumerate(labels):
        box = copy.deepcopy(cell)
        _set_label(box, label)
        if share:
            tcw = box.find(f"{_q('tcPr')}/{_q('tcW')}")
            if tcw is not None:
                tcw.set(_q("w"), str(share))
                tcw.set(_q("type"), "dxa")
        row.insert(position + offset, box)
    grid = table.find(_q("tblGrid"))
    if grid is not None and len(grid) == 1 and share:  # the template's one column becomes one per box
        column = grid[0]
        grid.remove(column)
        for _ in labels:
            copied = copy.deepcopy(column)
            copied.set(_q("w"), str(share))
            grid.append(copied)


def _width(cell) -> int:
    tcw = cell.find(f"{_q('tcPr')}/{_q('tcW')}")
    try:
        return int(tcw.get(_q("w"))) if tcw is not None and tcw.get(_q("type"), "dxa") == "dxa" else 0
    except (TypeError, ValueError):
        return 0


def _set_label(cell, label: str) -> None:
    """Replace the marker by ``label``, in the marker's first run (so its font and size stay).

    A label with {sida} ("Sida: {sida}({sidor})") is its text up to the first part; the rest goes
    on the box's next line, with Word's page fields for {sida} and {sidor}.
    """
    texts = [t for t in cell.iter(_q("t")) if t.text]  # the marker may be split over runs in Word
    first = texts[0]
    start = label.find("{")
    first.text = label if start < 0 else label[:start].rstrip()
    first.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for other in texts:
        if other is not first:
            other.text = ""
    if start >= 0:
        _page_line(cell, label[start:])


_FIELDS = {"{sida}": "PAGE", "{sidor}": "NUMPAGES"}


def _page_line(cell, pattern: str) -> None:
    """Write ``pattern`` ("{sida}({sidor})") in the cell's second paragraph, its parts as page fields."""
    paragraphs = cell.findall(_q("p"))
    line = paragraphs[1] if len(paragraphs) > 1 else etree.SubElement(cell, _q("p"))
    for part in [p for p in re.split(r"(\{sida\}|\{sidor\})", pattern) if p]:
        if part in _FIELDS:
            field = etree.SubElement(line, _q("fldSimple"))
            field.set(_q("instr"), f" {_FIELDS[part]} ")
            run = etree.SubElement(field, _q("r"))
        else:
            run = etree.SubElement(line, _q("r"))
        text = etree.SubElement(run, _q("t"))
        text.text = "1" if part in _FIELDS else part
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

"""Turn a Markdown field into Word paragraphs, lists and tables in the template's own styles.

Markdown is parsed by python-markdown with raw HTML switched off, so ``<b>`` or
``<w:p>`` in a case file stays visible text; the HTML it produces is walked and
written as OOXML. Each numbered list gets its own numbering instance so it restarts at 1.
"""

from __future__ import annotations

import copy
import functools
import re
import types

import markdown
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree, html

NSMAP = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def _E(tag: str, attrib: dict | None = None) -> etree._Element:
    """Return a new element with the w: and r: prefixes the document part uses."""
    return etree.Element(qn(tag), attrib or {}, nsmap=NSMAP)

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr", "div"}


class Blocks:
    """Rendered OOXML body content; docxtpl inserts it in place of a ``{{p ...}}`` paragraph."""

    def __init__(self, xml: str):
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


# The longest target and title of one link, "(https://... "titel")": longer is text, not a link.
LINK_WINDOW = 4000

_brackets: dict = {"data": None, "match": {}}


def _bracket_matches(data: str) -> dict[int, int]:
    """Return, for each '[' of ``data``, the index of its matching ']' (remembered for the last ``data``)."""
    if _brackets["data"] is not data:
        match: dict[int, int] = {}
        stack: list[int] = []
        for found in re.finditer(r"[\[\]]", data):
            if found.group() == "[":
                stack.append(found.start())
            elif stack:
                match[stack.pop()] = found.start()
        _brackets["data"], _brackets["match"] = data, match
    return _brackets["match"]


_BRACKET = re.compile(r"[\[\]]")


def _get_text(self, data: str, index: int) -> tuple[str, int, bool]:
    # python-markdown scans to the end of the paragraph for every '[' that has no ']':
    # quadratic on "[[[[...". A few brackets ahead settle a real link; beyond that the
    # answer comes from one pass over the paragraph, remembered while it is unchanged.
    depth = 1
    for seen, found in enumerate(_BRACKET.finditer(data, index)):
        depth += 1 if found.group() == "[" else -1
        if depth == 0:
            return data[index:found.start()], found.end(), True
        if seen == 16:
            break
    else:
        return data[index:], len(data), False
    end = _bracket_matches(data).get(index - 1)
    if end is None:
        return data[index:], len(data), False
    return data[index:end], end + 1, True


def _get_link(self, data: str, index: int, original=None) -> tuple[str, str | None, int, bool]:
    # The same scan runs over the "(...)" part; it is given at most LINK_WINDOW characters
    # (and none when no ')' follows), so unclosed "[a](" repeated is linear too.
    if data.find(")", index, index + LINK_WINDOW) < 0:
        return "", None, index, False
    href, title, end, handled = original(data[index:index + LINK_WINDOW], 0)
    return href, title, index + end, handled


def _table_test(self, parent, block: str, original=None) -> bool:
    # The tables extension splits the whole block for every block tested, and a heading
    # leaves the rest of its block to be tested again: quadratic on many lines without a
    # blank line between them. A table's first line has a '|'; without one it is not a table.
    first = block.find("\n")
    if "|" not in (block if first < 0 else block[:first]):
        return False
    return original(parent, block)


def _markdown_parser() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Raw HTML in a case file is text, never markup (issue: values are always escaped).
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name in ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref"):
        processor = md.inlinePatterns[name]
        processor.getText = types.MethodType(_get_text, processor)
        processor.getLink = types.MethodType(functools.partial(_get_link, original=processor.getLink), processor)
    table = md.parser.blockprocessors["table"]
    table.test = types.MethodType(functools.partial(_table_test, original=table.test), table)
    return md


_PARSER = _markdown_parser()

# Inside a table cell (one Markdown line): <br> is a line break, "- " at each line a list.
_CELL_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CELL_BULLET = re.compile(r"^[-*•]\s+")


@functools.lru_cache(maxsize=256)
def to_html(text: str) -> str:
    """Return python-markdown's HTML for ``text``; remembered, since a case's fields recur in its documents."""
    _PARSER.reset()
    return _PARSER.convert(text)


class MarkdownRenderer:
    """Convert Markdown to OOXML for one document, using its styles, numbering and relationships."""

    def __init__(self, document):
        self.document = document
        self.part = document.part
        self.styles = {s.name: s.style_id for s in document.styles}
        self._abstract_nums: dict[str, str | None] = {}

    # ---- public -------------------------------------------------------------------------
    def blocks(self, text: str | None, rubriknivå: int = 3, stil: str | None = None) -> Blocks:
        """Return the Word paragraphs for Markdown ``text``; ``#`` becomes Heading ``rubriknivå``."""
        if not text:
            return Blocks("")
        source = to_html(str(text))
        root = html.fragment_fromstring(source, create_parent="div") if source.strip() else None
        if root is None:
            return Blocks("")
        out: list[etree._Element] = []
        self._level_base = rubriknivå
        self._base_style = stil
        self._block_children(root, out)
        return Blocks(_serialize(out))

    def inline(self, text: str | None) -> Blocks:
        """Return the runs of a one-paragraph Markdown text (bold, italics, links), no paragraph."""
        if not text:
            return Blocks("")
        root = html.fragment_fromstring(to_html(str(text)), create_parent="div")
        runs: list = []
        for i, child in enumerate(root):
            if i:
                runs.append(self._run(" ", {}))  # paragraphs run together in one line
            if child.tag == "p":
                self._inline_content(child, runs, {})
            else:
                self._inline(child, runs, {})
        flat = []
        for run in runs:
            flat.extend(list(run) if run.tag == "group" else [run])
        return Blocks(_serialize(flat))

    # ---- blocks -------------------------------------------------------------------------
    def _block_children(self, parent, out: list) -> None:
        if parent.text and parent.text.strip():
            out.append(self._paragraph(self._base_style, [self._run(parent.text.strip(), {})]))
        for child in parent:
            self._block(child, out)
            if child.tail and child.tail.strip():
                out.append(self._paragraph(self._base_style, [self._run(child.tail.strip(), {})]))

    def _block(self, el, out: list) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "p":
            out.append(self._paragraph(self._base_style, self._runs_of(el)))
        elif re.fullmatch(r"h[1-6]", tag):
            level = min(9, self._level_base + int(tag[1]) - 1)
            out.append(self._paragraph(self._style(f"Heading {level}"), self._runs_of(el)))
        elif tag in ("ul", "ol"):
            self._list(el, out, depth=1)
        elif tag == "table":
            out.append(self._table(el))
        elif tag == "blockquote":
            saved = self._base_style
            self._base_style = self._style("Quote") or saved
            self._block_children(el, out)
            self._base_style = saved
        elif tag == "pre":
            for line in el.text_content().rstrip("\n").split("\n"):
                out.append(self._paragraph(self._style("No Spacing"), [self._run(line, {})]))
        elif tag == "hr":
            return
        else:
            out.append(self._paragraph(self._base_style, self._runs_of(el)))

    def _list(self, el, out: list, depth: int) -> None:
        numbered = el.tag == "ol"
        name = ("List Number" if numbered else "List Bullet") + ("" if depth == 1 else f" {min(depth, 3)}")
        style = self._style(name) or self._style("List Number" if numbered else "List Bullet")
        # Every numbered list, nested ones too, gets its own instance: each restarts at 1.
        num_id = self._new_num(style, int(el.get("start", "1"))) if numbered else None
        for item in el:
            if item.tag != "li":
                continue
            runs: list = []
            nested = []
            if item.text and item.text.strip():
                runs.append(self._run(item.text.lstrip(), {}))
            for child in item:
                if child.tag in ("ul", "ol"):
                    nested.append(child)
                elif child.tag == "p":
                    if runs:
                        runs.append(self._break())
                    self._inline_content(child, runs, {})
                else:
                    self._inline(child, runs, {})
            out.append(self._paragraph(style, runs, num_id=num_id, ilvl=None))
            for sub in nested:
                self._list(sub, out, depth + 1)

    def _table(self, el) -> etree._Element:
        rows = el.xpath(".//tr")
        width = max((len(r.xpath("./th|./td")) for r in rows), default=1)
        tbl = parse_xml(
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{self._style("Table Grid") or "TableGrid"}"/>'
            '<w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
            'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid/></w:tbl>')
        grid = tbl.find(qn("w:tblGrid"))
        # Columns share the width by how much they hold (a number column stays narrow), within bounds.
        longest = [6] * width
        for row in rows:
            for i, cell in enumerate(row.xpath("./th|./td")):
                text = " ".join(cell.itertext())
                # No column narrower than its longest word ("Beredningsläge", "2023-00390").
                longest[i] = max(longest[i], min(len(text), 40), max(map(len, text.split()), default=0) + 2)
        for share in longest:
            etree.SubElement(grid, qn("w:gridCol"), {qn("w:w"): str(9000 * share // sum(longest))})
        for row in rows:
            cells = row.xpath("./th|./td")
            header = all(c.tag == "th" for c in cells)
            tr = etree.SubElement(tbl, qn("w:tr"))
            if header:
                # Repeat the header row on each page; screen readers read it as the header.
                trpr = etree.SubElement(tr, qn("w:trPr"))
                etree.SubElement(trpr, qn("w:tblHeader"))
            for cell in cells + [None] * (width - len(cells)):
                tc = etree.SubElement(tr, qn("w:tc"))
                tcpr = etree.SubElement(tc, qn("w:tcPr"))
                etree.SubElement(tcpr, qn("w:tcW"), {qn("w:w"): "0", qn("w:type"): "auto"})
                runs = [] if cell is None else self._runs_of(cell, {"b": True} if header else {})
                for paragraph in self._cell_paragraphs(runs):
                    tc.append(paragraph)
        return tbl

    def _cell_paragraphs(self, runs: list) -> list:
        """Return a table cell's paragraphs: a Markdown cell has one line, so ``<br>`` breaks it;
        lines that all start with "- " (or "* ", "• ") are a bulleted list in the cell."""
        lines: list[list] = [[]]
        for run in runs:
            t = run.find(qn("w:t")) if run.tag == qn("w:r") else None
            pieces = _CELL_BREAK.split(t.text) if t is not None and t.text else [None]
            for i, piece in enumerate(pieces):
                if i:
                    lines.append([])
                if piece is None:
                    lines[-1].append(run)
                elif piece:
                    part = copy.deepcopy(run)
                    part.find(qn("w:t")).text = piece
                    lines[-1].append(part)
        if len(lines) == 1:
            return [self._paragraph(None, lines[0])]
        texts = ["".join(r.findtext(qn("w:t")) or "" for r in line).lstrip() for line in lines]
        if all(_CELL_BULLET.match(t) for t in texts if t) and self._style("List Bullet"):
            out = []
            for line in lines:
                first = next((r for r in line if r.find(qn("w:t")) is not None and (r.findtext(qn("w:t")) or "").strip()), None)
                if first is None:
                    continue
                t = first.find(qn("w:t"))
                t.text = _CELL_BULLET.sub("", t.text.lstrip(), count=1)
                out.append(self._paragraph("List Bullet", line))
            return out
        joined: list = []
        for i, line in enumerate(lines):
            if i:
                joined.append(self._break())
            joined.extend(line)
        return [self._paragraph(None, joined)]

    # ---- inline -------------------------------------------------------------------------
    def _runs_of(self, el, fmt: dict | None = None) -> list:
        runs: list = []
        self._inline_content(el, runs, fmt or {})
        return runs

    def _inline_content(self, el, runs: list, fmt: dict) -> None:
        if el.text:
            runs.append(self._run(el.text, fmt))
        for child in el:
            self._inline(child, runs, fmt)

    def _inline(self, el, runs: list, fmt: dict) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("strong", "b"):
            self._inline_content(el, runs, {**fmt, "b": True})
        elif tag in ("em", "i"):
            self._inline_content(el, runs, {**fmt, "i": True})
        elif tag == "code":
            self._inline_content(el, runs, {**fmt, "code": True})
        elif tag == "br":
            runs.append(self._break())
        elif tag == "a":
            runs.append(self._hyperlink(el, fmt))
        elif tag == "img":
            runs.append(self._run(el.get("alt", ""), fmt))
        else:
            self._inline_content(el, runs, fmt)
        if el.tail:
            runs.append(self._run(el.tail, fmt))

    def _hyperlink(self, el, fmt: dict) -> etree._Element:
        href = el.get("href", "")
        inner: list = []
        self._inline_content(el, inner, {**fmt, "link": True})
        if not re.match(r"^(https?|mailto):", href, re.I):
            return _group(inner)
        r_id = self.part.relate_to(href, RT.HYPERLINK, is_external=True)
        link = _E("w:hyperlink", {qn("r:id"): r_id})
        for run in inner:
            link.append(run)
        return link

    def _run(self, text: str, fmt: dict) -> etree._Element:
        r = _E("w:r")
        if fmt:
            rpr = etree.SubElement(r, qn("w:rPr"))
            if fmt.get("link") and "Hyperlink" in self.styles:
                etree.SubElement(rpr, qn("w:rStyle"), {qn("w:val"): self.styles["Hyperlink"]})
            if fmt.get("code"):
                etree.SubElement(rpr, qn("w:rFonts"), {qn("w:ascii"): "Liberation Mono", qn("w:hAnsi"): "Liberation Mono"})
            if fmt.get("b"):
                etree.SubElement(rpr, qn("w:b"))
            if fmt.get("i"):
                etree.SubElement(rpr, qn("w:i"))
            if fmt.get("link") and "Hyperlink" not in self.styles:
                etree.SubElement(rpr, qn("w:u"), {qn("w:val"): "single"})
        t = etree.SubElement(r, qn("w:t"))
        t.text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return r

    @staticmethod
    def _break() -> etree._Element:
        r = _E("w:r")
        etree.SubElement(r, qn("w:br"))
        return r

    def _paragraph(self, style: str | None, runs: list, num_id: int | None = None, ilvl: int | None = None):
        p = _E("w:p")
        if style or num_id is not None:
            ppr = etree.SubElement(p, qn("w:pPr"))
            if style:
                etree.SubElement(ppr, qn("w:pStyle"), {qn("w:val"): style})
            if num_id is not None:
                numpr = etree.SubElement(ppr, qn("w:numPr"))
                etree.SubElement(numpr, qn("w:ilvl"), {qn("w:val"): str(ilvl or 0)})
                etree.SubElement(numpr, qn("w:numId"), {qn("w:val"): str(num_id)})
        for run in runs:
            if run.tag == "group":
                p.extend(list(run))
            else:
                p.append(run)
        return p

    def _style(self, name: str) -> str | None:
        return self.styles.get(name)

    # ---- numbering ----------------------------------------------------------------------
    def _abstract_num_of(self, style_id: str | None) -> str | None:
        if style_id is None:
            return None
        style = self.document.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')
        num_ids = style[0].xpath(".//w:numPr/w:numId/@w:val") if style else []
        if not num_ids:
            return None
        numbering = self.part.numbering_part.element
        found = numbering.xpath(f'w:num[@w:numId="{num_ids[0]}"]/w:abstractNumId/@w:val')
        return found[0] if found else None

    def _new_num(self, style_id: str | None, start: int) -> int | None:
        """Return a new numbering instance of the list of ``style_id`` that starts at ``start``."""
        if style_id not in self._abstract_nums:
            self._abstract_nums[style_id] = self._abstract_num_of(style_id)
        abstract = self._abstract_nums[style_id]
        if abstract is None:
            return None
        numbering = self.part.numbering_part.element
        nums = numbering.xpath("w:num")
        num_id = max((int(n.get(qn("w:numId"))) for n in nums), default=0) + 1
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>')
        # The schema puts w:num after the abstractNums and before w:numIdMacAtCleanup,
        # which Word writes last; Word refuses a file where a w:num follows it.
        if nums:
            nums[-1].addnext(num)
        else:
            cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
            if cleanup is not None:
                cleanup.addprevious(num)
            else:
                numbering.append(num)
        return num_id


def _serialize(elements: list) -> str:
    """Return the elements as XML text without namespace declarations of their own."""
    body = _E("w:body")
    body.extend(elements)
    xml = etree.tostring(body, encoding="unicode")
    return re.sub(r"^<w:body[^>]*>|</w:body>$|<w:body[^>]*/>$", "", xml)


def _group(runs: list) -> etree._Element:
    group = etree.Element("group")
    group.extend(runs)
    return group

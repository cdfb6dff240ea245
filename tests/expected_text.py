"""Extract a document's text with its structure, for expected-text (golden) files and tests.

`make golden` (python tests/expected_text.py --skriv) rebuilds every example and rewrites tests/golden/;
the diff is reviewed like code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import docx
from docx.oxml.ns import qn


def _runs_text(p) -> str:
    """Return a paragraph's text; fields show as {PAGE}, {NUMPAGES} instead of their cached value, a picture
    as {BILD its name}."""
    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:fldSimple"), qn("w:instrText"), qn("wp:docPr")):
        if node.tag == qn("wp:docPr"):
            parts.append("{BILD " + (node.get("name") or "") + "}")
        elif node.tag == qn("w:t"):
            if not any(a.tag == qn("w:fldSimple") for a in node.iterancestors()):
                parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            if node.getparent().tag == qn("w:r"):  # not a tab-stop definition
                parts.append("\t")
        elif node.tag == qn("w:br"):
            parts.append("\n")
        else:
            instr = node.get(qn("w:instr")) if node.tag == qn("w:fldSimple") else node.text
            parts.append("{" + (instr or "").strip().split()[0] + "}")
    return "".join(parts)


def _para_line(document, p) -> str:
    style_ids = p.xpath("./w:pPr/w:pStyle/@w:val")
    style = _style_name(document, style_ids[0]) if style_ids else "Normal"
    num = p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    marker = f" #{num[0]}" if num else ""
    return f"[{style}{marker}] {_runs_text(p)}"


def _style_name(document, style_id: str) -> str:
    for style in document.styles:
        if style.style_id == style_id:
            return style.name
    return style_id


def _block_lines(document, element) -> list[str]:
    lines = []
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_para_line(document, child))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = [" / ".join(_para_line(document, p).split("] ", 1)[1] for p in tc.iter(qn("w:p")))
                         for tc in row.iter(qn("w:tc"))]
                header = "*" if row.find(qn("w:trPr")) is not None and row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None else ""
                lines.append(f"[Tabell{header}] | " + " | ".join(cells) + " |")
    return lines


def document_text(path: Path) -> str:
    """Return the structured text of a DOCX: headers, then body (style names, tables)."""
    document = docx.Document(str(path))
    lines = []
    for i, section in enumerate(document.sections):
        lines.append(f"--- sidhuvud {i + 1}")
        running = _block_lines(document, section.header._element)
        lines.extend(running)
        if section.different_first_page_header_footer:
            first = _block_lines(document, section.first_page_header._element)
            if first != running:  # shown only when the first page's differs (the logo)
                lines.append(f"--- sidhuvud {i + 1}, första sidan")
                lines.extend(first)
    lines.append("--- brödtext")
    lines.extend(_block_lines(document, document.element.body))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def plain_text(path: Path) -> str:
    """Return the body text of a DOCX as plain paragraphs (no styles, no header)."""
    document = docx.Document(str(path))
    return "\n".join(line.split("] ", 1)[1] for line in _block_lines(document, document.element.body)
                     if not line.startswith("[Tabell")) + "\n"


EXAMPLE_ROOTS = [Path("."), *sorted(Path("examples").glob("*"))]


def main(argv: list[str] | None = None) -> int:
    from kanslist.pipeline.build import build
    from kanslist.workspace import Workspace

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skriv", action="store_true", help="skriv om tests/golden/")
    args = parser.parse_args(argv)
    golden = Path("tests/golden")
    changed = 0
    for root in EXAMPLE_ROOTS:
        ws = Workspace(root)
        report = build(ws, force=True, jobs=1)
        if not report.ok:
            print(f"{root}: bygget misslyckades", file=sys.stderr)
            return 1
        label = "rot" if root == Path(".") else root.name
        for result in report.results:
            for output in (o for o in result.outputs if o.endswith(".docx")):
                text = document_text(ws.build_dir / result.case / output)
                target = golden / label / result.case / (output[:-5] + ".txt")
                if not target.exists() or target.read_text("utf-8") != text:
                    changed += 1
                    if args.skriv:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_text(text, "utf-8")
                    print(f"{'skrev' if args.skriv else 'skiljer'}: {target}")
    print(f"{changed} filer {'uppdaterade' if args.skriv else 'skiljer sig'}")
    return 0 if args.skriv or changed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

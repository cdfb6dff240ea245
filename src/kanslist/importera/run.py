"""Import an existing paper (`kanslist importera`): .docx or extracted text → a draft case file.

A .docx is read through pandoc in its sandbox, as a JSON syntax tree from which every
raw OOXML/HTML node is removed before it becomes Markdown; its page header (writing office,
date, dnr) is read with python-docx. Text extracted from PDF is cleaned by
:mod:`kanslist.importera_text`. :mod:`kanslist.importera_utkast` places the blocks in the
case's fields; this module writes the draft as YAML with comments saying what was
repaired, what is missing and what could not be placed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import yaml

from kanslist.errors import InvalidInput, KanslistError, Problem
from kanslist.granska import fullstandighet
from kanslist.granska.run import review_case
from kanslist.kinds import ARENDE, KINDS, kind_of
from kanslist.pipeline.load import parse_yaml
from kanslist.pipeline.validate import validate_case, validate_model
from kanslist.importera.segment import Draft
from kanslist.svenska import parse_date
from kanslist.importera.read_text import (Block, Read, configured_headings, printable, read_text, repair_date,
                                          repair_dnr)
from kanslist.importera.place import assemble
from kanslist.importera import protokoll

ORDER = ["typ", "rubrik", "dnr", "datum", "fran", "till", "handlaggare", "ansvarig", "forslag_till_beslut",
         "granskning", "motion", "uppdrag", "dokumenttyp", "beslutad_av", "beslutsdatum", "giltig_till",
         "dokumentansvarig", "sammanfattning", "inledning", "definitioner", "arendet", "avsnitt", "grupper",
         "rekommendationer", "undertecknare", "hanvisningar", "hanvisningar_text", "beslutsunderlag", "skickas_till"]
MARKDOWN_KEYS = {"sammanfattning", "arendet", "svar", "inledning", "rekommendation"}
_PANDOC_MARKDOWN = ("markdown-raw_html-raw_attribute-native_divs-native_spans-bracketed_spans-fenced_divs"
                    "-header_attributes-link_attributes-smart-simple_tables-multiline_tables-grid_tables"
                    "-fenced_code_attributes-inline_code_attributes-footnotes-citations")
_RAW = {"RawBlock", "RawInline"}


class ImportFel(KanslistError):
    """A paper that cannot be read at all."""


# ---- reading -----------------------------------------------------------------------------------

def _patterns(workspace) -> list:
    if workspace is None:
        return []
    from kanslist.dnr import DnrPattern

    organisation = workspace.organisation
    found = {organisation.diarienummer} | {e.diarienummer for e in organisation.enheter.values() if e.diarienummer}
    return [DnrPattern(p) for p in sorted(found)]


def _headings(workspace) -> list:
    return configured_headings(workspace.organisation.stil.rubriker) if workspace is not None else []


def _clean_ast(node: Any) -> Any:
    """Return the pandoc tree without raw OOXML/HTML, images (their alt text stays) or notes."""
    if isinstance(node, list):
        out = []
        for child in node:
            kind = child.get("t") if isinstance(child, dict) else None
            if kind in _RAW or kind == "Note":
                continue
            if kind in ("Div", "Span", "Image"):
                out.extend(_clean_ast(child["c"][1]))  # unwrap: keep the content, drop the container
                continue
            out.append(_clean_ast(child))
        return out
    if isinstance(node, dict):
        return {k: _clean_ast(v) for k, v in node.items()}
    return node


def markdown_blocks(text: str) -> list[Block]:
    """Return the blocks of pandoc's Markdown (headings, paragraphs, list items)."""
    blocks: list[Block] = []
    text = printable(text)
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.split("\n")
        first = lines[0]
        heading = re.match(r"^(#{1,6})\s+(.*)$", first)
        if heading and len(lines) == 1:
            blocks.append(Block("rubrik", heading.group(2).strip(), len(heading.group(1))))
            continue
        if re.match(r"^\s*[-*+]\s+", first) or re.match(r"^\s*\d+[.)]\s+", first):
            for line in lines:
                item = re.match(r"^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$", line)
                if item:
                    kind = "punkt" if item.group(1) else "nummer"
                    blocks.append(Block(kind, item.group(3).strip(), int(item.group(2) or 0)))
                elif blocks:
                    blocks[-1].text += " " + line.strip()
            continue
        if first.lstrip().startswith(("|", "+-")):
            blocks.append(Block("stycke", chunk))  # a table, kept as pandoc wrote it
            continue
        blocks.append(Block("stycke", " ".join(line.strip() for line in lines)))
    return blocks


# What one imported paper may be; a council paper is far below each (a 100-page .docx is
# some 2 MB). Checked before anything is unpacked: a zip bomb is refused, not read.
MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNPACKED = 100 * 1024 * 1024
MAX_DOCX_PARTS = 1_000
MAX_DOCX_RATIO = 100  # unpacked : packed of a part over 1 MB; XML packs some 10:1
MAX_TABLE_CELLS = 5_000
_CHUNK = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def check_docx(path: Path) -> None:
    """Refuse a .docx that is too large, unpacks to too much, or holds too many table cells."""
    import zipfile

    size = path.stat().st_size
    if size > MAX_DOCX_BYTES:
        raise ImportFel(f"{path}: filen är större än {_mb(MAX_DOCX_BYTES)} – importera texten utan bilder "
                        "(spara en kopia utan bilder, eller som text)")
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            if len(members) > MAX_DOCX_PARTS:
                raise ImportFel(f"{path}: filen har fler än {MAX_DOCX_PARTS} delar – spara den på nytt som .docx i Word")
            unpacked = sum(m.file_size for m in members)
            for member in members:
                if member.file_size > _CHUNK and member.file_size > MAX_DOCX_RATIO * member.compress_size:
                    raise ImportFel(f"{path}: delen {member.filename} packas upp till mer än {MAX_DOCX_RATIO} gånger "
                                    "sin storlek – filen är inget vanligt Word-dokument; spara den på nytt i Word")
            if unpacked > MAX_DOCX_UNPACKED:
                raise ImportFel(f"{path}: filen packas upp till mer än {_mb(MAX_DOCX_UNPACKED)} – importera "
                                "texten utan bilder (spara en kopia utan bilder, eller som text)")
            cells = _count_cells(package)
    except zipfile.BadZipFile:
        raise ImportFel(f"{path}: kunde inte läsas som Word-dokument (inget zip-arkiv) – "
                        "spara den som .docx i Word och försök igen") from None
    if cells > MAX_TABLE_CELLS:
        raise ImportFel(f"{path}: tabellerna har fler än {MAX_TABLE_CELLS} celler ({cells}) – importera "
                        "en kopia utan de stora tabellerna och lägg dem som bilaga")


def _count_cells(package) -> int:
    """Return the number of table cells (<w:tc>) of word/document.xml, read in pieces."""
    try:
        stream = package.open("word/document.xml")
    except KeyError:
        return 0
    count, tail = 0, b""
    with stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                return count
            data = tail + chunk
            # A tag cut by the piece's end is incomplete here and counted in the next piece.
            count += len(re.findall(rb"<w:tc[ >/]", data))
            tail = data[-5:]
            if count > MAX_TABLE_CELLS:
                return count


def read_docx(path: Path, patterns=()) -> Read:
    """Return the blocks and header fields of a Word document."""
    import docx
    import pypandoc

    check_docx(path)
    try:
        tree = json.loads(pypandoc.convert_file(str(path), "json", extra_args=["--sandbox"]))
        tree["blocks"] = _clean_ast(tree["blocks"])
        text = pypandoc.convert_text(json.dumps(tree), _PANDOC_MARKDOWN, format="json",
                                     extra_args=["--sandbox", "--wrap=none"])
    except (RuntimeError, OSError, ValueError) as exc:
        raise ImportFel(f"{path}: kunde inte läsas som Word-dokument ({str(exc).strip()[:200]}) – "
                        "spara den som .docx i Word och försök igen") from None
    read = Read(blocks=markdown_blocks(text))
    document = docx.Document(str(path))
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            _header_line(paragraph.text, read, patterns)
    core = document.core_properties
    read.kind_hint = core.category or core.subject or None
    read.titel = core.title or None
    if read.dnr is None and core.identifier and re.search(r"\d", core.identifier):
        read.dnr = core.identifier.strip()
    return read


def _header_line(text: str, read: Read, patterns) -> None:
    cells = [c.strip() for c in text.split("\t") if c.strip()]
    for cell in cells:
        dnr = re.match(r"^(?:Dnr|Diarienummer)[:.]?\s+(.+)$", cell, re.IGNORECASE)
        if dnr and read.dnr is None:
            read.dnr = repair_dnr(dnr.group(1), patterns)
            continue
        date = repair_date(cell) or _long_date(cell)
        if date and read.datum is None:
            read.datum = date
            continue
        if re.fullmatch(r"[A-ZÅÄÖ ]{6,}", cell):
            read.dokumentnamn = read.dokumentnamn or cell
            continue
        if re.match(r"^Sida\b", cell):
            continue
        if read.fran is None and cells.index(cell) == 0:
            read.fran = cell


def _long_date(text: str) -> dt.date | None:
    match = re.search(r"\b\d{1,2}\s+[a-zåäö]+\s+\d{4}\b", text)
    return parse_date(match.group(0)) if match else None


def read_paper(path: Path, workspace=None) -> Read:
    """Return what ``path`` (a .docx or a text file) says, as blocks and header fields."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise ImportFel(f"{path}: filen finns inte – kontrollera sökvägen")
    if not path.is_file():
        # /dev/zero, a pipe or a folder: reading it would never end.
        raise ImportFel(f"{path}: är ingen vanlig fil – importera en .docx- eller textfil")
    if suffix == ".docx":
        return read_docx(path, _patterns(workspace))
    if suffix in (".doc", ".odt", ".rtf", ".pdf"):
        hint = ("ta ut texten med 'pdftotext FIL.pdf' och importera .txt-filen" if suffix == ".pdf"
                else "spara den som .docx i Word eller LibreOffice")
        raise ImportFel(f"{path}: {suffix}-filer läses inte – {hint}")
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise ImportFel(f"{path}: filen är större än {_mb(MAX_TEXT_BYTES)} – dela upp texten och importera "
                        "en handling i taget")
    with path.open("rb") as stream:
        raw = stream.read(MAX_TEXT_BYTES + 1)  # the file may grow after the check
    if len(raw) > MAX_TEXT_BYTES:
        raise ImportFel(f"{path}: filen är större än {_mb(MAX_TEXT_BYTES)} – dela upp texten och importera "
                        "en handling i taget")
    text = "\x00"  # stays so when neither encoding fits: not a text file
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise ImportFel(f"{path}: filen är inte text – importera .docx eller text utdragen ur PDF")
    return read_text(text, _patterns(workspace), _headings(workspace))


# ---- writing -----------------------------------------------------------------------------------

def _scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    dumped = yaml.safe_dump(str(value), allow_unicode=True, default_flow_style=True, width=10 ** 9)
    return dumped.strip().removesuffix("...").strip()


def _emit(key: str | None, value: Any, indent: int, out: list[str], comments: dict[str, list[str]] | None = None,
          first_prefix: str | None = None) -> None:
    """Append the YAML lines of ``key: value`` at ``indent`` to ``out``."""
    pad = " " * indent
    lead = first_prefix if first_prefix is not None else pad
    label = f"{key}:" if key is not None else ""
    if comments and key in comments:
        for line in comments[key]:
            out.extend(pad + "# " + part for part in textwrap.wrap(line, 100 - indent) or [""])
    if isinstance(value, dict):
        if key is not None:
            out.append(lead + label)
            lead = pad + "  "
            inner = indent + 2
        else:
            inner = indent
        for i, (k, v) in enumerate(value.items()):
            _emit(k, v, inner, out, first_prefix=lead if i == 0 else None)
        return
    if isinstance(value, list):
        out.append(lead + label)
        for item in value:
            if isinstance(item, dict):
                _emit(None, item, indent + 4, out, first_prefix=pad + "  - ")
            else:
                _emit(None, item, indent + 4, out, first_prefix=pad + "  - ")
        return
    text = value if not isinstance(value, str) else value.strip()
    if isinstance(text, str) and (key in MARKDOWN_KEYS or "\n" in text):
        body = [line.rstrip() for line in text.split("\n")]
        out.append(lead + (label + " |" if label else "|"))
        out.extend((pad + "  " + line) if line else "" for line in body)
        return
    out.append(lead + (f"{label} {_scalar(text)}" if label else _scalar(text)))


def comment_head(first: str, draft, problems_title: str, problems: list[str]) -> list[str]:
    """Return a draft's opening comment lines: what it is, what was mended, what is missing, the problems
    the draft is read with, and how many paragraphs stay as comments (a case's draft and a meeting's alike)."""
    top = [first]
    if draft.noter:
        top.append("Lagat vid inläsningen:")
        top.extend(f"  - {n}" for n in draft.noter)
    if draft.saknas:
        top.append("Saknas (står som SAKNAS nedan):")
        top.extend(f"  - {k}: {why}" for k, why in draft.saknas)
    if problems:
        top.append(problems_title)
        top.extend(f"  - {p}" for p in problems)
    if draft.kvar:
        one = len(draft.kvar) == 1
        top.append(f"{len(draft.kvar)} {'stycke' if one else 'stycken'} kunde inte placeras: "
                   f"{'det står som kommentar' if one else 'de står som kommentarer'} sist i filen.")
    return ["# " + part for line in top for part in (textwrap.wrap(line, 100, subsequent_indent="    ") or [""])]


def comment_tail(kvar: list[str]) -> list[str]:
    """Return the closing comment lines that keep the text no field took, so that nothing is lost."""
    if not kvar:
        return []
    out = ["", "# Kunde inte placeras (texten står kvar här så att inget går förlorat):"]
    for text in kvar:
        out.append("#")
        for line in text.split("\n"):
            out.extend("#   " + part for part in (textwrap.wrap(line, 96) or [""]))
    return out


def render_draft(draft: Draft, source: str, problems: list[str] = ()) -> str:
    """Return the YAML text of ``draft`` with its comments."""
    out = comment_head(f"Utkast från 'kanslist importera {source}' – läs igenom och komplettera innan ärendet byggs.",
                       draft, "kanslist granska säger om utkastet:", problems)
    missing = {k: why for k, why in draft.saknas}
    data = draft.data
    keys = [k for k in ORDER if k in data or k in missing or k in draft.kommentarer]
    keys += [k for k in data if k not in ORDER]
    for key in keys:
        if key in data:
            _emit(key, data[key], 0, out, draft.kommentarer)
        elif key not in missing:
            out.extend(f"# {key}: {line}" for line in draft.kommentarer[key])
        else:
            out.append(f"# {key}:    # SAKNAS – {missing[key]}")
        for dotted, why in draft.saknas:
            if dotted.startswith(key + "."):
                out.append(f"  # {dotted.split('.', 1)[1]}:    # SAKNAS – {why}")
    out.extend(comment_tail(draft.kvar))
    return "\n".join(out) + "\n"


def _review(text: str, name: str, workspace) -> list[str]:
    """Return what validation and the case rules of granska say about the draft (no line numbers)."""
    try:
        loaded = parse_yaml(text, name)
    except InvalidInput as exc:  # pragma: no cover - the writer makes valid YAML
        return [f"{p.field}: {p.message}" for p in exc.problems]
    problems: list[Problem] = []
    try:
        if workspace is not None:
            arende = validate_case(loaded, workspace)
        else:
            arende = validate_model(ARENDE, loaded, strip_tag=True)
    except InvalidInput as exc:
        problems = exc.problems
    else:
        if workspace is not None:
            # The rules of completeness and consistency; language is for the finished text.
            rules = [*kind_of(arende).rules, *fullstandighet.RULES]
            problems = review_case(workspace, Path(name), loaded, arende, dt.date.today(), {}, text, rules)
    shown = []
    for p in problems:
        line = f"{p.field}: {p.message}" if p.field else p.message
        if p.severity != "fel":
            line += f" ({p.severity})"
        shown.append(line)
    return shown


def importera_text(text: str, name: str, workspace=None) -> str:
    """Return the YAML text of a draft made from a paper's extracted ``text``.

    A protocol or a protocol extract gives a draft meeting file (sammantraden/), any other paper a case file.
    """
    if protokoll.recognise(text):
        return protokoll.importera_protokoll(text, name, workspace, _patterns(workspace))
    return _draft(read_text(text, _patterns(workspace), _headings(workspace)), name, workspace)


def _draft(read: Read, name: str, workspace) -> str:
    read.headings = read.headings or _headings(workspace)  # a .docx's headings come from its structure
    draft = assemble(read, workspace, _patterns(workspace))
    text = render_draft(draft, name)
    saknas = {k.split(".")[0] for k, _ in draft.saknas}
    problems = [p for p in _review(text, name, workspace) if p.split(":")[0].split(".")[0] not in saknas
                or not p.split(": ", 1)[-1].startswith("saknas")]
    return render_draft(draft, name, problems)


def importera(path: Path | str, workspace=None) -> str:
    """Return the YAML text of a draft case file made from the paper at ``path``.

    ``workspace`` (optional) lets names become the organisation's ids and case numbers be
    read with its pattern; without it names stay text. Raise ImportFel when the file
    cannot be read at all.
    """
    path = Path(path)
    read = read_paper(path, workspace)
    # A Word document's text is its blocks, one a paragraph; its properties may name a case kind.
    source = read.source if read.source is not None else "\n\n".join(b.text for b in read.blocks)
    if read.kind_hint not in KINDS and protokoll.recognise(source):
        return protokoll.importera_protokoll(source, path.name, workspace, _patterns(workspace))
    return _draft(read, path.name, workspace)

"""Read, check and repair the metadata of the PDF/A files LibreOffice writes.

PDF/A (ISO 19005-2, 6.6.2.3) requires every entry of the Info dictionary to agree
with its XMP counterpart. LibreOffice 7.4 escapes text twice in the XMP (a title
``A & B`` becomes ``A &amp;amp; B``) while the Info dictionary says ``A & B``, so
its own output breaks that rule whenever a title, author, subject or keyword
holds ``&``, ``<``, ``>`` or a quote. :func:`repair_metadata` rewrites the XMP
from the values we know to be right and lets pikepdf's ``open_metadata`` write
the Info dictionary from the XMP, and :func:`metadata_problems` checks the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Name
from pikepdf.models import PdfMetadata

# The Info entries PDF/A ties to XMP, with the XMP property each must equal.
_INFO_TO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}
_DATES = {"/CreationDate", "/ModDate"}
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")

# D:YYYYMMDDHHmmSS with an optional zone; LibreOffice 7.4 writes "Z'", which
# is not in the grammar of ISO 32000-1 (7.9.4), so a stray apostrophe is allowed.
_PDF_DATE = re.compile(
    r"(?:D:)?(?P<y>\d{4})(?P<mo>\d{2})?(?P<d>\d{2})?(?P<h>\d{2})?(?P<mi>\d{2})?(?P<s>\d{2})?"
    r"(?:(?P<z>Z)|(?P<sign>[+-])(?P<tzh>\d{2})'?(?P<tzm>\d{2})?)?'?"
)


@dataclass(frozen=True)
class PdfFacts:
    """What a PDF file says about itself, as far as PDF/A and accessibility go."""

    info: dict[str, str]
    xmp: dict[str, str]
    language: str | None
    pdfa_part: str | None
    pdfa_conformance: str | None
    marked: bool
    struct_tree: bool
    metadata_filtered: bool
    unembedded_fonts: tuple[str, ...] = field(default=())


def read_facts(path: Path | str) -> PdfFacts:
    """Return the metadata, tagging and font facts of the PDF at ``path``.

    Missing entries are left out of ``info``/``xmp``; ``language`` and the
    PDF/A fields are ``None`` when the file does not declare them.
    """
    with pikepdf.open(path) as pdf:
        return _facts(pdf)


def _facts(pdf: pikepdf.Pdf) -> PdfFacts:
    info = {key: str(pdf.docinfo[key]) for key in _INFO_TO_XMP if key in pdf.docinfo}
    meta = pdf.open_metadata()
    xmp = {}
    for prop in _INFO_TO_XMP.values():
        try:
            value = meta[prop]
        except KeyError:
            continue
        # dc:creator is an ordered list; the Info entry joins it with "; ".
        xmp[prop] = "; ".join(value) if isinstance(value, list) else str(value)
    part = meta.get("pdfaid:part")
    conformance = meta.get("pdfaid:conformance")
    root = pdf.Root
    lang = root.get("/Lang")
    mark_info = root.get("/MarkInfo")
    metadata = root.get("/Metadata")
    return PdfFacts(
        info=info,
        xmp=xmp,
        language=str(lang) if lang is not None else None,
        pdfa_part=str(part) if part is not None else None,
        pdfa_conformance=str(conformance) if conformance is not None else None,
        marked=bool(mark_info is not None and mark_info.get("/Marked", False)),
        struct_tree="/StructTreeRoot" in root,
        metadata_filtered=metadata is not None and "/Filter" in metadata.stream_dict,
        unembedded_fonts=tuple(sorted(_unembedded_fonts(pdf))),
    )


def _unembedded_fonts(pdf: pikepdf.Pdf) -> set[str]:
    missing = set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != Name.Font:
            continue
        # Type0 fonts embed through their descendant, itself a /Font object;
        # Type3 glyphs are content streams inside the file.
        if obj.get("/Subtype") in (Name.Type0, Name.Type3):
            continue
        descriptor = obj.get("/FontDescriptor")
        if descriptor is None or not any(key in descriptor for key in _FONT_FILES):
            missing.add(str(obj.get("/BaseFont", "?")).lstrip("/"))
    return missing


def metadata_problems(
    facts: PdfFacts, *, title: str, author: str, language: str
) -> list[str]:
    """Return what keeps ``facts`` from being the PDF/A-2b we promise, in Swedish.

    An empty list means the file declares PDF/A-2b, is tagged, carries
    ``language`` and the given title and author, embeds every font, and its
    Info dictionary agrees with its XMP.
    """
    problems = []
    if (facts.pdfa_part, (facts.pdfa_conformance or "").upper()) != ("2", "B"):
        problems.append(
            f"XMP anger inte PDF/A-2b (pdfaid:part={facts.pdfa_part}, "
            f"pdfaid:conformance={facts.pdfa_conformance})"
        )
    if facts.metadata_filtered:
        problems.append("XMP-strömmen är komprimerad")
    if not (facts.marked and facts.struct_tree):
        problems.append("PDF:en saknar taggar (MarkInfo/StructTreeRoot)")
    if facts.language != language:
        problems.append(f"dokumentspråket är {facts.language!r}, inte {language!r}")
    for key, expected in (("/Title", title), ("/Author", author)):
        if expected and facts.info.get(key) != expected:
            problems.append(f"{key[1:]} är {facts.info.get(key)!r}, inte {expected!r}")
    for key, prop in _INFO_TO_XMP.items():
        in_info, in_xmp = facts.info.get(key), facts.xmp.get(prop)
        if in_info is None and in_xmp is None:
            continue
        if key in _DATES:
            same = _same_instant(in_info, in_xmp)
        else:
            same = in_info == in_xmp
        if not same:
            problems.append(f"Info {key[1:]} {in_info!r} skiljer sig från XMP {prop} {in_xmp!r}")
    if facts.unembedded_fonts:
        problems.append("typsnitt som inte är inbäddade: " + ", ".join(facts.unembedded_fonts))
    return problems


def repair_metadata(
    source: Path | str, target: BinaryIO, *, title: str, author: str, language: str
) -> None:
    """Write ``source`` to the binary file ``target`` with consistent metadata.

    The XMP gets ``title``, ``author`` and ``language`` (an empty title or
    author keeps the one in the Info dictionary), subject and keywords are copied from the Info
    dictionary (which LibreOffice writes correctly), and the Info dictionary is
    then written from the XMP by pikepdf so that the two agree. The catalog's
    ``/Lang`` is set to ``language``. The PDF/A identification is kept as it is.
    """
    with pikepdf.open(source) as pdf:
        # An empty title or author keeps the one LibreOffice took from the DOCX.
        title = title or str(pdf.docinfo.get("/Title", ""))
        author = author or str(pdf.docinfo.get("/Author", ""))
        from_info = {
            prop: str(pdf.docinfo[key])
            for key, prop in (("/Subject", "dc:description"), ("/Keywords", "pdf:Keywords"))
            if key in pdf.docinfo
        }
        # set_pikepdf_as_editor=False: Producer stays LibreOffice, which wrote
        # the content; update_docinfo (the default) rewrites Info from XMP.
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            _set_or_delete(meta, "dc:title", title)
            _set_or_delete(meta, "dc:creator", [author] if author else None)
            meta["dc:language"] = [language]
            for prop, value in from_info.items():
                meta[prop] = value
        pdf.Root.Lang = pikepdf.String(language)
        pdf.save(target)


def _set_or_delete(meta: PdfMetadata, prop: str, value) -> None:
    if value:
        meta[prop] = value
    elif prop in meta:
        del meta[prop]


def _same_instant(pdf_date: str | None, xmp_date: str | None) -> bool:
    if pdf_date is None or xmp_date is None:
        return False
    try:
        left, right = _parse_pdf_date(pdf_date), datetime.fromisoformat(xmp_date)
    except ValueError:
        return False
    if (left.tzinfo is None) != (right.tzinfo is None):
        left, right = left.replace(tzinfo=None), right.replace(tzinfo=None)
    return left == right


def _parse_pdf_date(text: str) -> datetime:
    match = _PDF_DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    tz = None
    if match["z"]:
        tz = timezone.utc
    elif match["sign"]:
        offset = timedelta(hours=int(match["tzh"]), minutes=int(match["tzm"] or 0))
        tz = timezone(-offset if match["sign"] == "-" else offset)
    return datetime(
        int(match["y"]),
        int(match["mo"] or 1),
        int(match["d"] or 1),
        int(match["h"] or 0),
        int(match["mi"] or 0),
        int(match["s"] or 0),
        tzinfo=tz,
    )

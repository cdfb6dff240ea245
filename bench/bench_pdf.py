"""Benchmark PDF/A conversion: one LibreOffice process per batch versus one per document.

Generates 50 small but realistic DOCX letters (headings, lists, a table, about
two pages each), converts them (a) as one batch through one soffice process and
(b) one soffice process per document, both with the same warmed-up profile and
the same metadata repair, prints a table and writes build/bench-pdf.json.
Run from the repository root: .venv/bin/python bench/bench_pdf.py
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
import pikepdf
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kanslist.pdf.convert import PdfConverter, PdfJob, find_soffice

DOCUMENTS = 50
ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "build" / "bench-pdf.json"

PARAGRAPH = (
    "Kommunledningskontoret har tagit del av revisorernas granskning och delar i allt "
    "väsentligt bedömningen att styrningen av arbete på annan plats behöver tydliggöras. "
    "Förvaltningarna har i dag olika rutiner för överenskommelser, uppföljning och "
    "arbetsmiljöansvar, vilket gör det svårt för medarbetare och chefer att veta vad som gäller."
)


def make_letter(path: Path, number: int) -> PdfJob:
    """Write one letter of about two pages and return its conversion job."""
    title = f"Svar på granskning nr {number}: styrning & ledning av hemarbete"
    document = docx.Document()
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    document.core_properties.title = title
    document.core_properties.author = "Anna Yström"
    document.add_heading(title, 1)
    for section in ("Sammanfattning", "Ärendet", "Bedömning"):
        document.add_heading(section, 2)
        for _ in range(3):
            document.add_paragraph(PARAGRAPH)
        for item in ("utreda skriftliga överenskommelser", "ta fram en gemensam riktlinje", "följa upp arbetsmiljön"):
            document.add_paragraph(f"HR-enheten ges i uppdrag att {item}.", style="List Bullet")
    document.add_heading("Åtgärdsplan", 2)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Rekommendation", "Åtgärd", "Ansvarig", "Klart")):
        cell.text = text
    for row in range(1, 7):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(row), "Utreda och besluta om rutin", "HR-chef", "2025-12-31")):
            cell.text = text
    for step in ("Anta förslaget till svar", "Överlämna svaret till revisorerna"):
        document.add_paragraph(step, style="List Number")
    document.save(path)
    return PdfJob(path, None, title, "Anna Yström")


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> int:
    reason = PdfConverter.unavailable_reason()
    if reason is not None:
        print(reason, file=sys.stderr)
        return 1
    version = subprocess.run(
        [find_soffice(), "--version"], capture_output=True, text=True, timeout=60
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        folder = Path(tmp)
        jobs = [make_letter(folder / f"brev-{n:02d}.docx", n) for n in range(1, DOCUMENTS + 1)]
        with PdfConverter() as converter:
            # The first start creates the profile; measured apart from both ways.
            warmup = timed(lambda: converter.convert(jobs[:1]))
            batch = timed(lambda: converter.convert(jobs))
            with pikepdf.open(jobs[0].pdf) as pdf:
                pages = len(pdf.pages)
            per_process = timed(lambda: [converter.convert([job]) for job in jobs])
    figures = {
        "documents": DOCUMENTS,
        "pages_per_document": pages,
        "libreoffice": version,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "first_start_with_new_profile_s": round(warmup, 3),
        "batch_one_process": {"total_s": round(batch, 3), "per_document_s": round(batch / DOCUMENTS, 3)},
        "one_process_per_document": {
            "total_s": round(per_process, 3),
            "per_document_s": round(per_process / DOCUMENTS, 3),
        },
        "speedup": round(per_process / batch, 2),
    }
    print(f"PDF/A-2b of {DOCUMENTS} DOCX letters ({pages} pages each), {version}, {os.cpu_count()} CPUs")
    print(f"{'way':<28}{'total':>10}{'per document':>15}")
    for label, seconds in (("one process for the batch", batch), ("one process per document", per_process)):
        print(f"{label:<28}{seconds:>9.1f}s{seconds / DOCUMENTS:>14.3f}s")
    print(f"batch is {figures['speedup']}x faster; first start with a new profile {warmup:.1f} s")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

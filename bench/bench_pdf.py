"""Benchmark PDF/A conversion: the batch shared among one LibreOffice per core, in one, or one per document.

Generates 50 small but realistic DOCX letters (headings, lists, a table, about
two pages each, in python-docx's default template with its 350 kB of styles) and
converts them (a) as one batch shared among one soffice process per core (what
kanslist does), (a') the same with glibc's malloc instead of tcmalloc, (b) as one
batch through one soffice process, and (c) the first PER_PROCESS of them with one
soffice process per document; and (d) the papers kanslist makes of examples/kommun-ar
(its own slim templates: tjänsteskrivelser, kallelser, protokoll, utdrag, anslag)
shared like (a). All with warmed-up profiles (in a cache of the bench's own) and
the same metadata repair. Prints a table and writes build/bench-pdf.json, with
the load average: the machine may be shared.
Run from the repository root: .venv/bin/python bench/bench_pdf.py
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
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
PER_PROCESS = 10  # one process per document is slow: measured on fewer
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


def kanslist_documents(folder: Path) -> list[PdfJob]:
    """Build examples/kommun-ar (a year of cases and meetings) in ``folder``; return a job per DOCX it made."""
    from kanslist.pipeline.build import build
    from kanslist.workspace import Workspace

    source = ROOT / "examples" / "kommun-ar"
    for sub in ("arenden", "data", "sammantraden", "mallar"):
        if (source / sub).is_dir():
            shutil.copytree(source / sub, folder / sub)
    build(Workspace(folder), jobs=1)
    jobs = []
    for path in sorted((folder / "build").rglob("*.docx")):
        properties = docx.Document(str(path)).core_properties
        jobs.append(PdfJob(path, None, properties.title or path.stem, properties.author or ""))
    return jobs


def timed(function) -> tuple[float, float]:
    """Return the wall-clock and the children's CPU seconds of ``function()``."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    function()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)


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
        profiles = folder / "profiler"
        jobs = [make_letter(folder / f"brev-{n:02d}.docx", n) for n in range(1, DOCUMENTS + 1)]
        own = kanslist_documents(folder / "kommun-ar")
        with (
            PdfConverter(profiles=profiles) as shared,
            PdfConverter(processes=1, profiles=profiles) as single,
            PdfConverter(profiles=profiles, fast_allocator=False) as glibc,
        ):
            # The first start creates a profile; measured apart, as is warming every lane's.
            warmup, _ = timed(lambda: single.convert(jobs[:1]))
            shared.convert(jobs[: shared.processes])
            glibc.convert(jobs[: glibc.processes])
            ways = {
                "batch_shared_by_processes": timed(lambda: shared.convert(jobs)) + (DOCUMENTS,),
                "kanslist_documents_shared": timed(lambda: shared.convert(own)) + (len(own),),
                "batch_shared_glibc_malloc": timed(lambda: glibc.convert(jobs)) + (DOCUMENTS,),
                "batch_one_process": timed(lambda: single.convert(jobs)) + (DOCUMENTS,),
                "one_process_per_document": timed(
                    lambda: [single.convert([job]) for job in jobs[:PER_PROCESS]]
                ) + (PER_PROCESS,),
            }
            with pikepdf.open(jobs[0].pdf) as pdf:
                pages = len(pdf.pages)
            processes, allocator = shared.processes, shared.allocator
    load = os.getloadavg()
    figures = {
        "documents": DOCUMENTS,
        "pages_per_document": pages,
        "libreoffice": version,
        "cpus": os.cpu_count(),
        "soffice_processes": processes,
        "allocator": allocator or "glibc",
        "load_average_1_5_15": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "first_start_with_new_profile_s": round(warmup, 3),
        **{
            way: {
                "documents": count,
                "total_s": round(wall, 3),
                "per_document_s": round(wall / count, 3),
                "soffice_cpu_per_document_s": round(cpu / count, 3),
            }
            for way, (wall, cpu, count) in ways.items()
        },
    }
    per_doc = {way: wall / count for way, (wall, _, count) in ways.items()}
    figures["speedup_shared_over_one_process"] = round(
        per_doc["batch_one_process"] / per_doc["batch_shared_by_processes"], 2
    )
    print(f"PDF/A-2b of {DOCUMENTS} DOCX letters ({pages} pages each), {version}, {os.cpu_count()} CPUs, "
          f"load {load[0]:.1f}")
    print(f"{'way':<36}{'docs':>5}{'total':>9}{'per document':>15}{'CPU/doc':>9}")
    labels = {
        "batch_shared_by_processes": f"batch shared by {processes} processes",
        "kanslist_documents_shared": "examples/kommun-ar's papers, shared",
        "batch_shared_glibc_malloc": "the same without tcmalloc",
        "batch_one_process": "batch in one process",
        "one_process_per_document": "one process per document",
    }
    for way, (wall, cpu, count) in ways.items():
        print(f"{labels[way]:<36}{count:>5}{wall:>8.1f}s{wall / count:>14.3f}s{cpu / count:>8.3f}s")
    print(f"shared is {figures['speedup_shared_over_one_process']}x faster than one process; "
          f"first start with a new profile {warmup:.1f} s")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

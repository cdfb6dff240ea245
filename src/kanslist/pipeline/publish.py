"""After a build: PDF/A beside each document (--pdf) and registration in the diarium (--registrera).

Both work from the build's report in memory (each case's manifest as the build wrote or
checked it); a PDF is stale when its recorded source hash differs from the document's.

A document is registered when it is upprättad (5 kap. 1 § OSL, 2 kap. 10 § TF), not at every
build: a case decided at a meeting has its tjänsteskrivelse registered once the meeting's
kallelse is made, its other papers (the letter to the auditors, the action plan) and each
protocol extract once the protocol is justerat. A case that goes to no meeting is upprättad
when its handläggare registers it. Registering an unchanged document again does nothing; a
document changed after it was registered is registered as a new version, saying so.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kanslist.errors import KanslistError
from kanslist.pipeline.build import read_manifest
from kanslist.pipeline.write import sha256, write_json
from kanslist.workspace import Workspace

PDF_RECORD = "pdf.json"  # build/<case>/pdf.json: the source hash of each PDF written


@dataclass(frozen=True)
class BuiltDocument:
    """One Word document of a successful case, with what its manifest says of it."""

    path: Path
    label: str  # "Tjänsteskrivelse"
    title: str
    author: str
    sha256: str
    dnr: str
    sekretess: dict | None  # {"grund": ..., "maskera": [...]}, or None
    case: str = ""  # the case file as the workspace names it (arenden/x.yaml); "" for a meeting's paper


@dataclass
class Published:
    """What ``publish`` did: the PDF files written and the documents registered (file, number)."""

    pdfs: list[Path] = field(default_factory=list)
    registered: list[tuple[Path, str]] = field(default_factory=list)


def built_documents(report) -> list[BuiltDocument]:
    """Return every Word document of the build's successful cases, as its manifest records it."""
    found = []
    for result in report.results:
        if result.status == "fel":
            continue
        manifest = result.manifest
        folder = Path(report.build_dir) / result.case
        for name, record in sorted((manifest.get("dokument") or {}).items()):
            if not name.endswith(".docx"):
                continue
            found.append(BuiltDocument(
                path=folder / name, label=record.get("etikett") or Path(name).stem,
                title=manifest.get("rubrik") or Path(name).stem, author=manifest.get("forfattare", ""),
                sha256=record["sha256"], dnr=manifest.get("dnr") or "", sekretess=manifest.get("sekretess"),
                case=manifest.get("arende", "") if manifest.get("typ") != "sammantrade" else ""))
    return found


@dataclass(frozen=True)
class Agenda:
    """Where a case stands in the workspace's meetings: its kallelse made, its protocol justerat."""

    called: bool  # a kallelse with the case is built
    justerat: bool  # the protocol deciding it is justerat


def agendas(workspace: Workspace, today: dt.date) -> tuple[dict[str, Agenda], list[tuple[Path, dict, dict]]]:
    """Return each case on a meeting's agenda (by its file as the workspace names it), and the
    protocol extracts that are justerat: (file, their decision record item, the meeting's record)."""
    found: dict[str, Agenda] = {}
    extracts = []
    folder = workspace.build_dir / "sammantraden"
    for meeting in sorted(folder.glob("*/beslut.json")) if folder.is_dir() else []:
        try:
            record = json.loads(meeting.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        called = (meeting.parent / "kallelse.docx").is_file()
        justerat = bool(record.get("justerat")) and dt.date.fromisoformat(record["justerat"]) <= today
        for case in (read_manifest(meeting.parent).get("arenden") or []):
            before = found.get(case, Agenda(False, False))
            found[case] = Agenda(before.called or called, before.justerat or justerat)
        if justerat:
            for item in record.get("paragrafer", []):
                extract = meeting.parent / f"utdrag-{item.get('nr')}.docx"
                if item.get("dnr") and extract.is_file():
                    extracts.append((extract, item, record))
    return found, extracts


def upprattade(workspace: Workspace, documents: list[BuiltDocument], today: dt.date) -> list[BuiltDocument]:
    """Return the documents that are upprättade today, the protocol extracts justerat included."""
    on_agenda, extracts = agendas(workspace, today)
    chosen = []
    for doc in documents:
        if not doc.case:
            continue  # a meeting's own papers: the extracts are taken below
        agenda = on_agenda.get(doc.case)
        if agenda is None:
            chosen.append(doc)  # no meeting decides it: upprättad when its handläggare registers it
        elif doc.path.stem == "tjansteskrivelse" and agenda.called:
            chosen.append(doc)  # upprättad when the kallelse with it goes out
        elif agenda.justerat:
            chosen.append(doc)  # expedited after the decision
    for path, item, record in extracts:
        chosen.append(BuiltDocument(
            path=path, label=f"Protokollsutdrag {item['referens']}", title=item.get("rubrik") or "",
            author=record.get("organ_namn", ""), sha256=sha256(path.read_bytes()), dnr=item["dnr"], sekretess=None,
            case=""))
    return chosen


def _pdf_record(folder: Path) -> dict:
    try:
        record = json.loads((folder / PDF_RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def make_pdfs(documents: list[BuiltDocument]) -> list[Path]:
    """Return the PDF/A files written beside ``documents``: those missing or made from other content."""
    from kanslist.pdf.convert import PdfConverter, PdfJob, PdfUnavailable

    reason = PdfConverter.unavailable_reason()
    if reason:
        raise PdfUnavailable(reason)
    jobs, wanted = [], []
    for doc in documents:
        pdf = doc.path.with_suffix(".pdf")
        if pdf.exists() and _pdf_record(doc.path.parent).get(pdf.name) == doc.sha256:
            continue  # staleness by content hash, never by file times
        jobs.append(PdfJob(docx=doc.path, pdf=pdf, title=doc.title, author=doc.author))
        wanted.append(doc)
    if not jobs:
        return []
    with PdfConverter() as converter:
        written = converter.convert(jobs)
    by_folder: dict[Path, dict] = {}
    for doc in wanted:
        if doc.path.with_suffix(".pdf") in written:
            by_folder.setdefault(doc.path.parent, _pdf_record(doc.path.parent))[doc.path.with_suffix(".pdf").name] = doc.sha256
    for folder, record in by_folder.items():
        write_json(folder / PDF_RECORD, record)
    return written


def register_documents(workspace: Workspace, documents: list[BuiltDocument]) -> list[tuple[Path, str]]:
    """Return (file, document number) for each document recorded in its case in the diarium.

    A document whose case has no dnr cannot be registered: that is an error naming it.
    A classified case's marking (5 kap. 5 § OSL) goes with every one of its documents.
    """
    from kanslist.diarium.register import Diarium

    missing = [doc.path for doc in documents if not doc.dnr]
    if missing:
        names = ", ".join(workspace.display(p) for p in missing)
        raise KanslistError(f"{names}: ärendet har inget diarienummer – registrera ärendet med "
                            "'kanslist diarium nytt' och skriv numret i fältet dnr")
    registered = []
    with Diarium.open(workspace.diarium_url(), workspace.organisation) as diarium:
        for doc in documents:
            marking = doc.sekretess or {}
            description = _versioned(diarium, doc)
            number = diarium.registrera_fil(doc.dnr, doc.path, description,
                                            sekretess=marking.get("grund") or None, maskera=marking.get("maskera"))
            registered.append((doc.path, number))
    return registered


def _versioned(diarium, doc: BuiltDocument) -> str:
    """Return the register's description of ``doc``: "Tjänsteskrivelse: rubrik", with "(version 2)" when
    the case already holds an earlier, different version of it."""
    base = f"{doc.label}: {doc.title}"
    earlier = [h for h in diarium.visa(doc.dnr).handlingar
               if h.beskrivning == base or h.beskrivning.startswith(base + " (version ")]
    same = next((h.beskrivning for h in earlier if h.sha256 == doc.sha256), None)
    if same is not None:
        return same  # registered already: the register recognises it by its hash
    return f"{base} (version {len(earlier) + 1})" if earlier else base


def publish(workspace: Workspace, report, pdf: bool = False, registrera: bool = False,
            on_step: Callable[[str], None] | None = None) -> Published:
    """Return what was done: PDFs written and the build's documents registered, as asked.

    ``on_step`` hears one Swedish line per step (the CLI prints them; the library never does).
    """
    done = Published()
    documents = built_documents(report)
    if pdf:
        done.pdfs = make_pdfs(documents)
        if on_step:
            on_step(f"{len(done.pdfs)} PDF/A-filer skrivna")
    if registrera:
        from kanslist.init import today

        done.registered = register_documents(workspace, upprattade(workspace, documents, today()))
        if on_step:
            for path, number in done.registered:
                on_step(f"{workspace.display(path)}: registrerad som {number}")
    return done


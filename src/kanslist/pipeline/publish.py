"""After a build: PDF/A beside each document (--pdf) and registration in the diarium (--registrera)."""

from __future__ import annotations

from pathlib import Path

import docx

from kanslist.pipeline.build import read_manifest
from kanslist.errors import KanslistError
from kanslist.workspace import Workspace

DOCUMENT_LABEL = {
    "tjansteskrivelse": "Tjänsteskrivelse",
    "svar-till-revisorerna": "Svar till revisorerna",
    "atgardsplan": "Åtgärdsplan",
    "styrdokument": "Styrdokument",
}


def built_documents(workspace: Workspace, report) -> list[tuple[Path, dict]]:
    """Return every Word document of the build's successful cases, with its case's manifest."""
    found = []
    for result in report.results:
        if result.status == "fel":
            continue
        folder = workspace.build_dir / result.case
        manifest = read_manifest(folder)
        for name in result.outputs:
            if name.endswith(".docx"):
                found.append((folder / name, manifest))
    return found


def _needs_pdf(path: Path) -> bool:
    pdf = path.with_suffix(".pdf")
    return not pdf.exists() or pdf.stat().st_mtime < path.stat().st_mtime


def make_pdfs(documents: list[Path]) -> list[Path]:
    """Return the PDF/A files written beside ``documents`` (only those missing or older)."""
    from kanslist.pdf.convert import PdfConverter, PdfJob, PdfUnavailable

    reason = PdfConverter.unavailable_reason()
    if reason:
        raise PdfUnavailable(reason)
    jobs = []
    for path in documents:
        if not _needs_pdf(path):
            continue
        core = docx.Document(str(path)).core_properties
        jobs.append(PdfJob(docx=path, pdf=path.with_suffix(".pdf"), title=core.title or path.stem,
                           author=core.author or ""))
    if not jobs:
        return []
    with PdfConverter() as converter:
        return converter.convert(jobs)


def register_documents(workspace: Workspace, documents: list[tuple[Path, dict]]) -> list[tuple[Path, str]]:
    """Return (file, document number) for each document recorded in its case in the diarium.

    A document whose case has no dnr cannot be registered: that is an error naming it.
    """
    from kanslist.diarium.register import Diarium

    missing = [path for path, manifest in documents if not manifest.get("dnr")]
    if missing:
        names = ", ".join(workspace.display(p) for p in missing)
        raise KanslistError(f"{names}: ärendet har inget diarienummer – registrera ärendet med "
                            "'kanslist diarium nytt' och skriv numret i fältet dnr")
    registered = []
    with Diarium.open(workspace.diarium_url(), workspace.organisation) as diarium:
        for path, manifest in documents:
            title = docx.Document(str(path)).core_properties.title or path.stem
            label = DOCUMENT_LABEL.get(path.stem, path.stem)
            number = diarium.registrera_fil(manifest["dnr"], path, f"{label}: {title}",
                                            sekretess=manifest.get("sekretess") or None)
            registered.append((path, number))
    return registered


def publish(workspace: Workspace, report, pdf: bool = False, registrera: bool = False, quiet: bool = False) -> None:
    """Write PDFs and register the build's documents, as asked; prints what it did unless quiet."""
    import click

    documents = built_documents(workspace, report)
    if pdf:
        written = make_pdfs([path for path, _ in documents])
        if not quiet:
            click.echo(f"{len(written)} PDF/A-filer skrivna", err=True)
    if registrera:
        for path, number in register_documents(workspace, documents):
            if not quiet:
                click.echo(f"{workspace.display(path)}: registrerad som {number}", err=True)

"""After a build: PDF/A beside each document (--pdf) and registration in the diarium (--registrera).

Both work from the build's report in memory (each case's manifest as the build wrote or
checked it); a PDF is stale when its recorded source hash differs from the document's.

A document is registered when it is upprättad (5 kap. 1 § OSL, 2 kap. 10 § TF), not at every
build, and dated the day it was upprättad: a case decided at a meeting has its tjänsteskrivelse
registered on the day the meeting's kallelse was drawn up, its other papers (the letter to the
auditors, the action plan) and each protocol extract on the day the protocol was justerat. The
meeting's own papers are registered too: the kallelse on its day, the protocol on the day of
justering, the anslag on the day it is put up, in the meeting file's dnr or else in one case
per body and year ("Sammanträden Kommunstyrelsen 2026"). A case that goes to no meeting is
upprättad when its handläggare registers it. Registering an unchanged document again does
nothing; a document changed after it was registered is registered as a new version, saying so.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from kanslist.errors import KanslistError
from kanslist.pipeline.build import read_manifest
from kanslist.pipeline.write import write_json
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
    datum: dt.date | None = None  # the day it was upprättad; None: the day it is registered
    organ: str = ""  # a meeting's paper: the body's id, whose series holds ``meeting_case``
    meeting_case: str = ""  # a meeting's paper without dnr: the heading of the register case it goes in


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
    """Where a case stands in the workspace's meetings: the first day a kallelse with it went out, and the
    first day a protocol deciding it was justerat (None while not yet, by the day asked about)."""

    called: dt.date | None
    justerat: dt.date | None


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return min(d for d in (a, b) if d is not None) if (a or b) else None


def meeting_case_title(record: dict) -> str:
    """Return the heading of the register case a meeting's own papers go in without a dnr of its own:
    "Sammanträden Kommunstyrelsen 2026", one case per body and year."""
    return f"Sammanträden {record.get('organ_namn', '')} {str(record.get('datum', ''))[:4]}"


def agendas(workspace: Workspace, today: dt.date) -> tuple[dict[str, Agenda], list[BuiltDocument]]:
    """Return each case on a meeting's agenda (by its file as the workspace names it), and the meetings'
    own papers upprättade by ``today``, each with the day it was upprättad: the kallelse on the day it
    was drawn up (the meeting file's ``upprattad``; without it, the day it is registered), the protocol
    and each extract on the day of justering, the anslag on the day it is put up."""
    found: dict[str, Agenda] = {}
    papers: list[BuiltDocument] = []
    folder = workspace.build_dir / "sammantraden"
    for meeting in sorted(folder.glob("*/beslut.json")) if folder.is_dir() else []:
        try:
            record = json.loads(meeting.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        manifest = read_manifest(meeting.parent)
        built = manifest.get("dokument") or {}
        kallelse = _day(record.get("kallelse")) or today
        called = kallelse if "kallelse.docx" in built and kallelse <= today else None
        justerat = _day(record.get("justerat"))
        justerat = justerat if justerat is not None and justerat <= today else None
        for case in (manifest.get("arenden") or []):
            before = found.get(case, Agenda(None, None))
            found[case] = Agenda(_earliest(before.called, called), _earliest(before.justerat, justerat))
        organ, day = record.get("organ_namn", ""), record.get("datum", "")

        def paper(name: str, label: str, title: str, datum: dt.date, dnr: str = "") -> None:
            if name not in built or not (meeting.parent / name).is_file():
                return
            papers.append(BuiltDocument(
                path=meeting.parent / name, label=label, title=title, author=organ, sha256=built[name]["sha256"],
                dnr=dnr or record.get("dnr") or "", sekretess=None, case="", datum=datum,
                organ=record.get("organ", ""), meeting_case=meeting_case_title(record)))

        if called:
            paper("kallelse.docx", "Kallelse", f"{organ} {day}", called)
        if justerat:
            paper("protokoll.docx", "Protokoll", f"{organ} {day}", justerat)
            for item in record.get("paragrafer", []):
                # an item without a case of its own: its extract goes with the meeting's papers
                paper(f"utdrag-{item.get('nr')}.docx", f"Protokollsutdrag {item.get('referens', '')}",
                      item.get("rubrik") or "", justerat, item.get("dnr") or "")
        anslag = _day(record.get("anslag"))
        if justerat and anslag is not None and anslag <= today:
            paper("anslag.docx", "Anslag", f"{organ} {day}", anslag)
    return found, papers


def upprattade(workspace: Workspace, documents: list[BuiltDocument], today: dt.date) -> list[BuiltDocument]:
    """Return the documents upprättade by ``today``, each with the day it was upprättad: the cases'
    papers and the meetings' own (kallelse, protokoll, each extract, anslag)."""
    on_agenda, papers = agendas(workspace, today)
    chosen = []
    for doc in documents:
        if not doc.case:
            continue  # a meeting's own papers: taken from the meetings below
        agenda = on_agenda.get(doc.case)
        if agenda is None:
            chosen.append(doc)  # no meeting decides it: upprättad when its handläggare registers it
        elif doc.path.stem == "tjansteskrivelse" and agenda.called:
            chosen.append(replace(doc, datum=agenda.called))  # upprättad when the kallelse with it goes out
        elif agenda.justerat:
            chosen.append(replace(doc, datum=agenda.justerat))  # expedited after the decision
    return chosen + papers


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


def register_documents(workspace: Workspace, documents: list[BuiltDocument],
                       today: dt.date | None = None) -> list[tuple[Path, str]]:
    """Return (file, document number) for each document recorded in its case in the diarium.

    Each is registered on the day it was upprättad; a new version of a document registered
    before, on ``today`` (the day it is registered: it was changed after it was registered).
    A meeting's paper without a dnr goes in the case "Sammanträden <organ> <år>" of the
    body's series, made in the register the first time it is needed. A document whose case
    has no dnr cannot be registered: that is an error naming it. A classified case's marking
    (5 kap. 5 § OSL) goes with every one of its documents.
    """
    from kanslist.diarium.register import Diarium

    missing = [doc.path for doc in documents if not doc.dnr and not doc.meeting_case]
    if missing:
        names = ", ".join(workspace.display(p) for p in missing)
        raise KanslistError(f"{names}: ärendet har inget diarienummer – registrera ärendet med "
                            "'kanslist diarium nytt' och skriv numret i fältet dnr")
    registered = []
    with Diarium.open(workspace.diarium_url(), workspace.organisation, **_clock(today)) as diarium:
        _check_known(workspace, diarium, documents)
        meeting_cases: dict[tuple[str, str], str] = {}
        for doc in sorted(documents, key=lambda d: d.datum or dt.date.max):
            if not doc.dnr:
                key = (doc.organ, doc.meeting_case)
                if key not in meeting_cases:
                    meeting_cases[key] = _meeting_case(workspace, diarium, doc)
                doc = replace(doc, dnr=meeting_cases[key])
            marking = doc.sekretess or {}
            description, later = _versioned(diarium, doc)
            number = diarium.registrera_fil(doc.dnr, doc.path, description, datum=None if later else doc.datum,
                                            sekretess=marking.get("grund") or None, maskera=marking.get("maskera"))
            registered.append((doc.path, number))
    order = {doc.path: i for i, doc in enumerate(documents)}
    return sorted(registered, key=lambda r: order.get(r[0], len(order)))


def _check_known(workspace: Workspace, diarium, documents: list[BuiltDocument]) -> None:
    """Raise, before anything is registered, when a document's case number is not in the register."""
    from kanslist.diarium.register import OkantDiarienummer

    known: set[str] = set()
    unknown: dict[str, list[Path]] = {}
    for doc in documents:
        if not doc.dnr or doc.dnr in known:
            continue
        if doc.dnr not in unknown:
            try:
                diarium.visa(doc.dnr)
                known.add(doc.dnr)
                continue
            except OkantDiarienummer:
                unknown[doc.dnr] = []
        unknown[doc.dnr].append(doc.path)
    if unknown:
        lines = [f"{', '.join(workspace.display(p) for p in paths)}: {dnr} finns inte i diariet – rätta numret, "
                 f"eller för in ärendet med det nummer det har (ur ett tidigare diarium): kanslist diarium nytt "
                 f"--dnr \"{dnr}\" --rubrik \"...\" --datum ÅÅÅÅ-MM-DD"
                 for dnr, paths in unknown.items()]
        raise KanslistError("\n".join(lines))


def _clock(today: dt.date | None) -> dict:
    """Return the register's clock for a registration as of ``today`` (noon, Swedish time); {} for now."""
    if today is None:
        return {}
    from kanslist.diarium.register import SVENSK_TID

    return {"clock": lambda: dt.datetime.combine(today, dt.time(12), SVENSK_TID)}


def _series_of(organisation, organ: str) -> str | None:
    """Return the register series of body ``organ``, or of the nearest body above it (an utskott's board's)."""
    seen = set()
    while organ and organ not in seen:
        seen.add(organ)
        enhet = organisation.enheter.get(organ)
        if enhet is None:
            return None
        if enhet.serie:
            return enhet.serie
        organ = getattr(enhet, "under", None) or ""
    return None


def _meeting_case(workspace: Workspace, diarium, doc: BuiltDocument) -> str:
    """Return the number of the register case "Sammanträden <organ> <år>", made when the register lacks it."""
    serie = _series_of(workspace.organisation, doc.organ)
    if serie is None:
        raise KanslistError(f"{workspace.display(doc.path)}: {doc.author} har ingen diarieserie – ge organet "
                            "'serie:' i data/organisation.yaml, eller skriv sammanträdets diarienummer i fältet dnr "
                            "i sammanträdesfilen")
    # Found or made under the series' lock: two registrars registering at once make one case.
    return diarium.nytt_arende(serie, doc.meeting_case, datum=doc.datum, om_saknas=True)


def _versioned(diarium, doc: BuiltDocument) -> tuple[str, bool]:
    """Return the register's description of ``doc`` ("Tjänsteskrivelse: rubrik", with "(version 2)" when
    the case already holds an earlier, different version of it), and whether it is such a later version."""
    base = f"{doc.label}: {doc.title}"
    earlier = [h for h in diarium.visa(doc.dnr).handlingar
               if h.beskrivning == base or h.beskrivning.startswith(base + " (version ")]
    same = next((h.beskrivning for h in earlier if h.sha256 == doc.sha256), None)
    if same is not None:
        return same, False  # registered already: the register recognises it by its hash
    return (f"{base} (version {len(earlier) + 1})", True) if earlier else (base, False)


def publish(workspace: Workspace, report, pdf: bool = False, registrera: bool = False,
            on_step: Callable[[str], None] | None = None, today: dt.date | None = None) -> Published:
    """Return what was done: PDFs written and the build's documents registered, as asked.

    ``today`` is the day the registration is made as of (default: today in Swedish time).

    ``on_step`` hears one Swedish line per step (the CLI prints them; the library never does).
    """
    done = Published()
    documents = built_documents(report)
    if pdf:
        done.pdfs = make_pdfs(documents)
        if on_step:
            on_step(f"{len(done.pdfs)} PDF/A-filer skrivna")
    if registrera:
        from kanslist.init import today as now

        day = today or now()
        done.registered = register_documents(workspace, upprattade(workspace, documents, day), today)
        if on_step:
            for path, number in done.registered:
                on_step(f"{workspace.display(path)}: registrerad som {number}")
    return done


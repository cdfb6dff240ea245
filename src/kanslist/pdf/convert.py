"""PDF/A-2b archive copies of DOCX files, converted by LibreOffice headless.

A batch of documents goes through one ``soffice --convert-to`` process with a
profile of its own, so that converters can run side by side. Each document has a
time limit; a process that stops making progress is killed with its whole
process group and the documents it never reached are tried again in a fresh
process. LibreOffice's output is then checked and its metadata repaired (see
:mod:`kanslist.pdfmeta`) before it replaces the target atomically.

Without LibreOffice the module still imports: :meth:`PdfConverter.available`
and :meth:`PdfConverter.unavailable_reason` say what to install, and DOCX
output is unaffected.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kanslist.errors import KanslistError, display_path
from kanslist.pdf.meta import metadata_problems, read_facts, repair_metadata

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"

# writer_pdf_Export's FilterData in the JSON syntax of LibreOffice >= 7.4.
# SelectPdfVersion 2 is PDF/A-2b; PDF/A makes LibreOffice embed every font.
_EXPORT_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
}
EXPORT_FILTER = "pdf:writer_pdf_Export:" + json.dumps(_EXPORT_OPTIONS, separators=(",", ":"))
# Forcing the Word import filter: otherwise LibreOffice reads a broken file as
# plain text and happily turns its bytes into a PDF.
IMPORT_FILTER = "MS Word 2007 XML"

_CANDIDATES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_POLL = 0.05
_counter = itertools.count()


class PdfError(KanslistError):
    """A document could not be turned into PDF/A."""


class PdfUnavailable(PdfError):
    """LibreOffice is not installed where we looked."""


class PdfTimeout(PdfError):
    """A conversion took longer than its time limit and was stopped."""


class PdfBatchError(PdfError):
    """Some documents of a batch failed; the others were written."""

    def __init__(self, failures: list[PdfError], converted: list[Path], total: int):
        self.failures = list(failures)
        self.converted = list(converted)
        lines = [str(failure) for failure in self.failures]
        lines.append(f"{len(self.failures)} av {total} PDF-filer kunde inte skapas")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class PdfJob:
    """One DOCX to convert: its target (``None``: beside it, ``.pdf``) and metadata."""

    docx: Path
    pdf: Path | None
    title: str
    author: str
    language: str = "sv-SE"

    def __post_init__(self) -> None:
        object.__setattr__(self, "docx", Path(self.docx))
        target = Path(self.pdf) if self.pdf is not None else self.docx.with_suffix(".pdf")
        object.__setattr__(self, "pdf", target)


def _resolve(soffice: str) -> str:
    """Return ``soffice`` found on PATH when it is a bare name, else as given."""
    if os.sep not in soffice:
        return shutil.which(soffice) or soffice
    return soffice


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice``, or ``None`` when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass
class _Outcome:
    """What one soffice process did with its inputs (positions in its argument list)."""

    outputs: dict[int, Path]
    returncode: int
    timed_out: bool
    stderr: str

    @property
    def culprit(self) -> int | None:
        """Return the position LibreOffice was stuck on when interrupted, or ``None``.

        LibreOffice converts in argument order and renames each PDF into place
        when complete, so the document after the last finished one is the one
        it was working on.
        """
        if not (self.timed_out or self.returncode < 0):
            return None
        return max(self.outputs, default=-1) + 1


class PdfConverter:
    """Converts DOCX files to PDF/A-2b with one LibreOffice process per batch.

    Use it as a context manager: it owns a temporary LibreOffice profile,
    removed by :meth:`close`. One converter runs one batch at a time; for
    parallel work use one converter per worker.
    """

    def __init__(self, soffice: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        reason = self.unavailable_reason(soffice)
        if reason is not None:
            raise PdfUnavailable(reason)
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.soffice = _resolve(soffice) if soffice else find_soffice()
        self.timeout = timeout
        self._lock = threading.Lock()
        self._root = Path(tempfile.mkdtemp(prefix="kanslist-pdf-"))
        self._generation = 0
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._root, True)

    @staticmethod
    def available(soffice: str | None = None) -> bool:
        """Return whether LibreOffice (``soffice``, or the installed one) can be run."""
        return PdfConverter.unavailable_reason(soffice) is None

    @staticmethod
    def unavailable_reason(soffice: str | None = None) -> str | None:
        """Return why PDF conversion is off and what to install, in Swedish; ``None`` if it is on."""
        how = (
            f"Installera LibreOffice (Debian/Ubuntu: {INSTALL_HINT}) "
            "eller bygg utan --pdf; Word-filerna skapas ändå."
        )
        if soffice is None:
            if find_soffice() is None:
                return f"PDF kräver LibreOffice, men programmet soffice hittades inte. {how}"
            return None
        soffice = _resolve(soffice)
        if not os.path.exists(soffice):
            return f"PDF kräver LibreOffice, men {soffice} finns inte. {how}"
        if not (os.path.isfile(soffice) and os.access(soffice, os.X_OK)):
            return f"PDF kräver LibreOffice, men {soffice} är inte ett körbart program. {how}"
        return None

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Remove the converter's LibreOffice profile."""
        self._cleanup()

    @property
    def _profile(self) -> Path:
        return self._root / f"profil-{self._generation}"

    def convert(self, jobs: list[PdfJob]) -> list[Path]:
        """Return the PDF paths written for ``jobs``, in order, after converting them all.

        Every document that can be converted is written, even when others
        fail; the failures are then raised together as :class:`PdfBatchError`
        (its ``converted`` lists what was written). A target is only ever
        replaced by a complete, checked file.
        """
        jobs = list(jobs)
        targets = [job.pdf.resolve() for job in jobs]
        if len(set(targets)) != len(targets):
            raise ValueError("two jobs write the same PDF")
        if not self._cleanup.alive:
            raise RuntimeError("PdfConverter is closed")
        failures: dict[int, PdfError] = {}
        written: dict[int, Path] = {}
        with self._lock, tempfile.TemporaryDirectory(dir=self._root, prefix="omg-") as tmp:
            work = Path(tmp)
            staged = {}
            for i, job in enumerate(jobs):
                try:
                    staged[i] = _stage(job, work / "in" / f"{i:04d}.docx")
                except PdfError as error:
                    failures[i] = error
            produced = self._run_rounds(jobs, staged, work, failures)
            for i, output in produced.items():
                try:
                    written[i] = _finish(jobs[i], output)
                except PdfError as error:
                    failures[i] = error
        if failures:
            raise PdfBatchError(
                [failures[i] for i in sorted(failures)],
                [written[i] for i in sorted(written)],
                len(jobs),
            )
        return [written[i] for i in range(len(jobs))]

    def _run_rounds(
        self, jobs: list[PdfJob], staged: dict[int, Path], work: Path, failures: dict
    ) -> dict[int, Path]:
        produced = {}
        pending = sorted(staged)
        fruitless = 0  # interrupted runs in a row that finished no document
        for round_no in itertools.count():
            if not pending:
                break
            outcome = self._launch([staged[i] for i in pending], work / f"ut-{round_no}")
            culprit = outcome.culprit
            retry = []
            for pos, i in enumerate(pending):
                if pos in outcome.outputs:
                    produced[i] = outcome.outputs[pos]
                elif culprit is not None and pos > culprit:
                    retry.append(i)  # never reached: worth a fresh process
                else:
                    failures[i] = self._failure(jobs[i], outcome, pos == culprit)
            if culprit is not None:
                # A killed LibreOffice may leave its profile locked or half written.
                shutil.rmtree(self._profile, ignore_errors=True)
                self._generation += 1
                fruitless = 0 if outcome.outputs else fruitless + 1
            if fruitless >= 2:
                # LibreOffice itself is stuck (at start-up, say): a fresh process
                # per remaining document would cost a full timeout each.
                for i in retry:
                    name = display_path(jobs[i].docx, Path.cwd())
                    failures[i] = PdfError(
                        f"PDF-konverteringen av {name} gavs upp: LibreOffice fastnade "
                        "två gånger i rad utan att bli klar med något dokument"
                    )
                retry = []
            pending = retry
        return produced

    def _launch(self, inputs: list[Path], outdir: Path) -> _Outcome:
        outdir.mkdir()
        command = [
            self.soffice,
            f"-env:UserInstallation={self._profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            f"--infilter={IMPORT_FILTER}",
            "--convert-to",
            EXPORT_FILTER,
            "--outdir",
            str(outdir),
            *map(str, inputs),
        ]
        log.debug("startar %s", " ".join(command))
        started = time.monotonic()
        err_path = outdir.with_suffix(".stderr")
        with open(outdir.with_suffix(".stdout"), "wb") as out, open(err_path, "wb") as err:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        expected = {f"{path.stem}.pdf": pos for pos, path in enumerate(inputs)}
        try:
            timed_out = self._watch(process, outdir, expected)
        finally:
            _kill_group(process)
        outputs = {
            expected[path.name]: path for path in outdir.iterdir() if path.name in expected
        }
        log.debug(
            "soffice: %d av %d klara på %.1f s (kod %s)",
            len(outputs), len(inputs), time.monotonic() - started, process.returncode,
        )
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        return _Outcome(outputs, process.returncode, timed_out, stderr)

    def _watch(self, process: subprocess.Popen, outdir: Path, expected: dict) -> bool:
        """Return whether ``process`` had to be stopped for making no progress.

        Each finished document restarts the clock, so ``timeout`` bounds every
        document (the first one also pays for LibreOffice's start).
        """
        done = 0
        deadline = time.monotonic() + self.timeout
        while process.poll() is None:
            now_done = sum(1 for name in os.listdir(outdir) if name in expected)
            if now_done > done:
                done, deadline = now_done, time.monotonic() + self.timeout
            elif time.monotonic() >= deadline:
                return True
            time.sleep(_POLL)
        return False

    def _failure(self, job: PdfJob, outcome: _Outcome, culprit: bool) -> PdfError:
        name = display_path(job.docx, Path.cwd())
        if culprit and outcome.timed_out:
            return PdfTimeout(
                f"PDF-konverteringen av {name} tog längre än {self.timeout:g} s och avbröts"
            )
        if culprit:
            return PdfError(
                f"LibreOffice kraschade (signal {-outcome.returncode}) "
                f"vid PDF-konverteringen av {name}"
            )
        detail = _detail(outcome.stderr)
        if outcome.culprit is not None:  # skipped before the process was stopped
            return PdfError(f"LibreOffice skapade ingen PDF av {name}{detail}")
        if outcome.returncode == 0:
            return PdfError(f"LibreOffice avslutades utan att skapa någon PDF av {name}{detail}")
        return PdfError(
            f"LibreOffice avslutades med felkod {outcome.returncode} "
            f"utan att skapa någon PDF av {name}{detail}"
        )


def convert_to_pdf(
    docx: Path | str,
    pdf: Path | str | None = None,
    title: str = "",
    author: str = "",
    *,
    language: str = "sv-SE",
    soffice: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Return the path of the PDF/A written for one DOCX (``pdf``, or beside ``docx``).

    Raises :class:`PdfError` (:class:`PdfUnavailable`, :class:`PdfTimeout`)
    with a Swedish message naming the file.
    """
    job = PdfJob(Path(docx), Path(pdf) if pdf is not None else None, title, author, language)
    with PdfConverter(soffice=soffice, timeout=timeout) as converter:
        try:
            return converter.convert([job])[0]
        except PdfBatchError as error:
            raise error.failures[0] from None


def _stage(job: PdfJob, staged: Path) -> Path:
    """Return a private copy of the job's DOCX, named so that outputs cannot collide."""
    name = display_path(job.docx, Path.cwd())
    if not job.docx.is_file():
        raise PdfError(f"{name} finns inte och kan inte göras om till PDF")
    if not zipfile.is_zipfile(job.docx):
        raise PdfError(f"{name} är ingen giltig Word-fil (DOCX) och kan inte göras om till PDF")
    staged.parent.mkdir(exist_ok=True)
    shutil.copyfile(job.docx, staged)
    return staged


def _finish(job: PdfJob, output: Path) -> Path:
    """Return ``job.pdf`` after writing LibreOffice's ``output`` to it with repaired metadata."""
    name = display_path(job.docx, Path.cwd())
    target = job.pdf
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}-{next(_counter)}.tmp")
    try:
        # os.open applies the umask, unlike mkstemp's 0600.
        with os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as fh:
            repair_metadata(output, fh, title=job.title, author=job.author, language=job.language)
        problems = metadata_problems(
            read_facts(temp), title=job.title, author=job.author, language=job.language
        )
        if problems:
            raise PdfError(f"PDF:en av {name} blev inte giltig PDF/A-2b: " + "; ".join(problems))
        os.replace(temp, target)
    except PdfError:
        temp.unlink(missing_ok=True)
        raise
    except Exception as error:  # pikepdf's and the OS's errors, reported per file
        temp.unlink(missing_ok=True)
        raise PdfError(f"PDF:en av {name} gick inte att läsa eller skriva: {error}") from error
    return target


def _kill_group(process: subprocess.Popen) -> None:
    """Kill what is left of the process group of ``process`` and reap it.

    Whatever the leader left behind (LibreOffice's soffice.bin under its
    oosplash, a fake converter's children) goes too. The kernel keeps a
    group's id reserved while any member lives, so this reaches no other
    program's processes.
    """
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def _detail(stderr: str) -> str:
    lines = [
        line.strip()
        for line in stderr.splitlines()
        if line.strip() and "javaldx" not in line  # harmless start-up noise
    ]
    if any("could not be loaded" in line for line in lines):
        return " – LibreOffice kunde inte läsa filen som ett Word-dokument"
    return f" ({lines[-1]})" if lines else ""

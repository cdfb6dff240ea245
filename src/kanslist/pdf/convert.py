"""PDF/A-2b archive copies of DOCX files, converted by LibreOffice headless.

A batch of documents is shared among ``soffice.bin --convert-to`` processes, one
per core, each with a profile of its own under the user's cache (kept between
runs: a new profile costs LibreOffice a slow first start). Each document has a
time limit; a process that stops making progress is killed with its whole
process group and the documents it never reached are tried again in a fresh
process. LibreOffice's output is then checked and its metadata repaired (see
:mod:`kanslist.pdf.meta`) before it replaces the target atomically.

No LibreOffice outlives the process that started it: the kernel kills it when
that process dies (see :mod:`kanslist.processes`), and a profile a killed run
left half written is removed by the next converter.

LibreOffice spends a fifth of a conversion in glibc's malloc and faults in its
memory again after every free; where Debian's tcmalloc (``libtcmalloc-minimal4``) is
installed, it is preloaded into LibreOffice, which then converts with about a third
less CPU and the same output (``make bench``).

Without LibreOffice the module still imports: :meth:`PdfConverter.available`
and :meth:`PdfConverter.unavailable_reason` say what to install, and DOCX
output is unaffected."""

from __future__ import annotations

import ctypes.util
import functools
import itertools
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kanslist import processes
from kanslist.cache import user_cache
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
# The allocator preloaded into LibreOffice where it is installed (see the module's doc).
ALLOCATOR = "tcmalloc_minimal"
ALLOCATOR_PACKAGE = "libtcmalloc-minimal4"
# What a conversion needs none of: LibreOffice would otherwise spell check every document it
# opens and collect its words for autocompletion (about 8 % of a conversion's CPU, make bench).
_QUIET_SETTINGS = (
    ("/org.openoffice.Setup/Product", "ooSetupLastVersion", None),  # the version, see quiet_profile
    ("/org.openoffice.Office.Linguistic/SpellChecking", "IsSpellAuto", "false"),
    ("/org.openoffice.Office.Linguistic/GrammarChecking", "IsAutoCheck", "false"),
    ("/org.openoffice.Office.Writer/AutoFunction/Completion", "Enable", "false"),
)
_EMPTY_REGISTRY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    '</oor:items>\n'
)
_POLL = 0.05
# soffice.bin's exit status asking to be started again (EXITHELPER_NORMAL_RESTART), as it
# does after creating a new profile; oosplash restarts it, and so do we.
_RESTART = 81
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


@functools.cache
def find_allocator() -> str:
    """Return the soname of tcmalloc when the dynamic linker can find it, else ``""``."""
    name = ctypes.util.find_library(ALLOCATOR)  # asks ldconfig's cache, as LD_PRELOAD will
    return name or ""


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


def quiet_profile(profile: Path, version: str | None) -> None:
    """Set, in a LibreOffice profile of ours, what a conversion needs (see ``_QUIET_SETTINGS``).

    ``version`` (LibreOffice's "7.4") is recorded as the last version started in the profile:
    LibreOffice 7.x otherwise takes every start for its first after an upgrade and runs its
    graphics self-tests (100 drawings) each time. LibreOffice keeps settings it finds in
    ``registrymodifications.xcu``, also in a profile it is about to create.
    """
    path = profile / "user" / "registrymodifications.xcu"
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = _EMPTY_REGISTRY
    except (OSError, UnicodeDecodeError):
        return  # LibreOffice will say what is wrong with its profile
    if "</oor:items>" not in text:
        return
    changed = text
    for where, name, value in _QUIET_SETTINGS:
        value = version if value is None else value
        if value is None:
            continue
        item = f'<item oor:path="{where}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        found = re.compile(re.escape(f'<item oor:path="{where}"><prop oor:name="{name}" oor:op="fuse">')
                           + r"(?:<value>[^<]*</value>|<value/>)</prop></item>")
        if found.search(changed):
            changed = found.sub(lambda _: item, changed, count=1)  # the profile is ours: our value holds
        else:
            changed = changed.replace("</oor:items>", item + "\n</oor:items>", 1)
    if changed == text and path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(changed, encoding="utf-8")
    os.replace(temp, path)


def product_version(program: str) -> str | None:
    """Return LibreOffice's version as its profiles record it ("7.4"), read from ``bootstraprc``
    beside ``program``; ``None`` when it cannot be read."""
    try:
        text = (Path(program).resolve().parent / "bootstraprc").read_text("utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r"^ProductKey=.*?(\d+\.\d+)\s*$", text, re.MULTILINE)
    return found.group(1) if found else None


def profile_root() -> Path:
    """Return where LibreOffice profiles are kept between builds: the user's cache (XDG)."""
    return user_cache("libreoffice")


class _Slot:
    """A place for one LibreOffice at a time: a profile kept between runs, a work folder, a lock.

    ``plats-N.lock`` is held with ``flock`` while a converter uses ``plats-N/``; the
    kernel drops the lock when the holder dies, however it dies. ``plats-N/oavslutad``
    exists while LibreOffice runs in the profile: found by the next holder, it means a
    run was killed, and the profile, perhaps half written, is removed. The work folder
    (inputs, outputs, LibreOffice's TMPDIR) is emptied on every taking and release.
    """

    def __init__(self, root: Path, number: int, fd: int):
        self.folder = root / f"plats-{number}"
        self.profile = self.folder / "profil"
        self.work = self.folder / "arbete"
        self._running = self.folder / "oavslutad"
        self._fd = fd
        self.busy = False  # begun and not ended

    @classmethod
    def take(cls, root: Path) -> _Slot:
        """Return the first free slot under ``root``, tidied after a killed holder."""
        for number in itertools.count():
            slot = cls._try(root, number)
            if slot is not None:
                return slot
        raise AssertionError("unreachable")  # pragma: no cover

    @classmethod
    def sweep(cls, root: Path) -> None:
        """Tidy every slot under ``root`` that nobody holds (left by killed runs)."""
        for lock in sorted(root.glob("plats-*.lock")):
            number = lock.name[len("plats-"):-len(".lock")]
            if number.isdigit():
                slot = cls._try(root, int(number))
                if slot is not None:
                    slot.release()

    @classmethod
    def _try(cls, root: Path, number: int) -> _Slot | None:
        import fcntl  # POSIX only; here so that the module imports everywhere

        try:
            root.mkdir(parents=True, exist_ok=True)
            fd = os.open(root / f"plats-{number}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise PdfError(
                f"LibreOffice-profilen i {root} kan inte skapas ({error.strerror}) – se till att "
                "mappen går att skriva i, eller välj en annan med miljövariabeln XDG_CACHE_HOME"
            ) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        slot = cls(root, number, fd)
        if slot._running.exists():
            shutil.rmtree(slot.profile, ignore_errors=True)
            slot._running.unlink()
        shutil.rmtree(slot.work, ignore_errors=True)
        return slot

    def begin(self) -> None:
        """Mark the profile as in use by a LibreOffice about to start."""
        self.busy = True
        self.folder.mkdir(exist_ok=True)
        self._running.touch()

    def end(self, clean: bool) -> None:
        """Unmark the profile; drop it when LibreOffice was killed in it (it may be half written)."""
        if not clean:
            shutil.rmtree(self.profile, ignore_errors=True)
        self._running.unlink(missing_ok=True)
        self.busy = False

    def release(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        os.close(self._fd)


def _split(sizes: dict[int, int], parts: int) -> list[list[int]]:
    """Return the job positions of ``sizes`` in ``parts`` shares of about equal bytes, each in order."""
    shares: list[list[int]] = [[] for _ in range(min(parts, len(sizes)))]
    loads = [0] * len(shares)
    for i in sorted(sizes, key=lambda i: (-sizes[i], i)):  # largest first onto the lightest share
        lightest = loads.index(min(loads))
        shares[lightest].append(i)
        loads[lightest] += sizes[i]
    return [sorted(share) for share in shares]


class _Lane:
    """One share of a batch, converted by one soffice at a time in one slot.

    Driven by :meth:`step` from the converter's single loop, so that all lanes are
    watched (and killed) by the thread that started them.
    """

    def __init__(
        self, converter: PdfConverter, slot: _Slot, jobs: list[PdfJob], share: list[int], failures: dict
    ):
        self.converter = converter
        self.slot = slot
        self.jobs = jobs
        (slot.work / "tmp").mkdir(parents=True, exist_ok=True)
        self.staged = {}
        for i in share:
            try:
                self.staged[i] = _stage(jobs[i], slot.work / "in" / f"{i:04d}.docx")
            except PdfError as error:
                failures[i] = error
        self.pending = sorted(self.staged)
        self.round = 0
        self.fruitless = 0  # interrupted runs in a row that finished no document
        self.process: subprocess.Popen | None = None

    @property
    def busy(self) -> bool:
        return self.process is not None or bool(self.pending)

    def step(self, failures: dict[int, PdfError]) -> dict[int, Path]:
        """Advance the lane; return the outputs of a process that just ended (job position: PDF)."""
        if self.process is None:
            if self.pending:
                self._start(restarts=0)
            return {}
        timed_out = False
        if self.process.poll() is None:
            done = sum(1 for name in os.listdir(self.outdir) if name in self.expected)
            if done > self.done:
                # Each finished document restarts the clock, so the timeout bounds every
                # document (the first one also pays for LibreOffice's start).
                self.done, self.deadline = done, time.monotonic() + self.converter.timeout
                return {}
            if time.monotonic() < self.deadline:
                return {}
            timed_out = True
        outcome = self._reap(timed_out)
        if outcome.returncode == _RESTART and not outcome.outputs and self.restarts < 3:
            self._start(self.restarts + 1)  # a new profile's first start asks for a restart
            return {}
        return self._settle(outcome, failures)

    def _start(self, restarts: int) -> None:
        self.restarts = restarts
        if restarts == 0:
            self.outdir = self.slot.work / f"ut-{self.round}"
            self.outdir.mkdir()
            self.inputs = [self.staged[i] for i in self.pending]
            self.expected = {f"{path.stem}.pdf": pos for pos, path in enumerate(self.inputs)}
        command = [
            *self.converter._program,
            f"-env:UserInstallation={self.slot.profile.as_uri()}",
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
            str(self.outdir),
            *map(str, self.inputs),
        ]
        # What the soffice script sets before it starts soffice.bin; LibreOffice's own
        # temporary files go to the slot, which the next holder empties after a kill.
        env = {**os.environ, "SAL_ENABLE_FILE_LOCKING": "1", "TMPDIR": str(self.slot.work / "tmp")}
        if self.converter.allocator and "LD_PRELOAD" not in env:  # the user's own preload wins
            env["LD_PRELOAD"] = self.converter.allocator
        log.debug("startar %s", " ".join(command))
        self.started = time.monotonic()
        self.slot.begin()
        quiet_profile(self.slot.profile, self.converter.version)
        with (
            open(self.outdir.with_suffix(".stdout"), "wb") as out,
            open(self.outdir.with_suffix(".stderr"), "wb") as err,
            processes.held(),
        ):
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=env,
                start_new_session=True,  # its own process group, killed as a whole
                preexec_fn=processes.child_setup(),  # and killed by the kernel if we die
            )
        self.done = 0
        self.deadline = time.monotonic() + self.converter.timeout

    def _reap(self, timed_out: bool) -> _Outcome:
        _kill_group(self.process)
        process, self.process = self.process, None
        outputs = {
            self.expected[path.name]: path
            for path in self.outdir.iterdir()
            if path.name in self.expected
        }
        log.debug(
            "soffice: %d av %d klara på %.1f s (kod %s)",
            len(outputs), len(self.inputs), time.monotonic() - self.started, process.returncode,
        )
        stderr = self.outdir.with_suffix(".stderr").read_text(encoding="utf-8", errors="replace")
        return _Outcome(outputs, process.returncode, timed_out, stderr)

    def _settle(self, outcome: _Outcome, failures: dict[int, PdfError]) -> dict[int, Path]:
        culprit = outcome.culprit
        self.slot.end(clean=culprit is None)
        produced, retry = {}, []
        for pos, i in enumerate(self.pending):
            if pos in outcome.outputs:
                produced[i] = outcome.outputs[pos]
            elif culprit is not None and pos > culprit:
                retry.append(i)  # never reached: worth a fresh process
            else:
                failures[i] = self.converter._failure(self.jobs[i], outcome, pos == culprit)
        if culprit is not None:
            self.fruitless = 0 if outcome.outputs else self.fruitless + 1
        if self.fruitless >= 2:
            # LibreOffice itself is stuck (at start-up, say): a fresh process
            # per remaining document would cost a full timeout each.
            for i in retry:
                name = display_path(self.jobs[i].docx, Path.cwd())
                failures[i] = PdfError(
                    f"PDF-konverteringen av {name} gavs upp: LibreOffice fastnade "
                    "två gånger i rad utan att bli klar med något dokument"
                )
            retry = []
        self.pending = retry
        self.round += 1
        return produced

    def abandon(self) -> None:
        """Kill and reap a soffice still running, drop its profile; from a signal handler.

        Reaped with os.waitpid, not Popen.wait, which takes a lock the interrupted code may
        hold; and reaped before the profile is removed, so that nothing writes it after.
        """
        process = self.process
        if process is not None and process.returncode is None:  # not reaped: its pid is still its own
            try:
                os.killpg(process.pid, signal.SIGKILL)
                os.waitpid(process.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        if self.slot.busy:  # also between two starts of one run, when no process is recorded
            self.slot.end(clean=False)
        shutil.rmtree(self.slot.work, ignore_errors=True)

    def stop(self) -> None:
        """Kill a soffice still running (an error or a signal ended the batch) and empty the work folder."""
        if self.process is not None:
            _kill_group(self.process)
            self.process = None
        if self.slot.busy:
            self.slot.end(clean=False)
        shutil.rmtree(self.slot.work, ignore_errors=True)


class PdfConverter:
    """Converts DOCX files to PDF/A-2b, sharing each batch among LibreOffice processes.

    A batch is split among ``processes`` soffice processes (default: one per core),
    each in a profile of its own (see :class:`_Slot`), kept under the user's cache
    between runs so that LibreOffice's slow first start with a new profile is paid
    once. Use it as a context manager: :meth:`close` gives its profiles back.
    Every child dies with the process that started it, even one killed by SIGKILL.
    One converter runs one batch at a time; converters can run side by side.
    """

    def __init__(
        self,
        soffice: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        processes: int | None = None,
        profiles: Path | None = None,
        fast_allocator: bool = True,
    ):
        reason = self.unavailable_reason(soffice)
        if reason is not None:
            raise PdfUnavailable(reason)
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        if processes is not None and processes < 1:
            raise ValueError("processes must be at least 1")
        self.soffice = _resolve(soffice) if soffice else find_soffice()
        self._program = _program(self.soffice)
        self.version = product_version(self._program[0])
        self.timeout = timeout
        self.processes = processes or _available_cores()
        # The shared library preloaded into LibreOffice, or "" for glibc's own malloc.
        self.allocator = find_allocator() if fast_allocator else ""
        self._root = Path(profiles) if profiles is not None else profile_root()
        self._lock = threading.Lock()
        self._slots: list[_Slot] = []
        self._closed = False
        self._cleanup = weakref.finalize(self, _release, self._slots)

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
        """Give the converter's profiles back (they stay in the cache for the next run)."""
        self._closed = True
        self._cleanup()

    @property
    def profiles(self) -> list[Path]:
        """Return the LibreOffice profile folders this converter holds (one per process used so far)."""
        return [slot.profile for slot in self._slots]

    def _take_slots(self, count: int) -> list[_Slot]:
        if not self._slots:
            _Slot.sweep(self._root)  # profiles of killed runs go before we add ours
        while len(self._slots) < count:
            self._slots.append(_Slot.take(self._root))
        return self._slots[:count]

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
        if self._closed:
            raise RuntimeError("PdfConverter is closed")
        failures: dict[int, PdfError] = {}
        written: dict[int, Path] = {}
        sizes = {}
        for i, job in enumerate(jobs):
            try:
                sizes[i] = _check(job)
            except PdfError as error:
                failures[i] = error
        with self._lock:
            lanes: list[_Lane] = []

            def abandon() -> None:  # SIGTERM/SIGHUP (see kanslist.processes.on_stop)
                for lane in lanes:
                    lane.abandon()

            with processes.on_stop(abandon):
                self._run(jobs, sizes, lanes, failures, written)
        if failures:
            raise PdfBatchError(
                [failures[i] for i in sorted(failures)],
                [written[i] for i in sorted(written)],
                len(jobs),
            )
        return [written[i] for i in range(len(jobs))]

    def _run(
        self,
        jobs: list[PdfJob],
        sizes: dict[int, int],
        lanes: list[_Lane],
        failures: dict[int, PdfError],
        written: dict[int, Path],
    ) -> None:
        """Convert the checked jobs (``sizes``) in lanes added to ``lanes``; one loop watches all."""
        try:
            shares = _split(sizes, self.processes)
            for slot, share in zip(self._take_slots(len(shares)), shares):
                lanes.append(_Lane(self, slot, jobs, share, failures))
            while True:
                for lane in lanes:
                    # Finished while the other lanes' LibreOffice keep converting.
                    for i, output in lane.step(failures).items():
                        try:
                            written[i] = _finish(jobs[i], output)
                        except PdfError as error:
                            failures[i] = error
                if not any(lane.busy for lane in lanes):
                    break
                time.sleep(_POLL)
        finally:
            for lane in lanes:
                lane.stop()

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


def _check(job: PdfJob) -> int:
    """Return the size of the job's DOCX; raise :class:`PdfError` when it is none."""
    name = display_path(job.docx, Path.cwd())
    if not job.docx.is_file():
        raise PdfError(f"{name} finns inte och kan inte göras om till PDF")
    if not zipfile.is_zipfile(job.docx):
        raise PdfError(f"{name} är ingen giltig Word-fil (DOCX) och kan inte göras om till PDF")
    return job.docx.stat().st_size


def _stage(job: PdfJob, staged: Path) -> Path:
    """Return a private copy of the job's DOCX, named so that outputs cannot collide."""
    staged.parent.mkdir(exist_ok=True)
    try:
        shutil.copyfile(job.docx, staged)
    except OSError as error:
        name = display_path(job.docx, Path.cwd())
        raise PdfError(f"{name} gick inte att läsa: {error.strerror}") from error
    return staged


def _finish(job: PdfJob, output: Path) -> Path:
    """Return ``job.pdf`` after writing LibreOffice's ``output`` to it with repaired metadata."""
    name = display_path(job.docx, Path.cwd())
    target = job.pdf
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}-{next(_counter)}.tmp")
    try:
        with processes.on_stop(lambda: temp.unlink(missing_ok=True)):
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


def _program(soffice: str) -> list[str]:
    """Return the command that starts LibreOffice: ``soffice.bin`` itself when it is beside ``soffice``.

    The ``soffice`` script starts ``oosplash``, which forks ``soffice.bin``; the
    parent-death signal does not pass a fork, so LibreOffice would outlive a killed
    kanslist. What oosplash adds (a splash screen, restarting) is done here instead.
    """
    real = os.path.realpath(soffice)
    direct = os.path.join(os.path.dirname(real), "soffice.bin")
    if os.path.basename(real) == "soffice" and os.access(direct, os.X_OK):
        return [direct]
    return [soffice]


def _available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _release(slots: list[_Slot]) -> None:
    while slots:
        slots.pop().release()


def _detail(stderr: str) -> str:
    lines = [
        line.strip()
        for line in stderr.splitlines()
        if line.strip() and "javaldx" not in line  # harmless start-up noise
    ]
    if any("could not be loaded" in line for line in lines):
        return " – LibreOffice kunde inte läsa filen som ett Word-dokument"
    return f" ({lines[-1]})" if lines else ""

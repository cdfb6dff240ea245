"""Build cases into documents: load → validate → context → render → write, only what changed.

A case is rebuilt when what its documents are made from changed: its case file, the
organisation, the people it names, the templates of its kind, or kanslist's own code. That
is decided by content hashes recorded in ``build/<case>/kanslist.json`` (also the audit
record of which source made which paper), never by timestamps; the outputs themselves are
compared by content too, so a file replaced or left behind by an interrupted build is
rebuilt. The check reads no YAML. Cases to build are spread over processes; each process
prepares a template once (see ``render``). kanslist writes and deletes only inside the
workspace's own build/ folder, never through a symbolic link.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from kanslist import __version__
from kanslist.errors import InvalidInput, KanslistError, Problem
from kanslist.kinds import kind_of
from kanslist.pipeline.context import build_context
from kanslist.organisation import read_logo
from kanslist.pipeline.load import Loaded, decode_yaml, parse_yaml
from kanslist.pipeline.logotyp import with_logo
from kanslist.pipeline.validate import validate_case
from kanslist.pipeline.write import sha256, sync_to_disk, write_atomic, write_json
from kanslist.workspace import Workspace

MANIFEST = "kanslist.json"
MANIFEST_VERSION = 2  # the shape of kanslist.json; an older shape means "build again"
IN_PROCESS_LIMIT = 4  # this many cases or fewer to build: no worker processes (starting them costs more)
CHUNK = 8  # at most this many cases per task sent to a worker: few round trips, yet balanced


@dataclass
class CaseResult:
    """What happened to one case file in a build."""

    case: str  # the case file's name without .yaml; also its folder under build/
    status: str  # byggd | oforandrad | fel
    outputs: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    message: str = ""
    detail: str = ""  # the traceback of an internal error, shown with -v
    manifest: dict = field(default_factory=dict)  # what the case's kanslist.json says (typ, dnr, sekretess ...)


@dataclass
class BuildReport:
    """The outcome of one ``bygg``: every case's result and the time it took."""

    results: list[CaseResult]
    seconds: float = 0.0
    removed: list[str] = field(default_factory=list)
    build_dir: Path | None = None
    review: list[Problem] = field(default_factory=list)  # granska's errors in the cases built

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return self.count("fel") == 0

    def summary(self) -> str:
        removed = f", {len(self.removed)} borttagna" if self.removed else ""
        review = f", {len(self.review)} granskningsfel" if self.review else ""
        return (f"{self.count('byggd')} byggda, {self.count('oforandrad')} oförändrade, "
                f"{self.count('fel')} med fel{removed}{review} – {self.seconds:.1f} s")


@lru_cache(maxsize=1)
def tool_version() -> str:
    """Return the version and a hash of kanslist's own code: a change to either rebuilds.

    Hashing the package's modules (a few milliseconds, once per process) means a working
    copy never needs ``--tvinga`` after an edit of kanslist itself.
    """
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for module in sorted(package.rglob("*.py")):
        digest.update(str(module.relative_to(package)).encode())
        digest.update(module.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


class Templates:
    """Template files read once per process, with their hashes: the workspace's own, or the defaults."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self._cache: dict[str, tuple[bytes, str] | None] = {}
        self.logo = read_logo(workspace.organisation, workspace.root)

    def _read(self, name: str) -> tuple[bytes, str] | None:
        if name not in self._cache:
            try:
                data = self.workspace.template_path(name).read_bytes()
            except OSError:
                self._cache[name] = None
            else:
                self._cache[name] = (data, sha256(data))
        return self._cache[name]

    def get(self, name: str) -> tuple[bytes, str]:
        """Return the bytes (with the organisation's logo) and file hash of template ``name``; raise when there is none.

        The hash is the file's; the logo's bytes count in the organisation's (Builder).
        """
        found = self._read(name)
        if found is None:
            raise KanslistError(f"mallen {name}.docx saknas (varken i mallar/ eller bland standardmallarna) – "
                                "lägg en Word-mall med det namnet i mallar/")
        if self.logo is None:
            return found
        dressed = with_logo(found[0], self.logo)
        if dressed == found[0]:  # an official paper without the logo the organisation asked for: said, not skipped
            raise KanslistError(f"{self.workspace.template_display(name)} har ingen bild som heter Logotyp, så "
                                "logotypen i identitet.logotyp kan inte sättas in – ta bort mallen så används "
                                "standardmallen, eller ge bilden för logotypen namnet Logotyp i Word "
                                "(Markeringsfönstret)")
        return dressed, found[1]

    def hash_of(self, name: str) -> str | None:
        """Return the hash of template ``name``; None when there is none."""
        found = self._read(name)
        return found[1] if found else None


def case_name(path: Path) -> str:
    """Return the name of a case: its file's name without .yaml (also its folder under build/)."""
    return path.name[:-5] if path.name.endswith(".yaml") else path.stem


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def render_case(workspace: Workspace, loaded: Loaded, arende, templates: Templates | None = None,
                only: list[str] | None = None) -> dict[str, bytes]:
    """Return every output of a validated case (file name → bytes), rendered in memory; nothing is written.

    With ``only`` (output file names) just those are rendered: a preview shows one document at a time.
    """
    return _render(workspace, arende, templates or Templates(workspace), only)[0]


def _render(workspace: Workspace, arende, templates: Templates,
            only: list[str] | None = None) -> tuple[dict[str, bytes], dict]:
    """Return the outputs of a validated case (those named in ``only``, if given) and their context."""
    # The renderer (python-docx, docxtpl, Jinja, Markdown) is imported where a case is rendered:
    # a build with nothing changed starts without it.
    from kanslist.pipeline.render import Properties, render_docx

    kind = kind_of(arende)
    context = build_context(arende, workspace)
    properties = Properties(title=arende.rubrik, subject=kind.typ, author=context["fran"]["namn"],
                            dnr=arende.dnr or "", datum=arende.datum, category=kind.typ)
    rendered = {}
    for document in kind.documents_for(arende):
        if only is not None and f"{document.name}.docx" not in only:
            continue
        data, _ = templates.get(document.template)
        rendered[f"{document.name}.docx"] = render_docx(data, context, properties,
                                                        template_name=workspace.template_display(document.template))
    if kind.extra_outputs is not None:
        extra = kind.extra_outputs(arende, context)
        rendered.update(extra if only is None else {k: v for k, v in extra.items() if k in only})
    return rendered, context


def result_of(name: str, display: str, work: Callable[[], CaseResult]) -> CaseResult:
    """Return what ``work`` (building one case or meeting) returned, or its failure as a result.

    One case's failure never stops the others: the user's errors, a full disk or a read-only
    build/ are said in Swedish; a bug in kanslist is "internt fel" with its traceback for -v.
    """
    try:
        return work()
    except InvalidInput as exc:
        return CaseResult(name, "fel", problems=exc.problems)
    except KanslistError as exc:
        return CaseResult(name, "fel", message=f"{display}: {exc}")
    except OSError as exc:
        return CaseResult(name, "fel", message=f"{display}: kunde inte skriva {exc.filename or 'build/'} "
                                               f"({exc.strerror}) – kontrollera diskutrymme och skrivrättigheter i build/")
    except Exception as exc:  # noqa: BLE001 – one case's bug must not stop the others being written
        return CaseResult(name, "fel", message=f"{display}: internt fel i kanslist ({type(exc).__name__}: {exc}) – "
                                               "kör med -v och rapportera felet", detail=traceback.format_exc())


def safe_build_dir(workspace: Workspace, name: str | None = None) -> Path:
    """Return build/ (or build/``name``), refusing a symbolic link on the way: kanslist never writes outside it."""
    root = workspace.root
    build = workspace.build_dir
    # build/<case> or build/sammantraden/<meeting>: every part a real folder name, never "." or "..".
    if name is not None and any(part in ("", ".", "..") for part in name.split("/")):
        raise KanslistError(f"'{name}.yaml' är inget namn som en mapp under build/ kan få – byt namn på ärendefilen, "
                            "t.ex. till svar-pa-motion.yaml")
    for folder in (build, build / name) if name else (build,):
        if folder.is_symlink():
            raise KanslistError(f"{folder.relative_to(root)} är en symbolisk länk – kanslist skriver bara i "
                                "arbetsytans egen build-mapp; ta bort länken och bygg igen")
    folder = build / name if name else build
    if not folder.resolve().is_relative_to(root):
        raise KanslistError(f"{folder} ligger utanför arbetsytan – bygg i arbetsytans egen build-mapp")
    return folder


class Builder:
    """Builds the cases of one workspace; holds what is shared between cases of a build."""

    def __init__(self, workspace: Workspace, force: bool = False):
        self.workspace = workspace
        self.force = force
        self.templates = Templates(workspace)
        path = workspace.organisation_path
        logo = self.templates.logo.data if self.templates.logo else b""
        self.organisation_hash = sha256((path.read_bytes() if path.exists() else b"") + logo)

    # ---- what a case's documents are made from ------------------------------------------
    def _data_hash(self, people: Iterable[str]) -> str:
        """Return the hash of the organisation and of the people a case names (not all of data/)."""
        personer = self.workspace.personer
        records = {pid: (personer[pid].model_dump(mode="json") if pid in personer else None) for pid in people}
        return sha256(json.dumps({"organisation": self.organisation_hash, "personer": records},
                                 sort_keys=True, ensure_ascii=False).encode("utf-8"))

    def _input_hash(self, source: bytes, data_hash: str, templates: Iterable[str]) -> str | None:
        """Return the hash of everything a case's documents depend on; None if a template is missing."""
        hashes = {name: self.templates.hash_of(name) for name in templates}
        if None in hashes.values():
            return None
        record = {"arende": sha256(source), "data": data_hash, "verktyg": tool_version(), "mallar": hashes}
        return sha256(json.dumps(record, sort_keys=True).encode("utf-8"))

    def unchanged(self, path: Path) -> CaseResult | None:
        """Return the result "oforandrad" when the case's outputs are up to date; None when it must be built.

        Reads the case file's bytes, its manifest and its outputs; no YAML is parsed. Every
        output is compared by content with what the manifest recorded, so a file cut short,
        replaced by hand or left by an interrupted build is never taken for up to date.
        """
        if self.force:
            return None
        name = case_name(path)
        try:
            out_dir = safe_build_dir(self.workspace, name)
            previous = read_manifest(out_dir)
            if previous.get("version") != MANIFEST_VERSION:
                return None
            documents = previous["dokument"]
            expected = self._input_hash(path.read_bytes(), self._data_hash(previous["personer"]), previous["mallar"])
            if expected is None or expected != previous["indata"] or not documents:
                return None
            for filename, record in documents.items():
                target = out_dir / filename
                if target.is_symlink() or sha256(target.read_bytes()) != record["sha256"]:
                    return None
        except (OSError, KeyError, TypeError, AttributeError, KanslistError):
            return None  # no manifest, one of an older shape, a file gone: build it (which says what is wrong)
        return CaseResult(name, "oforandrad", outputs=sorted(documents), manifest=previous)

    # ---- building -----------------------------------------------------------------------
    def build_case(self, path: Path) -> CaseResult:
        """Return the result of building one case file; problems are returned, not raised."""
        name = case_name(path)
        return result_of(name, self.workspace.display(path), lambda: self._build(path, name))

    def _build(self, path: Path, name: str) -> CaseResult:
        ws = self.workspace
        display = ws.display(path)
        try:
            source = path.read_bytes()  # read once: the hash and the YAML are of the same bytes
        except OSError as exc:
            raise InvalidInput([Problem(display, None, "", f"filen kan inte läsas ({exc.strerror})",
                                        "kontrollera sökvägen och behörigheten")]) from None
        loaded = parse_yaml(decode_yaml(source, display), display)
        arende = validate_case(loaded, ws)
        kind = kind_of(arende)
        people = sorted({s for s in _strings(loaded.data) if s in ws.personer})
        data_hash = self._data_hash(people)
        # Render everything before writing anything: a failing template leaves the old files.
        rendered, context = _render(ws, arende, self.templates)
        documents = kind.documents_for(arende)
        input_hash = self._input_hash(source, data_hash, [d.template for d in documents])

        out_dir = safe_build_dir(ws, name)
        previous = read_manifest(out_dir)
        # The old record goes first: a build that dies below leaves no record that could
        # vouch for files it did not see written. Not synced one by one: build() syncs once.
        (out_dir / MANIFEST).unlink(missing_ok=True)
        for filename, data in rendered.items():
            target = out_dir / filename
            if target.is_symlink():
                target.unlink()  # replaced by a file of our own, never written through
            write_atomic(target, data, durable=False)
        for stale in sorted(_listed_outputs(previous) - set(rendered)):
            _remove_output(out_dir, stale)
        manifest = {
            "version": MANIFEST_VERSION,
            "typ": kind.typ,
            "arende": display,
            "arende_sha256": sha256(source),
            "data_sha256": data_hash,
            "personer": people,
            "mallar": {d.template: self.templates.hash_of(d.template) for d in documents},
            "dnr": arende.dnr or "",
            "rubrik": arende.rubrik,
            "forfattare": context["fran"]["namn"],
            # What the register must mask when the documents are registered (5 kap. 5 § OSL).
            "sekretess": ({"grund": arende.sekretess.grund, "maskera": list(arende.sekretess.maskera)}
                          if arende.sekretess else None),
            "indata": input_hash,
            "verktyg": f"kanslist {tool_version()}",
            "dokument": {filename: _provenance(filename, data, kind, ws, self.templates)
                         for filename, data in rendered.items()},
        }
        write_json(out_dir / MANIFEST, manifest, durable=False)
        return CaseResult(name, "byggd", outputs=sorted(rendered), manifest=manifest)


def _provenance(filename: str, data: bytes, kind, workspace: Workspace, templates: Templates) -> dict:
    record = {"sha256": sha256(data), "bytes": len(data)}
    document = kind.document(filename.rsplit(".", 1)[0]) if filename.endswith(".docx") else None
    if document is not None:
        record.update(etikett=document.label, mall=workspace.template_display(document.template),
                      mall_sha256=templates.hash_of(document.template))
    return record


def read_manifest(folder: Path) -> dict:
    """Return the record kanslist wrote in ``folder`` (build/<case>/kanslist.json); {} if none or damaged."""
    path = folder / MANIFEST
    if path.is_symlink():
        return {}
    try:
        record = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _listed_outputs(manifest: dict) -> set[str]:
    """Return the file names a manifest lists as kanslist's outputs (none if it is damaged)."""
    documents = manifest.get("dokument")
    return {name for name in documents if isinstance(name, str)} if isinstance(documents, dict) else set()


def _remove_output(folder: Path, filename: str) -> None:
    """Remove an output listed in our manifest, and the PDF that ``bygg --pdf`` wrote beside it."""
    # Only a plain file name, never a path out of the case's folder (a manifest may be edited).
    if not filename or Path(filename).name != filename or filename == MANIFEST:
        return
    (folder / filename).unlink(missing_ok=True)
    if filename.endswith(".docx"):
        (folder / filename).with_suffix(".pdf").unlink(missing_ok=True)


def remove_stale(workspace: Workspace, live: Iterable[str]) -> list[str]:
    """Remove outputs of cases whose case file is gone; only files kanslist itself wrote.

    A folder under build/ without a manifest, any file not listed in one, and anything
    reached through a symbolic link is left alone.
    """
    removed = []
    live = set(live)
    build = safe_build_dir(workspace) if workspace.build_dir.exists() else None
    if build is None:
        return removed
    for folder in sorted(p for p in build.iterdir() if p.is_dir() and not p.is_symlink()):
        manifest = read_manifest(folder)
        if folder.name in live or not manifest:
            continue
        for filename in _listed_outputs(manifest):
            _remove_output(folder, filename)
        (folder / MANIFEST).unlink()
        if not any(folder.iterdir()):
            folder.rmdir()
        removed.append(folder.name)
    return removed


_worker_builder: Builder | None = None


def _worker_init(root: str, force: bool, parent: int | None) -> None:
    from kanslist import processes

    processes.die_with_parent(parent)  # a worker dies with the build, even one killed by SIGKILL
    global _worker_builder
    _worker_builder = Builder(Workspace(Path(root)), force)


def _worker_build(paths: list[str]) -> list[CaseResult]:
    assert _worker_builder is not None
    return [_worker_builder.build_case(Path(p)) for p in paths]


def available_cores() -> int:
    """Return the number of cores this process may run on (the default number of processes)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _build_in_pool(workspace: Workspace, force: bool, paths: list[Path], jobs: int,
                   report: Callable[[CaseResult], None]) -> None:
    # At most CHUNK cases a task, and at least two tasks a worker so that none waits for the last.
    size = max(1, min(CHUNK, -(-len(paths) // (2 * jobs))))
    chunks = [[str(p) for p in paths[i:i + size]] for i in range(0, len(paths), size)]
    # Imported before the workers start so that (with fork) they share it rather than each importing it.
    from kanslist.pipeline import context, load, render, validate  # noqa: F401

    import multiprocessing

    from kanslist import processes

    mp = multiprocessing.get_context()
    # Forked workers check that the build is still their parent; under forkserver it is not.
    parent = os.getpid() if mp.get_start_method() == "fork" else None
    try:
        with ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=mp, initializer=_worker_init,
                                 initargs=(str(workspace.root), force, parent)) as pool:
            # SIGTERM, SIGHUP, Ctrl-C: the workers go now, not after the cases they hold
            # (the executor has no public way to reach its processes).
            def kill_workers() -> None:
                for process in list((pool._processes or {}).values()):
                    process.kill()

            with processes.on_stop(kill_workers):
                try:
                    pending = {pool.submit(_worker_build, chunk) for chunk in chunks}
                    while pending:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in done:
                            for result in future.result():
                                report(result)
                except BaseException:
                    kill_workers()
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
    except BrokenProcessPool:
        raise KanslistError("en byggprocess avbröts oväntat (slut på minne?) – försök igen med färre "
                            "processer, t.ex. --jobb 1") from None


def build(workspace: Workspace, files: list[Path] | None = None, force: bool = False, jobs: int | None = None,
          progress: Callable[[CaseResult], None] | None = None) -> BuildReport:
    """Return the report of building ``files`` (default: every case under arenden/) into build/.

    Only cases whose inputs changed are built (all with ``force``), in ``jobs`` processes
    (default: one per core). One failing case does not stop the others; its problems are
    in its result. Without ``files``, outputs of case files that are gone are removed.
    """
    from kanslist.sammantrade.bygg import build_meetings, is_meeting_file

    started = time.perf_counter()
    workspace.organisation  # a broken organisation.yaml stops the build before any case
    workspace.personer
    safe_build_dir(workspace)
    paths = workspace.expand(files) if files else workspace.case_files()
    # Sammanträden are built after the cases: all of them when every case is built (the CLI names them all).
    meetings = [p for p in paths if is_meeting_file(workspace, p)]
    paths = [p for p in paths if p not in meetings]
    meetings = None if not files or set(workspace.case_files()) <= set(paths) else meetings
    order = {case_name(p): i for i, p in enumerate(paths)}
    results: list[CaseResult] = []

    def report(result: CaseResult) -> None:
        results.append(result)
        if progress:
            progress(result)

    builder = Builder(workspace, force)
    stale = []
    for path in paths:
        result = builder.unchanged(path)
        if result is None:
            stale.append(path)
        else:
            report(result)
    jobs = jobs or available_cores()
    if jobs > 1 and len(stale) > IN_PROCESS_LIMIT:
        _build_in_pool(workspace, force, stale, jobs, report)
    else:
        for path in stale:
            report(builder.build_case(path))
    if stale:
        sync_to_disk()
    gone_meetings: list[str] = []
    if meetings is None or meetings:
        results += build_meetings(workspace, meetings, force, gone_meetings)  # after the cases they decide
    removed = ([] if files else remove_stale(workspace, order)) + gone_meetings
    results.sort(key=lambda r: order.get(r.case, len(order)))
    return BuildReport(results, time.perf_counter() - started, removed, workspace.build_dir)

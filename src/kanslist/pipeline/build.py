"""Build cases into documents: load → validate → context → render → write, only what changed.

A case is rebuilt when what its documents are made from changed: its case file, the
organisation, the people it names, the templates of its kind, or the tool. That is
decided by content hashes recorded in ``build/<case>/kanslist.json`` (also the audit
record of which source made which paper), never by timestamps. The check reads no YAML,
so a build where nothing changed takes a fraction of a second. Cases to build are spread
over processes; each process prepares a template once (see ``render``).
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kanslist import __version__
from kanslist.errors import InvalidInput, KanslistError, Problem
from kanslist.workspace import Workspace
from kanslist.pipeline.write import sha256, sync_to_disk, write_atomic, write_json

MANIFEST = "kanslist.json"
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


@dataclass
class BuildReport:
    """The outcome of one ``bygg``: every case's result and the time it took."""

    results: list[CaseResult]
    seconds: float = 0.0
    removed: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return self.count("fel") == 0

    def summary(self) -> str:
        removed = f", {len(self.removed)} borttagna" if self.removed else ""
        return (f"{self.count('byggd')} byggda, {self.count('oforandrad')} oförändrade, "
                f"{self.count('fel')} med fel{removed} – {self.seconds:.1f} s")


def tool_version() -> str:
    """Return the tool's version: a new version rebuilds everything.

    The version, not a hash of the code: in a working copy, code changes between
    releases need ``--tvinga`` (hashing every module would rebuild on any edit anywhere).
    """
    return __version__


class _Templates:
    """Template files read once per process, with their hashes."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, tuple[bytes, str] | None] = {}

    def _read(self, name: str) -> tuple[bytes, str] | None:
        if name not in self._cache:
            try:
                data = (self.folder / f"{name}.docx").read_bytes()
            except OSError:
                self._cache[name] = None
            else:
                self._cache[name] = (data, sha256(data))
        return self._cache[name]

    def get(self, name: str) -> tuple[bytes, str]:
        """Return the bytes and hash of mallar/``name``.docx; raise when it is missing."""
        found = self._read(name)
        if found is None:
            raise KanslistError(f"mallar/{name}.docx saknas – skapa den eller kopiera den från "
                                "'kanslist init' (mallarna går att redigera i Word)")
        return found

    def hash_of(self, name: str) -> str | None:
        """Return the hash of mallar/``name``.docx; None when it is missing."""
        found = self._read(name)
        return found[1] if found else None


def _case_name(path: Path) -> str:
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


class Builder:
    """Builds the cases of one workspace; holds what is shared between cases of a build."""

    def __init__(self, workspace: Workspace, force: bool = False):
        self.workspace = workspace
        self.force = force
        self.templates = _Templates(workspace.mallar_dir)
        path = workspace.organisation_path
        self.organisation_hash = sha256(path.read_bytes() if path.exists() else b"")

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

        Reads the case file's bytes and its manifest only; no YAML is parsed.
        """
        if self.force:
            return None
        name = _case_name(path)
        out_dir = self.workspace.build_dir / name
        try:
            previous = read_manifest(out_dir)
            documents = previous["dokument"]
            source = path.read_bytes()
            templates = [m.removeprefix("mallar/").removesuffix(".docx") for m in previous["mallar"]]
            expected = self._input_hash(source, self._data_hash(previous["personer"]), templates)
            if expected is None or expected != previous["indata"] or not documents:
                return None
            for filename, record in documents.items():
                # The size catches an output cut short or replaced by hand; a changed input never gets here.
                if (out_dir / filename).stat().st_size != record["bytes"]:
                    return None
        except (OSError, KeyError, TypeError, AttributeError):
            return None  # no manifest, one of an older shape, or a file gone: build it (which says what is wrong)
        return CaseResult(name, "oforandrad", outputs=sorted(documents))

    # ---- building -----------------------------------------------------------------------
    def build_case(self, path: Path) -> CaseResult:
        """Return the result of building one case file; problems are returned, not raised."""
        name = _case_name(path)
        try:
            return self._build(path, name)
        except InvalidInput as exc:
            return CaseResult(name, "fel", problems=exc.problems)
        except KanslistError as exc:
            return CaseResult(name, "fel", message=f"{self.workspace.display(path)}: {exc}")
        except Exception as exc:  # noqa: BLE001 – one case's bug must not stop the others being written
            return CaseResult(name, "fel", message=f"{self.workspace.display(path)}: internt fel i kanslist "
                                                   f"({type(exc).__name__}: {exc}) – kör med -v och rapportera felet")

    def _build(self, path: Path, name: str) -> CaseResult:
        from kanslist.pipeline.context import build_context
        from kanslist.kinds import kind_of
        from kanslist.pipeline.render import Properties, render_docx
        from kanslist.pipeline.validate import validate_case
        from kanslist.pipeline.load import load_yaml

        ws = self.workspace
        display = ws.display(path)
        source = path.read_bytes() if path.exists() else b""  # read first: a later edit is never marked built
        loaded = load_yaml(path, display)
        arende = validate_case(loaded, ws)
        kind = kind_of(arende)
        templates = {output: (tpl, *self.templates.get(tpl)) for output, tpl in kind.DOCUMENTS.items()}
        people = sorted({s for s in _strings(loaded.data) if s in ws.personer})
        data_hash = self._data_hash(people)
        input_hash = self._input_hash(source, data_hash, [tpl for tpl, _, _ in templates.values()])

        context = build_context(arende, ws)
        properties = Properties(title=arende.rubrik, subject=kind.TYP, author=context["fran"]["namn"],
                                dnr=arende.dnr or "", datum=arende.datum, category=kind.TYP)
        rendered = {f"{output}.docx": render_docx(tpl_bytes, context, properties, template_name=f"mallar/{tpl}.docx")
                    for output, (tpl, tpl_bytes, _) in templates.items()}
        # Outputs that are not Word templates (a spreadsheet): the kind's own hook, if it has one.
        extra = getattr(kind, "extra_outputs", None)
        if extra is not None:
            rendered.update(extra(arende, context))

        # Render everything before writing anything: a failing template leaves the old files.
        # Not synced one by one: build() syncs once at the end; the manifest is written last,
        # so an interrupted build is redone (the sizes or the hash do not match).
        out_dir = ws.build_dir / name
        previous = _listed_outputs(read_manifest(out_dir))
        for filename, data in rendered.items():
            write_atomic(out_dir / filename, data, durable=False)
        for stale in sorted(previous - set(rendered)):
            _remove_output(out_dir, stale)
        manifest = {
            "arende": display,
            "arende_sha256": sha256(source),
            "data_sha256": data_hash,
            "personer": people,
            "mallar": {f"mallar/{tpl}.docx": h for tpl, _, h in templates.values()},
            "dnr": arende.dnr or "",
            # What the register must mask when the documents are registered (5 kap. 5 § OSL).
            "sekretess": arende.sekretess.grund if arende.sekretess else "",
            "indata": input_hash,
            "verktyg": f"kanslist {tool_version()}",
            "dokument": {filename: _provenance(filename, data, templates) for filename, data in rendered.items()},
        }
        write_json(out_dir / MANIFEST, manifest, durable=False)
        return CaseResult(name, "byggd", outputs=sorted(rendered))


def _provenance(filename: str, data: bytes, templates: dict) -> dict:
    record = {"sha256": sha256(data), "bytes": len(data)}
    stem = filename.rsplit(".", 1)[0]
    if filename.endswith(".docx") and stem in templates:
        record.update(mall=f"mallar/{templates[stem][0]}.docx", mall_sha256=templates[stem][2])
    return record


def read_manifest(folder: Path) -> dict:
    """Return the record kanslist wrote in ``folder`` (build/<case>/kanslist.json); {} if none or damaged."""
    try:
        record = json.loads((folder / MANIFEST).read_text("utf-8"))
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

    A folder under build/ without a manifest, and any file not listed in one, is left alone.
    """
    removed = []
    live = set(live)
    if not workspace.build_dir.exists():
        return removed
    for folder in sorted(p for p in workspace.build_dir.iterdir() if p.is_dir()):
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
    started = time.perf_counter()
    workspace.organisation  # a broken organisation.yaml stops the build before any case
    workspace.personer
    paths = workspace.expand(files) if files else workspace.case_files()
    order = {_case_name(p): i for i, p in enumerate(paths)}
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
    removed = [] if files else remove_stale(workspace, order)
    results.sort(key=lambda r: order.get(r.case, len(order)))
    return BuildReport(results, time.perf_counter() - started, removed)

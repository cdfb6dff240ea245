"""Build cases into documents: load → validate → context → render → write, only what changed."""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .context import build_context
from .errors import InvalidInput, KanslistError, Problem
from .kinds import kind_of
from .render import Properties, render_docx
from .validate import validate_case
from .workspace import Workspace
from .write import normalise_zip, sha256, write_atomic, write_json
from .yamlload import load_yaml

MANIFEST = "kanslist.json"


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
        return (f"{self.count('byggd')} byggda, {self.count('oforandrad')} oförändrade, "
                f"{self.count('fel')} med fel – {self.seconds:.1f} s")


class _Templates:
    """Template files read once per process, with their hashes."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, tuple[bytes, str]] = {}

    def get(self, name: str) -> tuple[bytes, str]:
        if name not in self._cache:
            path = self.folder / f"{name}.docx"
            try:
                data = path.read_bytes()
            except OSError:
                raise KanslistError(f"mallar/{name}.docx saknas – skapa den eller kopiera den från "
                                    "'kanslist init' (mallarna går att redigera i Word)") from None
            self._cache[name] = (data, sha256(data))
        return self._cache[name]


def _data_hash(workspace: Workspace) -> str:
    digest = hashlib.sha256()
    for path in (workspace.organisation_path, workspace.personer_path):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def _case_name(path: Path) -> str:
    return path.name[:-5] if path.name.endswith(".yaml") else path.stem


class Builder:
    """Builds the cases of one workspace; holds what is shared between cases of a build."""

    def __init__(self, workspace: Workspace, force: bool = False):
        self.workspace = workspace
        self.force = force
        self.templates = _Templates(workspace.mallar_dir)
        self.data_hash = _data_hash(workspace)

    def build_case(self, path: Path) -> CaseResult:
        """Return the result of building one case file; problems are returned, not raised."""
        name = _case_name(path)
        try:
            return self._build(path, name)
        except InvalidInput as exc:
            return CaseResult(name, "fel", problems=exc.problems)
        except KanslistError as exc:
            return CaseResult(name, "fel", message=f"{self.workspace.display(path)}: {exc}")

    def _build(self, path: Path, name: str) -> CaseResult:
        ws = self.workspace
        loaded = load_yaml(path, ws.display(path))
        source = path.read_bytes()
        arende = validate_case(loaded, ws)
        kind = kind_of(arende)
        templates = {output: (tpl, *self.templates.get(tpl)) for output, tpl in kind.DOCUMENTS.items()}
        input_hash = sha256(b"\0".join([source, self.data_hash.encode(), __version__.encode(),
                                         *(h.encode() for _, _, h in templates.values())]))
        out_dir = ws.build_dir / name
        previous = _read_manifest(out_dir)
        if not self.force and previous.get("indata") == input_hash and all(
                (out_dir / f).exists() for f in previous.get("dokument", {})):
            return CaseResult(name, "oforandrad", outputs=sorted(previous["dokument"]))
        context = build_context(arende, ws)
        properties = Properties(title=arende.rubrik, subject=kind.TYP, author=context["fran"]["namn"],
                                dnr=arende.dnr or "", datum=arende.datum, category=kind.TYP)
        rendered = {}
        for output, (tpl_name, tpl_bytes, _) in templates.items():
            rendered[f"{output}.docx"] = normalise_zip(
                render_docx(tpl_bytes, context, properties, template_name=f"mallar/{tpl_name}.docx"))
        # Outputs that are not Word templates (a spreadsheet): the kind's own hook, if it has one.
        extra = getattr(kind, "extra_outputs", None)
        if extra is not None:
            rendered.update(extra(arende, context))
        # Render everything before writing anything: a failing template leaves the old files.
        for filename, data in rendered.items():
            write_atomic(out_dir / filename, data)
        for stale in set(previous.get("dokument", {})) - set(rendered):
            (out_dir / stale).unlink(missing_ok=True)
        manifest = {
            "arende": ws.display(path),
            "arende_sha256": sha256(source),
            "data_sha256": self.data_hash,
            "dnr": arende.dnr or "",
            "indata": input_hash,
            "verktyg": f"kanslist {__version__}",
            "dokument": {filename: _provenance(filename, data, templates) for filename, data in rendered.items()},
        }
        write_json(out_dir / MANIFEST, manifest)
        return CaseResult(name, "byggd", outputs=sorted(rendered))


def _provenance(filename: str, data: bytes, templates: dict) -> dict:
    record = {"sha256": sha256(data)}
    stem = filename.rsplit(".", 1)[0]
    if filename.endswith(".docx") and stem in templates:
        record.update(mall=f"mallar/{templates[stem][0]}.docx", mall_sha256=templates[stem][2])
    return record


def _read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def remove_stale(workspace: Workspace, live: Iterable[str]) -> list[str]:
    """Remove outputs of cases whose case file is gone; only files kanslist itself wrote."""
    removed = []
    live = set(live)
    if not workspace.build_dir.exists():
        return removed
    for folder in sorted(p for p in workspace.build_dir.iterdir() if p.is_dir()):
        manifest = _read_manifest(folder)
        if folder.name in live or not manifest:
            continue
        for filename in manifest.get("dokument", {}):
            for path in (folder / filename, (folder / filename).with_suffix(".pdf")):
                if path.exists():
                    path.unlink()
        (folder / MANIFEST).unlink()
        if not any(folder.iterdir()):
            folder.rmdir()
        removed.append(folder.name)
    return removed


_worker_builder: Builder | None = None


def _worker_init(root: str, force: bool) -> None:
    global _worker_builder
    _worker_builder = Builder(Workspace(Path(root)), force)


def _worker_build(path: str) -> CaseResult:
    assert _worker_builder is not None
    return _worker_builder.build_case(Path(path))


def build(workspace: Workspace, files: list[Path] | None = None, force: bool = False, jobs: int | None = None,
          progress: Callable[[CaseResult], None] | None = None) -> BuildReport:
    """Return the report of building ``files`` (default: every case under arenden/) into build/.

    One failing case does not stop the others; its problems are in its result.
    """
    started = time.perf_counter()
    workspace.organisation  # a broken organisation.yaml stops the build before any case
    workspace.personer
    paths = [Path(f).resolve() for f in files] if files else workspace.case_files()
    jobs = jobs or os.cpu_count() or 1
    results: list[CaseResult] = []
    if jobs > 1 and len(paths) > 4:
        with ProcessPoolExecutor(jobs, initializer=_worker_init, initargs=(str(workspace.root), force)) as pool:
            for result in pool.map(_worker_build, [str(p) for p in paths], chunksize=max(1, len(paths) // (jobs * 8))):
                results.append(result)
                if progress:
                    progress(result)
    else:
        builder = Builder(workspace, force)
        for path in paths:
            result = builder.build_case(path)
            results.append(result)
            if progress:
                progress(result)
    removed = [] if files else remove_stale(workspace, [_case_name(p) for p in paths])
    return BuildReport(results, time.perf_counter() - started, removed)

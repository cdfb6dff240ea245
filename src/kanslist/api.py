"""The library API: what the command line, the web app and the tests call.

Nothing else of kanslist is imported from outside the package. Every function takes a
:class:`Workspace` (``open_workspace``) and raises :class:`KanslistError` (or its
:class:`InvalidInput`, listing every :class:`Problem`) for what a user can fix.
Heavy parts (LibreOffice, the register, pandoc) are imported when first used, so that a
command that needs none of them starts fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kanslist.errors import InvalidInput, KanslistError, Problem
from kanslist.kinds import KINDS, Kind, kind_named
from kanslist.pipeline.load import Loaded, parse_yaml
from kanslist.pipeline.validate import validate_case
from kanslist.workspace import NotAWorkspace, Workspace

if TYPE_CHECKING:
    from kanslist.pipeline.build import BuildReport, CaseResult

# The builder (python-docx, docxtpl, Jinja, Markdown) is imported when first used, here and
# by name through __getattr__: `kanslist granska` starts without it (start-up speed).
_FROM_BUILD = ("BuildReport", "CaseResult", "render_case")


def __getattr__(name: str):
    if name in _FROM_BUILD:
        from kanslist.pipeline import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "BuildReport", "CaseResult", "InvalidInput", "KINDS", "Kind", "KanslistError", "Loaded", "NotAWorkspace",
    "Problem", "Workspace", "build", "check", "check_text", "consolidate", "import_paper", "json_schema",
    "kind_named", "load_case_text", "new_case", "new_workspace", "open_register", "open_workspace", "publish",
    "render_case", "render_text", "write_draft",
]


def open_workspace(folder: Path | str = ".") -> Workspace:
    """Return the workspace at ``folder`` or the nearest parent holding data/organisation.yaml."""
    return Workspace.find(folder)


def new_workspace(folder: Path | str, *, templates: bool = False) -> list[Path]:
    """Return the files of a new workspace created at ``folder``: data, an example case.

    With ``templates`` the default templates are copied into its mallar/, to be restyled in Word.
    """
    from kanslist.init import init_workspace

    return init_workspace(Path(folder), templates=templates)


def new_case(workspace: Workspace, typ: str, rubrik: str | None = None, *, registrera: bool = False,
             dnr: str | None = None) -> Path:
    """Return the path of a new case file of kind ``typ`` under arenden/.

    With ``registrera`` its number comes from the register: a new case, or the case ``dnr``
    already registered (the new file is then a further paper in that case).
    """
    from kanslist.init import new_case as create

    return create(workspace, typ, rubrik, registrera=registrera, dnr=dnr)


def load_case_text(workspace: Workspace, text: str, display: str = "arende.yaml"):
    """Return (loaded, case) for case-file text not (yet) saved; raise InvalidInput when wrong."""
    loaded = parse_yaml(text, display)
    return loaded, validate_case(loaded, workspace)


def check_meeting_text(workspace: Workspace, path: Path, text: str) -> None:
    """Check meeting-file text not (yet) saved as the file at ``path``, as bygg would; raise InvalidInput when wrong."""
    from kanslist.sammantrade.kontroll import load_meeting

    load_meeting(workspace, path, text.encode("utf-8"))


def render_text(workspace: Workspace, text: str, display: str = "arende.yaml",
                only: list[str] | None = None) -> dict[str, bytes]:
    """Return the documents (file name → bytes) case-file ``text`` would build into, in memory.

    With ``only`` (file names such as ``["tjansteskrivelse.docx"]``) just those are rendered.
    """
    from kanslist.pipeline.build import render_case

    loaded, arende = load_case_text(workspace, text, display)
    return render_case(workspace, loaded, arende, only=only)


def build(workspace: Workspace, files: list[Path] | None = None, *, force: bool = False, jobs: int | None = None,
          progress: Callable[[CaseResult], None] | None = None, review: bool = True,
          strict: bool = False) -> BuildReport:
    """Return the report of building ``files`` (default: every case) into build/, only what changed.

    With ``review`` granska's errors in the cases built are in ``report.review`` (the
    papers are written all the same); with ``strict`` any such error refuses the whole build
    before anything is written (InvalidInput).
    """
    from kanslist.pipeline.build import build as build_cases, case_name

    if strict:
        errors = [p for p in check(workspace, files, mallar=False, language=False) if p.severity == "fel"]
        if errors:
            raise InvalidInput(errors)
    report = build_cases(workspace, files, force=force, jobs=jobs, progress=progress)
    if review and not strict:
        # Only case files: a meeting's result is checked by the meeting build itself.
        named = {case_name(path): path for path in (workspace.expand(files) if files else workspace.case_files())}
        built = [named[r.case] for r in report.results if r.status == "byggd" and r.case in named]
        if built:
            report.review = [p for p in check(workspace, built, mallar=False, language=False) if p.severity == "fel"]
    return report


def check(workspace: Workspace, files: list[Path] | None = None, *, idag: dt.date | None = None,
          mallar: bool = True, language: bool = True) -> list[Problem]:
    """Return every problem ``kanslist granska`` finds in ``files`` (default: every case)."""
    from kanslist.granska.run import granska

    return granska(workspace, files, idag=idag, mallar=mallar, language=language)


def check_text(workspace: Workspace, text: str, display: str = "arende.yaml", *,
               idag: dt.date | None = None) -> list[Problem]:
    """Return every problem in case-file ``text`` (validation first, then the granska rules)."""
    from kanslist.granska.run import granska_text

    return granska_text(workspace, text, display, idag=idag)


def consolidate(workspace: Workspace, files: list[Path], output: Path, *, pdf: bool = False,
                force: bool = False) -> list[Path]:
    """Return the files written for the auditors' consolidated response (``kanslist samla``).

    An answer with granska errors is refused (nothing written) unless ``force``.
    """
    from kanslist.samla import samla

    if not force:
        errors = [p for p in check(workspace, files, mallar=False, language=False) if p.severity == "fel"]
        if errors:
            lines = [str(p) for p in errors]
            lines.append(f"{len(errors)} fel i svaren – inget skrevs; rätta dem, eller samla ändå med --tvinga")
            raise KanslistError("\n".join(lines))
    return samla(workspace, files, output, pdf=pdf)


def import_paper(path: Path | str, workspace: Workspace | None = None) -> str:
    """Return the YAML text of a draft case file read from an existing paper (.docx or text)."""
    from kanslist.importera.run import importera

    return importera(path, workspace)


def write_draft(path: Path, text: str, *, replace: bool = False) -> Path:
    """Return ``path`` after writing an imported draft there; an existing file only with ``replace``."""
    from kanslist.pipeline.write import write_atomic

    path = Path(path)
    if path.exists() and not replace:
        raise KanslistError(f"{path} finns redan – välj ett annat namn eller skriv över med --tvinga")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise KanslistError(f"{path} är ingen vanlig fil – välj ett annat namn")
    write_atomic(path, text.encode("utf-8"))
    return path


def publish(workspace: Workspace, report: BuildReport, *, pdf: bool = False, registrera: bool = False,
            on_step: Callable[[str], None] | None = None):
    """Return what was done after a build: PDF/A files written and documents registered."""
    from kanslist.pipeline.publish import publish as run

    return run(workspace, report, pdf=pdf, registrera=registrera, on_step=on_step)


def open_register(workspace: Workspace):
    """Return the workspace's register (diarium), open; use it in a ``with`` block."""
    from kanslist.diarium.register import Diarium

    return Diarium.open(workspace.diarium_url(), workspace.organisation)


def json_schema() -> dict:
    """Return the JSON Schema of every case file, with Swedish descriptions."""
    from kanslist.kinds import json_schema as schema

    return schema()

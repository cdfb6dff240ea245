"""Check case files without building (`kanslist granska`): what a careful chief would catch.

The contract and the ids first (the same validation as ``bygg``), then the rules of
:mod:`kanslist.rules`: completeness, consistency, references, language; then the
templates the cases use. Every problem names the file, the line and the field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kanslist.errors import InvalidInput, Problem
from kanslist.kinds import KINDS, kind_of
from kanslist.granska.regel import Granskning, case_rules
from kanslist.granska.hanvisningar import close_register
from kanslist.granska.mallar import check_templates
from kanslist.pipeline.validate import validate_case
from kanslist.workspace import Workspace
from kanslist.pipeline.load import load_yaml


def granska(workspace: Workspace, files: list[Path] | None = None, *, idag: dt.date | None = None,
            mallar: bool = True) -> list[Problem]:
    """Return every problem found in ``files`` (default: every case), errors and warnings.

    ``idag`` is the day deadlines are measured against (default: today). With ``mallar``
    the templates the cases use are checked too (every template in mallar/ when no files
    are named).
    """
    idag = idag or dt.date.today()
    problems: list[Problem] = []
    hjalp: dict = {}
    kinds = set()
    paths = workspace.expand(files) if files else workspace.case_files()
    rules = case_rules()
    try:
        for path in paths:
            try:
                loaded = load_yaml(path, workspace.display(path))
                arende = validate_case(loaded, workspace)
            except InvalidInput as exc:
                problems.extend(exc.problems)
                continue
            kinds.add(kind_of(arende).TYP)
            granskning = Granskning(path, loaded, arende, workspace, idag, hjalp)
            found: list[Problem] = []
            for rule in rules:
                found.extend(rule(granskning))
            problems.extend(sorted(found, key=lambda p: (p.line or 0)))
    finally:
        close_register(hjalp)
    if mallar:
        every = not files
        used = [KINDS[t] for t in sorted(kinds)] if not every else list(KINDS.values())
        problems.extend(check_templates(workspace, used, every_template=every))
    return problems

"""Check case files without building (`kanslist granska`): what a careful chief would catch.

The contract and the ids first (the same validation as ``bygg``), then the rules of
:mod:`kanslist.rules`: completeness, consistency, references, language; then the
templates the cases use. Every problem names the file, the line and the field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kanslist.errors import InvalidInput, Problem
from kanslist.granska import fullstandighet, hanvisningar, sprak
from kanslist.granska.hanvisningar import close_register
from kanslist.granska.mallar import check_meeting_templates, check_templates
from kanslist.granska.regel import CaseRule, Granskning
from kanslist.granska.sammantraden import meeting_paths, review_meetings
from kanslist.kinds import KINDS, Kind, kind_of
from kanslist.pipeline.load import Loaded, parse_yaml
from kanslist.pipeline.validate import load_cases, validate_case
from kanslist.workspace import Workspace

# The rules of every kind, after the kind's own (Kind.rules), in the order their messages are listed.
COMMON_RULES: list[CaseRule] = [*fullstandighet.RULES, *hanvisningar.RULES, *sprak.RULES]


def case_rules(kind: Kind, language: bool = True) -> list[CaseRule]:
    """Return every rule that checks one case of ``kind``: its own, then the common ones.

    Without ``language`` the spelling rules are left out (they only warn; a build that
    reports granska's errors need not load the dictionary).
    """
    common = COMMON_RULES if language else [r for r in COMMON_RULES if r not in sprak.RULES]
    return [*kind.rules, *common]


def review_case(workspace: Workspace, path: Path, loaded: Loaded, arende, idag: dt.date, hjalp: dict,
                source: str | None = None, rules: list[CaseRule] | None = None,
                language: bool = True) -> list[Problem]:
    """Return the problems the rules find in one validated case, in the order of its lines."""
    kind = kind_of(arende)
    granskning = Granskning(path, loaded, arende, kind, workspace, idag, hjalp, source)
    found: list[Problem] = []
    for rule in rules if rules is not None else case_rules(kind, language):
        found.extend(rule(granskning))
    return sorted(found, key=lambda p: (p.line or 0))


def granska(workspace: Workspace, files: list[Path] | None = None, *, idag: dt.date | None = None,
            mallar: bool = True, language: bool = True) -> list[Problem]:
    """Return every problem found in ``files`` (default: every case and meeting), errors and warnings.

    ``idag`` is the day deadlines are measured against (default: today). With ``mallar``
    the templates the cases use are checked too (every template in mallar/ when no files
    are named).
    """
    idag = idag or dt.date.today()
    problems: list[Problem] = []
    hjalp: dict = {}
    kinds = set()
    # Meeting files are checked as bygg loads them, after the cases they name.
    meetings, named = meeting_paths(workspace, workspace.expand(files) if files else None)
    paths = named if files else workspace.case_files()
    cases, invalid = load_cases(paths, workspace)
    problems.extend(invalid)
    try:
        for path, loaded, arende in cases:
            kinds.add(kind_of(arende).typ)
            problems.extend(review_case(workspace, path, loaded, arende, idag, hjalp, language=language))
    finally:
        close_register(hjalp)
        sprak.save_minne(hjalp)  # the dictionary's new answers, for the next run
    problems.extend(review_meetings(workspace, meetings))
    if mallar:
        problems.extend(check_templates(workspace, [KINDS[t] for t in sorted(kinds)]))
        if meetings:  # the workspace's own meeting templates, where it has meetings
            problems.extend(check_meeting_templates(workspace))
    # An error of data/organisation.yaml comes back from every file built with it: said once.
    return list(dict.fromkeys(problems))


def granska_text(workspace: Workspace, text: str, display: str = "arende.yaml", *,
                 idag: dt.date | None = None) -> list[Problem]:
    """Return every problem in case-file ``text`` not (yet) saved: validation, then the case rules."""
    try:
        loaded = parse_yaml(text, display)
        arende = validate_case(loaded, workspace)
    except InvalidInput as exc:
        return list(exc.problems)
    hjalp: dict = {}
    try:
        return review_case(workspace, workspace.root / display, loaded, arende, idag or dt.date.today(), hjalp, text)
    finally:
        close_register(hjalp)
        sprak.save_minne(hjalp)

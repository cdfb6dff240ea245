"""What the meetings decided, read back: per case its outcomes and §§, for ``samla`` and the motion report."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from kanslist.errors import InvalidInput
from kanslist.sammantrade.kontroll import decided_outcome, load_meeting
from kanslist.sammantrade.model import ArendePunkt
from kanslist.sammantrade.numrering import FOLDER, first_paragraph, meeting_files, numbered, outline

FINAL = ("bifall", "delvis_bifall", "avslag", "besvarad")  # outcomes that settle a matter


@dataclass(frozen=True)
class Beslut:
    """One meeting's decision on one case."""

    arende: str  # the case file, as the meeting file names it (arenden/x.yaml)
    organ: str  # the body's id
    organ_namn: str
    datum: dt.date
    paragraf: str
    utfall: str
    forslag_till: str  # the body the decision was proposed to; "" when the meeting decided itself

    @property
    def referens(self) -> str:
        """Return "Kommunstyrelsen 2026-03-10 § 52", as papers cite a decision."""
        return f"{self.organ_namn} {self.datum.isoformat()} {self.paragraf}"


def decisions(workspace, per: dt.date | None = None) -> list[Beslut]:
    """Return every decision on a case in the meeting files (those held on or before ``per``), in order of date.

    Read from the meeting files themselves, so the answer does not depend on what was built;
    a meeting file with errors is skipped (``bygg`` reports it).
    """
    from kanslist.pipeline.context import Resolver
    from kanslist.sammantrade.context import _decider

    found = []
    r = Resolver(workspace)
    stil = workspace.organisation.sammantraden
    for path in meeting_files(workspace):
        try:
            meeting = load_meeting(workspace, path)
            model = meeting.model
            if per is not None and model.datum > per:
                continue
            nr = first_paragraph(workspace, path, model.organ, model.datum)
        except InvalidInput:
            continue
        organ = r.enhet_namn(model.organ)
        for i, punkt in enumerate(model.punkter):
            if not numbered(punkt):
                continue
            if isinstance(punkt, ArendePunkt):
                case = meeting.cases[i]
                decider = _decider(case.arende, r) if case.arende.forslag_till_beslut else organ
                till = decider if decider != organ and not punkt.beslut else ""
                found.append(Beslut(punkt.arende, model.organ, organ, model.datum, stil.format_paragraf(nr, model.datum.year),
                                    decided_outcome(punkt, case) or "", till))
            nr += 1
    return sorted(found, key=lambda b: (b.datum, b.organ, b.paragraf))


def references_for(workspace, arende: Path | str) -> list[str]:
    """Return the decisions on one case as papers cite them: ["Kommunstyrelsen 2026-03-10 § 52", ...].

    The hook for ``samla`` (and any paper that cites where a case was decided).
    """
    target = (workspace.root / arende).resolve() if not Path(arende).is_absolute() else Path(arende).resolve()
    return [b.referens for b in decisions(workspace) if (workspace.root / b.arende).resolve() == target]


def recorded(workspace, name: str) -> dict:
    """Return the decision record a build wrote for meeting ``name`` (build/sammantraden/<name>/beslut.json); {} if none."""
    path = workspace.build_dir / FOLDER / name / "beslut.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


@dataclass(frozen=True)
class Forslag:
    """An earlier meeting's decision on a case that another body decides: its proposal to that body."""

    organ_namn: str  # the body that proposed ("Kommunstyrelsen")
    datum: dt.date
    beslut: tuple[str, ...]  # the decision as written in its meeting file; () when decided as the case proposes
    organ: str = ""  # the proposing body's id
    egen: bool = True  # the case is decided by the body of the meeting it is carried into


def proposals_before(workspace, meeting) -> tuple[dict[int, Forslag], dict[str, bytes]]:
    """Return, per item of ``meeting`` that the meeting's own body decides, the latest proposal another
    body decided on the case before this meeting; and the meeting files read for it (name → content).

    When sammantraden.ordning names tidigare_forslag, every item with a proposed decision is
    looked up (an utskott's proposal to the styrelse that proposes it on); ``egen`` says whether
    the meeting's body decides the case. A proposal sent back or postponed (återremiss,
    bordläggning) proposes nothing. Only meeting files that name one of the cases are read;
    those files are the meeting's inputs from then on.
    """
    from kanslist.pipeline.context import Resolver
    from kanslist.sammantrade.context import _decider

    r = Resolver(workspace)
    model = meeting.model
    own = r.enhet_namn(model.organ)
    every = "tidigare_forslag" in workspace.organisation.sammantraden.ordning
    targets: dict[Path, int] = {}
    egen: dict[int, bool] = {}
    for i, punkt in enumerate(model.punkter):
        case = meeting.cases.get(i) if isinstance(punkt, ArendePunkt) else None
        if case is not None and case.arende.forslag_till_beslut is not None:
            egen[i] = _decider(case.arende, r) == own
            if egen[i] or every:
                targets[(workspace.root / punkt.arende).resolve()] = i
    found: dict[int, Forslag] = {}
    read: dict[str, bytes] = {}
    if not targets:
        return found, read
    names = {p.name.encode("utf-8") for p in targets}
    for path in meeting_files(workspace):
        if path.resolve() == meeting.path.resolve():
            continue
        try:
            source = path.read_bytes()
        except OSError:
            continue
        if not any(name in source for name in names):
            continue
        read[workspace.display(path)] = source
        brief = outline(path, workspace.display(path))  # cheap: organ and date before validating the whole file
        if brief is not None and (brief.organ == model.organ or brief.datum >= model.datum):
            continue
        try:
            other = load_meeting(workspace, path)
        except InvalidInput:
            continue  # its own build reports it
        if other.model.organ == model.organ or other.model.datum >= model.datum:
            continue
        for j, punkt in enumerate(other.model.punkter):
            if not isinstance(punkt, ArendePunkt):
                continue
            i = targets.get((workspace.root / punkt.arende).resolve())
            if i is None or decided_outcome(punkt, other.cases.get(j)) in ("aterremiss", "bordlaggning", None):
                continue
            if i not in found or found[i].datum < other.model.datum:
                found[i] = Forslag(r.enhet_namn(other.model.organ), other.model.datum, tuple(punkt.beslut),
                                   other.model.organ, egen[i])
    return found, read

"""Load and check a meeting file: the model, every id, every case it names, the dates of justering and anslag."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from kanslist.errors import InvalidInput, Problem, field_name, nearest
from kanslist.pipeline.context import Resolver
from kanslist.pipeline.load import Loaded, decode_yaml, parse_yaml
from kanslist.pipeline.validate import _translate, reference_problems, validate_case
from kanslist.sammantrade import dagar
from kanslist.sammantrade.model import ArendePunkt, InformationPunkt, Ledamot, OvrigPunkt, Sammantrade
from kanslist.svenska import OUTCOMES, stated

BODY_TYPES = ("fullmaktige", "namnd", "styrelse", "utskott")
# The union tags pydantic puts into an error's location; a user's field path never holds them.
_TAGS = {"str", "arende", "information", "ovrig", "Ledamot", "ArendePunkt", "InformationPunkt", "OvrigPunkt"}


@dataclass
class Case:
    """A case file named by an agenda item, validated."""

    path: Path
    display: str
    source: bytes
    arende: Any


@dataclass
class Meeting:
    """A validated meeting file with the cases its items name (by item index)."""

    path: Path
    display: str
    source: bytes
    loaded: Loaded
    model: Sammantrade
    cases: dict[int, Case] = field(default_factory=dict)
    outcomes: dict[int, str] = field(default_factory=dict)  # item index → utfall


def _problems(exc: pydantic.ValidationError, loaded: Loaded) -> list[Problem]:
    problems, seen = [], set()
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if isinstance(p, int) or p not in _TAGS)
        if loc in seen:
            continue
        seen.add(loc)
        message, hint = _translate(dict(error, loc=loc), Sammantrade)
        problems.append(Problem(loaded.file, loaded.line_of(loc), field_name(loc), message, hint))
    return problems


def decided_outcome(punkt, case: Case | None) -> str | None:
    """Return the outcome of a decided item (bifall, avslag, aterremiss ...); None when it cannot be told."""
    if isinstance(punkt, InformationPunkt):
        return None
    if punkt.utfall:
        return punkt.utfall
    if punkt.beslut:
        text = " ".join(punkt.beslut).lower()
        # Sent back or postponed is read first: "återremitteras" decides nothing on the matter.
        if "återremitt" in text:
            return "aterremiss"
        if "bordläg" in text:
            return "bordlaggning"
        found = stated(text, OUTCOMES)
        return found[0] if found else (None if isinstance(punkt, ArendePunkt) else "bifall")
    if case is not None and getattr(case.arende, "typ", "") == "motionssvar":
        return case.arende.motion.bedomning
    return "bifall"


def beslutande(model: Sammantrade, resolver: Resolver) -> list[str]:
    """Return the names of those who decide at the meeting (members and serving ersättare)."""
    names = []
    for ledamot in model.ledamoter:
        names.append(resolver.person(ledamot.namn if isinstance(ledamot, Ledamot) else ledamot)["namn"])
    return names


def load_meeting(workspace, path: Path, source: bytes | None = None) -> Meeting:
    """Return the validated meeting in ``path``; raise InvalidInput listing every problem found.

    With ``source`` that text is checked as the file's, unsaved (the web app's editor).
    """
    display = workspace.display(path)
    try:
        source = path.read_bytes() if source is None else source
    except OSError as exc:
        raise InvalidInput([Problem(display, None, "", f"filen kan inte läsas ({exc.strerror})",
                                    "kontrollera sökvägen och behörigheten")]) from None
    loaded = parse_yaml(decode_yaml(source, display), display)
    if not isinstance(loaded.data, dict):
        raise InvalidInput([Problem(display, 1, "", "filen ska innehålla fält som 'organ: ...' och 'datum: ...'",
                                    "se exemplen i sammantraden/")])
    try:
        model = Sammantrade.model_validate(loaded.data)
    except pydantic.ValidationError as exc:
        raise InvalidInput(_problems(exc, loaded)) from None
    meeting = Meeting(path, display, source, loaded, model)
    problems = _reference_problems(workspace, meeting) + _case_problems(workspace, meeting)
    if not problems:
        problems = _people_problems(workspace, meeting) + _date_problems(meeting) + _outcome_problems(meeting)
    if problems:
        raise InvalidInput(problems)
    return meeting


def _reference_problems(workspace, meeting: Meeting) -> list[Problem]:
    organisation = workspace.organisation
    line = meeting.loaded.line_of
    # The bodies an item names are checked with its case; the meeting's own people here.
    problems = reference_problems(meeting.model, meeting.loaded, workspace,
                                  skip=lambda loc, what: bool(loc) and loc[0] == "punkter" and what == "enhet")
    organ = organisation.enheter.get(meeting.model.organ)
    if organ is not None and organ.typ not in BODY_TYPES:
        problems.append(Problem(meeting.display, line(("organ",)), "organ",
                                f"'{meeting.model.organ}' är ingen nämnd eller församling ({organ.typ})",
                                "ange fullmäktige, styrelsen, en nämnd eller ett utskott"))
    elif organ is None and not problems:
        guess = nearest(meeting.model.organ, organisation.enheter)
        problems.append(Problem(meeting.display, line(("organ",)), "organ",
                                f"'{meeting.model.organ}' finns inte i data/organisation.yaml (enheter)",
                                f"menade du {guess}?" if guess else "ange id:t för den nämnd som sammanträder"))
    if meeting.model.dnr:
        from kanslist.pipeline.validate import _dnr_problem

        problem = _dnr_problem(meeting.model.dnr, organisation, meeting.display, line(("dnr",)), "dnr",
                               meeting.model.organ)
        if problem is not None:
            problems.append(problem)
    return problems


def _case_problems(workspace, meeting: Meeting) -> list[Problem]:
    line, problems, claimed = meeting.loaded.line_of, [], {}
    root = workspace.root
    for i, punkt in enumerate(meeting.model.punkter):
        if not isinstance(punkt, ArendePunkt):
            continue
        loc = ("punkter", i, "arende")
        where = field_name(loc)
        path = (root / punkt.arende).resolve()
        if not path.is_relative_to(root) or path.suffix != ".yaml" or not path.is_file():
            known = [workspace.display(p) for p in workspace.case_files()]
            guess = nearest(punkt.arende, known)
            hint = f"menade du {guess}?" if guess else "ange ärendefilen i förhållande till arbetsytan, t.ex. arenden/NAMN.yaml"
            problems.append(Problem(meeting.display, line(loc), where, f"'{punkt.arende}' finns inte", hint))
            continue
        if path in claimed:
            problems.append(Problem(meeting.display, line(loc), where,
                                    f"ärendet {punkt.arende} finns redan i punkter[{claimed[path]}]",
                                    "ta bort den ena punkten – ett ärende behandlas en gång per sammanträde"))
            continue
        claimed[path] = i
        display = workspace.display(path)
        source = path.read_bytes()
        try:
            arende = validate_case(parse_yaml(decode_yaml(source, display), display), workspace)
        except InvalidInput as exc:
            problems.append(Problem(meeting.display, line(loc), where, f"ärendefilen {display} har {len(exc.problems)} fel",
                                    "rätta ärendet först ('kanslist granska " + display + "' visar felen)"))
            continue
        if arende.forslag_till_beslut is None and not punkt.beslut:
            problems.append(Problem(meeting.display, line(("punkter", i)), f"punkter[{i}].beslut",
                                    f"ärendet {display} har inget förslag till beslut",
                                    "skriv beslutet under beslut: eller lägg till forslag_till_beslut i ärendet"))
        meeting.cases[i] = Case(path, display, source, arende)
    return problems


def _people_problems(workspace, meeting: Meeting) -> list[Problem]:
    model, line, problems = meeting.model, meeting.loaded.line_of, []
    resolver = Resolver(workspace)
    members = beslutande(model, resolver)
    name = lambda ref: resolver.person(ref)["namn"]  # noqa: E731
    if name(model.ordforande) not in members:
        problems.append(Problem(meeting.display, line(("ordforande",)), "ordforande",
                                f"ordföranden {name(model.ordforande)} finns inte bland ledamöterna",
                                "lägg till ordföranden under ledamoter"))
    for i, justerare in enumerate(model.justerare):
        if name(justerare) not in members:
            problems.append(Problem(meeting.display, line(("justerare", i)), f"justerare[{i}]",
                                    f"{name(justerare)} finns inte bland ledamöterna",
                                    "välj justerare bland dem som är med och beslutar (ledamoter)"))
    for i, punkt in enumerate(model.punkter):
        vote = getattr(punkt, "omrostning", None)
        if vote is None:
            continue
        seen: dict[str, str] = {}
        for side in ("ja", "nej", "avstar"):
            for j, voter in enumerate(getattr(vote, side)):
                loc = ("punkter", i, "omrostning", side, j)
                who = name(voter)
                if who not in members:
                    problems.append(Problem(meeting.display, line(loc), field_name(loc),
                                            f"{who} finns inte bland ledamöterna",
                                            "bara de som beslutar (ledamoter) röstar"))
                elif who in seen:
                    problems.append(Problem(meeting.display, line(loc), field_name(loc),
                                            f"{who} har redan röstat ({seen[who]})", "varje ledamot röstar en gång"))
                seen.setdefault(who, side)
        ja, nej = len(vote.ja), len(vote.nej)
        if ja == nej and seen.get(name(model.ordforande)) not in ("ja", "nej"):
            loc = ("punkter", i, "omrostning")
            problems.append(Problem(meeting.display, line(loc), field_name(loc),
                                    f"lika röstetal ({ja}–{nej}) och ordföranden har inte röstat ja eller nej",
                                    "vid lika röstetal avgör ordförandens röst – för in ordförandens röst"))
    return problems


def _date_problems(meeting: Meeting) -> list[Problem]:
    model, line, problems = meeting.model, meeting.loaded.line_of, []
    justering = model.justering.datum
    if justering < model.datum:
        problems.append(Problem(meeting.display, line(("justering", "datum")), "justering.datum",
                                f"justeringen {justering.isoformat()} är före sammanträdet {model.datum.isoformat()}",
                                "protokollet kan justeras tidigast samma dag som sammanträdet"))
    elif model.anslag is not None:
        senast = dagar.anslag_senast(justering)
        if model.anslag < justering:
            problems.append(Problem(meeting.display, line(("anslag",)), "anslag",
                                    f"anslaget {model.anslag.isoformat()} är före justeringen {justering.isoformat()}",
                                    "justeringen tillkännages på anslagstavlan efter att protokollet justerats"))
        elif model.anslag > senast:
            problems.append(Problem(meeting.display, line(("anslag",)), "anslag",
                                    f"anslaget {model.anslag.isoformat()} är senare än {senast.isoformat()}",
                                    "justeringen ska tillkännages senast andra dagen efter justeringen "
                                    "(8 kap. 12 § kommunallagen)"))
    if model.upprattad is not None and model.upprattad > model.datum:
        problems.append(Problem(meeting.display, line(("upprattad",)), "upprattad",
                                f"kallelsen är upprättad {model.upprattad.isoformat()}, efter sammanträdet",
                                "ange dagen då kallelsen skickades ut"))
    return problems


def _outcome_problems(meeting: Meeting) -> list[Problem]:
    problems = []
    for i, punkt in enumerate(meeting.model.punkter):
        if isinstance(punkt, (ArendePunkt, OvrigPunkt)):
            outcome = decided_outcome(punkt, meeting.cases.get(i))
            if outcome is None:
                problems.append(Problem(meeting.display, meeting.loaded.line_of(("punkter", i, "beslut")),
                                        f"punkter[{i}].utfall", "beslutet säger inte vad som blev utfallet",
                                        "ange utfall: bifall, delvis_bifall, avslag, besvarad, aterremiss eller bordlaggning"))
            else:
                meeting.outcomes[i] = outcome
    return problems


def justering_datum(meeting: Meeting) -> dt.date:
    """Return the day the protocol is justerat."""
    return meeting.model.justering.datum

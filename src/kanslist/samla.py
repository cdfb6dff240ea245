"""The consolidated response to the auditors: several bodies' answers to one audit in one document.

``kanslist samla FIL... -o UT.docx`` reads each body's ``revisionssvar``, checks that they
answer the same audit (``granskning.titel``), and writes one document: an introduction,
every recommendation with each body's stance and answer, a matrix of stances and the
actions with their status. A recommendation a body has not answered is shown as
unanswered, never dropped.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from kanslist.kinds.atgardsplan import NO_STANCE, group_rows, plan_rows, status_summary
from kanslist.pipeline.context import Resolver, build_context
from kanslist.svenska import join_and, normalised, upper_first
from kanslist.errors import InvalidInput, KanslistError, Problem
from kanslist.pipeline.build import MANIFEST_VERSION, Templates, tool_version
from kanslist.pipeline.render import Properties, render_docx
from kanslist.pipeline.validate import load_cases
from kanslist.workspace import Workspace
from kanslist.pipeline.write import normalise_zip, sha256, write_atomic, write_json
from kanslist.pipeline.load import Loaded

TEMPLATE = "samlat-svar"
UNANSWERED = "Ej besvarad"


@dataclass
class Response:
    """One body's validated response, with where it came from."""

    path: Path
    display: str
    source: bytes
    loaded: Loaded
    arende: object  # a kinds.revisionssvar.Revisionssvar
    context: dict

    @property
    def body(self) -> str:
        """Return the name of the answering body (the case's writing office, as in its letter)."""
        return self.context["fran"]["namn"]


def load_responses(workspace: Workspace, files: list[Path]) -> list[Response]:
    """Return every file's validated response; raise InvalidInput listing the problems of all of them.

    Besides each file's own checks: every file must be a revisionssvar of the same audit,
    from a different body, and number each recommendation once.
    """
    if not files:
        raise KanslistError("ange minst en ärendefil med ett revisionssvar")
    def only_audit_answers(loaded: Loaded) -> list[Problem]:
        typ = loaded.data.get("typ") if isinstance(loaded.data, dict) else None
        if typ in (None, "revisionssvar"):
            return []
        return [Problem(loaded.file, loaded.line_of(("typ",)), "typ", f"'{typ}' är inget revisionssvar",
                        "samla tar bara svar på revisionsrapporter (typ: revisionssvar)")]

    cases, problems = load_cases([Path(f) for f in files], workspace, accept=only_audit_answers)
    responses = [Response(path, loaded.file, path.read_bytes(), loaded, arende, build_context(arende, workspace))
                 for path, loaded, arende in cases]
    problems.extend(_consistency_problems(responses))
    if problems:
        raise InvalidInput(problems)
    return responses


def _consistency_problems(responses: list[Response]) -> list[Problem]:
    problems = []
    if responses:
        first = responses[0]
        title = first.arende.granskning.titel
        for r in responses[1:]:
            other = r.arende.granskning.titel
            if other != title:
                problems.append(Problem(
                    r.display, r.loaded.line_of(("granskning", "titel")), "granskning.titel",
                    f"granskningen \"{other}\" är inte samma som \"{title}\" i {first.display}",
                    "samla bara svar på samma granskning – skriv titeln exakt likadant i alla filer"))
    seen: dict[str, Response] = {}
    for r in responses:
        if r.body in seen:
            problems.append(Problem(r.display, r.loaded.line_of(("fran",)), "fran",
                                    f"{r.body} har redan ett svar i {seen[r.body].display}",
                                    "ta med ett svar per instans"))
        seen.setdefault(r.body, r)
        numbers: dict[int, int] = {}
        for i, rec in enumerate(r.arende.rekommendationer):
            if rec.nr is None:
                continue  # an unnumbered recommendation is counted by its place
            if rec.nr in numbers:
                problems.append(Problem(r.display, r.loaded.line_of(("rekommendationer", i, "nr")),
                                        f"rekommendationer[{i}].nr",
                                        f"rekommendation {rec.nr} finns redan (rekommendationer[{numbers[rec.nr]}])",
                                        "ge varje rekommendation ett eget nummer, samma som i revisionsrapporten"))
            numbers.setdefault(rec.nr, i)
    # The same number must be the same recommendation in every answer (the auditors' numbering).
    titles: dict[int, tuple[str, Response]] = {}
    for r in responses:
        for i, rec in enumerate(r.arende.rekommendationer):
            if rec.nr is None:
                continue
            first = titles.setdefault(rec.nr, (rec.rubrik, r))
            if first[1] is not r and not _same_title(first[0], rec.rubrik):
                problems.append(Problem(r.display, r.loaded.line_of(("rekommendationer", i, "rubrik")),
                                        f"rekommendationer[{i}].rubrik",
                                        f"rekommendation {rec.nr} heter \"{rec.rubrik}\" här men \"{first[0]}\" i "
                                        f"{first[1].display}",
                                        "numrera och namnge rekommendationerna som i revisionsrapporten, lika i alla svar"))
    return problems


def _same_title(a: str, b: str) -> bool:
    """Return True when two headings name one recommendation: equal, one within the other
    ("... plats (socialtjänsten)"), or nearly the same words."""
    a, b = normalised(a), normalised(b)
    return a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def decided(workspace: Workspace, response: Response) -> str:
    """Return where a body's answer was decided ("beslutat Socialnämnden 2026-03-10 § 52"), "ännu inte
    beslutat" when the workspace's meetings have not decided it, and "" in a workspace without meetings."""
    # The meeting code (and its holiday calendar) is loaded only where meetings are kept.
    from kanslist.sammantrade.beslut import references_for
    from kanslist.sammantrade.numrering import meeting_files

    if not meeting_files(workspace):
        return ""
    found = references_for(workspace, response.path)
    return "beslutat " + ", ".join(found) if found else "ännu inte beslutat"


def consolidate(workspace: Workspace, responses: list[Response]) -> dict:
    """Return the context of the consolidated response (the template ``samlat-svar`` sees it)."""
    resolver = Resolver(workspace)
    org = workspace.organisation
    latest = max(r.arende.datum for r in responses)

    def first(attr: str):
        return next((getattr(r.arende.granskning, attr) for r in responses
                     if getattr(r.arende.granskning, attr)), None)

    uppdragsgivare = first("uppdragsgivare") or ""
    granskning = {
        "titel": responses[0].arende.granskning.titel,
        "revisionsbyra": first("revisionsbyra") or "",
        "uppdragsgivare": uppdragsgivare,
        "avsandare": upper_first(uppdragsgivare) if uppdragsgivare else "Revisorerna",
        "revisionsfraga": first("revisionsfraga") or "",
        "rapportdatum": resolver.date(first("rapportdatum")),
        "svar_senast": resolver.date(first("svar_senast")),
    }
    instanser = [{"namn": r.body, "till": r.context["till"]["namn"] if r.context["till"]["namn"] != r.body else "",
                  "dnr": r.context["dnr"], "datum": r.context["datum"], "beslutat": decided(workspace, r)}
                 for r in responses]
    by_body = [{rec["nr"]: rec for rec in r.context["rekommendationer"]} for r in responses]
    numbers = sorted({nr for recs in by_body for nr in recs})
    rekommendationer = []
    action_rows = []
    for nr in numbers:
        # The heading and the auditors' wording come from the first body that answered it.
        owner = next(recs[nr] for recs in by_body if nr in recs)
        wording = next((recs[nr]["rekommendation"] for recs in by_body if nr in recs and recs[nr]["rekommendation"]), "")
        svar = []
        for r, recs in zip(responses, by_body):
            rec = recs.get(nr)
            if rec is None:
                svar.append({"instans": r.body, "besvarad": False, "stallningstagande": "",
                             "stallningstagande_text": UNANSWERED, "stallningsmening": "", "svar": "",
                             "atgarder": []})
                continue
            svar.append({"instans": r.body, "besvarad": True, "stallningstagande": rec["stallningstagande"],
                         "stallningstagande_text": rec["stallningstagande_text"] or NO_STANCE,
                         "stallningsmening": rec["stallningsmening"], "svar": rec["svar"],
                         "atgarder": rec["atgarder"]})
            for row in plan_rows([rec]):
                action_rows.append({**row, "rubrik": owner["rubrik"], "instans": r.body})
        rekommendationer.append({"nr": nr, "rubrik": owner["rubrik"], "rekommendation": wording, "svar": svar})
    return {
        "organisation": {"namn": org.namn, "dokumentnamn": org.dokumentnamn},
        "identitet": {"logotyp": org.identitet.logotyp or ""},  # the first page's logo when there is one
        "fran": {"namn": org.namn},
        "rubrik": f"Samlat svar på revisionsrapporten \"{granskning['titel']}\"",
        "dnr": "",
        "datum": resolver.date(latest),
        "datum_iso": latest.isoformat(),
        "granskning": granskning,
        "instanser": instanser,
        "instanser_text": join_and([i["namn"] for i in instanser]),
        "rekommendationer": rekommendationer,
        "atgarder": {"rader": action_rows, "grupper": group_rows(action_rows),
                     "summering": status_summary(action_rows)},
    }


def samla(workspace: Workspace, files: list[Path], output: Path, pdf: bool = False) -> list[Path]:
    """Return the paths written: the consolidated response ``output`` (and its PDF with ``pdf``).

    Every input is validated first; when any is invalid, InvalidInput lists every problem
    and nothing is written. The DOCX is written atomically and is byte-for-byte the same
    for the same inputs.
    """
    output = Path(output)
    if output.suffix.lower() != ".docx":
        raise KanslistError(f"{output}: utfilen ska sluta på .docx – skriv t.ex. -o samlat-svar.docx")
    if any(Path(f).resolve() == output.resolve() for f in files):
        raise KanslistError(f"{output}: utfilen är en av ärendefilerna – välj ett annat namn med -o")
    responses = load_responses(workspace, files)
    template, template_hash = Templates(workspace).get(TEMPLATE)  # with the organisation's logo
    shown = workspace.template_display(TEMPLATE)
    context = consolidate(workspace, responses)
    properties = Properties(title=context["rubrik"], subject="samlat svar till revisorerna",
                            author=workspace.organisation.namn, dnr="",
                            datum=dt.date.fromisoformat(context["datum_iso"]), category="revisionssvar")
    data = normalise_zip(render_docx(template, context, properties, template_name=shown))
    write_atomic(output, data)
    # Audit trail: which responses and which template made this paper (STYLE.md).
    # The same record as bygg writes (build/<case>/kanslist.json), for several cases.
    write_json(output.with_name(output.stem + ".kanslist.json"), {
        "version": MANIFEST_VERSION,
        "typ": TEMPLATE,
        "arenden": [{"arende": r.display, "arende_sha256": sha256(r.source), "dnr": r.context["dnr"],
                     "instans": r.body} for r in responses],
        "mallar": {TEMPLATE: template_hash},
        "verktyg": f"kanslist {tool_version()}",
        "dokument": {output.name: {"sha256": sha256(data), "bytes": len(data), "mall": shown,
                                   "mall_sha256": template_hash}},
    })
    written = [output]
    if pdf:
        from kanslist.pdf.convert import convert_to_pdf

        written.append(convert_to_pdf(output, title=properties.title, author=properties.author))
    return written

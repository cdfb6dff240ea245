"""Build meetings: sammantraden/<namn>.yaml → build/sammantraden/<namn>/ (kallelse, protokoll, utdrag, anslag).

Like cases, a meeting is rebuilt only when what its papers are made from changed: the
meeting file, the case files it names, its first § (which follows from the body's earlier
meetings that year), the organisation, the people, the templates or kanslist's code. Every
paper is rendered in memory before anything is written; a bad meeting file writes nothing.
Besides the papers, ``beslut.json`` records each decided item's outcome and §, for the
cases and for ``samla``.
"""

from __future__ import annotations

import json
from pathlib import Path

from kanslist.errors import KanslistError, Problem
from kanslist.pipeline.build import MANIFEST, CaseResult, Templates, _listed_outputs, _remove_output, read_manifest, result_of, \
    safe_build_dir, tool_version
from kanslist.pipeline.write import sha256, sync_to_disk, write_atomic, write_json
from kanslist.sammantrade.beslut import proposals_before
from kanslist.sammantrade.context import meeting_context
from kanslist.sammantrade.kontroll import Meeting, load_meeting
from kanslist.sammantrade.numrering import FOLDER, first_paragraph, is_meeting_file, meeting_files, meeting_name
from kanslist.sammantrade.signatur import with_boxes
from kanslist.sammantrade.stil import TEMPLATES
from kanslist.workspace import DEFAULT_TEMPLATES

HTML_TEMPLATE = "anslag.html"
BESLUT = "beslut.json"
MANIFEST_VERSION = 1


def _html_template(workspace) -> bytes:
    own = workspace.mallar_dir / HTML_TEMPLATE
    return (own if own.is_file() else DEFAULT_TEMPLATES / HTML_TEMPLATE).read_bytes()


def render_meeting(workspace, meeting: Meeting, context: dict, templates: Templates | None = None) -> dict[str, bytes]:
    """Return every paper of a validated meeting (file name → bytes), rendered in memory."""
    # Imported where papers are rendered: a build with nothing changed starts without them.
    import jinja2

    from kanslist.pipeline.render import Properties, render_docx

    templates = templates or Templates(workspace)
    model = meeting.model
    organ = context["organ"]["namn"]

    def props(title: str, subject: str, dnr: str = "") -> Properties:
        return Properties(title=title, subject=subject, author=organ, dnr=dnr, datum=model.datum, category="sammantrade")

    boxes = tuple(context["signaturrutor"])

    def docx(name: str, ctx: dict, properties: Properties) -> bytes:
        # The footer's signature boxes (sammantraden.signaturrutor) are written into the template first.
        return render_docx(with_boxes(templates.get(name)[0], boxes), ctx, properties,
                           template_name=workspace.template_display(name))

    day = context["datum"]
    out = {
        "kallelse.docx": docx("kallelse", context, props(f"Kallelse {organ} {day}", "kallelse")),
        "protokoll.docx": docx("protokoll", context, props(f"Protokoll {organ} {day}", "protokoll")),
    }
    for p in context["paragrafer"]:
        if p["utdrag"]:
            out[f"{p['utdrag']}.docx"] = docx("utdrag", dict(context, p=p),
                                              props(f"Protokollsutdrag {organ} {day} {p['paragraf']}: {p['rubrik']}",
                                                    "protokollsutdrag", p["dnr"]))
    out["anslag.docx"] = docx("anslag", context, props(f"Anslag {organ} {day}", "anslag"))
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        page = env.from_string(_html_template(workspace).decode("utf-8")).render(context)
    except jinja2.TemplateError as exc:
        raise KanslistError(f"{HTML_TEMPLATE}: mallen kunde inte fyllas i: {exc} – kontrollera {{{{ }}}} i mallen") from None
    out["anslag.html"] = page.encode("utf-8")
    out[BESLUT] = (json.dumps(decision_record(meeting, context), ensure_ascii=False, indent=2, sort_keys=True)
                   + "\n").encode("utf-8")
    return out


def decision_record(meeting: Meeting, context: dict) -> dict:
    """Return what the meeting decided, item by item: outcome, §, and the reference "Organ datum §"."""
    organ = context["organ"]["namn"]
    items = []
    for p in context["paragrafer"]:
        if p["ar_information"]:
            continue
        items.append({
            "paragraf": p["paragraf"], "nr": p["nr"], "rubrik": p["rubrik"], "dnr": p["dnr"],
            "arende": p["arende"], "utfall": p["utfall"], "beslut": p["beslut"]["punkter"],
            "forslag_till": context_decider(p), "omedelbart_justerad": p["omedelbart"],
            "referens": f"{organ} {context['datum_iso']} {p['paragraf']}",
        })
    model = meeting.model
    return {"version": 1, "organ": model.organ, "organ_namn": organ, "datum": context["datum_iso"],
            "sammantrade": meeting.display, "dnr": model.dnr or "",
            "kallelse": model.upprattad.isoformat() if model.upprattad else None,
            "justerat": context["anslag"]["justerat_iso"],
            "anslag": context["anslag"]["uppsatt_iso"], "sista_overklagandedag": context["anslag"]["sista_iso"],
            "paragrafer": items}


def context_decider(p: dict) -> str:
    """Return the body a § proposes its decision to ("" when the meeting decided itself)."""
    prefix = "Beslut – förslag till "
    return p["beslut_rubrik"][len(prefix):] if p["beslut_rubrik"].startswith(prefix) else ""


class MeetingBuilder:
    """Builds the meetings of one workspace."""

    def __init__(self, workspace, force: bool = False):
        self.workspace = workspace
        self.force = force
        self.templates = Templates(workspace)

    def _input_hash(self, meeting_source: bytes, cases: dict[str, bytes], first: int,
                    earlier: dict[str, bytes] | None = None) -> str:
        ws = self.workspace
        org = ws.organisation_path.read_bytes() if ws.organisation_path.exists() else b""
        people = ws.personer_path.read_bytes() if ws.personer_path.exists() else b""
        templates = {name: self.templates.hash_of(name) for name in TEMPLATES}
        templates[HTML_TEMPLATE] = sha256(_html_template(ws))
        logo = self.templates.logo
        record = {"sammantrade": sha256(meeting_source), "arenden": {k: sha256(v) for k, v in sorted(cases.items())},
                  "forsta": first, "organisation": sha256(org), "personer": sha256(people),
                  "tidigare": {k: sha256(v) for k, v in sorted((earlier or {}).items())},
                  "mallar": templates, "logotyp": sha256(logo.data) if logo else "", "verktyg": tool_version()}
        return sha256(json.dumps(record, sort_keys=True).encode("utf-8"))

    def build(self, path: Path) -> CaseResult:
        """Return the result of building one meeting file; problems are returned, not raised."""
        name = f"{FOLDER}/{meeting_name(path)}"
        return result_of(name, self.workspace.display(path), lambda: self._build(path, name))

    def _build(self, path: Path, name: str) -> CaseResult:
        ws = self.workspace
        meeting = load_meeting(ws, path)
        first = first_paragraph(ws, path, meeting.model.organ, meeting.model.datum)
        proposals, earlier = proposals_before(ws, meeting)  # another body's proposal on a case: an input too
        input_hash = self._input_hash(meeting.source, {c.display: c.source for c in meeting.cases.values()}, first,
                                      earlier)
        safe_build_dir(ws, FOLDER)
        out_dir = safe_build_dir(ws, name)
        previous = read_manifest(out_dir)
        if not self.force and previous.get("version") == MANIFEST_VERSION and previous.get("indata") == input_hash \
                and _outputs_intact(out_dir, previous):
            return CaseResult(name, "oforandrad", outputs=sorted(previous["dokument"]), manifest=previous)
        context = meeting_context(ws, meeting, first, proposals)
        rendered = render_meeting(ws, meeting, context, self.templates)  # everything in memory before anything is written
        (out_dir / MANIFEST).unlink(missing_ok=True)
        for filename, data in rendered.items():
            target = out_dir / filename
            if target.is_symlink():
                target.unlink()
            write_atomic(target, data, durable=False)
        for stale in sorted(_listed_outputs(previous) - set(rendered)):
            _remove_output(out_dir, stale)
        manifest = {
            "version": MANIFEST_VERSION, "typ": "sammantrade", "sammantrade": meeting.display,
            "arenden": sorted(c.display for c in meeting.cases.values()), "indata": input_hash,
            "rubrik": f"{context['organ']['namn']} {context['datum']}", "forfattare": context["organ"]["namn"],
            "dnr": "", "sekretess": None, "paragrafer": context["paragrafer_text"],
            "verktyg": f"kanslist {tool_version()}",
            "dokument": {f: {"sha256": sha256(d), "bytes": len(d)} for f, d in rendered.items()},
        }
        write_json(out_dir / MANIFEST, manifest, durable=False)
        return CaseResult(name, "byggd", outputs=sorted(rendered), manifest=manifest)


def _outputs_intact(folder: Path, manifest: dict) -> bool:
    try:
        return all(not (folder / f).is_symlink() and sha256((folder / f).read_bytes()) == record["sha256"]
                   for f, record in manifest["dokument"].items())
    except (OSError, KeyError, TypeError, AttributeError):
        return False


def build_meetings(workspace, files: list[Path] | None = None, force: bool = False,
                   removed: list[str] | None = None) -> list[CaseResult]:
    """Return the results of building the meetings named in ``files`` (every meeting without ``files``).

    Files that are not meeting files are left to the case build. Each meeting is built on
    its own: its § numbers follow from the files alone, so meetings may be built in any
    order or at the same time. Without ``files``, the papers of meeting files that are gone
    are removed, their names (``sammantraden/<namn>``) added to ``removed``.
    """
    paths = meeting_files(workspace) if files is None else [Path(f) for f in files if is_meeting_file(workspace, f)]
    builder = MeetingBuilder(workspace, force)
    results = [builder.build(p) for p in paths]
    if any(r.status == "byggd" for r in results):
        sync_to_disk()
    if files is None:
        gone = remove_stale_meetings(workspace, {meeting_name(p) for p in paths})
        if removed is not None:
            removed += [f"{FOLDER}/{name}" for name in gone]
    return results


def remove_stale_meetings(workspace, live: set[str]) -> list[str]:
    """Remove the papers of meetings whose meeting file is gone (build/sammantraden/<namn>/); return their names.

    As for cases, only files kanslist wrote (those its manifest lists, their PDFs and the PDF
    record) go; a folder without a manifest, a file of someone else's, and anything reached
    through a symbolic link stay, and nothing outside build/sammantraden/ is touched.
    """
    from kanslist.pipeline.publish import PDF_RECORD

    build = workspace.build_dir / FOLDER
    if not build.is_dir() or build.is_symlink():
        return []
    build = safe_build_dir(workspace, FOLDER)
    removed = []
    for folder in sorted(p for p in build.iterdir() if p.is_dir() and not p.is_symlink()):
        manifest = read_manifest(folder)
        if folder.name in live or manifest.get("typ") != "sammantrade":
            continue
        for filename in _listed_outputs(manifest):
            _remove_output(folder, filename)
        (folder / PDF_RECORD).unlink(missing_ok=True)
        (folder / MANIFEST).unlink()
        if not any(folder.iterdir()):
            folder.rmdir()
        removed.append(folder.name)
    return removed


__all__ = ["build_meetings", "is_meeting_file", "render_meeting", "decision_record"]

"""The report to fullmäktige on motions not yet decided (KL 5 kap. 35 §): ``kanslist motioner [--per DATUM]``.

A motion is a ``motionssvar`` case raised (``motion.inkom``) on or before the day of the
report and not yet settled by the body that decides it (fullmäktige): a decision of
återremiss or bordläggning leaves it open. Those raised more than a year before are
marked: the law asks that they be decided within a year or reported.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from kanslist.errors import InvalidInput, KanslistError
from kanslist.pipeline.build import Templates
from kanslist.pipeline.context import Resolver
from kanslist.pipeline.load import decode_yaml, parse_yaml
from kanslist.pipeline.render import Properties, render_docx
from kanslist.pipeline.validate import validate_case
from kanslist.pipeline.write import normalise_zip, text_workbook, write_atomic
from kanslist.sammantrade.beslut import FINAL, decisions
from kanslist.sammantrade.context import UTFALL_TEXT, _decider
from kanslist.svenska import join_and

TEMPLATE = "motionsredovisning"


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def open_motions(workspace, per: dt.date) -> list[dict]:
    """Return the motions not yet decided on ``per``, oldest first, as the report's rows."""
    r = Resolver(workspace)
    by_case: dict[Path, list] = {}
    for beslut in decisions(workspace, per):
        by_case.setdefault((workspace.root / beslut.arende).resolve(), []).append(beslut)
    rows = []
    for path in workspace.case_files():
        display = workspace.display(path)
        try:
            arende = validate_case(parse_yaml(decode_yaml(path.read_bytes(), display), display), workspace)
        except InvalidInput:
            continue  # bygg and granska report it
        if arende.typ != "motionssvar" or arende.motion.inkom is None or arende.motion.inkom > per:
            continue
        decider = _decider(arende, r)
        taken = by_case.get(path.resolve(), [])
        if any(b.organ_namn == decider and b.utfall in FINAL and not b.forslag_till for b in taken):
            continue
        if taken:
            last = taken[-1]
            state = (f"{UTFALL_TEXT.get(last.utfall, last.utfall)} i {last.referens}"
                     + (f", förslag till {last.forslag_till.lower()}" if last.forslag_till else ""))
        elif arende.forslag_till_beslut is not None:
            state = f"Tjänsteskrivelse {r.date(arende.datum)}, ej behandlad"
        else:
            state = "Under beredning"
        bereds = r.enhet_namn(arende.till) if r.enhet_namn(arende.till) != decider else r.enhet_namn(arende.fran)
        old = per > _one_year_after(arende.motion.inkom)
        rows.append({"titel": arende.motion.titel, "forslagsstallare": join_and(list(arende.motion.forslagsstallare)),
                     "dnr": arende.dnr or "", "vackt": r.date(arende.motion.inkom), "inkom": arende.motion.inkom,
                     "bereds_av": bereds, "lage": state, "over_ett_ar": "Ja" if old else "", "gammal": old})
    rows.sort(key=lambda row: (row["inkom"], row["dnr"]))
    for nr, row in enumerate(rows, 1):
        row["nr"] = nr
    return rows


def report_context(workspace, per: dt.date) -> dict:
    """Return what the report's template sees."""
    rows = open_motions(workspace, per)
    old = sum(1 for row in rows if row["gammal"])
    count = "en motion" if len(rows) == 1 else f"{len(rows)} motioner"
    summary = (f"Per {per.isoformat()} finns {count} som inte har beslutats"
               + (f", varav {old} väcktes för mer än ett år sedan." if old else ", ingen äldre än ett år.")
               if rows else f"Per {per.isoformat()} finns inga motioner som inte har beslutats.")
    return {"organisation": {"namn": workspace.organisation.namn}, "per": per.isoformat(), "motioner": rows,
            "summering": summary,
            "identitet": {"logotyp": workspace.organisation.identitet.logotyp or ""}}  # the first page's logo


def _xlsx(context: dict) -> bytes:
    out = io.BytesIO()
    book = text_workbook(out)  # a title beginning with "=" stays text (and shows no added apostrophe)
    book.set_properties({"title": f"Motioner som inte har beslutats per {context['per']}",
                         "author": context["organisation"]["namn"],
                         "created": dt.datetime.fromisoformat(context["per"])})  # the report's day: same bytes
    sheet = book.add_worksheet("Motioner")
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    headings = ["Nr", "Motion", "Förslagsställare", "Dnr", "Väckt", "Bereds av", "Beredningsläge", "Över ett år"]
    for col, (heading, width) in enumerate(zip(headings, (5, 45, 24, 14, 12, 24, 40, 11))):
        sheet.write_string(0, col, heading, bold)
        sheet.set_column(col, col, width)
    for r, row in enumerate(context["motioner"], 1):
        sheet.write_number(r, 0, row["nr"])
        for col, key in ((1, "titel"), (2, "forslagsstallare"), (3, "dnr"), (5, "bereds_av"), (6, "lage"),
                         (7, "over_ett_ar")):
            if row[key]:
                sheet.write_string(r, col, row[key])
        day = row["inkom"]
        sheet.write_datetime(r, 4, dt.datetime(day.year, day.month, day.day), dates)
    sheet.freeze_panes(1, 0)
    book.close()
    return normalise_zip(out.getvalue())


def write_report(workspace, per: dt.date, output: Path | None = None) -> list[Path]:
    """Write the report as .docx and .xlsx (default build/motioner/motioner-<per>.docx); return the paths."""
    output = Path(output) if output else workspace.build_dir / "motioner" / f"motioner-{per.isoformat()}.docx"
    if output.suffix.lower() != ".docx":
        raise KanslistError(f"{output}: utfilen ska sluta på .docx – skriv t.ex. -o motioner.docx")
    context = report_context(workspace, per)
    template = Templates(workspace).get(TEMPLATE)[0]  # with the organisation's logo on the first page
    title = f"Redovisning av motioner som inte har beslutats per {per.isoformat()}"
    data = render_docx(template, context, Properties(title=title, subject="motionsredovisning",
                                                    author=workspace.organisation.namn, dnr="", datum=per,
                                                    category="motionsredovisning"),
                       template_name=workspace.template_display(TEMPLATE))
    sheet = output.with_suffix(".xlsx")
    write_atomic(output, data)
    write_atomic(sheet, _xlsx(context))
    return [output, sheet]

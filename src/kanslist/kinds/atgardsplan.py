"""The action plan of a response to the auditors: one row per action, as a real spreadsheet.

The same rows feed ``atgardsplan.docx`` (through the template) and ``atgardsplan.xlsx``
(written here with XlsxWriter), so the two never disagree. A recommendation without
actions still gets a row with its stance: the auditors' follow-up must see every one.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from kanslist.svenska import STATUSES

from kanslist.pipeline.write import Member, text_workbook, zip_members

NO_STANCE = "Inget ställningstagande"
NO_ACTION = "Ingen åtgärd angiven"
DATE_FORMAT = "yyyy-mm-dd"  # ISO 8601, the Swedish standard date (SS-ISO 8601)
SHEET = "Åtgärdsplan"

# (heading, row key, width in characters, wrap)
COLUMNS = [
    ("Nr", "nr", 6, False),
    ("Rekommendation", "rubrik", 38, True),
    ("Ställningstagande", "stallningstagande", 20, True),
    ("Åtgärd", "atgard", 50, True),
    ("Ansvarig", "ansvarig", 22, True),
    ("Klart senast", "klart_iso", 13, False),
    ("Status", "status", 12, False),
]



def plan_rows(rekommendationer: list[dict]) -> list[dict]:
    """Return the rows of the action plan from the context's ``rekommendationer``.

    One row per action; a recommendation without actions gets one row with its stance
    and ``atgard`` = "Ingen åtgärd angiven". ``forsta`` marks a recommendation's first row,
    so a table may show its number and heading once.
    """
    rows = []
    for rec in rekommendationer:
        stance = rec["stallningstagande_text"] or NO_STANCE
        base = {"nr": rec["nr"], "rubrik": rec["rubrik"], "stallningstagande": stance}
        if not rec["atgarder"]:
            rows.append({**base, "forsta": True, "har_atgard": False, "atgard": NO_ACTION, "ansvarig": "",
                         "klart": "", "klart_iso": "", "status": ""})
            continue
        for i, a in enumerate(rec["atgarder"]):
            rows.append({**base, "forsta": i == 0, "har_atgard": True, "atgard": a["atgard"],
                         "ansvarig": a["ansvarig"], "klart": a["klart"], "klart_iso": a["klart_iso"],
                         "status": a["status"]})
    return rows


def plan(rekommendationer: list[dict]) -> dict:
    """Return the action plan as the templates see it: ``rader`` (flat), ``grupper`` and ``summering``.

    ``grupper`` holds one entry per recommendation (nr, rubrik, stallningstagande, rader),
    for a table that shows a recommendation once beside all its actions.
    """
    rows = plan_rows(rekommendationer)
    return {"rader": rows, "grupper": group_rows(rows), "summering": status_summary(rows)}


def group_rows(rows: list[dict]) -> list[dict]:
    """Return ``rows`` grouped by consecutive recommendation number, keeping their order."""
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["nr"] != row["nr"]:
            groups.append({"nr": row["nr"], "rubrik": row["rubrik"], "stallningstagande": row["stallningstagande"],
                           "rader": []})
        groups[-1]["rader"].append(row)
    return groups


def status_summary(rows: list[dict]) -> str:
    """Return "3 åtgärder: 2 planerade, 1 pågår." for the rows that are actions; "Inga åtgärder." if none."""
    actions = [r for r in rows if r["har_atgard"]]
    if not actions:
        return "Inga åtgärder."
    parts = []
    for label, one, many in ((s.label, s.words, s.clause) for s in STATUSES.values()):
        n = sum(1 for r in actions if r["status"] == label)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    noun = "åtgärd" if len(actions) == 1 else "åtgärder"
    return f"{len(actions)} {noun}: {', '.join(parts)}."


@dataclass(frozen=True)
class SheetProperties:
    """The workbook's file properties (docProps/core.xml)."""

    title: str
    author: str
    dnr: str
    datum: dt.date
    language: str = "sv-SE"


def plan_xlsx(rows: list[dict], properties: SheetProperties) -> bytes:
    """Return the bytes of ``atgardsplan.xlsx``: a header row (frozen, filtered) and one row per action.

    Deadlines are typed date cells; the bytes depend only on the inputs. Written with
    XlsxWriter: a fifth of the time openpyxl takes, which a build of many audit answers feels.
    """
    out = io.BytesIO()
    book = text_workbook(out)
    stamp = dt.datetime(properties.datum.year, properties.datum.month, properties.datum.day, 12, 0, 0)
    book.set_properties({"title": properties.title, "subject": "Åtgärdsplan", "author": properties.author,
                         "keywords": properties.dnr, "category": "atgardsplan",
                         "created": stamp})  # the case's date, not the clock: same inputs, same bytes
    sheet = book.add_worksheet(SHEET)
    header = book.add_format({"bold": True, "bg_color": "#D9E2F3", "bottom": 1, "valign": "top", "text_wrap": True})
    formats = {wrap: book.add_format({"valign": "top", "text_wrap": wrap}) for wrap in (False, True)}
    dates = book.add_format({"valign": "top", "num_format": DATE_FORMAT})
    for col, (heading, _, width, _) in enumerate(COLUMNS):
        sheet.write_string(0, col, heading, header)
        sheet.set_column(col, col, width)
    for r, row in enumerate(rows, 1):
        for col, (_, key, _, wrap) in enumerate(COLUMNS):
            value = row[key]
            if key == "klart_iso":
                if value:
                    day = dt.date.fromisoformat(value)
                    sheet.write_datetime(r, col, dt.datetime(day.year, day.month, day.day), dates)
                else:
                    sheet.write_blank(r, col, None, dates)
            elif isinstance(value, str):
                if value:
                    sheet.write_string(r, col, value, formats[wrap])
                else:
                    sheet.write_blank(r, col, None, formats[wrap])
            else:
                sheet.write_number(r, col, value, formats[wrap])
    last_row = max(len(rows), 1)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last_row, len(COLUMNS) - 1)
    # The status column is what the follow-up updates: offer the three values as a list.
    status_col = [c[1] for c in COLUMNS].index("status")
    sheet.data_validation(1, status_col, last_row, status_col, {
        "validate": "list", "source": ["Planerad", "Pågår", "Genomförd"], "ignore_blank": True,
        "error_title": "Status", "error_message": "Välj Planerad, Pågår eller Genomförd."})
    # Printing: landscape, one page wide, the header row on every page.
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_header("&C" + properties.title.replace("&", "&&"))
    sheet.set_footer("&RSida &P av &N")
    book.close()
    return _with_core_extras(out.getvalue(), properties)


def _with_core_extras(data: bytes, p: SheetProperties) -> bytes:
    """Return the workbook re-zipped with fixed times (as normalise_zip does), with the document's language
    and case number in docProps/core.xml (Dublin Core's dc:language and dc:identifier, which XlsxWriter
    does not write): screen readers and archives read them."""
    from xml.sax.saxutils import escape

    extras = f"<dc:language>{escape(p.language)}</dc:language>"
    if p.dnr:
        extras += f"<dc:identifier>{escape(p.dnr)}</dc:identifier>"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = [(info.filename, package.read(info)) for info in package.infolist()]
    return zip_members(Member.of(name, content.replace(b"</cp:coreProperties>", extras.encode("utf-8")
                                                       + b"</cp:coreProperties>")
                                 if name == "docProps/core.xml" else content) for name, content in members)

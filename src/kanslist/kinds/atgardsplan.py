"""The action plan of a response to the auditors: one row per action, as a real spreadsheet.

The same rows feed ``atgardsplan.docx`` (through the template) and ``atgardsplan.xlsx``
(written here with openpyxl), so the two never disagree. A recommendation without
actions still gets a row with its stance: the auditors' follow-up must see every one.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from kanslist.svenska import STATUSES

from kanslist.pipeline.write import normalise_zip

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

    Deadlines are typed date cells; the bytes depend only on the inputs.
    """
    # openpyxl costs 0.15 s to import: only a build that writes a spreadsheet pays it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    rule = Border(bottom=Side(style="thin"))
    for col, (heading, _, width, _) in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=col, value=heading)
        cell.font, cell.fill, cell.border = header_font, header_fill, rule
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, row in enumerate(rows, 2):
        for col, (_, key, _, wrap) in enumerate(COLUMNS, 1):
            value = row[key]
            if key == "klart_iso":
                value = dt.date.fromisoformat(value) if value else None
            cell = ws.cell(row=r, column=col, value=value if value != "" else None)
            if isinstance(value, str) and value:
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            if key == "klart_iso":
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
    last_col = get_column_letter(len(COLUMNS))
    last_row = max(len(rows) + 1, 2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_col}{last_row}"
    # The status column is what the follow-up updates: offer the three values as a list.
    status_col = get_column_letter([c[1] for c in COLUMNS].index("status") + 1)
    choice = DataValidation(type="list", formula1='"Planerad,Pågår,Genomförd"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Status",
                            error="Välj Planerad, Pågår eller Genomförd.")
    choice.add(f"{status_col}2:{status_col}{last_row}")
    ws.add_data_validation(choice)
    # Printing: landscape, one page wide, the header row on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = properties.title.replace("&", "&&")
    ws.oddFooter.right.text = "Sida &P av &N"
    _set_properties(wb, properties)
    out = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the wall-clock time as "modified".
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return normalise_zip(out.getvalue())


def _set_properties(wb: Workbook, p: SheetProperties) -> None:
    props = wb.properties
    props.title = p.title
    props.subject = "Åtgärdsplan"
    props.creator = p.author
    props.lastModifiedBy = p.author
    props.keywords = p.dnr
    props.identifier = p.dnr or None
    props.category = "atgardsplan"
    props.language = p.language
    # The case's date, not the clock: the same inputs give the same bytes.
    stamp = dt.datetime(p.datum.year, p.datum.month, p.datum.day, 12, 0, 0)
    props.created = stamp
    props.modified = stamp

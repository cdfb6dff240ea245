"""The public register listing: classified details replaced by their marking, as CSV or HTML.

What is hidden (5 kap. 5 § OSL markings, applied here and nowhere else):

- a classified case whose marking hides ``rubrik`` (the default): its subject, and the
  description and counterpart of every document in it, since those usually repeat the
  subject or name the person concerned; ``motpart``: the counterpart of every document;
  ``sammanfattning`` and ``arendet`` name parts of the documents, not of the listing;
- a classified document: its description and counterpart (or what its marking names;
  ``rubrik`` hides its description, which repeats the subject);
- the reason for voiding a classified entry (it may quote the hidden text).

File names are never listed. Hidden text is replaced by "Sekretess enligt <bestämmelse>".
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import unicodedata

from kanslist.diarium.poster import (MASKERA_ARENDE, MASKERA_HANDLING, RIKTNINGAR, STATUS, Arende, Handling,
                                     ListRad, Sekretess)

KOLUMNER = ("Diarienummer", "Datum", "Typ", "Riktning", "Avsändare/mottagare", "Beskrivning", "Status", "Sekretess")


def public_rows(arenden: list[Arende]) -> list[ListRad]:
    """Return the listing lines of ``arenden``: each case, then its documents, masked."""
    rows: list[ListRad] = []
    for case in arenden:
        case_mark = case.sekretess
        subject = case_mark.markering() if "rubrik" in _case_hides(case_mark) else case.rubrik
        rows.append(ListRad(
            diarienummer=case.dnr, datum=case.datum, typ="Ärende", riktning="", motpart="", beskrivning=subject,
            status=_status(STATUS[case.status], case.avslutad, case.makulerad_orsak, case_mark),
            sekretess=case_mark.grund if case_mark else ""))
        for doc in case.handlingar:
            rows.append(_document_row(doc, case_mark))
    return rows


def _case_hides(mark: Sekretess | None) -> set[str]:
    """Return what a case's marking hides: 'rubrik' of the case, 'beskrivning' and 'motpart' of its documents."""
    if mark is None:
        return set()
    words = set(mark.maskera or MASKERA_ARENDE)
    hidden = {"rubrik", "beskrivning", "motpart"} if "rubrik" in words else set()
    return hidden | ({"motpart"} if "motpart" in words else set())


def _document_hides(mark: Sekretess | None) -> set[str]:
    """Return what a document's own marking hides of it: 'beskrivning', 'motpart'."""
    if mark is None:
        return set()
    words = set(mark.maskera or MASKERA_HANDLING)
    hidden = {"beskrivning"} if words & {"beskrivning", "rubrik"} else set()
    return hidden | ({"motpart"} if "motpart" in words else set())


def _document_row(doc: Handling, case_mark: Sekretess | None) -> ListRad:
    own = doc.sekretess
    hidden = _document_hides(own) | (_case_hides(case_mark) - {"rubrik"})
    mark = own or case_mark
    return ListRad(
        diarienummer=doc.dnr, datum=doc.datum, typ="Handling", riktning=RIKTNINGAR[doc.riktning],
        motpart=mark.markering() if "motpart" in hidden and doc.motpart else (doc.motpart or ""),
        beskrivning=mark.markering() if "beskrivning" in hidden else doc.beskrivning,
        status=_status("Makulerad" if doc.makulerad else "", None, doc.makulerad_orsak, mark),
        sekretess="; ".join(dict.fromkeys(m.grund for m in (case_mark, own) if m)))


def _status(word: str, closed: dt.date | None, void_reason: str | None, mark: Sekretess | None) -> str:
    if void_reason is not None:
        return word if mark else f"{word}: {void_reason}"
    if closed is not None:
        return f"{word} {closed.isoformat()}"
    return word


def _cells(row: ListRad) -> list[str]:
    return [row.diarienummer, row.datum.isoformat(), row.typ, row.riktning, row.motpart, row.beskrivning,
            row.status, row.sekretess]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Return ``value`` for a spreadsheet cell: text that a spreadsheet would run as a formula
    (=, +, -, @ first) gets a leading apostrophe, as OWASP advises for CSV export.

    The full-width and small forms (＝ ＋ － ＠, ﹦ ...) count too: spreadsheets with an
    East Asian input method turn them into the formula characters.
    """
    text = "" if value is None else str(value)
    first = unicodedata.normalize("NFKC", text[:1])
    return "'" + text if first.startswith(_FORMULA_START) else text


class _SafeWriter:
    """A csv writer whose cells never start a formula."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row) -> None:
        self._writer.writerow([_cell(c) for c in row])


def to_csv(rows: list[ListRad]) -> str:
    """Return the listing as CSV: semicolon-separated (as Swedish spreadsheets expect), header first."""
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out, delimiter=";", lineterminator="\n"))
    writer.writerow(KOLUMNER)
    for row in rows:
        writer.writerow(_cells(row))
    return out.getvalue()


def to_html(rows: list[ListRad], organisation: str, ar: int | None = None) -> str:
    """Return the listing as one HTML page, every value escaped."""
    title = f"Diarium – {organisation}" + (f" – {ar}" if ar is not None else "")
    e = html.escape
    lines = [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "th,td{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
        "tr.arende td{font-weight:bold;background:#f3f3f3}"
        # Narrow windows and 200 % zoom (WCAG 2.1, 1.4.10): each row a block of labelled lines.
        "@media (max-width:48em){thead{position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden}"
        "table,tbody,tr,td{display:block}tr{border:1px solid #999;margin:0 0 .5em}td{border:0}"
        "td::before{content:attr(data-label) \": \";font-weight:bold}td:empty{display:none}}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
        "<table>",
        "<thead><tr>" + "".join(f'<th scope="col">{e(k)}</th>' for k in KOLUMNER) + "</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        css = "arende" if row.typ == "Ärende" else "handling"
        lines.append(f'<tr class="{css}">' + "".join(f'<td data-label="{e(k)}">{e(c)}</td>'
                                                   for k, c in zip(KOLUMNER, _cells(row))) + "</tr>")
    lines += ["</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(lines)


def export_csv(arenden: list[Arende]) -> str:
    """Return the full register (nothing masked) as CSV, one line per case and per document."""
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out, delimiter=";", lineterminator="\n"))
    writer.writerow(["diarienummer", "arende", "handling", "typ", "datum", "riktning", "motpart", "beskrivning",
                     "status", "makulerad_orsak", "sekretess_grund", "sekretess_datum", "sekretess_myndighet",
                     "sha256", "filnamn", "registrerad_tid", "registrerad_av"])
    for case in arenden:
        mark = case.sekretess
        writer.writerow([case.dnr, case.dnr, "", "arende", case.datum.isoformat(), "", "", case.rubrik, case.status,
                         case.makulerad_orsak or "", *_mark_cells(mark), "", "", case.registrerad_tid,
                         case.registrerad_av])
        for doc in case.handlingar:
            writer.writerow([doc.dnr, case.dnr, doc.nr, "handling", doc.datum.isoformat(), doc.riktning,
                             doc.motpart or "", doc.beskrivning, "makulerad" if doc.makulerad else "",
                             doc.makulerad_orsak or "", *_mark_cells(doc.sekretess), doc.sha256 or "",
                             doc.filnamn or "", doc.registrerad_tid, doc.registrerad_av])
    return out.getvalue()


def _mark_cells(mark: Sekretess | None) -> list[str]:
    if mark is None:
        return ["", "", ""]
    return [mark.grund, mark.datum.isoformat() if mark.datum else "", mark.myndighet or ""]


def case_text(case: Arende) -> str:
    """Return case ``case`` and its documents as plain text for the registrar (nothing masked)."""
    status = STATUS[case.status] + (f" {case.avslutad.isoformat()}" if case.avslutad else "")
    lines = [f"{case.dnr}  {case.rubrik}", f"  Status:      {status}"]
    if case.makulerad_orsak:
        lines.append(f"  Makulerat:   {case.makulerad_orsak}")
    lines.append(f"  Registrerat: {case.datum.isoformat()} av {case.registrerad_av}")
    if case.sekretess:
        lines.append(f"  Sekretess:   {_mark_text(case.sekretess)}")
    if not case.handlingar:
        lines.append("  Inga handlingar registrerade.")
    for doc in case.handlingar:
        who = f" – {doc.motpart}" if doc.motpart else ""
        lines.append(f"  {doc.dnr}  {doc.datum.isoformat()}  {RIKTNINGAR[doc.riktning]}{who}: {doc.beskrivning}")
        if doc.filnamn or doc.sha256:
            lines.append(f"      fil: {doc.filnamn or ''} sha256 {doc.sha256 or '-'}")
        if doc.sekretess:
            lines.append(f"      sekretess: {_mark_text(doc.sekretess)}")
        if doc.makulerad:
            lines.append(f"      MAKULERAD: {doc.makulerad_orsak}")
    return "\n".join(lines) + "\n"


def _mark_text(mark: Sekretess) -> str:
    when = mark.datum.isoformat() if mark.datum else "okänt datum"
    return f"{mark.grund} (markerad {when} av {mark.myndighet or 'okänd myndighet'})"

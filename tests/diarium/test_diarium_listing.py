"""The public listing: classified details never appear, in CSV or HTML."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from kanslist.diarium import Sekretess
from kanslist.diarium.listing import case_text, export_csv, to_csv, to_html

SECRET_SUBJECT = "Orosanmälan gällande Kalle Svensson, 12 år"
SECRET_PERSON = "Lisa Svensson"
SECRET_DOC = "Läkarintyg för Kalle"


@pytest.fixture
def register(diarium, tmp_path):
    open_case = diarium.nytt_arende("KS", "Budget 2027 <utkast> & \"plan\"")
    diarium.registrera(open_case, "inkommande", "Skrivelse om <script>alert(1)</script>", motpart="Länsstyrelsen")
    secret = diarium.nytt_arende("SN", SECRET_SUBJECT, sekretess="26 kap. 1 § OSL")
    diarium.registrera(secret, "inkommande", SECRET_DOC, motpart=SECRET_PERSON)
    diarium.makulera(secret, f"Fel person, gäller {SECRET_PERSON}", handling_nr=1)
    mixed = diarium.nytt_arende("KS", "Upphandling av trygghetslarm")
    diarium.registrera(mixed, "inkommande", "Anbud från Larmbolaget", motpart="Larmbolaget AB",
                       sekretess="31 kap. 16 § OSL")
    paper = tmp_path / "anbud-larmbolaget.pdf"
    paper.write_bytes(b"pdf")
    diarium.registrera_fil(mixed, paper, "Anbudsöppningsprotokoll")
    diarium.registrera(mixed, "upprattad", "Felregistrerad anteckning om Larmbolaget",
                       sekretess=Sekretess("31 kap. 16 § OSL", maskera=("beskrivning",)))
    diarium.makulera(mixed + "-3", "Hör till Larmbolagets anbud")
    return diarium


def test_the_listing_hides_a_classified_case_and_everything_in_it(register):
    text_csv = to_csv(register.lista())
    text_html = to_html(register.lista(), "Vaggeryds kommun")
    for output in (text_csv, text_html):
        for secret in (SECRET_SUBJECT, "Kalle", SECRET_PERSON, SECRET_DOC):
            assert secret not in output
        assert "Sekretess enligt 26 kap. 1 § OSL" in output


def test_the_listing_replaces_classified_document_details_with_the_marking(register):
    rows = list(csv.reader(io.StringIO(to_csv(register.lista())), delimiter=";"))
    assert rows[0] == ["Diarienummer", "Datum", "Typ", "Riktning", "Avsändare/mottagare", "Beskrivning", "Status",
                       "Sekretess"]
    assert rows[1:] == [
        ["KS 2026/001", "2026-04-27", "Ärende", "", "", 'Budget 2027 <utkast> & "plan"', "Öppet", ""],
        ["KS 2026/001-1", "2026-04-27", "Handling", "Inkommande", "Länsstyrelsen",
         "Skrivelse om <script>alert(1)</script>", "", ""],
        ["KS 2026/002", "2026-04-27", "Ärende", "", "", "Upphandling av trygghetslarm", "Öppet", ""],
        ["KS 2026/002-1", "2026-04-27", "Handling", "Inkommande", "Sekretess enligt 31 kap. 16 § OSL",
         "Sekretess enligt 31 kap. 16 § OSL", "", "31 kap. 16 § OSL"],
        ["KS 2026/002-2", "2026-04-27", "Handling", "Upprättad", "", "Anbudsöppningsprotokoll", "", ""],
        ["KS 2026/002-3", "2026-04-27", "Handling", "Upprättad", "", "Sekretess enligt 31 kap. 16 § OSL",
         "Makulerad", "31 kap. 16 § OSL"],
        ["SN 26/0001", "2026-04-27", "Ärende", "", "", "Sekretess enligt 26 kap. 1 § OSL", "Öppet",
         "26 kap. 1 § OSL"],
        ["SN 26/0001, handling 1", "2026-04-27", "Handling", "Inkommande", "Sekretess enligt 26 kap. 1 § OSL",
         "Sekretess enligt 26 kap. 1 § OSL", "Makulerad", "26 kap. 1 § OSL"],
    ]


def test_the_listing_never_shows_file_names_or_the_void_reason_of_classified_entries(register):
    output = to_csv(register.lista()) + to_html(register.lista(), "K")
    assert "anbud-larmbolaget.pdf" not in output
    assert "Hör till Larmbolagets anbud" not in output
    assert "Larmbolaget AB" not in output and "Felregistrerad anteckning" not in output


def test_the_listing_shows_why_an_open_entry_was_voided(diarium):
    dnr = diarium.nytt_arende("KS", "a")
    diarium.makulera(dnr, "Dubblett")
    assert diarium.lista()[0].status == "Makulerat: Dubblett"


def test_the_html_listing_escapes_every_value(register):
    page = to_html(register.lista(), "Vaggeryds <kommun>", 2026)
    assert "<script>" not in page
    assert "Skrivelse om &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Budget 2027 &lt;utkast&gt; &amp; &quot;plan&quot;" in page
    assert "<title>Diarium – Vaggeryds &lt;kommun&gt; – 2026</title>" in page
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"sv\">")


def test_the_listing_can_be_limited_to_one_year(diarium, clock):
    clock.set(dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc))
    diarium.nytt_arende("KS", "förra året")
    clock.set(dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))
    diarium.nytt_arende("KS", "i år")
    assert [r.diarienummer for r in diarium.lista(2025)] == ["KS 2025/001"]
    assert [r.diarienummer for r in diarium.lista()] == ["KS 2025/001", "KS 2026/001"]


def test_the_export_and_the_registrars_view_hide_nothing(register):
    full = export_csv(register.arenden())
    assert SECRET_SUBJECT in full and SECRET_PERSON in full and "anbud-larmbolaget.pdf" in full
    view = case_text(register.visa("SN 26/0001"))
    assert SECRET_SUBJECT in view
    assert "Sekretess:   26 kap. 1 § OSL (markerad 2026-04-27 av Socialnämnden)" in view


def test_no_cell_of_the_csv_files_starts_a_formula(diarium):
    case = diarium.nytt_arende("KS", "=HYPERLINK(\"http://x\";\"klicka\")")
    diarium.registrera(case, "inkommande", "@SUM(1+1)", motpart="+46 70 123")
    for text in (to_csv(diarium.lista()), export_csv(diarium.arenden())):
        cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
        assert "'=HYPERLINK(\"http://x\";\"klicka\")" in cells and "'@SUM(1+1)" in cells
        assert not [c for c in cells if c[:1] in ("=", "+", "@")]

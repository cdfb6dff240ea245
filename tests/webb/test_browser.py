"""End to end in a real browser (Debian's Chromium driven by Playwright): what a civil servant does."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from playwright.sync_api import expect

from webbstod import PASSWORD, axe_serious, shot

CASE = "2025-064-revisionssvar-hemarbete"


def login(browser, server, name):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    page.goto(server.url + "/arenden")
    page.get_by_label("Användarnamn").fill(name)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arenden")
    return page


def it_creates_fills_checks_previews_builds_and_downloads_a_case(browser, server):
    page = login(browser, server, "anna")
    shot(page, "01-arenden")
    assert axe_serious(page) == []
    page.get_by_role("link", name="Nytt ärende").click()
    assert axe_serious(page) == []
    page.get_by_label("Typ av ärende").select_option("tjansteskrivelse")
    page.get_by_label("Rubrik").fill("Parkeringsnorm för Vaggeryd")
    page.get_by_role("button", name="Skapa ärendet").click()
    page.wait_for_url("**/arenden/parkeringsnorm-for-vaggeryd*")
    preview = page.locator("#forhandsvisning")
    expect(preview.locator("h1")).to_have_text("Parkeringsnorm för Vaggeryd", timeout=20000)

    # a wrong date: the check's message appears next to the date input, tied to it
    page.get_by_label("Datum").fill("")
    slot = page.locator("#f-datum-fel")
    expect(slot).to_have_text("Fel: saknas – lägg till fältet", timeout=15000)
    expect(page.locator("#f-datum")).to_have_attribute("aria-describedby", re.compile("f-datum-fel"))
    expect(page.locator("#f-datum")).to_have_attribute("aria-invalid", "true")
    shot(page, "03-fel-vid-faltet")
    page.get_by_label("Datum").fill("2026-03-02")
    expect(slot).to_be_empty(timeout=15000)

    # the preview follows the typing
    page.locator("#f-sammanfattning").fill("Kommunen behöver en ny parkeringsnorm för bostäder.")
    expect(preview).to_contain_text("Kommunen behöver en ny parkeringsnorm för bostäder.", timeout=20000)
    assert axe_serious(page) == []
    shot(page, "04-formular-och-forhandsvisning")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Ärendet är sparat.")
    page.get_by_role("button", name="Bygg").click()
    expect(page.get_by_role("status")).to_have_text("Dokumenten är byggda.")
    with page.expect_download() as info:
        page.get_by_role("link", name="Hämta tjansteskrivelse.docx").click()
    data = Path(info.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Parkeringsnorm för Vaggeryd" in text
    assert "Kommunen behöver en ny parkeringsnorm för bostäder." in text
    page.context.close()


def it_keeps_a_list_item_added_and_moved(browser, server):
    page = login(browser, server, "anna")
    page.goto(f"{server.url}/arenden/{CASE}")
    shot(page, "05-revisionssvar")
    page.get_by_role("button", name="Flytta ned rekommendationer 1").click()
    expect(page.locator("#f-rekommendationer-0-rubrik")).to_have_value("Politisk förankring")
    expect(page.locator("#f-rekommendationer-1-rubrik")).to_have_value("Formella överenskommelser vid arbete på annan plats.")
    page.context.close()


def it_lets_a_registrar_register_a_document(browser, server):
    page = login(browser, server, "rita")
    page.get_by_role("link", name="Diariet").click()
    page.get_by_label("Diarieserie").select_option("KS")
    page.get_by_label("Ärendemening").fill("Bygglov för förskola")
    page.get_by_role("button", name="Registrera ärendet").click()
    expect(page.get_by_role("status")).to_contain_text("Ärendet är registrerat: KS ")
    page.get_by_label("Riktning").select_option("inkommande")
    page.get_by_label("Beskrivning").fill("Ansökan om bygglov")
    page.get_by_label("Avsändare eller mottagare").fill("Byggbolaget AB")
    page.get_by_role("button", name="Registrera handlingen").click()
    expect(page.get_by_role("status")).to_contain_text("Handlingen är registrerad: KS ")
    expect(page.get_by_role("cell", name="Ansökan om bygglov")).to_be_visible()
    assert axe_serious(page) == []
    shot(page, "06-diariet-arende")
    page.goto(server.url + "/diarium")
    shot(page, "07-diariet")
    page.context.close()


def it_shows_a_reader_no_form_and_no_classified_subject(browser, server):
    page = login(browser, server, "lars")
    page.goto(f"{server.url}/arenden/{CASE}")
    expect(page.locator("form#arendeformular")).to_have_count(0)
    expect(page.get_by_text("Du har läsbehörighet och kan inte ändra ärendet.")).to_be_visible()
    assert axe_serious(page) == []
    shot(page, "08-lasare")
    page.context.close()


def it_reads_at_200_percent_zoom_without_sideways_scrolling(browser, server):
    # 200 % zoom of a 1280 px window: 640 CSS pixels at two device pixels each (WCAG 2.1, 1.4.4 and 1.4.10)
    context = browser.new_context(viewport={"width": 640, "height": 900}, device_scale_factor=2, locale="sv-SE")
    page = context.new_page()
    page.goto(server.url + "/logga-in")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arenden")
    wide = "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > " \
           "document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 5)"
    shot(page, "09-arenden-200-procent")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
        page.evaluate(wide)
    assert axe_serious(page) == []
    page.goto(f"{server.url}/arenden/{CASE}")
    expect(page.locator("#forhandsvisning .dokumentnamn")).to_have_text("Tjänsteskrivelse (tjansteskrivelse.docx)",
                                                                        timeout=20000)
    page.locator("#f-sammanfattning").fill("Förvaltningen har gått igenom **rapporten**.\n\n- en punkt")
    expect(page.locator("#f-sammanfattning-visning strong")).to_have_text("rapporten", timeout=15000)
    expect(page.get_by_role("link", name="Till förhandsvisningen")).to_be_visible()  # the preview is far below
    page.get_by_label("Dokument som visas").select_option("svar-till-revisorerna.docx")
    expect(page.locator("#forhandsvisning .dokumentnamn")).to_have_text(
        "Svar till revisorerna (svar-till-revisorerna.docx)", timeout=20000)
    shot(page, "10-formular-200-procent")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
        page.evaluate(wide)
    assert axe_serious(page) == []
    context.close()

"""Meetings in the web app: the list, one meeting's items and §§, building and downloading its papers, secrecy."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from playwright.sync_api import expect

from webbstod import PASSWORD, SECRET_SUBJECT, SIDEWAYS, axe_serious, csrf_of, login_client, shot, zoomed

MEETING = "ks-2026-02-10"
MASKED = "Sekretess enligt 39 kap. 3 § OSL"


def texts(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def build(server, name: str = "rita"):
    user = login_client(server, name)
    token = csrf_of(user.get(f"/sammantraden/{MEETING}").text)
    return user.post(f"/sammantraden/{MEETING}/bygg", data={"csrf": token})


def it_lists_every_meeting_with_organ_date_place_items_build_and_justering(kommun):
    page = login_client(kommun, "lars").get("/sammantraden")
    assert page.status_code == 200
    assert "<caption>9 sammanträden</caption>" in page.text
    assert ('<td data-rubrik="Sammanträde"><a href="/sammantraden/kf-2026-02-23">Kommunfullmäktige</a></td>\n'
            '    <td data-rubrik="Datum">2026-02-23</td><td data-rubrik="Plats">Folkets hus, Åsby</td>\n'
            '    <td data-rubrik="Ärenden">3</td>\n'
            '    <td data-rubrik="Handlingarna">Inte byggda</td>\n'
            '    <td data-rubrik="Protokollet">Justerat 2026-02-26</td>') in page.text


def it_refuses_a_reader_building_a_meeting(kommun):
    answer = build(kommun, "lars")
    assert answer.status_code == 403
    assert ("Du har inte behörighet att bygga sammanträdets handlingar – det kräver rollen handläggare eller "
            "registrator.") in answer.text


def it_hides_a_classified_item_from_a_reader_and_every_paper_naming_it(kommun):
    done = build(kommun)
    assert "Sammanträdets handlingar är byggda." in done.text or "var redan byggda och är oförändrade." in done.text
    assert SECRET_SUBJECT in done.text  # the registrar sees it

    reader = login_client(kommun, "lars")
    page = reader.get(f"/sammantraden/{MEETING}").text
    assert SECRET_SUBJECT not in page and "direktupphandlingar" not in page
    assert f'<td data-rubrik="Rubrik">{MASKED} <span class="tagg">Sekretess</span></td>' in page
    assert "Revidering av attestreglemente" in page  # the open items stay readable
    assert "Bygg sammanträdets handlingar" not in page
    for name in ("kallelse.docx", "protokoll.docx", "anslag.docx", "anslag.html", "utdrag-4.docx"):
        answer = reader.get(f"/sammantraden/{MEETING}/filer/{name}")
        assert answer.status_code == 403, name
        assert ("Handlingen nämner ett ärende som omfattas av sekretess och kan inte hämtas med din behörighet."
                in answer.text)
        assert SECRET_SUBJECT not in answer.text
    open_extract = reader.get(f"/sammantraden/{MEETING}/filer/utdrag-3.docx")
    assert open_extract.status_code == 200 and "Revidering av attestreglemente" in texts(open_extract.content)
    assert reader.get(f"/sammantraden/{MEETING}/filer/..%2Fkanslist.json").status_code == 404

    clerk = login_client(kommun, "anna")
    assert SECRET_SUBJECT in texts(clerk.get(f"/sammantraden/{MEETING}/filer/protokoll.docx").content)


def it_shows_a_broken_meeting_file_with_its_problems(kommun):
    path = kommun.root / "sammantraden" / "ks-2026-13-01.yaml"
    path.write_text("organ: kommunstyrelsen\ndatum: 2026-13-01\n", encoding="utf-8")
    try:
        page = login_client(kommun, "anna").get("/sammantraden/ks-2026-13-01")
        assert page.status_code == 200
        assert "<h1>sammantraden/ks-2026-13-01.yaml kan inte visas</h1>" in page.text
        assert "sammantraden/ks-2026-13-01.yaml:2: datum: " in page.text
        listing = login_client(kommun, "anna").get("/sammantraden").text
        assert ('<a href="/sammantraden/ks-2026-13-01">Kommunstyrelsen</a></td>\n'
                '    <td data-rubrik="Datum">2026-13-01</td>') in listing  # still listed, read as text
        assert '<td data-rubrik="Protokollet">Okänt</td>' in listing
    finally:
        path.unlink()


def it_builds_a_meeting_and_downloads_its_papers_in_the_browser(browser, kommun):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    page.goto(kommun.url + "/sammantraden")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/sammantraden")
    assert axe_serious(page) == []
    shot(page, "20-sammantraden")
    page.get_by_role("link", name="Kommunfullmäktige").first.click()
    page.wait_for_url("**/sammantraden/kf-2026-02-23")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommunfullmäktige 2026-02-23")
    assert axe_serious(page) == []
    page.get_by_role("button", name="Bygg sammanträdets handlingar").click()
    expect(page.get_by_role("status")).to_have_text("Sammanträdets handlingar är byggda.", timeout=30000)
    rows = page.locator("table.lista tbody tr")
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("§ 1")
    expect(rows.nth(1).locator("td").nth(2)).to_have_text("Revidering av attestreglemente")
    assert axe_serious(page) == []
    shot(page, "21-sammantrade-byggt")
    subject = "Revidering av attestreglemente"
    for name, expected in (("kallelse.docx", subject), ("protokoll.docx", subject), ("utdrag-1.docx", subject),
                           ("anslag.docx", "Anslag om justerat protokoll")):
        with page.expect_download() as info:
            page.get_by_role("link", name=f"Hämta {name}").first.click()
        assert info.value.suggested_filename == name
        assert expected in texts(Path(info.value.path()).read_bytes()), name
    with page.expect_download() as info:
        page.get_by_role("link", name="Hämta anslag.html").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Kommunfullmäktige" in html and "Revidering av attestreglemente" in html
    context.close()


def it_shows_the_meetings_at_200_percent_without_sideways_scrolling(browser, kommun):
    build(kommun)
    page = zoomed(browser, kommun, "lars")
    page.goto(kommun.url + "/sammantraden")
    assert page.evaluate(SIDEWAYS) == []
    page.goto(f"{kommun.url}/sammantraden/{MEETING}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommunstyrelsen 2026-02-10")
    shot(page, "22-sammantrade-lasare-200-procent")
    assert page.evaluate(SIDEWAYS) == []
    assert axe_serious(page) == []
    page.context.close()

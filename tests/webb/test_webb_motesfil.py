"""A meeting file edited as text in the browser: checked as bygg checks it before it is saved, the conflict check,
who may; the secretary records yrkanden, reservations and decisions without a terminal."""

from __future__ import annotations

import re

import docx
import pytest
from playwright.sync_api import expect

from webbstod import PASSWORD, Server, axe_serious, csrf_of, login_client, make_meeting_workspace, shot

MEETING = "ks-2026-02-10"
PLACE = "plats: Kommunhuset, sammanträdesrum Ån\n"


@pytest.fixture(scope="module")
def moten(tmp_path_factory):
    """A server of its own: these tests change the meeting file the other meeting tests read."""
    srv = Server(make_meeting_workspace(tmp_path_factory.mktemp("motesfil")))
    yield srv
    srv.stop()


@pytest.fixture
def meeting_file(moten):
    path = moten.root / "sammantraden" / f"{MEETING}.yaml"
    original = path.read_text(encoding="utf-8")
    yield path
    path.write_text(original, encoding="utf-8")


def form_of(html: str) -> dict:
    return {"csrf": csrf_of(html), "bas": re.search(r'name="bas" value="([0-9a-f]{64})"', html).group(1)}


def it_saves_a_meeting_file_edited_as_text(moten, meeting_file):
    anna = login_client(moten, "anna")
    page = anna.get(f"/sammantraden/{MEETING}").text
    text = meeting_file.read_text(encoding="utf-8")
    assert '<label for="text">Sammanträdesfilen ks-2026-02-10.yaml</label>' in page and PLACE in page
    edited = text.replace(PLACE, "plats: Kommunhuset, sessionssalen\n")
    saved = anna.post(f"/sammantraden/{MEETING}/text", data=form_of(page) | {"text": edited, "atgard": "spara"})
    assert saved.url.path == f"/sammantraden/{MEETING}"
    assert '<p class="meddelande" role="status">Sammanträdesfilen är sparad.</p>' in saved.text
    assert "<dt>Plats</dt><dd>Kommunhuset, sessionssalen</dd>" in saved.text
    assert meeting_file.read_text(encoding="utf-8") == edited
    entry = (moten.root / "data" / "webblogg.jsonl").read_text(encoding="utf-8").splitlines()[-1]
    assert '"vem": "anna", "atgard": "spara_sammantrade", "fil": "sammantraden/ks-2026-02-10.yaml"' in entry


def it_refuses_a_meeting_file_that_bygg_would_refuse_and_keeps_what_was_typed(moten, meeting_file):
    rita = login_client(moten, "rita")  # the registrar, who registers the protocol, may too
    page = rita.get(f"/sammantraden/{MEETING}").text
    text = meeting_file.read_text(encoding="utf-8")
    wrong = text.replace("justerare:\n- birgitta-sand\n", "justerare:\n- kalle-okand\n")
    assert wrong != text
    line = wrong.splitlines().index("- kalle-okand") + 1
    refused = rita.post(f"/sammantraden/{MEETING}/text", data=form_of(page) | {"text": wrong, "atgard": "spara"})
    assert refused.status_code == 422
    assert ("Sammanträdesfilen sparades inte eftersom den har fel. Rätta felen som visas vid texten och spara "
            "igen.") in refused.text
    assert f'<p class="fel">Felet finns på rad {line}.</p>' in refused.text
    assert f"sammantraden/ks-2026-02-10.yaml:{line}: justerare[0]: " in refused.text
    assert "- kalle-okand\n" in refused.text  # nothing typed is lost
    assert meeting_file.read_text(encoding="utf-8") == text


def it_saves_a_meeting_file_only_over_the_one_it_was_loaded_from(moten, meeting_file):
    anna = login_client(moten, "anna")
    page = anna.get(f"/sammantraden/{MEETING}").text
    text = meeting_file.read_text(encoding="utf-8")
    theirs = text.replace(PLACE, "plats: Bertils lokal\n")
    meeting_file.write_text(theirs, encoding="utf-8")  # someone else saved meanwhile
    mine = text.replace(PLACE, "plats: Annas lokal\n")
    second = anna.post(f"/sammantraden/{MEETING}/text", data=form_of(page) | {"text": mine, "atgard": "spara"})
    assert second.status_code == 409
    assert ("någon annan har sparat sammanträdesfilen sedan du öppnade den – din version är inte sparad. Jämför "
            "ändringarna nedan och spara din version ovanpå") in second.text
    assert "-plats: Bertils lokal" in second.text and "+plats: Annas lokal" in second.text
    assert meeting_file.read_text(encoding="utf-8") == theirs
    over = anna.post(f"/sammantraden/{MEETING}/text", data=form_of(second.text) | {
        "text": mine, "atgard": "skriv_over",
        "disk_bas": re.search(r'name="disk_bas" value="([0-9a-f]{64})"', second.text).group(1)})
    assert "Sammanträdesfilen är sparad." in over.text
    assert meeting_file.read_text(encoding="utf-8") == mine


def it_shows_a_broken_meeting_file_to_fix_and_none_to_a_reader(moten, meeting_file):
    text = meeting_file.read_text(encoding="utf-8")
    meeting_file.write_text(text.replace("datum: 2026-02-10\n", "datum: 2026-02-31\n"), encoding="utf-8")
    page = login_client(moten, "anna").get(f"/sammantraden/{MEETING}").text
    assert "Sammanträdesfilen har fel. Rätta dem i texten nedan och spara." in page
    assert '<p class="fel">Felet finns på rad 2.</p>' in page
    assert "sammantraden/ks-2026-02-10.yaml:2: datum: " in page
    reader = login_client(moten, "lars")
    page = reader.get(f"/sammantraden/{MEETING}").text
    assert "<textarea" not in page and "Be en handläggare eller registrator rätta den." in page
    answer = reader.post(f"/sammantraden/{MEETING}/text", data={"csrf": csrf_of(page), "bas": "", "text": text})
    assert answer.status_code == 403
    assert ("Du har inte behörighet att bygga sammanträdets handlingar – det kräver rollen handläggare eller "
            "registrator.") in answer.text


def it_records_a_reservation_in_the_browser(browser, moten, meeting_file):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.goto(moten.url + f"/sammantraden/{MEETING}")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**/sammantraden/{MEETING}")
    area = page.get_by_label(f"Sammanträdesfilen {MEETING}.yaml")
    text = area.input_value()
    item = "- arende: arenden/2026-007-attestreglemente.yaml\n"
    assert item in text
    reservation = item + "  reservationer:\n  - {av: David Odén (SD), text: till förmån för eget yrkande}\n"
    area.fill(text.replace(item, reservation))
    assert axe_serious(page) == []
    page.get_by_role("button", name="Spara sammanträdesfilen").click()
    expect(page.get_by_role("status")).to_have_text("Sammanträdesfilen är sparad.")
    assert "David Odén (SD), text: till förmån för eget yrkande" in meeting_file.read_text(encoding="utf-8")
    shot(page, "40-sammantradesfil")
    page.get_by_role("button", name="Bygg sammanträdets handlingar").click()
    expect(page.get_by_role("status")).to_have_text("Sammanträdets handlingar är byggda.")
    protocol = docx.Document(str(moten.root / "build" / "sammantraden" / MEETING / "protokoll.docx"))
    assert "David Odén (SD) reserverar sig mot beslutet till förmån för eget yrkande." in [
        p.text for p in protocol.paragraphs]
    context.close()

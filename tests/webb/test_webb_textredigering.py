"""Fixing a case file whose YAML is broken, in the browser: its text, the error's line, drafts, the conflict check."""

from __future__ import annotations

from playwright.sync_api import expect

from webbstod import PASSWORD, axe_serious, csrf_of, login_client, shot

BROKEN = ("typ: tjansteskrivelse\nrubrik: Trasig fil\ndatum: 2026-01-02\nfran: [kommunledningskontoret\n"
          "till: kommunstyrelsen\nhandlaggare: [anna-ystrom]\nforslag_till_beslut:\n  att: [bevilja]\n"
          "sammanfattning: Text.\n")
FIXED = BROKEN.replace("fran: [kommunledningskontoret", "fran: kommunledningskontoret")
# The parser notices the unclosed list on the line after it, and names that line.
PARSE_ERROR = "{fil}:5: en lista med [ stängs aldrig med ] – avsluta listan med ] på samma rad"


def base_of(html: str) -> str:
    import re

    return re.search(r'name="bas" value="([0-9a-f]{64})"', html).group(1)


def write(server, name: str, text: str):
    path = server.root / "arenden" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def it_shows_the_broken_text_with_the_line_of_its_error(server):
    write(server, "trasig-visas", BROKEN.replace("sammanfattning: Text.\n", ""))
    page = login_client(server, "anna").get("/arenden/trasig-visas")
    assert page.status_code == 200
    assert '<p class="fel">Felet finns på rad 5.</p>' in page.text
    assert PARSE_ERROR.format(fil="arenden/trasig-visas.yaml") in page.text
    assert 'aria-describedby="text-fel"' in page.text and 'aria-invalid="true"' in page.text
    assert "fran: [kommunledningskontoret\n" in page.text


def it_lists_a_case_whose_date_pyyaml_cannot_make(server):
    write(server, "datum-utan-manad", "typ: tjansteskrivelse\nrubrik: Trettonde månaden\ndatum: 2026-13-45\n")
    anna = login_client(server, "anna")
    listing = anna.get("/arenden")
    assert listing.status_code == 200 and "Trettonde månaden" in listing.text
    page = anna.get("/arenden/datum-utan-manad")
    assert '<p class="fel">Felet finns på rad 3.</p>' in page.text
    assert ("arenden/datum-utan-manad.yaml:3: datum: &#39;2026-13-45&#39; är inget giltigt datum – skriv datumet som "
            "ÅÅÅÅ-MM-DD, t.ex. 2025-05-12") in page.text


def it_refuses_to_save_broken_text_but_keeps_it_as_a_draft(server):
    path = write(server, "trasig-spara", BROKEN)
    anna = login_client(server, "anna")
    page = anna.get("/arenden/trasig-spara").text
    form = {"csrf": csrf_of(page), "bas": base_of(page), "text": BROKEN.replace("Trasig fil", "Fortfarande trasig")}
    refused = anna.post("/arenden/trasig-spara/text", data=form | {"atgard": "spara"})
    assert refused.status_code == 422
    assert ("Ärendet sparades inte eftersom filen fortfarande har fel. Rätta felen som visas vid texten, eller spara "
            "som utkast så länge.") in refused.text
    assert PARSE_ERROR.format(fil="arenden/trasig-spara.yaml") in refused.text
    assert "rubrik: Fortfarande trasig" in refused.text  # nothing the user typed is lost
    assert path.read_text(encoding="utf-8") == BROKEN
    draft = anna.post("/arenden/trasig-spara/text", data=form | {"atgard": "utkast"})
    assert ("Utkastet är sparat i arenden/.utkast/trasig-spara.yaml. Ärendefilen är oförändrad.") in draft.text
    assert (server.root / "arenden" / ".utkast" / "trasig-spara.yaml").read_text(encoding="utf-8") == form["text"]
    assert path.read_text(encoding="utf-8") == BROKEN


def it_saves_the_fixed_text_only_over_the_file_it_was_loaded_from(server):
    path = write(server, "trasig-konflikt", BROKEN)
    anna = login_client(server, "anna")
    page = anna.get("/arenden/trasig-konflikt").text
    form = {"csrf": csrf_of(page), "bas": base_of(page), "text": FIXED}
    theirs = FIXED.replace("Trasig fil", "Bertils rättelse")
    path.write_text(theirs, encoding="utf-8")  # someone else fixed it meanwhile: a valid file now
    second = anna.post("/arenden/trasig-konflikt/text", data=form | {"atgard": "spara"})
    assert second.status_code == 409
    assert ("någon annan har sparat ärendet sedan du öppnade det – din version är inte sparad. Jämför ändringarna "
            "nedan och spara din version ovanpå, eller spara den som utkast") in second.text
    assert "-rubrik: Bertils rättelse" in second.text and "+rubrik: Trasig fil" in second.text
    assert path.read_text(encoding="utf-8") == theirs
    assert "Spara min version ovanpå" in second.text
    over = anna.post("/arenden/trasig-konflikt/text", data=form | {
        "atgard": "skriv_over", "csrf": csrf_of(second.text), "bas": base_of(second.text),
        "disk_bas": __import__("re").search(r'name="disk_bas" value="([0-9a-f]{64})"', second.text).group(1)})
    assert "Ärendet är sparat." in over.text and over.url.path == "/arenden/trasig-konflikt"
    assert path.read_text(encoding="utf-8") == FIXED


def it_lets_no_reader_save_a_case_text(server):
    write(server, "trasig-lasare", BROKEN)
    reader = login_client(server, "lars")
    page = reader.get("/arenden/trasig-lasare").text
    assert "<textarea" not in page
    answer = reader.post("/arenden/trasig-lasare/text", data={"csrf": csrf_of(page), "bas": "", "text": FIXED})
    assert answer.status_code == 403
    assert "Du har inte behörighet att ändra ärenden – det kräver rollen handläggare." in answer.text


def it_fixes_a_broken_case_in_the_browser(browser, server):
    path = write(server, "trasig-webblasare", BROKEN)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.goto(server.url + "/arenden/trasig-webblasare")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arenden/trasig-webblasare")
    area = page.get_by_label("Ärendefilen trasig-webblasare.yaml")
    expect(area).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#text-fel")).to_contain_text("Felet finns på rad 5.")
    # the caret is put on the line the error names
    assert page.evaluate("() => { const a = document.getElementById('text'); "
                         "return a.value.slice(a.selectionStart, a.selectionEnd); }") == "till: kommunstyrelsen"
    assert axe_serious(page) == []
    shot(page, "30-trasig-yaml")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Ärendet sparades inte eftersom filen fortfarande har fel.")
    assert axe_serious(page) == []
    shot(page, "31-trasig-yaml-vagrad")
    page.get_by_label("Ärendefilen trasig-webblasare.yaml").fill(FIXED)
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Ärendet är sparat.")
    expect(page.locator("form#arendeformular")).to_have_count(1)  # readable again: the form is back
    assert path.read_text(encoding="utf-8") == FIXED
    context.close()

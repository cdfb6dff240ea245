"""The consolidated response to the auditors in the web app: pick the answers, see granska's refusal, download."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from playwright.sync_api import expect

from support import REPO
from webbstod import PASSWORD, axe_serious, csrf_of, login_client, shot

KS = "2025-064-revisionssvar-hemarbete"
OTHERS = ("bildningsnamnden", "socialnamnden")  # the same audit, answered by two more bodies


@pytest.fixture
def answers(server):
    copies = []
    for body in OTHERS:
        target = server.root / "arenden" / f"svar-{body}.yaml"
        shutil.copyfile(REPO / "tests" / "fixtures" / "samla" / f"{body}.yaml", target)
        copies.append(target)
    yield [KS] + [f"svar-{b}" for b in OTHERS]
    for path in copies:
        path.unlink()


def cli_refusal(server, names: list[str]) -> list[str]:
    from kanslist.cli import main

    result = CliRunner().invoke(main, ["-C", str(server.root), "samla", *[f"arenden/{n}.yaml" for n in names],
                                       "-o", "build/cli-samlat.docx"])
    assert result.exit_code == 1
    return result.stderr.splitlines()


def it_refuses_answers_with_errors_in_the_words_of_the_cli_and_consolidates_them_when_forced(server, answers):
    anna = login_client(server, "anna")
    page = anna.get("/samla")
    assert page.status_code == 200
    for name in answers:
        assert f'name="svar" value="{name}"' in page.text
    form = {"csrf": csrf_of(page.text), "svar": answers, "namn": "samlat-hemarbete"}
    refused = anna.post("/samla", data=form)
    assert refused.status_code == 422
    assert "Det samlade svaret skrevs inte." in refused.text
    lines = cli_refusal(server, answers)
    # how many depends on what the other tests left in the shared case; the words are the CLI's
    assert re.fullmatch(r"\d+ fel i svaren – inget skrevs; rätta dem, eller samla ändå med --tvinga", lines[-1])
    assert len(lines) >= 5
    from lxml import html as lhtml

    shown = [li.text_content() for li in lhtml.fromstring(refused.text).xpath("//section[@class='felruta']//li")]
    assert shown == lines
    assert not (server.root / "build" / "samlat-svar" / "samlat-hemarbete.docx").exists()

    forced = anna.post("/samla", data=form | {"tvinga": "ja"})
    assert forced.status_code == 200 and "Det samlade svaret är skrivet." in forced.text
    download = anna.get("/samla/filer/samlat-hemarbete.docx")
    assert download.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(download.content)).paragraphs)
    assert "Bildningsnämnden" in text and "Socialnämnden" in text


def it_says_what_is_wrong_with_the_choice(server, answers):
    anna = login_client(server, "anna")
    token = csrf_of(anna.get("/samla").text)
    none = anna.post("/samla", data={"csrf": token, "namn": "samlat-svar"})
    assert none.status_code == 422 and "Välj minst ett revisionssvar att samla." in none.text
    bad = anna.post("/samla", data={"csrf": token, "svar": answers, "namn": "../utanför"})
    assert bad.status_code == 422
    assert ("Filnamnet kan bara innehålla små bokstäver a–z, siffror och bindestreck, till exempel "
            "samlat-svar-hemarbete.") in bad.text
    assert login_client(server, "lars").get("/samla").status_code == 403
    assert anna.get("/samla/filer/..%2F..%2Fdata%2Fanvandare.yaml").status_code == 404


def it_consolidates_in_the_browser(browser, server, answers):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    page.goto(server.url + "/samla")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/samla")
    assert axe_serious(page) == []
    for box in page.locator("input[name=svar]").all():
        box.check()
    page.get_by_label("Filnamn").fill("samlat-webb")
    page.get_by_role("button", name="Samla svaren").click()
    expect(page.get_by_role("alert")).to_have_text("Det samlade svaret skrevs inte.")
    expect(page.get_by_role("heading", name="Det här hindrade")).to_be_visible()
    assert axe_serious(page) == []
    shot(page, "40-samla-vagrat")
    page.get_by_label("Samla även svar som granska hittar fel i (som --tvinga på kommandoraden)").check()
    page.get_by_role("button", name="Samla svaren").click()
    expect(page.get_by_role("status")).to_have_text("Det samlade svaret är skrivet.", timeout=30000)
    assert axe_serious(page) == []
    shot(page, "41-samla-skrivet")
    with page.expect_download() as info:
        page.get_by_role("link", name="Hämta samlat-webb.docx").first.click()
    text = "\n".join(p.text for p in Document(io.BytesIO(Path(info.value.path()).read_bytes())).paragraphs)
    assert "Socialnämnden" in text
    context.close()

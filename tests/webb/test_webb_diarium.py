"""The register in the web app: reopening a closed case, and its pages at 200 % zoom (WCAG 1.4.4, 1.4.10)."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from webbstod import SIDEWAYS, axe_serious, csrf_of, login_client, shot, zoomed


def register_case(client, rubrik: str) -> str:
    token = csrf_of(client.get("/diarium").text)
    done = client.post("/diarium/nytt", data={"csrf": token, "serie": "KS", "rubrik": rubrik})
    return re.search(r"Ärendet är registrerat: (KS \d{4}/\d{3})\.", done.text).group(1)


def it_reopens_a_closed_case_and_logs_it(server):
    rita = login_client(server, "rita")
    dnr = register_case(rita, "Ärende som öppnas igen")
    token = csrf_of(rita.get("/diarium").text)
    closed = rita.post("/diarium/avsluta", data={"csrf": token, "dnr": dnr})
    assert "Ärendet är avslutat." in closed.text
    assert '<button type="submit">Öppna igen</button>' in closed.text and ">Avsluta</button>" not in closed.text
    refused = rita.post("/diarium/registrera", data={"csrf": token, "dnr": dnr, "riktning": "upprattad",
                                                     "beskrivning": "Sen handling"})
    assert f"{dnr} är avslutat – öppna det igen med &#39;kanslist diarium ateroppna {dnr}&#39;" in refused.text
    reopened = rita.post("/diarium/ateroppna", data={"csrf": token, "dnr": dnr})
    assert '<p class="meddelande" role="status">Ärendet är öppnat igen.</p>' in reopened.text
    assert "<dt>Status</dt><dd>Öppet</dd>" in reopened.text
    again = rita.post("/diarium/ateroppna", data={"csrf": token, "dnr": dnr})
    assert f"{dnr} är redan öppet – bara ett avslutat ärende kan öppnas igen" in again.text
    done = rita.post("/diarium/registrera", data={"csrf": token, "dnr": dnr, "riktning": "upprattad",
                                                  "beskrivning": "Sen handling"})
    assert f"Handlingen är registrerad: {dnr}-1." in done.text
    web_log = [json.loads(line) for line in (server.root / "data" / "webblogg.jsonl").read_text().splitlines()]
    mine = [(e["vem"], e["atgard"]) for e in web_log if str(e.get("dnr")).startswith(dnr)]
    assert mine[-3:] == [("rita", "diarium_avsluta"), ("rita", "diarium_ateroppna"), ("rita", "diarium_registrera")]

    from kanslist import api

    with api.open_register(api.open_workspace(server.root)) as d:
        changes = [(e.vem, e.atgard) for e in d.logg(dnr)]
    assert changes[-3:] == [("rita", "avsluta"), ("rita", "ateroppna"), ("rita", "registrera")]
    clerk = login_client(server, "anna")
    assert clerk.post("/diarium/ateroppna", data={"csrf": csrf_of(clerk.get("/arenden").text),
                                                   "dnr": dnr}).status_code == 403


def it_shows_the_register_at_200_percent_without_sideways_scrolling_or_clipping(browser, server):
    rita = login_client(server, "rita")
    dnr = register_case(rita, "Upphandling av skolskjutsar med särskilt långa villkor för fordonsflottan")
    token = csrf_of(rita.get("/diarium").text)
    rita.post("/diarium/registrera", data={"csrf": token, "dnr": dnr, "riktning": "inkommande",
                                           "beskrivning": "Anbud från Skjutsbolaget i Vaggeryd med bilagor",
                                           "motpart": "Skjutsbolaget i Vaggeryd Aktiebolag"})
    rita.post("/diarium/avsluta", data={"csrf": token, "dnr": dnr})

    page = zoomed(browser, server, "rita")
    page.goto(server.url + "/diarium")
    shot(page, "50-diariet-200-procent")
    assert page.evaluate(SIDEWAYS) == []
    assert axe_serious(page) == []
    page.get_by_role("link", name=dnr).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(dnr)
    shot(page, "51-diariearende-200-procent")
    assert page.evaluate(SIDEWAYS) == []
    assert axe_serious(page) == []
    page.get_by_role("button", name="Öppna igen").click()
    expect(page.get_by_role("status")).to_have_text("Ärendet är öppnat igen.")
    assert page.evaluate(SIDEWAYS) == []
    page.context.close()

    page = zoomed(browser, server, "lars")
    page.goto(server.url + "/diarium")
    shot(page, "52-diariet-lasare-200-procent")
    assert page.evaluate(SIDEWAYS) == []
    assert axe_serious(page) == []
    # The public listing, the same page as 'kanslist diarium lista --format html': labelled lines.
    page.goto(server.url + "/diarium/lista")
    shot(page, "53-offentlig-forteckning-200-procent")
    assert page.evaluate(SIDEWAYS) == []
    assert axe_serious(page) == []
    first = page.locator("tbody tr").first.locator("td").first
    assert page.evaluate("(e) => getComputedStyle(e, '::before').content", first.element_handle()) == '"Diarienummer: "'
    page.context.close()

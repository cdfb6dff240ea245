"""The web app over HTTP: logins, roles, CSRF, sessions, conflicting saves, drafts, classified subjects."""

from __future__ import annotations

import json
import re

import pytest

from kanslist.webb.auth import AuthError, UserStore, hash_password, verify_password
from webbstod import client, csrf_of, login_client

CASE = "2026-017-motionssvar-distansarbete"


def form_of(html: str) -> list[tuple[str, str]]:
    """Return the values the case form sends as rendered (inputs, selected options, textareas)."""
    from lxml import html as lhtml

    form = lhtml.fromstring(html).get_element_by_id("arendeformular")
    return [(k, v) for k, v in form.form_values()]


def sent(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Return form pairs as httpx sends them (one name, several values)."""
    out: dict[str, list[str]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


def it_hashes_passwords_with_argon2(tmp_path):
    stored = hash_password("rätt lösenord")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "rätt lösenord") and not verify_password(stored, "fel")
    store = UserStore(tmp_path)
    store.add("eva", ["läsare"], "tio-tecken-minst")
    assert store.authenticate("eva", "tio-tecken-minst").roles == ("lasare",)
    assert store.authenticate("eva", "fel-losenord") is None and store.authenticate("ingen", "x") is None
    with pytest.raises(AuthError) as exc:
        store.add("olle", ["chef"], "tio-tecken-minst")
    assert str(exc.value) == "okänd roll 'chef' – välj handläggare, registrator eller läsare"
    with pytest.raises(AuthError) as exc:
        store.add("olle", ["läsare"], "kort")
    assert str(exc.value) == "lösenordet är för kort – det ska vara minst 10 tecken"


def it_refuses_a_wrong_password_in_swedish(server):
    anon = client(server)
    page = anon.get("/logga-in")
    answer = anon.post("/logga-in", data={"csrf": csrf_of(page.text), "anvandare": "anna", "losenord": "fel"})
    assert answer.status_code == 401
    assert "Fel användarnamn eller lösenord – försök igen." in answer.text


def it_sends_a_signed_httponly_samesite_cookie_and_ends_it_at_logout(server):
    anna = login_client(server, "anna")
    cookie = next(c for c in anna.cookies.jar if c.name == "kanslist_session")
    assert cookie.has_nonstandard_attr("httponly") and not cookie.secure
    assert cookie.get_nonstandard_attr("samesite") == "lax"
    raw = anna.get("/arenden").text
    anna.post("/logga-ut", data={"csrf": csrf_of(raw)})
    assert anna.get("/arenden").url.path == "/logga-in"
    forged = client(server, cookies={"kanslist_session": cookie.value[:-4] + "AAAA"})
    assert forged.get("/arenden", follow_redirects=False).status_code == 303


def it_refuses_a_post_without_the_csrf_token(server):
    anna = login_client(server, "anna")
    answer = anna.post(f"/arenden/{CASE}", data={"typ": "motionssvar", "rubrik": "x"})
    assert answer.status_code == 403
    assert ("Formuläret kunde inte tas emot eftersom det var för gammalt eller inte kom från den här sidan – "
            "ladda om sidan och försök igen.") in answer.text
    answer = login_client(server, "rita").post("/diarium/nytt", data={"csrf": "fel", "serie": "KS", "rubrik": "x"})
    assert answer.status_code == 403


def it_lets_no_reader_edit_and_no_handlaggare_register(server):
    reader = login_client(server, "lars")
    token = csrf_of(reader.get("/arenden").text)
    answer = reader.post(f"/arenden/{CASE}", data={"csrf": token, "typ": "motionssvar"})
    assert answer.status_code == 403
    assert "Du har inte behörighet att ändra ärenden – det kräver rollen handläggare." in answer.text
    assert reader.post("/arenden/ny", data={"csrf": token, "typ": "tjansteskrivelse", "rubrik": "x"}).status_code == 403
    clerk = login_client(server, "bertil")
    token = csrf_of(clerk.get("/arenden").text)
    answer = clerk.post("/diarium/nytt", data={"csrf": token, "serie": "KS", "rubrik": "x"})
    assert answer.status_code == 403
    assert "Du har inte behörighet att föra diariet – det kräver rollen registrator." in answer.text


def it_refuses_the_second_of_two_conflicting_saves_and_shows_the_change(server):
    path = server.root / "arenden" / f"{CASE}.yaml"
    anna, bertil = login_client(server, "anna"), login_client(server, "bertil")
    form_a = form_of(anna.get(f"/arenden/{CASE}").text)
    form_b = form_of(bertil.get(f"/arenden/{CASE}").text)
    first = anna.post(f"/arenden/{CASE}", data=sent([(k, "Annas rubrik" if k == "rubrik" else v) for k, v in form_a]
                      + [("atgard", "spara")]))
    assert "Ärendet är sparat." in first.text
    mine = [(k, "Bertils rubrik" if k == "rubrik" else v) for k, v in form_b]
    second = bertil.post(f"/arenden/{CASE}", data=sent(mine + [("atgard", "spara")]))
    assert second.status_code == 409
    assert ("någon annan har sparat ärendet sedan du öppnade det – din version är inte sparad. Jämför ändringarna "
            "nedan och spara din version ovanpå, eller spara den som utkast") in second.text
    assert "-rubrik: Annas rubrik" in second.text and "+rubrik: Bertils rubrik" in second.text
    assert "rubrik: Annas rubrik\n" in path.read_text(encoding="utf-8")
    assert 'value="Bertils rubrik"' in second.text  # nothing lost: the form still holds Bertil's text
    third = bertil.post(f"/arenden/{CASE}", data=sent(form_of(second.text) + [("atgard", "skriv_over")]))
    assert "Ärendet är sparat." in third.text
    assert "rubrik: Bertils rubrik\n" in path.read_text(encoding="utf-8")
    log = [json.loads(line) for line in (server.root / "data" / "webblogg.jsonl").read_text().splitlines()]
    assert [(e["vem"], e["atgard"]) for e in log if e["atgard"] == "spara"][-2:] == [("anna", "spara"), ("bertil", "spara")]


def it_saves_invalid_input_only_as_a_draft(server):
    path = server.root / "arenden" / f"{CASE}.yaml"
    before = path.read_text(encoding="utf-8")
    anna = login_client(server, "anna")
    broken = [(k, "2026-13-45" if k == "datum" else v) for k, v in form_of(anna.get(f"/arenden/{CASE}").text)]
    refused = anna.post(f"/arenden/{CASE}", data=sent(broken + [("atgard", "spara")]))
    assert refused.status_code == 422
    assert "Ärendet sparades inte eftersom det har fel." in refused.text
    assert "Fel:</span> &#39;2026-13-45&#39; är inget giltigt datum – skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-05-12" \
        in refused.text
    draft = anna.post(f"/arenden/{CASE}", data=sent(broken + [("atgard", "utkast")]))
    assert f"Utkastet är sparat i arenden/.utkast/{CASE}.yaml. Ärendefilen är oförändrad." in draft.text
    assert "datum: '2026-13-45'" in (server.root / "arenden" / ".utkast" / f"{CASE}.yaml").read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == before


def it_never_shows_a_reader_a_classified_subject(server):
    secret = "Omplacering av namngiven medarbetare"
    (server.root / "arenden" / "hemligt-arende.yaml").write_text(
        f"typ: tjansteskrivelse\nrubrik: {secret}\ndatum: 2026-01-02\nfran: kommunledningskontoret\n"
        "till: kommunstyrelsen\nhandlaggare: [anna-ystrom]\nforslag_till_beslut:\n  att: [bevilja]\n"
        "sammanfattning: Text.\nsekretess:\n  grund: 39 kap. 3 § OSL\n", encoding="utf-8")
    reader = login_client(server, "lars")
    listing = reader.get("/arenden")
    assert "Sekretess enligt 39 kap. 3 § OSL" in listing.text
    assert secret not in listing.text and "hemligt-arende" not in listing.text
    assert secret not in reader.get("/arenden", params={"q": "Omplacering"}).text
    for url in ("/arenden/hemligt-arende", "/arenden/hemligt-arende/forhandsvisning",
                "/arenden/hemligt-arende/filer/tjansteskrivelse.docx"):
        answer = reader.get(url)
        assert answer.status_code == 403 and secret not in answer.text, url
    rita = login_client(server, "rita")
    token = csrf_of(rita.get("/diarium").text)
    done = rita.post("/diarium/nytt", data={"csrf": token, "serie": "KS", "rubrik": secret, "sekretess": "39 kap. 3 § OSL"})
    assert secret in done.text  # the registrar sees it
    register = reader.get("/diarium").text + reader.get("/diarium/lista").text
    assert secret not in register and "Sekretess enligt 39 kap. 3 § OSL" in register
    assert reader.get("/diarium/arende", params={"dnr": "KS 2026/001"}).status_code == 403
    assert login_client(server, "anna").get("/arenden", params={"q": "Omplacering"}).text.count(secret) == 1


def it_serves_the_public_listing_exactly_as_the_cli(server):
    from click.testing import CliRunner

    from kanslist.cli import main

    cli = CliRunner().invoke(main, ["-C", str(server.root), "diarium", "lista", "--format", "html"])
    assert login_client(server, "lars").get("/diarium/lista").text == cli.output


def it_trusts_a_proxy_header_only_when_told(tmp_path):
    from kanslist.webb.app import Webb, Settings
    from webbstod import make_workspace

    root = make_workspace(tmp_path / "ws")

    class Req:
        headers = {"X-Remote-User": "rita"}
        session: dict = {}

    assert Webb(Settings(root)).user(Req()) is None
    assert Webb(Settings(root, "X-Remote-User")).user(Req()).name == "rita"

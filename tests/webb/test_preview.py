"""The preview: one document at a time, sanitised HTML, Markdown fields; and login throttling."""

from __future__ import annotations

import io

import mammoth
from kanslist import api
from kanslist.webb.preview import clean_document, markdown_html, slim_docx
from test_http import form_of, sent
from webbstod import PASSWORD, Server, client, csrf_of, login_client, make_workspace

CASE = "2025-064-revisionssvar-hemarbete"


def it_renders_only_the_documents_asked_for(server):
    ws = api.open_workspace(server.root)
    text = (server.root / "arenden" / f"{CASE}.yaml").read_text(encoding="utf-8")
    assert sorted(api.render_text(ws, text)) == ["atgardsplan.docx", "atgardsplan.xlsx", "svar-till-revisorerna.docx",
                                                 "tjansteskrivelse.docx"]
    assert list(api.render_text(ws, text, only=["atgardsplan.docx"])) == ["atgardsplan.docx"]
    assert list(api.render_text(ws, text, only=["atgardsplan.xlsx"])) == ["atgardsplan.xlsx"]


def it_gives_mammoth_the_same_html_from_the_slimmed_styles(server):
    ws = api.open_workspace(server.root)
    for path in ws.case_files():
        for name, data in api.render_text(ws, path.read_text(encoding="utf-8"), path.name).items():
            if name.endswith(".docx"):
                whole = mammoth.convert_to_html(io.BytesIO(data)).value
                assert mammoth.convert_to_html(io.BytesIO(slim_docx(data))).value == whole, (path.name, name)


def it_previews_the_document_chosen_and_the_first_by_default(server):
    anna = login_client(server, "anna")
    page = anna.get(f"/arenden/{CASE}").text
    assert '<label for="fh-dokument">Dokument som visas</label>' in page
    assert '<option value="svar-till-revisorerna.docx">Svar till revisorerna (svar-till-revisorerna.docx)</option>' \
        in page
    form = form_of(page)
    first = anna.post(f"/arenden/{CASE}/forhandsvisning", data=sent(form)).text
    assert '<h3 class="dokumentnamn">Tjänsteskrivelse (tjansteskrivelse.docx)</h3>' in first
    assert first.count('class="dokument"') == 1
    other = anna.post(f"/arenden/{CASE}/forhandsvisning",
                      data=sent(form + [("dokument", "svar-till-revisorerna.docx")])).text
    assert '<h3 class="dokumentnamn">Svar till revisorerna (svar-till-revisorerna.docx)</h3>' in other
    unknown = anna.post(f"/arenden/{CASE}/forhandsvisning", data=sent(form + [("dokument", "x.docx")])).text
    assert "Ärendet ger inget dokument x.docx; förhandsvisningen visar tjansteskrivelse.docx." in unknown


def it_keeps_only_the_markup_mammoth_emits():
    html = ('<p>Text</p><script>alert(1)</script><img src="x" onerror="alert(2)" alt="bild">'
            '<a href="javascript:alert(3)">länk</a><a href="data:text/html,x">data</a>'
            '<p style="color:red" onclick="x()">stil</p><iframe src="https://example.org"></iframe>')
    assert clean_document(html) == ('<p>Text</p><img src="x" alt="bild"><a rel="noopener noreferrer">länk</a>'
                                    '<a rel="noopener noreferrer">data</a><p>stil</p>')


def markup_of(html: str) -> list[str]:
    """Return the scripts, images, on…= attributes and javascript: links in ``html`` as parsed by a browser would."""
    from lxml import html as lhtml

    found = []
    for element in lhtml.fragment_fromstring(html, create_parent="div").iter():
        if element.tag in ("script", "img", "iframe"):
            found.append(element.tag)
        found += [f"{element.tag} {k}" for k, v in element.attrib.items()
                  if k.startswith("on") or "javascript:" in v.lower()]
    return found


def it_never_puts_a_case_texts_script_on_the_page_as_markup(server):
    anna = login_client(server, "anna")
    form = form_of(anna.get(f"/arenden/{CASE}").text)
    evil = ('<script>alert(1)</script> <img src=x onerror=alert(2)> [klicka](javascript:alert(3)) '
            '<a href="x" onmouseover="alert(4)">a</a>')
    changed = [(k, evil if k == "sammanfattning" else v) for k, v in form]
    answer = anna.post(f"/arenden/{CASE}/forhandsvisning", data=sent(changed)).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer  # shown as the text it is
    assert markup_of(answer) == []
    field = anna.post(f"/arenden/{CASE}/markdown", data={"csrf": csrf_of(anna.get(f"/arenden/{CASE}").text),
                                                         "falt": "sammanfattning", "sammanfattning": evil}).text
    assert "&lt;img src=x onerror=alert(2)&gt;" in field
    assert markup_of(field) == []


def it_previews_a_markdown_field_as_the_documents_read_it(server):
    anna = login_client(server, "anna")
    page = anna.get(f"/arenden/{CASE}").text
    assert (f'<div id="f-sammanfattning-visning" class="md-visning" hx-post="/arenden/{CASE}/markdown"') in page
    answer = anna.post(f"/arenden/{CASE}/markdown", data={"csrf": csrf_of(page), "falt": "sammanfattning",
                                                          "sammanfattning": "Inledning med **fet** text.\n\n- ett\n- två"})
    assert answer.text == ('<p class="hjalp">Så blir texten i dokumentet:</p>\n<div class="md-papper">'
                           '<p>Inledning med <strong>fet</strong> text.</p>\n<ul>\n<li>ett</li>\n<li>två</li>\n'
                           '</ul></div>')
    assert markdown_html("[länk](https://example.org)") == \
        '<p><a href="https://example.org" rel="noopener noreferrer">länk</a></p>'
    assert anna.post(f"/arenden/{CASE}/markdown", data={"falt": "sammanfattning", "sammanfattning": "x"}) \
        .status_code == 403


def it_refuses_logins_for_a_while_after_five_failures(tmp_path):
    own = Server(make_workspace(tmp_path / "ws"))  # its own server: the shared one must not be locked
    now = [1000.0]
    own.app.state.webb.throttle.clock = lambda: now[0]
    web = client(own)
    token = csrf_of(web.get("/logga-in").text)

    def attempt(name, password):
        return web.post("/logga-in", data={"csrf": token, "anvandare": name, "losenord": password},
                        follow_redirects=False)

    for _ in range(5):
        assert attempt("anna", "fel-losenord").status_code == 401
    refused = attempt("anna", PASSWORD)  # even the right password: the guessing is not over
    assert refused.status_code == 429
    assert ("För många misslyckade inloggningar – vänta 10 minuter och försök igen. Har du glömt lösenordet, "
            "be den som sköter kanslist att byta det.") in refused.text
    assert attempt("bertil", PASSWORD).status_code == 303  # another name from the same address still may
    token = csrf_of(web.get("/logga-in").text)
    now[0] += 9 * 60 + 30
    assert "vänta 1 minut och försök igen." in attempt("anna", PASSWORD).text
    now[0] += 31
    assert attempt("anna", PASSWORD).status_code == 303
    own.stop()


def it_refuses_an_address_that_tries_many_names(tmp_path):
    own = Server(make_workspace(tmp_path / "ws"))
    web = client(own)
    token = csrf_of(web.get("/logga-in").text)
    for i in range(20):
        web.post("/logga-in", data={"csrf": token, "anvandare": f"namn{i}", "losenord": "x"})
    answer = web.post("/logga-in", data={"csrf": token, "anvandare": "rita", "losenord": PASSWORD})
    assert answer.status_code == 429
    assert "För många misslyckade inloggningar – vänta 10 minuter och försök igen." in answer.text
    own.stop()


def it_lets_a_reader_choose_the_document_shown(server):
    lars = login_client(server, "lars")
    assert '<label for="fh-dokument">Dokument som visas</label>' in lars.get(f"/arenden/{CASE}").text
    answer = lars.get(f"/arenden/{CASE}/forhandsvisning", params={"dokument": "atgardsplan.docx"}).text
    assert '<h3 class="dokumentnamn">Åtgärdsplan (atgardsplan.docx)</h3>' in answer

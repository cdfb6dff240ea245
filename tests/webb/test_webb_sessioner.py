"""Sessions kept on the server (the cookie only a random id) and a login throttle that survives a restart."""

from __future__ import annotations

import re
import sqlite3

from webbstod import PASSWORD, Server, client, csrf_of, login_client, make_workspace


def session_cookie(web) -> str:
    return next(c.value for c in web.cookies.jar if c.name == "kanslist_session")


def it_puts_nothing_but_a_random_id_in_the_cookie(server):
    anonymous = client(server)
    anonymous.get("/logga-in")
    before = session_cookie(anonymous)
    anna = login_client(server, "anna")
    value = session_cookie(anna)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value)  # 32 random bytes, nothing to decode
    assert value != before  # a new id at login: no fixation
    with sqlite3.connect(server.root / "data" / "webb.sqlite") as db:
        rows = db.execute("SELECT id_sha256, data FROM session").fetchall()
    assert all(value not in row[0] for row in rows)  # the file holds the id's hash, not the id
    assert any('"anvandare": "anna"' in row[1] for row in rows)


def it_ends_the_session_on_the_server_at_logout(server):
    anna = login_client(server, "anna")
    value = session_cookie(anna)
    anna.post("/logga-ut", data={"csrf": csrf_of(anna.get("/arenden").text)})
    copied = client(server, cookies={"kanslist_session": value})  # a copy of the cookie taken before
    assert copied.get("/arenden", follow_redirects=False).status_code == 303


def it_keeps_sessions_and_failed_logins_across_a_restart(tmp_path):
    root = make_workspace(tmp_path / "ws")
    first = Server(root)
    anna = login_client(first, "anna")
    value = session_cookie(anna)
    web = client(first)
    token = csrf_of(web.get("/logga-in").text)
    for _ in range(5):
        web.post("/logga-in", data={"csrf": token, "anvandare": "bertil", "losenord": "fel-losenord"})
    first.stop()

    second = Server(root)
    again = client(second, cookies={"kanslist_session": value})
    assert again.get("/arenden").status_code == 200
    web = client(second)
    token = csrf_of(web.get("/logga-in").text)
    refused = web.post("/logga-in", data={"csrf": token, "anvandare": "bertil", "losenord": PASSWORD})
    assert refused.status_code == 429
    assert ("För många misslyckade inloggningar – vänta 10 minuter och försök igen. Har du glömt lösenordet, "
            "be den som sköter kanslist att byta det.") in refused.text
    second.stop()

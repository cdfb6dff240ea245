"""Server-side sessions and the login throttle's memory, in data/webb.sqlite: a restart forgets neither.

The cookie holds only a random id (256 bits); what a session holds (user, CSRF token) stays
on the server, so the cookie has nothing to read and nothing to forge. The table keeps the
SHA-256 of each id, not the id, so a copy of the file does not log anyone in (OWASP Session
Management Cheat Sheet: ids of at least 64 bits of entropy, state on the server).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection

FILE = "webb.sqlite"
COOKIE = "kanslist_session"
REFRESH_S = 5 * 60  # a session's end is moved on at most every five minutes, not on every request

_SCHEMA = """
CREATE TABLE IF NOT EXISTS session (id_sha256 TEXT PRIMARY KEY, data TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS inloggningsfel (slag TEXT NOT NULL, nyckel TEXT NOT NULL, tid REAL NOT NULL);
CREATE INDEX IF NOT EXISTS inloggningsfel_nyckel ON inloggningsfel (slag, nyckel, tid);
"""


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


class Store:
    """data/webb.sqlite: sessions and failed logins, one short transaction per call (mode 600)."""

    def __init__(self, data_dir: Path, clock=time.time):
        self.path = Path(data_dir) / FILE
        self.clock = clock
        self._lock = threading.Lock()
        new = not self.path.exists()
        with self._connect() as db:
            db.executescript(_SCHEMA)
        if new:
            self.path.chmod(0o600)  # it says who is logged in

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def _run(self, work):
        with self._lock:
            db = self._connect()
            try:
                db.execute("BEGIN IMMEDIATE")
                result = work(db)
                db.execute("COMMIT")
                return result
            except BaseException:
                db.execute("ROLLBACK")
                raise
            finally:
                db.close()

    # -- sessions ------------------------------------------------------------------------

    def load(self, sid: str) -> tuple[dict, float] | None:
        """Return (data, expires) of the live session ``sid``; None when unknown or ended."""
        row = self._run(lambda db: db.execute("SELECT data, expires FROM session WHERE id_sha256 = ?",
                                              (_digest(sid),)).fetchone())
        if row is None or row[1] <= self.clock():
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            return None
        return (data, row[1]) if isinstance(data, dict) else None

    def save(self, sid: str, data: dict, max_age: int) -> None:
        now = self.clock()

        def work(db):
            db.execute("INSERT OR REPLACE INTO session VALUES (?, ?, ?)",
                       (_digest(sid), json.dumps(data, ensure_ascii=False), now + max_age))
            db.execute("DELETE FROM session WHERE expires <= ?", (now,))  # ended sessions go

        self._run(work)

    def delete(self, sid: str) -> None:
        self._run(lambda db: db.execute("DELETE FROM session WHERE id_sha256 = ?", (_digest(sid),)))

    # -- failed logins -------------------------------------------------------------------

    def failures(self, since: float) -> list[tuple[str, str, float]]:
        """Return every failed login recorded after ``since`` (slag, nyckel, tid), oldest first."""
        return self._run(lambda db: db.execute(
            "SELECT slag, nyckel, tid FROM inloggningsfel WHERE tid > ? ORDER BY tid", (since,)).fetchall())

    def add_failures(self, keys: list[tuple[str, str]], when: float, forget_before: float) -> None:
        def work(db):
            db.executemany("INSERT INTO inloggningsfel VALUES (?, ?, ?)", [(k, v, when) for k, v in keys])
            db.execute("DELETE FROM inloggningsfel WHERE tid <= ?", (forget_before,))

        self._run(work)

    def forget_failures(self, slag: str, nyckel: str) -> None:
        self._run(lambda db: db.execute("DELETE FROM inloggningsfel WHERE slag = ? AND nyckel = ?", (slag, nyckel)))


class ServerSessions:
    """ASGI middleware: ``scope["session"]`` read from and written to the Store, keyed by the cookie's random id.

    The cookie is HttpOnly and SameSite=Lax, Secure on requests that came over https. A new id
    is given whenever the logged-in user changes (no session fixation across login), and the
    row is deleted when the session is emptied (logout).
    """

    def __init__(self, app, store: Store, max_age: int):
        self.app = app
        self.store = store
        self.max_age = max_age

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        sid = HTTPConnection(scope).cookies.get(COOKIE)
        found = await run_in_threadpool(self.store.load, sid) if sid else None
        before, expires = (found if found else ({}, 0.0))
        scope["session"] = dict(before)
        secure = scope.get("scheme") in ("https", "wss")

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                session = scope["session"]
                headers = MutableHeaders(scope=message)
                if session:
                    current = sid if found else None
                    if current and session.get("anvandare") != before.get("anvandare"):
                        await run_in_threadpool(self.store.delete, current)
                        current = None
                    stale = expires - self.max_age + REFRESH_S <= self.store.clock()
                    if current is None or session != before or stale:
                        current = current or secrets.token_urlsafe(32)
                        await run_in_threadpool(self.store.save, current, dict(session), self.max_age)
                        headers.append("Set-Cookie", self._cookie(current, self.max_age, secure))
                elif found:
                    await run_in_threadpool(self.store.delete, sid)
                    headers.append("Set-Cookie", self._cookie("", 0, secure))
            await send(message)

        await self.app(scope, receive, send_wrapper)

    @staticmethod
    def _cookie(value: str, max_age: int, secure: bool) -> str:
        # as Starlette's own session cookie writes it; the value is URL-safe base64, no quoting needed
        return f"{COOKIE}={value}; path=/; Max-Age={max_age}; httponly; samesite=lax" + ("; secure" if secure else "")

"""Users, roles, password hashes (argon2) and CSRF tokens of the web app; users live in data/anvandare.yaml."""

from __future__ import annotations

import hmac
import math
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kanslist.api import KanslistError

# The three roles of the issue: who may edit cases, who keeps the register, who only reads.
ROLES = {"handlaggare": "handläggare", "registrator": "registrator", "lasare": "läsare"}
ROLE_ALIAS = {"handläggare": "handlaggare", "läsare": "lasare"}
USERS_FILE = "anvandare.yaml"
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
MIN_PASSWORD = 10  # NIST SP 800-63B asks for at least 8; a municipality's policy usually 10+

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class AuthError(KanslistError):
    """A user-admin request that cannot be carried out (unknown role, taken name, short password)."""


@dataclass(frozen=True)
class User:
    """One account: its name and roles."""

    name: str
    roles: tuple[str, ...]

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def may_edit(self) -> bool:
        return "handlaggare" in self.roles

    @property
    def may_register(self) -> bool:
        return "registrator" in self.roles

    @property
    def sees_secret(self) -> bool:
        """A reader never sees a classified subject (5 kap. 5 § OSL markings); the others work with it."""
        return self.may_edit or self.may_register

    @property
    def role_text(self) -> str:
        return ", ".join(ROLES[r] for r in self.roles)


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Return True when ``password`` matches hash ``stored``; False for a wrong one or a broken hash."""
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A hash to check against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = hash_password(secrets.token_hex(16))


def role_key(text: str) -> str:
    """Return the role key of ``text`` (``läsare`` → ``lasare``); raise AuthError when unknown."""
    key = ROLE_ALIAS.get(text.strip().lower(), text.strip().lower())
    if key not in ROLES:
        raise AuthError(f"okänd roll '{text}' – välj handläggare, registrator eller läsare")
    return key


class UserStore:
    """The accounts in data/anvandare.yaml: read again whenever the file changes, written atomically."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / USERS_FILE
        self._lock = threading.Lock()
        self._cache: tuple[float, dict] | None = None

    def _read(self) -> dict:
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return {}
        if self._cache and self._cache[0] == stamp:
            return self._cache[1]
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise AuthError(f"data/{USERS_FILE}: kan inte läsas ({exc}) – rätta filen eller skapa om användarna") \
                from None
        users = data.get("anvandare") or {}
        if not isinstance(users, dict):
            raise AuthError(f"data/{USERS_FILE}: anvandare ska vara en lista med namn – skapa användare med "
                            "'kanslist anvandare ny NAMN --roll ROLL'")
        self._cache = (stamp, users)
        return users

    def get(self, name: str) -> User | None:
        entry = self._read().get(name)
        if not isinstance(entry, dict):
            return None
        roles = tuple(r for r in entry.get("roller") or [] if r in ROLES)
        return User(name, roles) if roles else None

    def names(self) -> list[str]:
        return sorted(self._read())

    def authenticate(self, name: str, password: str) -> User | None:
        """Return the user when ``name`` and ``password`` match an account; None otherwise."""
        entry = self._read().get(name)
        stored = entry.get("losenord") if isinstance(entry, dict) else None
        if not isinstance(stored, str):
            verify_password(_DUMMY, password)  # same work as for a known name
            return None
        return self.get(name) if verify_password(stored, password) else None

    def add(self, name: str, roles: list[str], password: str, *, replace: bool = False) -> User:
        """Create (or with ``replace`` change) account ``name`` with ``roles`` and ``password``."""
        if not NAME.match(name):
            raise AuthError(f"'{name}' kan inte vara ett användarnamn – använd små bokstäver a–z, siffror, "
                            "punkt, bindestreck eller understreck (som anna.ystrom)")
        keys = list(dict.fromkeys(role_key(r) for r in roles))
        if not keys:
            raise AuthError("ange minst en roll med --roll (handläggare, registrator eller läsare)")
        if len(password) < MIN_PASSWORD:
            raise AuthError(f"lösenordet är för kort – det ska vara minst {MIN_PASSWORD} tecken")
        with self._lock:
            users = dict(self._read())
            if name in users and not replace:
                raise AuthError(f"användaren {name} finns redan – byt lösenord med 'kanslist anvandare losenord {name}'")
            users[name] = {"roller": keys, "losenord": hash_password(password)}
            self._write(users)
        return User(name, tuple(keys))

    def remove(self, name: str) -> None:
        with self._lock:
            users = dict(self._read())
            if name not in users:
                raise AuthError(f"användaren {name} finns inte – se 'kanslist anvandare lista'")
            del users[name]
            self._write(users)

    def _write(self, users: dict) -> None:
        from kanslist.api import write_draft

        text = ("# Webbappens användare (kanslist webb). Skapas med 'kanslist anvandare ny NAMN --roll ROLL'.\n"
                "# Lösenorden är argon2-hashar; lägg inte filen där andra kan läsa den.\n")
        text += yaml.safe_dump({"anvandare": users}, allow_unicode=True, sort_keys=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_draft(self.path, text, replace=True)
        self.path.chmod(0o600)
        self._cache = None


# ---- login throttling: guessing passwords costs time -------------------------------------

# OWASP's advice against online guessing: after a few failures within a window, refuse for a while.
# Per name 5; per address 20, since a whole town hall may sit behind one address.
FAILURES_PER_USER = 5
FAILURES_PER_ADDRESS = 20
WINDOW_S = 10 * 60
REFUSED_TEXT = ("För många misslyckade inloggningar – vänta {minuter} och försök igen. Har du glömt lösenordet, "
                "be den som sköter kanslist att byta det.")


class LoginThrottle:
    """Failed logins in the last ten minutes, by user name and by address.

    With a ``store`` (webb.sessions.Store) every failure is also written to data/webb.sqlite
    and read back on start, so restarting the web app does not hand a guesser a fresh count.
    Times are wall-clock seconds for that reason.
    """

    def __init__(self, clock=time.time, store=None):
        self.clock = clock
        self.store = store
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()
        if store is not None:
            for slag, nyckel, when in store.failures(self.clock() - WINDOW_S):
                self._failures.setdefault((slag, nyckel), deque()).append(when)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - WINDOW_S:
            times.popleft()
        return times

    def refused(self, name: str, address: str) -> str | None:
        """Return the Swedish refusal when ``name`` or ``address`` has failed too often lately; None otherwise."""
        now = self.clock()
        with self._lock:
            waits = []
            for key, limit in ((("namn", name.lower()), FAILURES_PER_USER), (("adress", address), FAILURES_PER_ADDRESS)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(times[len(times) - limit] + WINDOW_S - now)
        if not waits:
            return None
        minutes = max(1, math.ceil(max(waits) / 60))
        return REFUSED_TEXT.format(minuter="1 minut" if minutes == 1 else f"{minutes} minuter")

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        keys = [("namn", name.lower()), ("adress", address)]
        if self.store is not None:
            self.store.add_failures(keys, now, now - WINDOW_S)
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)
            if len(self._failures) > 10_000:  # forget names no one has tried for ten minutes
                for key in [k for k, v in self._failures.items() if not v or v[-1] <= now - WINDOW_S]:
                    del self._failures[key]

    def succeeded(self, name: str) -> None:
        """Forget the name's failures (not the address's: one's own account must not reset a guesser's count)."""
        if self.store is not None:
            self.store.forget_failures("namn", name.lower())
        with self._lock:
            self._failures.pop(("namn", name.lower()), None)


# ---- CSRF: one random token per session, sent back in every form --------------------------

def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_ok(expected: str | None, given: str | None) -> bool:
    """Return True when the form's token equals the session's (compared in constant time)."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))

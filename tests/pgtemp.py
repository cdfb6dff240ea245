"""A throwaway local PostgreSQL server for the register's tests and benchmark.

It needs the server binaries (Debian: ``apt-get install postgresql``, found on PATH or in
/usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run as root, so as root the
server runs as the ``postgres`` user (or ``nobody``) in a private temporary folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

INSTALL_HINT = "installera PostgreSQL (Debian: apt-get install postgresql) eller ange KANSLIST_TEST_PG_URL"


def find_bindir() -> Path | None:
    """Return the folder with initdb and pg_ctl, newest version first; None when not installed."""
    candidates = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    versions.sort(key=lambda p: int(re.sub(r"\D", "", Path(p).parent.name) or 0), reverse=True)
    candidates += [Path(p) for p in versions]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists() and (folder / "postgres").exists():
            return folder
    return None


def unavailable_reason() -> str | None:
    """Return why a local server cannot be started, or None when it can."""
    if find_bindir() is None:
        return f"PostgreSQL-servern (initdb, pg_ctl) finns inte på datorn – {INSTALL_HINT}"
    if os.geteuid() == 0 and _run_as_user() is None:
        return "som root behövs användaren postgres eller nobody för att köra PostgreSQL"
    return None


def _run_as_user() -> pwd.struct_passwd | None:
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    """A PostgreSQL server in a temporary folder on a free loopback port."""

    def __init__(self, durable: bool = False):
        self.durable = durable  # fsync on (benchmarks) or off (tests)
        self.bindir = find_bindir()
        self.folder: Path | None = None
        self.port: int | None = None
        self.user = _run_as_user() if os.geteuid() == 0 else None
        self._count = 0

    def _cmd(self, *args: str) -> list[str]:
        if self.user is None:
            return list(args)
        if shutil.which("runuser"):
            return ["runuser", "-u", self.user.pw_name, "--", *args]
        return ["su", self.user.pw_name, "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in args)]

    def _run(self, *args: str) -> None:
        log = self.folder / "kommandon.log"
        with open(log, "ab") as out:
            done = subprocess.run(self._cmd(*args), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  cwd=self.folder, timeout=120)
        if done.returncode != 0:
            server_log = self.folder / "server.log"
            tail = server_log.read_text(errors="replace")[-2000:] if server_log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} misslyckades:\n{log.read_text(errors='replace')[-2000:]}\n{tail}")

    def start(self) -> str:
        """Return the URL of the server's ``postgres`` database once it accepts connections."""
        if self.bindir is None:
            raise RuntimeError(unavailable_reason())
        self.folder = Path(tempfile.mkdtemp(prefix="kanslist-pg-"))
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        data = self.folder / "data"
        self._run(str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-locale", "--no-sync")
        self.port = _free_port()
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=60 "
                   f"-c fsync={'on' if self.durable else 'off'}")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "server.log"),
                  "-w", "-t", "60", "-o", options, "start")
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Return the URL of a new, empty database on this server."""
        self._count += 1
        return create_database(self.url("postgres"), f"kanslist_{os.getpid()}_{self._count}")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.folder is None:
            return
        try:
            if (self.folder / "data" / "postmaster.pid").exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> "TempPostgres":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _admin(server_url: str):
    import psycopg

    url = make_url(server_url)
    params = dict(host=url.host or "localhost", port=url.port or 5432, user=url.username,
                  password=url.password, dbname=url.database or "postgres")
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True)


def create_database(server_url: str, name: str) -> str:
    """Return the URL of database ``name``, created new on the server of ``server_url``."""
    with _admin(server_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    """Remove database ``name`` from the server of ``server_url`` (connections to it are ended)."""
    with _admin(server_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

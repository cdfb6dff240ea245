"""The register's storage: tables, forward-only schema migrations and safe transactions.

One code path for SQLite (the default, a file under data/) and PostgreSQL (several
registrars on several machines), through SQLAlchemy Core. What differs between the two
is kept here and small: how a writing transaction takes its lock, how the migration lock
is taken, and the triggers that make the register append-only.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time
from typing import Callable, TypeVar

from sqlalchemy import (Column, Date, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint, create_engine, event, inspect, text)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from kanslist.errors import KanslistError

T = TypeVar("T")

BUSY_TIMEOUT_S = 10  # SQLite waits this long for a lock before saying "busy"
RETRY_FOR_S = 120  # then we keep retrying this long before giving up with a message


class DiariumError(KanslistError):
    """Something about the register a registrar can act on."""


class DiariumOtillgangligt(DiariumError):
    """The register's database cannot be opened or reached."""


class DiariumUpptaget(DiariumError):
    """Another registrar held the register's lock for longer than we wait."""


# -- the current schema (what queries use) -------------------------------------------------

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("tillampad", String(40), nullable=False),
)

# the last number given out in each series and year; locked by every allocation
nummerserie = Table(
    "nummerserie", metadata,
    Column("serie", String(20), primary_key=True),
    Column("ar", Integer, primary_key=True, autoincrement=False),
    Column("senaste", Integer, nullable=False),
)

arende = Table(
    "arende", metadata,
    Column("id", Integer, primary_key=True),
    Column("serie", String(20), nullable=False),
    Column("ar", Integer, nullable=False),
    Column("lopnr", Integer, nullable=False),
    Column("klass", String(40)),
    Column("dnr", String(80), nullable=False, unique=True),
    Column("rubrik", Text, nullable=False),
    Column("datum", Date, nullable=False),
    Column("status", String(12), nullable=False),  # oppet | avslutat | makulerat
    Column("avslutad", Date),
    Column("makulerad_orsak", Text),
    Column("sekretess_grund", Text),
    Column("sekretess_datum", Date),
    Column("sekretess_myndighet", Text),
    Column("sekretess_maskera", Text),
    Column("senaste_handling", Integer, nullable=False),
    Column("registrerad_tid", String(40), nullable=False),
    Column("registrerad_av", String(120), nullable=False),
    UniqueConstraint("serie", "ar", "lopnr", name="uq_arende_nummer"),
)

handling = Table(
    "handling", metadata,
    Column("id", Integer, primary_key=True),
    Column("arende_id", Integer, ForeignKey("arende.id"), nullable=False),
    Column("nr", Integer, nullable=False),
    Column("datum", Date, nullable=False),
    Column("riktning", String(12), nullable=False),  # inkommande | upprattad | utgaende
    Column("beskrivning", Text, nullable=False),
    Column("motpart", Text),
    Column("makulerad_orsak", Text),
    Column("sekretess_grund", Text),
    Column("sekretess_datum", Date),
    Column("sekretess_myndighet", Text),
    Column("sekretess_maskera", Text),
    Column("registrerad_tid", String(40), nullable=False),
    Column("registrerad_av", String(120), nullable=False),
    Column("sha256", String(64)),  # since version 2
    Column("filnamn", Text),  # since version 2
    UniqueConstraint("arende_id", "nr", name="uq_handling_nr"),
    Index("ix_handling_sha256", "arende_id", "sha256"),
)

logg = Table(
    "logg", metadata,
    Column("id", Integer, primary_key=True),
    Column("tid", String(40), nullable=False),
    Column("vem", String(120), nullable=False),
    Column("atgard", String(40), nullable=False),
    Column("dnr", String(80)),
    Column("uppgifter", Text, nullable=False),  # JSON
)


# -- migrations: applied forward, in order, each in the transaction that records it ---------

def _v1_tables() -> MetaData:
    """Return the tables as version 1 created them (frozen: never edit, add a migration)."""
    md = MetaData()
    for table in (schema_version, nummerserie, arende, logg):
        table.to_metadata(md)
    Table(
        "handling", md,
        Column("id", Integer, primary_key=True),
        Column("arende_id", Integer, ForeignKey("arende.id"), nullable=False),
        Column("nr", Integer, nullable=False),
        Column("datum", Date, nullable=False),
        Column("riktning", String(12), nullable=False),
        Column("beskrivning", Text, nullable=False),
        Column("motpart", Text),
        Column("makulerad_orsak", Text),
        Column("sekretess_grund", Text),
        Column("sekretess_datum", Date),
        Column("sekretess_myndighet", Text),
        Column("sekretess_maskera", Text),
        Column("registrerad_tid", String(40), nullable=False),
        Column("registrerad_av", String(120), nullable=False),
        UniqueConstraint("arende_id", "nr", name="uq_handling_nr"),
    )
    return md


# Numbers are never deleted or renumbered, and the log is never changed (the register is
# a public record, 5 kap. 1 § OSL; changes go through voiding, which is logged).
_GUARDS_SQLITE = [
    "CREATE TRIGGER logg_ingen_andring BEFORE UPDATE ON logg "
    "BEGIN SELECT RAISE(ABORT, 'diariets logg får inte ändras'); END",
    "CREATE TRIGGER logg_ingen_radering BEFORE DELETE ON logg "
    "BEGIN SELECT RAISE(ABORT, 'diariets logg får inte raderas'); END",
    "CREATE TRIGGER arende_ingen_radering BEFORE DELETE ON arende "
    "BEGIN SELECT RAISE(ABORT, 'ärenden får inte raderas, bara makuleras'); END",
    "CREATE TRIGGER arende_samma_nummer BEFORE UPDATE OF serie, ar, lopnr, dnr ON arende "
    "BEGIN SELECT RAISE(ABORT, 'ett diarienummer får inte ändras'); END",
    "CREATE TRIGGER handling_ingen_radering BEFORE DELETE ON handling "
    "BEGIN SELECT RAISE(ABORT, 'handlingar får inte raderas, bara makuleras'); END",
]
_GUARDS_POSTGRESQL = [
    "CREATE FUNCTION kanslist_skrivskydd() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN "
    "RAISE EXCEPTION USING MESSAGE = 'diariet tillåter inte ' || TG_OP || ' på ' || TG_TABLE_NAME; "
    "END $body$",
    "CREATE TRIGGER logg_skrivskydd BEFORE UPDATE OR DELETE ON logg "
    "FOR EACH ROW EXECUTE FUNCTION kanslist_skrivskydd()",
    "CREATE TRIGGER arende_ingen_radering BEFORE DELETE ON arende "
    "FOR EACH ROW EXECUTE FUNCTION kanslist_skrivskydd()",
    "CREATE TRIGGER arende_samma_nummer BEFORE UPDATE OF serie, ar, lopnr, dnr ON arende "
    "FOR EACH ROW EXECUTE FUNCTION kanslist_skrivskydd()",
    "CREATE TRIGGER handling_ingen_radering BEFORE DELETE ON handling "
    "FOR EACH ROW EXECUTE FUNCTION kanslist_skrivskydd()",
]


def _migrate_1(conn: Connection) -> None:
    """Version 1: series counters, cases, documents, the log, and the append-only guards."""
    _v1_tables().create_all(conn)
    guards = _GUARDS_POSTGRESQL if conn.dialect.name == "postgresql" else _GUARDS_SQLITE
    for statement in guards:
        conn.exec_driver_sql(statement)


def _migrate_2(conn: Connection) -> None:
    """Version 2: a document may carry the SHA-256 and name of the registered file."""
    conn.exec_driver_sql("ALTER TABLE handling ADD COLUMN sha256 VARCHAR(64)")
    conn.exec_driver_sql("ALTER TABLE handling ADD COLUMN filnamn TEXT")
    conn.exec_driver_sql("CREATE INDEX ix_handling_sha256 ON handling (arende_id, sha256)")


MIGRATIONS: list[Callable[[Connection], None]] = [_migrate_1, _migrate_2]
LATEST = len(MIGRATIONS)


# -- engine and transactions ----------------------------------------------------------------

def connect(url: str) -> Engine:
    """Return an engine for the register at ``url``; raise DiariumOtillgangligt when unusable."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DiariumOtillgangligt(
            f"'{url}' är ingen databasadress – ange t.ex. sqlite:///data/diarium.sqlite eller "
            "postgresql+psycopg://användare@värd/databas under diarium.url i data/organisation.yaml") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})
        except (NoSuchModuleError, ImportError):
            raise DiariumOtillgangligt(
                f"PostgreSQL-drivrutinen för '{parsed.drivername}' saknas – installera den med "
                "pip install 'psycopg[binary]' och skriv adressen som postgresql+psycopg://...") from None
    raise DiariumOtillgangligt(f"databastypen '{backend}' stöds inte för diariet – använd sqlite eller postgresql")


def _sqlite_engine(url) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # We emit BEGIN ourselves (below): the driver's own transaction handling would
        # start write transactions lazily and turn lock waits into "database is locked".
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never block the registrar
        cursor.execute("PRAGMA synchronous = FULL")  # a committed number survives power loss
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A writer takes the write lock at BEGIN, so it waits for its turn instead of
        # failing half-way when it upgrades a read lock.
        writing = conn.get_execution_options().get("kanslist_skriv", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _retryable(exc: DBAPIError) -> bool:
    """Return True for lock contention that goes away when tried again."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in ("40001", "40P01", "55P03"):  # serialization, deadlock, lock
        return True
    if isinstance(orig, sqlite3.OperationalError):
        message = str(orig).lower()
        return "locked" in message or "busy" in message
    return False


def _unreachable(engine: Engine, exc: DBAPIError) -> DiariumOtillgangligt:
    where = engine.url.render_as_string(hide_password=True)
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    return DiariumOtillgangligt(f"diariet {where} kunde inte öppnas: {reason} – "
                                "kontrollera adressen under diarium.url och att databasen är igång")


def run(engine: Engine, work: Callable[[Connection], T], *, write: bool) -> T:
    """Return ``work(conn)`` run in one transaction, retried while another writer holds the lock.

    A KanslistError raised by ``work`` rolls the transaction back and reaches the caller
    unchanged. Lock contention is never shown to the user unless it lasts RETRY_FOR_S.
    """
    deadline = time.monotonic() + RETRY_FOR_S
    attempt = 0
    while True:
        try:
            with engine.connect() as conn:
                if write:
                    conn.execution_options(kanslist_skriv=True)
                elif engine.dialect.name == "postgresql":
                    conn.execution_options(isolation_level="REPEATABLE READ")  # one snapshot per read
                with conn.begin():
                    return work(conn)
        except DBAPIError as exc:
            if _retryable(exc):
                if time.monotonic() > deadline:
                    raise DiariumUpptaget("diariet är upptaget av en annan registrator – försök igen om en stund") from None
                attempt += 1
                time.sleep(random.uniform(0, min(0.2, 0.002 * 2 ** attempt)))
                continue
            if exc.connection_invalidated or type(exc).__name__ == "OperationalError":
                raise _unreachable(engine, exc) from None
            raise


def migrate(engine: Engine, upto: int = LATEST) -> int:
    """Return the schema version after applying every migration missing up to ``upto``."""
    current = version(engine)  # the usual case, up to date, takes no lock
    if current > LATEST:
        raise _too_new(current)
    if current >= upto:
        return current

    def work(conn: Connection) -> int:
        if conn.dialect.name == "postgresql":
            # two registrars opening a new database at once: one migrates, the other waits
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x6B616E73})
        current = _version(conn)  # again, under the lock: another registrar may have migrated
        if current > LATEST:
            raise _too_new(current)
        for version in range(current + 1, upto + 1):
            MIGRATIONS[version - 1](conn)
            conn.execute(schema_version.insert().values(version=version, tillampad=_now()))
        return max(current, upto)

    return run(engine, work, write=True)


def _too_new(current: int) -> DiariumError:
    return DiariumError(f"diariet har schemaversion {current}, men den här versionen av kanslist "
                        f"känner bara till {LATEST} – uppdatera kanslist")


def version(engine: Engine) -> int:
    """Return the schema version of the database (0 when it is empty)."""
    return run(engine, _version, write=False)


def _version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(text("SELECT COALESCE(MAX(version), 0) FROM schema_version")).scalar_one()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

"""The register's storage: tables, forward-only schema migrations and safe transactions.

One code path for SQLite (the default, a file under data/) and PostgreSQL (several
registrars on several machines), through SQLAlchemy Core. What differs between the two
is kept here and small: how a writing transaction takes its lock, how the migration lock
is taken, and the triggers that make the register append-only.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path
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


class DiariumSkadat(DiariumError):
    """The register's file or database is damaged, or is no kanslist register at all."""


# What to do about a damaged register file. A new register is made only where no file is:
# a register that started over would give the same numbers again.
ATERSTALL = ("återställ diariet från en säkerhetskopia gjord med 'kanslist diarium backup' "
             "(se Säkerhetskopia av diariet i README); ett nytt diarium skapas bara där ingen fil finns")
ATERSTALL_PG = "återställ databasen med pg_restore från en säkerhetskopia gjord med pg_dump"
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


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


def sqlite_path(engine: Engine) -> Path | None:
    """Return the file of a SQLite register; None for PostgreSQL, an in-memory database or a URI."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _where(engine: Engine) -> str:
    path = sqlite_path(engine)
    return str(path) if path is not None else engine.url.render_as_string(hide_password=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def prepare(engine: Engine) -> int:
    """Return the schema version of the register at ``engine`` after checking it and migrating it.

    A SQLite file that exists must be a whole kanslist register (not empty, SQLite, our
    tables, passing ``PRAGMA quick_check``): anything else is refused with DiariumSkadat,
    never taken for a new register. A missing file is created whole, atomically.
    """
    path = sqlite_path(engine)
    new_ok = True  # a new, empty PostgreSQL database is how a register there begins
    if path is not None:
        if not _check_file(path) and path.parent.is_dir():
            _create_sqlite(path)
        new_ok = False  # whatever file is there now is someone's register: check it as one
    run(engine, lambda conn: _check_schema(conn, engine, new_ok=new_ok), write=False)
    return migrate(engine)


def _check_file(path: Path) -> bool:
    """Return whether ``path`` exists; raise DiariumSkadat when it cannot be a register."""
    try:
        wal_size = _wal(path).stat().st_size if _wal(path).exists() else 0
        if not path.exists():
            if wal_size:
                # SQLite would make a new database here and delete the -wal with the last changes in it
                raise DiariumSkadat(f"{path} saknas men {path.name}-wal finns bredvid – diariets fil har flyttats "
                                    f"eller raderats; lägg tillbaka den, eller {ATERSTALL}")
            return False
        if path.is_dir():
            return True  # SQLite says it cannot open it
        if path.stat().st_size == 0:
            if wal_size:
                raise DiariumSkadat(f"{path}: filen är tom men {path.name}-wal finns bredvid – diariet har skadats "
                                    f"(radera inte -wal-filen, de senaste ändringarna kan ligga där); {ATERSTALL}")
            raise DiariumSkadat(f"{path}: filen är tom (0 byte) och är inget diarium – ett diarium som började om "
                                f"skulle ge samma diarienummer igen; {ATERSTALL}")
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DiariumOtillgangligt(f"diariet {path} kunde inte läsas ({exc.strerror}) – kontrollera att "
                                   "filen finns och att du får läsa och skriva den") from None
    if head != SQLITE_HEADER:
        raise DiariumSkadat(f"{path}: filen är ingen SQLite-databas och alltså inget diarium (den är skadad "
                            f"eller överskriven) – {ATERSTALL}")
    return True


def _create_sqlite(path: Path) -> None:
    """Create a new register at ``path`` atomically: others see no file, or a whole migrated register."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".ny")
    os.close(fd)
    temp = Path(name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # as SQLite itself would create it, not mkstemp's 0600
        engine = _sqlite_engine(make_url(f"sqlite:///{temp}"))
        try:
            migrate(engine)
        finally:
            engine.dispose()  # the last connection checkpoints and removes the -wal
        _fsync(temp)
        try:
            os.link(temp, path)  # fails when another registrar created the register first: use theirs
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links (FAT, some network shares)
            if not path.exists():
                os.replace(temp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise DiariumOtillgangligt(f"diariet {path} kunde inte skapas ({exc.strerror}) – kontrollera att "
                                   "mappen finns och att du får skriva i den") from None
    finally:
        for leftover in (temp, _wal(temp), temp.with_name(temp.name + "-shm")):
            leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory: its renames are durable without this
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


REGISTER_TABLES = frozenset({"schema_version", "nummerserie", "arende", "handling", "logg"})


def _check_schema(conn: Connection, engine: Engine, *, new_ok: bool) -> None:
    """Raise DiariumSkadat unless ``conn`` holds a sound kanslist register (or is empty and may become one)."""
    where = _where(engine)
    sqlite = conn.dialect.name == "sqlite"
    hint = ATERSTALL if sqlite else ATERSTALL_PG
    if sqlite:
        found = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check(3)")]
        if found != ["ok"]:
            raise DiariumSkadat(f"{where}: diariet är skadat ({_check_text(found)}) – {hint}")
    tables = set(inspect(conn).get_table_names())
    if "schema_version" not in tables:
        if not tables and new_ok:
            return
        if not tables:
            raise DiariumSkadat(f"{where}: databasen är tom och är inget diarium (så ser en kopia ut som tagits utan "
                                f"sin -wal-fil) – {hint}")
        raise DiariumSkadat(f"{where}: databasen är inget kanslist-diarium (den har tabellerna "
                            f"{', '.join(sorted(tables))}) – kontrollera diarium.url i data/organisation.yaml, eller "
                            f"{hint}")
    current = _version(conn)
    missing = sorted(REGISTER_TABLES - tables)
    if current > LATEST:
        raise _too_new(current)
    if current < 1 or missing:
        raise DiariumSkadat(f"{where}: diariets tabeller är ofullständiga (schemaversion {current}"
                            + (f", {', '.join(missing)} saknas" if missing else "") + f") – {hint}")


def _check_text(found: list[str]) -> str:
    """Return the findings of an integrity or quick check on one line, without SQLite's heading."""
    lines = [line.strip() for text_ in found for line in str(text_).splitlines()]
    return "; ".join(line for line in lines if line and not line.startswith("***"))


def _retryable(exc: DBAPIError) -> bool:
    """Return True for lock contention that goes away when tried again."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in ("40001", "40P01", "55P03"):  # serialization, deadlock, lock
        return True
    if isinstance(orig, sqlite3.OperationalError):
        message = str(orig).lower()
        return "locked" in message or "busy" in message
    return False


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def _unreachable(engine: Engine, exc: BaseException) -> DiariumOtillgangligt:
    where = engine.url.render_as_string(hide_password=True)
    return DiariumOtillgangligt(f"diariet {where} kunde inte öppnas: {_reason(exc)} – "
                                "kontrollera adressen under diarium.url och att databasen är igång")


def translate(engine: Engine, exc: BaseException) -> DiariumError:
    """Return the Swedish DiariumError for a database error ``exc`` (a DBAPIError or the driver's own)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    name = getattr(orig, "sqlite_errorname", "") or ""  # SQLITE_CORRUPT, SQLITE_IOERR_WRITE ...
    state = getattr(orig, "sqlstate", None) or ""
    reason = _reason(exc)
    said = reason.lower()
    where = _where(engine)
    hint = ATERSTALL if engine.dialect.name == "sqlite" else ATERSTALL_PG
    if "could not decode" in said:  # the garbled text itself would only add noise
        reason = "text i databasen är inte giltig UTF-8"
    if (name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or state in ("XX001", "XX002")
            or "malformed" in said or "not a database" in said or "could not decode" in said):
        return DiariumSkadat(f"{where}: diariet är skadat ({reason}) – {hint}")
    if name.startswith("SQLITE_READONLY") or state in ("25006", "42501") or "readonly" in said \
            or "read-only" in said:
        fix = ("att du får skriva i diariets fil och i mappen den ligger i (SQLite skriver -wal- och -shm-filer "
               "bredvid)" if engine.dialect.name == "sqlite" else
               "att databasanvändaren får skriva och att databasen inte är skrivskyddad eller en replik")
        return DiariumError(f"diariet {where} går inte att skriva i ({reason}) – kontrollera {fix}")
    if name == "SQLITE_FULL" or state == "53100" or "disk is full" in said:
        return DiariumError(f"diariet {where}: disken är full ({reason}) – frigör utrymme och försök igen")
    if name.startswith("SQLITE_IOERR") or state == "58030" or "disk i/o error" in said:
        return DiariumError(f"diariet {where}: läs- eller skrivfel på disken ({reason}) – kontrollera disken eller "
                            f"nätverksenheten och försök igen; kvarstår felet, {hint}")
    if (name.startswith("SQLITE_CANTOPEN") or state.startswith(("08", "57P"))
            or getattr(exc, "connection_invalidated", False) or type(exc).__name__ == "OperationalError"):
        return _unreachable(engine, exc)
    return DiariumError(f"diariet {where}: databasfel ({reason}) – försök igen; kvarstår felet, visa meddelandet "
                        "för den som sköter diariets databas")


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
            raise translate(engine, exc) from None
        except sqlite3.Error as exc:  # raised by the driver outside SQLAlchemy's wrapping (connect hooks)
            raise translate(engine, exc) from None
        except UnicodeDecodeError:  # text in the file that is no UTF-8: bytes of it were changed
            hint = ATERSTALL if engine.dialect.name == "sqlite" else ATERSTALL_PG
            raise DiariumSkadat(f"{_where(engine)}: diariet är skadat (text i databasen är inte giltig UTF-8) – "
                                f"{hint}") from None


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


# -- backup ---------------------------------------------------------------------------------

def backup(engine: Engine, target: Path | str, *, tvinga: bool = False) -> int:
    """Write a copy of the SQLite register to ``target``; return how many cases the copy holds.

    SQLite's online backup copies what the register holds now, the -wal file's changes
    included (a copy of the file alone can lack the last numbers). The copy is one file
    in rollback-journal mode, checked with ``PRAGMA integrity_check``, and appears under
    its name only whole (written beside it, then linked or renamed). An existing file is
    replaced only with ``tvinga``.
    """
    source = sqlite_path(engine)
    if source is None:
        if engine.dialect.name == "postgresql":
            raise DiariumError("diariet ligger i PostgreSQL – ta säkerhetskopian med pg_dump (t.ex. pg_dump "
                               "--format=custom --file=diarium.dump DATABAS) och återställ den med pg_restore")
        raise DiariumError("diariet ligger inte i en fil – ange en SQLite-fil under diarium.url för att kunna "
                           "säkerhetskopiera med kanslist")
    target = Path(target)
    if target.is_dir():
        raise DiariumError(f"{target} är en mapp – ange ett filnamn för säkerhetskopian, t.ex. "
                           f"{target / 'diarium-kopia.sqlite'}")
    if target.exists() and source.exists() and os.path.samefile(target, source):
        raise DiariumError(f"{target} är själva diariet – välj en annan fil för säkerhetskopian")
    exists = f"{target} finns redan – välj ett annat filnamn, eller skriv över filen med --tvinga"
    if target.exists() and not tvinga:
        raise DiariumError(exists)
    if not target.parent.is_dir():
        raise DiariumError(f"{target.parent}: mappen finns inte – skapa den eller välj en annan plats för "
                           "säkerhetskopian")
    temp = None
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        temp = Path(name)
        count = _copy(engine, temp)
        _fsync(temp)
        if tvinga:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)  # never over a file that appeared meanwhile
            except FileExistsError:
                raise DiariumError(exists) from None
            except OSError:  # a file system without hard links
                if target.exists():
                    raise DiariumError(exists) from None
                os.replace(temp, target)
        _fsync_dir(target.parent)
        return count
    except OSError as exc:
        raise DiariumError(f"{target}: säkerhetskopian kunde inte skrivas ({exc.strerror}) – kontrollera att du "
                           "får skriva i mappen och att det finns plats; ingenting skrevs") from None
    finally:
        if temp is not None:
            for leftover in (temp, temp.with_name(temp.name + "-journal")):
                leftover.unlink(missing_ok=True)


def _copy(engine: Engine, temp: Path) -> int:
    """Copy the register into the empty file ``temp`` with SQLite's backup API; return its number of cases."""
    try:
        raw = engine.raw_connection()
    except DBAPIError as exc:
        raise translate(engine, exc) from None
    try:
        destination = sqlite3.connect(temp)
        try:
            raw.driver_connection.backup(destination)  # all pages in one step: one consistent snapshot
            destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file; kanslist sets WAL again
            found = [row[0] for row in destination.execute("PRAGMA integrity_check")]
            if found != ["ok"]:
                raise DiariumSkadat(f"{_where(engine)}: kopian klarade inte kontrollen ({_check_text(found[:3])}), "
                                    f"så diariet är skadat; ingen säkerhetskopia skrevs – {ATERSTALL}")
            return destination.execute("SELECT COUNT(*) FROM arende").fetchone()[0]
        finally:
            destination.close()
    except sqlite3.Error as exc:
        raise translate(engine, exc) from None
    finally:
        raw.close()

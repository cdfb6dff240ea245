"""A damaged register file is refused with a Swedish message, never taken for a new register."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from kanslist.diarium import Diarium, DiariumError, DiariumSkadat
from kanslist.diarium import store

ATERSTALL = ("återställ diariet från en säkerhetskopia gjord med 'kanslist diarium backup' (se Säkerhetskopia av "
             "diariet i README); ett nytt diarium skapas bara där ingen fil finns")


@pytest.fixture
def register(tmp_path, organisation, clock):
    """Return the path of a register in use elsewhere: three cases, one document, closed cleanly."""
    path = tmp_path / "diarium.sqlite"
    with Diarium.open(f"sqlite:///{path}", organisation, clock=clock) as d:
        for i in range(3):
            d.nytt_arende("KS", f"Ärende {i}")
        d.registrera("KS 2026/001", "upprattad", "Tjänsteskrivelse")
    assert not (tmp_path / "diarium.sqlite-wal").exists()
    return path


def _refused(path, organisation, clock) -> str:
    with pytest.raises(DiariumSkadat) as raised:
        Diarium.open(f"sqlite:///{path}", organisation, clock=clock)
    return str(raised.value)


def test_an_empty_file_is_refused_and_never_gives_the_first_number_again(register, organisation, clock):
    register.write_bytes(b"")
    assert _refused(register, organisation, clock) == (
        f"{register}: filen är tom (0 byte) och är inget diarium – ett diarium som började om skulle ge samma "
        f"diarienummer igen; {ATERSTALL}")
    assert register.stat().st_size == 0  # left as found, not made a new register


def test_an_empty_file_with_a_wal_beside_it_is_refused_and_the_wal_kept(register, organisation, clock):
    wal = register.with_name("diarium.sqlite-wal")
    wal.write_bytes("senaste ändringarna".encode() * 100)
    register.write_bytes(b"")
    assert _refused(register, organisation, clock) == (
        f"{register}: filen är tom men diarium.sqlite-wal finns bredvid – diariet har skadats (radera inte "
        f"-wal-filen, de senaste ändringarna kan ligga där); {ATERSTALL}")
    assert wal.read_bytes() == "senaste ändringarna".encode() * 100


def test_a_missing_file_with_a_wal_beside_it_is_refused_and_the_wal_kept(register, organisation, clock):
    wal = register.with_name("diarium.sqlite-wal")
    wal.write_bytes(b"x" * 4096)
    register.unlink()
    assert _refused(register, organisation, clock) == (
        f"{register} saknas men diarium.sqlite-wal finns bredvid – diariets fil har flyttats eller raderats; "
        f"lägg tillbaka den, eller {ATERSTALL}")
    assert not register.exists() and wal.stat().st_size == 4096


def test_a_file_truncated_to_half_is_refused(register, organisation, clock):
    with register.open("r+b") as file:
        file.truncate(register.stat().st_size // 2)
    assert _refused(register, organisation, clock) == (
        f"{register}: diariet är skadat (database disk image is malformed) – {ATERSTALL}")


def test_random_bytes_are_refused(register, organisation, clock):
    register.write_bytes(os.urandom(8192))
    assert _refused(register, organisation, clock) == (
        f"{register}: filen är ingen SQLite-databas och alltså inget diarium (den är skadad eller överskriven) – "
        f"{ATERSTALL}")


def test_the_sqlite_file_of_another_program_is_refused(tmp_path, organisation, clock):
    path = tmp_path / "diarium.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE kontakter (namn TEXT)")
    other.execute("CREATE TABLE moten (datum TEXT)")
    other.commit()
    other.close()
    assert _refused(path, organisation, clock) == (
        f"{path}: databasen är inget kanslist-diarium (den har tabellerna kontakter, moten) – kontrollera "
        f"diarium.url i data/organisation.yaml, eller {ATERSTALL}")


def test_an_empty_sqlite_database_is_refused(tmp_path, organisation, clock):
    path = tmp_path / "diarium.sqlite"
    empty = sqlite3.connect(path)
    empty.execute("PRAGMA user_version = 1")  # a valid file with a header and no tables
    empty.close()
    assert path.stat().st_size > 0
    assert _refused(path, organisation, clock) == (
        f"{path}: databasen är tom och är inget diarium (så ser en kopia ut som tagits utan sin -wal-fil) – "
        f"{ATERSTALL}")


def test_a_register_missing_its_tables_is_refused(register, organisation, clock):
    conn = sqlite3.connect(register)
    conn.execute("DROP TABLE logg")
    conn.commit()
    conn.close()
    assert _refused(register, organisation, clock) == (
        f"{register}: diariets tabeller är ofullständiga (schemaversion 2, logg saknas) – {ATERSTALL}")


def _flip(path, offset: int, count: int = 32) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, min(offset + count, len(data))):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_page_is_found_on_open(register, organisation, clock):
    _flip(register, 4096 * 2)  # the header of page 3, a b-tree page
    message = _refused(register, organisation, clock)
    assert message.startswith(f"{register}: diariet är skadat (")
    assert message.endswith(f") – {ATERSTALL}")


def test_bytes_flipped_anywhere_give_a_swedish_message_or_a_working_register(register, organisation, clock,
                                                                            tmp_path):
    # Bytes changed inside a text may go unnoticed (SQLite keeps no checksums); a traceback never.
    good = tmp_path / "hel.sqlite"
    shutil.copy(register, good)
    size = good.stat().st_size
    outcomes = set()
    for offset in range(0, size, 512):
        shutil.copy(good, register)
        _flip(register, offset)
        try:
            with Diarium.open(f"sqlite:///{register}", organisation, clock=clock) as d:
                d.nytt_arende("KS", "efter skadan")
                d.lista()
                d.export()
            outcomes.add("fungerar")
        except DiariumError as exc:
            assert str(exc).endswith(ATERSTALL), (offset, str(exc))
            outcomes.add("avvisat")
    assert outcomes == {"fungerar", "avvisat"}


def test_damage_found_while_the_register_is_open_is_a_swedish_message(register, organisation, clock):
    with Diarium.open(f"sqlite:///{register}", organisation, clock=clock) as d:
        d.engine.dispose()  # the next query reads the file again
        with register.open("r+b") as file:
            file.truncate(4096 * 3)
        with pytest.raises(DiariumSkadat) as raised:
            d.lista()
    assert str(raised.value) == f"{register}: diariet är skadat (database disk image is malformed) – {ATERSTALL}"


def test_a_read_only_register_says_so(register, organisation, clock):
    with Diarium.open(f"sqlite:///{register}", organisation, clock=clock) as d:
        def write(conn):
            conn.exec_driver_sql("PRAGMA query_only = ON")  # SQLite answers SQLITE_READONLY, as for a locked file
            conn.execute(text("INSERT INTO nummerserie (serie, ar, senaste) VALUES ('KS', 1999, 1)"))

        with pytest.raises(DiariumError) as raised:
            store.run(d.engine, write, write=True)
    assert str(raised.value) == (
        f"diariet {register} går inte att skriva i (attempt to write a readonly database) – kontrollera att du får "
        "skriva i diariets fil och i mappen den ligger i (SQLite skriver -wal- och -shm-filer bredvid)")


def test_a_disk_error_says_so(register, organisation, clock):
    with Diarium.open(f"sqlite:///{register}", organisation, clock=clock) as d:
        def fail(conn):
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("disk I/O error"))

        with pytest.raises(DiariumError) as raised:
            store.run(d.engine, fail, write=True)
    assert str(raised.value) == (
        f"diariet {register}: läs- eller skrivfel på disken (disk I/O error) – kontrollera disken eller "
        f"nätverksenheten och försök igen; kvarstår felet, {ATERSTALL}")


def test_any_other_database_error_is_a_swedish_message(register, organisation, clock):
    with Diarium.open(f"sqlite:///{register}", organisation, clock=clock) as d:
        with pytest.raises(DiariumError) as raised:
            store.run(d.engine, lambda conn: conn.execute(text("DELETE FROM logg")), write=True)
    assert str(raised.value) == (
        f"diariet {register}: databasfel (diariets logg får inte raderas) – försök igen; kvarstår felet, visa "
        "meddelandet för den som sköter diariets databas")


def test_a_new_register_is_created_whole_only_where_no_file_is(tmp_path, organisation, clock):
    path = tmp_path / "diarium.sqlite"
    with Diarium.open(f"sqlite:///{path}", organisation, clock=clock) as d:
        assert d.schema_version() == store.LATEST
        assert d.nytt_arende("KS", "Första") == "KS 2026/001"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diarium.sqlite"]  # no temporary file left


@pytest.mark.postgres
def test_a_postgresql_database_of_another_program_is_refused(pg_url, organisation, clock):
    engine = store.connect(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE kunder (namn TEXT)"))
    where = engine.url.render_as_string(hide_password=True)
    engine.dispose()
    with pytest.raises(DiariumSkadat) as raised:
        Diarium.open(pg_url, organisation, clock=clock)
    assert str(raised.value) == (
        f"{where}: databasen är inget kanslist-diarium (den har tabellerna kunder) – kontrollera diarium.url i "
        "data/organisation.yaml, eller återställ databasen med pg_restore från en säkerhetskopia gjord med pg_dump")


@pytest.mark.postgres
def test_a_read_only_postgresql_database_says_so(pg_url, organisation, clock):
    with Diarium.open(pg_url, organisation, clock=clock) as d:
        database = d.engine.url.database
        with d.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on'))
        d.engine.dispose()
        try:
            with pytest.raises(DiariumError) as raised:
                d.nytt_arende("KS", "skrivskyddat")
        finally:
            with d.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT")
                conn.execute(text("SET default_transaction_read_only = off"))
                conn.execute(text(f'ALTER DATABASE "{database}" SET default_transaction_read_only = off'))
            d.engine.dispose()
    where = d.engine.url.render_as_string(hide_password=True)
    assert str(raised.value) == (
        f"diariet {where} går inte att skriva i (cannot execute INSERT in a read-only transaction) – kontrollera "
        "att databasanvändaren får skriva och att databasen inte är skrivskyddad eller en replik")

"""The register's storage: forward migrations, the schema they build, SQLite settings."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from kanslist.diarium import Diarium, DiariumError, DiariumOtillgangligt
from kanslist.diarium import store


def test_a_new_database_gets_the_latest_schema_and_it_matches_the_tables_used(url):
    engine = store.connect(url)
    try:
        assert store.version(engine) == 0
        assert store.migrate(engine) == store.LATEST == 2
        assert store.migrate(engine) == 2  # a second run changes nothing
        with engine.connect() as conn:
            found = inspect(conn)
            for table in store.metadata.sorted_tables:
                assert {c["name"] for c in found.get_columns(table.name)} == set(table.columns.keys()), table.name
            versions = conn.execute(text("SELECT version FROM schema_version ORDER BY version")).scalars().all()
        assert versions == [1, 2]
    finally:
        engine.dispose()


def test_it_migrates_a_version_1_register_and_keeps_its_entries(url, organisation, clock, tmp_path):
    engine = store.connect(url)
    store.migrate(engine, upto=1)
    with engine.connect() as conn:
        assert "sha256" not in {c["name"] for c in inspect(conn).get_columns("handling")}
    # a version-1 register in use: a case with a document, written with version 1's columns
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO nummerserie (serie, ar, senaste) VALUES ('KS', 2026, 1)"))
        conn.execute(text(
            "INSERT INTO arende (serie, ar, lopnr, dnr, rubrik, datum, status, senaste_handling, "
            "registrerad_tid, registrerad_av) VALUES ('KS', 2026, 1, 'KS 2026/001', 'Gammalt ärende', "
            "'2026-01-10', 'oppet', 1, '2026-01-10T08:00:00+00:00', 'anna')"))
        conn.execute(text(
            "INSERT INTO handling (arende_id, nr, datum, riktning, beskrivning, registrerad_tid, registrerad_av) "
            "SELECT id, 1, '2026-01-10', 'upprattad', 'Gammal handling', '2026-01-10T08:00:00+00:00', 'anna' FROM arende"))
    engine.dispose()

    with Diarium.open(url, organisation, clock=clock) as d:
        assert d.schema_version() == 2
        case = d.visa("KS 2026/001")
        assert (case.rubrik, case.handlingar[0].beskrivning, case.handlingar[0].sha256) == \
            ("Gammalt ärende", "Gammal handling", None)
        paper = tmp_path / "ny.docx"
        paper.write_bytes(b"ny")
        assert d.registrera_fil("KS 2026/001", paper, "Ny handling") == "KS 2026/001-2"
        assert d.nytt_arende("KS", "Nytt") == "KS 2026/002"


def test_it_refuses_a_register_from_a_newer_kanslist(url, organisation):
    engine = store.connect(url)
    store.migrate(engine)
    with engine.begin() as conn:
        conn.execute(store.schema_version.insert().values(version=store.LATEST + 1, tillampad="x"))
    engine.dispose()
    with pytest.raises(DiariumError) as raised:
        Diarium.open(url, organisation)
    assert str(raised.value) == ("diariet har schemaversion 3, men den här versionen av kanslist känner bara "
                                 "till 2 – uppdatera kanslist")


def test_sqlite_runs_with_wal_and_full_sync(sqlite_url, organisation):
    with Diarium.open(sqlite_url, organisation) as d:
        with d.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000


def test_it_says_why_a_register_cannot_be_opened(tmp_path, organisation):
    with pytest.raises(DiariumOtillgangligt, match="'nonsens' är ingen databasadress"):
        Diarium.open("nonsens", organisation)
    with pytest.raises(DiariumOtillgangligt, match="databastypen 'mysql' stöds inte"):
        Diarium.open("mysql://x@y/z", organisation)
    with pytest.raises(DiariumOtillgangligt, match="kunde inte öppnas"):
        Diarium.open(f"sqlite:///{tmp_path / 'saknas' / 'diarium.sqlite'}", organisation)


def test_it_says_why_a_postgresql_server_cannot_be_reached(organisation):
    with pytest.raises(DiariumOtillgangligt) as raised:
        Diarium.open("postgresql://nobody@127.0.0.1:1/none", organisation)
    assert "diariet postgresql+psycopg://nobody@127.0.0.1:1/none kunde inte öppnas" in str(raised.value)
    assert "kontrollera adressen under diarium.url" in str(raised.value)


def test_it_retries_while_another_registrar_holds_the_lock(sqlite_url, organisation, monkeypatch):
    import threading
    import time

    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0)  # SQLite answers "locked" at once: our retry must wait
    with Diarium.open(sqlite_url, organisation) as d:
        blocker = store.connect(sqlite_url)
        conn = blocker.connect()
        conn.execution_options(kanslist_skriv=True)
        tx = conn.begin()  # BEGIN IMMEDIATE: holds the write lock
        release = threading.Timer(1.5, lambda: (tx.rollback(), conn.close()))
        release.start()
        started = time.monotonic()
        assert d.nytt_arende("KS", "väntade") == d.arenden()[0].dnr
        assert time.monotonic() - started >= 1.0
        release.join()
        blocker.dispose()


def test_it_gives_up_with_a_message_when_the_lock_is_never_released(sqlite_url, organisation, monkeypatch):
    from kanslist.diarium import DiariumUpptaget

    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0)
    monkeypatch.setattr(store, "RETRY_FOR_S", 0.5)
    with Diarium.open(sqlite_url, organisation) as d:
        blocker = store.connect(sqlite_url)
        with blocker.connect() as conn:
            conn.execution_options(kanslist_skriv=True)
            with conn.begin():
                with pytest.raises(DiariumUpptaget) as raised:
                    d.nytt_arende("KS", "väntade förgäves")
        blocker.dispose()
    assert str(raised.value) == "diariet är upptaget av en annan registrator – försök igen om en stund"

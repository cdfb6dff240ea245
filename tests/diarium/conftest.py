"""Fixtures of the register's tests: an organisation, a clock, and SQLite and PostgreSQL databases."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from kanslist.diarium import Diarium
from kanslist.organisation import Organisation

# The worker functions must be importable by name in spawned processes, whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from diarium_workers import ORGANISATION  # noqa: E402
import pgtemp  # noqa: E402  (tests/ is on sys.path through tests/conftest.py)
from support import unavailable  # noqa: E402  (tests/ is on sys.path through tests/conftest.py)


@pytest.fixture
def organisation() -> Organisation:
    return Organisation.model_validate(ORGANISATION)


class Clock:
    """A clock the test sets; Swedish local times are converted to UTC."""

    def __init__(self, when: dt.datetime):
        self.now = when

    def set(self, when: dt.datetime) -> None:
        self.now = when

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2026, 4, 27, 9, 30, tzinfo=dt.timezone.utc))


# -- PostgreSQL ------------------------------------------------------------------------------

class _External:
    """A server given by KANSLIST_TEST_PG_URL: a new database per test where allowed."""

    def __init__(self, url: str):
        self.server_url = url
        self.count = 0

    def new_database(self) -> str:
        self.count += 1
        return pgtemp.create_database(self.server_url, f"kanslist_test_{os.getpid()}_{self.count}")


@pytest.fixture(scope="session")
def pg_server():
    """Return a PostgreSQL server for the session: KANSLIST_TEST_PG_URL, or a local one started here.

    Without PostgreSQL the tests skip, except in CI (CI=true), where they fail: the
    register's PostgreSQL path must never go untested there.
    """
    external = os.environ.get("KANSLIST_TEST_PG_URL")
    if external:
        yield _External(external)
        return
    reason = pgtemp.unavailable_reason()
    if reason:
        unavailable(f"PostgreSQL: {reason}")
    server = pgtemp.TempPostgres()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """Return the URL of a new, empty PostgreSQL database, removed after the test."""
    from sqlalchemy.engine import make_url

    url = pg_server.new_database()
    yield url
    server_url = getattr(pg_server, "server_url", None) or pg_server.url("postgres")
    pgtemp.drop_database(server_url, make_url(url).database)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'diarium.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path) -> str:
    """Return an empty register database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'diarium.sqlite'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def diarium(url, organisation, clock):
    with Diarium.open(url, organisation, clock=clock) as opened:
        yield opened

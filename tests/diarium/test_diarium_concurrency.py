"""Concurrent registrars never share or skip a number; a killed one leaves nothing half done."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest
from sqlalchemy import create_engine, text

from diarium_workers import ORGANISATION, allocate, allocate_and_hang, find_or_create, register_documents
from kanslist.diarium import Diarium

WRITERS = 4
EACH = 250


def _allocate_concurrently(url: str, target=allocate, args=(EACH,)) -> list[str]:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    Diarium.open(url, _org()).close()  # the schema exists before the race, as in real use
    workers = [ctx.Process(target=target, args=(url, ORGANISATION, *args, start, results)) for _ in range(WRITERS)]
    for w in workers:
        w.start()
    start.set()
    outcomes = []
    try:
        for _ in workers:
            outcomes.append(results.get(timeout=240))
    finally:
        for w in workers:
            w.join(timeout=30)
            if w.is_alive():
                w.kill()
    errors = [detail for status, detail in outcomes if status != "ok"]
    assert errors == []
    return [n for _, numbers in outcomes for n in numbers]


def _org():
    from kanslist.organisation import Organisation
    return Organisation.model_validate(ORGANISATION)


def _check_register(url: str, numbers: list[str], total: int) -> None:
    year = numbers[0].split()[1].split("/")[0]  # the workers use the real clock
    expected = [f"KS {year}/{n:03d}" for n in range(1, total + 1)]
    assert len(numbers) == len(set(numbers)) == total  # no duplicates
    assert sorted(numbers, key=lambda t: int(t.split("/")[1])) == expected  # no gaps
    with Diarium.open(url, _org()) as d:
        assert [a.dnr for a in d.arenden()] == expected
        assert sorted(e.dnr for e in d.logg()) == sorted(expected)
        assert d.export()["nummerserier"] == [{"serie": "KS", "ar": int(year), "senaste": total}]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_four_processes_get_exactly_one_to_a_thousand(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'diarium.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    numbers = _allocate_concurrently(url)
    _check_register(url, numbers, WRITERS * EACH)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_process_killed_mid_allocation_leaves_no_half_entry(backend, tmp_path, request, organisation):
    url = f"sqlite:///{tmp_path / 'diarium.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    with Diarium.open(url, organisation) as d:
        first = [d.nytt_arende("KS", f"Ärende {i}") for i in range(3)]
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    worker = ctx.Process(target=allocate_and_hang, args=(url, ORGANISATION, ready))
    worker.start()
    try:
        assert ready.wait(60), "the worker never reached the middle of its allocation"
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(30)
    finally:
        if worker.is_alive():
            worker.kill()
    assert worker.exitcode == -signal.SIGKILL
    with Diarium.open(url, organisation) as d:
        assert [a.dnr for a in d.arenden()] == first  # nothing of the killed allocation
        assert [e.dnr for e in d.logg()] == first
        year = first[0].split()[1].split("/")[0]
        assert d.nytt_arende("KS", "Nästa") == f"KS {year}/004"  # the number was not used up
        assert "Halvfärdigt ärende" not in str(d.export())
    if backend == "sqlite":
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_four_processes_registering_in_one_case_get_every_document_number_once(backend, tmp_path, request,
                                                                               organisation):
    url = f"sqlite:///{tmp_path / 'diarium.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    with Diarium.open(url, organisation) as d:
        dnr = d.nytt_arende("KS", "Många handlingar")
    numbers = _allocate_concurrently(url, register_documents, (dnr, 50))
    assert sorted(numbers, key=lambda t: int(t.rsplit("-", 1)[1])) == [f"{dnr}-{n}" for n in range(1, 201)]
    with Diarium.open(url, organisation) as d:
        assert [h.nr for h in d.visa(dnr).handlingar] == list(range(1, 201))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_four_processes_asking_for_the_same_meeting_case_make_one(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'diarium.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    numbers = _allocate_concurrently(url, find_or_create, (25,))
    assert len(numbers) == WRITERS * 25 and len(set(numbers)) == 1
    with Diarium.open(url, _org()) as d:
        assert [(a.dnr, a.rubrik) for a in d.arenden()] == [(numbers[0], "Sammanträden Kommunstyrelsen 2026")]

"""Benchmark: case numbers allocated per second on SQLite and PostgreSQL, 1 and 4 writers;
opening (with its quick_check) and backing up a large SQLite register.

Run: .venv/bin/python bench/bench_diarium.py [--sekunder N] [--arenden N]
Each writer is its own process with its own connection, as registrars on several
machines would be; every allocation is a committed transaction (number, entry and log
line). PostgreSQL runs a throwaway local server with fsync on. Figures go to
build/bench-diarium.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from kanslist.diarium import Diarium
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import pgtemp  # noqa: E402  (the throwaway server the tests use)
from kanslist.organisation import Organisation

ORGANISATION = {"namn": "Benchkommunen", "diarienummer": "{serie} {ar}/{lopnr:03d}[-{handling}]",
                "enheter": {"kommunstyrelsen": {"namn": "Kommunstyrelsen", "typ": "namnd", "serie": "KS"}}}
ROOT = Path(__file__).resolve().parent.parent


def writer(url: str, seconds: float, start, results) -> None:
    """Allocate numbers for ``seconds`` after ``start``; report (count, elapsed) or the error."""
    try:
        with Diarium.open(url, Organisation.model_validate(ORGANISATION)) as diarium:
            start.wait(60)
            began = time.monotonic()
            count = 0
            while time.monotonic() - began < seconds:
                diarium.nytt_arende("KS", f"Ärende {count}", vem="bench")
                count += 1
            results.put(("ok", count, time.monotonic() - began))
    except BaseException as exc:
        results.put(("fel", f"{type(exc).__name__}: {exc}", 0.0))


def measure(url: str, writers: int, seconds: float) -> dict:
    """Return the allocations per second of ``writers`` processes on a fresh register at ``url``."""
    Diarium.open(url, Organisation.model_validate(ORGANISATION)).close()  # create the schema first
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=writer, args=(url, seconds, start, results)) for _ in range(writers)]
    for p in procs:
        p.start()
    time.sleep(0.5)
    start.set()
    outcomes = [results.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join(30)
    errors = [o[1] for o in outcomes if o[0] != "ok"]
    if errors:
        raise SystemExit(f"fel i en skrivare: {errors[0]}")
    total = sum(o[1] for o in outcomes)
    elapsed = max(o[2] for o in outcomes)
    with Diarium.open(url, Organisation.model_validate(ORGANISATION)) as d:
        numbers = sorted(a.nummer.lopnr for a in d.arenden())
    assert numbers == list(range(1, total + 1)), "luckor eller dubbletter i numren"
    return {"skrivare": writers, "tilldelningar": total, "sekunder": round(elapsed, 2),
            "per_sekund": round(total / elapsed, 1)}


def fill(url: str, cases: int) -> None:
    """Give the register at ``url`` ``cases`` cases with two documents and a log line each, in one transaction."""
    from sqlalchemy import text

    with Diarium.open(url, Organisation.model_validate(ORGANISATION)) as d:
        d.nytt_arende("KS", "Första")
        with d.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO arende (serie, ar, lopnr, dnr, rubrik, datum, status, senaste_handling, "
                "registrerad_tid, registrerad_av) VALUES ('KS', 2026, :n, :dnr, :rubrik, '2026-04-27', 'oppet', 2, "
                "'2026-04-27T09:30:00+00:00', 'bench')"),
                [{"n": n, "dnr": f"KS 2026/{n:03d}", "rubrik": f"Ärende {n} om något som behöver en mening"}
                 for n in range(2, cases + 1)])
            conn.execute(text(
                "INSERT INTO handling (arende_id, nr, datum, riktning, beskrivning, registrerad_tid, registrerad_av, "
                "sha256) SELECT id, nr, '2026-04-27', 'upprattad', 'Tjänsteskrivelse: ' || rubrik, "
                "'2026-04-27T09:30:00+00:00', 'bench', printf('%064d', id * 10 + nr) "
                "FROM arende CROSS JOIN (SELECT 1 AS nr UNION ALL SELECT 2)"))
            conn.execute(text(
                "INSERT INTO logg (tid, vem, atgard, dnr, uppgifter) SELECT registrerad_tid, 'bench', 'nytt_arende', "
                "dnr, '{}' FROM arende"))
            conn.execute(text("UPDATE nummerserie SET senaste = :n WHERE serie = 'KS'"), {"n": cases})


def measure_open_and_backup(folder: Path, cases: int) -> dict:
    """Return the seconds to open a register of ``cases`` cases (quick_check included) and to back it up."""
    from kanslist.diarium import store

    path = folder / "diarium-stort.sqlite"
    url = f"sqlite:///{path}"
    fill(url, cases)
    org = Organisation.model_validate(ORGANISATION)
    opens = []
    for _ in range(5):
        began = time.perf_counter()
        Diarium.open(url, org).close()
        opens.append(time.perf_counter() - began)
    engine = store.connect(url)
    checks = []
    for _ in range(5):
        with engine.connect() as conn:
            began = time.perf_counter()
            conn.exec_driver_sql("PRAGMA quick_check(3)").all()
            checks.append(time.perf_counter() - began)
    engine.dispose()
    with Diarium.open(url, org) as d:
        began = time.perf_counter()
        d.backup(folder / "kopia.sqlite")
        backup_s = time.perf_counter() - began
    return {"arenden": cases, "megabyte": round(path.stat().st_size / 1e6, 1),
            "oppna_median_s": round(sorted(opens)[2], 3), "quick_check_median_s": round(sorted(checks)[2], 3),
            "backup_s": round(backup_s, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sekunder", type=float, default=5.0, help="mättid per körning (standard 5)")
    parser.add_argument("--arenden", type=int, default=50_000, help="ärenden i registret som öppnas och "
                        "säkerhetskopieras (standard 50 000)")
    args = parser.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kanslist-bench-") as folder:
        for n in (1, 4):
            url = f"sqlite:///{Path(folder) / f'diarium-{n}.sqlite'}"
            rows.append({"databas": "SQLite (WAL, synchronous=FULL)", **measure(url, n, args.sekunder)})
        large = measure_open_and_backup(Path(folder), args.arenden)
    pg_note = pgtemp.unavailable_reason()
    pg_version = None
    if pg_note is None:
        with pgtemp.TempPostgres(durable=True) as server:
            pg_version = server.bindir.parent.name
            for n in (1, 4):
                rows.append({"databas": f"PostgreSQL {pg_version} (fsync på)",
                             **measure(server.new_database(), n, args.sekunder)})
    print(f"{'databas':<34} {'skrivare':>8} {'tilldelningar':>13} {'sekunder':>8} {'per sekund':>10}")
    for r in rows:
        print(f"{r['databas']:<34} {r['skrivare']:>8} {r['tilldelningar']:>13} {r['sekunder']:>8} {r['per_sekund']:>10}")
    if pg_note:
        print(f"PostgreSQL mättes inte: {pg_note}")
    print(f"SQLite med {large['arenden']} ärenden ({large['megabyte']} MB): öppna {large['oppna_median_s']} s "
          f"(varav quick_check {large['quick_check_median_s']} s), backup {large['backup_s']} s")
    report = {
        "matning": "diarienummer tilldelade per sekund (nummer, ärende och loggrad i en transaktion)",
        "resultat": rows,
        "stort_diarium": large,
        "postgresql_saknas": pg_note,
        "maskin": {"processorer": os.cpu_count(), "python": platform.python_version(),
                   "sqlite": sqlite3.sqlite_version, "postgresql": pg_version, "system": platform.platform()},
    }
    out = ROOT / "build" / "bench-diarium.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"skrev {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

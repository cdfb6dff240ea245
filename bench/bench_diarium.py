"""Benchmark: case numbers allocated per second on SQLite and PostgreSQL, 1 and 4 writers.

Run: .venv/bin/python bench/bench_diarium.py [--sekunder N]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sekunder", type=float, default=5.0, help="mättid per körning (standard 5)")
    args = parser.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kanslist-bench-") as folder:
        for n in (1, 4):
            url = f"sqlite:///{Path(folder) / f'diarium-{n}.sqlite'}"
            rows.append({"databas": "SQLite (WAL, synchronous=FULL)", **measure(url, n, args.sekunder)})
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
    report = {
        "matning": "diarienummer tilldelade per sekund (nummer, ärende och loggrad i en transaktion)",
        "resultat": rows,
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

"""Functions run in separate processes by the concurrency tests and the benchmark (spawn-safe)."""

from __future__ import annotations

import time

from kanslist.diarium import Diarium
from kanslist.organisation import Organisation

# the organisation of the register's tests: KS with case and document numbers, SN with its own pattern
ORGANISATION = {
    "namn": "Vaggeryds kommun",
    "diarienummer": "{serie} {ar}/{lopnr:03d}[-{handling}]",
    "enheter": {
        "kommunstyrelsen": {"namn": "Kommunstyrelsen", "typ": "namnd", "serie": "KS"},
        "socialnamnden": {"namn": "Socialnämnden", "typ": "namnd", "serie": "SN",
                          "diarienummer": "{serie} {ar2}/{lopnr:04d}"},
        "kommunledningskontoret": {"namn": "Kommunledningskontoret", "typ": "forvaltning"},
    },
}


def allocate(url: str, organisation: dict, count: int, start, results) -> None:
    """Allocate ``count`` numbers in series KS once ``start`` is set; put them (or the error) on ``results``."""
    try:
        with Diarium.open(url, Organisation.model_validate(organisation)) as diarium:
            start.wait(60)
            numbers = [diarium.nytt_arende("KS", f"Ärende {i}", vem="worker") for i in range(count)]
        results.put(("ok", numbers))
    except BaseException as exc:  # reported to the test, which fails with it
        results.put(("fel", f"{type(exc).__name__}: {exc}"))


def allocate_and_hang(url: str, organisation: dict, ready) -> None:
    """Allocate one number and stop inside the transaction, after the entry and its log line, before commit."""
    from kanslist.diarium import register

    original = register.Diarium._log

    def log_then_hang(self, *args, **kwargs):
        original(self, *args, **kwargs)
        ready.set()
        time.sleep(120)  # killed here by the test

    register.Diarium._log = log_then_hang
    with Diarium.open(url, Organisation.model_validate(organisation)) as diarium:
        diarium.nytt_arende("KS", "Halvfärdigt ärende", vem="worker")


def register_documents(url: str, organisation: dict, dnr: str, count: int, start, results) -> None:
    """Register ``count`` documents in case ``dnr`` once ``start`` is set; put their numbers on ``results``."""
    try:
        with Diarium.open(url, Organisation.model_validate(organisation)) as diarium:
            start.wait(60)
            numbers = [diarium.registrera(dnr, "upprattad", f"Handling {i}", vem="worker") for i in range(count)]
        results.put(("ok", numbers))
    except BaseException as exc:
        results.put(("fel", f"{type(exc).__name__}: {exc}"))


def find_or_create(url: str, organisation: dict, count: int, start, results) -> None:
    """Ask ``count`` times for the case "Sammanträden Kommunstyrelsen 2026", made if missing, once ``start`` is set."""
    try:
        with Diarium.open(url, Organisation.model_validate(organisation)) as diarium:
            start.wait(60)
            numbers = [diarium.nytt_arende("KS", "Sammanträden Kommunstyrelsen 2026", vem="worker", om_saknas=True)
                       for _ in range(count)]
        results.put(("ok", numbers))
    except BaseException as exc:
        results.put(("fel", f"{type(exc).__name__}: {exc}"))

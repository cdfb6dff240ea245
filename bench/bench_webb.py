"""Benchmark: preview latency of the web app, and 20 users editing 20 different cases at once.

Run: .venv/bin/python bench/bench_webb.py
A real uvicorn server on 127.0.0.1 over a copy of the root workspace with 20 cases. (a) one
user: the time of a preview request after a change (the document shown rendered in memory,
turned to HTML), median of 10 different texts, for the first document and for each of the
case's documents chosen in the preview's selector; and of a live check. (b) 20 users, each in its own thread and
session, save their own case 3 times (load the form, change the title, save: a real check,
merge and atomic write). (c) over a copy of examples/kommun-ar: the meeting list and one
meeting's page (its file and cases validated, its items numbered on every request), median of 5.
Figures go to build/bench-webb.json.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "webb"))
from webbstod import Server, csrf_of, login_client, make_meeting_workspace, make_workspace, OPEN  # noqa: E402
from kanslist.webb.auth import UserStore  # noqa: E402

USERS = 20
SAVES = 3
CASE = "2025-064-revisionssvar-hemarbete"


def form_pairs(html: str) -> dict[str, list[str]]:
    from lxml import html as lhtml

    out: dict[str, list[str]] = {}
    for k, v in lhtml.fromstring(html).get_element_by_id("arendeformular").form_values():
        out.setdefault(k, []).append(v)
    return out


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-webb-"))
    try:
        root = make_workspace(tmp / "ws")
        source = (root / "arenden" / f"{CASE}.yaml").read_text(encoding="utf-8")
        for i in range(USERS):
            (root / "arenden" / f"bench-{i:02d}.yaml").write_text(source, encoding="utf-8")
        store = UserStore(root / "data")
        for i in range(USERS):
            store.add(f"user{i:02d}", ["handlaggare"], "ett-langt-losenord")
        server = Server(root)
        figures = {}
        client = login_client(server, "anna")
        html = client.get(f"/arenden/{CASE}").text
        form = form_pairs(html)
        times, checks = [], []
        for n in range(10):
            form["sammanfattning"] = [f"Förvaltningen har gått igenom rapporten, omgång {n}."]
            start = time.perf_counter()
            answer = client.post(f"/arenden/{CASE}/forhandsvisning", data=form)
            times.append(time.perf_counter() - start)
            assert f"omgång {n}" in answer.text
            start = time.perf_counter()
            client.post(f"/arenden/{CASE}/kontroll", data=form)
            checks.append(time.perf_counter() - start)
        figures["forhandsvisning_median_s"] = round(statistics.median(times), 3)
        per_document = {}
        for dokument in ("tjansteskrivelse.docx", "svar-till-revisorerna.docx", "atgardsplan.docx"):
            spent = []
            for n in range(5):
                form["sammanfattning"] = [f"Förvaltningen har gått igenom rapporten, {dokument} {n}."]
                start = time.perf_counter()
                answer = client.post(f"/arenden/{CASE}/forhandsvisning", data={**form, "dokument": [dokument]})
                spent.append(time.perf_counter() - start)
                assert f"({dokument})</h3>" in answer.text
            per_document[dokument] = round(statistics.median(spent), 3)
        figures["forhandsvisning_per_dokument_median_s"] = per_document
        figures["forhandsvisning_max_s"] = round(max(times), 3)
        figures["kontroll_median_s"] = round(statistics.median(checks), 3)

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def user(i: int) -> None:
            c = login_client(server, f"user{i:02d}")
            for n in range(SAVES):
                start = time.perf_counter()
                data = form_pairs(c.get(f"/arenden/bench-{i:02d}").text)
                data["rubrik"] = [f"Rubrik {i} version {n}"]
                data["atgard"] = ["spara"]
                answer = c.post(f"/arenden/bench-{i:02d}", data=data)
                with lock:
                    latencies.append(time.perf_counter() - start)
                    if "Ärendet är sparat." not in answer.text:
                        errors.append(f"user{i:02d}: {answer.status_code}")

        start = time.perf_counter()
        threads = [threading.Thread(target=user, args=(i,)) for i in range(USERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        ok = all(f"rubrik: Rubrik {i} version {SAVES - 1}\n" in (root / "arenden" / f"bench-{i:02d}.yaml").read_text()
                 for i in range(USERS))
        figures.update({"anvandare": USERS, "sparningar": USERS * SAVES, "samtidigt_s": round(wall, 2),
                        "sparning_median_s": round(statistics.median(latencies), 3),
                        "sparning_p95_s": round(sorted(latencies)[int(len(latencies) * 0.95) - 1], 3),
                        "fel": errors, "alla_sparade": ok})
        for c in OPEN:
            c.close()
        server.stop()

        kommun = Server(make_meeting_workspace(tmp / "kommun"))
        rita = login_client(kommun, "rita")
        meeting = "ks-2026-02-10"
        rita.post(f"/sammantraden/{meeting}/bygg", data={"csrf": csrf_of(rita.get(f"/sammantraden/{meeting}").text)})
        for key, url in (("sammantraden_lista_median_s", "/sammantraden"),
                         ("sammantrade_sida_median_s", f"/sammantraden/{meeting}")):
            spent = []
            for _ in range(5):
                start = time.perf_counter()
                assert rita.get(url).status_code == 200
                spent.append(time.perf_counter() - start)
            figures[key] = round(statistics.median(spent), 3)
        for c in OPEN:
            c.close()
        kommun.stop()
        out = ROOT / "build" / "bench-webb.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

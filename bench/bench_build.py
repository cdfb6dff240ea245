"""Benchmark of `kanslist bygg` on 1,000 realistic cases: plain docxtpl vs. kanslist, incremental.

Generates a workspace of N cases (half audit responses like seed 000 with several
recommendations, half motion responses like seed 001; Markdown bodies with bullet and
numbered lists, a table, bold text and links) in a temporary folder with the root
workspace's data/ (and the default templates), and measures in one run:

  (a) the plain approach: per case, load, validate and build the context as kanslist does,
      then one DocxTemplate load, render and save per document, in one process (timed on a
      sample and scaled when --plain-sample is smaller than N);
  (b) kanslist bygg from scratch (library call in a fresh process, default --jobb; the
      pipeline's own imports are inside the time, the import of kanslist.build is not);
  (c) the same again, nothing changed;
  (d) after one case file changed.

(a), (b), (c) and (d) each run in a fresh Python process. Prints documents per second,
the ratio (a)/(b) and the peak memory of (b): the resident memory of the build process
and its workers summed, sampled from /proc every 0.1 s (pages a worker shares with its
parent after fork are counted in each; PSS, which splits them, is printed too). Writes
the figures to build/bench.json. Linux only (/proc).

    .venv/bin/python bench/bench_build.py [--cases 1000] [--plain-sample 200] [--jobb N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable

WORDS = ("verksamheten kommunen arbetsmiljö medarbetare chef uppföljning riktlinjer distansarbete "
         "rutin revisionen granskning ledarskap samverkan överenskommelse riskbedömning nämnden "
         "styrelsen budget kvalitet service invånare arbetsplats lokaler digitala verktyg "
         "utvärdering beslut ansvar dokumentation kompetens rekrytering hälsa").split()
STANCES = ["instammer", "instammer_delvis", "instammer_inte"]
STATUSES = ["planerad", "pagar", "genomford"]


def _sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(8, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _markdown(rng: random.Random, i: int, table: bool) -> str:
    """A Markdown body: paragraphs, a bullet list, a numbered list, bold, a link, maybe a table."""
    parts = [
        _paragraph(rng, 3),
        "\n".join(f"- {_sentence(rng, 6)}" for _ in range(rng.randint(2, 4))),
        f"Enligt **{rng.choice(WORDS)}** ska [riktlinjen](https://example.se/riktlinje/{i % 50}) följas. "
        + _paragraph(rng, 2),
        "\n".join(f"{n}. {_sentence(rng, 7)}" for n in range(1, rng.randint(3, 5))),
    ]
    if table:
        rows = "\n".join(f"| {rng.choice(WORDS).capitalize()} | {rng.randint(1, 90)} % | {_sentence(rng, 4)} |"
                         for _ in range(rng.randint(2, 4)))
        parts.append(f"| Område | Andel | Kommentar |\n| --- | --- | --- |\n{rows}")
    parts.append(_paragraph(rng, 2))
    return "\n\n".join(parts)


def _block(text: str, indent: int) -> str:
    return "|\n" + textwrap.indent(text, " " * indent)


def audit_response(rng: random.Random, i: int) -> str:
    """A case like seed 000: a response to an audit with several recommendations and actions."""
    recs = []
    for nr in range(1, rng.randint(3, 7) + 1):
        actions = "".join(
            f"\n      - atgard: {_sentence(rng, 7)[:-1]}\n        ansvarig: hr-enheten\n"
            f"        klart: 2026-{rng.randint(1, 12):02d}-28\n        status: {rng.choice(STATUSES)}"
            for _ in range(rng.randint(0, 2)))
        recs.append(f"""  - nr: {nr}
    rubrik: {_sentence(rng, 5)[:-1]}
    stallningstagande: {rng.choice(STANCES)}
    svar: {_block(_markdown(rng, i, table=nr == 2), 6)}"""
                    + (f"\n    atgarder:{actions}" if actions else ""))
    return f"""typ: revisionssvar
rubrik: Granskning av {rng.choice(WORDS)} och {rng.choice(WORDS)} {i}
dnr: KS 2025/{i % 1000:03d}
datum: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
ansvarig: annika-hedvall
forslag_till_beslut:
  forslagsstallare: Personalutskottet
  att:
    - anta kommunledningskontorets förslag till svar
    - överlämna det till kommunens revisorer
sammanfattning: {_block(_paragraph(rng, 5) + chr(10) * 2 + _paragraph(rng, 3), 2)}
granskning:
  titel: Granskning av {rng.choice(WORDS)}
  revisionsbyra: Deloitte
  uppdragsgivare: de förtroendevalda revisorerna i Vaggeryds kommun
  revisionsfraga: {_sentence(rng, 20)}
  rapportdatum: 2025-03-09
  svar_senast: 2025-06-30
rekommendationer:
{chr(10).join(recs)}
skickas_till: [HR-chef]
undertecknare:
  - {{namn: Glenn Nordlund, titel: Ordförande}}
"""


def motion_response(rng: random.Random, i: int) -> str:
    """A case like seed 001: a response to a motion, with lists and a table in the body."""
    return f"""typ: motionssvar
rubrik: Motion om {rng.choice(WORDS)} {i}
dnr: KS 2026/{i % 1000:03d}
datum: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}
fran: kommunledningskontoret
till: kommunstyrelsen
handlaggare: [anna-ystrom]
ansvarig: annika-hedvall
forslag_till_beslut:
  forslagsstallare: Personalutskottet
  att:
    - avslå motionen då den anses besvarad
motion:
  titel: {_sentence(rng, 6)[:-1]}
  forslagsstallare: EM-partiet
  inkom: 2026-02-10
  yrkanden:
    - {_sentence(rng, 14)}
    - {_sentence(rng, 10)}
  bedomning: {rng.choice(["bifall", "delvis_bifall", "avslag", "besvarad"])}
sammanfattning: {_block(_markdown(rng, i, table=False), 2)}
arendet: {_block(_markdown(rng, i, table=True) + chr(10) * 2 + _paragraph(rng, 5), 2)}
hanvisningar:
  - {{dnr: KS 2025/064, text: Svar på granskning av hemarbete}}
skickas_till: [HR-chef]
"""


def generate(root: Path, cases: int) -> Path:
    """Return ``root`` made a workspace of ``cases`` case files (data/ copied from the repo)."""
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("*.sqlite*"))
    (root / "mallar").mkdir()  # no templates of its own: the package's defaults, as in the root workspace
    (root / "arenden").mkdir()
    rng = random.Random(20260423)
    for i in range(cases):
        text = audit_response(rng, i) if i % 2 == 0 else motion_response(rng, i)
        (root / "arenden" / f"{i:04d}-{'revisionssvar' if i % 2 == 0 else 'motionssvar'}.yaml").write_text(text, "utf-8")
    return root


# ---- (a) the plain approach ---------------------------------------------------------------
def plain_build(root: Path, paths: list[Path]) -> int:
    """Build ``paths`` the plain way; return the number of documents written."""
    from docxtpl import DocxTemplate

    from kanslist.pipeline.context import build_context
    from kanslist.kinds import kind_of
    from kanslist.pipeline.markdown import MarkdownRenderer
    from kanslist.pipeline.render import Properties, _environment, _set_properties
    from kanslist.pipeline.validate import validate_case
    from kanslist.workspace import Workspace
    from kanslist.pipeline.load import load_yaml

    ws = Workspace(root)
    written = 0
    for path in paths:
        arende = validate_case(load_yaml(path, ws.display(path)), ws)
        kind = kind_of(arende)
        context = build_context(arende, ws)
        out = root / "build-plain" / path.stem
        out.mkdir(parents=True, exist_ok=True)
        for document in kind.documents:
            output = document.name
            tpl = DocxTemplate(ws.template_path(document.template))
            tpl.render(context, jinja_env=_environment(MarkdownRenderer(tpl.get_docx())))
            _set_properties(tpl.docx.core_properties, Properties(
                title=arende.rubrik, subject=kind.typ, author=context["fran"]["namn"], dnr=arende.dnr or "",
                datum=arende.datum, category=kind.typ))
            tpl.save(out / f"{output}.docx")
            written += 1
        extra = kind.extra_outputs  # the same spreadsheet kanslist writes
        for name, data in (extra(arende, context) if extra else {}).items():
            (out / name).write_bytes(data)
            written += 1
    return written


# ---- (b)–(d) kanslist bygg in a fresh process ----------------------------------------------
RUNNER = """
import json, resource, sys, time
def cpu():
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
started = time.perf_counter()
from kanslist.pipeline.build import build
from kanslist.workspace import Workspace
imported, cpu_before = time.perf_counter(), cpu()
report = build(Workspace(sys.argv[1]), jobs=int(sys.argv[2]) or None)
done = time.perf_counter()
print(json.dumps({"seconds": done - imported, "import_seconds": imported - started, "cpu_seconds": cpu() - cpu_before,
                  "byggda": report.count("byggd"), "oforandrade": report.count("oforandrad"),
                  "fel": report.count("fel"), "ok": report.ok,
                  "documents": sum(len(r.outputs) for r in report.results if r.status == "byggd"),
                  "errors": [str(p) for r in report.results for p in r.problems][:5]
                            + [r.message for r in report.results if r.message][:5]}))
"""


def _tree(pid: int) -> list[int]:
    """Return ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def _memory(pids: list[int]) -> tuple[int, int]:
    """Return the summed resident and proportional (shared pages split) memory of ``pids``, in bytes."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_measured(argv: list[str]) -> dict:
    """Return the JSON a Python process prints, with its wall time and the peak memory of its process tree."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    started = time.perf_counter()
    process = subprocess.Popen([PY, *argv], stdout=subprocess.PIPE, env=env, text=True)
    peak_rss = peak_pss = 0
    stop = threading.Event()

    def sample() -> None:
        # Light on purpose: the sampler shares the two cores with the build it measures.
        nonlocal peak_rss, peak_pss
        pids, n = [process.pid], 0
        while not stop.is_set():
            if n % 5 == 0:
                pids = _tree(process.pid)
            rss, pss = _memory(pids)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            n += 1
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{argv[0]}: status {process.returncode}")
    figures = json.loads(out)
    figures["wall_seconds"] = time.perf_counter() - started
    figures["peak_rss_mb"] = round(peak_rss / 2**20, 1)
    figures["peak_pss_mb"] = round(peak_pss / 2**20, 1)
    return figures


def run_build(root: Path, jobs: int) -> dict:
    """Return the figures of one `build()` in a fresh process, with its wall time and peak memory."""
    return run_measured(["-c", RUNNER, str(root), str(jobs)])


def run_plain(root: Path, sample: int) -> dict:
    """Return the figures of (a) on the first ``sample`` cases, in a fresh process."""
    return run_measured([__file__, "--plain", str(root), "--plain-sample", str(sample)])


def run_cli(root: Path) -> float:
    """Return the wall time of `kanslist bygg --tyst` (with interpreter start and imports)."""
    started = time.perf_counter()
    subprocess.run([str(Path(PY).parent / "kanslist"), "-C", str(root), "bygg", "--tyst"], check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--plain-sample", type=int, default=200, help="cases timed for (a); the rest scaled")
    parser.add_argument("--jobb", type=int, default=0, help="processes for (b); 0: one per core")
    parser.add_argument("--upprepa", type=int, default=2, help="runs of (a) and (b); the fastest counts")
    parser.add_argument("--ut", type=Path, default=REPO / "build" / "bench.json")
    parser.add_argument("--plain", type=Path, help=argparse.SUPPRESS)  # (a) in its own process
    args = parser.parse_args(argv)
    if args.plain:
        paths = sorted((args.plain / "arenden").glob("*.yaml"))[:args.plain_sample]
        import docxtpl  # noqa: F401 – imports outside the time, as for (b)

        from kanslist.pipeline import context, render, validate  # noqa: F401

        started, cpu_before = time.perf_counter(), _own_cpu()
        documents = plain_build(args.plain, paths)
        print(json.dumps({"seconds": time.perf_counter() - started, "cpu_seconds": _own_cpu() - cpu_before,
                          "documents": documents, "cases": len(paths)}))
        return 0

    with tempfile.TemporaryDirectory(prefix="kanslist-bench-") as tmp:
        root = generate(Path(tmp), args.cases)
        paths = sorted((root / "arenden").glob("*.yaml"))
        print(f"{args.cases} ärenden i {root} ({os.cpu_count()} kärnor)")

        # The machine may be shared: each of (a) and (b) is run --upprepa times and the fastest
        # run counts (the least disturbed); CPU seconds are printed too, as they vary less.
        runs = []
        for _ in range(args.upprepa):
            runs.append(run_plain(root, min(args.plain_sample, len(paths))))
            print(f"    (a) {runs[-1]['cases']} ärenden: {runs[-1]['seconds']:.2f} s", flush=True)
        a = min(runs, key=lambda r: r["seconds"])
        scale = len(paths) / a["cases"]
        a_seconds, a_docs, a_cpu = a["seconds"] * scale, round(a["documents"] * scale), a["cpu_seconds"] * scale
        note = "" if scale == 1 else f" (mätt på {a['cases']} ärenden, uppskalat ×{scale:g})"
        print(f"(a) docxtpl, en process:   {a_seconds:7.2f} s  {a_docs / a_seconds:6.1f} dok/s"
              f"  {a_cpu:.1f} CPU-s{note}")

        runs = []
        for _ in range(args.upprepa):
            shutil.rmtree(root / "build", ignore_errors=True)
            runs.append(run_build(root, args.jobb))
            assert runs[-1]["ok"] and runs[-1]["byggda"] == len(paths), runs[-1]
            print(f"    (b) {len(paths)} ärenden: {runs[-1]['seconds']:.2f} s", flush=True)
        b = min(runs, key=lambda r: r["seconds"])
        b["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
        b["peak_pss_mb"] = max(r["peak_pss_mb"] for r in runs)
        print(f"(b) kanslist bygg:         {b['seconds']:7.2f} s  {b['documents'] / b['seconds']:6.1f} dok/s"
              f"  {b['cpu_seconds']:.1f} CPU-s  (a)/(b) = {a_seconds / b['seconds']:.1f}×"
              f" (CPU {a_cpu / b['cpu_seconds']:.1f}×)  topp {b['peak_rss_mb']:.0f} MB"
              f"  [+{b['import_seconds']:.2f} s import]")

        c = run_build(root, args.jobb)
        assert c["oforandrade"] == len(paths), c
        print(f"(c) igen, inget ändrat:    {c['seconds']:7.2f} s  [+{c['import_seconds']:.2f} s import]")

        changed = paths[len(paths) // 2]
        changed.write_text(changed.read_text("utf-8").replace("HR-chef", "HR-chefen"), "utf-8")
        d = run_build(root, args.jobb)
        assert d["byggda"] == 1 and d["oforandrade"] == len(paths) - 1, d
        one_case = b["seconds"] / len(paths) * (os.cpu_count() or 1)
        print(f"(d) ett ärende ändrat:     {d['seconds']:7.2f} s  [+{d['import_seconds']:.2f} s import]"
              f"  (ett ärende tar ~{one_case:.2f} s)")
        cli = run_cli(root)
        print(f"    kanslist bygg via kommandoraden, inget ändrat: {cli:.2f} s (start av Python och import inräknade)")

    figures = {
        "cases": len(paths), "cores": os.cpu_count(), "jobs": args.jobb or os.cpu_count(),
        "runs_each": args.upprepa,
        "a_plain": {"seconds": round(a_seconds, 2), "documents": a_docs, "docs_per_second": round(a_docs / a_seconds, 1),
                    "cpu_seconds": round(a_cpu, 1), "sample_cases": a["cases"], "sample_seconds": round(a["seconds"], 2)},
        "b_scratch": {"seconds": round(b["seconds"], 2), "documents": b["documents"],
                      "docs_per_second": round(b["documents"] / b["seconds"], 1),
                      "cpu_seconds": round(b["cpu_seconds"], 1), "import_seconds": round(b["import_seconds"], 2),
                      "peak_rss_mb": b["peak_rss_mb"], "peak_pss_mb": b["peak_pss_mb"]},
        "ratio_a_b": round(a_seconds / b["seconds"], 2),
        "ratio_a_b_cpu": round(a_cpu / b["cpu_seconds"], 2),
        "c_unchanged": {"seconds": round(c["seconds"], 3), "import_seconds": round(c["import_seconds"], 2)},
        "d_one_changed": {"seconds": round(d["seconds"], 3), "import_seconds": round(d["import_seconds"], 2),
                          "one_case_seconds": round(one_case, 3)},
        "cli_unchanged_wall_seconds": round(cli, 2),
        "targets": {"ratio_at_least_4": a_seconds / b["seconds"] >= 4, "c_under_1s": c["seconds"] < 1,
                    "d_under_1s_plus_one_case": d["seconds"] < 1 + one_case,
                    "peak_under_500mb": b["peak_rss_mb"] < 500},
    }
    print(f"Toppminne för (b): {b['peak_rss_mb']:.0f} MB RSS summerat över byggprocessen och dess arbetare "
          f"(delade sidor räknade i varje process; {b['peak_pss_mb']:.0f} MB med delade sidor fördelade, PSS)")
    args.ut.parent.mkdir(parents=True, exist_ok=True)
    args.ut.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"Skrev {args.ut}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

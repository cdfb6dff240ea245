"""Benchmark of `kanslist granska`: one case cold and warm, and 1,000 cases.

Uses the generated workspace of bench_build.py (half audit responses, half motion
responses) and measures, each in a fresh Python process:

  (a) `kanslist granska` on one case through the real command (interpreter start, imports and
      the Swedish dictionary inside the time), as a case officer runs it:
      cold: the first run, the dictionary's kept answers empty (a new cache folder);
      warm: the second run after it, the answers kept (granska loads Hunspell only for new words);
      edited: the run after an edit that brings words never judged and a misspelling (Hunspell
      loaded, in a process beside the imports, and asked for the suggestion), then the run after it;
  (b) a second granska of the same case in the same process (the dictionary loaded): warm;
  (c) `kanslist granska` on every case of the workspace;
  (d) with --spylls, (b) again with the pure-Python checker spylls, as before chunspell.

Each command figure is the best and the median of three (--runs), wall time and CPU time
(user + system, the dictionary's processes included); the CPU time is the steadier on a
machine shared with other work, but adds up what runs side by side. The commands run with a
cache of their own (XDG_CACHE_HOME) and with Python's compiled modules written to a folder of
their own and made by a first run, as an installed kanslist has them.

Writes the figures to build/bench_granska.json. Targets: (a) under 1 s, (c) under 30 s.

    .venv/bin/python bench/bench_granska.py [--cases 1000] [--spylls]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import PY, REPO, generate  # noqa: E402

KANSLIST = str(Path(PY).parent / "kanslist")
# The edit of (a): new words, spelt right, and one misspelt (no suggestion is one edit away).
EDIT = "  Vi har prövat laddstolpar och vinterväghållning xyzzqkor.\n"

WARM = """
import json, sys, time
if sys.argv[3] == "spylls":
    sys.modules["hunspell"] = None  # as if the chunspell wheel were missing
from pathlib import Path
from kanslist.granska.run import granska
from kanslist.workspace import Workspace
ws, path = Workspace(Path(sys.argv[1])), Path(sys.argv[2])
started = time.perf_counter()
first = granska(ws, [path])
cold = time.perf_counter() - started
started = time.perf_counter()
second = granska(ws, [path])
warm = time.perf_counter() - started
assert [str(p) for p in first] == [str(p) for p in second]
print(json.dumps({"cold_in_process": cold, "warm": warm, "problems": len(first)}))
"""


def environment(cache: Path, pyc: Path) -> dict:
    """Return the commands' environment: a cache folder of their own, compiled modules kept in ``pyc``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(XDG_CACHE_HOME=str(cache), PYTHONPYCACHEPREFIX=str(pyc))
    return env


def cli(root: Path, *files: Path, env: dict | None = None) -> tuple[float, float, int, str]:
    """Return the wall time, CPU time, number of output lines and output of `kanslist granska` on ``files``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([KANSLIST, "-C", str(root), "granska", *map(str, files)], capture_output=True, text=True,
                          env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: problems found, which is a normal answer
        raise SystemExit(f"kanslist granska: status {done.returncode}\n{done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, len(done.stdout.splitlines()), done.stdout


def best(runs: list[tuple[float, float, int, str]]) -> dict:
    return {"wall_seconds": round(min(r[0] for r in runs), 3), "cpu_seconds": round(min(r[1] for r in runs), 3),
            "median_wall_seconds": round(statistics.median(r[0] for r in runs), 3),
            "median_cpu_seconds": round(statistics.median(r[1] for r in runs), 3)}


def edited(text: str) -> str:
    """Return the case ``text`` with EDIT as the summary's first line."""
    head, marker, rest = text.partition("\nsammanfattning: |\n")
    if not marker:
        raise SystemExit("bench_granska: the generated case has no 'sammanfattning: |' to edit")
    return head + marker + EDIT + rest


def show(label: str, figures: dict, extra: str = "") -> None:
    print(f"{label}{figures['wall_seconds']:6.2f} s, median {figures['median_wall_seconds']:.2f} s "
          f"(CPU {figures['cpu_seconds']:.2f} s, median {figures['median_cpu_seconds']:.2f} s{extra})")


def in_process(root: Path, path: Path, checker: str, env: dict) -> dict:
    done = subprocess.run([PY, "-c", WARM, str(root), str(path), checker], capture_output=True, text=True, check=True,
                          env=env)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--spylls", action="store_true", help="also time one case with the pure-Python checker")
    parser.add_argument("--runs", type=int, default=3, help="runs of each single-case figure (best and median)")
    parser.add_argument("--ut", type=Path, default=REPO / "build" / "bench_granska.json")
    args = parser.parse_args(argv)
    figures: dict = {"cases": args.cases}
    with tempfile.TemporaryDirectory(prefix="kanslist-bench-granska-") as tmp:
        root = generate(Path(tmp), args.cases)
        paths = sorted((root / "arenden").glob("*.yaml"))
        one = paths[0].relative_to(root)
        pyc = Path(tmp) / "pyc"
        cli(root, one, env=environment(Path(tmp) / "cache-forsta", pyc))  # compiles the modules, as pip install does
        original = (root / one).read_text("utf-8")
        cold, warm, edit, after = [], [], [], []
        for n in range(args.runs):
            env = environment(Path(tmp) / f"cache-{n}", pyc)
            cold.append(cli(root, one, env=env))
            warm.append(cli(root, one, env=env))
            (root / one).write_text(edited(original), "utf-8")
            edit.append(cli(root, one, env=env))
            after.append(cli(root, one, env=env))
            (root / one).write_text(original, "utf-8")
            if "'xyzzqkor' finns inte i ordlistan" not in edit[-1][3] or edit[-1][3] != after[-1][3]:
                raise SystemExit(f"bench_granska: the edited case was not checked as expected:\n{edit[-1][3]}")
        a_cold, a_warm, a_edit, a_after = best(cold), best(warm), best(edit), best(after)
        show("(a) ett ärende, kommandoraden, första körningen:  ", a_cold, f", {cold[0][2]} rader")
        show("    ett ärende, kommandoraden, andra körningen:   ", a_warm)
        show("    efter en ändring med nya ord och ett felstavat:", a_edit)
        show("    körningen efter den:                          ", a_after)
        b = in_process(root, paths[0], "chunspell", environment(Path(tmp) / "cache-b", pyc))
        print(f"(b) ett ärende i processen: första {b['cold_in_process']:.3f} s, igen (varm) {b['warm']:.3f} s")
        c, c_cpu, lines, _ = cli(root, env=environment(Path(tmp) / "cache-0", pyc))
        print(f"(c) {len(paths)} ärenden, kommandoraden:       {c:6.2f} s  (CPU {c_cpu:.2f} s, {lines} rader, "
              f"{c / len(paths) * 1000:.1f} ms/ärende)")
        figures.update({"a_one_case_cli_cold": a_cold, "a_one_case_cli_warm": a_warm,
                        "a_one_case_cli_after_edit_new_words": a_edit, "a_one_case_cli_run_after_edit": a_after,
                        "b_one_case_in_process": {k: round(v, 4) for k, v in b.items()},
                        "c_all_cases_cli_seconds": round(c, 2), "c_all_cases_cli_cpu_seconds": round(c_cpu, 2),
                        "cores": os.cpu_count(),
                        "targets": {"a_under_1s": a_warm["wall_seconds"] < 1,
                                    "a_after_edit_under_1s": a_edit["wall_seconds"] < 1,
                                    "a_cold_under_1s": a_cold["wall_seconds"] < 1, "c_under_30s": c < 30}})
        if args.spylls:
            d = in_process(root, paths[0], "spylls", environment(Path(tmp) / "cache-d", pyc))
            print(f"(d) spylls, ett ärende i processen: första {d['cold_in_process']:.2f} s, igen {d['warm']:.3f} s")
            figures["d_spylls_one_case_in_process"] = {k: round(v, 4) for k, v in d.items()}
    args.ut.parent.mkdir(parents=True, exist_ok=True)
    args.ut.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"Skrev {args.ut}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure `kanslist importera` over a folder of papers: `python tools/importmatning.py MAPP [--facit FIL]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kanslist.importera.matning import load_facit, measure_folder, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät hur mycket av varje papper importen placerar i fält.")
    parser.add_argument("mapp", type=Path, help="mappen med papperen (.txt, utdragen text)")
    parser.add_argument("--facit", type=Path, help="YAML med rätta svar per fil (typ, rubrik, datum, dnr, ...)")
    args = parser.parse_args(argv)
    if not args.mapp.is_dir():
        print(f"{args.mapp}: mappen finns inte – ange en mapp med .txt-filer", file=sys.stderr)
        return 1
    facit = load_facit(args.facit) if args.facit else None
    for line in report(measure_folder(args.mapp, facit)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

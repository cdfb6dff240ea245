"""importera over protocols' front pages: organ, datum, tid, plats, the people and the justering, rule by rule."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from kanslist.importera.matning import MEETING, _same, neutral_workspace, strip_capture
from kanslist.importera.run import importera_text

from support import REPO

REAL = REPO / "tests" / "fixtures" / "real"
FACIT = REPO / "tests" / "fixtures" / "protokoll_facit.yaml"
FRONT_FIELDS = ("organ", "datum", "tid", "plats", "ordforande", "sekreterare", "ledamoter", "justerare", "justering",
                "rubrik", "dnr")


def _name(person) -> str:
    return person["namn"] if isinstance(person, dict) else str(person)


def _right(key: str, data: dict, expected, workspace) -> bool:
    """Return True when the draft's ``key`` is the facit's ``expected`` (ledamoter as a set of names)."""
    first = (data.get("punkter") or [{}])[0]
    found = first.get(key) if key in ("rubrik", "dnr") and isinstance(first, dict) else data.get(key)
    if found is None:
        return False
    if key == "ledamoter":
        return sorted(_name(p) for p in found) == sorted(expected)
    if key == "justering":
        return isinstance(found, dict) and str(found.get("datum")) == str(expected)
    if key == "organ":
        enhet = workspace.organisation.enheter.get(found) if isinstance(found, str) else None
        return _same(key, found, expected) or (enhet is not None and _same(key, enhet.namn, expected))
    return _same(key, found, expected)


def score(folder: Path, facit: dict, raw: bool = False) -> dict[str, dict[str, bool]]:
    """Return, per paper of ``folder`` that the facit names, each front-page field of the facit → right.

    ``raw``: the papers as stored, the collection's SOURCE/CAPTURE/NOTE lines not taken off.
    """
    out: dict[str, dict[str, bool]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workspace = neutral_workspace(Path(tmp))
        for path in sorted(Path(folder).glob("*.txt")):
            wanted = facit.get(path.name)
            if not wanted or wanted.get("typ") != MEETING:
                continue
            text = path.read_text(encoding="utf-8")
            draft = importera_text(text if raw else strip_capture(text), path.name, workspace)
            data = yaml.safe_load(draft) or {}
            out[path.name] = {k: _right(k, data, wanted[k], workspace) for k in FRONT_FIELDS if k in wanted}
    return out


def load_facit() -> dict:
    return yaml.safe_load(FACIT.read_text(encoding="utf-8"))


if __name__ == "__main__":  # PYTHONPATH=tests python tests/importera/test_framsida.py MAPP [--raw]: the figures
    import sys

    results = score(Path(sys.argv[1]), load_facit(), raw="--raw" in sys.argv)
    for name, fields in results.items():
        wrong = [k for k, ok in fields.items() if not ok]
        print(f"{name[:44]:44} {sum(fields.values())}/{len(fields)}" + (f"  fel: {','.join(wrong)}" if wrong else ""))
    total = sum(len(f) for f in results.values())
    print(f"{sum(sum(f.values()) for f in results.values())} av {total} fält rätt i {len(results)} protokoll")

"""Helpers of the meeting tests: a copy of examples/kommun-ar, meeting files written in a test."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import REPO, copy_workspace

KOMMUN_AR = REPO / "examples" / "kommun-ar"


def copy_kommun_ar(target: Path, meetings: bool = True) -> Path:
    """Return ``target`` holding a copy of examples/kommun-ar (its meetings too, unless ``meetings`` is False)."""
    copy_workspace(KOMMUN_AR, target)
    (target / "sammantraden").mkdir(exist_ok=True)
    if meetings:
        for path in (KOMMUN_AR / "sammantraden").glob("*.yaml"):
            shutil.copyfile(path, target / "sammantraden" / path.name)
    return target


MINIMAL = """\
organ: kommunstyrelsen
datum: {datum}
tid: "13.00"
plats: Kommunhuset
ordforande: anders-lind
sekreterare: johan-ek
ledamoter: [anders-lind, birgitta-sand, cecilia-wik]
justerare: [birgitta-sand]
justering: {{datum: {justering}, plats: Kommunledningskontoret}}
punkter:
{punkter}"""


def write_meeting(root: Path, name: str, datum: str = "2026-03-10", justering: str = "2026-03-12",
                  punkter: str = "  - val_av_justerare\n  - arende: arenden/2026-028-delegationsordning.yaml\n",
                  extra: str = "") -> Path:
    """Write sammantraden/``name``.yaml from the minimal meeting and return its path."""
    path = root / "sammantraden" / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(MINIMAL.format(datum=datum, justering=justering, punkter=punkter) + extra, "utf-8")
    return path

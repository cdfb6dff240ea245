"""granska checks meeting files and the sammantraden: settings as bygg does: the same Swedish message,
with file, line and field, where granska said 0 fel and bygg refused."""

from __future__ import annotations

import datetime as dt

import pytest

from kanslist.errors import InvalidInput
from kanslist.granska.run import granska
from kanslist.pipeline.build import build
from kanslist.workspace import Workspace
from support import REPO, copy_workspace

IDAG = dt.date(2026, 3, 1)
MEETING = "sammantraden/ks-2026-02-10.yaml"
SOLCELLER = "- arende: arenden/2025-118-motion-solceller.yaml\n"


@pytest.fixture
def root(tmp_path):
    return copy_workspace(REPO / "examples" / "kommun-ar", tmp_path / "ws", meetings=True)


def _errors(root, files=None) -> list[str]:
    problems = granska(Workspace(root), files, idag=IDAG, mallar=False, language=False)
    return [str(p) for p in problems if p.severity == "fel"]


def _refused(root) -> list[str]:
    try:
        report = build(Workspace(root), jobs=1)
    except InvalidInput as exc:  # data/organisation.yaml: nothing is built
        return [str(p) for p in exc.problems]
    return [str(p) for r in report.results for p in r.problems]


def it_finds_no_error_in_the_meetings_of_the_example(root):
    assert [e for e in _errors(root) if e.startswith("sammantraden/")] == []


def it_reports_a_decision_without_outcome_as_bygg_does(root):
    path = root / MEETING
    text = path.read_text("utf-8")
    assert SOLCELLER in text
    path.write_text(text.replace(SOLCELLER, SOLCELLER + "  beslut:\n  - Kommunstyrelsen beslutar i enlighet med "
                                 "arbetsutskottets förslag.\n"), "utf-8")
    line = path.read_text("utf-8").splitlines().index("  beslut:") + 1
    message = (f"{MEETING}:{line}: punkter[5].utfall: beslutet säger inte vad som blev utfallet – ange utfall: "
               "bifall, delvis_bifall, avslag, besvarad, aterremiss eller bordlaggning")
    assert [e for e in _errors(root) if e.startswith("sammantraden/")] == [message]
    assert _errors(root, [path]) == [message]  # the meeting file named on its own
    assert message in _refused(root)


def it_reports_an_unknown_part_of_the_paragraph_pattern_once(root):
    org = root / "data" / "organisation.yaml"
    text = org.read_text("utf-8")
    org.write_text(text.replace("  paragraf: § {nr}\n", '  paragraf: "{serie} § {nr}"\n'), "utf-8")
    line = org.read_text("utf-8").splitlines().index('  paragraf: "{serie} § {nr}"') + 1
    message = (f"data/organisation.yaml:{line}: sammantraden.paragraf: '{{serie}} § {{nr}}': {{serie}} är ingen känd "
               "del – använd {nr}, {ar} eller {ar2}")
    assert _errors(root) == [message]
    assert _refused(root) == [message]

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


def _with_meeting_settings(root, settings: str):
    org = root / "data" / "organisation.yaml"
    org.write_text(org.read_text("utf-8").replace("sammantraden:\n", "sammantraden:\n" + settings), "utf-8")


def it_warns_when_an_own_meeting_template_cannot_show_a_meeting_setting(tmp_path):
    import docx

    from kanslist.granska.run import granska
    from kanslist.workspace import Workspace
    from support import REPO, copy_workspace

    root = copy_workspace(REPO / "examples" / "kommun-ar", tmp_path / "ws", meetings=True)
    _with_meeting_settings(root, "  etiketter: {ovriga: Övriga deltagare}\n  innehall_dnr: false\n")
    (root / "mallar").mkdir(exist_ok=True)
    old = docx.Document()  # a protocol template from before these settings: fixed texts, its own header
    old.add_paragraph("Protokoll {{ organ.namn }} {{ datum }}")
    old.add_paragraph("{%p for p in paragrafer %}")
    old.add_paragraph("{{ p.paragraf }} {{ p.rubrik }}")
    old.add_paragraph("{%p endfor %}")
    old.save(str(root / "mallar" / "protokoll.docx"))
    found = [str(p) for p in granska(Workspace(root)) if "mallar/protokoll.docx" in p.file and "är satt" in p.message]
    hint = ("ta bort mallen så att standardmallen används, eller hämta en ny kopia med 'kanslist init --med-mallar "
            "NY_MAPP' och formge den igen – en mall från en äldre version saknar {v} (varning)")
    assert found == [
        "mallar/protokoll.docx: sammantraden.etiketter är satt i organisation.yaml, men mallen läser inte "
        "{{ etikett }} och visar därför inte inställningen – " + hint.format(v="etikett"),
        "mallar/protokoll.docx: sammantraden.innehall_dnr är satt i organisation.yaml, men mallen läser inte "
        "{{ innehall_dnr }} och visar därför inte inställningen – " + hint.format(v="innehall_dnr")]


def it_finds_nothing_missing_in_a_meeting_template_of_today(tmp_path):
    from kanslist.granska.run import granska
    from kanslist.workspace import Workspace
    from support import REPO, copy_workspace, own_template

    root = copy_workspace(REPO / "examples" / "kommun-ar", tmp_path / "ws", meetings=True)
    _with_meeting_settings(root, "  etiketter: {ovriga: Övriga deltagare}\n  innehall_dnr: false\n"
                                 "  utdrag_intygande: false\n  sidhuvud: [\"{organ}\\t{dokument}\\t{sida}\"]\n")
    for name in ("kallelse", "protokoll", "utdrag", "anslag"):
        own_template(root, name)
    assert [str(p) for p in granska(Workspace(root)) if p.file.startswith("mallar/")] == []

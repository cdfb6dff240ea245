"""Create workspaces (`kanslist init`) and new case files (`kanslist ny`)."""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path

from kanslist.errors import KanslistError
from kanslist.skeleton import skeleton, slug
from kanslist.workspace import DEFAULT_TEMPLATES, Workspace
from kanslist.pipeline.write import write_atomic

STOCKHOLM = "Europe/Stockholm"


def init_workspace(folder: Path, templates: bool = False) -> list[Path]:
    """Return the files of a new workspace created at ``folder`` (templates, data, an example case)."""
    folder = Path(folder)
    if (folder / "data" / "organisation.yaml").exists():
        raise KanslistError(f"{folder}: här finns redan en arbetsyta – välj en annan mapp")
    source = resources.files("kanslist") / "resources" / "arbetsyta"
    created = []
    # The workspace uses the default templates until it puts its own in mallar/; with
    # ``templates`` it gets copies of them to restyle.
    (folder / "mallar").mkdir(parents=True, exist_ok=True)
    if templates:
        for default in sorted(DEFAULT_TEMPLATES.glob("*.docx")):
            target = folder / "mallar" / default.name
            write_atomic(target, default.read_bytes())
            created.append(target)
    for sub in ("arenden", "data"):
        for item in sorted((source / sub).iterdir(), key=lambda p: p.name):
            if item.name.startswith(".") or item.name.endswith(".sqlite"):
                continue
            target = folder / sub / item.name
            write_atomic(target, item.read_bytes())
            created.append(target)
    write_atomic(folder / ".gitignore", b"build/\ndata/*.sqlite*\n")
    (folder / "build").mkdir(exist_ok=True)
    return created


def today() -> dt.date:
    """Return today's date in Swedish time (a paper written at 00:30 carries that day's date)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(STOCKHOLM)).date()


def new_case(workspace: Workspace, typ: str, rubrik: str | None = None, registrera: bool = False,
             dnr: str | None = None) -> Path:
    """Return the path of a new case file of kind ``typ`` written under arenden/.

    With ``registrera`` the number comes from the register: the next number of a new case,
    or ``dnr`` when the new file is a further paper of a case already registered.
    """
    if dnr and not registrera:
        raise KanslistError("--dnr hör ihop med --registrera – lägg till --registrera eller skriv numret i filen")
    org = workspace.organisation
    rubrik = rubrik or "Ny rubrik"
    forvaltning = next((k for k, e in org.enheter.items() if e.typ == "forvaltning"), "forvaltningen")
    namnd = next((k for k, e in org.enheter.items() if e.typ in ("namnd", "styrelse") and e.serie), None)
    person = next(iter(workspace.personer), "handlaggare-id")
    if registrera:
        from kanslist.diarium.register import Diarium

        serie = org.enheter[namnd].serie if namnd else None
        if serie is None:
            raise KanslistError("ingen enhet i data/organisation.yaml har en diarieserie (serie: KS) – lägg till en")
        with Diarium.open(workspace.diarium_url(), org) as diarium:
            if dnr:
                dnr = diarium.visa(dnr).dnr  # refused in Swedish when the register has no such case
            else:
                dnr = diarium.nytt_arende(serie=serie, rubrik=rubrik)
    text = skeleton(typ, rubrik, today(), forvaltning, namnd or "kommunstyrelsen", person, dnr)
    path = workspace.arenden_dir / f"{slug(rubrik)}.yaml"
    n = 2
    while path.exists():
        path = workspace.arenden_dir / f"{slug(rubrik)}-{n}.yaml"
        n += 1
    write_atomic(path, text.encode("utf-8"))
    return path

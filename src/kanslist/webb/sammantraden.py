"""Meetings in the web app: the list of sammantraden/*.yaml, one meeting's items, its built papers."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from kanslist.errors import InvalidInput
from kanslist.sammantrade.numrering import FOLDER, meeting_files, meeting_name, numbered

MANIFEST = "kanslist.json"
# Papers that name every item (kallelse and protokoll list them, the anslag its §§ with their subjects).
WHOLE_MEETING = ("kallelse.docx", "protokoll.docx", "anslag.docx", "anslag.html")
PAPER_LABELS = {"kallelse.docx": "Kallelse", "protokoll.docx": "Protokoll", "anslag.docx": "Anslag, Word",
                "anslag.html": "Anslag, webbsida"}
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".html": "text/html; charset=utf-8"}


def meeting_path(ws, name: str) -> Path | None:
    """Return the meeting file named ``name`` (without .yaml), or None."""
    for path in meeting_files(ws):
        if meeting_name(path) == name:
            return path
    return None


def out_dir(ws, name: str) -> Path:
    return ws.build_dir / FOLDER / name


def built(ws, name: str) -> dict | None:
    """Return the manifest of the meeting's last build, None when it was never built (or it cannot be read)."""
    try:
        manifest = json.loads((out_dir(ws, name) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("dokument"), dict) else None


def built_at(ws, name: str) -> str:
    path = out_dir(ws, name) / MANIFEST
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M") if path.exists() else ""


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def justering_text(day: dt.date | None, today: dt.date) -> str:
    """Return whether the protocol is justerat: as publishing sees it, by the day of justering."""
    if day is None:
        return "Okänt"
    return f"Justerat {day.isoformat()}" if day <= today else f"Justeras {day.isoformat()}"


def listing(ws, case_data, today: dt.date) -> list[dict]:
    """Return one row per meeting file, read leniently (a broken file still gets a row)."""
    rows = []
    for path in meeting_files(ws):
        name = meeting_name(path)
        data = case_data(path.read_text(encoding="utf-8", errors="replace"))
        organ = str(data.get("organ") or "")
        enhet = ws.organisation.enheter.get(organ)
        punkter = data.get("punkter") if isinstance(data.get("punkter"), list) else []
        justering = data.get("justering") if isinstance(data.get("justering"), dict) else {}
        rows.append({"name": name, "organ": enhet.namn if enhet else f"{path.name} (kan inte läsas)",
                     "datum": str(data.get("datum") or ""), "plats": str(data.get("plats") or ""),
                     "punkter": sum(1 for p in punkter if numbered(p)),
                     "byggd": built_at(ws, name) if built(ws, name) else "",
                     "justerat": justering_text(_date(justering.get("datum")), today)})
    return sorted(rows, key=lambda r: (r["datum"], r["name"]))


@dataclass
class Item:
    """One agenda item as a user may see it."""

    agenda: int
    paragraf: str
    rubrik: str
    dnr: str
    slag: str
    utdrag: str  # the extract's file name, "" when the item has none
    hidden: bool = False
    sekretess: bool = False


@dataclass
class Detail:
    """One meeting, validated, with its items in order."""

    name: str
    display: str
    organ: str
    datum: str
    tid: str
    plats: str
    justerat: str
    items: list[Item] = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def any_hidden(self) -> bool:
        return any(i.hidden for i in self.items)

    def refused(self, filename: str) -> bool:
        """Return True when ``filename`` names a classified item the user may not see."""
        if not self.any_hidden:
            return False
        if filename in WHOLE_MEETING:
            return True
        return any(i.hidden and i.utdrag == filename for i in self.items)


def detail(ws, path: Path, user, case_data, secrecy, today: dt.date) -> Detail:
    """Return the meeting in ``path`` as ``user`` may see it; its problems instead when it cannot be read.

    Classified subjects follow the case pages' rule (``secrecy``, of the case each item names).
    """
    from kanslist.sammantrade.context import meeting_context
    from kanslist.sammantrade.kontroll import load_meeting
    from kanslist.sammantrade.model import ArendePunkt, InformationPunkt
    from kanslist.sammantrade.numrering import first_paragraph

    name = meeting_name(path)
    display = ws.display(path)
    try:
        meeting = load_meeting(ws, path)
        model = meeting.model
        first = first_paragraph(ws, path, model.organ, model.datum)
        context = meeting_context(ws, meeting, first)
    except InvalidInput as exc:
        return Detail(name, display, "", "", "", "", "", problems=exc.problems)
    shown = built(ws, name) is not None  # § numbers are settled once the papers are built
    items = []
    for i, (punkt, p) in enumerate(zip(model.punkter, context["punkter"])):
        hidden = mark = False
        rubrik = p["rubrik"]
        if isinstance(punkt, ArendePunkt) and i in meeting.cases:
            data = case_data(meeting.cases[i].source.decode("utf-8", "replace"))
            marking, hidden, masked = secrecy(data, user)
            mark = marking is not None
            rubrik = masked if hidden else rubrik
        slag = ("Val av justerare" if isinstance(punkt, str) else "Information" if isinstance(punkt, InformationPunkt)
                else "Ärende" if isinstance(punkt, ArendePunkt) else "Övrigt ärende")
        paragraf = (p["paragraf"] if shown else "") if numbered(punkt) or isinstance(punkt, str) else "–"
        items.append(Item(p["agenda"], paragraf, rubrik, p["dnr"], slag,
                          f"{p['utdrag']}.docx" if p.get("utdrag") else "", hidden, mark))
    return Detail(name, display, context["organ"]["namn"], model.datum.isoformat(), model.tid, model.plats,
                  justering_text(model.justering.datum, today), items)


def papers(ws, name: str) -> list[tuple[str, str]]:
    """Return the built papers of meeting ``name`` (file, label), kallelse first and each utdrag in order."""
    manifest = built(ws, name)
    if manifest is None:
        return []
    files = [f for f in manifest["dokument"] if Path(f).suffix in MEDIA and (out_dir(ws, name) / f).is_file()]
    order = {f: i for i, f in enumerate(("kallelse.docx", "protokoll.docx"))}

    def key(f: str):
        if f in order:
            return (0, order[f], 0)
        if f.startswith("utdrag-"):
            number = f[len("utdrag-"):-len(".docx")]
            return (1, int(number) if number.isdigit() else 0, 0)
        return (2, 0 if f.endswith(".docx") else 1, 0)

    labels = []
    for f in sorted(files, key=key):
        if f.startswith("utdrag-"):
            labels.append((f, f"Protokollsutdrag § {f[len('utdrag-'):-len('.docx')]}"))
        else:
            labels.append((f, PAPER_LABELS.get(f, f)))
    return labels

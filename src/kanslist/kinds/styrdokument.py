"""A governing document (policy, riktlinje, rutin, handlingsplan) and its tjänsteskrivelse."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Iterator, Literal

from pydantic import Field

from kanslist.errors import Problem
from kanslist.granska.regel import Granskning as Review
from kanslist.kinds.base import Document, Importer, Kind
from kanslist.model import ArendeBase, Datum, EnhetEllerPersonRef, Kod, Markdown, NotProse, Text

if TYPE_CHECKING:  # importera is imported where a paper is imported: other commands start without it
    from kanslist.importera.placement import Placement

_DOKUMENTTYP = {"rutinen": "rutin", "riktlinjen": "riktlinje", "policyn": "policy", "handlingsplanen": "handlingsplan"}
_DEN_HAR = re.compile(r"\bden här (rutinen|riktlinjen|policyn|handlingsplanen)\b")

DOKUMENTTYP_TEXT = {"policy": "Policy", "riktlinje": "Riktlinje", "rutin": "Rutin", "handlingsplan": "Handlingsplan"}


class Styrdokument(ArendeBase):
    """A governing document; its body is ``arendet`` with Markdown headings for its sections."""

    __beskrivning__ = "Ett styrdokument (policy, riktlinje, rutin, handlingsplan); brödtexten står i arendet med Markdown-rubriker."

    typ: Literal["styrdokument"]
    """Dokumentslaget."""
    dokumenttyp: Literal["policy", "riktlinje", "rutin", "handlingsplan"]
    """policy, riktlinje, rutin eller handlingsplan."""
    beslutad_av: Annotated[Text, NotProse()] = Field(
        description="Vem som beslutar dokumentet: ett organ eller en förvaltning (id eller namn), eller en "
                    "person (id i data/personer.yaml eller namn) när en tjänsteperson fastställer en rutin")
    beslutsdatum: Datum | None = None
    """Dagen dokumentet beslutades."""
    beslutsparagraf: Kod | None = Field(None, description="Paragrafen i protokollet, t.ex. '§ 117'")
    giltig_till: Datum | None = None
    """Till och med när dokumentet gäller."""
    galler_for: Text | None = Field(None, description="Vem dokumentet gäller för, t.ex. 'Alla förvaltningar'")
    revideras: Text | None = Field(None, description="När dokumentet ska ses över, t.ex. 'vartannat år' eller "
                                                     "'senast 2027-12-31'")
    senast_reviderad: Datum | None = Field(None, description="Datum för den senaste revideringen")
    dokumentansvarig: EnhetEllerPersonRef
    """Vem som ansvarar för dokumentet: ett organ eller en förvaltning, eller en person (id i data/organisation.yaml
    eller data/personer.yaml, eller namnet)."""
    version: Kod | None = None
    """Dokumentets version, t.ex. 2.1."""
    tjansteskrivelse: bool = Field(True, description="false när dokumentet beslutas utan tjänsteskrivelse, t.ex. "
                                                     "en rutin som förvaltningschefen fastställer")
    inledning: Markdown | None = None
    """Dokumentets inledning (Markdown)."""
    definitioner: dict[Text, Markdown] = Field(default_factory=dict)
    """Begrepp och deras förklaringar."""
    hanvisningar_text: list[Text] = Field(default_factory=list)
    """Hänvisningar till lagar och andra dokument, som text."""




def _decided_by(value: str, resolver) -> str:
    """Return who decided or answers for the document: a body's name, or a person's name and title (a rutin an
    official fixes, a document a kanslichef answers for)."""
    if value in resolver.organisation.enheter or value not in resolver.personer:
        return resolver.enhet_namn(value)
    person = resolver.person(value)
    return person["namn"] + (f", {person['titel']}" if person["titel"] else "")


def extend_context(arende: Styrdokument, context: dict, resolver) -> None:
    """Add the metadata table, the definitions and the document type in words."""
    beslutad_av = _decided_by(arende.beslutad_av, resolver)
    beslutsdatum = resolver.date(arende.beslutsdatum) or "Ej beslutad"
    faststalld = " ".join(v for v in (beslutad_av, resolver.date(arende.beslutsdatum), arende.beslutsparagraf) if v)
    rows = [("dokumenttyp", "Dokumenttyp", DOKUMENTTYP_TEXT[arende.dokumenttyp]),
            ("beslutad_av", "Beslutad av", beslutad_av),
            ("beslutsdatum", "Beslutsdatum", beslutsdatum + (f", {arende.beslutsparagraf}" if arende.beslutsparagraf else "")),
            ("galler_for", "Gäller för", arende.galler_for or ""),
            ("giltig_till", "Giltig till", resolver.date(arende.giltig_till) or resolver.organisation.stil.tills_vidare),
            ("senast_reviderad", "Senast reviderad", resolver.date(arende.senast_reviderad)),
            ("revideras", "Revideras", arende.revideras or ""), ("version", "Version", arende.version or ""),
            ("dokumentansvarig", "Dokumentansvarig", _decided_by(arende.dokumentansvarig, resolver)),
            ("dnr", "Diarienummer", arende.dnr or "–"),
            # Rows only an organisation that labels them shows (Tjörn: Dokumentnamn, Fastställd/Upprättad).
            ("dokumentnamn", "", arende.rubrik),
            ("typ_och_beslutad_av", "", f"{DOKUMENTTYP_TEXT[arende.dokumenttyp]} {beslutad_av}"),
            ("faststalld", "", faststalld)]
    # The organisation's own labels (stil.dokumentfalt), its rows first in the order it names them;
    # an empty label drops the row.
    labels = resolver.organisation.stil.dokumentfalt
    named = list(labels)
    rows = sorted(rows, key=lambda row: named.index(row[0]) if row[0] in named else len(named))
    rows = [(labels.get(key, label), value) for key, label, value in rows if labels.get(key, label)]
    context["styrdokument"] = {
        "dokumenttyp": DOKUMENTTYP_TEXT[arende.dokumenttyp],
        "beslutad_av": beslutad_av,
        "beslutsdatum": beslutsdatum,
        "beslutsparagraf": arende.beslutsparagraf or "",
        "faststalld": faststalld,
        "galler_for": arende.galler_for or "",
        "revideras": arende.revideras or "",
        "senast_reviderad": resolver.date(arende.senast_reviderad),
        "giltig_till": resolver.date(arende.giltig_till) or resolver.organisation.stil.tills_vidare,
        "dokumentansvarig": _decided_by(arende.dokumentansvarig, resolver),
        "version": arende.version or "",
        # The metadata table: only rows with a value (a rutin has no paragraph, most have no version).
        "metadata": [{"etikett": k, "varde": v} for k, v in rows if v],
        "inledning": arende.inledning or "",
        "definitioner": [{"term": k, "definition": v} for k, v in arende.definitioner.items()],
        "hanvisningar": list(arende.hanvisningar_text),
    }


def dates(g: Review) -> Iterator[Problem]:
    """A document valid only until before it was decided."""
    beslutsdatum, giltig_till = g.arende.beslutsdatum, g.arende.giltig_till
    if beslutsdatum and giltig_till and giltig_till < beslutsdatum:
        yield g.problem(("giltig_till",), f"dokumentet gäller till {giltig_till.isoformat()}, före "
                                          f"beslutsdatum {beslutsdatum.isoformat()}",
                        "kontrollera giltig_till och beslutsdatum")


# A governing document titled by its type, or carrying its metadata block.
_TYPE_TITLE = re.compile(r"^\W*(?:[\wåäö]+)?(?:policy|riktlinje[rn]?|rutin|anvisning|reglemente)\b", re.MULTILINE | re.IGNORECASE)
_METADATA = re.compile(r"Dokumentansvarig|Beslutad av|Beslutat av|Antagen av|Dokumentet är beslutat|Giltig till|"
                       r"gäller tillsvidare|Giltighetstid", re.IGNORECASE)


def _recognise(text: str, headings: list[str]) -> bool:
    return ("definitioner" in headings or bool(_DEN_HAR.search(text)) or bool(_TYPE_TITLE.search(text[:300]))
            or bool(_METADATA.search(text[:1500])))


def _take(pc: Placement) -> None:
    """The introduction is the document's own (``inledning``), not part of the body."""
    pc.fields["inledning_blocks"], pc.inledning_blocks = pc.inledning_blocks, []


def _fill(pc: Placement) -> None:
    inledning = pc.fields.pop("inledning_blocks", [])
    found = _DEN_HAR.search(pc.arendet + " " + pc.markdown(inledning))
    if found:
        pc.data["dokumenttyp"] = _DOKUMENTTYP[found.group(1)]
    else:
        pc.missing("dokumenttyp", "policy, riktlinje, rutin eller handlingsplan")
    pc.missing("beslutad_av", "vilket organ som beslutar dokumentet stod inte i texten")
    pc.missing("dokumentansvarig", "vem som ansvarar för dokumentet stod inte i texten")
    if inledning:
        pc.data["inledning"] = pc.markdown(inledning)
    if pc.fields.get("definitioner"):
        pc.data["definitioner"] = pc.fields.pop("definitioner")
    items = pc.fields.pop("hanvisningar_items", None)
    if items:
        pc.data["hanvisningar_text"] = items
    pc.references_as_text = True  # a governing document's references are text, not case numbers


def _documents(arende: Styrdokument, documents):
    """A document decided without a tjänsteskrivelse (tjansteskrivelse: false) is built alone."""
    return documents if arende.tjansteskrivelse else tuple(d for d in documents if d.name != "tjansteskrivelse")


def _sections(arende: Styrdokument, sections):
    """A document decided without a tjänsteskrivelse (a rutin an official fixes) needs no proposed decision."""
    return sections if arende.tjansteskrivelse else tuple(s for s in sections if s != ("forslag_till_beslut",))


KIND = Kind(
    typ="styrdokument",
    title="styrdokument",
    model=Styrdokument,
    documents=(
        Document("tjansteskrivelse", "tjansteskrivelse", "Tjänsteskrivelse"),
        Document("styrdokument", "styrdokument", "Styrdokument"),
    ),
    skeleton="""\
dokumenttyp: riktlinje              # policy | riktlinje | rutin | handlingsplan
beslutad_av: {till}
beslutsdatum:
giltig_till:
dokumentansvarig: {fran}
definitioner: {{}}
""",
    required_sections=(("forslag_till_beslut",), ("arendet",)),
    own_sections=("arendet",),  # the governing document's own text
    extend_context=extend_context,
    select_documents=_documents,
    select_sections=_sections,
    rules=(dates,),
    importer=Importer(recognise=_recognise, take=_take, fill=_fill),
)

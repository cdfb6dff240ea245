"""Skeletons of new case files (`kanslist ny TYP`), in the contract's shape with Swedish comments."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

COMMON = """\
typ: {typ}
rubrik: {rubrik}
{dnr_line}
datum: {datum}
fran: {fran}              # skrivande förvaltning: id i data/organisation.yaml eller namn
till: {till}              # beslutande organ
handlaggare: [{handlaggare}]   # id i data/personer.yaml, eller {{namn: ..., titel: ...}}
forslag_till_beslut:
  att:
    - anta förvaltningens förslag   # en att-sats per beslutspunkt
sammanfattning: |             # Markdown
  Skriv en kort sammanfattning här.
arendet: |                    # Markdown: stycken, listor, **fet**, *kursiv*, tabeller
  Beskriv ärendet här.
beslutsunderlag:
  - Tjänsteskrivelse {datum}
skickas_till: []
"""

EXTRA = {
    "tjansteskrivelse": "",
    "revisionssvar": """\
granskning:
  titel: {rubrik}
  revisionsbyra:
  rapportdatum:
  svar_senast:
rekommendationer:
  - nr: 1
    rubrik: Rekommendationens rubrik
    stallningstagande: instammer      # instammer | instammer_delvis | instammer_inte
    svar: |
      Förvaltningens svar på rekommendationen.
    atgarder:
      - atgard: Vad som ska göras
        ansvarig: Vem som ansvarar
        klart: {datum}
        status: planerad              # planerad | pagar | genomford
undertecknare: []
""",
    "motionssvar": """\
motion:
  titel: {rubrik}
  forslagsstallare: Partiet eller ledamotens namn
  inkom: {datum}
  yrkanden:
    - Motionens första att-sats
  bedomning: besvarad               # bifall | delvis_bifall | avslag | besvarad
""",
    "aterrapport": """\
uppdrag:
  beslutat: {datum}
  beskrivning: Uppdraget som nämnden gav förvaltningen.
  aterrapport_senast:
""",
    "styrdokument": """\
dokumenttyp: riktlinje              # policy | riktlinje | rutin | handlingsplan
beslutad_av: {till}
beslutsdatum:
giltig_till:
dokumentansvarig: {fran}
definitioner: {{}}
""",
}


def slug(text: str) -> str:
    """Return a file name for a case title: "Svar på motion" → "svar-pa-motion"."""
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "arende"


def skeleton(typ: str, rubrik: str, datum: dt.date, fran: str, till: str, handlaggare: str, dnr: str | None) -> str:
    """Return the YAML text of a new case of kind ``typ``."""
    # JSON strings are YAML double-quoted scalars: "Svar: #2" stays one title.
    values = dict(typ=typ, rubrik=json.dumps(rubrik, ensure_ascii=False), datum=datum.isoformat(), fran=fran, till=till, handlaggare=handlaggare,
                  dnr_line=f"dnr: {dnr}" if dnr else "# dnr: tilldelas av registrator (kanslist ny --registrera)")
    return (COMMON + EXTRA[typ]).format(**values)

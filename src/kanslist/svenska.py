"""The Swedish of kanslist, written once: dates both ways, genitive, lists, and the phrases of
stances, statuses and outcomes in both directions (the generator, granska and the importer
read the same tables, so changing "instämmer delvis" is one edit here).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]


# ---- dates -----------------------------------------------------------------------------

def format_date(value: dt.date | str | None, stil: str = "iso") -> str:
    """Return ``value`` as "2023-03-09" (iso), "9 mars 2023" (lang) or "9 mar 2023" (kort); "" for none."""
    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if stil == "iso":
        return day.isoformat()
    month = MONTHS[day.month - 1]
    return f"{day.day} {month if stil == 'lang' else month[:3]} {day.year}"


def parse_date(text: str) -> dt.date | None:
    """Return the date of "9 mars 2023" or "2023-03-09"; None for anything else."""
    text = text.strip().rstrip(".")
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        long = re.fullmatch(r"(\d{1,2})\s+([a-zåäö]+)\s+(\d{4})", text.lower())
        if long and long.group(2) in MONTHS:
            return dt.date(int(long.group(3)), MONTHS.index(long.group(2)) + 1, int(long.group(1)))
    except ValueError:
        return None
    return None


# ---- names and sentences ------------------------------------------------------------------

def genitive(name: str) -> str:
    """Return the genitive: Kommunledningskontoret → Kommunledningskontorets; a name ending in s, x, z is unchanged."""
    return name if re.search(r"[sxz]$", name) else name + "s"


def nominative(name: str) -> str:
    """Return a body's name out of the genitive: "Socialförvaltningens" → "Socialförvaltningen"."""
    name = name.strip()
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


class Namn(str):
    """A body's name that knows how it is written inside a sentence (enheter.<id>.i_text)."""

    i_text: str

    def __new__(cls, namn: str, i_text: str):
        made = super().__new__(cls, namn)
        made.i_text = i_text
        return made


def lower_first(name: str) -> str:
    """Return a one-word body name in lower case for use mid-sentence ("föreslår kommunstyrelsen");
    a Namn as it is written inside a sentence ("föreslår kommunstyrelsens arbetsutskott")."""
    if isinstance(name, Namn):
        return name.i_text
    return name[:1].lower() + name[1:] if " " not in name and name[:1].isupper() else name


def upper_first(text: str) -> str:
    """Return ``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def join_and(items: list[str]) -> str:
    """Return "A, B och C" (no serial comma, as Språkrådet recommends); "" for no items."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def sentence_end(text: str, mark: str = ".") -> str:
    """Return ``text`` ending in a full stop (or ``mark``) unless it already ends a sentence."""
    return text if text[-1:] in ".!?:" else text + mark


def infinitive(verb: str) -> str:
    """Return the infinitive of a present-tense verb: avslår → avslå, godkänner → godkänna."""
    if verb.endswith(("år", "ar")):
        return verb[:-1]
    if verb.endswith("er"):
        return verb[:-2] + "a"
    if verb.endswith("r"):
        return verb[:-1]
    return verb


# Verbs whose present tense is not infinitive + r, matched on the end of the word so that
# compounds follow their last part (fastställa like ställa, översända like sända). Group 2
# (-er) and the irregular ones; every other verb ending in -a takes -r (anta, notera, besluta).
_PRESENT_EXACT = {"vara": "är", "kunna": "kan", "vilja": "vill", "skola": "ska", "veta": "vet"}
_PRESENT_IRREGULAR = {
    "stödja": "stöder", "göra": "gör", "föra": "för", "höra": "hör", "köra": "kör", "bära": "bär",
    "skära": "skär", "lära": "lär",
}
_PRESENT_ER = (
    "känna", "bekänna", "spänna", "lägga", "ligga", "ställa", "gälla", "hålla", "falla", "sätta", "låta",
    "skjuta", "möta", "byta", "sända", "vända", "använda", "skriva", "driva", "välja", "följa", "styrka",
    "stärka", "häva", "leda", "reda", "kräva", "mäla", "söka", "köpa", "tycka", "trycka", "läsa", "resa",
    "lösa", "sköta", "komma", "säga", "släppa", "tänka", "sänka", "fylla", "skilja", "stänga",
    "hänga", "glömma", "döma", "ringa", "väcka", "sträcka", "täcka", "bygga", "bryta",
    "njuta", "bjuda", "ljuda", "flyga", "äga",
)


def present(verb: str) -> str | None:
    """Return the present tense of an infinitive: anta → antar, godkänna → godkänner, ge → ger.

    None when ``verb`` does not look like an infinitive (it ends in a consonant: "med",
    "enligt"), so a caller can fall back on "beslutar att ...". The inverse of :func:`infinitive`.
    """
    word = verb.strip()
    if not word or not word.isalpha() or word[-1] not in "aeiouyåäö":
        return None
    lower = word.lower()
    if lower in _PRESENT_EXACT:
        return _PRESENT_EXACT[lower]
    for base, form in _PRESENT_IRREGULAR.items():
        if lower.endswith(base):
            return word[: len(word) - len(base)] + form
    if lower[-1] != "a":
        return word + "r"  # ge, se, gå, avslå, bli: a short verb takes -r
    if lower.endswith(_PRESENT_ER):
        return word[:-1] + "er"
    return word + "r"


def present_clause(clause: str) -> str | None:
    """Return an infinitive clause with its first verb in the present tense; None when it starts with no verb.

    "anta riktlinjen" → "antar riktlinjen"; "lägga rapporten till handlingarna" → "lägger rapporten ...".
    """
    first, _, rest = clause.strip().partition(" ")
    verb = present(first)
    if verb is None:
        return None
    return f"{verb} {rest}".rstrip()


# ---- the phrase tables -------------------------------------------------------------------

@dataclass(frozen=True)
class Phrase:
    """One value of a closed list (a stance, a status, an outcome) in every form kanslist uses.

    ``label`` is the table cell ("Instämmer delvis"), ``words`` the words in running text
    ("instämmer delvis"), ``clause`` what follows the subject in a generated sentence (for a
    status, its plural: "2 planerade"), and
    ``reading`` the pattern that finds the value in a written text (longest reading first).
    """

    value: str
    label: str
    words: str
    clause: str
    reading: str


STANCES = {p.value: p for p in (
    # "instämmer inte i" is not "instämmer i": the tables are read strongest first.
    Phrase("instammer_inte", "Instämmer inte", "instämmer inte", "instämmer inte i rekommendationen",
           r"\binstämmer\s+(?:inte|ej)\b"),
    Phrase("instammer_delvis", "Instämmer delvis", "instämmer delvis", "instämmer delvis i rekommendationen",
           r"\binstämmer\s+(?:delvis|till\s+viss\s+del|i\s+delar)\b"),
    Phrase("instammer", "Instämmer", "instämmer", "instämmer i rekommendationen",
           r"\binstämmer\s+(?:helt\s+|fullt\s+ut\s+|)i\b"),
)}

STATUSES = {p.value: p for p in (
    Phrase("planerad", "Planerad", "planerad", "planerade", r"\bplanerad(?:e)?\b"),
    Phrase("pagar", "Pågår", "pågår", "pågår", r"\bpågår\b|\bpågående\b"),
    Phrase("genomford", "Genomförd", "genomförd", "genomförda", r"\bgenomförd(?:a)?\b"),
)}

# A motion's outcome: ``clause`` is the passive of the decision ("Motionen bifalls delvis.").
OUTCOMES = {p.value: p for p in (
    Phrase("delvis_bifall", "Delvis bifall", "delvis bifall", "bifalls delvis",
           r"\bdelvis\s+(?:bifalla|bifaller|bifalls|bifall)\b|\bbifalla\s+\w+\s+delvis\b|\bbifalls\s+delvis\b"),
    Phrase("bifall", "Bifall", "bifall", "bifalls", r"\b(?:bifalla|bifaller|bifalls|bifall)\b"),
    Phrase("avslag", "Avslag", "avslag", "avslås", r"\b(?:avslå|avslår|avslås|avslag)\b"),
    Phrase("besvarad", "Besvarad", "besvarad", "anses besvarad", r"\b(?:besvarad|besvarade|besvarat)\b"),
)}

# The stance sentence kanslist writes itself: "Kommunledningskontoret instämmer delvis i rekommendationen."
GENERATED_STANCE = re.compile(r"\binstämmer\s+(?:inte\s+|ej\s+|delvis\s+|)i\s+rekommendationen\b")

_READINGS = {id(table): [(p.value, re.compile(p.reading)) for p in table.values()]
             for table in (STANCES, STATUSES, OUTCOMES)}


def normalised(text: str) -> str:
    """Return ``text`` in lower case with runs of blanks as one space (line breaks included)."""
    return re.sub(r"\s+", " ", text.lower()).strip()


def stated(text: str, table: dict[str, Phrase]) -> list[str]:
    """Return the values of ``table`` that ``text`` states in words, each once, strongest first.

    A matched phrase is blanked before the next is tried, so "instämmer inte" is not also "instämmer".
    """
    found, rest = [], normalised(text)
    for value, pattern in _READINGS[id(table)]:
        if pattern.search(rest):
            found.append(value)
            rest = pattern.sub(" ", rest)
    return found


def stance_sentence(office: str, stallningstagande: str | None) -> str | None:
    """Return "Kommunledningskontoret instämmer i rekommendationen."; None without a stance."""
    if stallningstagande is None:
        return None
    return f"{office} {STANCES[stallningstagande].clause}."

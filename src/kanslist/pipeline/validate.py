"""Validate loaded YAML against the typed models; turn every failure into a Swedish Problem."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterable

import pydantic

from kanslist.dnr import DnrPattern
from kanslist.errors import InvalidInput, Problem, field_name, nearest
from kanslist.kinds import ARENDE, KINDS, typ_list
from kanslist.model import looks_like_id, references
from kanslist.pipeline.load import Loaded, load_yaml


def _choice_hint(value: str, options: list[str]) -> str:
    """Return how to pick one of ``options``, with the nearest to ``value`` first when one is near."""
    guess = nearest(value, options)
    if guess:
        return f"menade du {guess}? Tillåtna värden: {', '.join(options)}"
    return f"välj ett av: {', '.join(options)}"


def _shown(value: Any) -> str:
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _number(n: Any) -> str:
    """Return ``n`` the Swedish way, a space between thousands: 100 000."""
    return f"{n:,}".replace(",", " ") if isinstance(n, int) else str(n)




def _translate(error: dict, model: Any) -> tuple[str, str]:
    """Return (message, hint) in Swedish for one pydantic error; never pydantic's English."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error.get("loc") or ())
    if kind == "missing":
        return "saknas", "lägg till fältet"
    if kind == "extra_forbidden":
        parent = loc[:-1]
        name = loc[-1] if loc else ""
        if name == "":
            return "fältet saknar namn (nyckeln är '')", "skriv fältets namn före kolon, eller ta bort raden"
        options = fields_at(model, parent) if model is not None else []
        # A name that is a parent of the field itself ("granskning" under granskning) is no guess.
        guess = nearest(name, [o for o in options if o not in parent])
        hint = f"menade du {guess}?" if guess else "ta bort fältet eller kontrollera stavningen"
        return "okänt fält", hint
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type",
                "date_future", "date_past", "datetime_parsing", "datetime_type"):
        if isinstance(value, (dict, list)):
            return "ska vara ett datum", "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-05-12"
        return f"{_shown(value)} är inget giltigt datum", "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-05-12"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",") if o.strip()]
        if not isinstance(value, str):
            return "ska vara ett av de tillåtna orden", f"välj ett av: {', '.join(options)}"
        return f"{_shown(value)} är inget tillåtet värde", _choice_hint(value, options)
    if kind == "union_tag_invalid":
        options = [o.strip().strip("'") for o in str(ctx.get("expected_tags", "")).split(",")]
        typ = value.get("typ") if isinstance(value, dict) else ctx.get("tag")
        if not isinstance(typ, str):
            return "ska vara en ärendetyp skriven som text", f"skriv t.ex. typ: revisionssvar (en av {typ_list()})"
        return f"{_shown(typ)} är ingen känd ärendetyp", _choice_hint(typ, options)
    if kind == "union_tag_not_found":
        return "saknas", f"ange typ: {typ_list()}"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size", "float_parsing", "float_type",
                "decimal_parsing", "decimal_type"):
        if isinstance(value, (dict, list)):
            return "ska vara ett heltal", "skriv ett heltal, t.ex. 3"
        return f"{_shown(value)} är inget heltal", "skriv ett heltal, t.ex. 3"
    if kind in ("greater_than", "greater_than_equal"):
        return f"{_shown(value)} är för litet", f"värdet ska vara minst {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than", "less_than_equal"):
        return f"{_shown(value)} är för stort", f"värdet får vara högst {ctx.get('le', ctx.get('lt'))}"
    if kind in ("bool_parsing", "bool_type"):
        return "ska vara ja eller nej", "skriv true eller false"
    if kind in ("string_type", "string_sub_type", "string_unicode"):
        return "ska vara text", "skriv texten direkt efter kolon, eller som ett block med |"
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type"):
        return "ska vara en lista", "skriv varje punkt på en egen rad som börjar med '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type", "dataclass_type"):
        return "ska vara en samling fält", "skriv fälten indragna under nyckeln, t.ex. '  namn: ...'"
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return "får inte vara tomt", "skriv en text"
        return "får inte vara tom", "lägg till minst en punkt"
    if kind in ("too_long", "string_too_long"):
        limit = _number(ctx.get("max_length"))
        if isinstance(value, str):
            return "är för lång", f"korta texten till högst {limit} tecken"
        return "har för många punkter", f"högst {limit} får stå här"
    if kind == "string_pattern_mismatch":
        return f"{_shown(value)} har fel form", "jämför med exemplet i arenden/ eller 'kanslist ny TYP'"
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", ""))
        message, _, hint = message.partition(" – ")
        if message:
            return message, hint
    # Anything else: the field is named (by the caller) and the text stays Swedish.
    return "har ett värde som inte kan användas här", "jämför med exemplet i arenden/ eller 'kanslist ny TYP'"


def fields_at(model: Any, loc: tuple) -> list[str]:
    """Return the field names of the model found at ``loc`` inside ``model``; [] if none."""
    current = model
    for part in loc:
        current = _model_in(current)
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = info.annotation
    current = _model_in(current)
    return list(current.model_fields) if current is not None else []


def _model_in(annotation: Any) -> Any:
    """Return the BaseModel class inside an annotation (Optional, list, dict, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _model_in(origin) if isinstance(origin, type) else None
    return None


# Parts pydantic adds to a loc that are no key of the file: union members ("str",
# "PersonText") and validator wrappers ("function-after[_xml_safe(), str]").
_MEMBERS = {"str", "PersonText"}
_WRAPPER = re.compile(r"[a-z][a-z-]*\[.*\]", re.DOTALL)


def _file_loc(loc: tuple, data: Any) -> tuple:
    """Return ``loc`` with pydantic's own parts removed; a key that is in the file always stays."""
    kept = []
    current = data
    for part in loc:
        if isinstance(current, dict) and not isinstance(part, int) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif isinstance(part, str) and (part in _MEMBERS or _WRAPPER.fullmatch(part)):
            continue
        else:
            current = None  # a field that is missing: named, nothing below it
        kept.append(part)
    return tuple(kept)


def problems_from(exc: pydantic.ValidationError, loaded: Loaded, strip_tag: bool = False,
                  model: Any = None) -> list[Problem]:
    """Return one Problem per pydantic error, located with the line map of ``loaded``.

    ``strip_tag`` drops the discriminator value pydantic puts first in a tagged union's loc.
    """
    problems = []
    seen: set[tuple] = set()
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if strip_tag and loc:
            loc = loc[1:]
        loc = _file_loc(loc, loaded.data)
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = ("typ",)
        if loc in seen:
            continue
        seen.add(loc)
        error = dict(error, loc=loc)
        message, hint = _translate(error, model)
        # An empty key is shown as '' so that the field is named all the same.
        name = field_name(tuple("''" if part == "" else part for part in loc))
        problems.append(Problem(loaded.file, loaded.line_of(loc), name, message, hint))
    return problems


def validate_model(model: Any, loaded: Loaded, strip_tag: bool = False, root: Any = None) -> Any:
    """Return ``loaded.data`` validated as ``model`` (a class or TypeAdapter); raise InvalidInput."""
    adapter = model if isinstance(model, pydantic.TypeAdapter) else pydantic.TypeAdapter(model)
    try:
        return adapter.validate_python(loaded.data)
    except pydantic.ValidationError as exc:
        raise InvalidInput(problems_from(exc, loaded, strip_tag, root or model)) from None


def _dnr_problem(text: str, organisation, file: str, line: int | None, field: str,
                 owner: str | None = None, own: bool = True) -> Problem | None:
    """Return a Problem when ``text`` is not a case number of the organisation.

    ``own`` is the paper's own number: it must follow today's pattern (or an older one of
    ``diarienummer_aldre``) in one of the organisation's series. A referenced number (``own``
    False) is checked only when it is written in the organisation's own series; anything else
    is another authority's number, free text.
    """
    known = {s.upper() for s in organisation.series()}
    for pattern in organisation.current_patterns():
        parsed = DnrPattern(pattern).parse(text)
        if parsed is None:
            continue
        if parsed.serie is None or not known or parsed.serie.upper() in known:
            return None
        if not own:
            return None  # another authority's series: its number is free text
        return Problem(file, line, field, f"'{text}': serien {parsed.serie} finns inte i organisationen",
                       f"använd en av {', '.join(sorted(organisation.series()))} (serie: under enheter i "
                       "data/organisation.yaml)")
    if not own or any(DnrPattern(p).parse(text) for p in organisation.diarienummer_aldre):
        return None
    owned = {body: serie for serie, body in organisation.series().items()}
    series = owned.get(owner) or next(iter(organisation.series()), None)
    example = DnrPattern(organisation.pattern_for(series)).example(series)
    older = " eller ett äldre mönster under diarienummer_aldre" if organisation.diarienummer_aldre else ""
    return Problem(file, line, field, f"'{text}' följer inte organisationens mönster för diarienummer",
                   f"skriv t.ex. {example} (mönstret står i data/organisation.yaml{older})")


def reference_problems(model: Any, loaded: Loaded, workspace, skip: Callable[[tuple, str], bool] | None = None
                       ) -> list[Problem]:
    """Return a Problem for every value of ``model`` that looks like an id but is not in data/.

    A value written as text ("Socialförvaltningen") is used as it stands; ``skip(loc, what)``
    leaves other references alone.
    """
    known_of = {"enhet": workspace.organisation.enheter, "person": workspace.personer,
                "enhet_eller_person": {**workspace.organisation.enheter, **workspace.personer}}
    problems = []
    for loc, value, what in references(model):
        if not looks_like_id(value) or (skip and skip(loc, what)) or value in known_of[what]:
            continue
        guess = nearest(value, known_of[what])
        where = {"enhet": "data/organisation.yaml (enheter)", "person": "data/personer.yaml"}.get(
            what, "data/organisation.yaml (enheter) eller data/personer.yaml")
        hint = (f"menade du {guess}? Skriv namnet med stor bokstav om det inte ska vara ett id." if guess else
                f"lägg till id:t i {where}, eller skriv namnet med stor bokstav om det inte ska vara ett id")
        problems.append(Problem(loaded.file, loaded.line_of(loc), field_name(loc), f"'{value}' finns inte i {where}",
                                hint))
    return problems


def validate_case(loaded: Loaded, workspace) -> Any:
    """Return the typed case of ``loaded``; raise InvalidInput listing every problem found.

    Checks the contract field by field, then every id against data/ and every case
    number against the organisation's pattern.
    """
    if not isinstance(loaded.data, dict):
        raise InvalidInput([Problem(loaded.file, 1, "", "filen ska innehålla fält som 'typ: ...' och 'rubrik: ...'",
                                    "se exemplet i arenden/ eller kör 'kanslist ny TYP'")])
    typ = loaded.data.get("typ")
    root = KINDS[typ].model if isinstance(typ, str) and typ in KINDS else None
    try:
        arende = ARENDE.validate_python(loaded.data)
    except pydantic.ValidationError as exc:
        raise InvalidInput(problems_from(exc, loaded, strip_tag=True, model=root)) from None

    organisation = workspace.organisation
    problems = reference_problems(arende, loaded, workspace)
    # The paper's own numbers are checked; a reference may be another authority's (free text),
    # and er_beteckning, the sender's number, is never checked.
    dnr_fields = [(("dnr",), arende.dnr, True)]
    dnr_fields += [(("dnr_ovriga", i), d, True) for i, d in enumerate(arende.dnr_ovriga)]
    dnr_fields += [(("hanvisningar", i, "dnr"), h.dnr, False) for i, h in enumerate(arende.hanvisningar)]
    for loc, text, own in dnr_fields:
        if text:
            problem = _dnr_problem(text, organisation, loaded.file, loaded.line_of(loc), field_name(loc), arende.till,
                                   own)
            if problem:
                problems.append(problem)
    if problems:
        raise InvalidInput(problems)
    return arende


def load_cases(paths: Iterable[Path], workspace, accept: Callable[[Loaded], list[Problem]] | None = None
               ) -> tuple[list[tuple[Path, Loaded, Any]], list[Problem]]:
    """Return every case that validates, and the problems of those that do not (all collected, none raised).

    ``accept`` may refuse a loaded file before validation (``samla`` takes only revisionssvar).
    """
    cases: list[tuple[Path, Loaded, Any]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded = load_yaml(path, workspace.display(path))
            refused = accept(loaded) if accept else []
            if refused:
                problems.extend(refused)
                continue
            cases.append((path, loaded, validate_case(loaded, workspace)))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    return cases, problems

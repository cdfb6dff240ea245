"""The form of a kind, generated from its pydantic model: fields from model_fields, form data back to YAML.

A new kind gets a form without web code: each field's type decides its input (text, Markdown
textarea, date, select of a Literal, select of ids for fields marked ``Ref``, repeatable
fieldsets for lists of models). Input names are the dotted paths of ``Problem.field``
(``rekommendationer[0].svar``), so a problem finds its input by name.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import MinLen
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from kanslist.model import Prose, Ref

PERSON_TEXT = "__skriven__"  # the select value that means "a person written out, not an id"

# Swedish spelling of the ASCII words field names are made of (field names avoid å, ä, ö).
_WORDS = {
    "fran": "från", "handlaggare": "handläggare", "arendet": "ärendet", "forslag": "förslag",
    "forslagsstallare": "förslagsställare", "atgard": "åtgärd", "atgarder": "åtgärder",
    "stallningstagande": "ställningstagande", "revisionsfraga": "revisionsfråga", "revisionsbyra": "revisionsbyrå",
    "hanvisningar": "hänvisningar", "hanvisning": "hänvisning", "klart": "klart", "instammer": "instämmer",
    "pagar": "pågår", "genomford": "genomförd", "beslutsinstans": "beslutsinstans", "ar": "år",
    "malsattning": "målsättning", "overvagande": "överväganden", "overvaganden": "överväganden", "hanvisningar_text": "",
    "bakgrund": "bakgrund", "forfattare": "författare", "inlamnad": "inlämnad", "inlamnare": "inlämnare",
    "motionar": "motionär", "motionarer": "motionärer", "atgardsplan": "åtgärdsplan", "bedomning": "bedömning",
    "forvaltningens": "förvaltningens", "slutsatser": "slutsatser", "nar": "när", "dnr": "diarienummer",
    "uppdragsgivare": "uppdragsgivare", "giltig": "giltig", "ovrigt": "övrigt", "forslaget": "förslaget",
    "beslutsdatum": "beslutsdatum", "vardet": "värdet", "nyckel": "begrepp", "varde": "förklaring",
    "typ": "typ", "maskera": "maskera", "grund": "grund (bestämmelse i OSL)", "tillampning": "tillämpning",
    "omfattning": "omfattning", "syfte": "syfte", "agare": "ägare", "foreslar": "föreslår", "gar": "går",
}


def label_of(name: str) -> str:
    """Return the Swedish label of field or value ``name``: ``forslag_till_beslut`` → ``Förslag till beslut``."""
    words = [_WORDS.get(w, w) for w in name.split("_")]
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


# ---- what a field is -------------------------------------------------------------------------

@dataclass
class Spec:
    """What one field of a model holds, read from its annotation."""

    kind: str  # text | markdown | date | int | bool | choice | fixed | ref | person | model | list | multichoice | pairs
    optional: bool = False
    choices: tuple = ()
    ref: str | None = None
    model: type | None = None
    item: "Spec | None" = None
    min_items: int = 0


def _markers(metadata) -> list:
    found = []
    for m in metadata:
        found.append(m)
        found.extend(getattr(m, "metadata", None) or [])  # FieldInfo inside Annotated carries MinLen
    return found


def analyse(annotation: Any, metadata: tuple = ()) -> Spec:
    """Return the :class:`Spec` of ``annotation`` with extra ``metadata`` (a field's)."""
    markers = list(_markers(metadata))
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            markers += _markers(annotation.__metadata__)
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) < len(get_args(annotation)):
                optional = True
            if len(args) == 1:
                annotation = args[0]
                continue
            ref = next((m for m in markers if isinstance(m, Ref)), None)
            if ref is None:
                for arg in args:  # the Ref of a union sits on its members' Annotated
                    if get_origin(arg) is Annotated:
                        ref = ref or next((m for m in arg.__metadata__ if isinstance(m, Ref)), None)
            return Spec("person" if ref and ref.what == "person" else "text", optional, ref=ref and ref.what)
        else:
            break
    ref = next((m for m in markers if isinstance(m, Ref)), None)
    min_len = max([m.min_length for m in markers if isinstance(m, MinLen)] or [0])
    origin = get_origin(annotation)
    if origin is Literal:
        values = get_args(annotation)
        return Spec("fixed" if len(values) == 1 else "choice", optional, choices=values)
    if origin in (list, tuple):
        item = analyse(get_args(annotation)[0]) if get_args(annotation) else Spec("text")
        if item.kind == "choice":
            return Spec("multichoice", optional, choices=item.choices)
        return Spec("list", optional, item=item, min_items=min_len)
    if origin is dict:
        return Spec("pairs", optional)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Spec("model", optional, model=annotation)
    if annotation is dt.date:
        return Spec("date", optional)
    if annotation is bool:
        return Spec("bool", optional)
    if annotation is int:
        return Spec("int", optional)
    if ref is not None:
        return Spec("person" if ref.what == "person" else "ref", optional, ref=ref.what)
    # Markdown is prose without a minimum length; one-line Text is at least one character.
    if any(isinstance(m, Prose) for m in markers) and min_len == 0:
        return Spec("markdown", optional)
    return Spec("text", optional)


def model_specs(model: type) -> list[tuple[str, Spec, bool]]:
    """Return (name, spec, required) of every field of ``model``, in declaration order."""
    out = []
    for name, info in model.model_fields.items():
        spec = analyse(info.annotation, tuple(info.metadata))
        out.append((name, spec, info.is_required()))
    return out


# ---- the form: a tree of fields with values ---------------------------------------------------

@dataclass
class FormField:
    """One input (or fieldset) of a form, with its value and its problems."""

    path: str
    name: str
    label: str
    spec: Spec
    required: bool
    value: Any = None
    options: list[tuple[str, str]] = field(default_factory=list)
    children: list["FormField"] = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return html_id(self.path)

    @property
    def widget(self) -> str:
        return self.spec.kind

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def html_id(path: str) -> str:
    """Return a valid HTML id for field ``path``: ``rekommendationer[0].svar`` → ``f-rekommendationer-0-svar``."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path).strip("-")


def join(prefix: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{prefix}[{name}]"
    return f"{prefix}.{name}" if prefix else name


class Choices:
    """The ids a Ref field may hold: bodies of organisation.yaml and persons of personer.yaml."""

    def __init__(self, enheter: list[tuple[str, str]], personer: list[tuple[str, str]]):
        self.by_ref = {"enhet": enheter, "person": personer, "enhet_eller_person": enheter + personer}

    def options(self, ref: str | None, current: Any) -> list[tuple[str, str]]:
        options = list(self.by_ref.get(ref or "", []))
        if isinstance(current, str) and current and current not in {v for v, _ in options}:
            options.append((current, f"{current} (skrivet som text)"))  # a name written out stays
        return options


def build_fields(model: type, data: Any, choices: Choices, prefix: str = "") -> list[FormField]:
    """Return the fields of ``model`` filled from ``data`` (a dict as read from YAML)."""
    data = data if isinstance(data, dict) else {}
    return [_field(join(prefix, name), name, spec, required, data.get(name), choices)
            for name, spec, required in model_specs(model)]


def _field(path: str, name: str, spec: Spec, required: bool, value: Any, choices: Choices) -> FormField:
    f = FormField(path, name, label_of(name), spec, required, value)
    kind = spec.kind
    if kind == "model":
        f.children = build_fields(spec.model, value, choices, path)
        if spec.optional:  # a field required inside an optional group is required only when the group is used
            for child in f.children:
                child.required = False
    elif kind == "list":
        items = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        f.children = [_field(join(path, i), name, spec.item, True, item, choices) for i, item in enumerate(items)]
        for i, child in enumerate(f.children):
            child.label = f"{label_of(name)} {i + 1}"
    elif kind in ("ref", "person"):
        f.options = choices.options(spec.ref, value)
        if kind == "person":
            written = value if isinstance(value, dict) else {}
            f.children = [_field(join(path, "namn"), "namn", Spec("text"), False, written.get("namn"), choices),
                          _field(join(path, "titel"), "titel", Spec("text"), False, written.get("titel"), choices)]
    elif kind in ("choice", "multichoice"):
        f.options = [(str(c), label_of(str(c))) for c in spec.choices]
    elif kind == "pairs":
        pairs = list(value.items()) if isinstance(value, dict) else []
        f.children = [FormField(join(path, i), name, f"{label_of(name)} {i + 1}", Spec("pair"), True, (k, v),
                                children=[FormField(join(join(path, i), "nyckel"), "nyckel", "Begrepp", Spec("text"),
                                                    True, k),
                                          FormField(join(join(path, i), "varde"), "varde", "Förklaring",
                                                    Spec("markdown"), True, v)])
                      for i, (k, v) in enumerate(pairs)]
    return f


def display_value(f: FormField) -> str:
    """Return the text an input shows for ``f``'s value."""
    value = f.value
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# ---- form data back to a dict -----------------------------------------------------------------

def parse_form(model: type, form, prefix: str = "", keep_empty: bool = False) -> dict:
    """Return the case data of ``form`` (a multi-dict of input name → value) for ``model``.

    Empty inputs are left out (the YAML then has no such key); with ``keep_empty`` empty list
    items stay, so a fieldset just added is shown again.
    """
    keys = list(form.keys())
    out: dict = {}
    for name, spec, _required in model_specs(model):
        value = _parse(join(prefix, name), spec, form, keys, keep_empty)
        if value is not None:
            out[name] = value
    return out


def _indices(path: str, keys: list[str]) -> list[int]:
    found = set()
    start = path + "["
    for key in keys:
        if key.startswith(start):
            number = key[len(start):].split("]", 1)[0]
            if number.isdigit():
                found.add(int(number))
    return sorted(found)


def _text(form, path: str) -> str:
    value = form.get(path)
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")


def _parse(path: str, spec: Spec, form, keys: list[str], keep_empty: bool) -> Any:
    kind = spec.kind
    if kind == "fixed":
        return spec.choices[0]
    if kind == "model":
        value = parse_form(spec.model, form, path, keep_empty)
        return value or None
    if kind in ("list", "pairs"):
        items = []
        for i in _indices(path, keys):
            item_path = join(path, i)
            if kind == "pairs":
                k, v = _text(form, join(item_path, "nyckel")).strip(), _text(form, join(item_path, "varde"))
                if k or v.strip() or keep_empty:
                    items.append((k, v))
                continue
            item = _parse(item_path, spec.item, form, keys, keep_empty)
            if item is None and keep_empty:
                item = {} if spec.item.kind == "model" else ""
            if item is not None:
                items.append(item)
        if kind == "pairs":
            return dict(items) if items else None
        return items or None
    if kind == "multichoice":
        values = form.getlist(path) if hasattr(form, "getlist") else form.get(path) or []
        return [v for v in spec.choices if v in values] or None
    if kind == "bool":
        return True if form.get(path) else None
    if kind == "person":
        chosen = _text(form, path).strip()
        if chosen == PERSON_TEXT or (not chosen and (form.get(join(path, "namn")) or "").strip()):
            namn = _text(form, join(path, "namn")).strip()
            titel = _text(form, join(path, "titel")).strip()
            written = {k: v for k, v in (("namn", namn), ("titel", titel)) if v}
            return written or None
        return chosen or None
    text = _text(form, path)
    if kind == "markdown":
        return text if text.strip() else None
    text = text.strip()
    if not text:
        return None
    if kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # validation says in Swedish what a date looks like
    if kind == "int":
        return int(text) if re.fullmatch(r"-?\d+", text) else text
    return text


# ---- add, remove and move list items (buttons of the form) ------------------------------------

def split_path(path: str) -> list[str | int]:
    """Return the parts of dotted ``path``: ``a.b[2].c`` → ['a', 'b', 2, 'c']."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return parts


def apply_action(model: type, data: dict, action: str) -> tuple[dict, str | None]:
    """Return ``data`` after ``action`` (``lagg_till:PATH``, ``ta_bort:PATH[i]``, ``upp:…``, ``ned:…``)
    and the path of the field to focus next."""
    verb, _, path = action.partition(":")
    parts = split_path(path)
    if not parts:
        return data, None
    if verb == "lagg_till":
        container, key = _container(data, parts, create=True)
        items = container.get(key) if isinstance(container, dict) else None
        if isinstance(items, dict):  # pairs
            items[""] = ""
            return data, join(path, len(items) - 1)
        items = list(items or [])
        spec = _spec_at(model, parts)
        items.append({} if spec is not None and spec.item is not None and spec.item.kind == "model" else "")
        container[key] = items
        return data, join(path, len(items) - 1)
    if not isinstance(parts[-1], int):
        return data, None
    container, key = _container(data, parts[:-1], create=False)
    if container is None:
        return data, None
    items = container.get(key)
    index = parts[-1]
    as_pairs = isinstance(items, dict)
    seq = list(items.items()) if as_pairs else list(items or [])
    if not 0 <= index < len(seq):
        return data, None
    focus = None
    if verb == "ta_bort":
        seq.pop(index)
        focus = join(path.rsplit("[", 1)[0], max(index - 1, 0)) if seq else None
    elif verb == "upp" and index > 0:
        seq[index - 1], seq[index] = seq[index], seq[index - 1]
        focus = join(path.rsplit("[", 1)[0], index - 1)
    elif verb == "ned" and index < len(seq) - 1:
        seq[index + 1], seq[index] = seq[index], seq[index + 1]
        focus = join(path.rsplit("[", 1)[0], index + 1)
    container[key] = dict(seq) if as_pairs else seq
    return data, focus


def _container(data: dict, parts: list, create: bool):
    node: Any = data
    for part in parts[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None, None
            node = node[part]
        else:
            if not isinstance(node, dict):
                return None, None
            if part not in node or node[part] is None:
                if not create:
                    return None, None
                node[part] = {}
            node = node[part]
    return (node, parts[-1]) if isinstance(node, dict) else (None, None)


def _spec_at(model: type, parts: list) -> Spec | None:
    spec: Spec | None = Spec("model", model=model)
    for part in parts:
        if spec is None:
            return None
        if isinstance(part, int):
            spec = spec.item
        elif spec.kind == "model":
            spec = next((s for n, s, _ in model_specs(spec.model) if n == part), None)
        else:
            return None
    return spec


# ---- problems to fields -----------------------------------------------------------------------

def attach_problems(fields: list[FormField], problems) -> list:
    """Give each problem to the field whose path is its ``field`` (or the nearest enclosing one).

    Return the problems that fit no field (shown above the form).
    """
    by_path = {f.path: f for top in fields for f in top.walk()}
    loose = []
    for problem in problems:
        path = problem.field
        while path and path not in by_path:
            path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", path) else ""
        if path:
            by_path[path].problems.append(problem)
        else:
            loose.append(problem)
    return loose


# ---- YAML: keep the file's comments, key order and styles -------------------------------------

def yaml_rt() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a line the user wrote
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def load_rt(text: str):
    """Return the round-trip data of YAML ``text`` (a CommentedMap), or an empty map."""
    data = yaml_rt().load(text) if text.strip() else None
    return data if isinstance(data, CommentedMap) else CommentedMap()


def dump_rt(data) -> str:
    out = io.StringIO()
    yaml_rt().dump(data, out)
    return out.getvalue()


def to_yaml(model: type, new: dict, base_text: str = "") -> str:
    """Return YAML ``base_text`` with its values replaced by ``new``: comments, key order and
    styles kept wherever a value did not change."""
    target = load_rt(base_text)
    _merge_map(target, new, [n for n, _s, _r in model_specs(model)])
    return dump_rt(target)


def _scalar(value: Any, old: Any) -> Any:
    if isinstance(value, str) and "\n" in value.strip("\n"):
        text = value.rstrip() + "\n"
        return LiteralScalarString(text)
    if isinstance(value, str) and "\n" in value:
        return value.strip()
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return old.rstrip() == new.rstrip()
    return type(old) is type(new) and old == new


def _merge_map(target: CommentedMap, new: dict, order: list[str] | None = None) -> None:
    for key in [k for k in target if k not in new]:
        del target[key]
    order = order or list(new)
    for key, value in new.items():
        if key in target:
            target[key] = _merge_value(target[key], value)
            continue
        # a new key goes after the nearest key before it in the model's order
        position = len(target)
        if key in order:
            before = order[:order.index(key)]
            present = [i for i, k in enumerate(target) if k in before]
            position = present[-1] + 1 if present else 0
        target.insert(position, key, _fresh(value))


def _merge_value(old: Any, new: Any) -> Any:
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        for i, item in enumerate(new):
            if i < len(old):
                old[i] = _merge_value(old[i], item)
            else:
                old.append(_fresh(item))
        del old[len(new):]
        return old
    if _same(old, new):
        return old
    if isinstance(new, list) and len(new) == 1 and not isinstance(old, (list, dict)) and _same(old, new[0]):
        return old  # "x" and [x] are one value to a field that takes one or a list
    return _fresh(new)


def _fresh(value: Any) -> Any:
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _fresh(v)
        return m
    if isinstance(value, list):
        s = CommentedSeq()
        for v in value:
            s.append(_fresh(v))
        return s
    return _scalar(value, None)


def plain(value: Any) -> Any:
    """Return round-trip YAML data as plain dicts, lists and scalars."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def form_values(fields: list[FormField]) -> list[tuple[str, str]]:
    """Return the (name, value) pairs a browser sends for ``fields`` as rendered (for tests and checks)."""
    out: list[tuple[str, str]] = []
    for top in fields:
        for f in top.walk():
            kind = f.spec.kind
            if kind in ("model", "list", "pairs", "pair"):
                continue
            if kind == "person":
                out.append((f.path, PERSON_TEXT if isinstance(f.value, dict) else display_value(f)))
            elif kind == "multichoice":
                out.extend((f.path, v) for v in (f.value or []))
            elif kind == "bool":
                if f.value:
                    out.append((f.path, "ja"))
            elif kind == "fixed":
                out.append((f.path, str(f.spec.choices[0])))
            else:
                out.append((f.path, display_value(f)))
    return out

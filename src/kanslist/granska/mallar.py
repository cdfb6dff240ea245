"""Templates: every variable a template uses exists for its kind, and the template is accessible.

The variables are read from the template's Jinja tags (body, headers and footers, as
docxtpl patches them) and looked up, attribute by attribute, in the context that
``build_context`` makes for a case of the kind with every field filled in. Accessibility:
heading styles in order (no Heading 3 right under a Heading 1), document language sv-SE,
and a header row on every table (screen readers and PDF/UA read it as column headings).

What a template says of itself (its variables, its syntax errors, its accessibility) is kept
in the user's cache under a hash of its bytes and kanslist's version (:func:`template_facts`):
`kanslist granska` after an edit of a case reads no Word file it read before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from kanslist import __version__
from kanslist.cache import user_cache
from kanslist.errors import Problem
from kanslist.errors import nearest
from kanslist.kinds import ARENDE, KINDS
from kanslist.granska.regel import FEL, VARNING
from kanslist.sammantrade.stil import TEMPLATES as MEETING_TEMPLATES

# Jinja, python-docx, the renderer and samla are imported where a template is read: with no
# templates of its own in a workspace (the defaults are tested with kanslist), `kanslist
# granska` starts without them (start-up speed).
if typing.TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

# The consolidated response's template (kanslist.samla.TEMPLATE, which imports the renderer; a test keeps them equal).
SAMLAT_SVAR = "samlat-svar"

SPRAK = "sv-SE"
_JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop"}
_ANY = object()  # a value whose shape is unknown: anything below it is accepted

# What read_template returns: each part of a template (brödtext, sidhuvud, sidfot) and the context paths it reads.
Parts = list[tuple[str, list[tuple[str, ...]]]]


def _problem(name: str, part: str, message: str, hint: str, severity: str = FEL) -> Problem:
    return Problem(name, None, part, message, hint, severity)


# ---- the context of a kind ------------------------------------------------------------------

def sample_value(annotation: Any) -> Any:
    """Return a value of type ``annotation`` with every optional part filled in."""
    import pydantic

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return sample_value(args[0])
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return sample_value(next(a for a in args if a is not type(None)))
    if origin in (list, tuple, set, frozenset):
        return [sample_value(args[0])] if args else ["Exempel"]
    if origin is dict:
        return {sample_value(args[0]): sample_value(args[1])}
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        # A field's own example first: a value a validator accepts ("39 kap. 3 § OSL").
        return {name: info.examples[0] if info.examples else sample_value(info.annotation)
                for name, info in annotation.model_fields.items()}
    if annotation is dt.date:
        return dt.date(2025, 5, 12)
    if annotation is int:
        return 1
    if annotation is bool:
        return True
    return "Exempel"


def sample_context(kind, workspace) -> dict:
    """Return the context of a case of ``kind`` whose every field holds a value."""
    from kanslist.pipeline.context import build_context

    arende = ARENDE.validate_python(sample_value(kind.model))
    return build_context(arende, workspace)


# ---- the variables a template uses ----------------------------------------------------------

def _environment() -> SandboxedEnvironment:
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment()
    env.filters["markdown"] = lambda value, *a, **k: value
    env.filters["inline"] = lambda value, *a, **k: value
    return env


def template_sources(path: Path) -> list[tuple[str, str]]:
    """Return (part, Jinja source) of a template: the body, then each header and footer."""
    import docx

    from kanslist.pipeline.render import template_parts

    label = {"body": "brödtext", "header": "sidhuvud", "footer": "sidfot"}
    return [(label[kind], xml) for kind, _, xml, _ in template_parts(docx.Document(io.BytesIO(path.read_bytes())))]


def used_paths(source: str) -> list[tuple[str, ...]]:
    """Return every context path a template reads, e.g. ('motion', 'titel'), ('rekommendationer', '[]', 'nr')."""
    ast = _environment().parse(source)
    found: list[tuple[str, ...]] = []
    _visit(ast, {}, found)
    return found


def _path(expr: nodes.Node, scope: dict, found: list) -> tuple | None:
    """Return the context path of ``expr`` (recording it), None when it is not a path."""
    from jinja2 import nodes

    if isinstance(expr, nodes.Name):
        if expr.name in scope:
            return scope[expr.name]
        if expr.name in _JINJA_GLOBALS:
            return None
        path = (expr.name,)
    elif isinstance(expr, nodes.Getattr):
        base = _path(expr.node, scope, found)
        if base is None:
            return None
        path = base + (expr.attr,)
    elif isinstance(expr, nodes.Getitem):
        base = _path(expr.node, scope, found)
        _visit(expr.arg, scope, found)
        if base is None:
            return None
        if isinstance(expr.arg, nodes.Slice):
            return base
        if isinstance(expr.arg, nodes.Const):
            path = base + (("[]",) if isinstance(expr.arg.value, int) else (str(expr.arg.value),))
        else:
            return None
    else:
        return None
    found.append(path)
    return path


def _visit(node: nodes.Node, scope: dict, found: list) -> None:
    from jinja2 import nodes

    if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
        _path(node, scope, found)
        return
    if isinstance(node, nodes.For):
        iterated = _path(node.iter, scope, found) if isinstance(node.iter, (nodes.Name, nodes.Getattr, nodes.Getitem)) else None
        if iterated is None:
            _visit(node.iter, scope, found)
        inner = dict(scope)
        for target in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]:
            inner[target.name] = None
        if isinstance(node.target, nodes.Name) and iterated is not None:
            inner[node.target.name] = iterated + ("[]",)
        inner["loop"] = None
        for child in [*node.body, *node.else_]:
            _visit(child, inner, found)
        if node.test is not None:
            _visit(node.test, inner, found)
        return
    if isinstance(node, nodes.Assign):
        _visit(node.node, scope, found)
        value = _path(node.node, scope, []) if isinstance(node.node, (nodes.Name, nodes.Getattr, nodes.Getitem)) else None
        for target in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]:
            scope[target.name] = value
        return
    if isinstance(node, (nodes.Macro, nodes.CallBlock)):
        return  # macros get their values as arguments; not checked
    for child in node.iter_child_nodes():
        _visit(child, scope, found)


def _lookup(context: Any, path: tuple) -> tuple[bool, Any, int]:
    """Return (found, parent value, index of the first missing part) of ``path`` in ``context``."""
    value: Any = context
    for i, part in enumerate(path):
        if value is None or value is _ANY:
            return True, None, -1
        if part == "[]":
            if isinstance(value, (list, tuple)):
                value = value[0] if value else _ANY
                continue
            if isinstance(value, (str, dict)):
                value = _ANY
                continue
            return False, value, i
        if isinstance(value, dict):
            if part in value:
                value = value[part]
                continue
            if hasattr(value, part):
                value = _ANY
                continue
            return False, value, i
        if hasattr(value, part):
            value = _ANY
            continue
        return False, value, i
    return True, value, -1


def _shown(path: tuple) -> str:
    return ".".join(p for p in path if p != "[]").replace(".[]", "")


def read_template(name: str, path: Path) -> tuple[Parts | None, list[Problem]]:
    """Return the context paths each part of the template at ``path`` reads, parsed once for every check,
    and the problems of reading it: a part with a Jinja syntax error, or a file that is no Word file
    (then no parts, None)."""
    import jinja2

    try:
        sources = template_sources(path)
    except Exception as exc:  # a broken .docx: python-docx and lxml raise many kinds
        return None, [_problem(name, "", f"mallen kan inte läsas ({exc.__class__.__name__})",
                             "öppna och spara den i Word, eller skapa den på nytt med 'kanslist init'")]
    parts, problems = [], []
    for part, source in sources:
        try:
            parts.append((part, used_paths(source)))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_problem(name, part, f"mallen har ett syntaxfel ({exc.message})",
                                     "kontrollera {{ }} och {% %}"))
    return parts, problems


def check_variables(name: str, parts: Parts,
                    contexts: list[tuple[str, dict]]) -> Iterator[Problem]:
    """Every variable the template's ``parts`` read (read_template) exists in each of ``contexts`` (what, context)."""
    for what, context in contexts:
        reported: set[tuple] = set()
        for part, paths in parts:
            for used in paths:
                found, parent, index = _lookup(context, used)
                if found:
                    continue
                missing = used[:index + 1]
                if missing in reported:
                    continue
                reported.add(missing)
                options = list(parent) if isinstance(parent, dict) else []
                guess = nearest(missing[-1], options)
                hint = f"menade du {_shown(missing[:-1] + (guess,))}? " if guess else ""
                hint += "Rätta taggen i Word; 'kanslist schema' visar ärendets fält"
                yield _problem(name, part, f"variabeln {_shown(missing)} finns inte för {what}", hint)


# ---- house-style settings a template must carry ------------------------------------------------

# A setting of stil that a template made before it existed cannot show: (setting, the variable a template must
# read for it); its default is the model's. An organisation's own template is checked, so a restyle is never
# silently lost.
STYLE_VARIABLES = [("sidhuvud_form", "sidhuvud_rader"), ("sidnummer_plats", "sidnummer_overst"), ("till_rad", "till_rad"),
                   ("underskrift_organ", "underskrift_organ"), ("sidhuvud_avsandare", "sidhuvud_avsandare"),
                   ("dnr_rad", "dnr_rad")]


def check_style_settings(name: str, parts: Parts, settings, section: str, variables: list[tuple[str, str]],
                         contexts: list[tuple[str, dict]] = ()) -> Iterator[Problem]:
    """Each setting of ``variables`` that ``settings`` (organisation.yaml's ``section``) sets to other than its
    default is read by the template (where each of ``contexts`` has the variable: a kind that prints a header)."""
    read = {used[0] for _, paths in parts for used in paths}
    for setting, variable in variables:
        default = type(settings).model_fields[setting].get_default(call_default_factory=True)
        if getattr(settings, setting) == default or variable in read or not all(variable in c for _, c in contexts):
            continue
        yield _problem(name, "", f"{section}.{setting} är satt i organisation.yaml, men mallen läser inte "
                                 f"{{{{ {variable} }}}} och visar därför inte inställningen",
                       f"ta bort mallen så att standardmallen används, eller hämta en ny kopia med 'kanslist init "
                       f"--med-mallar NY_MAPP' och formge den igen – en mall från en äldre version saknar {variable}",
                       VARNING)


# ---- accessibility -------------------------------------------------------------------------

_HEADING = re.compile(r"^(?:Heading|Rubrik)\s*(\d)$", re.IGNORECASE)
_MARKDOWN_LEVEL = re.compile(r"\|\s*markdown\((\d)\)")


def check_accessibility(name: str, path: Path) -> Iterator[Problem]:
    """Heading levels in order, document language sv-SE, a header row on every table."""
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # a broken .docx: python-docx and lxml raise many kinds
        yield _problem(name, "", f"mallen kan inte läsas ({exc.__class__.__name__})",
                       "öppna och spara den i Word, eller skapa den på nytt med 'kanslist init'")
        return
    styles = {s.style_id: s.name for s in document.styles}
    previous = 0
    previous_text = ""
    for p in document.element.body.iter(qn("w:p")):
        ids = p.xpath("./w:pPr/w:pStyle/@w:val")
        text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        match = _HEADING.match(styles.get(ids[0], ids[0])) if ids else None
        if match:
            level = int(match.group(1))
            if level > previous + 1:
                after = f"direkt efter Heading {previous} '{previous_text[:40]}'" if previous else "först i dokumentet"
                yield _problem(name, "brödtext", f"rubriken '{text[:40]}' har Heading {level} {after}",
                               f"använd Heading {previous + 1} – rubriknivåerna ska följa på varandra "
                               "för skärmläsare och navigering")
            previous, previous_text = level, text
            continue
        markdown = _MARKDOWN_LEVEL.search(text)
        if markdown and previous and int(markdown.group(1)) > previous + 1:
            yield _problem(name, "brödtext", f"'{text[:40]}' gör rubriker på nivå {markdown.group(1)} direkt "
                                             f"efter Heading {previous} '{previous_text[:40]}'",
                           f"skriv markdown({previous + 1}) i taggen, om texten kan ha rubriker", VARNING)
    yield from _language(name, document, qn)
    for number, table in enumerate(document.element.body.iter(qn("w:tbl")), 1):
        rows = table.findall(qn("w:tr"))
        if len(rows) < 2:
            continue
        first = rows[0].find(qn("w:trPr"))
        if first is None or first.find(qn("w:tblHeader")) is None:
            cells = "".join(t.text or "" for t in rows[0].iter(qn("w:t"))).strip()
            yield _problem(name, "brödtext", f"tabell {number} ('{cells[:30]}') har ingen rubrikrad",
                           "markera första raden som rubrikrad i Word (Tabellegenskaper > Rad > "
                           "Upprepa som rubrikrad) så att skärmläsare läser den som kolumnrubriker", VARNING)


def _language(name: str, document, qn) -> Iterator[Problem]:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    langs = defaults.findall(".//" + qn("w:lang")) if defaults is not None else []
    values = [lang.get(qn("w:val")) for lang in langs if lang.get(qn("w:val"))]
    try:
        normal = document.styles["Normal"].element
        values += [lang.get(qn("w:val")) for lang in normal.findall(".//" + qn("w:lang")) if lang.get(qn("w:val"))]
    except KeyError:
        pass
    language = values[-1] if values else None
    if language != SPRAK:
        shown = f"är {language}" if language else "är inte angivet"
        yield _problem(name, "formatmallar", f"dokumentets språk {shown}, inte {SPRAK}",
                       "välj Svenska (Sverige) som språk för formatmallen Normal i Word – skärmläsare och "
                       "PDF/A-filen får språket därifrån")


# ---- what a template says of itself, kept ----------------------------------------------------

@lru_cache(maxsize=1)
def _reader_digest() -> bytes:
    """Return the hash of kanslist's version and the code that reads templates: once a process, for every template."""
    digest = hashlib.sha256(__version__.encode())
    for code in (Path(__file__), Path(__file__).parent.parent / "pipeline" / "render.py"):
        digest.update(b"\0" + code.read_bytes())
    return digest.digest()


def template_facts(name: str, path: Path) -> tuple[Parts | None, list[Problem], list[Problem]]:
    """Return read_template's parts and problems and check_accessibility's problems of the template at ``path``.

    Kept in the user's cache (mallar/) under a hash of the file's bytes, kanslist's version and the
    code that reads them (this module and the renderer's template_parts: a changed rule reads
    again, whatever the version says), as they depend on nothing else; a cache that cannot be
    read or written is read around.
    """
    digest = hashlib.sha256(_reader_digest() + b"\0" + path.read_bytes())
    kept = user_cache("mallar") / f"{digest.hexdigest()[:32]}.json"
    try:
        facts = json.loads(kept.read_bytes())
        parts = None if facts["delar"] is None else [(part, [tuple(used) for used in paths])
                                                      for part, paths in facts["delar"]]
        unreadable = [_problem(name, *problem) for problem in facts["lasning"]]
        accessibility = [_problem(name, *problem) for problem in facts["tillganglighet"]]
        return parts, unreadable, accessibility
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not kept yet, or damaged: read again and kept anew
    parts, unreadable = read_template(name, path)
    accessibility = [] if parts is None else list(check_accessibility(name, path))

    def kept_problems(problems: list[Problem]) -> list[list[str]]:
        return [[p.field, p.message, p.hint, p.severity] for p in problems]

    facts = {"delar": parts, "lasning": kept_problems(unreadable), "tillganglighet": kept_problems(accessibility)}
    try:
        from kanslist.pipeline.write import write_atomic

        write_atomic(kept, json.dumps(facts, ensure_ascii=False).encode("utf-8"), durable=False)
    except OSError:
        pass  # a cache that cannot be written (read-only home): read again next time
    return parts, unreadable, accessibility


def sample_consolidated_context(workspace) -> dict:
    """Return the context of a consolidated response (``kanslist samla``) of one sample answer."""
    from kanslist.pipeline.context import build_context
    from kanslist.samla import Response, consolidate

    kind = KINDS["revisionssvar"]
    arende = ARENDE.validate_python(sample_value(kind.model))
    response = Response(Path("exempel.yaml"), "exempel.yaml", b"", None, arende, build_context(arende, workspace))
    return consolidate(workspace, [response])


# A setting of sammantraden: that a meeting template made before it existed cannot show: (setting, the
# variable the template must read, the templates that show it).
MEETING_STYLE_VARIABLES = [("sidhuvud", "sidhuvud_rader", MEETING_TEMPLATES),
                           ("etiketter", "etikett", ("protokoll", "utdrag")),
                           ("innehall_dnr", "innehall_dnr", ("protokoll",)),
                           ("innehall_grupper", "innehall_grupper", ("protokoll",)),
                           ("utdrag_intygande", "utdrag_intygande", ("utdrag",))]


def check_meeting_templates(workspace) -> list[Problem]:
    """Return the problems of the workspace's own meeting templates: their syntax, and the sammantraden:
    settings they cannot show (a restyle is never lost in silence). Not the accessibility rules: a meeting
    paper's tables are label and value side by side (Plats och tid | …), with no row of column headings."""
    problems: list[Problem] = []
    settings = workspace.organisation.sammantraden
    for template in MEETING_TEMPLATES:
        path = workspace.mallar_dir / f"{template}.docx"
        if not path.is_file():
            continue  # the default, tested with kanslist
        shown = f"mallar/{template}.docx"
        parts, unreadable, _ = template_facts(shown, path)
        problems.extend(unreadable)
        if parts is not None and not unreadable:
            carried = [(setting, variable) for setting, variable, where in MEETING_STYLE_VARIABLES if template in where]
            problems.extend(check_style_settings(shown, parts, settings, "sammantraden", carried))
    return problems


def check_templates(workspace, kinds: list) -> list[Problem]:
    """Return the problems of the workspace's own templates for ``kinds`` (the kinds its cases use).

    The default templates ship with kanslist and are tested with it; a workspace's own
    template of a kind it does not use is not checked, so an upgrade never fails an old workspace.
    """
    problems: list[Problem] = []
    contexts: dict[str, list[tuple[str, dict]]] = {}

    def own(template: str) -> bool:
        return (workspace.mallar_dir / f"{template}.docx").is_file()  # else the default, tested with kanslist

    for kind in kinds:
        if not any(own(template) for template in kind.templates):
            continue
        context = sample_context(kind, workspace)
        for template in kind.templates:
            contexts.setdefault(template, []).append((f"ärendetypen {kind.typ}", context))
    if any(k.typ == "revisionssvar" for k in kinds) and own(SAMLAT_SVAR):
        contexts.setdefault(SAMLAT_SVAR, []).append(("det samlade svaret (kanslist samla)",
                                                     sample_consolidated_context(workspace)))
    for template in sorted(contexts):
        path = workspace.mallar_dir / f"{template}.docx"
        if not path.is_file():
            continue
        shown = f"mallar/{template}.docx"
        parts, unreadable, accessibility = template_facts(shown, path)
        problems.extend(unreadable)
        if parts is None:  # no Word file: nothing more to check in it
            continue
        problems.extend(check_variables(shown, parts, contexts[template]))
        if not unreadable:  # a part that cannot be read may be the one that shows the setting
            problems.extend(check_style_settings(shown, parts, workspace.organisation.stil, "stil", STYLE_VARIABLES,
                                                 contexts[template]))
        problems.extend(accessibility)
    return problems

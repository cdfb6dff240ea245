"""Render documents from Word templates: each template prepared once per process, filled per case.

docxtpl re-reads the package, re-patches the XML, recompiles the Jinja template and
recompresses every part for each document. Here a ``CompiledTemplate`` does that work
once: the body, headers and footers are patched by docxtpl's own code and compiled once;
the parts a case cannot change (styles, theme, fonts, settings, media) are compressed
once and copied into each document. A document is then: fill the compiled parts, set the
properties, zip. The bytes are those of the plain docxtpl path (``render_docx_plain``)
followed by ``normalise_zip``; the tests prove it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.nodes
import markupsafe
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.opc.rel import Relationships
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from kanslist.svenska import format_date
from kanslist.errors import KanslistError
from kanslist.pipeline.markdown import MarkdownRenderer
from kanslist.pipeline.write import Member, normalise_zip, sha256, zip_members

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CACHE_SIZE = 16  # compiled templates kept per process; a workspace has about eight


class TemplateError(KanslistError):
    """A template could not be rendered: names the template, the part and the nearby Word text."""


@dataclass(frozen=True)
class Properties:
    """The file properties (docProps/core.xml) of a generated document."""

    title: str
    subject: str
    author: str
    dnr: str
    datum: dt.date
    category: str
    language: str = "sv-SE"


# What one template may make (a template is a Word file anyone can edit, so it is input too):
MAX_RANGE = 10_000  # numbers handed out by range() in one document, all calls together
MAX_WIDTH = 10_000  # a width, count or repetition given to a filter, method or operator
MAX_TEXT = 2_000_000  # characters one expression may produce
MAX_PART = 40_000_000  # characters of one rendered part (body, header, footer)
_UNSUPPORTED = {jinja2.nodes.Include: "{% include %}", jinja2.nodes.Import: "{% import %}",
                jinja2.nodes.FromImport: "{% from ... import %}", jinja2.nodes.Extends: "{% extends %}"}


class _Refused(jinja2.TemplateSyntaxError):
    """A template asks for something a Word template may not do; the message is Swedish."""

    def __init__(self, message: str, hint: str, lineno: int | None = None):
        super().__init__(message, lineno or 1)
        self.swedish, self.hint = message, hint


class _Limited(jinja2.TemplateRuntimeError):
    """A template made, or asked for, more than the limits above allow; the message is Swedish."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.swedish, self.hint = message, hint


def _too_much(what: str) -> _Limited:
    return _Limited(f"mallen ber om {what}", "ta bort eller förenkla uttrycket i mallen")


def _checked_width(value, what: str = "en bredd") -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
        raise _too_much(f"{what} på {value} (högst {MAX_WIDTH})")


_FORMAT_NUMBER = re.compile(r"\d{5,}|\*")


def _checked_format(text) -> None:
    # A width inside a format ("%999999s", "{:>999999}") or taken from the arguments ("%*s").
    for found in _FORMAT_NUMBER.finditer(str(text)):
        if found.group() == "*" or int(found.group()) > MAX_WIDTH:
            raise _too_much(f"en bredd i formatet '{str(text)[:40]}' (högst {MAX_WIDTH})")


def _checked_size(value):
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise _too_much(f"en text eller lista på mer än {MAX_TEXT} tecken")
    return value


class _Environment(SandboxedEnvironment):
    """The sandbox with bounds: no include/import/extends, capped range, widths and repetition."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ranges = 0  # numbers handed out by range() since begin()
        self.globals.pop("lipsum", None)  # lorem ipsum has no place in an official paper
        self.globals["range"] = self._range
        for name in ("center", "indent", "wordwrap", "truncate", "slice", "batch", "format", "replace"):
            self.filters[name] = self._bounded_filter(self.filters[name], name)

    def begin(self) -> None:
        self.ranges = 0

    def _range(self, *args):
        numbers = range(*args)
        self.ranges += len(numbers)
        if self.ranges > MAX_RANGE:
            raise _too_much(f"fler än {MAX_RANGE} tal ur range()")
        return numbers

    def _bounded_filter(self, original, name: str):
        skip = 1 if hasattr(original, "jinja_pass_arg") else 0  # the context or environment comes first

        def bounded(*args, **kwargs):
            subject, rest = (args[skip] if len(args) > skip else ""), list(args[skip + 1:])
            if name == "format":
                _checked_format(subject)
            for value in rest + list(kwargs.values()):
                _checked_width(value, f"{name} med talet")
            if name == "replace" and len(rest) >= 2:
                _bounded_replace(str(subject), str(rest[0]), str(rest[1]))
            return _checked_size(original(*args, **kwargs))

        if skip:
            bounded.jinja_pass_arg = original.jinja_pass_arg
        return bounded

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for kind, label in _UNSUPPORTED.items():
            for node in tree.find_all(kind):
                raise _Refused(f"{label} stöds inte i mallar",
                               "skriv texten direkt i mallen (en mall kan inte hämta andra mallar)", node.lineno)
        return tree

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for text, count in ((left, right), (right, left)):
                if isinstance(text, (str, list, tuple)) and isinstance(count, int):
                    if len(text) * count > MAX_TEXT:
                        raise _too_much(f"en text eller lista upprepad {count} gånger")
        elif operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 100 and not (isinstance(left, (int, float)) and abs(left) <= 1):
                raise _too_much(f"upphöjt till {right} (högst 100)")
        elif operator == "%" and isinstance(left, str):
            _checked_format(left)
        return _checked_size(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 – the sandbox's own signature
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            name = getattr(method, "__name__", "metoden")
            for value in list(args) + list(kwargs.values()):
                _checked_width(value, f"{name} med talet")
            if name in ("format", "format_map"):
                _checked_format(owner)
            if name == "replace" and len(args) >= 2:
                _bounded_replace(owner, str(args[0]), str(args[1]))
        return _checked_size(super().call(__context, __obj, *args, **kwargs))


def _bounded_replace(text, old: str, new: str) -> None:
    """Refuse a replacement whose result would be longer than MAX_TEXT characters."""
    count = (len(str(text)) + 1) if old == "" else str(text).count(old)
    if count * len(new) > MAX_TEXT:
        raise _too_much(f"en ersättning som ger mer än {MAX_TEXT} tecken")


def _verbatim(value):
    # docxtpl turns "{_{" into "{{" in everything rendered (its escape for template authors);
    # in a value the underscore is written as a character reference, so values come out verbatim.
    if hasattr(value, "__html__"):
        text = value.__html__()
    elif isinstance(value, str):
        text = str(markupsafe.escape(value))
    else:
        return value
    if "{_" not in text and "_}" not in text:
        return value
    return markupsafe.Markup(text.replace("{_", "{&#95;").replace("_}", "&#95;}"))


def _environment(markdown: MarkdownRenderer) -> _Environment:
    # Sandbox: a template edited in Word cannot reach Python; StrictUndefined: a misspelt
    # variable is an error, never an empty gap in an official paper.
    env = _Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_verbatim)
    env.filters["markdown"] = markdown.blocks
    env.filters["inline"] = markdown.inline
    # {{ datum_iso|datum }} is the long form, "9 mars 2023", unless the template asks otherwise.
    env.filters["datum"] = lambda value, stil="lang": format_date(value, stil)
    return env


# What an expression in a template can raise besides Jinja's own errors ({{ 1 + 'a' }}, {{ 1 / 0 }}).
_TEMPLATE_FAULTS = (TypeError, ValueError, ArithmeticError, AttributeError, LookupError, MemoryError,
                    RecursionError)


def _fault(exc: BaseException) -> jinja2.TemplateError:
    """Return a Jinja error standing for ``exc`` raised by an expression of a template, keeping its traceback."""
    error = jinja2.TemplateRuntimeError(f"ett uttryck i mallen gick inte att räkna ut ({type(exc).__name__}: {exc})")
    error.__traceback__ = exc.__traceback__
    return error


def _render_bounded(template: jinja2.Template, context: dict) -> str:
    """Return the template rendered, refused when one part grows past MAX_PART characters."""
    out, size = [], 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_PART:
            raise _too_much(f"en del av dokumentet på mer än {MAX_PART // 1_000_000} miljoner tecken")
        out.append(chunk)
    return "".join(out)


# docxtpl's patching and post-processing are used as they are (they keep no state of
# their own), so the compiled path writes what docxtpl writes.
_DOCXTPL = DocxTemplate(None)

# How messages name a template's parts ("mallar/x.docx, sidhuvudet (word/header1.xml): ...").
PART_LABEL = {"body": "brödtexten", "header": "sidhuvudet", "footer": "sidfoten"}


def template_parts(document) -> list[tuple[str, str, str, str]]:
    """Return (kind, member, Jinja source, encoding) of each part of a Word template that may hold tags.

    The body, then the headers, then the footers (kind: body | header | footer), each patched
    as docxtpl renders it. The one reading of a template's parts: rendering and granska's
    check of the variables both use it.
    """
    part = document.part
    found = [("body", part.partname.membername, _DOCXTPL.patch_xml(_DOCXTPL.xml_to_string(document.element.body)),
              "utf-8")]
    for uri, kind in ((DocxTemplate.HEADER_URI, "header"), (DocxTemplate.FOOTER_URI, "footer")):
        for rel in part.rels.values():
            if rel.reltype != uri or rel.is_external or not rel.target_part.blob:
                continue
            xml = _DOCXTPL.get_part_xml(rel.target_part)
            found.append((kind, rel.target_part.partname.membername, _DOCXTPL.patch_xml(xml),
                          _DOCXTPL.get_headers_footers_encoding(xml)))
    return found


def _fit_columns(xml: bytes):
    """Return the parsed header or footer, its tables' grids fitted to the columns a {%tc %} loop made.

    docxtpl fits the grid (LibreOffice lays a table out by it) in the body only; the header fields
    in columns (stil.sidhuvud_form: kolumner) need it in the header too.
    """
    return _DOCXTPL.fix_tables(xml) if b"<w:tbl>" in xml or b"<w:tbl " in xml else parse_xml(xml)


class _Template(DocxTemplate):
    """docxtpl's template with the headers' and footers' table grids fitted as the body's are."""

    def build_headers_footers_xml(self, context, uri, jinja_env=None):
        for rel_key, xml in super().build_headers_footers_xml(context, uri, jinja_env):
            yield rel_key, serialize_part_xml(_fit_columns(xml))


_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")

_compiled: OrderedDict[str, "CompiledTemplate"] = OrderedDict()


def compiled_template(data: bytes, name: str = "mall") -> "CompiledTemplate":
    """Return the template ``data`` prepared for rendering, prepared once per process."""
    key = f"{sha256(data)} {name}"  # the name too: two files with the same bytes are named apart in errors
    template = _compiled.get(key)
    if template is None:
        template = CompiledTemplate(data, name)
        _compiled[key] = template
        while len(_compiled) > CACHE_SIZE:
            _compiled.popitem(last=False)
    else:
        _compiled.move_to_end(key)
    return template


def render_docx(template: Path | bytes, context: dict, properties: Properties, template_name: str = "") -> bytes:
    """Return the bytes of the document rendered from ``template`` (a path or its bytes).

    The zip is already normalised (fixed times); ``normalise_zip`` leaves it as it is.
    """
    data = template if isinstance(template, bytes) else Path(template).read_bytes()
    name = template_name or (str(template) if not isinstance(template, bytes) else "mall")
    return compiled_template(data, name).render(context, properties)


def render_docx_plain(template: Path | bytes, context: dict, properties: Properties, template_name: str = "") -> bytes:
    """Return the document rendered the plain docxtpl way: load, render, save (zip not normalised).

    The reference the compiled path must equal, and its fallback for templates it does not handle.
    """
    source = io.BytesIO(template if isinstance(template, bytes) else Path(template).read_bytes())
    name = template_name or str(template if not isinstance(template, bytes) else "mall")
    tpl = _Template(source)
    markdown = MarkdownRenderer(tpl.get_docx())
    try:
        tpl.render(context, jinja_env=_environment(markdown))
    except jinja2.TemplateError as exc:
        raise TemplateError(_describe(exc, name)) from None
    except _TEMPLATE_FAULTS as exc:
        raise TemplateError(_describe(_fault(exc), name)) from None
    _set_properties(tpl.docx.core_properties, properties)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


class _Numbering:
    """The numbering part of one document being rendered; Markdown lists add ``w:num`` to it."""

    def __init__(self, element):
        self.element = element


class _PartView:
    """The document part as MarkdownRenderer sees it, fresh for every document rendered.

    Hyperlinks become relationships of this document only; numbered lists get numbering
    instances in this document's copy of the numbering part. The template is never touched.
    """

    def __init__(self, part):
        self._part = part
        self.begin()

    def begin(self) -> None:
        self.rels = Relationships(self._part.partname.baseURI)
        for rel in self._part.rels.values():
            self.rels.add_relationship(rel.reltype, rel._target, rel.rId, rel.is_external)
        self._numbering: _Numbering | None = None

    def relate_to(self, target, reltype: str, is_external: bool = False) -> str:
        """Return the rId of the (new or existing) external relationship to ``target``."""
        if not is_external:
            raise TypeError("only external relationships (hyperlinks) are added while rendering")
        return self.rels.get_or_add_ext_rel(reltype, target)

    @property
    def numbering_part(self) -> _Numbering:
        if self._numbering is None:
            self._numbering = _Numbering(parse_xml(self._part.numbering_part.blob))
        return self._numbering

    @property
    def numbering_touched(self) -> bool:
        return self._numbering is not None


class _DocumentView:
    """What MarkdownRenderer reads of a document: the template's styles and the part being rendered."""

    def __init__(self, document, part: _PartView):
        self.styles = document.styles
        self.part = part


@dataclass
class _Source:
    """One patched part of a template, compiled once: body, header or footer."""

    member: str  # name in the zip
    label: str  # for messages: "brödtexten", "sidhuvudet (word/header1.xml)"
    xml: str  # patched XML, the Jinja source
    template: jinja2.Template | None = None
    encoding: str = "utf-8"
    error: str = ""  # why it did not compile, reported by every document that uses it


class _Unsupported(Exception):
    """The template uses something the compiled path does not do; the plain path renders it."""


class CompiledTemplate:
    """A Word template prepared once: patched and compiled parts, unchanged parts compressed once."""

    def __init__(self, data: bytes, name: str):
        self.data = data
        self.name = name
        self.plain = False
        try:
            self._prepare()
        except _Unsupported:
            self.plain = True
        except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise TemplateError(f"{name}: mallen kan inte läsas som ett Word-dokument ({exc}) – öppna och spara "
                                "den i Word, eller ta en ny från 'kanslist init'") from None

    # ---- preparing, once per process ----------------------------------------------------
    def _prepare(self) -> None:
        document = Document(io.BytesIO(self.data))
        part = document.part
        if any(p.content_type == FOOTNOTES for p in part.package.iter_parts()):
            raise _Unsupported("fotnoter")
        self._view = _PartView(part)
        # Built before the unchanged parts are taken: python-docx may add a styles,
        # numbering or core-properties part that the template lacks, as it would per document.
        self._markdown = MarkdownRenderer(_DocumentView(document, self._view))
        self._env = _environment(self._markdown)
        document.core_properties  # python-docx adds the part if the template has none
        core_part = part.package.part_related_by(RT.CORE_PROPERTIES)
        self._core_xml = core_part.blob
        saved = io.BytesIO()
        document.save(saved)
        with zipfile.ZipFile(saved) as package:
            self._baseline = [(info.filename, package.read(info)) for info in package.infolist()]
        self._members = {name: Member.of(name, data) for name, data in self._baseline}

        self._document_member = part.partname.membername
        self._rels_member = part.partname.rels_uri.membername
        self._core_member = core_part.partname.membername
        try:
            self._numbering_member = part.part_related_by(RT.NUMBERING).partname.membername
        except KeyError:
            self._numbering_member = None

        # The body, then headers, then footers, as docxtpl renders them (taken before the body is removed).
        parts = template_parts(document)
        # The document element without its body; each document gets a copy with its own body.
        self._shell = copy.deepcopy(document.element)
        self._body_index = list(self._shell).index(self._shell.body)
        self._shell.remove(self._shell.body)
        self._sources = [
            self._compile(_Source(member, PART_LABEL[kind] if kind == "body" else f"{PART_LABEL[kind]} ({member})",
                                  xml, encoding=encoding))
            for kind, member, xml, encoding in parts]

    def _compile(self, source: _Source) -> _Source:
        # docxtpl puts each paragraph on its own line so that errors have a line number.
        source.xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", source.xml)
        try:
            source.template = self._env.from_string(source.xml)
        except jinja2.TemplateError as exc:
            # Kept, not raised here: every case that uses the template reports it as its own error.
            source.error = self._error(exc, source)
        return source

    # ---- rendering, once per document ---------------------------------------------------
    def render(self, context: dict, properties: Properties) -> bytes:
        """Return the bytes of the document for ``context``, normalised (fixed zip times)."""
        if self.plain:
            return normalise_zip(render_docx_plain(self.data, context, properties, self.name))
        self._view.begin()
        self._env.begin()
        changed: dict[str, bytes] = {}
        for source in self._sources:
            xml = self._fill(source, context)
            if source.member == self._document_member:
                tree = _DOCXTPL.fix_tables(xml)
                _DOCXTPL.docx_ids_index = 1000
                _DOCXTPL.fix_docpr_ids(tree)
                root = copy.deepcopy(self._shell)
                root.insert(self._body_index, tree)
                changed[source.member] = serialize_part_xml(root)
            else:
                changed[source.member] = serialize_part_xml(_fit_columns(xml.encode(source.encoding)))
        changed[self._core_member] = self._core(properties)
        changed[self._rels_member] = self._view.rels.xml
        if self._numbering_member and self._view.numbering_touched:
            changed[self._numbering_member] = serialize_part_xml(self._view.numbering_part.element)
        members = []
        for name, original in self._baseline:
            data = changed.get(name)
            members.append(self._members[name] if data is None or data == original else Member.of(name, data))
        return zip_members(members)

    def _fill(self, source: _Source, context: dict) -> str:
        if source.template is None:
            raise TemplateError(source.error)
        try:
            xml = _render_bounded(source.template, context)
        except jinja2.TemplateError as exc:
            raise TemplateError(self._error(exc, source)) from None
        except _TEMPLATE_FAULTS as exc:
            raise TemplateError(self._error(_fault(exc), source)) from None
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        # resolve_listing turns tabs, line and page breaks in values into Word's; it only ever
        # changes text runs that hold one, so without any it is skipped (it is a slow regex pass).
        return _DOCXTPL.resolve_listing(xml) if _LISTING.search(xml) else xml

    def _error(self, exc: jinja2.TemplateError, source: _Source) -> str:
        lineno = getattr(exc, "lineno", None) or _template_line(exc)
        if lineno is not None:
            # One paragraph per line (see _compile): the Word text of the paragraph at fault,
            # or of the nearest one before it that has text.
            lines = [re.sub(r"<[^>]+>", "", line).strip() for line in source.xml.splitlines()[:lineno]]
            exc.docx_context = [next((line for line in reversed(lines) if line), "")]
        return _describe(exc, f"{self.name}, {source.label}")

    def _core(self, properties: Properties) -> bytes:
        element = parse_xml(self._core_xml)
        _set_properties(CoreProperties(element), properties)
        return serialize_part_xml(element)


def _template_line(exc: BaseException) -> int | None:
    """Return the template line where a rendering error arose (Jinja maps its frames to it)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# Jinja's commonest complaints, said in Swedish; the English detail stays in parentheses.
_JINJA_REASONS = [
    (re.compile(r"^No filter named '([^']*)'"), "filtret '{0}' finns inte",
     "använd markdown, inline, datum eller ett av Jinjas inbyggda filter, och kontrollera stavningen"),
    (re.compile(r"^No test named '([^']*)'"), "testet '{0}' finns inte", "kontrollera stavningen efter 'is'"),
    (re.compile(r"^Encountered unknown tag '([^']*)'"), "taggen {{% {0} %}} finns inte",
     "kontrollera stavningen; en {% %} måste vara if, for, set eller deras end-taggar"),
    (re.compile(r"^Unexpected end of template"), "en {% if %} eller {% for %} avslutas aldrig",
     "lägg till {% endif %} eller {% endfor %}"),
    (re.compile(r"^unexpected end of template"), "en {{ }} eller {% %} stängs aldrig", "kontrollera }} och %} i mallen"),
    (re.compile(r"^unexpected '([^']*)'"), "tecknet '{0}' står fel i ett {{{{ }}}}- eller {{% %}}-uttryck",
     "kontrollera {{ }} och {% %} i mallen"),
]


def _describe(exc: jinja2.TemplateError, name: str) -> str:
    """Return the Swedish message for a template error: template, part, what, the Word text near it."""
    near = getattr(exc, "docx_context", None)
    near_text = ""
    if near:
        # docxtpl gives an iterator of the Word text around the error, one line per paragraph.
        lines = [str(line).strip() for line in ([near] if isinstance(near, str) else near)]
        near_text = " Nära texten: " + " ".join(line for line in lines if line)[:160]
    if isinstance(exc, (_Refused, _Limited)):
        return f"{name}: {exc.swedish}.{near_text} – {exc.hint}"
    reason = exc.message if getattr(exc, "message", None) else str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        reason = re.sub(r"^'[^']*' object has no attribute '([^']*)'$", r"fältet '\1' finns inte", reason)
        reason = reason.replace("is undefined", "finns inte").replace("has no attribute", "har inget fält")
        hint = "kontrollera stavningen av variabeln i mallen (se 'kanslist granska' för vilka som finns)"
        return f"{name}: mallen kunde inte fyllas i: {reason}.{near_text} – {hint}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return (f"{name}: mallen försöker nå något som mallar inte får nå ({reason}).{near_text} – "
                "använd bara fälten och filtren som kanslist ger mallen")
    for pattern, swedish, hint in _JINJA_REASONS:
        found = pattern.match(reason)
        if found:
            return f"{name}: {swedish.format(*found.groups())} ({reason}).{near_text} – {hint}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{name}: mallen har ett skrivfel i {{{{ }}}} eller {{% %}} ({reason}).{near_text} – kontrollera {{{{ }}}} och {{% %}} i mallen"
    return f"{name}: mallen kunde inte fyllas i: {reason}.{near_text} – kontrollera {{{{ }}}} och {{% %}} i mallen"


MAX_PROPERTY = 255  # python-docx refuses a longer core property (as Word's own dialog does)


def _property(text: str) -> str:
    """Return ``text`` cut to MAX_PROPERTY characters, at a word where it can, marked with '…'."""
    if len(text) <= MAX_PROPERTY:
        return text
    cut = text[:MAX_PROPERTY - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_PROPERTY // 2 else cut).rstrip() + "…"


def _set_properties(core: CoreProperties, p: Properties) -> None:
    core.title = _property(p.title)
    core.subject = _property(p.subject)
    core.author = _property(p.author)
    core.last_modified_by = _property(p.author)
    core.keywords = _property(p.dnr)
    core.identifier = _property(p.dnr)
    core.category = _property(p.category)
    core.language = p.language
    core.comments = _property(f"Dnr {p.dnr}") if p.dnr else ""
    core.revision = 1
    # The case's date, not the clock: the same inputs give the same bytes.
    stamp = dt.datetime(p.datum.year, p.datum.month, p.datum.day, 12, 0, 0)
    core.created = stamp
    core.modified = stamp

"""Render one document: a docxtpl template, the case's context, Markdown as Word paragraphs."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from .errors import KanslistError
from .markdown_docx import MarkdownRenderer


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


def _environment(markdown: MarkdownRenderer) -> SandboxedEnvironment:
    # Sandbox: a template edited in Word cannot reach Python; StrictUndefined: a misspelt
    # variable is an error, never an empty gap in an official paper.
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["markdown"] = markdown.blocks
    env.filters["inline"] = markdown.inline
    return env


def render_docx(template: Path | bytes, context: dict, properties: Properties, template_name: str = "") -> bytes:
    """Return the bytes of the document rendered from ``template`` (a path or its bytes)."""
    source = io.BytesIO(template if isinstance(template, bytes) else Path(template).read_bytes())
    name = template_name or str(template if not isinstance(template, bytes) else "mall")
    tpl = DocxTemplate(source)
    markdown = MarkdownRenderer(tpl.get_docx())
    try:
        tpl.render(context, jinja_env=_environment(markdown))
    except jinja2.TemplateError as exc:
        raise TemplateError(_describe(exc, name)) from None
    _set_properties(tpl.docx, properties)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _describe(exc: jinja2.TemplateError, name: str) -> str:
    near = getattr(exc, "docx_context", None)
    near_text = ""
    if near:
        lines = [line for line in (near if isinstance(near, list) else [str(near)]) if line]
        near_text = " Nära texten: " + " ".join(str(x) for x in lines)[:160]
    reason = exc.message if getattr(exc, "message", None) else str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        reason = reason.replace("is undefined", "finns inte").replace("has no attribute", "har inget fält")
        hint = "kontrollera stavningen av variabeln i mallen (se 'kanslist granska' för vilka som finns)"
    else:
        hint = "kontrollera {{ }} och {% %} i mallen"
    return f"{name}: mallen kunde inte fyllas i: {reason}.{near_text} – {hint}"


def _set_properties(document, p: Properties) -> None:
    core = document.core_properties
    core.title = p.title
    core.subject = p.subject
    core.author = p.author
    core.last_modified_by = p.author
    core.keywords = p.dnr
    core.identifier = p.dnr
    core.category = p.category
    core.language = p.language
    core.comments = f"Dnr {p.dnr}" if p.dnr else ""
    core.revision = 1
    # The case's date, not the clock: the same inputs give the same bytes.
    stamp = dt.datetime(p.datum.year, p.datum.month, p.datum.day, 12, 0, 0)
    core.created = stamp
    core.modified = stamp

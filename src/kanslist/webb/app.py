"""The web app (Starlette): cases with generated forms, live checking and preview, build, the register, users."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from kanslist import api
from kanslist.webb import forms, preview
from kanslist.webb import sammantraden as moten
from kanslist.webb.auth import LoginThrottle, User, UserStore, new_token, token_ok
from kanslist.webb.sessions import ServerSessions, Store
from kanslist.webb.saving import Conflict, diff, draft_path, log, save_case, save_draft, sha256

HERE = Path(__file__).parent
SESSION_HOURS = 8  # a working day; then one logs in again
DOWNLOADS = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             ".pdf": "application/pdf"}
RIKTNINGAR = [("inkommande", "Inkommande"), ("upprattad", "Upprättad"), ("utgaende", "Utgående")]


@dataclass
class Settings:
    root: Path
    trust_header: str | None = None  # e.g. X-Remote-User from an SSO reverse proxy; off by default


class Webb:
    """The state of one running web app: the workspace, its users and small caches."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.ws = api.open_workspace(settings.root)
        self.users = UserStore(self.ws.data_dir)
        self.store = Store(self.ws.data_dir)  # sessions and failed logins survive a restart
        self.throttle = LoginThrottle(store=self.store)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals.update(html_id=forms.html_id, display_value=forms.display_value,
                                          PERSON_TEXT=forms.PERSON_TEXT, quote=quote)
        self._preview_cache: OrderedDict[str, str] = OrderedDict()
        self._check_cache: dict[tuple, tuple[int, int]] = {}
        self._lock = threading.Lock()

    # -- people --------------------------------------------------------------------------

    def user(self, request: Request) -> User | None:
        header = self.settings.trust_header
        if header:
            name = request.headers.get(header)
            if name:
                return self.users.get(name.strip())
        name = request.session.get("anvandare")
        return self.users.get(name) if isinstance(name, str) else None

    def choices(self) -> forms.Choices:
        enheter = [(k, f"{e.namn} ({k})") for k, e in self.ws.organisation.enheter.items()]
        personer = [(k, f"{p.namn}{', ' + p.titel if p.titel else ''} ({k})") for k, p in self.ws.personer.items()]
        return forms.Choices(enheter, personer)

    # -- cases ---------------------------------------------------------------------------

    def case_path(self, name: str) -> Path:
        for path in self.ws.case_files():
            if path.stem == name:
                return path
        raise HTTPException(404, "Ärendet finns inte – det kan ha bytt namn eller tagits bort.")

    @staticmethod
    def case_data(text: str) -> dict:
        """Return a case file's top-level mapping, read leniently ({} when it cannot be read)."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        except ValueError:  # a date such as 2026-13-45 that PyYAML cannot make: read every value as text
            data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 – BaseLoader builds only str, list, dict
        return data if isinstance(data, dict) else {}

    @staticmethod
    def secrecy(data: dict, user: User) -> tuple[dict | None, bool, str]:
        """Return (marking, hidden, rubrik as ``user`` may see it) of a case: the one rule for classified subjects.

        A user without the right to see classified subjects (a reader) sees neither the case
        nor, when the marking masks it (the default), its subject (OSL 5 kap. 5 §).
        """
        mark = data.get("sekretess") if isinstance(data.get("sekretess"), dict) else None
        hidden = not user.sees_secret and mark is not None
        rubrik = str(data.get("rubrik") or "")
        if hidden and "rubrik" in (mark.get("maskera") or ["rubrik"]):
            rubrik = f"Sekretess enligt {mark.get('grund') or 'OSL'}"
        return mark, hidden, rubrik

    def summary(self, path: Path, user: User) -> dict:
        text = path.read_text(encoding="utf-8", errors="replace")
        data = self.case_data(text)
        kind = api.kind_named(data.get("typ"))
        mark, hidden, rubrik = self.secrecy(data, user)
        manifest = self.ws.build_dir / path.stem / "kanslist.json"
        built = dt.datetime.fromtimestamp(manifest.stat().st_mtime).strftime("%Y-%m-%d %H:%M") \
            if manifest.exists() else ""
        return {"name": None if hidden else path.stem, "typ": kind.title if kind else str(data.get("typ") or "okänd"),
                "rubrik": rubrik, "dnr": str(data.get("dnr") or ""), "datum": str(data.get("datum") or ""),
                "byggd": built, "hidden": hidden, "granska": self.granska_status(path, text),
                "sekretess": mark is not None}

    def granska_status(self, path: Path, text: str) -> str:
        key = (path.name, sha256(text))
        if key not in self._check_cache:
            problems = api.check_text(self.ws, text, self.ws.display(path))
            errors = sum(1 for p in problems if p.severity == "fel")
            self._check_cache[key] = (errors, len(problems) - errors)
        errors, warnings = self._check_cache[key]
        if not errors and not warnings:
            return "Inga anmärkningar"
        return f"{errors} fel, {warnings} varningar"

    def preview(self, text: str, display: str, dokument: str | None = None) -> tuple[list[tuple[str, str]], str, str]:
        """Return the case's Word documents (file, label), the one shown and its sanitised HTML.

        Only the document shown is rendered and converted (``dokument``, default the first);
        the result is cached by the text and the document's name.
        """
        _loaded, arende = api.load_case_text(self.ws, text, display)
        documents = [(f"{d.name}.docx", d.label) for d in api.kind_named(arende.typ).documents_for(arende)]
        if not documents:
            return [], "", ""
        chosen = dokument if dokument in dict(documents) else documents[0][0]
        key = sha256(chosen + "\n" + text)
        with self._lock:
            if key in self._preview_cache:
                self._preview_cache.move_to_end(key)
                return documents, chosen, self._preview_cache[key]
        data = api.render_text(self.ws, text, display, only=[chosen])[chosen]
        html = preview.document_html(data)
        with self._lock:
            self._preview_cache[key] = html
            while len(self._preview_cache) > 64:
                self._preview_cache.popitem(last=False)
        return documents, chosen, html


# ---- helpers --------------------------------------------------------------------------------

def webb(request: Request) -> Webb:
    return request.app.state.webb


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    w = webb(request)
    if "csrf" not in request.session:
        request.session["csrf"] = new_token()
    context.setdefault("user", w.user(request))
    context.update(request=request, csrf=request.session["csrf"], organisation=w.ws.organisation.namn)
    return w.templates.TemplateResponse(request, template, context, status_code=status)


def need(request: Request, right: str | None = None) -> User:
    user = webb(request).user(request)
    if user is None:
        raise HTTPException(401, "Logga in för att fortsätta.")
    if right == "edit" and not user.may_edit:
        raise HTTPException(403, "Du har inte behörighet att ändra ärenden – det kräver rollen handläggare.")
    if right == "register" and not user.may_register:
        raise HTTPException(403, "Du har inte behörighet att föra diariet – det kräver rollen registrator.")
    # A meeting's papers are built by whoever prepares it (handläggare) or registers its protocol (registrator).
    if right == "meeting" and not (user.may_edit or user.may_register):
        raise HTTPException(403, "Du har inte behörighet att bygga sammanträdets handlingar – det kräver rollen "
                                 "handläggare eller registrator.")
    return user


async def posted(request: Request):
    """Return the form of a POST whose CSRF token matches the session's; refuse it otherwise."""
    form = await request.form()
    if not token_ok(request.session.get("csrf"), form.get("csrf")):
        raise HTTPException(403, "Formuläret kunde inte tas emot eftersom det var för gammalt eller inte kom "
                                 "från den här sidan – ladda om sidan och försök igen.")
    return form


def back(url: str, **params) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(url + ("?" + query if query else ""), status_code=303)


# ---- login -----------------------------------------------------------------------------------

async def login_page(request: Request):
    return page(request, "login.html", nasta=request.query_params.get("nasta", "/arenden"))


async def login(request: Request):
    form = await posted(request)
    name, password = str(form.get("anvandare") or "").strip(), str(form.get("losenord") or "")
    throttle = webb(request).throttle
    address = request.client.host if request.client else ""
    refused = throttle.refused(name, address)
    if refused:  # not even checked: a right password must not get through a guess in progress
        return page(request, "login.html", 429, fel=refused, anvandare=name, nasta=form.get("nasta") or "/arenden")
    user = await run_in_threadpool(webb(request).users.authenticate, name, password)
    if user is None:
        throttle.failed(name, address)
        return page(request, "login.html", 401, fel="Fel användarnamn eller lösenord – försök igen.",
                    anvandare=name, nasta=form.get("nasta") or "/arenden")
    throttle.succeeded(name)
    request.session.clear()
    request.session.update(anvandare=user.name, csrf=new_token())  # a new token: no fixation across login
    log(webb(request).ws.data_dir, user.name, "logga_in")
    nasta = str(form.get("nasta") or "/arenden")
    return back(nasta if nasta.startswith("/") and not nasta.startswith("//") else "/arenden")


async def logout(request: Request):
    await posted(request)
    request.session.clear()
    return back("/logga-in")


# ---- cases -----------------------------------------------------------------------------------

async def home(request: Request):
    return back("/arenden")


async def case_list(request: Request):
    user = need(request)
    w = webb(request)
    q = request.query_params.get("q", "").strip().lower()
    typ = request.query_params.get("typ", "")
    rows = await run_in_threadpool(lambda: [w.summary(p, user) for p in w.ws.case_files()])
    if typ:
        rows = [r for r in rows if r["typ"] == typ]
    if q:  # search only what the user may see: a reader's search never matches a hidden subject
        rows = [r for r in rows if q in " ".join([r["rubrik"], r["dnr"], r["typ"], r["name"] or ""]).lower()]
    return page(request, "cases.html", rows=rows, q=request.query_params.get("q", ""), typ=typ,
                kinds=[k.title for k in api.KINDS.values()])


async def new_case_page(request: Request):
    need(request, "edit")
    return page(request, "new.html", kinds=list(api.KINDS.values()))


async def new_case(request: Request):
    user = need(request, "edit")
    form = await posted(request)
    w = webb(request)
    typ, rubrik = str(form.get("typ") or ""), str(form.get("rubrik") or "").strip()
    if api.kind_named(typ) is None:
        return page(request, "new.html", 422, kinds=list(api.KINDS.values()), fel="Välj vilken sorts ärende det är.",
                    rubrik=rubrik)
    if not rubrik:
        return page(request, "new.html", 422, kinds=list(api.KINDS.values()), typ=typ,
                    fel="Skriv en rubrik – kort vad ärendet gäller.")
    try:
        path = await run_in_threadpool(api.new_case, w.ws, typ, rubrik, registrera=bool(form.get("registrera")))
    except api.KanslistError as exc:
        return page(request, "new.html", 422, kinds=list(api.KINDS.values()), typ=typ, rubrik=rubrik, fel=str(exc))
    log(w.ws.data_dir, user.name, "nytt_arende", fil=w.ws.display(path))
    return back(f"/arenden/{quote(path.stem)}", meddelande="Ärendet är skapat. Fyll i formuläret och spara.")


def _kind_of_text(text: str):
    try:
        data = forms.plain(forms.load_rt(text))
    except Exception:  # noqa: BLE001 – any YAML error: the page says the file cannot be read as a form
        return None, {}
    return api.kind_named(data.get("typ")), data


def _problems(w: Webb, text: str, display: str) -> list:
    try:
        return api.check_text(w.ws, text, display)
    except api.InvalidInput as exc:
        return exc.problems
    except api.KanslistError as exc:
        return [api.Problem(display, None, "", str(exc))]


async def case_page(request: Request):
    user = need(request)
    w = webb(request)
    name = request.path_params["name"]
    path = w.case_path(name)
    text = path.read_text(encoding="utf-8", errors="replace")
    base = sha256(path.read_bytes())
    draft = draft_path(w.ws.arenden_dir, name)
    shown = draft.read_text(encoding="utf-8") if request.query_params.get("utkast") and draft.exists() else text
    kind, data = _kind_of_text(shown)
    outputs = _outputs(w, name)
    documents = [(f"{d.name}.docx", d.label) for d in kind.documents] if kind else []
    if not user.may_edit:
        info = w.summary(path, user)
        if info["hidden"]:
            raise HTTPException(403, "Ärendet omfattas av sekretess och kan inte visas med din behörighet.")
        return page(request, "case_read.html", name=name, info=info, outputs=outputs, documents=documents)
    if kind is None:
        return _broken(request, name, shown, base, _problems(w, shown, w.ws.display(path)), draft=draft.exists(),
                       meddelande=request.query_params.get("meddelande"))
    problems = await run_in_threadpool(_problems, w, shown, w.ws.display(path))
    return _edit(request, name, kind, data, base, problems, outputs=outputs, draft=draft.exists(), documents=documents,
                 meddelande=request.query_params.get("meddelande"))


def _broken(request, name: str, text: str, base: str, problems: list, status: int = 200, **context):
    """The page of a case file that cannot be read as a form: its raw YAML in a text area, the error's line named."""
    return page(request, "case_broken.html", status, name=name, text=text, base=base, problems=problems,
                rad=first_error_line(problems), **context)


def first_error_line(problems: list) -> int | None:
    """Return the line of the first error the problems name: where the text area puts its caret."""
    return next((p.line for p in problems if p.line and p.severity == "fel"), None)


async def case_save_text(request: Request):
    """Save a case's raw YAML: refused while it does not validate (a draft instead), and under the conflict check."""
    user = need(request, "edit")
    form = await posted(request)
    w = webb(request)
    name = request.path_params["name"]
    path = w.case_path(name)
    text = str(form.get("text") or "").replace("\r\n", "\n")
    base = str(form.get("bas") or "")
    action = str(form.get("atgard") or "spara")
    display = w.ws.display(path)
    if action == "utkast":
        saved = save_draft(w.ws.arenden_dir, name, text)
        log(w.ws.data_dir, user.name, "spara_utkast", fil=w.ws.display(saved))
        return _broken(request, name, text, base, await run_in_threadpool(_problems, w, text, display), draft=True,
                       meddelande=f"Utkastet är sparat i {w.ws.display(saved)}. Ärendefilen är oförändrad.")
    try:
        api.load_case_text(w.ws, text, display)
    except api.InvalidInput as exc:
        return _broken(request, name, text, base, exc.problems, 422, andrad=True,
                       fel="Ärendet sparades inte eftersom filen fortfarande har fel. Rätta felen som visas vid "
                           "texten, eller spara som utkast så länge.")
    if action == "skriv_over":
        base = str(form.get("disk_bas") or "")
    try:
        save_case(path, text, base)
    except Conflict as exc:
        return _broken(request, name, text, base, [], 409, andrad=True, fel=str(exc),
                       konflikt=diff(exc.disk_text, text, path.name), disk_bas=exc.disk_hash)
    if draft_path(w.ws.arenden_dir, name).exists():
        draft_path(w.ws.arenden_dir, name).unlink()
    log(w.ws.data_dir, user.name, "spara_text", fil=display, sha256=sha256(text))
    return back(f"/arenden/{quote(name)}", meddelande="Ärendet är sparat.")


def _outputs(w: Webb, name: str) -> list[str]:
    folder = w.ws.build_dir / name
    return sorted(p.name for p in folder.iterdir() if p.suffix in DOWNLOADS) if folder.is_dir() else []


def _edit(request, name, kind, data, base, problems, status=200, focus=None, **context):
    w = webb(request)
    fields = forms.build_fields(kind.model, data, w.choices())
    loose = forms.attach_problems(fields, problems)
    context.setdefault("documents", [(f"{d.name}.docx", d.label) for d in kind.documents])
    return page(request, "case_edit.html", status, name=name, kind=kind, fields=fields, base=base,
                problems=problems, loose=loose, focus=focus and forms.html_id(focus), **context)


async def case_save(request: Request):
    user = need(request, "edit")
    form = await posted(request)
    w = webb(request)
    name = request.path_params["name"]
    path = w.case_path(name)
    kind = api.kind_named(str(form.get("typ") or ""))
    if kind is None:
        raise HTTPException(400, "Formuläret saknar ärendets typ – ladda om sidan.")
    base = str(form.get("bas") or "")
    action = str(form.get("atgard") or "spara")
    editing = forms.parse_form(kind.model, form, keep_empty=True)
    if action.split(":")[0] in ("lagg_till", "ta_bort", "upp", "ned"):
        editing, focus = forms.apply_action(kind.model, editing, action)
        return _edit(request, name, kind, editing, base, [], focus=focus, andrad=True)
    disk_text = path.read_text(encoding="utf-8", errors="replace")
    text = forms.to_yaml(kind.model, forms.parse_form(kind.model, form), disk_text)
    display = w.ws.display(path)
    if action == "utkast":
        saved = save_draft(w.ws.arenden_dir, name, text)
        log(w.ws.data_dir, user.name, "spara_utkast", fil=w.ws.display(saved))
        return _edit(request, name, kind, editing, base, await run_in_threadpool(_problems, w, text, display),
                     draft=True, meddelande=f"Utkastet är sparat i {w.ws.display(saved)}. Ärendefilen är oförändrad.")
    try:
        api.load_case_text(w.ws, text, display)
    except api.InvalidInput as exc:
        return _edit(request, name, kind, editing, base, exc.problems, 422, andrad=True,
                     fel="Ärendet sparades inte eftersom det har fel. Rätta felen som visas vid fälten, "
                         "eller spara som utkast så länge.")
    if action == "skriv_over":
        base = str(form.get("disk_bas") or "")
    try:
        save_case(path, text, base)
    except Conflict as exc:
        return _edit(request, name, kind, editing, base, [], 409, andrad=True, fel=str(exc),
                     konflikt=diff(exc.disk_text, text, path.name), disk_bas=exc.disk_hash)
    if draft_path(w.ws.arenden_dir, name).exists():
        draft_path(w.ws.arenden_dir, name).unlink()  # the saved case holds what the draft held
    log(w.ws.data_dir, user.name, "spara", fil=display, sha256=sha256(text))
    return back(f"/arenden/{quote(name)}", meddelande="Ärendet är sparat.")


def _form_text(w: Webb, form, path: Path) -> tuple[object, str]:
    kind = api.kind_named(str(form.get("typ") or ""))
    if kind is None:
        raise HTTPException(400, "Formuläret saknar ärendets typ – ladda om sidan.")
    disk = path.read_text(encoding="utf-8", errors="replace")
    return kind, forms.to_yaml(kind.model, forms.parse_form(kind.model, form), disk)


async def case_check(request: Request):
    need(request, "edit")
    form = await posted(request)
    w = webb(request)
    path = w.case_path(request.path_params["name"])
    kind, text = _form_text(w, form, path)
    problems = await run_in_threadpool(_problems, w, text, w.ws.display(path))
    fields = forms.build_fields(kind.model, forms.parse_form(kind.model, form, keep_empty=True), w.choices())
    loose = forms.attach_problems(fields, problems)
    return page(request, "_check.html", fields=fields, problems=problems, loose=loose)


async def case_preview(request: Request):
    user = need(request)
    w = webb(request)
    path = w.case_path(request.path_params["name"])
    if request.method == "POST":
        need(request, "edit")
        form = await posted(request)
        _kind, text = _form_text(w, form, path)
        dokument = str(form.get("dokument") or "")
    else:
        if w.summary(path, user)["hidden"]:
            raise HTTPException(403, "Ärendet omfattas av sekretess och kan inte visas med din behörighet.")
        text = path.read_text(encoding="utf-8", errors="replace")
        dokument = request.query_params.get("dokument", "")
    try:
        documents, chosen, html = await run_in_threadpool(w.preview, text, w.ws.display(path), dokument)
    except api.InvalidInput:
        return page(request, "_preview.html", html="", fel="Förhandsvisningen visas när felen i formuläret är rättade.")
    except api.KanslistError as exc:
        return page(request, "_preview.html", html="", fel=str(exc))
    note = ""
    if dokument and dokument != chosen:
        note = f"Ärendet ger inget dokument {dokument}; förhandsvisningen visar {chosen}."
    return page(request, "_preview.html", html=html, shown=chosen, label=dict(documents).get(chosen, ""),
                documents=documents, note=note)


async def field_preview(request: Request):
    """One Markdown field as the documents will show it (python-markdown, sanitised)."""
    need(request, "edit")
    form = await posted(request)
    text = str(form.get(str(form.get("falt") or "")) or "")
    html = await run_in_threadpool(preview.markdown_html, text) if text.strip() else ""
    return page(request, "_markdown.html", html=html)


async def case_build(request: Request):
    user = need(request, "edit")
    form = await posted(request)
    w = webb(request)
    name = request.path_params["name"]
    path = w.case_path(name)
    report = await run_in_threadpool(api.build, w.ws, [path])
    result = report.results[0]
    if result.status == "fel":
        text = "; ".join([str(p) for p in result.problems] or [result.message])
        return back(f"/arenden/{quote(name)}", meddelande=f"Bygget misslyckades: {text}")
    done = "Dokumenten är byggda."
    if form.get("pdf"):
        try:
            await run_in_threadpool(lambda: api.publish(w.ws, report, pdf=True))
            done = "Dokumenten och PDF/A-filerna är byggda."
        except api.KanslistError as exc:
            done = f"Dokumenten är byggda, men inte PDF/A: {exc}"
    log(w.ws.data_dir, user.name, "bygg", fil=w.ws.display(path), status=result.status)
    return back(f"/arenden/{quote(name)}", meddelande=done)


async def case_download(request: Request):
    user = need(request)
    w = webb(request)
    name, filename = request.path_params["name"], request.path_params["fil"]
    path = w.case_path(name)
    if w.summary(path, user)["hidden"]:
        raise HTTPException(403, "Ärendet omfattas av sekretess och kan inte hämtas med din behörighet.")
    if filename not in _outputs(w, name):
        raise HTTPException(404, "Filen finns inte – bygg ärendet först.")
    data = (w.ws.build_dir / name / filename).read_bytes()
    return Response(data, media_type=DOWNLOADS[Path(filename).suffix],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


# ---- meetings --------------------------------------------------------------------------------

def _meeting_path(w: Webb, name: str) -> Path:
    path = moten.meeting_path(w.ws, name)
    if path is None:
        raise HTTPException(404, "Sammanträdet finns inte – det kan ha bytt namn eller tagits bort.")
    return path


async def meeting_list(request: Request):
    need(request)
    w = webb(request)
    rows = await run_in_threadpool(moten.listing, w.ws, w.case_data, dt.date.today())
    return page(request, "meetings.html", rows=rows)


async def meeting_page(request: Request):
    user = need(request)
    w = webb(request)
    name = request.path_params["name"]
    path = _meeting_path(w, name)
    source = path.read_bytes()
    return await _meeting(request, user, name, path, source.decode("utf-8", "replace"), sha256(source),
                          meddelande=request.query_params.get("meddelande"), fel=request.query_params.get("fel"))


async def _meeting(request: Request, user: User, name: str, path: Path, text: str, base: str, status: int = 200,
                   problems: list | None = None, **context):
    """The meeting's page: its items and papers as saved, and (for who prepares it) its file as text to edit."""
    w = webb(request)
    info = await run_in_threadpool(moten.detail, w.ws, path, user, w.case_data, w.secrecy, dt.date.today())
    papers = moten.papers(w.ws, name)
    problems = info.problems if problems is None else problems
    return page(request, "meeting.html", status, info=info, papers=papers,
                refused={f for f, _ in papers if info.refused(f)}, built=moten.built_at(w.ws, name) if papers else "",
                may_build=user.may_edit or user.may_register, text=text, base=base, text_problems=problems,
                rad=first_error_line(problems), **context)


async def meeting_save_text(request: Request):
    """Save a meeting file's text: refused while bygg would refuse it, and under the conflict check."""
    user = need(request, "meeting")
    form = await posted(request)
    w = webb(request)
    name = request.path_params["name"]
    path = _meeting_path(w, name)
    text = str(form.get("text") or "").replace("\r\n", "\n")
    base = str(form.get("bas") or "")
    try:
        await run_in_threadpool(api.check_meeting_text, w.ws, path, text)
    except api.InvalidInput as exc:
        return await _meeting(request, user, name, path, text, base, 422, exc.problems, andrad=True,
                              fel="Sammanträdesfilen sparades inte eftersom den har fel. Rätta felen som visas "
                                       "vid texten och spara igen.")
    if str(form.get("atgard") or "") == "skriv_over":
        base = str(form.get("disk_bas") or "")
    try:
        save_case(path, text, base, ("sammanträdesfilen", "den"))
    except Conflict as exc:
        return await _meeting(request, user, name, path, text, base, 409, [], andrad=True, fel=str(exc),
                              konflikt=diff(exc.disk_text, text, path.name), disk_bas=exc.disk_hash)
    log(w.ws.data_dir, user.name, "spara_sammantrade", fil=w.ws.display(path), sha256=sha256(text))
    return back(f"/sammantraden/{quote(name)}", meddelande="Sammanträdesfilen är sparad.")


async def meeting_build(request: Request):
    user = need(request, "meeting")
    await posted(request)
    w = webb(request)
    name = request.path_params["name"]
    path = _meeting_path(w, name)
    report = await run_in_threadpool(lambda: api.build(w.ws, [path], review=False))
    result = next((r for r in report.results if r.case == f"{moten.FOLDER}/{name}"), None)
    if result is None or result.status == "fel":
        text = "; ".join([str(p) for p in result.problems] or [result.message]) if result else "okänt fel"
        return back(f"/sammantraden/{quote(name)}", fel=f"Handlingarna byggdes inte: {text}")
    log(w.ws.data_dir, user.name, "bygg_sammantrade", fil=w.ws.display(path), status=result.status)
    done = "Sammanträdets handlingar är byggda." if result.status == "byggd" else \
        "Sammanträdets handlingar var redan byggda och är oförändrade."
    return back(f"/sammantraden/{quote(name)}", meddelande=done)


async def meeting_download(request: Request):
    user = need(request)
    w = webb(request)
    name, filename = request.path_params["name"], request.path_params["fil"]
    path = _meeting_path(w, name)
    if filename not in dict(moten.papers(w.ws, name)):
        raise HTTPException(404, "Filen finns inte – bygg sammanträdets handlingar först.")
    if not user.sees_secret:
        info = await run_in_threadpool(moten.detail, w.ws, path, user, w.case_data, w.secrecy, dt.date.today())
        if info.refused(filename):
            raise HTTPException(403, "Handlingen nämner ett ärende som omfattas av sekretess och kan inte hämtas "
                                     "med din behörighet.")
    data = (moten.out_dir(w.ws, name) / filename).read_bytes()
    return Response(data, media_type=moten.MEDIA[Path(filename).suffix],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
                             "X-Content-Type-Options": "nosniff"})


# ---- the consolidated response to the auditors (kanslist samla) --------------------------------

SAMLA_DIR = "samlat-svar"  # build/samlat-svar/<namn>.docx
SAMLA_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def _answers(w: Webb) -> list[dict]:
    """Return the workspace's revisionssvar cases, the ones ``samla`` takes."""
    rows = []
    for path in w.ws.case_files():
        data = w.case_data(path.read_text(encoding="utf-8", errors="replace"))
        if data.get("typ") == "revisionssvar":
            granskning = data.get("granskning") if isinstance(data.get("granskning"), dict) else {}
            rows.append({"name": path.stem, "fil": w.ws.display(path), "rubrik": str(data.get("rubrik") or ""),
                         "fran": str(data.get("fran") or ""), "granskning": str(granskning.get("titel") or "")})
    return rows


def _samla_outputs(w: Webb) -> list[str]:
    folder = w.ws.build_dir / SAMLA_DIR
    return sorted(p.name for p in folder.iterdir() if p.suffix in DOWNLOADS) if folder.is_dir() else []


async def samla_page(request: Request, status: int = 200, **context):
    need(request, "edit")
    w = webb(request)
    answers = await run_in_threadpool(_answers, w)
    context.setdefault("valda", set())
    context.setdefault("namn", "samlat-svar")
    return page(request, "samla.html", status, answers=answers, outputs=_samla_outputs(w), **context)


async def samla_build(request: Request):
    user = need(request, "edit")
    form = await posted(request)
    w = webb(request)
    known = {a["name"]: a for a in await run_in_threadpool(_answers, w)}
    chosen = [n for n in form.getlist("svar") if n in known]
    namn = str(form.get("namn") or "").strip().lower().removesuffix(".docx")
    again = dict(valda=set(chosen), namn=namn, tvinga=bool(form.get("tvinga")), pdf=bool(form.get("pdf")))
    if not chosen:
        return await samla_page(request, 422, fel="Välj minst ett revisionssvar att samla.", **again)
    if not SAMLA_NAME.match(namn):
        return await samla_page(request, 422, fel="Filnamnet kan bara innehålla små bokstäver a–z, siffror och "
                                                  "bindestreck, till exempel samlat-svar-hemarbete.", **again)
    folder = w.ws.build_dir / SAMLA_DIR
    files = [w.case_path(n) for n in chosen]

    def run():
        folder.mkdir(parents=True, exist_ok=True)
        return api.consolidate(w.ws, files, folder / f"{namn}.docx", pdf=again["pdf"], force=again["tvinga"])

    try:
        written = await run_in_threadpool(run)
    except api.KanslistError as exc:  # the same text as 'kanslist samla' writes, line by line
        return await samla_page(request, 422, fel="Det samlade svaret skrevs inte.", vagran=str(exc).splitlines(),
                                **again)
    log(w.ws.data_dir, user.name, "samla", filer=[w.ws.display(f) for f in files], tvinga=again["tvinga"],
        ut=[w.ws.display(p) for p in written])
    return await samla_page(request, meddelande="Det samlade svaret är skrivet.",
                            skrivna=[p.name for p in written], **again)


async def samla_download(request: Request):
    need(request, "edit")
    w = webb(request)
    filename = request.path_params["fil"]
    if filename not in _samla_outputs(w):
        raise HTTPException(404, "Filen finns inte – samla svaren först.")
    data = (w.ws.build_dir / SAMLA_DIR / filename).read_bytes()
    return Response(data, media_type=DOWNLOADS[Path(filename).suffix],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


# ---- the register ------------------------------------------------------------------------------

def _register(w: Webb):
    return api.open_register(w.ws)


async def register_page(request: Request):
    user = need(request)
    w = webb(request)

    def read():
        with _register(w) as d:
            return d.arenden() if user.may_register else d.lista()

    data = await run_in_threadpool(read)
    return page(request, "register.html", arenden=data if user.may_register else None,
                rader=None if user.may_register else data, serier=list(w.ws.organisation.series()),
                meddelande=request.query_params.get("meddelande"), fel=request.query_params.get("fel"))


async def register_listing(request: Request):
    need(request)
    w = webb(request)
    from kanslist.diarium.listing import to_html  # the same page as 'kanslist diarium lista --format html'

    ar = request.query_params.get("ar")
    year = int(ar) if ar and ar.isdigit() else None

    def read():
        with _register(w) as d:
            return to_html(d.lista(year), w.ws.organisation.namn, year)

    return HTMLResponse(await run_in_threadpool(read))


async def register_case(request: Request):
    need(request, "register")
    w = webb(request)
    dnr = request.query_params.get("dnr", "")

    def read():
        with _register(w) as d:
            return d.visa(dnr)

    try:
        case = await run_in_threadpool(read)
    except api.KanslistError as exc:
        raise HTTPException(404, str(exc)) from None
    return page(request, "register_case.html", case=case, riktningar=RIKTNINGAR,
                meddelande=request.query_params.get("meddelande"), fel=request.query_params.get("fel"))


async def register_action(request: Request):
    user = need(request, "register")
    form = await posted(request)
    w = webb(request)
    action = request.path_params["action"]
    dnr = str(form.get("dnr") or "").strip()
    value = lambda key: str(form.get(key) or "").strip() or None  # noqa: E731
    nr = value("handling")

    def run():
        with _register(w) as d:
            if action == "nytt":
                return d.nytt_arende(value("serie") or "", value("rubrik") or "", sekretess=value("sekretess"),
                                     vem=user.name)
            if action == "registrera":
                return d.registrera(dnr, value("riktning") or "", value("beskrivning") or "", value("motpart"),
                                    datum=value("datum"), sekretess=value("sekretess"), vem=user.name)
            if action == "avsluta":
                return d.avsluta(dnr, vem=user.name)
            if action == "ateroppna":
                return d.ateroppna(dnr, vem=user.name)
            if action == "makulera":
                return d.makulera(dnr, value("orsak") or "", int(nr) if nr and nr.isdigit() else None, vem=user.name)
            if action == "sekretess":
                return d.sekretessmarkera(dnr, value("grund") or "", int(nr) if nr and nr.isdigit() else None,
                                          vem=user.name)
            raise HTTPException(404, "Okänd åtgärd i diariet.")

    done = {"nytt": "Ärendet är registrerat", "registrera": "Handlingen är registrerad", "avsluta": "Ärendet är avslutat",
            "makulera": "Posten är makulerad", "sekretess": "Sekretessmarkeringen är gjord",
            "ateroppna": "Ärendet är öppnat igen"}.get(action, "")
    target = "/diarium" if action == "nytt" else "/diarium/arende"
    try:
        number = await run_in_threadpool(run)
    except api.KanslistError as exc:
        return back(target, dnr=dnr, fel=str(exc))
    log(w.ws.data_dir, user.name, f"diarium_{action}", dnr=number or dnr)
    if action == "nytt":
        return back("/diarium/arende", dnr=number, meddelande=f"{done}: {number}.")
    return back(target, dnr=dnr, meddelande=f"{done}" + (f": {number}." if number else "."))


# ---- errors -----------------------------------------------------------------------------------

TITLES = {400: "Felaktig begäran", 401: "Inloggning krävs", 403: "Ingen behörighet", 404: "Sidan finns inte",
          405: "Fel sorts begäran", 409: "Konflikt", 500: "Något gick fel"}


async def http_error(request: Request, exc: HTTPException):
    if exc.status_code == 401 and request.method == "GET" and "hx-request" not in request.headers:
        return back("/logga-in", nasta=request.url.path)
    detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 500 else ""
    if not detail or detail in ("Not Found", "Method Not Allowed"):
        detail = {404: "Adressen finns inte i kanslist – gå tillbaka till ärendelistan.",
                  405: "Sidan kan inte användas så – gå tillbaka och försök igen."}.get(exc.status_code, "")
    return page(request, "error.html", exc.status_code, titel=TITLES.get(exc.status_code, "Fel"), text=detail)


async def server_error(request: Request, exc: Exception):
    # never the exception's text: it could quote a classified subject
    return page(request, "error.html", 500, titel=TITLES[500],
                text="Ett internt fel inträffade. Försök igen; kvarstår felet, kontakta den som sköter kanslist.")


def create_app(root: Path | str = ".", trust_header: str | None = None) -> Starlette:
    """Return the web app over the workspace at ``root``."""
    settings = Settings(Path(root), trust_header)
    state = Webb(settings)
    routes = [
        Route("/", home),
        Route("/logga-in", login_page, methods=["GET"]),
        Route("/logga-in", login, methods=["POST"]),
        Route("/logga-ut", logout, methods=["POST"]),
        Route("/arenden", case_list),
        Route("/arenden/ny", new_case_page, methods=["GET"]),
        Route("/arenden/ny", new_case, methods=["POST"]),
        Route("/arenden/{name}", case_page, methods=["GET"]),
        Route("/arenden/{name}", case_save, methods=["POST"]),
        Route("/arenden/{name}/kontroll", case_check, methods=["POST"]),
        Route("/arenden/{name}/forhandsvisning", case_preview, methods=["GET", "POST"]),
        Route("/arenden/{name}/markdown", field_preview, methods=["POST"]),
        Route("/arenden/{name}/bygg", case_build, methods=["POST"]),
        Route("/arenden/{name}/filer/{fil}", case_download),
        Route("/arenden/{name}/text", case_save_text, methods=["POST"]),
        Route("/sammantraden", meeting_list),
        Route("/sammantraden/{name}", meeting_page),
        Route("/sammantraden/{name}/bygg", meeting_build, methods=["POST"]),
        Route("/sammantraden/{name}/text", meeting_save_text, methods=["POST"]),
        Route("/sammantraden/{name}/filer/{fil}", meeting_download),
        Route("/samla", samla_page, methods=["GET"]),
        Route("/samla", samla_build, methods=["POST"]),
        Route("/samla/filer/{fil}", samla_download),
        Route("/diarium", register_page),
        Route("/diarium/lista", register_listing),
        Route("/diarium/arende", register_case),
        Route("/diarium/{action}", register_action, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(ServerSessions, store=state.store,
                                                          max_age=SESSION_HOURS * 3600)],
                    exception_handlers={HTTPException: http_error, 500: server_error})
    app.state.webb = state
    return app


def warm_up(app: Starlette) -> None:
    """Load the spell checker and the templates once, so the first check a user asks for is quick."""
    state: Webb = app.state.webb
    for path in state.ws.case_files()[:1]:
        try:
            state.granska_status(path, path.read_text(encoding="utf-8"))
        except api.KanslistError:
            pass


def serve(root: Path | str, host: str = "127.0.0.1", port: int = 8000, trust_header: str | None = None) -> None:
    """Run the web app with uvicorn until stopped."""
    import uvicorn

    app = create_app(root, trust_header)
    threading.Thread(target=warm_up, args=(app,), daemon=True).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)

"""Helpers of the web tests: a copied workspace with users, a real uvicorn server, axe-core, screenshots."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from support import REPO, copy_workspace

PASSWORD = "ett-langt-losenord"
USERS = {"anna": ["handlaggare"], "bertil": ["handlaggare"], "rita": ["registrator"], "lars": ["lasare"]}
SHOTS = REPO / "build" / "webb-skärmbilder"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A kanslist webb served by uvicorn in a thread, on a free port of 127.0.0.1."""

    def __init__(self, root: Path):
        import uvicorn

        from kanslist.webb.app import create_app, warm_up

        self.root = root
        self.app = create_app(root)
        warm_up(self.app)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("webbservern startade inte")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def make_workspace(target: Path) -> Path:
    from kanslist.webb.auth import UserStore

    copy_workspace(REPO, target)
    store = UserStore(target / "data")
    for name, roles in USERS.items():
        store.add(name, roles, PASSWORD)
    return target


KOMMUN = REPO / "examples" / "kommun-ar"
SECRET_CASE = "2025-131-revision-upphandling"  # item 5 (§ 4) of ks-2026-02-10, marked classified in the copy
SECRET_SUBJECT = "Svar på revisionsrapport: Granskning av direktupphandlingar"


def make_meeting_workspace(target: Path) -> Path:
    """Return a copy of examples/kommun-ar with its meetings, the web test users and one classified case."""
    import shutil

    make_workspace_from(KOMMUN, target)
    shutil.copytree(KOMMUN / "sammantraden", target / "sammantraden")
    case = target / "arenden" / f"{SECRET_CASE}.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "sekretess:\n  grund: 39 kap. 3 § OSL\n", encoding="utf-8")
    return target


def make_workspace_from(source: Path, target: Path) -> Path:
    from kanslist.webb.auth import UserStore

    copy_workspace(source, target)
    store = UserStore(target / "data")
    for name, roles in USERS.items():
        store.add(name, roles, PASSWORD)
    return target


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


OPEN: list[httpx.Client] = []  # closed after each test by the conftest


def client(server: Server, **options) -> httpx.Client:
    opened = httpx.Client(base_url=server.url, timeout=60, **options)
    OPEN.append(opened)
    return opened


def login_client(server: Server, name: str) -> httpx.Client:
    """Return an HTTP client logged in as ``name``."""
    client_ = client(server, follow_redirects=True)
    page = client_.get("/logga-in")
    done = client_.post("/logga-in", data={"csrf": csrf_of(page.text), "anvandare": name, "losenord": PASSWORD,
                                          "nasta": "/arenden"})
    assert done.url.path == "/arenden", done.text
    return client_


AXE = Path(__file__).with_name("axe.min.js").read_text(encoding="utf-8")


def axe_serious(page) -> list[str]:
    """Return the serious and critical accessibility violations axe-core finds on ``page`` (WCAG 2.1 AA)."""
    page.add_script_tag(content=AXE)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.help + ' – ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")
    return result


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# Elements that stick out to the right of the window, or whose own content is cut off (overflow hidden/clip).
SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    // visually hidden on purpose: a clipped table head for screen readers, the skip link until focused
    const hidden = (e) => {
        for (let a = e; a; a = a.parentElement) {
            const st = getComputedStyle(a);
            if (st.position === 'absolute' && (st.clip !== 'auto' || a.getBoundingClientRect().right < 0)) return true;
        }
        return false;
    };
    for (const e of document.querySelectorAll('body *')) {
        const box = e.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        const style = getComputedStyle(e);
        if (hidden(e)) continue;
        if (box.right > width + 1 || box.left < -1) out.push('ragar ut: ' + e.tagName + '.' + e.className);
        const clips = ['hidden', 'clip'].includes(style.overflowX);
        if (clips && e.scrollWidth > e.clientWidth + 1) out.push('klipps: ' + e.tagName + '.' + e.className);
    }
    if (document.documentElement.scrollWidth > width) out.unshift('sidan rullar i sidled');
    return out.slice(0, 8);
}"""


def zoomed(browser, server, name: str):
    """Return a page logged in as ``name`` in a window as at 200 % zoom."""
    # 200 % zoom of a 1280 px window: 640 CSS pixels at two device pixels each (WCAG 2.1, 1.4.4 and 1.4.10)
    context = browser.new_context(viewport={"width": 640, "height": 900}, device_scale_factor=2, locale="sv-SE")
    page = context.new_page()
    page.goto(server.url + "/logga-in")
    page.get_by_label("Användarnamn").fill(name)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arenden")
    return page

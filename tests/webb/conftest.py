"""Fixtures of the web tests: one server over a copied workspace, one Chromium, for the whole session."""

from __future__ import annotations

import pytest

from support import require_tool, unavailable
from webbstod import CHROMIUM_ARGS, OPEN, Server, make_meeting_workspace, make_workspace


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    root = make_workspace(tmp_path_factory.mktemp("webbyta"))
    srv = Server(root)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def kommun(tmp_path_factory):
    """A server over a copy of examples/kommun-ar: meetings, with one of their cases classified."""
    srv = Server(make_meeting_workspace(tmp_path_factory.mktemp("kommunyta")))
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    path = require_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright saknas (installeras av 'make test')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()




@pytest.fixture(autouse=True)
def close_clients():
    yield
    while OPEN:
        OPEN.pop().close()

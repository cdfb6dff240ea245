"""Shared fixtures: isolated workspaces copied from the repository's examples."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # `support` also under --import-mode=importlib
from support import REPO, copy_workspace  # noqa: E402


@pytest.fixture
def workspace_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the root (Vaggeryd) workspace in a temporary folder, as the working folder."""
    root = copy_workspace(REPO, tmp_path / "ws")
    monkeypatch.chdir(root)
    monkeypatch.setenv("HOME", str(tmp_path))
    return root


@pytest.fixture
def workspace(workspace_dir):
    from kanslist.workspace import Workspace

    return Workspace(workspace_dir)


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """The LibreOffice profiles kept between runs (kanslist.pdf.convert) go to a cache of the tests' own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield

"""Helpers shared by the tests: example workspaces, seeds, required tools."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# A copy of ../shared/seeds, so the tests run in any clone.
SEEDS = REPO / "tests" / "fixtures" / "seeds"
EXAMPLES = {"rot": REPO, "socialnamnden": REPO / "examples" / "socialnamnden", "region": REPO / "examples" / "region",
            "falkoping": REPO / "examples" / "falkoping"}


def copy_workspace(source: Path, target: Path) -> Path:
    """Return ``target`` holding a copy of the workspace at ``source`` (without build/)."""
    for sub in ("arenden", "mallar", "data"):
        shutil.copytree(source / sub, target / sub, ignore=shutil.ignore_patterns("*.sqlite*"))
    return target


def require_tool(name: str) -> str:
    """Return the path of ``name``; skip without it, but fail in CI where it must be installed."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} saknas (installeras av 'make test' som root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path

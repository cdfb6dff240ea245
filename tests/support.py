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


def copy_workspace(source: Path, target: Path, meetings: bool = False) -> Path:
    """Return ``target`` holding a copy of the workspace at ``source`` (without build/), its meeting
    files (sammantraden/) too with ``meetings``."""
    for sub in ("arenden", "mallar", "data") + (("sammantraden",) if meetings else ()):
        if (source / sub).is_dir():  # a workspace without mallar/ uses the default templates
            shutil.copytree(source / sub, target / sub, ignore=shutil.ignore_patterns("*.sqlite*"))
    return target


def unavailable(reason: str) -> None:
    """Skip a test whose tool is missing; in CI (CI=true), where it must be installed, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"i CI måste testet köras: {reason}")
    pytest.skip(reason)


def require_tool(name: str) -> str:
    """Return the path of ``name``; without it the test skips, or fails in CI."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} saknas (installeras av 'make test' som root)")
    return path


def own_template(root: Path, name: str) -> Path:
    """Return mallar/``name``.docx of the workspace at ``root``: its own copy of the default, made if missing."""
    from kanslist.workspace import DEFAULT_TEMPLATES

    target = root / "mallar" / f"{name}.docx"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_TEMPLATES / f"{name}.docx", target)
    return target


def organisation_problems(tmp_path: Path, yaml: str) -> list[str]:
    """Return the Swedish problems of a data/organisation.yaml holding ``yaml`` after its name (it must have some)."""
    from kanslist.errors import InvalidInput
    from kanslist.organisation import load_organisation

    path = tmp_path / "organisation.yaml"
    path.write_text("namn: Prov kommun\n" + yaml + "\n", "utf-8")
    with pytest.raises(InvalidInput) as info:
        load_organisation(path)
    return [str(p) for p in info.value.problems]

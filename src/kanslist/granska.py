"""Check case files without building (`kanslist granska`): the contract, references, numbers."""

from __future__ import annotations

from pathlib import Path

from .errors import InvalidInput, Problem
from .validate import validate_case
from .workspace import Workspace
from .yamlload import load_yaml


def granska(workspace: Workspace, files: list[Path] | None = None) -> list[Problem]:
    """Return every problem found in ``files`` (default: every case), errors and warnings."""
    problems: list[Problem] = []
    for path in files or workspace.case_files():
        try:
            validate_case(load_yaml(Path(path), workspace.display(Path(path))), workspace)
        except InvalidInput as exc:
            problems.extend(exc.problems)
    return problems

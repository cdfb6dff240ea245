"""A workspace: the folder with arenden/, mallar/, data/ and build/ of one organisation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from kanslist.errors import KanslistError
from kanslist.organisation import Organisation, Person, load_organisation, load_personer


# The default templates: one copy, in the package, for every workspace that has not restyled its own.
DEFAULT_TEMPLATES = Path(str(resources.files("kanslist") / "resources" / "mallar"))


class NotAWorkspace(KanslistError):
    """The folder has no data/organisation.yaml."""


@dataclass
class Workspace:
    """Paths and configuration of one organisation's workspace."""

    root: Path

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()

    @classmethod
    def find(cls, start: Path | str = ".") -> "Workspace":
        """Return the workspace at ``start`` or the nearest parent that has data/organisation.yaml."""
        start = Path(start).resolve()
        for folder in (start, *start.parents):
            if (folder / "data" / "organisation.yaml").exists():
                return cls(folder)
        raise NotAWorkspace(
            f"{start}: ingen arbetsyta här (data/organisation.yaml saknas) – "
            "gå till arbetsytans mapp, ange den med -C MAPP eller skapa en med 'kanslist init MAPP'")

    @property
    def arenden_dir(self) -> Path:
        return self.root / "arenden"

    @property
    def mallar_dir(self) -> Path:
        return self.root / "mallar"

    def template_path(self, name: str) -> Path:
        """Return the workspace's own mallar/``name``.docx, or the default template when it has none."""
        own = self.mallar_dir / f"{name}.docx"
        return own if own.is_file() else DEFAULT_TEMPLATES / f"{name}.docx"

    def template_display(self, name: str) -> str:
        """Return how messages name template ``name``: "mallar/x.docx", or "standardmallen x.docx"."""
        if (self.mallar_dir / f"{name}.docx").is_file():
            return f"mallar/{name}.docx"
        return f"standardmallen {name}.docx"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def organisation_path(self) -> Path:
        return self.data_dir / "organisation.yaml"

    @property
    def personer_path(self) -> Path:
        return self.data_dir / "personer.yaml"

    @cached_property
    def organisation(self) -> Organisation:
        return load_organisation(self.organisation_path)[0]

    @cached_property
    def personer(self) -> dict[str, Person]:
        return load_personer(self.personer_path)

    def display(self, path: Path) -> str:
        """Return ``path`` relative to the workspace root for messages."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def case_files(self) -> list[Path]:
        """Return every case file under arenden/, sorted by name."""
        if not self.arenden_dir.exists():
            return []
        # Editors' lock and backup files (.#x.yaml, ._x.yaml) are not cases.
        return sorted(p for p in self.arenden_dir.glob("*.yaml") if p.is_file() and not p.name.startswith("."))

    def expand(self, files, base: Path | None = None) -> list[Path]:
        """Return the case files named, each once: a folder stands for the .yaml files in it.

        A relative name is relative to ``base`` (the folder given with -C, as with git and make).
        """
        paths: list[Path] = []
        for name in files:
            path = Path(name)
            path = (Path(base) / path if base is not None and not path.is_absolute() else path).resolve()
            found = sorted(p for p in path.glob("*.yaml") if p.is_file() and not p.name.startswith(".")) \
                if path.is_dir() else [path]
            paths.extend(p for p in found if p not in paths)
        return paths

    def diarium_url(self) -> str:
        """Return the register's database URL: the organisation's, or SQLite in data/."""
        url = self.organisation.diarium.url
        return url or f"sqlite:///{self.data_dir / 'diarium.sqlite'}"

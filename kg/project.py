"""Where a project's folders are: data/, ontology/, queries/, build/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError

BUILT_GRAPH_NAME = "yubei-kg.ttl"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def checks(self) -> Path:
        return self.root / "queries" / "checks"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def built_graph(self) -> Path:
        return self.build / BUILT_GRAPH_NAME

    def relative(self, path: Path) -> str:
        """A path as the user would type it from the project root."""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def _looks_like_project(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "data").is_dir()


def find_project(explicit: str | os.PathLike[str] | None = None) -> Project:
    """The project in `explicit`, else the current folder or one above it, else the checkout
    this package was installed from (an editable install)."""
    if explicit is not None:
        root = Path(explicit)
        if not _looks_like_project(root):
            raise KgError("not a yubei-kg project (no ontology/ and data/ folders)", f"--project {root}")
        return Project(root)
    here = Path.cwd()
    for candidate in (here, *here.parents):
        if _looks_like_project(candidate):
            return Project(candidate)
    checkout = Path(__file__).resolve().parent.parent
    if _looks_like_project(checkout):
        return Project(checkout)
    raise KgError("no yubei-kg project here: run kg inside a clone, or pass --project DIR")

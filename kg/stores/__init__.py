"""Stores chosen by name: where a query runs.

A store spec names a backend and, after `:` or `+`, its argument:

    memory              rdflib's in-memory graph (the default)
    oxigraph            pyoxigraph's in-memory store
    oxigraph:PATH       a persistent pyoxigraph store on disk, used as it is
    sparql+https://…    a remote SPARQL 1.1 endpoint (registered by kg.stores.sparql)

STORES maps a backend's name to its factory, as a callable or as "module:function" so that
the backend's libraries are imported only when it is used. A factory takes the spec's argument
(None when there is none) and keyword arguments `project` and `graph_files` (plus any options
the backend accepts) and returns a Store (kg.stores.base).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from kg.errors import KgError

STORES: dict[str, str | Callable] = {
    "memory": "kg.stores.memory:open_memory_store",
    "oxigraph": "kg.stores.oxigraph:open_oxigraph_store",
    "sparql": "kg.stores.sparql:open_sparql_store",
}

_SPEC = re.compile(r"^(?P<name>[a-z][a-z0-9_-]*)(?:(?P<sep>[:+])(?P<argument>.+))?$", re.DOTALL)


def register_store(name: str, factory: str | Callable) -> None:
    """Add a backend (or replace one): `factory` is a callable or "module:function"."""
    STORES[name] = factory


def parse_spec(spec: str) -> tuple[str, str | None]:
    """`oxigraph:/data/kg` → ("oxigraph", "/data/kg"); `memory` → ("memory", None)."""
    match = _SPEC.match(spec.strip()) if isinstance(spec, str) else None
    if match is None:
        raise KgError(f"not a store spec: {spec!r} (for example memory, oxigraph, oxigraph:PATH, "
                      "sparql+https://host/sparql)", "--store")
    return match["name"], match["argument"]


def store_factory(name: str) -> Callable:
    factory = STORES.get(name)
    if factory is None:
        import difflib

        close = difflib.get_close_matches(name, list(STORES), n=2)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise KgError(f"unknown store {name!r}; {hint}stores: {', '.join(sorted(STORES))}", "--store")
    if isinstance(factory, str):
        module_name, _, attribute = factory.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            raise KgError(f"the {name!r} store is not available in this installation", "--store") from None
        factory = getattr(module, attribute)
    return factory


def open_store(spec: str = "memory", *, project=None, graph_files: Sequence[Path] = (), **options):
    """Open the store `spec` names. Local stores without `graph_files` hold the project's graph
    (build/yubei-kg.ttl, else the graph built from data/ in memory)."""
    name, argument = parse_spec(spec)
    return store_factory(name)(argument, project=project, graph_files=tuple(Path(p) for p in graph_files), **options)

"""yubei-kg: the economy of Yubei district (渝北区), Chongqing, as a knowledge graph.

For notebooks and scripts:

    from kg import load_graph, run_query
    result = run_query("chain-leaders", lang="en")
    result.rows                 # [{"cluster": URIRef(…), "clusterLabel": Literal(…), …}, …]
    result.to_dataframe()       # with pandas installed

Importing kg is light: the functions import rdflib, pyoxigraph and the rest when called.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["load_graph", "open_store", "run_query"]


def load_graph(*graph_files: str | Path, project: str | Path | None = None):
    """The graph as an rdflib Graph: the given RDF files merged, else the project's graph
    (build/yubei-kg.ttl, else built from data/ in memory)."""
    from kg.stores.memory import open_memory_store

    return open_memory_store(None, project=_project(project), graph_files=tuple(Path(p) for p in graph_files)).graph


def open_store(spec: str = "memory", *, project: str | Path | None = None, graph_files: Sequence[str | Path] = (),
               **options):
    """Open a store once and pass it to run_query(store=…) for many queries."""
    from kg.stores import open_store as open_by_spec

    return open_by_spec(spec, project=_project(project), graph_files=tuple(Path(p) for p in graph_files), **options)


def run_query(query: str, params: Mapping[str, object] | None = None, store="memory",
              graph_files: Sequence[str | Path] = (), lang: str | None = None, *,
              project: str | Path | None = None, timeout: float | None = None):
    """Run a saved query (by name), a .rq file or SPARQL text; returns a kg.results.QueryResult
    with .rows (dicts of rdflib terms), .to_python() and .to_dataframe()."""
    from kg.query import run_query as run

    return run(query, params, store, tuple(Path(p) for p in graph_files), lang, project=_project(project),
               timeout=timeout)


def _project(project: str | Path | None):
    if project is None:
        return None
    from kg.project import find_project

    return find_project(project)

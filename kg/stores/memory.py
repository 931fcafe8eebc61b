"""The `memory` store: rdflib's in-memory graph. Simple, and fast enough for the article."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.errors import KgError
from kg.results import QueryResult
from kg.stores.base import LocalStore


class MemoryStore(LocalStore):
    name = "memory"

    def __init__(self, graph):
        self.graph = graph  # rdflib.Graph

    def execute(self, sparql: str, info, bindings: dict) -> QueryResult:
        try:
            result = self.graph.query(sparql, initBindings=bindings)
            if info.kind == "select":
                variables = [str(v) for v in result.vars or info.variables]
                rows = [{name: row[name] for name in variables} for row in result]
                return QueryResult("select", variables, rows)
            if info.kind == "ask":
                return QueryResult("ask", boolean=bool(result.askAnswer))
            return QueryResult("graph", graph=result.graph)
        except KgError:
            raise
        except Exception as error:  # rdflib's evaluation errors are plain exceptions
            raise KgError(f"the query failed: {error}", "query") from None

    def rdflib_graph(self):
        return self.graph


def open_memory_store(argument: str | None, *, project=None, graph_files: Sequence[Path] = ()) -> MemoryStore:
    if argument is not None:
        raise KgError(f"the memory store takes no argument (got {argument!r})", "--store")
    if graph_files:
        from kg.rdfio import read_graph_files

        return MemoryStore(read_graph_files(list(graph_files)))
    from kg.pipeline import read_input_graph
    from kg.project import find_project

    return MemoryStore(read_input_graph(project or find_project()))

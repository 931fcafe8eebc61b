"""The `memory` store: rdflib's in-memory graph. Simple, and fast enough for the article."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from kg.errors import KgError
from kg.results import QueryResult
from kg.sparql_safety import QUERY_BASE
from kg.stores.base import LocalStore, ResultTooLarge, check_stop


class MemoryStore(LocalStore):
    name = "memory"

    def __init__(self, graph):
        self.graph = graph  # rdflib.Graph

    def execute(self, sparql: str, info, bindings: dict, stop: threading.Event | None,
                max_rows: int | None = None) -> QueryResult:
        graph = self.graph if stop is None else _stoppable(self.graph, stop)
        try:
            result = graph.query(sparql, initBindings=bindings, base=QUERY_BASE)
            if info.kind == "select":
                variables = [str(v) for v in result.vars or info.variables]
                rows = []
                for row in result:
                    check_stop(stop)
                    rows.append({name: row[name] for name in variables})
                    if max_rows is not None and len(rows) > max_rows:
                        raise ResultTooLarge("select", max_rows)
                return QueryResult("select", variables, rows)
            if info.kind == "ask":
                return QueryResult("ask", boolean=bool(result.askAnswer))
            if max_rows is not None and len(result.graph) > max_rows:  # rdflib builds the graph whole
                raise ResultTooLarge("graph", max_rows)
            return QueryResult("graph", graph=result.graph)
        except KgError:
            raise
        except Exception as error:  # rdflib's evaluation errors are plain exceptions
            raise KgError(f"the query failed: {error}", "query") from None

    def rdflib_graph(self):
        return self.graph


def _stoppable(graph, stop: threading.Event):
    """The same triples (no copy), seen through a graph that gives up once `stop` is set: every
    pattern rdflib's SPARQL engine matches is read through `triples`."""
    from rdflib import Graph

    class StoppableGraph(Graph):
        def triples(self, pattern):
            for triple in super().triples(pattern):
                check_stop(stop)
                yield triple

    return StoppableGraph(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)


def open_memory_store(argument: str | None, *, project=None, graph_files: Sequence[Path] = ()) -> MemoryStore:
    if argument is not None:
        raise KgError(f"the memory store takes no argument (got {argument!r})", "--store")
    if graph_files:
        from kg.rdfio import read_graph_files

        return MemoryStore(read_graph_files(list(graph_files)))
    from kg.pipeline import read_input_graph
    from kg.project import find_project

    return MemoryStore(read_input_graph(project or find_project()))

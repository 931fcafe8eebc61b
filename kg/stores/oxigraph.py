"""The `oxigraph` store: pyoxigraph, in memory (`oxigraph`) or persistent on disk (`oxigraph:PATH`).

Files are loaded by pyoxigraph's own parsers, never through rdflib, which is what keeps
loading fast at scale. Parameters are bound with a VALUES block built from RDF terms
(kg.bindings): pyoxigraph's own substitutions only reach projected variables.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from kg.errors import KgError
from kg.results import QueryResult
from kg.stores.base import LocalStore, ResultTooLarge, check_stop


class OxigraphStore(LocalStore):
    name = "oxigraph"

    def __init__(self, store, folder: Path | None = None):
        self._store = store  # pyoxigraph.Store
        # a persistent store, opened read-only: followed when `kg load` puts a new one in its place
        self._folder = folder
        self._opened = _folder_identity(folder) if folder is not None else None
        self._reopening = threading.Lock()

    @property
    def store(self):
        """The pyoxigraph.Store. For a persistent store opened read-only, the one in its folder now:
        if `kg load` has swapped in a new folder since (kg.stores.loading), it is opened, so that a
        long-running reader such as `kg serve` answers from the new graph; whoever still reads
        the old one keeps it."""
        if self._folder is not None:
            self._follow_reload()
        return self._store

    def _follow_reload(self) -> None:
        import pyoxigraph

        with self._reopening:
            now = _folder_identity(self._folder)
            if now in (None, self._opened):
                return  # unchanged, or in the middle of a swap (two renames): not yet
            try:
                self._store = pyoxigraph.Store.read_only(str(self._folder))
            except OSError:
                return  # replaced again while opening: the next query tries again
            self._opened = now

    def local_graphs(self) -> set[str]:
        import pyoxigraph

        return {graph.value for graph in self.store.named_graphs() if isinstance(graph, pyoxigraph.NamedNode)}

    def execute(self, sparql: str, info, bindings: dict, stop: threading.Event | None,
                max_rows: int | None = None) -> QueryResult:
        import pyoxigraph

        from kg.bindings import with_values
        from kg.sparql_safety import QUERY_BASE

        convert = _cached_converter()
        text = with_values(sparql, bindings)
        result = None
        try:
            # without FROM, the default graph is the union of all graphs, as in the memory store
            # (which merges the named graphs of files into one graph); FROM chooses for itself
            union = not (info.default_graphs or info.named_graphs)
            result = self.store.query(text, base_iri=QUERY_BASE, use_default_graph_as_union=union)
            if isinstance(result, pyoxigraph.QuerySolutions):
                variables = [variable.value for variable in result.variables]
                rows = []
                for solution in result:
                    check_stop(stop)
                    # a solution gives its values in the order of the variables, unbound as None
                    rows.append(dict(zip(variables, map(convert, solution), strict=True)))
                    if max_rows is not None and len(rows) > max_rows:
                        raise ResultTooLarge("select", max_rows)
                return QueryResult("select", variables, rows)
            if isinstance(result, pyoxigraph.QueryBoolean):
                return QueryResult("ask", boolean=bool(result))
            from rdflib import Graph

            graph = Graph()
            for added, triple in enumerate(result, start=1):
                check_stop(stop)
                graph.add((convert(triple.subject), convert(triple.predicate),
                           convert(triple.object)))
                # a CONSTRUCT may give a triple twice: only distinct ones count
                if max_rows is not None and added > max_rows and len(graph) > max_rows:
                    raise ResultTooLarge("graph", max_rows)
            return QueryResult("graph", graph=graph)
        except SyntaxError as error:
            raise KgError(f"malformed query: {error.msg or error}", "query") from None
        except OSError as error:
            raise KgError(f"the query failed: {error}", "query") from None
        finally:
            # pyoxigraph's results must be dropped by the thread that made them, not later by
            # whichever thread collects a traceback that still holds this frame
            del result

    def rdflib_graph(self):
        """A read-only rdflib view that looks triples up in the store, never a copy of it."""
        from kg.stores.rdflib_view import union_view

        return union_view(self.store)

    def dump(self, output, format_name: str) -> None:
        """Write every triple to `output` (a binary file) with pyoxigraph's own serializer:
        fast, streamed, and deterministic — the order of a persistent store depends only on
        what it holds; an in-memory store's also on the order it was loaded in."""
        import pyoxigraph

        from kg.export import get_format
        from kg.namespaces import PREFIXES

        store = self.store  # one store for the whole dump, even if `kg load` swaps in another
        rdf_format = getattr(pyoxigraph.RdfFormat, get_format(format_name).oxigraph_name)
        prefixes = None if format_name == "nt" else dict(PREFIXES)
        if rdf_format.supports_datasets:
            store.dump(output, rdf_format, prefixes=prefixes)
        elif next(iter(store.named_graphs()), None) is None:
            store.dump(output, rdf_format, from_graph=pyoxigraph.DefaultGraph(), prefixes=prefixes)
        else:  # triples formats have one graph: merge the named ones into it, as queries do
            quads = store.quads_for_pattern(None, None, None, None)
            pyoxigraph.serialize((quad.triple for quad in quads), output, rdf_format, prefixes=prefixes)

    def close(self) -> None:
        # pyoxigraph closes the files of a store when the last reference to it goes
        self._store = self._folder = None


def _folder_identity(folder: Path) -> tuple[int, int] | None:
    try:
        status = folder.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _cached_converter():
    """to_rdflib_term (None for an unbound value), remembering its answers for one result: the
    same IRIs and labels come back row after row, and converting each again is most of the cost
    of a large result."""
    from functools import lru_cache

    from kg.rdfio import to_rdflib_term

    return lru_cache(maxsize=None)(lambda term: None if term is None else to_rdflib_term(term))


def open_oxigraph_store(argument: str | None, *, project=None, graph_files: Sequence[Path] = ()) -> OxigraphStore:
    import pyoxigraph

    if argument:
        path = Path(argument).expanduser()
        if graph_files:
            raise KgError("--graph files cannot be read into a persistent store by a query; "
                          "query them with --store oxigraph (in memory), or load them into the store first",
                          "--graph")
        if not path.is_dir():
            raise KgError("no Oxigraph store here (a store is a folder that pyoxigraph has filled)",
                          f"--store {argument}")
        try:
            return OxigraphStore(pyoxigraph.Store.read_only(str(path)), folder=path)
        except OSError as error:
            raise KgError(f"cannot open the Oxigraph store: {error}", f"--store {argument}") from None
    if not graph_files:
        from kg.pipeline import build_project, built_graph_file
        from kg.project import find_project

        project = project or find_project()
        built = built_graph_file(project)
        if built is None:
            return oxigraph_copy(build_project(project).graph)
        graph_files = [built]
    store = pyoxigraph.Store()
    for path in graph_files:
        bulk_load(store, Path(path))
    return OxigraphStore(store)


def oxigraph_copy(graph) -> OxigraphStore:
    """A new in-memory store holding the triples of an rdflib graph, in its default graph."""
    import pyoxigraph

    from kg.rdfio import to_oxigraph_term

    store = pyoxigraph.Store()
    store.extend(pyoxigraph.Quad(*(to_oxigraph_term(term) for term in triple)) for triple in graph)
    return OxigraphStore(store)


def bulk_load(store, path: Path) -> None:
    """Load one RDF file into a pyoxigraph store, after the checks every RDF input passes; a syntax
    error names the file, line and column (guarded_input turns it into a KgError)."""
    from kg.rdfio import guarded_input

    with guarded_input(Path(path)) as (source, rdf_format):
        try:
            store.bulk_load(input=source, format=rdf_format, base_iri=Path(path).resolve().as_uri())
        except ValueError as error:
            raise KgError(f"cannot read RDF: {error}", str(path)) from None

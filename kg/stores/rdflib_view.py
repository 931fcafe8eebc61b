"""An rdflib Graph that reads a pyoxigraph store in place, for code written against rdflib
(views, labels, SHACL, stats) run on a store of millions of triples.

Copying a million triples into rdflib's memory store takes half a minute and a gigabyte;
this view (oxrdflib underneath) looks triples up in Oxigraph as they are asked for, and
answers rdflib SPARQL with Oxigraph's engine. Like the `oxigraph` store's queries, it
reads the union of all graphs as its one graph. It is read-only.
"""

from __future__ import annotations

from functools import lru_cache

from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.rdfio import to_oxigraph_term, to_rdflib_term

# terms converted per view and remembered: a view walked by a SHACL validator or a graph view
# asks for the same IRIs again and again; bounded, for a view that walks millions of triples
_REMEMBERED_TERMS = 1 << 16


class _UnionStore(OxigraphStore):
    """oxrdflib's store, with every graph merged into the one an rdflib Graph sees."""

    def __init__(self, store):
        super().__init__(store=store)
        self.oxigraph = store  # for code that can query the store itself (kg validate's checks)
        self._to_rdflib = lru_cache(maxsize=_REMEMBERED_TERMS)(to_rdflib_term)
        self._union = (Graph(identifier=DATASET_DEFAULT_GRAPH_ID, store=self),)

    def triples(self, triple_pattern, context=None):
        # not oxrdflib's own: it converts every term anew and makes an rdflib Graph for the graph
        # name of every triple, which was most of the time of a view read from a large store
        try:
            pattern = [None if term is None else to_oxigraph_term(term) for term in triple_pattern]
            quads = self.oxigraph.quads_for_pattern(*pattern, None)
        except (TypeError, ValueError):
            return iter(())  # a pattern no RDF triple matches: a literal subject, an rdflib path
        convert, union = self._to_rdflib, self._union
        return (((convert(quad.subject), convert(quad.predicate), convert(quad.object)), iter(union))
                for quad in quads)

    def __len__(self, context=None) -> int:
        return super().__len__(None)

    def query(self, query, initNs, initBindings, queryGraph, **kwargs):  # rdflib names the arguments so
        return super().query(query, initNs, initBindings, "__UNION__", **kwargs)


def union_view(store) -> Graph:
    """`store` (a pyoxigraph.Store) as a read-only rdflib Graph of all its triples."""
    from kg.namespaces import bind_prefixes

    graph = Graph(store=_UnionStore(store), bind_namespaces="none")
    bind_prefixes(graph)
    return graph


def viewed_store(graph):
    """The pyoxigraph.Store under a union_view graph, or None for any other graph."""
    return graph.store.oxigraph if isinstance(graph.store, _UnionStore) else None

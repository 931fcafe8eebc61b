"""An rdflib Graph that reads a pyoxigraph store in place, for code written against rdflib
(views, labels, SHACL, stats) run on a store of millions of triples.

Copying a million triples into rdflib's memory store takes half a minute and a gigabyte;
this view (oxrdflib underneath) looks triples up in Oxigraph as they are asked for, and
answers rdflib SPARQL with Oxigraph's engine. Like the `oxigraph` store's queries, it
reads the union of all graphs as its one graph. It is read-only.
"""

from __future__ import annotations

from oxrdflib import OxigraphStore
from rdflib import Graph


class _UnionStore(OxigraphStore):
    """oxrdflib's store, with every graph merged into the one an rdflib Graph sees."""

    def __init__(self, store):
        super().__init__(store=store)
        self.oxigraph = store  # for code that can query the store itself (kg validate's checks)

    def triples(self, triple_pattern, context=None):
        return super().triples(triple_pattern, None)

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

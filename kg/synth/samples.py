"""Parameters for the saved queries on a graph that is not the Yubei graph.

A saved query's IRI parameters default to Yubei's entities (yb:changan, yb:yubei …),
which a synthetic economy does not hold. For each such parameter this picks the entity of
the same class that takes part in the most triples of the other graph — a chain leader
for a company, a busy park for a zone — so that the query has something to find.
"""

from __future__ import annotations

from kg.namespaces import RDF


def sample_parameters(saved_query, store, reference_graph) -> dict[str, str]:
    """{parameter: IRI} for the IRI parameters of `saved_query` (kg.queries.SavedQuery) whose
    default `store` (a kg.stores Store) lacks; `reference_graph` (rdflib) says the default's class."""
    from rdflib import URIRef

    chosen = {}
    for parameter in saved_query.parameters:
        if parameter.type != "iri" or parameter.default is None:
            continue
        default = parameter.default_term()
        if store.query(f"ASK {{ <{default}> ?p ?o }}").boolean:
            continue
        # the default's class, else the class above it (a reservoir project → any project), …
        for cls in _class_and_superclasses(reference_graph, URIRef(default)):
            rows = store.query(f"""
                SELECT ?x (COUNT(*) AS ?n) WHERE {{
                  ?x a <{cls}> . {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }}
                }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""").rows
            if rows:
                chosen[parameter.name] = str(rows[0]["x"])
                break
    return chosen


def _class_and_superclasses(graph, node) -> list:
    """The classes of `node` in `graph`, then their superclasses, nearest first."""
    from rdflib import URIRef

    from kg.namespaces import RDFS
    from kg.ontology import ClassHierarchy

    found: list = []
    classes = {c for c in graph.objects(node, RDF.type) if isinstance(c, URIRef)}
    # its own classes first: kg build also types it with every kg: class above them
    ring = ClassHierarchy(graph).most_specific(classes)
    while ring:
        found += [c for c in ring if c not in found]
        ring = sorted({p for c in ring for p in graph.objects(c, RDFS.subClassOf) if isinstance(p, URIRef)}
                      - set(found))
    return found

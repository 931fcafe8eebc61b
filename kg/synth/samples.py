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
        classes = sorted(c for c in reference_graph.objects(URIRef(default), RDF.type) if isinstance(c, URIRef))
        if not classes:
            continue
        rows = store.query(f"""
            SELECT ?x (COUNT(*) AS ?n) WHERE {{
              ?x a <{classes[0]}> . {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }}
            }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""").rows
        if rows:
            chosen[parameter.name] = str(rows[0]["x"])
    return chosen

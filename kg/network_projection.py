"""The part of a graph that the network figures (`kg analyze`) read, fetched from a store
with one CONSTRUCT query: entities with their classes and labels, the relations between
them (supply, ownership, chain membership, places …), and the quotes of the chain gaps.

On a synthetic economy of a million triples this is a few percent of the graph — figures,
relation statements, quotes and the ontology stay in the store — so networkx works on a
small rdflib graph however big the store is. The query is made from kg.network's own
definitions (which namespaces, classes and predicates are not entities or relations), so
kg.analyze finds in the projection exactly what it would find in the whole graph.
"""

from __future__ import annotations

from kg.namespaces import KG, OA, PROV, RDF, RDFS, SKOS


def _not_under(variable: str, namespaces) -> str:
    """A filter: ?variable is under none of `namespaces` (one regular expression: short to parse)."""
    # in the SPARQL string \\. is the regular expression \. (a dot); nothing else in an IRI is special
    alternatives = "|".join(ns.replace(".", "\\\\.") for ns in sorted(namespaces))
    return f'!REGEX(STR(?{variable}), "^({alternatives})")'


def _relation_predicates(ontology) -> list[str]:
    """The ontology's object properties that can link two entities: those whose declared domains
    are not all bookkeeping classes (figures, statements, flags, indicators …)."""
    from kg.namespaces import SCHEMA
    from kg.network import NON_ENTITY_CLASSES, NON_RELATION_PREDICATES

    found = []
    for local in sorted(ontology.object_properties):
        predicate = KG[local]
        domains = set(ontology.graph.objects(predicate, RDFS.domain))
        domains |= set(ontology.graph.objects(predicate, SCHEMA.domainIncludes))
        if predicate in NON_RELATION_PREDICATES or (domains and domains <= NON_ENTITY_CLASSES):
            continue
        found.append(str(predicate))
    return found


def _entity_classes(ontology) -> list[str]:
    """The classes whose members kg.network may count as entities, and the concept classes (an
    industry must be known as a concept to be left out of the network)."""
    from kg.network import CONCEPT_CLASSES, NON_ENTITY_CLASSES

    classes = {KG[local] for local in ontology.classes} - set(NON_ENTITY_CLASSES)
    return sorted(str(c) for c in classes | set(CONCEPT_CLASSES))


def projection_query(ontology) -> str:
    """CONSTRUCT the projection of a graph in `ontology` (kg.ontology.Ontology)."""
    from kg.network import NON_ENTITY_NAMESPACES

    predicates = " ".join(f"<{p}>" for p in _relation_predicates(ontology))
    classes = " ".join(f"<{c}>" for c in _entity_classes(ontology))
    # each pattern starts from a bound predicate or class, so Oxigraph reads only its index
    # entries (a persistent store decodes every term it reads: a full scan is slow)
    return f"""
CONSTRUCT {{
  ?s ?p ?o .
  ?s <{RDF.type}> ?subjectClass .
  ?o <{RDF.type}> ?objectClass .
  ?typed <{RDF.type}> ?class .
  ?named ?labelling ?label .
  ?gap <{PROV.wasDerivedFrom}> ?quote . ?quote <{OA.hasSelector}> ?selector . ?selector <{OA.exact}> ?exact .
}}
WHERE {{
  {{
    VALUES ?p {{ {predicates} }}
    ?s ?p ?o .
    FILTER(isIRI(?o) && {_not_under("s", NON_ENTITY_NAMESPACES)} && {_not_under("o", NON_ENTITY_NAMESPACES)})
    # every class of both ends, of the ontology or not: kg.network leaves out a node of a
    # bookkeeping class (an industry collection, …) and counts an untyped one as an entity
    OPTIONAL {{ ?s <{RDF.type}> ?subjectClass }}
    OPTIONAL {{ ?o <{RDF.type}> ?objectClass }}
  }} UNION {{
    VALUES ?class {{ {classes} }}
    ?typed <{RDF.type}> ?class .
    FILTER({_not_under("typed", NON_ENTITY_NAMESPACES)})
  }} UNION {{
    VALUES ?class {{ {classes} }}
    VALUES ?labelling {{ <{RDFS.label}> <{SKOS.prefLabel}> }}
    ?named <{RDF.type}> ?class ; ?labelling ?label .
    FILTER({_not_under("named", NON_ENTITY_NAMESPACES)})
  }} UNION {{
    ?gap a <{KG.ChainGap}> ; <{PROV.wasDerivedFrom}> ?quote .
    ?quote <{OA.hasSelector}> ?selector . ?selector <{OA.exact}> ?exact .
  }}
}}"""


def network_projection(store, ontology):
    """The projection of `store` (a kg.stores Store) as a small rdflib Graph. The memory store's
    graph is already an rdflib graph in this process: it is used as it is (rdflib's SPARQL engine
    would take longer to cut it down than kg.analyze takes to read it whole)."""
    if store.name == "memory":
        return store.rdflib_graph()
    return store.query(projection_query(ontology)).graph


def analyze_store(store, project, top: int = 10) -> dict:
    """`kg analyze` on a store: kg.analyze's figures over the projection."""
    from kg.analyze import analyze_graph
    from kg.ontology import Ontology

    return analyze_graph(network_projection(store, Ontology.from_directory(project.ontology)), top=top)

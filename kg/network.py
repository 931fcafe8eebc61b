"""The graph's entities and the relations between them, as a network.

An RDF graph of this project holds more than the network an analyst means: figures,
relation statements, quotes, flags, the ontology itself. `EntityFilter` says which
resources are entities (things of the economy: companies, parks, projects, …) and which
triples are relations between them. `entity_network` projects the whole graph into a
networkx MultiDiGraph; `neighbourhood` walks out from one entity without projecting
the rest, so an ego view stays fast on a graph of a million triples.

Any RDF works: a resource of a class this module does not know is an entity too, and
one without any class is an entity when a relation points at it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import RDF, URIRef

from kg.namespaces import (
    CURRENCY,
    DCTERMS,
    FLAG,
    IND,
    KG,
    KGUNIT,
    OA,
    OBS,
    ORG,
    OWL,
    PROV,
    QB,
    QUDT,
    QUOTE,
    RDFS,
    REL,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SKOS,
    SRC,
    UNIT,
    XSD,
)

SH = "http://www.w3.org/ns/shacl#"

# IRIs under these are vocabulary or bookkeeping (terms, figures, statements, quotes,
# sources, flags, units, indicators), never entities of the economy
NON_ENTITY_NAMESPACES: tuple[str, ...] = (*(str(ns) for ns in (
    KG, OBS, REL, QUOTE, SRC, FLAG, IND, KGUNIT, RDF, RDFS, OWL, XSD, SKOS, QB, QUDT, UNIT, CURRENCY,
    SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE, PROV, OA, SCHEMA, DCTERMS, ORG,
)), SH)

# resources of these classes describe the graph rather than the economy
NON_ENTITY_CLASSES: frozenset[URIRef] = frozenset({
    KG.Observation, QB.Observation, KG.RelationStatement, RDF.Statement, KG.SourceQuote,
    KG.SourceDocument, KG.SourceAnomaly, KG.DataFlag, KG.Comparison, KG.Ranking, KG.Share,
    KG.Indicator, KG.Unit, QUDT.Unit, QB.DataSet, QB.DataStructureDefinition, QB.ComponentSpecification,
    OA.SpecificResource, OA.TextQuoteSelector, OA.TextPositionSelector,
    OWL.Class, RDFS.Class, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
    OWL.Ontology, SKOS.ConceptScheme, SKOS.Collection, URIRef(SH + "NodeShape"), URIRef(SH + "PropertyShape"),
})

# predicates that never make a relation between two entities
NON_RELATION_PREDICATES: frozenset[URIRef] = frozenset({
    RDF.type, PROV.wasDerivedFrom, KG.flag, KG.status, KG.englishLabelOrigin, KG.qualifier,
    SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.member,
})

CONCEPT_CLASSES: frozenset[URIRef] = frozenset({SKOS.Concept, KG.Industry})


@dataclass(frozen=True)
class Relation:
    """One relation triple between two entities."""

    subject: URIRef
    predicate: URIRef
    object: URIRef


@dataclass
class EntityFilter:
    """Which resources of `graph` are entities; answers are cached per resource.

    Concepts (SKOS concepts such as the industries) are left out unless
    `include_concepts`: an industry is a category, and counting it as a node would
    make every industry a hub of the network.
    """

    graph: object
    include_concepts: bool = False
    _cache: dict = field(default_factory=dict)

    def types(self, node) -> list[URIRef]:
        return sorted(t for t in self.graph.objects(node, RDF.type) if isinstance(t, URIRef))

    def is_entity(self, node) -> bool:
        if not isinstance(node, URIRef):
            return False
        known = self._cache.get(node)
        if known is None:
            known = self._decide(node)
            self._cache[node] = known
        return known

    def _decide(self, node: URIRef) -> bool:
        if str(node).startswith(NON_ENTITY_NAMESPACES):
            return False
        types = self.types(node)
        if any(t in NON_ENTITY_CLASSES for t in types):
            return False
        return self.include_concepts or not any(t in CONCEPT_CLASSES for t in types)


    def is_concept(self, node) -> bool:
        return any(t in CONCEPT_CLASSES for t in self.types(node))

    def is_relation_predicate(self, predicate) -> bool:
        if predicate in NON_RELATION_PREDICATES:
            return False
        text = str(predicate)
        return not text.startswith((str(RDF), str(RDFS), str(OWL)))

    def relations_of(self, node: URIRef) -> Iterator[Relation]:
        """Relations with `node` at either end (each once; a self-loop once)."""
        graph = self.graph
        for predicate, other in graph.predicate_objects(node):
            if self.is_relation_predicate(predicate) and self.is_entity(other):
                yield Relation(node, predicate, other)
        for subject, predicate in graph.subject_predicates(node):
            if subject != node and self.is_relation_predicate(predicate) and self.is_entity(subject):
                yield Relation(subject, predicate, node)

    def entities(self) -> list[URIRef]:
        """Every entity: typed ones, and untyped resources that a relation links."""
        found = set()
        for subject in self.graph.subjects(RDF.type, None):
            if self.is_entity(subject):
                found.add(subject)
        for subject, predicate, obj in self.graph:
            if isinstance(obj, URIRef) and self.is_relation_predicate(predicate) \
                    and self.is_entity(subject) and self.is_entity(obj):
                found.add(subject)
                found.add(obj)
        return sorted(found)

    def relations(self) -> list[Relation]:
        found = []
        for subject, predicate, obj in self.graph:
            if isinstance(obj, URIRef) and self.is_relation_predicate(predicate) \
                    and self.is_entity(subject) and self.is_entity(obj):
                found.append(Relation(subject, predicate, obj))
        return sorted(found, key=lambda r: (str(r.subject), str(r.predicate), str(r.object)))


def entity_network(graph, include_concepts: bool = False):
    """The whole graph as a networkx MultiDiGraph of entities; edge keys are predicate IRIs."""
    import networkx as nx

    entities = EntityFilter(graph, include_concepts)
    network = nx.MultiDiGraph()
    network.add_nodes_from(str(e) for e in entities.entities())
    for relation in entities.relations():
        network.add_edge(str(relation.subject), str(relation.object), key=str(relation.predicate))
    return network


def neighbourhood(entities: EntityFilter, start: URIRef, hops: int,
                  expand: Callable[[URIRef], bool] | None = None) -> list[tuple[URIRef, int]]:
    """Entities within `hops` relations of `start` (either direction), with their distance,
    nearest first and in IRI order within a ring. Only nodes for which `expand` is true
    (all, by default) are walked through."""
    distance = {start: 0}
    ring = [start]
    for hop in range(1, hops + 1):
        following = set()
        for node in ring:
            if expand is not None and node != start and not expand(node):
                continue
            for relation in entities.relations_of(node):
                for end in (relation.subject, relation.object):
                    if end not in distance:
                        following.add(end)
        ring = sorted(following)
        for node in ring:
            distance[node] = hop
        if not ring:
            break
    return sorted(distance.items(), key=lambda item: (item[1], str(item[0])))


def relations_among(entities: EntityFilter, nodes: Iterable[URIRef]) -> list[Relation]:
    """All relations whose two ends are both in `nodes`, in a stable order."""
    chosen = set(nodes)
    found = set()
    for node in chosen:
        for relation in entities.relations_of(node):
            if relation.subject in chosen and relation.object in chosen:
                found.add(relation)
    return sorted(found, key=lambda r: (str(r.subject), str(r.predicate), str(r.object)))

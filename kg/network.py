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
    _entity: dict = field(default_factory=dict)
    _types: dict = field(default_factory=dict)
    _predicates: dict = field(default_factory=dict)
    _all_types_read: bool = False  # after scan(): a resource missing from _types has no type

    def types(self, node) -> list[URIRef]:
        known = self._types.get(node)
        if known is None:
            known = [] if self._all_types_read else \
                sorted(t for t in self.graph.objects(node, RDF.type) if isinstance(t, URIRef))
            self._types[node] = known
        return known

    def is_entity(self, node) -> bool:
        if not isinstance(node, URIRef):
            return False
        known = self._entity.get(node)
        if known is None:
            known = self._decide(node)
            self._entity[node] = known
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
        known = self._predicates.get(predicate)
        if known is None:
            known = predicate not in NON_RELATION_PREDICATES and not str(predicate).startswith(
                (str(RDF), str(RDFS), str(OWL)))
            self._predicates[predicate] = known
        return known

    def relations_of(self, node: URIRef) -> Iterator[Relation]:
        """Relations with `node` at either end (each once; a self-loop once)."""
        graph = self.graph
        for predicate, other in graph.predicate_objects(node):
            if self.is_relation_predicate(predicate) and self.is_entity(other):
                yield Relation(node, predicate, other)
        for subject, predicate in graph.subject_predicates(node):
            if subject != node and self.is_relation_predicate(predicate) and self.is_entity(subject):
                yield Relation(subject, predicate, node)

    def scan(self) -> tuple[list[URIRef], list[Relation]]:
        """Every entity (typed ones, and untyped resources a relation links) and every relation
        between two entities, in one pass over the graph."""
        types: dict[URIRef, list[URIRef]] = {}
        candidates = []
        for subject, predicate, obj in self.graph:
            if predicate == RDF.type:
                if isinstance(obj, URIRef):
                    types.setdefault(subject, []).append(obj)
            elif isinstance(obj, URIRef) and isinstance(subject, URIRef) and self.is_relation_predicate(predicate):
                candidates.append((subject, predicate, obj))
        for node, node_types in types.items():
            self._types[node] = sorted(node_types)
        self._all_types_read = True
        entities = {node for node in types if self.is_entity(node)}
        relations = []
        for subject, predicate, obj in candidates:
            if self.is_entity(subject) and self.is_entity(obj):
                relations.append(Relation(subject, predicate, obj))
                entities.add(subject)
                entities.add(obj)
        relations.sort(key=lambda r: (str(r.subject), str(r.predicate), str(r.object)))
        return sorted(entities), relations


def entity_network(graph, entities: EntityFilter | None = None):
    """The whole graph as a networkx MultiDiGraph of entities; edge keys are predicate IRIs.
    Pass `entities` to share its cache (it learns every resource's classes on the way)."""
    import networkx as nx

    nodes, relations = (entities or EntityFilter(graph)).scan()
    network = nx.MultiDiGraph()
    network.add_nodes_from(str(e) for e in nodes)
    for relation in relations:
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

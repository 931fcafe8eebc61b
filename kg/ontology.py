"""What the project's ontology declares: classes, properties, and how they may connect.

Data records name classes and predicates by their local name (``Company``,
``supplies``); this module checks those names against ontology/*.ttl so that a
typo is caught at its file:line, with the closest names offered.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import URIRef

from kg.errors import KgError
from kg.namespaces import KG, OWL, RDF, RDFS, SCHEMA

SHAPES_FILE = "shapes.ttl"


def ontology_files(directory: Path) -> list[Path]:
    """The ontology's Turtle files, without the SHACL shapes."""
    files = sorted(p for p in directory.glob("*.ttl") if p.name != SHAPES_FILE)
    if not files:
        raise KgError("no ontology files (*.ttl)", str(directory))
    return files


def read_ontology_graph(directory: Path):
    from kg.rdfio import read_graph_files

    return read_graph_files(ontology_files(directory))


@dataclass
class Ontology:
    graph: object  # rdflib.Graph

    @classmethod
    def from_directory(cls, directory: Path) -> Ontology:
        return cls(read_ontology_graph(directory))

    def _local_names(self, rdf_type) -> set[str]:
        prefix = str(KG)
        return {
            str(s)[len(prefix):]
            for s in self.graph.subjects(RDF.type, rdf_type)
            if str(s).startswith(prefix)
        }

    @cached_property
    def classes(self) -> set[str]:
        return self._local_names(OWL.Class)

    @cached_property
    def object_properties(self) -> set[str]:
        return self._local_names(OWL.ObjectProperty)

    @cached_property
    def hierarchy(self) -> ClassHierarchy:
        return ClassHierarchy(self.graph)

    def superclasses(self, local_name: str) -> set[str]:
        """The class and every kg: class above it."""
        prefix = str(KG)
        return {local_name} | {str(c)[len(prefix):] for c in self.hierarchy.above(KG[local_name])
                               if str(c).startswith(prefix)}

    def _includes(self, predicate: str, relation) -> set[str]:
        return {
            str(o)[len(str(KG)):]
            for o in self.graph.objects(KG[predicate], relation)
            if str(o).startswith(str(KG))
        }

    def domain_of(self, predicate: str) -> set[str]:
        return self._includes(predicate, SCHEMA.domainIncludes)

    def range_of(self, predicate: str) -> set[str]:
        return self._includes(predicate, SCHEMA.rangeIncludes)

    def fits(self, class_name: str, allowed: Iterable[str]) -> bool:
        allowed = set(allowed)
        return not allowed or bool(self.superclasses(class_name) & allowed)


class ClassHierarchy:
    """rdfs:subClassOf as one or more rdflib graphs state it (a data graph, and the ontology when
    that graph does not hold it), followed any number of steps up (cached).

    Any number of steps, because only a graph kg build made is typed with every class above a
    node's own: another may type a kg:IndustrialPark node as a kg:Place too but not as the
    kg:Zone between them, and one step up would not tell that the park is the narrower.
    """

    def __init__(self, *graphs):
        self.graphs = [g for g in graphs if g is not None]
        self._above: dict = {}

    def above(self, cls) -> frozenset:
        """Every class above `cls`, without `cls` itself (even when a cycle leads back to it)."""
        known = self._above.get(cls)
        if known is None:
            found: set = set()
            todo = [cls]
            while todo:
                current = todo.pop()
                for graph in self.graphs:
                    for parent in graph.objects(current, RDFS.subClassOf):
                        # a blank node is an OWL restriction, not a class a node is shown as
                        if isinstance(parent, URIRef) and parent != cls and parent not in found:
                            found.add(parent)
                            todo.append(parent)
            known = self._above[cls] = frozenset(found)
        return known

    def most_specific(self, types) -> list:
        """Of a node's `types`, those no other of them is strictly below, sorted by IRI: what kg
        stats counts the node as, kg viz draws it as and kg diff compares. Strictly, so that
        classes that are subclasses of each other (a cycle) are all kept rather than all dropped,
        and a node with types always has one."""
        types = set(types)
        return sorted((t for t in types
                       if not any(t in self.above(u) and u not in self.above(t) for u in types if u != t)),
                      key=str)


def close_matches(word: str, candidates: Iterable[str], limit: int = 3) -> str:
    """`; did you mean: a, b?` or nothing."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=limit, cutoff=0.6)
    return f"; did you mean: {', '.join(matches)}?" if matches else ""

"""Names of resources for people: Chinese and English labels, aliases, short ids.

Looked up one resource at a time (and cached), so a view of a few hundred nodes on a
graph of a million triples reads only what it shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from kg.namespaces import PREFIXES, RDFS, SKOS

LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label)

# names of standard terms a graph seldom labels itself, so that a Chinese page stays Chinese
STANDARD_LABELS: dict[URIRef, dict[str, str]] = {
    SKOS.broader: {"zh": "上位", "en": "broader"},
    SKOS.narrower: {"zh": "下位", "en": "narrower"},
    SKOS.related: {"zh": "相关", "en": "related"},
    RDFS.subClassOf: {"zh": "子类", "en": "subclass of"},
    RDFS.seeAlso: {"zh": "参见", "en": "see also"},
}
ALIAS_PREDICATES = (SKOS.altLabel,)


def short_id(node) -> str:
    """`yb:changan` for an IRI under a known prefix; the IRI itself otherwise."""
    text = str(node)
    for namespace, prefix in _LONGEST_NAMESPACE_FIRST:
        if text.startswith(namespace):
            local = text[len(namespace):]
            return f"{prefix}:{local}" if _PLAIN_LOCAL.fullmatch(local) else text
    return text


# the longest namespace that an IRI starts with is the one to shorten it with
_LONGEST_NAMESPACE_FIRST = sorted(((namespace, prefix) for prefix, namespace in PREFIXES.items()),
                                  key=lambda pair: -len(pair[0]))
# \w: what str.isalnum() accepts, and "_"
_PLAIN_LOCAL = re.compile(r"[\w.-]+")


def local_name(node) -> str:
    text = str(node).rstrip("/#")
    for separator in ("#", "/", ":"):
        if separator in text:
            text = text.rsplit(separator, 1)[1]
    return text or str(node)


@dataclass
class Labels:
    """Labels from `graph`; for a term the graph does not label (a graph without the ontology),
    from `vocabulary` (the project's ontology)."""

    graph: object
    vocabulary: object = None
    _cache: dict = field(default_factory=dict)

    def _by_language(self, node) -> dict[str, str]:
        cached = self._cache.get(node)
        if cached is not None:
            return cached
        found: dict[str, str] = {}
        for graph in (self.graph, self.vocabulary):
            if graph is None or found:
                continue
            for predicate in LABEL_PREDICATES:
                for literal in sorted(graph.objects(node, predicate), key=str):
                    if isinstance(literal, Literal):
                        language = (literal.language or "").split("-")[0].lower()
                        found.setdefault(language, str(literal))
        self._cache[node] = found
        return found

    def label(self, node, language: str) -> str:
        """The label in `language` ("zh" or "en"); else one without a language, else any, else the local name."""
        labels = self._by_language(node)
        for choice in (language, ""):
            if choice in labels:
                return labels[choice]
        if node in STANDARD_LABELS:
            return STANDARD_LABELS[node].get(language, STANDARD_LABELS[node]["en"])
        for other in sorted(labels):
            return labels[other]
        return local_name(node) if isinstance(node, URIRef) else str(node)

    def both(self, node) -> dict[str, str]:
        return {"zh": self.label(node, "zh"), "en": self.label(node, "en")}

    def aliases(self, node) -> list[str]:
        return sorted({str(literal) for predicate in ALIAS_PREDICATES
                       for literal in self.graph.objects(node, predicate) if isinstance(literal, Literal)})

    def names(self, node) -> list[str]:
        """Every name a person may type for `node`: labels, aliases, short id, local name, IRI."""
        names = set(self._by_language(node).values()) | set(self.aliases(node))
        names |= {short_id(node), local_name(node), str(node)}
        return sorted(n for n in names if n)

    def display(self, node) -> str:
        """`长安汽车 (yb:changan)`: for messages and reports."""
        return f"{self.label(node, 'zh')} ({short_id(node)})"

"""Turning what a user types (--focus, --industry, --class) into resources of the graph.

An id (yb:changan, the full IRI, changan), a Chinese or English label or an alias all
work, case-insensitively. Nothing found, or more than one thing, is a KgError on the
option that lists the close matches.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, Literal, URIRef

from kg.errors import KgError
from kg.labels import Labels
from kg.namespaces import INDUSTRY, KG, SKOS, YB

# words that only say "industry": 汽车产业 and 汽车 are the same industry to a user
_INDUSTRY_WORDS = ("产业链", "产业", "行业", "industries", "industry", "sector")


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _index(labels: Labels, candidates: Iterable[URIRef]) -> dict[str, set[URIRef]]:
    index: dict[str, set[URIRef]] = {}
    for node in candidates:
        for name in labels.names(node):
            index.setdefault(_key(name), set()).add(node)
    return index


def _close_matches(text: str, index: dict[str, set[URIRef]], labels: Labels, limit: int = 5) -> str:
    key = _key(text)
    names = sorted(index)
    close = difflib.get_close_matches(key, names, n=limit * 3, cutoff=0.5)
    close += [n for n in names if key and (key in n or n in key) and n not in close and len(n) > 1]
    nodes: list[URIRef] = []
    for name in close:
        for node in sorted(index[name]):
            if node not in nodes:
                nodes.append(node)
    if not nodes:
        return ""
    return "; close matches: " + ", ".join(labels.display(n) for n in nodes[:limit])


def resolve_one(text: str, candidates: Iterable[URIRef], labels: Labels, option: str, what: str) -> URIRef:
    index = _index(labels, candidates)
    found = index.get(_key(text), set())
    if len(found) == 1:
        return next(iter(found))
    if len(found) > 1:
        listed = ", ".join(labels.display(n) for n in sorted(found))
        raise KgError(f"{text!r} names more than one {what}: {listed}; give the id", option)
    raise KgError(f"no {what} called {text!r}{_close_matches(text, index, labels)}", option)


def resolve_entity(context, text: str, option: str = "--focus") -> URIRef:
    """An entity (or industry) by id, IRI, label or alias."""
    graph = context.graph
    entities = context.entities
    direct = _as_iri(text)
    if direct is None and ":" not in text and "/" not in text:
        # a bare id: yb:ID, or an industry
        direct = next((iri for iri in (YB[text], INDUSTRY[text]) if _mentioned(graph, iri)), None)
    if direct is not None and entities.is_entity(direct) and _mentioned(graph, direct):
        return direct
    # a name as written: looked up in the graph's index, in the usual languages
    found = {s for predicate in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
             for language in (None, "zh", "en") for s in graph.subjects(predicate, Literal(text, lang=language))
             if entities.is_entity(s)}
    if not found:
        # else compare with each label once (any case, any language), without indexing every entity's names
        key = _key(text)
        found = {s for predicate in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                 for s, name in graph.subject_objects(predicate) if _key(str(name)) == key and entities.is_entity(s)}
    if len(found) == 1:
        return next(iter(found))
    candidates = {s for predicate in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                  for s in graph.subjects(predicate, None) if entities.is_entity(s)}
    return resolve_one(text, candidates, context.labels, option, "entity")


def _as_iri(text: str) -> URIRef | None:
    from kg.namespaces import PREFIXES

    if text.startswith(("http://", "https://", "urn:")):
        return URIRef(text)
    if ":" in text:
        prefix, local = text.split(":", 1)
        if prefix in PREFIXES:
            return URIRef(PREFIXES[prefix] + local)
    return None


def _mentioned(graph, node) -> bool:
    return (node, None, None) in graph or (None, None, node) in graph


def industries(graph) -> list[URIRef]:
    found = set(graph.subjects(RDF.type, KG.Industry))
    found |= {i for i in graph.objects(None, KG.inIndustry) if isinstance(i, URIRef)}
    return sorted(found)


def narrower_closure(graph, industry: URIRef) -> set[URIRef]:
    """The industry and every industry under it (skos:broader, any depth)."""
    found = {industry}
    ring = [industry]
    while ring:
        ring = [n for node in ring for n in graph.subjects(SKOS.broader, node) if n not in found]
        found |= set(ring)
    return found


def broader_chain(graph, industry: URIRef) -> list[URIRef]:
    """The industries above `industry`, nearest first."""
    chain: list[URIRef] = []
    ring = [industry]
    while ring:
        ring = sorted({b for node in ring for b in graph.objects(node, SKOS.broader)
                       if isinstance(b, URIRef) and b not in chain and b != industry})
        chain += ring
    return chain


def _industry_key(text: str) -> str:
    key = _key(text)
    for word in _INDUSTRY_WORDS:
        key = key.replace(word, "")
    key = " ".join(key.replace("-", " ").split())
    return key.removesuffix("s") if len(key) > 3 else key


def resolve_industry(graph, labels: Labels, text: str, option: str = "--industry") -> URIRef:
    """An industry by id, label or alias; also by a short form (auto, electronics, 汽车):
    when the short form starts several industries' names and one of them is broader than
    all the others, that one."""
    candidates = industries(graph)
    if not candidates:
        raise KgError("the graph has no industries (kg:Industry)", option)
    index = _index(labels, candidates)
    exact = index.get(_key(text), set())
    if len(exact) == 1:
        return next(iter(exact))
    wanted = _industry_key(text)
    matches = set()
    for node in candidates:
        keys = {_industry_key(name) for name in labels.names(node)}
        if wanted and any(k == wanted or k.startswith(wanted) for k in keys):
            matches.add(node)
    if len(matches) == 1:
        return next(iter(matches))
    for node in sorted(matches):
        if matches <= narrower_closure(graph, node):
            return node
    if matches:
        listed = ", ".join(labels.display(n) for n in sorted(matches))
        raise KgError(f"{text!r} names more than one industry: {listed}; give the id", option)
    raise KgError(f"no industry called {text!r}{_close_matches(text, index, labels)}", option)


def classes(*graphs) -> list[URIRef]:
    found = set()
    for graph in graphs:
        found |= {t for t in graph.objects(None, RDF.type) if isinstance(t, URIRef)}
        found |= set(graph.subjects(RDF.type, OWL.Class))
    return sorted(found)


def resolve_class(graphs: list, labels: Labels, text: str, option: str = "--class") -> URIRef:
    return resolve_one(text, classes(*graphs), labels, option, "class")


def subclass_closure(graphs: list, cls: URIRef) -> set[URIRef]:
    """The class and its subclasses (rdfs:subClassOf, any depth, in any of `graphs`)."""
    found = {cls}
    ring = [cls]
    while ring:
        ring = [s for graph in graphs for node in ring for s in graph.subjects(RDFS.subClassOf, node)
                if s not in found]
        found |= set(ring)
    return found


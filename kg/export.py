"""Canonical serialization: the same graph always gives the same bytes.

rdflib's writers follow the order in which a store hands out triples, so every
graph is first copied into a fresh graph in sorted order (with blank nodes
relabelled canonically when there are any); N-Triples lines are sorted too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import KgError
from kg.namespaces import bind_prefixes


@dataclass(frozen=True)
class RdfFormat:
    name: str
    rdflib_name: str
    extension: str
    media_type: str


FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", "turtle", ".ttl", "text/turtle"),
        RdfFormat("nt", "nt", ".nt", "application/n-triples"),
        RdfFormat("jsonld", "json-ld", ".jsonld", "application/ld+json"),
        RdfFormat("trig", "trig", ".trig", "application/trig"),
        RdfFormat("xml", "pretty-xml", ".rdf", "application/rdf+xml"),
    )
}


def get_format(name: str) -> RdfFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise KgError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}", "--format") from None


def canonical_copy(graph):
    """The triples of `graph` in a new graph, added in sorted order, with fixed prefixes."""
    from rdflib import BNode, Graph

    if any(isinstance(term, BNode) for triple in graph for term in triple):
        from rdflib.compare import to_canonical_graph

        graph = to_canonical_graph(graph)
    copy = Graph()
    bind_prefixes(copy)
    for triple in sorted(graph, key=_sort_key):
        copy.add(triple)
    return copy


def _sort_key(triple):
    return tuple((type(term).__name__, str(term), str(getattr(term, "datatype", "") or ""),
                  str(getattr(term, "language", "") or "")) for term in triple)


def serialize(graph, format_name: str = "turtle") -> bytes:
    """The graph as bytes in one of FORMATS, identical for identical graphs."""
    rdf_format = get_format(format_name)
    canonical = canonical_copy(graph)
    if rdf_format.name == "nt":
        text = canonical.serialize(format="nt", encoding="utf-8")
        # "\n" only: str.splitlines() would also cut at U+0085, U+2028 … inside literals
        lines = sorted(line for line in text.decode("utf-8").split("\n") if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    if rdf_format.name == "jsonld":
        from kg.namespaces import PREFIXES

        return canonical.serialize(format="json-ld", encoding="utf-8", context=dict(PREFIXES),
                                   sort_keys=True, indent=2, ensure_ascii=False)
    if rdf_format.name == "xml":
        return _rdfxml(canonical)
    return canonical.serialize(format=rdf_format.rdflib_name, encoding="utf-8")


# what XML 1.0 cannot hold, even escaped
_NOT_XML_CHARACTERS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _rdfxml(graph) -> bytes:
    """RDF/XML, or a KgError naming what XML cannot carry (rdflib would write broken XML)."""
    import xml.parsers.expat

    for subject, predicate, obj in graph:
        for term in (subject, predicate, obj):
            found = _NOT_XML_CHARACTERS.search(str(term))
            if found:
                raise KgError(f"RDF/XML cannot hold the character U+{ord(found.group()):04X} (in a value of "
                              f"<{subject}> <{predicate}>); export as turtle, nt, jsonld or trig", "--format xml")
    try:
        data = graph.serialize(format="pretty-xml", encoding="utf-8")
    except ValueError as error:  # a predicate IRI with no XML local name: "Can't split …"
        raise KgError(f"RDF/XML cannot write this graph ({error}); export as turtle, nt, jsonld or trig",
                      "--format xml") from None
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        line = data.splitlines()[error.lineno - 1].decode("utf-8", errors="replace").strip()
        raise KgError(f"RDF/XML cannot write this graph: rdflib wrote {line[:120]!r}, which is not XML "
                      f"({xml.parsers.expat.errors.messages[error.code]}); a predicate IRI whose end is not an XML "
                      "name? export as turtle, nt, jsonld or trig", "--format xml") from None
    return data

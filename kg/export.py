"""Canonical serialization: the same graph always gives the same bytes.

rdflib's writers follow the order in which a store hands out triples, so every
graph is first copied into a fresh graph in sorted order (with blank nodes
relabelled canonically when there are any); N-Triples lines are sorted too.
"""

from __future__ import annotations

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
        lines = sorted(line for line in text.decode("utf-8").splitlines() if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    if rdf_format.name == "jsonld":
        from kg.namespaces import PREFIXES

        return canonical.serialize(format="json-ld", encoding="utf-8", context=dict(PREFIXES),
                                   sort_keys=True, indent=2, ensure_ascii=False)
    return canonical.serialize(format=rdf_format.rdflib_name, encoding="utf-8")


def export_store(store, format_name: str, output: str) -> int:
    """Write a store's graph to `output` (- for standard output), all or nothing; the number of
    bytes written. An Oxigraph store writes itself (kg.stores.oxigraph: fast, streamed); any other
    goes through `serialize`, canonical."""
    from kg.fsutil import atomic_output

    get_format(format_name)
    with atomic_output(output) as out:
        if hasattr(store, "dump"):
            store.dump(out, format_name)
        else:
            out.write(serialize(store.rdflib_graph(), format_name))
        out.flush()
        return out.tell()


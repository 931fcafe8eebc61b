"""Canonical serialization: the same graph always gives the same bytes.

Every graph is first copied with fixed prefixes (blank nodes relabelled canonically when
there are any). The order of the copy is no help: rdflib's default store hands triples out
in the order of a set, and its JSON-LD writer collects subjects and namespaces in sets, so
its output changed with PYTHONHASHSEED. Each format therefore has a writer that fixes the
order itself: Turtle, TriG and RDF/XML are written by Oxigraph from the triples in sorted
order, N-Triples lines are sorted, and JSON-LD is put in canonical order after writing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import KgError
from kg.namespaces import PREFIXES, bind_prefixes


@dataclass(frozen=True)
class RdfFormat:
    name: str
    oxigraph_name: str  # the pyoxigraph.RdfFormat a store dumps itself in (serialize() uses WRITERS)
    extension: str
    media_type: str


FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", "TURTLE", ".ttl", "text/turtle"),
        RdfFormat("nt", "N_TRIPLES", ".nt", "application/n-triples"),
        RdfFormat("jsonld", "JSON_LD", ".jsonld", "application/ld+json"),
        RdfFormat("trig", "TRIG", ".trig", "application/trig"),
        RdfFormat("xml", "RDF_XML", ".rdf", "application/rdf+xml"),
    )
}


def get_format(name: str) -> RdfFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise KgError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}", "--format") from None


def canonical_copy(graph):
    """The triples of `graph` in a new graph with fixed prefixes, blank nodes relabelled
    canonically; in no particular order (each writer orders its output)."""
    from rdflib import BNode, Graph

    if any(isinstance(term, BNode) for triple in graph for term in triple):
        from rdflib.compare import to_canonical_graph

        graph = to_canonical_graph(graph)
    copy = Graph()
    bind_prefixes(copy)
    for triple in graph:
        copy.add(triple)
    return copy


def _sort_key(triple):
    return tuple((type(term).__name__, str(term), str(getattr(term, "datatype", "") or ""),
                  str(getattr(term, "language", "") or "")) for term in triple)


def _oxigraph_triples(canonical):
    import pyoxigraph

    from kg.rdfio import to_oxigraph_term

    return [pyoxigraph.Triple(*(to_oxigraph_term(term) for term in triple))
            for triple in sorted(canonical, key=_sort_key)]


def _turtle(canonical) -> bytes:
    """Turtle by Oxigraph's writer: rdflib's writes invalid Turtle for a multi-line literal that ends
    in a backslash and a quote (its long-string form ends in four quotes); Oxigraph escapes line
    breaks instead. A blank line before each subject keeps the file easy to read and to diff."""
    import pyoxigraph

    data = pyoxigraph.serialize(_oxigraph_triples(canonical), format=pyoxigraph.RdfFormat.TURTLE,
                                prefixes=dict(PREFIXES))
    return _blank_line_between_subjects(data)


def _blank_line_between_subjects(data: bytes) -> bytes:
    # every line of Oxigraph's output is a statement (line breaks inside literals are escaped), so
    # a line at the margin after the prefixes begins the statements of a new subject
    out: list[bytes] = []
    for line in data.split(b"\n"):
        starts_subject = bool(line) and not line[:1].isspace() and not line.startswith(b"@prefix")
        if starts_subject and out and out[-1] != b"":
            out.append(b"")
        out.append(line)
    return b"\n".join(out)


def _ntriples(canonical) -> bytes:
    text = canonical.serialize(format="nt", encoding="utf-8")
    # "\n" only: str.splitlines() would also cut at U+0085, U+2028 … inside literals
    lines = sorted(line for line in text.decode("utf-8").split("\n") if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def _jsonld(canonical) -> bytes:
    text = canonical.serialize(format="json-ld", encoding="utf-8", context=dict(PREFIXES))
    document = _canonical_json(json.loads(text))
    return (json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _canonical_json(node, ordered: bool = False):
    """JSON-LD with every array sorted except @list ones (whose order is their meaning)."""
    if isinstance(node, dict):
        return {key: _canonical_json(value, ordered=key == "@list") for key, value in node.items()}
    if isinstance(node, list):
        items = [_canonical_json(item) for item in node]
        return items if ordered else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return node


def _trig(canonical) -> bytes:
    """TriG with every triple in the default graph, by Oxigraph's writer (see _turtle)."""
    import pyoxigraph

    quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph())
             for t in _oxigraph_triples(canonical)]
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=dict(PREFIXES))


# what XML 1.0 cannot hold, even escaped
_NOT_XML_CHARACTERS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _rdfxml(canonical) -> bytes:
    """RDF/XML, or a KgError naming what XML cannot carry (a writer would write broken XML)."""
    import xml.parsers.expat

    import pyoxigraph


    for subject, predicate, obj in canonical:
        for term in (subject, predicate, obj):
            found = _NOT_XML_CHARACTERS.search(str(term))
            if found:
                raise KgError(f"RDF/XML cannot hold the character U+{ord(found.group()):04X} (in a value of "
                              f"<{subject}> <{predicate}>); export as turtle, nt, jsonld or trig", "--format xml")
    try:
        data = pyoxigraph.serialize(_oxigraph_triples(canonical), format=pyoxigraph.RdfFormat.RDF_XML,
                                    prefixes=dict(PREFIXES))
    except (ValueError, OSError, SyntaxError) as error:  # e.g. a predicate IRI with no XML local name
        raise KgError(f"RDF/XML cannot write this graph ({error}); export as turtle, nt, jsonld or trig",
                      "--format xml") from None
    # namespace-aware, as RDF/XML readers are: Oxigraph writes `<oxprefix:>` for a predicate
    # whose IRI does not end in an XML name, which only a namespace-blind parser accepts
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        line = data.splitlines()[error.lineno - 1].decode("utf-8", errors="replace").strip()
        raise KgError(f"RDF/XML cannot write this graph: the writer gave {line[:120]!r}, which is not XML "
                      f"({xml.parsers.expat.errors.messages[error.code]}); a predicate IRI whose end is not an XML "
                      "name? export as turtle, nt, jsonld or trig", "--format xml") from None
    return data


# format name -> writer of a canonical copy
WRITERS: dict[str, Callable[[object], bytes]] = {
    "turtle": _turtle,
    "nt": _ntriples,
    "jsonld": _jsonld,
    "trig": _trig,
    "xml": _rdfxml,
}


def serialize(graph, format_name: str = "turtle") -> bytes:
    """The graph as bytes in one of FORMATS, identical for identical graphs."""
    rdf_format = get_format(format_name)
    return WRITERS[rdf_format.name](canonical_copy(graph))


def export_store(store, format_name: str, output: str) -> int:
    """Write a store's graph to `output` (- for standard output), all or nothing; the number of
    bytes written. An Oxigraph store writes itself (kg.stores.oxigraph: fast, streamed); any other
    goes through `serialize`, canonical."""
    from kg.fsutil import atomic_output

    get_format(format_name)
    with atomic_output(output) as out:
        counted = _CountingWriter(out)
        if hasattr(store, "dump"):
            store.dump(counted, format_name)
        else:
            counted.write(serialize(store.rdflib_graph(), format_name))
        counted.flush()
        return counted.count


class _CountingWriter:
    """A binary file that counts what goes through it (a pipe cannot say where it is)."""

    def __init__(self, out):
        self._out = out
        self.count = 0

    def write(self, data) -> int:
        self.count += len(data)
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()

"""Reading RDF files strictly, and turning pyoxigraph terms into rdflib terms.

Parsing goes through pyoxigraph: its parsers are strict (they reject what the
W3C negative syntax tests reject, where rdflib accepts some), they report
line and column, and they never fetch anything while parsing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kg.errors import KgError, at

# file extension -> pyoxigraph format name (an attribute of pyoxigraph.RdfFormat)
FORMAT_BY_EXTENSION: dict[str, str] = {
    ".ttl": "TURTLE",
    ".turtle": "TURTLE",
    ".nt": "N_TRIPLES",
    ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS",
    ".trig": "TRIG",
    ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
    ".rdf": "RDF_XML",
    ".xml": "RDF_XML",
    ".owl": "RDF_XML",
}


def rdf_format_for(path: Path, explicit: str | None = None):  # -> pyoxigraph.RdfFormat
    import pyoxigraph

    name = explicit or FORMAT_BY_EXTENSION.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(FORMAT_BY_EXTENSION))
        raise KgError(f"cannot tell the RDF format from the file name (known endings: {known})", str(path))
    return getattr(pyoxigraph.RdfFormat, name)


def iter_quads(path: Path, explicit_format: str | None = None) -> Iterator:
    """Yield pyoxigraph quads of one file; a syntax error becomes a KgError at file:line:column."""
    import pyoxigraph

    if not path.is_file():
        raise KgError("no such file", str(path))
    rdf_format = rdf_format_for(path, explicit_format)
    base_iri = path.resolve().as_uri()
    try:
        yield from pyoxigraph.parse(path=str(path), format=rdf_format, base_iri=base_iri)
    except SyntaxError as error:
        message = str(error.msg or error)
        # pyoxigraph says "Parser error between line L column C and …"; the location is ours to give
        raise KgError(_strip_location(message), at(path, error.lineno, error.offset)) from None
    except (OSError, ValueError) as error:
        raise KgError(f"cannot read RDF: {error}", str(path)) from None


def _strip_location(message: str) -> str:
    if message.startswith("Parser error between") and ": " in message:
        return message.split(": ", 1)[1]
    if message.startswith("Parser error at") and ": " in message:
        return message.split(": ", 1)[1]
    return message


def to_rdflib_term(term):
    """A pyoxigraph term as the equal rdflib term."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise KgError(f"RDF 1.2 triple terms are not supported: {term}")


def to_oxigraph_term(term):
    """An rdflib term as the equal pyoxigraph term."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def read_graph_files(paths: Sequence[Path], explicit_format: str | None = None):
    """Merge the triples of every file (and of every named graph in them) into one rdflib Graph."""
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        add_quads(graph, iter_quads(Path(path), explicit_format))
    return graph


def add_quads(graph, quads: Iterable) -> None:
    for quad in quads:
        graph.add(
            (to_rdflib_term(quad.subject), to_rdflib_term(quad.predicate), to_rdflib_term(quad.object))
        )

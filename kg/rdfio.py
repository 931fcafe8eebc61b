"""Reading RDF files strictly, and turning pyoxigraph terms into rdflib terms.

Parsing goes through pyoxigraph: its parsers are strict (they reject what the
W3C negative syntax tests reject, where rdflib accepts some), they report
line and column, and they never fetch anything while parsing. kg.rdfguard
refuses first what would hurt them (entity bombs, deep nesting, binary files).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from kg import rdfguard
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


# formats whose files are read whole and checked before parsing (see kg.rdfguard); the others stream
WHOLE_FILE_CHECKS: dict[str, Callable[[bytes, object], None]] = {
    "JSON_LD": rdfguard.check_json_nesting,
    "RDF_XML": rdfguard.check_rdfxml,
}


def iter_quads(path: Path, explicit_format: str | None = None, base_iri: str | None = None) -> Iterator:
    """Yield pyoxigraph quads of one file; anything wrong with it becomes a KgError at file:line:column.

    Relative IRIs resolve against `base_iri`, by default the file's own file: URI. Blank nodes get
    fresh labels, so the same label in two files names two nodes.
    """
    import pyoxigraph

    path = Path(path)
    with guarded_input(path, explicit_format) as (source, rdf_format):
        quads = pyoxigraph.parse(input=source, format=rdf_format, base_iri=base_iri or path.resolve().as_uri(),
                                 rename_blank_nodes=True)
        for quad in quads:
            _refuse_rdf12(quad, pyoxigraph, path)
            yield quad


@contextlib.contextmanager
def guarded_input(path: Path, explicit_format: str | None = None) -> Iterator[tuple[object, object]]:
    """The checks every RDF file passes before a parser sees it: a regular file, a known
    format, then those of guarded_stream. Every path that reads an RDF file goes through it,
    kg load and the Oxigraph store included."""
    path = Path(path)
    _check_readable(path)
    rdf_format_for(path, explicit_format)  # an unknown ending is refused before the file is opened
    format_name = explicit_format or FORMAT_BY_EXTENSION[path.suffix.lower()]
    with parse_errors(path):
        stream = path.open("rb")
    with stream, guarded_stream(stream, format_name, path) as guarded:
        yield guarded


@contextlib.contextmanager
def guarded_stream(stream: BinaryIO, format_name: str, where: object) -> Iterator[tuple[object, object]]:
    """The checks every RDF input passes before a parser sees it (see kg.rdfguard), a file or
    standard input alike: no UTF-16/32, and for RDF/XML and JSON-LD no entity tricks or runaway
    nesting. `format_name` is a pyoxigraph.RdfFormat attribute. Yields what to give pyoxigraph as
    input (the stream past any byte-order mark, or its bytes, read whole to be checked) and the
    format; anything wrong, found here or by the parser, becomes a KgError at `where`."""
    import pyoxigraph

    rdf_format = getattr(pyoxigraph.RdfFormat, format_name)
    with parse_errors(where):
        head = stream.read(4)
        rest = head[rdfguard.check_start(head, where):]
        whole_file_check = WHOLE_FILE_CHECKS.get(format_name)
        if whole_file_check is not None:
            data = rest + stream.read()
            whole_file_check(data, where)
            yield data, rdf_format
        elif stream.seekable():
            stream.seek(-len(rest), io.SEEK_CUR)
            yield stream, rdf_format
        else:  # a pipe cannot give back what was read
            yield _Prefixed(rest, stream), rdf_format


class _Prefixed(io.RawIOBase):
    """A stream that gives `head` (bytes already read) and then the rest of `raw`."""

    def __init__(self, head: bytes, raw: BinaryIO):
        self.head, self.raw = head, raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size], self.head = self.head[:size], self.head[size:]
            return size
        data = self.raw.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


@contextlib.contextmanager
def parse_errors(path: object) -> Iterator[None]:
    """pyoxigraph's errors while reading `path` as one-line KgErrors at file:line:column."""
    try:
        yield
    except SyntaxError as error:
        message = _strip_location(str(error.msg or error))
        if "LoadDocumentCallback" in message:
            message = ("a remote JSON-LD @context (or @import) is not fetched: kg reads nothing from the network "
                       "or other files while parsing; put the context inline in the document")
        raise KgError(message, at(path, error.lineno, error.offset)) from None
    except MemoryError as error:
        raise KgError(f"a single term or line is too long for the parser ({error})", str(path)) from None
    except OSError as error:
        raise KgError(f"cannot read: {error.strerror or error}", str(path)) from None


def _check_readable(path: Path) -> None:
    if path.is_dir():
        raise KgError("is a directory, not an RDF file", str(path))
    if not path.exists():
        raise KgError("no such file", str(path))
    if not path.is_file():
        # a FIFO or a device (/dev/zero) could block or never end
        raise KgError("not a regular file", str(path))


def _refuse_rdf12(quad, pyoxigraph, path: Path) -> None:
    """rdflib, and so every command after parsing, holds RDF 1.1 only."""
    term = quad.object
    if isinstance(term, pyoxigraph.Triple):
        raise KgError("RDF 1.2 triple terms (<<( … )>>, << … >>, {| … |}) are not supported: "
                      f"<<( {term} )>>", str(path))
    if isinstance(term, pyoxigraph.Literal) and term.direction:
        raise KgError(f"RDF 1.2 literals with a base direction (@{term.language}--{term.direction}) "
                      f"are not supported: {term}", str(path))


_LOCATION_PREFIX = re.compile(r"^Parser error (?:at|between) [^:]*: ")


def _strip_location(message: str) -> str:
    """pyoxigraph says "Parser error at line L column C: …"; the location is ours to give."""
    return _LOCATION_PREFIX.sub("", message)


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
    raise KgError(f"RDF 1.2 triple terms are not supported: {term}")  # iter_quads refuses them first


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
        if add_quads(graph, iter_quads(Path(path), explicit_format)) == 0:
            # valid RDF, but a graph file without a triple is almost always the wrong file
            raise KgError("holds no triples (an empty file, or the wrong one?)", str(path))
    return graph


def add_quads(graph, quads: Iterable) -> int:
    """Add the quads' triples to an rdflib Graph (named graphs merged); how many quads there were."""
    count = 0
    for quad in quads:
        graph.add(
            (to_rdflib_term(quad.subject), to_rdflib_term(quad.predicate), to_rdflib_term(quad.object))
        )
        count += 1
    return count

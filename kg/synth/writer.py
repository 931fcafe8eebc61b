"""Streaming N-Triples / Turtle: subject blocks written as they are made, never a whole graph.

rdflib and pyoxigraph serializers take a finished graph; a 10M-triple synthetic
graph must go to disk while it is being generated, so this writer renders terms
itself. Terms are plain strings already in the output syntax, made by a `Terms`
of the same syntax, which keeps the generator free of syntax details and the
hot loop free of objects.
"""

from __future__ import annotations

from typing import BinaryIO

from kg.namespaces import PREFIXES
from kg.results import escape_string

XSD = PREFIXES["xsd"]
RDF_TYPE = PREFIXES["rdf"] + "type"
# how many rendered lines to keep before encoding them and writing them out
FLUSH_EVERY = 20_000

SYNTAXES = ("turtle", "nt")
SYNTAX_BY_EXTENSION = {".ttl": "turtle", ".nt": "nt"}


def quoted(text: str) -> str:
    return '"' + escape_string(text) + '"'


class Terms:
    """Renders RDF terms as N-Triples (the base class) or, in `TurtleTerms`, as Turtle."""

    def iri(self, prefix: str, local: str) -> str:
        return f"<{PREFIXES[prefix]}{local}>"

    def full_iri(self, iri: str) -> str:
        return f"<{iri}>"

    def string(self, text: str) -> str:
        return quoted(text)

    def lang(self, text: str, tag: str) -> str:
        return f"{quoted(text)}@{tag}"

    def typed(self, lexical: str, datatype_local: str) -> str:
        """A literal of an XSD datatype (`datatype_local` is its name in xsd:)."""
        return f'"{lexical}"^^<{XSD}{datatype_local}>'

    def decimal(self, lexical: str) -> str:
        return self.typed(lexical, "decimal")

    def integer(self, number: int) -> str:
        return self.typed(str(number), "integer")

    def boolean(self, value: bool) -> str:
        return self.typed("true" if value else "false", "boolean")

    @property
    def rdf_type(self) -> str:
        return f"<{RDF_TYPE}>"


class TurtleTerms(Terms):
    """Prefixed names and Turtle's bare numbers; the local names given are plain [a-z0-9-] ids."""

    def iri(self, prefix: str, local: str) -> str:
        return f"{prefix}:{local}"

    def typed(self, lexical: str, datatype_local: str) -> str:
        return f'"{lexical}"^^xsd:{datatype_local}'

    def decimal(self, lexical: str) -> str:
        return lexical  # always written with a '.', so Turtle reads it as xsd:decimal

    def integer(self, number: int) -> str:
        return str(number)

    def boolean(self, value: bool) -> str:
        return "true" if value else "false"

    @property
    def rdf_type(self) -> str:
        return "a"


class StreamWriter:
    """Writes blocks of triples about one subject each, flushing every FLUSH_EVERY lines."""

    def __init__(self, out: BinaryIO, syntax: str):
        if syntax not in SYNTAXES:
            raise ValueError(f"unknown syntax {syntax!r}")
        self.out = out
        self.syntax = syntax
        self.terms: Terms = TurtleTerms() if syntax == "turtle" else Terms()
        self.triples = 0
        self._lines: list[str] = []
        if syntax == "turtle":
            self._lines.extend(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
            self._lines.append("\n")

    def block(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        """Triples (subject, p, o) for each (p, o) of `pairs`, in that order."""
        if not pairs:
            return
        self.triples += len(pairs)
        if self.syntax == "nt":
            self._lines.extend(f"{subject} {p} {o} .\n" for p, o in pairs)
        else:
            parts = []
            previous = None
            for p, o in pairs:
                if p == previous:
                    parts.append(f",\n        {o}")
                else:
                    parts.append(f" ;\n    {p} {o}" if parts else f" {p} {o}")
                    previous = p
            self._lines.append(subject + "".join(parts) + " .\n\n")
        if len(self._lines) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if self._lines:
            self.out.write("".join(self._lines).encode("utf-8"))
            self._lines.clear()

"""Turning query results into plain values that tests can write by hand."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef

from kg.labels import short_id
from kg.results import NUMERIC_TYPES

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def simple(term):
    """yb:changan for IRIs, Decimal for numbers (whatever their lexical form), bool, str."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return short_id(term)
    if isinstance(term, Literal):
        datatype = str(term.datatype or "")
        if datatype in NUMERIC_TYPES:
            return Decimal(str(term))
        if datatype == XSD_BOOLEAN:
            return str(term) in ("true", "1")
        return str(term)
    return str(term)


def table(result, *variables: str) -> list[tuple]:
    """The rows of a SELECT result as tuples of simple values, in the result's order."""
    return [tuple(simple(row.get(v)) for v in variables) for row in result.rows]


def comparable(result) -> object:
    """A result in a form two stores must agree on: numbers by value, language tags in lower case."""
    def key(term):
        if isinstance(term, Literal) and str(term.datatype or "") not in NUMERIC_TYPES:
            return ("literal", str(term), (term.language or "").lower(), str(term.datatype or ""))
        return simple(term)

    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return sorted(tuple(map(str, map(key, triple))) for triple in result.graph)
    return result.variables, [[key(row.get(v)) for v in result.variables] for row in result.rows]

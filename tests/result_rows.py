"""Comparing the rows one store gives with the rows another gives, as the stores differ only in
what does not matter: numbers by value (Virtuoso writes decimals with 15 places and may change
an integer's type), booleans by value (Virtuoso writes "1" and "0", both valid xsd:boolean),
language tags without case (Virtuoso lowercases them), blank nodes by being blank, and order
only where the query asks for one (ORDER BY)."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

NUMERIC = re.compile(r"#(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger|"
                     r"nonPositiveInteger|negativeInteger|unsignedInt|unsignedLong|unsignedShort|unsignedByte)$")
BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
ORDER_BY = re.compile(r"\bORDER\s+BY\b(?P<keys>.*?)(?:\bLIMIT\b|\bOFFSET\b|$)", re.IGNORECASE | re.DOTALL)


def comparable(term):
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, BNode):
        return ("blank",)
    if isinstance(term, Literal):
        if str(term.datatype) == BOOLEAN:
            return ("boolean", str(term).strip() in ("true", "1"))
        if term.datatype is not None and NUMERIC.search(str(term.datatype)):
            try:
                number = Decimal(str(term))
            except InvalidOperation:
                return ("literal", str(term), str(term.datatype))
            # doubles travel as text with whatever digits a store prints: 12 significant digits agree
            return ("number", float(f"{number:.12g}") if "double" in str(term.datatype) else number.normalize())
        if term.language:
            return ("text", str(term), term.language.lower())
        return ("literal", str(term), str(term.datatype or ""))
    return ("iri", str(term))


def row_keys(result) -> list[tuple]:
    return [tuple(comparable(row.get(name)) for name in result.variables) for row in result.rows]


def order_variables(sparql: str) -> list[str] | None:
    """The variables of a plain `ORDER BY ?a DESC(?b)` (None when there is none, or an expression)."""
    text = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
    matches = list(ORDER_BY.finditer(text))
    if not matches:
        return None
    match = matches[-1]  # the outer query's, after any sub-SELECT
    keys = re.findall(r"(?:ASC|DESC)?\s*\(?\s*\?(\w+)\s*\)?", match["keys"], re.IGNORECASE)
    leftover = re.sub(r"(?:ASC|DESC)?\s*\(?\s*\?\w+\s*\)?", "", match["keys"], flags=re.IGNORECASE).strip(" }\n\t")
    return keys if keys and not leftover else None


def assert_same_rows(expected, actual, sparql: str, where: str) -> None:
    """The same rows (as multisets), and — where the query orders them — in the same order of keys."""
    assert expected.kind == actual.kind, f"{where}: a {actual.kind} result, expected {expected.kind}"
    if expected.kind == "ask":
        assert expected.boolean == actual.boolean, where
        return
    if expected.kind == "graph":
        assert len(expected.graph) == len(actual.graph), f"{where}: {len(actual.graph)} triples, expected " \
                                                         f"{len(expected.graph)}"
        return
    assert list(expected.variables) == list(actual.variables), where
    mine, theirs = Counter(row_keys(expected)), Counter(row_keys(actual))
    missing, extra = mine - theirs, theirs - mine
    assert not missing and not extra, (f"{where}: {sum(missing.values())} row(s) missing, e.g. "
                                       f"{list(missing)[:2]}; {sum(extra.values())} extra, e.g. {list(extra)[:2]}")
    keys = order_variables(sparql)
    if keys:
        positions = [list(expected.variables).index(k) for k in keys if k in expected.variables]

        def sequence(result):
            return [tuple(row[i] for i in positions) for row in row_keys(result)]

        assert sequence(expected) == sequence(actual), f"{where}: rows in another order (ORDER BY {keys})"

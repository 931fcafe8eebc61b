"""Binding parameters for engines that take no initial bindings: a VALUES block made from
RDF terms, placed first in the query's WHERE group.

The block is written from terms with the escaping of N-Triples, then parsed back (by
pyoxigraph) and compared with the terms it was made from, so a value can never turn into query
syntax. A VALUES block first in the WHERE group binds a variable for the whole group, its
OPTIONALs and FILTERs: what rdflib's initial bindings do there too. Saved queries use their
parameters only there (not inside sub-SELECTs, MINUS or nested groups), so every store gives
the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.errors import KgError
from kg.parameters import IRI_FORBIDDEN
from kg.results import RDF_LANG_STRING, XSD_STRING, escape_string
from kg.sparql_tokens import CODEPOINT_ESCAPE

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# not kg.parameters' stricter one: this only keeps a term's tag (from any caller) within SPARQL's syntax
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def term_sparql(term) -> str:
    """An RDF term as SPARQL syntax, refusing anything that would not read back as the same term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        if IRI_FORBIDDEN.search(str(term)):
            raise KgError(f"cannot bind {str(term)!r}: not a valid IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        if CODEPOINT_ESCAPE.search(str(term)):
            raise KgError(f"cannot bind {str(term)!r}: SPARQL would read its \\u as an escape")
        text = '"' + escape_string(str(term)) + '"'
        if term.language:
            if not _LANGUAGE_TAG.match(term.language):
                raise KgError(f"cannot bind a literal with language tag {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{term_sparql(URIRef(term.datatype))}"
        return text
    if isinstance(term, BNode):
        raise KgError("cannot bind a blank node as a parameter")
    raise KgError(f"cannot bind {term!r}: not an RDF term")


def values_block(bindings: Mapping[str, object]) -> str:
    """`VALUES (?a ?b) { (<…> "…") }` for the bindings, checked to read back as the same terms."""
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise KgError(f"not a variable name: {name!r}", f"--param {name}")
    block = ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(term_sparql(bindings[n]) for n in names) + ") }")
    _check_reads_back(block, bindings)
    return block


def _check_reads_back(block: str, bindings: Mapping[str, object]) -> None:
    # pyoxigraph's parser, not rdflib's: building rdflib's SPARQL grammar takes longer than most
    # queries on a store of a million triples (about 0.13 s of every `kg query`)
    import pyoxigraph

    from kg.rdfio import to_rdflib_term

    try:
        solutions = list(pyoxigraph.Store().query(f"SELECT * WHERE {{ {block} }}"))
    except SyntaxError:
        solutions = []
    for name, term in bindings.items():
        again = solutions[0][name] if len(solutions) == 1 else None
        if again is None or not _same_term(to_rdflib_term(again), term):
            raise KgError(f"the value of {name} does not survive being written as SPARQL; refused", f"--param {name}")


def _same_term(again, term) -> bool:
    from rdflib import Literal

    if type(again) is not type(term):
        return False
    if not isinstance(term, Literal):
        return again == term
    # Oxigraph reads a value of a datatype it knows back in canonical form ("1.0"^^xsd:decimal
    # as "1"), a language tag in lower case, and "x"^^xsd:string as "x": the same term each time
    return (_datatype(again) == _datatype(term)
            and (again.language or "").lower() == (term.language or "").lower()
            and (str(again) == str(term) or again.eq(term)))


def _datatype(literal) -> str:
    if literal.language:
        return RDF_LANG_STRING
    return str(literal.datatype or XSD_STRING)


def with_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """The query with a VALUES block for `bindings` first in its WHERE group."""
    if not bindings:
        return sparql
    at = where_group_start(sparql)
    return sparql[: at + 1] + " " + values_block(bindings) + " " + sparql[at + 1:]


def where_group_start(sparql: str) -> int:
    """The offset of the `{` that opens the query's WHERE group.

    That is the first group outside any parentheses (a projection may hold EXISTS { … }),
    except after CONSTRUCT with a template, where the template comes first (the short form
    `CONSTRUCT WHERE { … }` has no room for VALUES).
    """
    from kg.sparql_tokens import significant

    depth = parens = groups_seen = 0
    form = previous = None
    for token in significant(sparql):
        if form is None and token.keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = token.keyword
        elif token.kind == "popen":
            parens += 1
        elif token.kind == "pclose":
            parens -= 1
        elif token.kind == "open":
            if depth == 0 and parens == 0 and form is not None:
                if form != "CONSTRUCT" or groups_seen == 1:
                    return token.start
                if previous == "WHERE":
                    raise KgError("parameters cannot be bound in the short form CONSTRUCT WHERE { … }; "
                                  "write CONSTRUCT { … } WHERE { … }")
                groups_seen = 1
            depth += 1
        elif token.kind == "close":
            depth -= 1
        previous = token.keyword
    raise KgError("cannot bind parameters: the query has no WHERE group")

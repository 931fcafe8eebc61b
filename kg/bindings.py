"""Binding parameters for engines that take no initial bindings: a VALUES block made from
RDF terms, placed first in the query's WHERE group.

The block is written from terms with the escaping of N-Triples, then parsed back and compared
with the terms it was made from, so a value can never turn into query syntax. A VALUES block
first in the WHERE group binds a variable for the whole group, its OPTIONALs and FILTERs:
what rdflib's initial bindings do there too. Saved queries use their parameters only there
(not inside sub-SELECTs, MINUS or nested groups), so every store gives the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.errors import KgError
from kg.parameters import IRI_FORBIDDEN
from kg.results import escape_string
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
    from rdflib import Graph, Literal

    rows = list(Graph().query(f"SELECT * WHERE {{ {block} }}"))
    back = rows[0].asdict() if len(rows) == 1 else {}
    for name, term in bindings.items():
        again = back.get(name)
        same = again == term and type(again) is type(term)
        if same and isinstance(term, Literal):
            same = (str(again), again.language, again.datatype) == (str(term), term.language, term.datatype)
        if not same:
            raise KgError(f"the value of {name} does not survive being written as SPARQL; refused", f"--param {name}")


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

"""Query parameters: declared in a saved query's header, given as `--param NAME=VALUE`,
turned into RDF terms (never into query text).

A value that does not parse for its parameter's type is refused with the option that gave it
(`--param year`), so a string can never become part of a query's syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from kg.errors import KgError
from kg.sparql_tokens import CODEPOINT_ESCAPE

MAX_VALUE_CHARS = 10_000

# what an IRI may not contain (the SPARQL / Turtle IRIREF production), and the shape of a scheme
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # a key of PARAMETER_TYPES
    default: str  # as the user would type it
    description: str = ""

    def parse(self, text: str):
        """The RDF term for `text`, or a KgError at `--param NAME`."""
        return parse_value(self.type, text, self.name, self.default_namespace())

    def default_term(self):
        return self.parse(self.default)

    def default_namespace(self) -> str | None:
        """For an IRI parameter: the namespace of its default, so `--param company=seres` means yb:seres."""
        if self.type != "iri":
            return None
        iri = expand_iri(self.default, None, self.name)
        cut = max(iri.rfind("/"), iri.rfind("#"))
        return iri[: cut + 1] if cut > 0 else None


def _check_text(text: str, name: str) -> str:
    if not isinstance(text, str):
        raise KgError(f"a value must be text, not {type(text).__name__}", f"--param {name}")
    if len(text) > MAX_VALUE_CHARS:
        raise KgError(f"the value is longer than {MAX_VALUE_CHARS:,} characters", f"--param {name}")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise KgError("the value is not valid Unicode (it holds a lone surrogate)", f"--param {name}")
    if CODEPOINT_ESCAPE.search(text):
        # SPARQL engines read \u followed by four hex digits anywhere in a query as an escape,
        # even inside a string, so such a value would not reach every store as the same text
        raise KgError("a value may not hold \\u or \\U followed by hex digits (SPARQL would read it as an "
                      "escape); write the character itself", f"--param {name}")
    return text


def expand_iri(text: str, default_namespace: str | None, name: str) -> str:
    """`yb:changan`, `<https://…>`, `https://…` or a bare `changan` (in the default namespace)."""
    from kg.namespaces import PREFIXES

    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        iri = PREFIXES[prefix] + local
    elif SCHEME.match(value):
        iri = value
    elif default_namespace and _LOCAL_NAME.match(value):
        iri = default_namespace + value
    else:
        known = ", ".join(sorted(PREFIXES))
        raise KgError(f"not an IRI: {text!r} (write a full IRI, a prefixed name such as yb:changan with "
                      f"one of the prefixes {known}, or a bare id)", f"--param {name}")
    if IRI_FORBIDDEN.search(iri):
        raise KgError(f"not an IRI: {text!r} holds a character IRIs cannot contain "
                      "(space, <, >, \", {, }, |, ^, `, \\)", f"--param {name}")
    return iri


def _iri(text: str, name: str, namespace: str | None):
    from rdflib import URIRef

    return URIRef(expand_iri(text, namespace, name))


def _string(text: str, name: str, namespace: str | None):
    from rdflib import Literal

    return Literal(text)


def _integer(text: str, name: str, namespace: str | None):
    from rdflib import Literal
    from rdflib.namespace import XSD

    value = text.strip()
    if not _INTEGER.match(value):
        raise KgError(f"not an integer: {text!r}", f"--param {name}")
    return Literal(str(int(value)), datatype=XSD.integer)


def _decimal(text: str, name: str, namespace: str | None):
    from decimal import Decimal

    from rdflib import Literal
    from rdflib.namespace import XSD

    value = text.strip()
    if not _DECIMAL.match(value):
        raise KgError(f"not a decimal number: {text!r} (write it like 12.5)", f"--param {name}")
    lexical = format(Decimal(value), "f")
    return Literal(lexical if "." in lexical else lexical + ".0", datatype=XSD.decimal)


def _date(text: str, name: str, namespace: str | None):
    import datetime

    from rdflib import Literal
    from rdflib.namespace import XSD

    value = text.strip()
    try:
        if not _DATE.match(value):
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        raise KgError(f"not a date: {text!r} (write it as YYYY-MM-DD)", f"--param {name}") from None
    return Literal(value, datatype=XSD.date)


def _lang(text: str, name: str, namespace: str | None):
    from rdflib import Literal

    value = text.strip()
    if not _LANGUAGE_TAG.match(value):
        raise KgError(f"not a language tag: {text!r} (for example zh or en)", f"--param {name}")
    return Literal(value.lower())


def _boolean(text: str, name: str, namespace: str | None):
    from rdflib import Literal
    from rdflib.namespace import XSD

    value = text.strip().lower()
    if value not in ("true", "false"):
        raise KgError(f"not a boolean: {text!r} (write true or false)", f"--param {name}")
    return Literal(value, datatype=XSD.boolean)


# type name -> parser(text, parameter name, default namespace) -> rdflib term
PARAMETER_TYPES: dict[str, Callable] = {
    "iri": _iri,
    "string": _string,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "lang": _lang,
    "boolean": _boolean,
}


def parse_value(type_name: str, text: str, name: str, default_namespace: str | None = None):
    parser = PARAMETER_TYPES.get(type_name)
    if parser is None:
        raise KgError(f"unknown parameter type {type_name!r}; choose one of {', '.join(PARAMETER_TYPES)}",
                      f"--param {name}")
    return parser(_check_text(text, name), name, default_namespace)


def parse_assignments(assignments: Sequence[str]) -> dict[str, str]:
    """`NAME=VALUE` strings (from --param) as a dict; a name given twice is an error."""
    values: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        name = name.strip()
        if not equals or not name:
            raise KgError(f"write --param NAME=VALUE, not {assignment!r}", "--param")
        if name in values:
            raise KgError("given twice", f"--param {name}")
        values[name] = value
    return values


def bind_parameters(parameters: Sequence[Parameter], given: Mapping[str, object]) -> dict:
    """Every declared parameter as an RDF term: the given value, else the default.

    Values may be text (parsed for the parameter's type) or rdflib terms (used as they are,
    from the Python API). An unknown name is refused with close matches.
    """
    from rdflib.term import Node

    declared = {p.name: p for p in parameters}
    for name in given:
        if name not in declared:
            raise KgError(f"this query has no parameter {name!r}; {_known(declared, name)}", f"--param {name}")
    terms = {}
    for parameter in parameters:
        value = given.get(parameter.name)
        if value is None:
            terms[parameter.name] = parameter.default_term()
        elif isinstance(value, Node):
            terms[parameter.name] = value
        else:
            terms[parameter.name] = parameter.parse(str(value))
    return terms


def _known(declared: Mapping[str, Parameter], name: str) -> str:
    import difflib

    if not declared:
        return "it takes none"
    close = difflib.get_close_matches(name, list(declared), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return f"{hint}it takes: {', '.join(sorted(declared))}"

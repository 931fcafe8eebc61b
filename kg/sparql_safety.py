"""Read a query before anything runs it: malformed → a located error; updates, SERVICE and
FROM naming a graph the store does not hold → refused.

pyoxigraph's SPARQL parser decides whether a text is a query at all: it is strict (it rejects
everything the W3C negative syntax tests reject) and says where with line:column. Its tokens
(kg.sparql_tokens) say which keywords the text holds, with comments, strings and IRIs set
apart, and codepoint escapes (\\u0053ERVICE) read first as SPARQL reads them. SERVICE and
updates are refused on the tokens, before the parser even sees the text: pyoxigraph evaluates
an ASK as soon as it has parsed it, and would call a SERVICE endpoint. FROM graphs are checked
against the store, since rdflib would fetch a FROM graph from the web.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from kg.errors import KgError
from kg.sparql_tokens import expand_codepoint_escapes, significant

MAX_QUERY_CHARS = 1_000_000

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
KINDS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


@dataclass(frozen=True)
class QueryInfo:
    """What checking a query found out about it."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: tuple[str, ...]  # the projected variables of a SELECT, in order
    default_graphs: tuple[str, ...] = ()  # FROM
    named_graphs: tuple[str, ...] = ()  # FROM NAMED
    prefixes: dict[str, str] = field(default_factory=dict)  # PREFIX declarations

    @property
    def kind(self) -> str:
        """select, ask or graph: the kind of result it gives."""
        return KINDS[self.form]


def check_query(sparql: str, *, local_graphs: Collection[str] | None = (), source: str = "query",
                line_offset: int = 0) -> QueryInfo:
    """Parse `sparql`; refuse what a read-only, offline query interface must not run.

    `local_graphs` are the named graphs the store holds: FROM and FROM NAMED may name only
    those (None: leave FROM to the store, which knows its graphs). Errors are located at
    `source:line:column`, lines counted after `line_offset` lines that were added in front of
    the user's text.
    """
    if not isinstance(sparql, str) or not sparql.strip():
        raise KgError("the query is empty", source)
    if len(sparql) > MAX_QUERY_CHARS:
        raise KgError(f"the query is longer than {MAX_QUERY_CHARS:,} characters", source)
    info = _read(sparql, source, line_offset)
    if local_graphs is not None:
        allowed = set(local_graphs)
        for iri in (*info.default_graphs, *info.named_graphs):
            if iri not in allowed:
                held = (f" (this store holds: {', '.join(sorted(allowed))})" if allowed
                        else " (this store has no named graphs)")
                raise KgError(f"FROM <{iri}> is refused: FROM may only name a graph of the store{held}; "
                              "nothing is ever fetched", source)
    return info


@functools.lru_cache(maxsize=512)
def _read(sparql: str, source: str, line_offset: int) -> QueryInfo:
    """Everything check_query judges that does not depend on the store (pure, so cached)."""
    words = list(significant(expand_codepoint_escapes(sparql)))
    form = _refuse_what_must_not_run(words, source)
    variables = _strict_parse(sparql, source, line_offset)
    prefixes, defaults, named = _dataset(words)
    return QueryInfo(form or "SELECT", variables, tuple(defaults), tuple(named), prefixes)


def _refuse_what_must_not_run(words: list, source: str) -> str | None:
    """Refuse updates and SERVICE; return the query form (None if the text shows none)."""
    form = None
    for token in words:
        keyword = token.keyword
        if keyword == "SERVICE" or (token.kind == "pname" and token.text.split(":", 1)[0].upper() == "SERVICE"):
            raise KgError("SERVICE is refused: queries run on the local graph only, never call other endpoints",
                          source)
        if form is None and keyword in UPDATE_KEYWORDS:
            what = keyword if keyword not in ("INSERT", "DELETE") else f"{keyword} (an update)"
            raise KgError(f"{what} is refused: queries are read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)", source)
        if form is None and keyword in QUERY_FORMS:
            form = keyword
    return form


def _dataset(words: list) -> tuple[dict[str, str], list[str], list[str]]:
    """PREFIX declarations and the IRIs of FROM and FROM NAMED (the text is known to be valid)."""
    prefixes: dict[str, str] = {}
    defaults: list[str] = []
    named: list[str] = []
    for i, token in enumerate(words):
        keyword = token.keyword
        if keyword == "PREFIX" and i + 2 < len(words) and words[i + 2].kind == "iri":
            prefixes[words[i + 1].text.rstrip(":")] = words[i + 2].text[1:-1]
        elif keyword == "FROM" and i + 1 < len(words):
            is_named = words[i + 1].keyword == "NAMED"
            target = words[i + 2] if is_named and i + 2 < len(words) else words[i + 1]
            iri = target.text[1:-1] if target.kind == "iri" else _expand(target.text, prefixes)
            (named if is_named else defaults).append(iri)
    return prefixes, defaults, named


def _expand(pname: str, prefixes: dict[str, str]) -> str:
    prefix, _, local = pname.partition(":")
    return prefixes.get(prefix, prefix + ":") + re.sub(r"\\(.)", r"\1", local)


@functools.cache
def _empty_store():
    import pyoxigraph

    return pyoxigraph.Store()


def _strict_parse(sparql: str, source: str, line_offset: int) -> tuple[str, ...]:
    """Let pyoxigraph parse the query (on an empty store); the projected variables of a SELECT."""
    import pyoxigraph

    try:
        result = _empty_store().query(sparql)
    except SyntaxError as error:
        raise _oxigraph_error(str(error.msg or error), source, line_offset) from None
    except (RuntimeError, ValueError) as error:  # an unknown function, …: pyoxigraph cannot run it
        raise KgError(f"the query cannot run: {error}", source) from None
    if isinstance(result, pyoxigraph.QuerySolutions):
        return tuple(variable.value for variable in result.variables)
    return ()


_OXIGRAPH_LOCATION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def _oxigraph_error(message: str, source: str, line_offset: int) -> KgError:
    match = _OXIGRAPH_LOCATION.match(message)
    if match is None:
        return KgError(f"malformed query: {message}", source)
    line, column, text = int(match[1]), int(match[2]), _tidy(match[3])
    return KgError(f"malformed query: {text}", f"{source}:{max(1, line - line_offset)}:{column}")


def _tidy(message: str) -> str:
    """pyoxigraph's 'expected one of …' lists character ranges too; keep what a person can use."""
    if "IRI parsing failed" in message:
        return "not a valid absolute IRI (relative IRIs need a BASE declaration)"
    if not message.startswith("expected one of "):
        return message
    body = re.sub(r"\[[^\]]*\]", "", message[len("expected one of "):], flags=re.DOTALL)
    items = [item.strip() for item in body.split(", ") if item.strip()]
    sentences = [item for item in items if " " in item and not item.startswith(("'", '"'))]
    if sentences:
        return "; ".join(sentences)
    return "expected one of " + ", ".join(items)

"""Read a query before anything runs it: malformed → a located error; updates, SERVICE and
FROM naming a graph the store does not hold → refused.

Two real parsers read every query. rdflib's gives the parse tree that is searched for SERVICE
and dataset clauses (rdflib would fetch a FROM graph from the web; Oxigraph would call a SERVICE
endpoint). pyoxigraph's is then asked too, because it is the stricter one: it rejects what the
W3C negative syntax tests reject, and says where with line:column. pyoxigraph only ever sees a
query once the tree shows it cannot reach the network.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from kg.errors import KgError

MAX_QUERY_CHARS = 1_000_000

# rdflib's names for update operations -> the keyword a user wrote
UPDATE_KEYWORDS = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
    "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
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
    info = _checked(sparql, source, line_offset)
    allowed = set(local_graphs or ())
    for iri in (*info.default_graphs, *info.named_graphs) if local_graphs is not None else ():
        if iri not in allowed:
            held = (f" (this store holds: {', '.join(sorted(allowed))})" if allowed
                    else " (this store has no named graphs)")
            raise KgError(f"FROM <{iri}> is refused: FROM may only name a graph of the store{held}; "
                          "nothing is ever fetched", source)
    return info


# a query is checked when it is prepared and again by the store that runs it: parsing it twice
# (rdflib's parser takes a tenth of a second) would be most of a short `kg query`
@functools.lru_cache(maxsize=64)
def _checked(sparql: str, source: str, line_offset: int) -> QueryInfo:
    """Everything check_query checks but FROM (which depends on the store)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(sparql)
    except ParseException as error:
        _refuse_update(sparql, source)
        raise _syntax_error(sparql, error, source, line_offset) from None
    except Exception as error:  # rdflib's parser raises plain exceptions for some bad escapes
        raise KgError(f"malformed query: {error}", source) from None

    for node in _walk(parsed):
        if node.name == "ServiceGraphPattern":
            raise KgError("SERVICE is refused: queries run on the local graph only, never call other endpoints",
                          source)

    # no SERVICE: pyoxigraph may read it now, and it locates what is wrong more precisely
    _strict_parse(sparql, source, line_offset)
    return _describe(parsed, source)


def _refuse_update(sparql: str, source: str) -> None:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(sparql)
    except (ParseException, Exception):
        return
    names = [UPDATE_KEYWORDS.get(op.name, op.name) for op in update.get("request", []) if hasattr(op, "name")]
    what = names[0] if names else "an update"
    raise KgError(f"{what} is an update and is refused: queries are read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)",
                  source)


def _walk(tree) -> Iterator:
    """Every CompValue (rule match) of an rdflib parse tree, expressions and EXISTS included."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(item)


def _describe(parsed, source: str) -> QueryInfo:
    from rdflib.plugins.sparql.algebra import translateQuery

    prologue_node, query_node = parsed[0], parsed[1]
    form = FORMS.get(query_node.name)
    if form is None:
        raise KgError(f"not a query: {query_node.name}", source)
    try:
        translated = translateQuery(parsed)
    except Exception as error:  # an undeclared prefix, a variable projected twice, …
        raise KgError(f"malformed query: {error}", source) from None
    algebra = translated.algebra
    defaults, named = [], []
    for clause in algebra.get("datasetClause") or []:
        if "default" in clause:
            defaults.append(str(clause["default"]))
        if "named" in clause:
            named.append(str(clause["named"]))
    variables = tuple(str(v) for v in (algebra.get("PV") or [])) if form == "SELECT" else ()
    prefixes = {}
    for declaration in prologue_node or []:
        if getattr(declaration, "name", None) == "PrefixDecl":
            prefixes[str(declaration.get("prefix") or "")] = str(declaration["iri"])
    return QueryInfo(form, variables, tuple(defaults), tuple(named), prefixes)


@functools.cache
def _empty_store():
    import pyoxigraph

    return pyoxigraph.Store()


def _strict_parse(sparql: str, source: str, line_offset: int) -> None:
    try:
        _empty_store().query(sparql)
    except SyntaxError as error:
        raise _oxigraph_error(str(error.msg or error), source, line_offset) from None


_OXIGRAPH_LOCATION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_RDFLIB_LOCATION = re.compile(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$")


def _oxigraph_error(message: str, source: str, line_offset: int) -> KgError:
    match = _OXIGRAPH_LOCATION.match(message)
    if match is None:
        return KgError(f"malformed query: {message}", source)
    line, column, text = int(match[1]), int(match[2]), _tidy(match[3])
    return KgError(f"malformed query: {text}", f"{source}:{max(1, line - line_offset)}:{column}")


def _tidy(message: str) -> str:
    """pyoxigraph's 'expected one of …' lists character ranges too; keep what a person can use."""
    if not message.startswith("expected one of "):
        return message
    body = re.sub(r"\[[^\]]*\]", "", message[len("expected one of "):], flags=re.DOTALL)
    items = [item.strip() for item in body.split(", ") if item.strip()]
    sentences = [item for item in items if " " in item and not item.startswith(("'", '"'))]
    if sentences:
        return "; ".join(sentences)
    return "expected one of " + ", ".join(items)


def _syntax_error(sparql: str, error, source: str, line_offset: int) -> KgError:
    # pyoxigraph says more precisely what it expected; it may read the text only when the text
    # cannot possibly hold a SERVICE call (an ASK would be evaluated at once)
    lowered = sparql.lower()
    if "service" not in lowered and "\\u" not in lowered:
        try:
            _empty_store().query(sparql)
        except SyntaxError as oxigraph_error:
            return _oxigraph_error(str(oxigraph_error.msg or oxigraph_error), source, line_offset)
        except Exception:  # evaluation on the empty store: not a syntax verdict
            pass
    message = _RDFLIB_LOCATION.sub("", str(error))
    return KgError(f"malformed query: {message}",
                   f"{source}:{max(1, error.lineno - line_offset)}:{error.col}")

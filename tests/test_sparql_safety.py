"""Queries are read before anything runs: malformed ones are located, updates, SERVICE and
FROM of graphs a store does not hold are refused, and nothing is ever fetched."""

from __future__ import annotations

import http.server
import os
import threading
import typing
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.sparql_safety import QUERY_BASE, check_query
from tests.conftest import ROOT, skip_or_fail

W3C = Path(os.environ.get("KG_W3C_TESTS") or ROOT.parent / "shared" / "w3c-tests")


def w3c_syntax_tests(suite: str) -> list[tuple[str, Path, bool]]:
    """(name, file, negative?) of each syntax test of a W3C SPARQL 1.1 manifest; [] when the suite is missing."""
    manifest = W3C / "sparql" / "sparql11" / suite / "manifest.ttl"
    if not manifest.is_file():
        return []
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    mf = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
    graph = Graph().parse(manifest)
    tests = []
    for test, kind in graph.subject_objects(RDF.type):
        if "SyntaxTest" in str(kind):
            path = Path(str(graph.value(test, mf.action)).removeprefix("file://"))
            tests.append((path.name, path, "Negative" in str(kind)))
    return sorted(tests)


QUERY_SYNTAX_TESTS = w3c_syntax_tests("syntax-query")
UPDATE_SYNTAX_TESTS = w3c_syntax_tests("syntax-update-1")


def refused(sparql: str, **kwargs) -> str:
    with pytest.raises(KgError) as caught:
        check_query(sparql, **kwargs)
    return str(caught.value)


# --- malformed ---------------------------------------------------------------------------------


def test_malformed_query_gives_the_parsers_message_at_line_and_column():
    import re

    message = refused("SELECT ?s WHERE {\n  ?s ?p\n}", source="mine.rq")
    assert re.match(r"mine\.rq:3:\d+: malformed query: expected", message), message


def test_malformed_query_lines_count_from_the_users_first_line():
    message = refused("PREFIX kg: <https://w3id.org/yubei-kg/ontology#>\nSELECT * WHERE { ?s ?p }", line_offset=1)
    assert message.startswith("query:1:")


def test_empty_and_enormous_queries_are_refused():
    assert "empty" in refused("  \n ")
    assert "longer than" in refused("SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_001)


def test_relative_iri_is_read_against_the_entity_namespace_on_every_local_store(graph):
    from kg.namespaces import YB
    from kg.stores.memory import MemoryStore
    from kg.stores.oxigraph import oxigraph_copy

    assert str(YB) == QUERY_BASE
    query = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT ?label WHERE { <changan> rdfs:label ?label FILTER(lang(?label) = 'en') }")
    for store in (MemoryStore(graph), oxigraph_copy(graph)):
        assert [str(row["label"]) for row in store.query(query).rows] == ["Changan Automobile"], store.name


def test_a_base_of_the_querys_own_must_be_absolute():
    assert "BASE declaration needs an absolute IRI" in refused("BASE <rel/> SELECT * WHERE { ?s ?p <o> }")
    check_query("BASE <http://example.org/> SELECT * WHERE { ?s ?p <o> }")


@pytest.mark.parametrize("query", [
    "SELECT * FROM <graph> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <graph> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "BASE <http://example.org/> SELECT * FROM <graph> WHERE { ?s ?p ?o }",
    "PREFIX g: <graphs/> SELECT * FROM g:one WHERE { ?s ?p ?o }",
])
def test_from_with_a_relative_iri_is_refused_on_every_store(query):
    for local_graphs in ((), ["https://w3id.org/yubei-kg/id/graph"], None):  # None: a remote endpoint
        assert "FROM names a graph by its full IRI" in refused(query, local_graphs=local_graphs)


# --- updates, SERVICE, FROM ------------------------------------------------------------------------


@pytest.mark.parametrize("update, keyword", [
    ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "INSERT"),
    ("PREFIX e: <http://e/> DELETE WHERE { ?s e:p ?o }", "DELETE"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR DEFAULT", "CLEAR"),
    ("drop all", "DROP"),
    ("CREATE GRAPH <http://e/g>", "CREATE"),
    ("ADD DEFAULT TO <http://e/g>", "ADD"),
    ("MOVE <http://e/g> TO DEFAULT", "MOVE"),
    ("COPY DEFAULT TO <http://e/g>", "COPY"),
    ("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
])
def test_update_is_refused_by_name(update, keyword):
    message = refused(update)
    assert message.startswith(f"query: {keyword}") and "read-only" in message


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { service silent <http://example.org/sparql> { ?s ?q ?r } } }",
    "ASK { FILTER EXISTS { SERVICE ?endpoint { ?s ?p ?o } } }",
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "PREFIX : <http://example.org/> ASK {SERVICE:sparql{?s ?p ?o}}",
    "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * WHERE { SERVICE <http://e/> { ?s ?p ?o } } } }",
])
def test_service_is_refused_wherever_it_hides(sparql):
    assert "SERVICE is refused" in refused(sparql)


@pytest.mark.parametrize("sparql", [
    'SELECT ?service WHERE { ?service <http://e/SERVICE> "SERVICE", "LOAD"@en } # SERVICE LOAD',
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:service ex:LOAD . ?s ex:drop _:SERVICE }",
    "SELECT * WHERE { ?s ?p '''SERVICE <http://e/> { }''' }",
])
def test_keywords_inside_names_strings_and_comments_are_not_keywords(sparql):
    assert check_query(sparql).form == "SELECT"


def test_from_is_refused_unless_the_store_holds_that_graph():
    sparql = "SELECT * FROM <http://e/g> FROM NAMED <http://e/h> WHERE { ?s ?p ?o }"
    assert "FROM <http://e/g> is refused" in refused(sparql)
    assert "FROM <http://e/h> is refused" in refused(sparql, local_graphs={"http://e/g"})
    info = check_query(sparql, local_graphs={"http://e/g", "http://e/h"})
    assert (info.default_graphs, info.named_graphs) == (("http://e/g",), ("http://e/h",))


def test_from_with_a_prefixed_name_is_judged_by_its_full_iri():
    sparql = "PREFIX g: <http://e/graphs/> SELECT * FROM g:one WHERE { ?s ?p ?o }"
    assert "<http://e/graphs/one>" in refused(sparql)
    assert check_query(sparql, local_graphs={"http://e/graphs/one"}).default_graphs == ("http://e/graphs/one",)


def test_query_info_says_form_and_variables():
    info = check_query("SELECT ?b (COUNT(*) AS ?n) WHERE { ?a ?b ?c } GROUP BY ?b")
    assert (info.form, info.kind, info.variables) == ("SELECT", "select", ("b", "n"))
    assert check_query("ASK { ?s ?p ?o }").kind == "ask"
    assert check_query("DESCRIBE <http://e/a>").kind == "graph"
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }").kind == "graph"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: typing.ClassVar[list[str]] = []

    def do_GET(self):
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        """Quiet."""


@pytest.fixture
def listener():
    """A real HTTP server on loopback that records every request it gets."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_nothing_is_fetched_for_service_load_or_from(listener, store, graph):
    import pyoxigraph

    from kg.query import run_query
    from kg.stores.memory import MemoryStore
    from kg.stores.oxigraph import OxigraphStore

    url, requests = listener
    opened = MemoryStore(graph) if store == "memory" else OxigraphStore(pyoxigraph.Store())
    for sparql in (f"ASK {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
                   f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
                   f"LOAD <{url}/data.ttl>",
                   f"SELECT * FROM <{url}/graph.ttl> WHERE {{ ?s ?p ?o }}",
                   f"ASK FROM NAMED <{url}/graph.ttl> {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
        with pytest.raises(KgError):
            run_query(sparql, store=opened)
    assert requests == []


# --- the W3C syntax tests ----------------------------------------------------------------------------


def test_w3c_syntax_suites_are_present():
    if not QUERY_SYNTAX_TESTS or not UPDATE_SYNTAX_TESTS:
        skip_or_fail(f"the W3C SPARQL 1.1 syntax tests are not at {W3C} (set KG_W3C_TESTS)")


@pytest.mark.w3c
@pytest.mark.parametrize("name, path", [(n, p) for n, p, negative in QUERY_SYNTAX_TESTS if negative])
def test_w3c_negative_syntax_query_is_rejected(name, path):
    with pytest.raises(KgError):
        check_query(path.read_text(encoding="utf-8"), local_graphs=None)


@pytest.mark.w3c
@pytest.mark.parametrize("name, path", [(n, p) for n, p, negative in QUERY_SYNTAX_TESTS + UPDATE_SYNTAX_TESTS
                                        if not negative])
def test_keywords_found_in_tokens_agree_with_rdflibs_parse_tree(name, path):
    """SERVICE, FROM and update operations seen by the tokens are exactly those in rdflib's parse tree."""
    text = path.read_text(encoding="utf-8")
    tree = _rdflib_tree(text)
    if tree is None:
        pytest.skip("rdflib cannot parse it either")
    service_in_tree = any(node.name == "ServiceGraphPattern" for node in _nodes(tree))
    update_in_tree = any(node.name in {"Load", "Clear", "Drop", "Create", "Add", "Move", "Copy", "InsertData",
                                       "DeleteData", "DeleteWhere", "Modify"} for node in _nodes(tree))
    try:
        check_query(text, local_graphs=None)
        refusal = ""
    except KgError as error:
        refusal = error.message
    assert ("SERVICE is refused" in refusal) == service_in_tree
    assert ("read-only" in refusal) == update_in_tree


def _rdflib_tree(text: str):
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    for parse in (parseQuery, parseUpdate):
        try:
            return parse(text)
        except Exception:
            continue
    return None


def _nodes(tree):
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

"""The `sparql` store against real triple stores: the Yubei graph pushed to an Oxigraph server and
to Virtuoso, every saved query run there (in both languages) through the same code path as
`kg query --endpoint`, and compared with the local rows; the same for the transitive queries on a
graph with deeper chains (deep_graph.py) and for the queries that compare sources on a graph of
two (two_sources.py); Virtuoso's silent cuts (ResultSetMaxRows, partial results on timeout)
caught; unreachable endpoints and timeouts as one-line errors."""

from __future__ import annotations

import functools
import json

import pytest
from conftest import ROOT
from deep_graph import DEEP_QUESTIONS
from live_servers import free_port as closed_port
from rdflib import Literal, URIRef
from result_rows import assert_same_rows
from two_sources import TWO_SOURCE_QUESTIONS

from kg.errors import KgError
from kg.remote import Connection, Credentials

SAVED_QUERIES = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
GRAPH_IRI = "https://w3id.org/yubei-kg/graph/test"
DEEP_GRAPH_IRI = "https://w3id.org/yubei-kg/graph/test-deep"
TWO_SOURCES_GRAPH_IRI = "https://w3id.org/yubei-kg/graph/test-two-sources"
EVERY_TRIPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
# two copies of the graph joined, filtered on text: many seconds of work for any engine
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) < STR(?f)) }"
# three copies joined: no engine finishes it
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def push(graph, endpoint: str, connection: Connection, method: str = "graph-store", graph_iri: str = GRAPH_IRI) -> None:
    from kg.push import PushTarget, push_graph

    push_graph(graph, PushTarget(endpoint, graph_iri, connection), method)


@pytest.fixture(scope="module")
def oxigraph_store(graph, oxigraph_server):
    from kg.stores import open_store

    push(graph, f"{oxigraph_server.url}/store", Connection())
    store = open_store(f"sparql+{oxigraph_server.url}/query", graph_iri=GRAPH_IRI)
    yield store
    store.close()


def virtuoso_connection(server, timeout: float = 60) -> Connection:
    return Connection(Credentials(server.user, server.password), timeout)


@pytest.fixture(scope="module")
def virtuoso_store(graph, virtuoso_server):
    from kg.stores import open_store

    # SPARQL Update, as docs/endpoint.md advises for Virtuoso: after a Graph Store load, `about`
    # once found nothing in a CI run (not reproduced since)
    push(graph, f"{virtuoso_server.url}/sparql-auth", virtuoso_connection(virtuoso_server), "update")
    # the authenticated endpoint, so queries answer the Digest challenge too
    store = open_store(f"sparql+{virtuoso_server.url}/sparql-auth", graph_iri=GRAPH_IRI,
                       connection=virtuoso_connection(virtuoso_server))
    yield store
    store.close()


@pytest.fixture(scope="module")
def deep():
    """tests/deep_graph.py: chains deeper than the article's, locally and on each server."""
    from deep_graph import deep_graph

    from kg.ontology import read_ontology_graph

    return deep_graph(read_ontology_graph(ROOT / "ontology"))


@pytest.fixture(scope="module")
def deep_local(deep):
    from kg.stores.oxigraph import oxigraph_copy

    return oxigraph_copy(deep)


def _on_servers(graph, graph_iri: str, oxigraph_server, virtuoso_server) -> dict:
    """`graph` pushed to the Oxigraph server and to Virtuoso in `graph_iri`, and a sparql+ store on each."""
    from kg.stores import open_store

    push(graph, f"{oxigraph_server.url}/store", Connection(), graph_iri=graph_iri)
    push(graph, f"{virtuoso_server.url}/sparql-auth", virtuoso_connection(virtuoso_server), "update",
         graph_iri=graph_iri)
    return {
        "Oxigraph server": open_store(f"sparql+{oxigraph_server.url}/query", graph_iri=graph_iri),
        "Virtuoso": open_store(f"sparql+{virtuoso_server.url}/sparql-auth", graph_iri=graph_iri,
                               connection=virtuoso_connection(virtuoso_server)),
    }


@pytest.fixture(scope="module")
def deep_remote(deep, oxigraph_server, virtuoso_server):
    stores = _on_servers(deep, DEEP_GRAPH_IRI, oxigraph_server, virtuoso_server)
    yield stores
    for store in stores.values():
        store.close()


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory, oxigraph_server, virtuoso_server):
    """tests/two_sources.py: figures two sources disagree on, locally and on each server."""
    from two_sources import two_source_graph

    from kg.stores.oxigraph import oxigraph_copy

    graph = two_source_graph(tmp_path_factory.mktemp("two-sources"))
    stores = {"local": oxigraph_copy(graph),
              **_on_servers(graph, TWO_SOURCES_GRAPH_IRI, oxigraph_server, virtuoso_server)}
    yield stores
    for store in stores.values():
        store.close()


def same_as_locally(catalogue, local_store, remote_store, name: str, where: str, params=None) -> None:
    from kg.query import run_query

    saved = catalogue[name]
    languages = ("zh", "en") if saved.parameter("lang") else (None,)
    for lang in languages:
        expected = run_query(saved, params, store=local_store, lang=lang)
        ask = functools.partial(run_query, saved, params, store=remote_store, lang=lang)
        what = f"{name} {params or ''} {lang or ''} on {where}"
        actual = _asked_again_if_different(expected, ask, saved.text, what) if where == "Virtuoso" else ask()
        assert_same_rows(expected, actual, saved.text, what)


def _asked_again_if_different(expected, ask, text: str, what: str):
    """Virtuoso's answer, asked once more after a pause when it differs. Three times in CI an
    answer lacked rows (`about` as the first query after a load, twice; `fastest-growing` in
    the middle of the run, once, and the next ask had them), never reproduced by hand: a difference
    that lasts fails the test; one that goes away is a warning, so it stays visible."""
    import time
    import warnings

    actual = ask()
    try:
        assert_same_rows(expected, actual, text, what)
    except AssertionError as first:
        time.sleep(2)
        again = ask()
        assert_same_rows(expected, again, text, what)
        warnings.warn(f"Virtuoso answered differently at first, then as expected: {first}", stacklevel=2)
        return again
    return actual


# --- every saved query, the same rows ----------------------------------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("name", SAVED_QUERIES)
def test_every_saved_query_gives_the_same_rows_on_oxigraph_server(catalogue, local_store, oxigraph_store, name):
    same_as_locally(catalogue, local_store, oxigraph_store, name, "Oxigraph server")


@pytest.mark.integration
@pytest.mark.parametrize("name", SAVED_QUERIES)
def test_every_saved_query_gives_the_same_rows_on_virtuoso(catalogue, local_store, virtuoso_store, name):
    same_as_locally(catalogue, local_store, virtuoso_store, name, "Virtuoso")


@pytest.mark.integration
@pytest.mark.parametrize(("name", "params"), DEEP_QUESTIONS,
                         ids=[f"{name}-{'-'.join(params.values())}" for name, params in DEEP_QUESTIONS])
@pytest.mark.parametrize("where", ["Oxigraph server", "Virtuoso"])
def test_transitive_saved_queries_follow_deep_chains_on_each_server(catalogue, deep_local, deep_remote, name, params,
                                                                    where):
    same_as_locally(catalogue, deep_local, deep_remote[where], name, where, params)


@pytest.mark.integration
@pytest.mark.parametrize(("name", "params"), TWO_SOURCE_QUESTIONS, ids=[name for name, _ in TWO_SOURCE_QUESTIONS])
@pytest.mark.parametrize("where", ["Oxigraph server", "Virtuoso"])
def test_saved_queries_comparing_sources_give_the_same_rows_on_each_server(catalogue, two_sources, name, params,
                                                                         where):
    from kg.query import run_query

    assert len(run_query(name, params, store=two_sources["local"])) > 0  # the graph has what they look for
    same_as_locally(catalogue, two_sources["local"], two_sources[where], name, where, params)


@pytest.mark.integration
def test_kg_query_with_endpoint_on_oxigraph_server(kg, oxigraph_store, oxigraph_server, local_store):
    from kg.query import run_query

    result = kg("query", "chain-leaders", "--endpoint", f"{oxigraph_server.url}/query", "--graph-iri", GRAPH_IRI,
                "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert len(rows) == len(run_query("chain-leaders", store=local_store)) > 0


@pytest.mark.integration
def test_kg_query_with_endpoint_and_digest_auth_on_virtuoso(kg, virtuoso_store, virtuoso_server, local_store):
    from kg.query import run_query

    result = kg("query", "chain-leaders", "--endpoint", f"{virtuoso_server.url}/sparql-auth", "--graph-iri",
                GRAPH_IRI, "--user", virtuoso_server.user, "--format", "csv",
                env={"KG_ENDPOINT_PASSWORD": virtuoso_server.password})
    assert result.returncode == 0, result.stderr
    assert virtuoso_server.password not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) - 1 == len(run_query("chain-leaders", store=local_store)) > 0


@pytest.mark.integration
# the store comes from request.getfixturevalue, which the live-servers grouping of conftest.py does not see
@pytest.mark.xdist_group("live-servers")
@pytest.mark.parametrize("server_name", ["oxigraph", "virtuoso"])
def test_parameters_reach_the_endpoint_as_terms_not_as_text(request, server_name):
    store = request.getfixturevalue(f"{server_name}_store")
    hostile = Literal('"} } ; DROP ALL ; SELECT * { ?s ?p ?o } #\n渝北 \\ \'', lang="zh")
    result = store.query("SELECT ?x WHERE { BIND(?v AS ?x) }", bindings={"v": hostile})
    [row] = result.rows
    assert str(row["x"]) == str(hostile)
    assert row["x"].language.lower() == "zh"
    iri = store.query("SELECT ?x WHERE { BIND(?v AS ?x) }", bindings={"v": URIRef("https://w3id.org/yubei-kg/id/a")})
    assert iri.rows == [{"x": URIRef("https://w3id.org/yubei-kg/id/a")}]


@pytest.mark.integration
# the store comes from request.getfixturevalue, which the live-servers grouping of conftest.py does not see
@pytest.mark.xdist_group("live-servers")
@pytest.mark.parametrize("server_name", ["oxigraph", "virtuoso"])
def test_a_relative_iri_means_on_the_endpoint_what_it_means_locally(request, server_name, local_store):
    store = request.getfixturevalue(f"{server_name}_store")
    query = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT ?entity ?label WHERE { BIND(<changan> AS ?entity) ?entity rdfs:label ?label }")
    expected = local_store.query(query)
    assert sorted(str(row["label"]) for row in expected.rows) == ["Changan Automobile", "长安汽车"]
    assert_same_rows(expected, store.query(query), query, server_name)


# --- what Virtuoso cuts without saying so in the body ----------------------------------------------

@pytest.mark.integration
def test_a_result_cut_at_resultsetmaxrows_is_an_error(virtuoso_store, virtuoso_server):
    with pytest.raises(KgError, match="cut the result at 5000 rows"):
        virtuoso_store.query(EVERY_TRIPLE)


@pytest.mark.integration
def test_a_result_cut_is_a_one_line_error_in_the_cli(kg, virtuoso_store, virtuoso_server):
    result = kg("query", EVERY_TRIPLE, "--endpoint", f"{virtuoso_server.url}/sparql", "--graph-iri", GRAPH_IRI)
    assert result.returncode == 2
    assert result.stderr.startswith("error: --endpoint: the endpoint cut the result at")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.integration
def test_partial_results_after_a_virtuoso_timeout_are_an_error(virtuoso_server, virtuoso_store):
    from kg.stores import open_store

    hurried = open_store(f"sparql+{virtuoso_server.url}/sparql-auth", graph_iri=GRAPH_IRI,
                         connection=virtuoso_connection(virtuoso_server, timeout=1))
    with pytest.raises(KgError, match=r"ran out of time .* partial results"):
        hurried.query(SLOW)


@pytest.mark.integration
def test_a_timed_out_query_on_oxigraph_server_is_a_one_line_error(kg, oxigraph_store, oxigraph_server):
    result = kg("query", ENDLESS, "--endpoint", f"{oxigraph_server.url}/query", "--graph-iri", GRAPH_IRI,
                "--timeout", "1")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --endpoint: 127.0.0.1:")
    assert "gave no answer within 4 s (--timeout 1" in result.stderr
    assert result.stderr.count("\n") == 1


# --- before any request ----------------------------------------------------------------------------

def test_an_unreachable_endpoint_is_a_one_line_error(kg):
    result = kg("query", "chain-leaders", "--endpoint", f"http://127.0.0.1:{closed_port()}/sparql")
    assert result.returncode == 2
    assert "connection refused" in result.stderr
    assert result.stderr.count("\n") == 1


def test_plain_http_to_another_host_is_refused_for_queries(kg):
    result = kg("query", "chain-leaders", "--endpoint", "http://example.org/sparql")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --endpoint: plain HTTP to example.org")


def test_remote_options_without_an_endpoint_are_an_error(kg):
    result = kg("query", "chain-leaders", "--graph-iri", GRAPH_IRI)
    assert result.returncode == 2
    assert result.stderr.startswith("error: --graph-iri: only applies to a remote endpoint")


def test_updates_are_refused_before_reaching_an_endpoint(kg):
    result = kg("query", "DROP ALL", "--endpoint", f"http://127.0.0.1:{closed_port()}/sparql")
    assert result.returncode == 2
    assert "refused" in result.stderr
    assert "connection refused" not in result.stderr

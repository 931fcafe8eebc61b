"""kg serve as SPARQL clients see it: a real server on a free loopback port, SPARQLWrapper as the client."""

from __future__ import annotations

import csv
import io
import json
import socket
import urllib.error

import httpx
import pytest
from conftest import ROOT, start_kg_serve
from rdflib import Graph
from rdflib.compare import isomorphic
from result_rows import assert_same_rows
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.stores.sparql import server_message

SAVED_QUERIES = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
COMPANIES = """PREFIX kg: <https://w3id.org/yubei-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?company ?label WHERE { ?company a kg:Company ; rdfs:label ?label } ORDER BY ?company ?label"""
CHANGAN = """PREFIX yb: <https://w3id.org/yubei-kg/id/>
CONSTRUCT { yb:changan ?p ?o } WHERE { yb:changan ?p ?o }"""
# three copies of every triple joined: no engine finishes this in seconds
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def client(server, query: str, return_format=JSON, method=POST) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(server.sparql)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(return_format)
    wrapper.setMethod(method)
    wrapper.setTimeout(60)
    return wrapper


def status_of(wrapper: SPARQLWrapper) -> int:
    """The HTTP status an error answer carries (SPARQLWrapper raises on each)."""
    try:
        wrapper.query().response.read()
    except urllib.error.HTTPError as error:
        return error.code
    except QueryBadFormed:
        return 400
    return 200


def rows_from_json(body: bytes):
    from kg.stores.sparql import parse_results_json

    return parse_results_json(body)


# --- every saved query, as locally ---------------------------------------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("name", SAVED_QUERIES)
def test_every_saved_query_gives_the_same_rows_as_locally(kg_server, catalogue, local_store, name):
    from kg.serve.app import example

    saved = catalogue[name]
    sparql = example(saved, {})["sparql"]  # the text the page shows: parameters bound to their defaults
    expected = local_store.query(saved.text, bindings=_defaults(saved))
    if expected.kind == "graph":
        answer = client(kg_server, sparql, TURTLE).query()
        graph = Graph().parse(data=answer.response.read(), format="turtle")
        assert isomorphic(graph, expected.graph)
        return
    body = client(kg_server, sparql).query().response.read()
    assert_same_rows(expected, rows_from_json(body), saved.text, f"{name} through kg serve")


def _defaults(saved) -> dict:
    from kg.parameters import bind_parameters

    return bind_parameters(saved.parameters, {})


# --- the protocol: methods, encodings, formats -------------------------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("method, request_method", [("GET", None), ("POST", None), ("POST", POSTDIRECTLY)],
                         ids=["get", "post-urlencoded", "post-sparql-query"])
def test_get_and_both_post_encodings_give_the_same_rows(kg_server, local_store, method, request_method):
    wrapper = client(kg_server, COMPANIES, JSON, method)
    if request_method:
        wrapper.setRequestMethod(request_method)
    rows = rows_from_json(wrapper.query().response.read())
    assert_same_rows(local_store.query(COMPANIES), rows, COMPANIES, method)
    assert len(rows) > 10


@pytest.mark.integration
def test_select_comes_as_xml_csv_and_tsv_with_the_same_rows(kg_server, local_store):
    expected = local_store.query(COMPANIES)
    xml = client(kg_server, COMPANIES, XML).query()
    assert xml.info()["content-type"].startswith("application/sparql-results+xml")
    assert len(xml.convert().getElementsByTagName("result")) == len(expected)
    csv_answer = client(kg_server, COMPANIES, CSV).query()
    assert csv_answer.info()["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(csv_answer.response.read().decode("utf-8"))))
    assert table[0] == ["company", "label"]
    assert sorted(tuple(row) for row in table[1:]) == sorted(
        (str(row["company"]), str(row["label"])) for row in expected.rows)
    tsv_answer = client(kg_server, COMPANIES, TSV).query()
    assert tsv_answer.info()["content-type"].startswith("text/tab-separated-values")
    lines = tsv_answer.response.read().decode("utf-8").splitlines()
    assert lines[0] == "?company\t?label"
    assert len(lines) == len(expected) + 1


@pytest.mark.integration
@pytest.mark.parametrize("return_format, accept, rdf_format", [
    (TURTLE, None, "TURTLE"), (JSONLD, None, "JSON_LD"), (TURTLE, "application/n-triples", "N_TRIPLES")],
    ids=["turtle", "jsonld", "ntriples"])
def test_construct_comes_as_turtle_ntriples_and_jsonld(kg_server, local_store, return_format, accept, rdf_format):
    import pyoxigraph

    from kg.rdfio import add_quads

    wrapper = client(kg_server, CHANGAN, return_format)
    if accept:
        wrapper.addCustomHttpHeader("Accept", accept)
    answer = wrapper.query()
    graph = Graph()
    add_quads(graph, pyoxigraph.parse(answer.response.read(), format=getattr(pyoxigraph.RdfFormat, rdf_format)))
    expected = local_store.query(CHANGAN).graph
    assert len(graph) == len(expected) > 5
    assert isomorphic(graph, expected)


@pytest.mark.integration
def test_ask_answers_a_boolean(kg_server):
    answer = client(kg_server, "PREFIX yb: <https://w3id.org/yubei-kg/id/> ASK { yb:changan ?p ?o }").query()
    assert answer.convert() == {"head": {}, "boolean": True}


@pytest.mark.integration
def test_a_format_the_endpoint_cannot_give_is_406(kg_server):
    wrapper = client(kg_server, COMPANIES)
    wrapper.addCustomHttpHeader("Accept", "image/png")
    assert status_of(wrapper) == 406
    graph_as_table = client(kg_server, CHANGAN, TURTLE)
    graph_as_table.addCustomHttpHeader("Accept", "text/csv")
    assert status_of(graph_as_table) == 406


# --- what is refused --------------------------------------------------------------------------

@pytest.mark.integration
def test_a_malformed_query_is_400_with_the_parsers_message(kg_server):
    with pytest.raises(QueryBadFormed) as caught:
        client(kg_server, "SELECT ?x WHERE { ?x ?y }").query()
    message = server_message(caught.value)
    assert "malformed query" in message
    assert "1:" in message


@pytest.mark.integration
@pytest.mark.parametrize("query, reason", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", "update"),
], ids=["service", "remote-from", "load", "update-as-query"])
def test_queries_that_would_reach_out_or_write_are_400(kg_server, query, reason):
    wrapper = client(kg_server, query)
    wrapper.queryType = "SELECT"  # sent as a query, whatever its first keyword
    with pytest.raises(QueryBadFormed) as caught:
        wrapper.query()
    message = server_message(caught.value)
    assert reason in message and "refused" in message


@pytest.mark.integration
@pytest.mark.parametrize("request_method", [None, POSTDIRECTLY], ids=["update-form", "sparql-update-body"])
def test_updates_are_refused(kg_server, request_method):
    wrapper = SPARQLWrapper(kg_server.sparql, updateEndpoint=kg_server.sparql)
    wrapper.setMethod(POST)
    wrapper.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }")
    if request_method:
        wrapper.setRequestMethod(request_method)
    assert wrapper.isSparqlUpdateRequest()
    assert status_of(wrapper) == 403
    still = rows_from_json(client(kg_server, "ASK { <http://example.org/a> ?p ?o }").query().response.read())
    assert still.boolean is False


@pytest.mark.integration
def test_a_request_body_over_the_limit_is_413(kg_server):
    padding = "#" + "x" * 250_000 + "\n"
    assert status_of(client(kg_server, padding + COMPANIES)) == 413


@pytest.mark.integration
def test_a_result_over_the_cap_is_refused_not_cut(kg_server):
    wrapper = client(kg_server, "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(urllib.error.HTTPError) as caught:
        wrapper.query()
    assert caught.value.code == 422
    assert "--max-rows 5,000" in caught.value.read().decode("utf-8")


@pytest.mark.integration
def test_a_query_over_the_timeout_is_503_and_the_server_keeps_serving(kg_server, local_store):
    with pytest.raises(urllib.error.HTTPError) as caught:
        client(kg_server, ENDLESS).query()
    assert caught.value.code == 503
    assert "longer than 5 s" in caught.value.read().decode("utf-8")
    rows = rows_from_json(client(kg_server, COMPANIES).query().response.read())
    assert_same_rows(local_store.query(COMPANIES), rows, COMPANIES, "after a timeout")


@pytest.mark.integration
def test_dataset_parameters_are_refused(kg_server):
    wrapper = client(kg_server, COMPANIES)
    wrapper.addDefaultGraph("http://example.org/other")
    assert status_of(wrapper) == 400


@pytest.mark.integration
def test_kg_query_with_endpoint_reads_kg_serve(kg, kg_server, local_store):
    from kg.query import run_query

    result = kg("query", "chain-leaders", "--endpoint", kg_server.sparql, "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert len(rows) == len(run_query("chain-leaders", store=local_store)) > 0


@pytest.mark.integration
def test_kg_query_with_endpoint_shows_why_kg_serve_refused(kg, kg_server):
    result = kg("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", kg_server.sparql)
    assert result.returncode == 2
    assert "answered 422" in result.stderr and "--max-rows 5,000" in result.stderr
    assert result.stderr.count("\n") == 1


# --- the network edges ------------------------------------------------------------------------

@pytest.mark.integration
def test_cors_headers_only_for_the_origins_allowed(kg_server):
    query = {"query": "ASK {}"}
    allowed = httpx.get(kg_server.sparql, params=query, headers={"Origin": "http://allowed.test"})
    other = httpx.get(kg_server.sparql, params=query, headers={"Origin": "http://elsewhere.test"})
    assert allowed.headers.get("access-control-allow-origin") == "http://allowed.test"
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.integration
def test_another_host_name_is_refused(kg_server):
    # a page elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding) gets nothing
    answer = httpx.get(kg_server.sparql, params={"query": "ASK {}"}, headers={"Host": "attacker.example"})
    assert answer.status_code == 400


@pytest.mark.integration
@pytest.mark.parametrize("host", ["::1", "127.0.0.2", "127.1"])
def test_another_host_name_is_refused_on_every_loopback_address(graph_file, tmp_path, host):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family) as probe:
            probe.bind((host, 0))
    except OSError:
        pytest.skip(f"this machine cannot listen on {host}")
    served = start_kg_serve(graph_file, tmp_path / "serve.log", "--host", host, "--workers", "1")
    try:
        query = {"query": "ASK {}"}
        # the Host the server's own URL gives (IPv6 in brackets), then a rebinding page's name
        assert httpx.get(served.sparql, params=query).status_code == 200
        assert httpx.get(served.sparql, params=query, headers={"Host": "attacker.example"}).status_code == 400
    finally:
        served.stop()


@pytest.mark.integration
def test_defaults_listen_on_loopback_without_cors(graph_file, tmp_path):
    served = start_kg_serve(graph_file, tmp_path / "serve.log", "--workers", "1")
    try:
        assert served.url.startswith("http://127.0.0.1:")
        answer = httpx.get(served.sparql, params={"query": "ASK {}"}, headers={"Origin": "http://allowed.test"})
        assert answer.status_code == 200
        assert json.loads(answer.text) == {"head": {}, "boolean": True}
        assert not any(name.startswith("access-control-") for name in answer.headers)
    finally:
        served.stop()


@pytest.mark.integration
def test_kg_serve_answers_from_the_new_graph_after_kg_load(kg, graph_file, tmp_path):
    store = f"oxigraph:{tmp_path / 'store'}"
    assert kg("load", str(graph_file), "--store", store).returncode == 0
    served = start_kg_serve(None, tmp_path / "serve.log", "--store", store, "--workers", "1")

    def triples() -> int:
        answer = httpx.get(served.sparql, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                           headers={"Accept": "application/sparql-results+json"})
        return int(json.loads(answer.text)["results"]["bindings"][0]["n"]["value"])

    try:
        before = triples()
        added = tmp_path / "added.nt"
        added.write_text('<https://w3id.org/yubei-kg/id/new> <http://www.w3.org/2000/01/rdf-schema#label> "新"@zh .\n',
                         encoding="utf-8")
        assert kg("load", str(added), "--store", store).returncode == 0
        assert triples() == before + 1  # no restart
    finally:
        served.stop()


def test_a_busy_port_is_a_one_line_error(kg, graph_file):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = kg("serve", "--port", str(port), "--graph", str(graph_file))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: --port: cannot listen on 127.0.0.1:{port}")
    assert result.stderr.count("\n") == 1


def test_a_broken_graph_file_is_a_one_line_error_before_serving(kg, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = kg("serve", "--port", "0", "--graph", str(broken))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {broken}:2")
    assert result.stderr.count("\n") == 1
    assert "serving" not in result.stdout


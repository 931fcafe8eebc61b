"""kg push: chunking, the checks made before any request, and real pushes to Oxigraph server and Virtuoso."""

from __future__ import annotations

import httpx
import pytest
from live_servers import free_port as closed_port
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import KgError
from kg.push import ntriples_chunks

EX = "http://example.org/"


def small_graph(n: int, prefix: str = "s") -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add((URIRef(f"{EX}{prefix}{i:05d}"), URIRef(f"{EX}p"), Literal(f"值 {i}", lang="zh")))
    return graph


def graph_with_blank_nodes() -> Graph:
    graph = small_graph(10)
    a, b = BNode(), BNode()
    graph.add((URIRef(f"{EX}x"), URIRef(f"{EX}q"), a))
    graph.add((a, URIRef(f"{EX}q"), b))
    graph.add((b, URIRef(f"{EX}v"), Literal(1)))
    graph.add((a, URIRef(f"{EX}v"), Literal(2)))
    return graph


# --- chunks -----------------------------------------------------------------------------------

def test_triples_sharing_blank_nodes_travel_in_one_chunk():
    chunks = ntriples_chunks(graph_with_blank_nodes(), 2)
    holding_blanks = [chunk for chunk in chunks if any("_:" in line for line in chunk)]
    assert len(holding_blanks) == 1
    assert sum("_:" in line for line in holding_blanks[0]) == 4


def test_chunks_hold_every_triple_once_and_at_most_the_chunk_size():
    graph = small_graph(25)
    chunks = ntriples_chunks(graph, 10)
    assert [len(chunk) for chunk in chunks] == [10, 10, 5]
    lines = [line for chunk in chunks for line in chunk]
    assert len(set(lines)) == 25
    assert lines == sorted(lines)


def test_chunks_are_the_same_for_the_same_graph():
    assert ntriples_chunks(graph_with_blank_nodes(), 3) == ntriples_chunks(graph_with_blank_nodes(), 3)


def test_an_iri_the_stores_would_refuse_is_an_error_before_any_request():
    graph = Graph()
    graph.add((URIRef("http://example.org/a b"), URIRef(f"{EX}p"), Literal("x")))
    with pytest.raises(KgError, match=r"cannot be sent.*http://example\.org/a b"):
        ntriples_chunks(graph, 10)


# --- checks before any request ------------------------------------------------------------------

@pytest.mark.parametrize(("host", "loopback"), [
    ("localhost", True), ("ip6-localhost", True), ("127.0.0.2", True), ("127.1", True), ("2130706433", True),
    ("::1", True), ("[::1]", True), ("::ffff:127.0.0.1", True),
    ("example.org", False), ("10.0.0.1", False), ("::ffff:10.0.0.1", False), ("0.0.0.0", False),
    ("127.0.0.1.nip.io", False), ("127.0.0.1 x", False),
])
def test_every_spelling_of_a_loopback_address_counts_as_loopback(host, loopback):
    from kg.remote import is_loopback

    assert is_loopback(host) is loopback


def test_plain_http_to_another_host_is_refused_without_insecure(kg):
    result = kg("push", "--endpoint", "http://example.org/store")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --endpoint: plain HTTP to example.org")
    assert "--insecure" in result.stderr


def test_credentials_inside_the_url_are_refused(kg):
    result = kg("push", "--endpoint", "https://dba:secret@example.org/store")
    assert result.returncode == 2
    assert "credentials inside the URL" in result.stderr
    assert "secret" not in result.stderr


def test_a_user_without_a_password_in_the_environment_is_an_error(kg):
    result = kg("push", "--endpoint", f"http://127.0.0.1:{closed_port()}/store", "--user", "dba",
                env={"KG_ENDPOINT_PASSWORD": ""})
    assert result.returncode == 2
    assert "set the environment variable KG_ENDPOINT_PASSWORD" in result.stderr


def test_graph_iri_must_be_absolute(kg):
    result = kg("push", "--endpoint", f"http://127.0.0.1:{closed_port()}/store", "--graph-iri", "yubei graph")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --graph-iri: not an absolute IRI")


def test_unreachable_endpoint_is_one_line_saying_the_graph_is_unchanged(kg):
    result = kg("push", "--endpoint", f"http://127.0.0.1:{closed_port()}/store")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "connection refused" in result.stderr
    assert "is as it was before" in result.stderr
    assert "Traceback" not in result.stderr


# --- real stores ------------------------------------------------------------------------------

def remote_graph(url: str, graph_iri: str) -> Graph:
    """The named graph as the store gives it back (Graph Store Protocol GET)."""
    response = httpx.get(url, params={"graph": graph_iri}, headers={"Accept": "application/n-triples"}, timeout=60)
    if response.status_code == 404:
        return Graph()
    response.raise_for_status()
    graph = Graph()
    content_type = response.headers.get("content-type", "").split(";")[0]
    graph.parse(data=response.text, format="nt" if "n-triples" in content_type or content_type == "text/plain"
                else "turtle")
    return graph


def virtuoso_count(server, graph_iri: str) -> int:
    """Triples in a named graph of Virtuoso: counted by SPARQL, since its Graph Store GET, like its
    SELECT, stops at ResultSetMaxRows."""
    response = httpx.get(f"{server.url}/sparql", timeout=60, headers={"Accept": "application/sparql-results+json"},
                         params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{graph_iri}> WHERE {{ ?s ?p ?o }}"})
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def virtuoso_env(server) -> dict[str, str]:
    return {"KG_ENDPOINT_PASSWORD": server.password}


@pytest.mark.integration
def test_push_replaces_the_named_graph_on_oxigraph(kg, tmp_path, oxigraph_server):
    store, graph_iri = f"{oxigraph_server.url}/store", f"{EX}graph/replaced"
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    small_graph(30, "old").serialize(first, format="turtle")
    graph_with_blank_nodes().serialize(second, format="turtle")
    assert kg("push", "--graph", str(first), "--endpoint", store, "--graph-iri", graph_iri).returncode == 0
    result = kg("push", "--graph", str(second), "--endpoint", store, "--graph-iri", graph_iri)
    assert result.returncode == 0, result.stderr
    assert "with 14 triples" in result.stdout
    assert isomorphic(remote_graph(store, graph_iri), graph_with_blank_nodes())


@pytest.mark.integration
@pytest.mark.parametrize("method, path", [("graph-store", "/store"), ("update", "/update")])
def test_chunked_push_gives_the_same_graph_on_oxigraph(kg, tmp_path, oxigraph_server, method, path):
    graph = graph_with_blank_nodes() + small_graph(40, "more")
    source, graph_iri = tmp_path / "g.ttl", f"{EX}graph/chunked-{method}"
    graph.serialize(source, format="turtle")
    result = kg("push", "--graph", str(source), "--endpoint", oxigraph_server.url + path, "--graph-iri", graph_iri,
                "--method", method, "--chunk-triples", "7")
    assert result.returncode == 0, result.stderr
    assert "(update, 8 requests)" in result.stdout or "(graph-store, 8 requests)" in result.stdout
    assert isomorphic(remote_graph(f"{oxigraph_server.url}/store", graph_iri), graph)


@pytest.mark.integration
def test_push_the_yubei_graph_to_virtuoso_with_digest_auth(kg, graph, virtuoso_server):
    crud, graph_iri = f"{virtuoso_server.url}/sparql-graph-crud-auth", f"{EX}graph/yubei-digest"
    result = kg("push", "--endpoint", crud, "--user", virtuoso_server.user, "--graph-iri", graph_iri,
                env=virtuoso_env(virtuoso_server))
    assert result.returncode == 0, result.stderr
    assert f"with {len(graph):,} triples" in result.stdout
    assert virtuoso_count(virtuoso_server, graph_iri) == len(graph)


@pytest.mark.integration
def test_a_wrong_password_is_refused_without_showing_it(kg, virtuoso_server):
    result = kg("push", "--endpoint", f"{virtuoso_server.url}/sparql-graph-crud-auth", "--user", "dba",
                "--graph-iri", f"{EX}graph/never", env={"KG_ENDPOINT_PASSWORD": "not-the-password-42"})
    assert result.returncode == 2
    assert "401 Unauthorized" in result.stderr
    assert "not-the-password-42" not in result.stderr + result.stdout


@pytest.mark.integration
def test_without_a_user_virtuoso_asks_for_one(kg, virtuoso_server):
    result = kg("push", "--endpoint", f"{virtuoso_server.url}/sparql-graph-crud-auth", "--graph-iri",
                f"{EX}graph/never", env={"KG_ENDPOINT_USER": ""})
    assert result.returncode == 2
    assert "the server asks for a password: pass --user" in result.stderr


@pytest.mark.integration
def test_a_store_failing_halfway_is_reported_with_what_the_graph_holds(kg, tmp_path, virtuoso_server):
    # Virtuoso refuses an INSERT DATA of a few thousand triples; triples around one blank node
    # must travel together, so the second request is too large for it while the first succeeds
    graph = small_graph(50)
    hub = BNode()
    for i in range(3000):
        graph.add((hub, URIRef(f"{EX}member"), Literal(i)))
    source, graph_iri = tmp_path / "g.nt", f"{EX}graph/halfway"
    graph.serialize(source, format="nt", encoding="utf-8")
    result = kg("push", "--graph", str(source), "--endpoint", f"{virtuoso_server.url}/sparql-auth",
                "--method", "update", "--chunk-triples", "50", "--user", "dba", "--graph-iri", graph_iri,
                env=virtuoso_env(virtuoso_server))
    assert result.returncode == 2
    assert "request 2 of 2 failed" in result.stderr
    assert f"<{graph_iri}> is INCOMPLETE: it holds the first 50 of 3,050 triples; push again" in result.stderr
    assert virtuoso_count(virtuoso_server, graph_iri) == 50

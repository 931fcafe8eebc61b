"""Stores chosen by name: memory, oxigraph, oxigraph:PATH; what they hold, FROM, timeouts."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.query import run_query
from kg.stores import STORES, open_store, parse_spec, register_store
from kg.stores.base import QueryTimeout, Store
from tests.conftest import run_kg
from tests.rows import comparable

SMALL = """@prefix e: <http://example.org/> .
e:a e:knows e:b .
e:b e:knows e:c .
e:c e:name "丙"@zh .
"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def persistent_store(tmp_path_factory, graph):
    """A pyoxigraph store on disk holding the Yubei graph, plus one named graph."""
    import pyoxigraph

    from kg.export import serialize

    folder = tmp_path_factory.mktemp("stores")
    data = folder / "yubei.nt"
    data.write_bytes(serialize(graph, "nt"))
    store = pyoxigraph.Store(str(folder / "store"))
    store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://example.org/a"), pyoxigraph.NamedNode("http://example.org/p"),
                              pyoxigraph.Literal("in a named graph"), pyoxigraph.NamedNode("http://example.org/g")))
    store.flush()
    del store  # a store on disk is closed when its last reference goes
    return folder / "store"


def test_specs_name_a_backend_and_its_argument():
    assert parse_spec("memory") == ("memory", None)
    assert parse_spec("oxigraph:/data/kg store") == ("oxigraph", "/data/kg store")
    assert parse_spec("sparql+https://example.org/sparql") == ("sparql", "https://example.org/sparql")


def test_unknown_store_is_refused_with_close_matches():
    with pytest.raises(KgError) as caught:
        open_store("oxigraf")
    assert caught.value.where == "--store" and "did you mean oxigraph" in caught.value.message


def test_a_backend_can_be_registered_by_name(small_file):
    from kg.stores.memory import open_memory_store

    register_store("scratch", open_memory_store)
    try:
        store = open_store("scratch", graph_files=[small_file])
        assert run_query(COUNT, store=store).to_python() == [{"n": 3}]
    finally:
        del STORES["scratch"]


@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_local_store_reads_graph_files_and_follows_the_protocol(spec, small_file):
    store = open_store(spec, graph_files=[small_file])
    assert isinstance(store, Store)
    assert run_query(COUNT, store=store).to_python() == [{"n": 3}]
    assert len(store.rdflib_graph()) == 3
    store.close()


@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_broken_graph_file_is_an_error_at_its_line(spec, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix e: <http://example.org/> .\ne:a e:b .\n", encoding="utf-8")
    with pytest.raises(KgError) as caught:
        open_store(spec, graph_files=[broken])
    assert caught.value.where.startswith(f"{broken}:2")


def test_oxigraph_store_without_files_holds_the_graph_built_from_data(copy_project, graph):
    store = open_store("oxigraph", project=copy_project)  # nothing built yet: built in memory
    assert run_query(COUNT, store=store).to_python() == [{"n": len(graph)}]


def test_persistent_store_gives_the_same_rows_as_memory(persistent_store, graph):
    from kg.stores.memory import MemoryStore

    on_disk = open_store(f"oxigraph:{persistent_store}")
    for name in ("chain-leaders", "compared-with-city", "neighbourhood"):
        assert comparable(run_query(name, store=on_disk)) == comparable(run_query(name, store=MemoryStore(graph)))
    on_disk.close()


def test_persistent_store_lets_from_name_its_own_graphs_only(persistent_store):
    store = open_store(f"oxigraph:{persistent_store}")
    rows = run_query("SELECT ?o FROM <http://example.org/g> WHERE { ?s ?p ?o }", store=store).to_python()
    assert rows == [{"o": "in a named graph"}]
    with pytest.raises(KgError) as caught:
        run_query("SELECT ?o FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }", store=store)
    assert "this store holds: http://example.org/g" in caught.value.message
    store.close()


def test_persistent_store_is_not_filled_by_a_query(persistent_store, small_file, tmp_path):
    with pytest.raises(KgError) as caught:
        open_store(f"oxigraph:{persistent_store}", graph_files=[small_file])
    assert caught.value.where == "--graph"
    with pytest.raises(KgError) as caught:
        open_store(f"oxigraph:{tmp_path / 'nothing-here'}")
    assert "no Oxigraph store here" in caught.value.message


def test_kg_query_runs_on_a_persistent_store(persistent_store):
    result = run_kg("query", "upstream-of", "--store", f"oxigraph:{persistent_store}", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "https://w3id.org/yubei-kg/id/bdstar,北斗星通,,",
        "https://w3id.org/yubei-kg/id/catl-changan,时代长安动力电池有限公司,https://w3id.org/yubei-kg/id/traction-battery,"
        "动力电池",
    ]


CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_a_query_past_its_timeout_is_stopped_and_the_store_keeps_working(spec, graph):
    import pyoxigraph

    from kg.rdfio import to_oxigraph_term
    from kg.stores.memory import MemoryStore
    from kg.stores.oxigraph import OxigraphStore

    if spec == "memory":
        store = MemoryStore(graph)
    else:
        oxigraph = pyoxigraph.Store()
        oxigraph.extend(pyoxigraph.Quad(*(to_oxigraph_term(t) for t in triple)) for triple in graph)
        store = OxigraphStore(oxigraph)
    with pytest.raises(QueryTimeout) as caught:
        store.query(CROSS_PRODUCT, timeout=0.5)
    assert caught.value.where == "--timeout" and "0.5 s" in caught.value.message
    assert store.query("ASK { ?s ?p ?o }", timeout=30).boolean is True

"""Stores chosen by name: memory, oxigraph, oxigraph:PATH; what they hold, FROM, timeouts."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from kg.errors import KgError, KgNote
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


def test_oxigraph_store_notes_a_build_older_than_data(copy_project, graph_file):
    copy_project.build.mkdir()
    shutil.copyfile(graph_file, copy_project.built_graph)  # N-Triples is Turtle
    edited = copy_project.data / "vocab" / "indicators.yaml"
    later = copy_project.built_graph.stat().st_mtime + 60  # not left to the clock's resolution
    os.utime(edited, (later, later))
    built = re.escape(copy_project.relative(copy_project.built_graph))
    with pytest.warns(KgNote, match=f"^{built} is older than data/ or ontology/"):
        store = open_store("oxigraph", project=copy_project)
    store.close()


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


@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_describe_gives_the_resources_triples_as_rdf(spec, small_file):
    from rdflib import Literal, URIRef

    result = run_query("DESCRIBE <http://example.org/c>", store=open_store(spec, graph_files=[small_file]))
    assert result.kind == "graph"
    assert set(result.graph) == {(URIRef("http://example.org/c"), URIRef("http://example.org/name"),
                                  Literal("丙", lang="zh"))}


CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_a_query_past_its_timeout_is_stopped_and_the_store_keeps_working(spec, graph):
    import threading

    store = _local_store(spec, graph)
    with pytest.raises(QueryTimeout) as caught:
        store.query(CROSS_PRODUCT, timeout=0.5)
    assert caught.value.where == "--timeout" and "0.5 s" in caught.value.message
    assert store.query("ASK { ?s ?p ?o }", timeout=30).boolean is True
    for thread in threading.enumerate():
        if thread.name == "kg-query":
            thread.join(30)  # the stopped query gives up at its next triple or solution
            assert not thread.is_alive()


def _local_store(spec: str, graph):
    from kg.stores.memory import MemoryStore
    from kg.stores.oxigraph import oxigraph_copy

    return MemoryStore(graph) if spec == "memory" else oxigraph_copy(graph)


@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_a_result_over_max_rows_is_refused_at_the_first_row_over(spec, graph):
    from kg.stores.base import ResultTooLarge

    store = _local_store(spec, graph)
    # 10^11 rows: only a store that stops at the first row over the cap answers within the timeout
    with pytest.raises(ResultTooLarge) as caught:
        store.query(CROSS_PRODUCT, max_rows=1000, timeout=60)
    assert caught.value.message == "the result has more than 1,000 rows"
    assert caught.value.max_rows == 1000


@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_a_result_of_exactly_max_rows_rows_or_triples_is_given_whole(spec, small_file):
    from kg.stores.base import ResultTooLarge

    store = open_store(spec, graph_files=[small_file])
    assert len(store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=3)) == 3
    assert len(store.query("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=3)) == 3
    with pytest.raises(ResultTooLarge, match="more than 2 rows"):
        store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=2)
    with pytest.raises(ResultTooLarge, match="more than 2 triples"):
        store.query("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=2)
    assert store.query("ASK { ?s ?p ?o }", max_rows=0).boolean is True


def test_a_construct_that_repeats_triples_counts_each_triple_once(small_file):
    store = open_store("oxigraph", graph_files=[small_file])
    # each of the 3 triples comes once per triple of the store: 9 solutions, 3 distinct triples
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . ?x ?y ?z }", max_rows=3)
    assert len(result) == 3

"""How long views take on a generated graph of about a million triples.

Run with `python -m pytest benchmarks/bench_viz.py` (pytest-benchmark, from '.[dev]'); not part
of the test suite. The graph: 250,000 companies with a Chinese label, each partnering with
another and every 97th supplying a hub (about 1,000,000 triples in rdflib).
"""

from __future__ import annotations

import pytest

SIZE = 250_000


@pytest.fixture(scope="module")
def million_triples():
    from rdflib import RDF, RDFS, Graph, Literal, URIRef

    from kg.namespaces import KG

    graph = Graph()
    nodes = [URIRef(f"http://example.org/big/n{i}") for i in range(SIZE)]
    for i, node in enumerate(nodes):
        graph.add((node, RDF.type, KG.Company))
        graph.add((node, RDFS.label, Literal(f"公司{i}", lang="zh")))
        graph.add((node, KG.partnersWith, nodes[(i * 7919 + 1) % SIZE]))
        if i % 97 == 0:
            graph.add((node, KG.supplies, nodes[0]))
    graph.add((nodes[0], KG.makes, URIRef("http://example.org/big/product")))
    return graph


def _render(graph, view, **options):
    from kg.viz.page import render_page
    from kg.viz.views import ViewOptions, make_view

    return render_page(make_view(graph, view, ViewOptions(**options)))


def test_ego_by_id_on_a_million_triples(benchmark, million_triples):
    benchmark.pedantic(_render, args=(million_triples, "ego"), kwargs={"focus": "http://example.org/big/n12345"},
                       rounds=3)


def test_ego_by_name_on_a_million_triples(benchmark, million_triples):
    benchmark.pedantic(_render, args=(million_triples, "ego"), kwargs={"focus": "公司12345"}, rounds=3)


def test_full_capped_on_a_million_triples(benchmark, million_triples):
    benchmark.pedantic(_render, args=(million_triples, "full"), rounds=1)

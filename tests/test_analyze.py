"""kg analyze: network figures of the Yubei graph, checked against what data/ says."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF

from kg.namespaces import KG, YB
from tests.conftest import run_kg


@pytest.fixture(scope="module")
def result(graph):
    from kg.analyze import analyze_graph

    return analyze_graph(graph, top=200)


def _statement_neighbours(graph) -> dict[str, set[str]]:
    """Distinct entity neighbours read from the relation statements (not from the triples
    kg analyze projects): a second way to the same degrees."""
    neighbours: dict[str, set[str]] = {}
    for statement in graph.subjects(RDF.type, KG.RelationStatement):
        subject = graph.value(statement, RDF.subject)
        obj = graph.value(statement, RDF.object)
        if str(subject).startswith(str(YB)) and str(obj).startswith(str(YB)) and subject != obj:
            neighbours.setdefault(f"yb:{str(subject)[len(str(YB)):]}", set()).add(str(obj))
            neighbours.setdefault(f"yb:{str(obj)[len(str(YB)):]}", set()).add(str(subject))
    return neighbours


def test_degree_ranking_counts_distinct_neighbours_from_the_relation_statements(graph, result):
    expected = _statement_neighbours(graph)
    for row in result["degree"]:
        assert row["degree"] == len(expected.get(row["id"], ())), row["id"]
    degrees = [row["degree"] for row in result["degree"]]
    assert degrees == sorted(degrees, reverse=True)
    assert result["degree"][0]["id"] == "yb:yubei"  # the district: most things are located in it


def test_betweenness_is_exact_on_the_yubei_graph_and_led_by_the_district(result):
    assert result["betweenness_method"] == "exact"
    assert result["betweenness"][0]["id"] == "yb:yubei"
    assert all(0.0 <= row["betweenness"] <= 1.0 for row in result["betweenness"])


def test_longest_supply_chain_runs_from_an_auto_supplier_to_a_brand(result):
    chain = result["longest_supply_chain"]
    ids = [step["id"] for step in chain["path"]]
    # relations.yaml: 时代长安 / 北斗星通 coreSupplierOf the auto cluster; 长安汽车 chainLeaderOf it,
    # operates its 数智工厂, which makes 阿维塔07, which hasBrand 阿维塔
    assert chain["length"] == 5 == len(ids) - 1
    assert ids[0] in ("yb:catl-changan", "yb:bdstar")
    assert ids[1:] == ["yb:yubei-auto-cluster", "yb:changan", "yb:changan-smart-factory", "yb:avatr-07", "yb:avatr"]
    assert [link["predicate"] for link in chain["links"]][1:] == [
        "kg:chainLeaderOf", "kg:operates", "kg:makes", "kg:hasBrand"]
    assert chain["links"][1]["forward"] is False  # the leader leads the cluster: the link runs backwards


def test_components_match_a_union_find_over_the_relation_statements(graph, result):
    neighbours = _statement_neighbours(graph)
    entities = {f"yb:{str(s)[len(str(YB)):]}" for s in graph.subjects(RDF.type, None)
                if str(s).startswith(str(YB)) and (s, RDF.type, KG.Industry) not in graph}
    parent = {e: e for e in entities}

    def root(node):
        while parent[node] != node:
            node = parent[node]
        return node

    for node, others in neighbours.items():
        for other in others:
            parent[root(node)] = root(f"yb:{other[len(str(YB)):]}")
    sizes = sorted((sum(1 for e in entities if root(e) == r) for r in {root(e) for e in entities}), reverse=True)
    assert result["components"]["sizes"] == sizes
    assert result["components"]["isolated"] == sizes.count(1)
    assert result["components"]["largest"][0]["most_connected"]["id"] == "yb:yubei"


def test_chain_leaders_ranked_by_their_clusters_suppliers(result):
    leaders = {row["id"]: row for row in result["chain_leaders"]}
    # OPPO leads the smartphone cluster: 捷荣, 天奕精工, 裕同 are its core suppliers
    assert {s["zh"] for s in leaders["yb:oppo"]["suppliers"]} == {"捷荣", "天奕精工", "裕同"}
    for car_maker in ("yb:changan", "yb:seres"):
        assert {s["id"] for s in leaders[car_maker]["suppliers"]} == {"yb:catl-changan", "yb:bdstar"}
    assert leaders["yb:transsion"]["supplier_count"] == 0
    assert result["chain_leaders"][0]["id"] == "yb:oppo"


def test_chain_gap_lists_missing_product_fillers_and_source(result):
    (gap,) = result["chain_gaps"]
    assert gap["id"] == "yb:chongqing-battery-gap"
    assert [x["id"] for x in gap["missing"]] == ["yb:traction-battery"]
    assert {x["id"] for x in gap["filled_by"]} == {"yb:catl-changan", "yb:catl-changan-battery-base"}
    assert {x["id"] for x in gap["gap_in"]} == {"yb:chongqing", "industry:nev"}
    assert any("市内并没有为重庆主力车型配套的电池供应商" in q for q in gap["quotes"])


def test_sampled_betweenness_is_named_and_repeatable(graph, monkeypatch):
    from kg import analyze
    from kg.network import entity_network

    monkeypatch.setattr(analyze, "EXACT_BETWEENNESS_LIMIT", 10)
    monkeypatch.setattr(analyze, "BETWEENNESS_SAMPLE", 20)
    network = entity_network(graph)
    first, second = analyze.centrality(network), analyze.centrality(network)
    assert first.betweenness_method.startswith("estimated from 20 sampled sources")
    assert first.betweenness == second.betweenness


def test_analyze_json_on_the_command_line_has_every_section():
    result = run_kg("analyze", "--format", "json", "--top", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["degree"]) == 3
    for key in ("betweenness", "longest_supply_chain", "components", "chain_leaders", "chain_gaps"):
        assert data[key]


def test_analyze_text_names_entities_in_chinese_with_their_ids():
    result = run_kg("analyze")
    assert result.returncode == 0, result.stderr
    for heading in ("Degree centrality", "Betweenness centrality", "Longest supply chain", "Connected components",
                    "Chain leaders by number of suppliers", "Chain gaps: 1"):
        assert heading in result.stdout
    assert "渝北区 (yb:yubei)" in result.stdout


def test_analyze_of_a_graph_without_chains_reports_none(tmp_path):
    path = tmp_path / "plain.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:knows ex:b .\nex:b ex:knows ex:c .\n",
                    encoding="utf-8")
    result = run_kg("analyze", "--graph", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["entities"] == 3 and data["relations"] == 2
    assert data["longest_supply_chain"]["length"] == 0
    assert data["chain_leaders"] == [] and data["chain_gaps"] == []
    assert data["degree"][0]["id"] == "http://example.org/b"  # the middle of a → b → c

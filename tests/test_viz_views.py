"""The view models of kg viz on the Yubei graph, checked against what data/ says."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.namespaces import INDUSTRY, YB
from kg.viz.views import LEVEL, ViewOptions, make_view


def _view(graph, name, **options):
    return make_view(graph, name, ViewOptions(**options))


def _by_id(model):
    return {node.id: node for node in model.nodes}


def _edges(model):
    return {(e.source, e.predicate.rsplit("#", 1)[-1], e.target): e for e in model.edges}


@pytest.fixture(scope="module")
def auto_chain(graph):
    return _view(graph, "chain", industry="auto")


def test_auto_chain_has_changan_and_seres_as_leaders_of_the_auto_cluster(auto_chain):
    nodes = _by_id(auto_chain)
    assert nodes["yb:yubei-auto-cluster"].style == "cluster"
    for leader in ("yb:changan", "yb:seres"):
        assert nodes[leader].level == nodes["yb:yubei-auto-cluster"].level + 1
        assert (str(YB[leader[3:]]), "chainLeaderOf", str(YB["yubei-auto-cluster"])) in _edges(auto_chain)


def test_auto_chain_shows_catl_changan_supplying_traction_batteries_upstream(auto_chain):
    nodes = _by_id(auto_chain)
    edge = _edges(auto_chain)[(str(YB["catl-changan"]), "supplies", str(YB["yubei-auto-cluster"]))]
    assert edge.label == {"zh": "供应 动力电池", "en": "supplies traction batteries"}
    assert any("时代长安动力电池有限公司宣布将投资50亿元" in s for s in edge.sentences)
    # upstream is left of the cluster, the leaders' products right of it
    assert nodes["yb:catl-changan"].level < nodes["yb:traction-battery"].level < nodes["yb:yubei-auto-cluster"].level
    assert nodes["yb:yubei-auto-cluster"].level < nodes["yb:avatr-07"].level < nodes["yb:avatr"].level


def test_auto_chain_shows_the_battery_gap_filled_by_catl_changan(auto_chain):
    nodes = _by_id(auto_chain)
    assert nodes["yb:chongqing-battery-gap"].style == "gap"
    edges = _edges(auto_chain)
    gap = str(YB["chongqing-battery-gap"])
    assert (gap, "missingProduct", str(YB["traction-battery"])) in edges
    assert (gap, "filledBy", str(YB["catl-changan"])) in edges
    assert (gap, "filledBy", str(YB["catl-changan-battery-base"])) in edges


def test_auto_chain_places_the_plants_where_they_sit(auto_chain):
    nodes = _by_id(auto_chain)
    edges = _edges(auto_chain)
    # the battery base is in 川渝高竹新区 (upstream side), the car plants in 渝北区 (downstream side)
    assert (str(YB["catl-changan-battery-base"]), "locatedIn", str(YB["chuanyu-gaozhu-new-area"])) in edges
    assert (str(YB["seres-super-factory"]), "locatedIn", str(YB["yubei"])) in edges
    assert nodes["yb:chuanyu-gaozhu-new-area"].level == 0
    assert nodes["yb:yubei"].level == max(n.level for n in auto_chain.nodes)
    # 渝北区 locatedIn 重庆市 is geography: not drawn across the map
    assert (str(YB["yubei"]), "locatedIn", str(YB["chongqing"])) not in edges


def test_auto_chain_nodes_carry_figures_with_period_and_source_sentences(auto_chain):
    base = _by_id(auto_chain)["yb:catl-changan-battery-base"]
    investment = next(f for f in base.figures if f["indicator"]["en"] == "total investment")
    assert investment["value"]["zh"] == "50亿元"
    assert investment["value"]["en"] == "5 bn yuan (CNY)"
    assert any("投资50亿元" in q for q in investment["quotes"])
    output = next(f for f in base.figures if f["indicator"]["en"] == "output value")
    assert output["forecast"] is True and output["value"]["zh"] == "约180亿元"
    assert output["qualifier"]["zh"] == "约"


def test_chain_view_has_every_column_heading_in_order(auto_chain):
    levels = sorted({n.level for n in auto_chain.nodes})
    assert levels == list(range(len(levels)))  # no empty column
    assert auto_chain.level_names[0]["zh"] == "所在地"
    assert [auto_chain.level_names[i]["en"] for i in levels][4:7] == [
        "what they supply", "industry clusters", "chain leaders"]


def test_electronics_chain_has_oppo_and_transsion_and_the_smartphone_suppliers(graph):
    model = _view(graph, "chain", industry="electronics")
    nodes = _by_id(model)
    assert {"yb:oppo", "yb:transsion"} <= set(nodes)
    assert {"yb:jierong", "yb:tianyi-precision", "yb:yuto"} <= set(nodes)
    assert nodes["yb:jierong"].level < nodes["yb:yubei-smartphone-cluster"].level < nodes["yb:oppo"].level
    assert "yb:yubei-auto-cluster" not in nodes


@pytest.mark.parametrize("name", ["auto", "automotive", "汽车", "汽车产业", "industry:automotive",
                                  "Automotive Industry"])
def test_industry_accepts_friendly_names_and_ids(graph, name):
    from kg.labels import Labels
    from kg.viz.resolve import resolve_industry

    assert resolve_industry(graph, Labels(graph), name) == INDUSTRY.automotive


@pytest.mark.parametrize("name", ["electronics", "电子信息", "electronic-information"])
def test_electronics_short_names_resolve_to_electronic_information(graph, name):
    from kg.labels import Labels
    from kg.viz.resolve import resolve_industry

    assert resolve_industry(graph, Labels(graph), name) == INDUSTRY["electronic-information"]


def test_narrower_industry_without_a_cluster_shows_the_broader_chain_and_says_so(graph):
    model = _view(graph, "chain", industry="nev")
    assert "yb:yubei-auto-cluster" in _by_id(model)
    assert "new-energy vehicles" in model.notes[0]["en"]


def test_unknown_industry_lists_close_matches(graph):
    with pytest.raises(KgError) as error:
        _view(graph, "chain", industry="batery")
    assert error.value.where == "--industry"
    assert "no industry called 'batery'" in error.value.message
    assert "动力电池 (industry:power-battery)" in error.value.message


def test_industry_without_a_chain_names_the_industries_that_have_one(graph):
    with pytest.raises(KgError) as error:
        _view(graph, "chain", industry="beidou")
    assert "汽车产业 (industry:automotive)" in error.value.message
    assert "电子信息产业 (industry:electronic-information)" in error.value.message


def test_ego_by_chinese_name_english_name_alias_or_id_finds_the_same_entity(graph):
    focus = {
        text: next(n.id for n in _view(graph, "ego", focus=text, hops=1).nodes if n.focus)
        for text in ("长安汽车", "Changan Automobile", "长安", "yb:changan", "changan", str(YB.changan))
    }
    assert set(focus.values()) == {"yb:changan"}


def test_ego_one_hop_holds_exactly_the_neighbours_from_relations_yaml(graph):
    model = _view(graph, "ego", focus="赛力斯", hops=1)
    # seres: chainLeaderOf auto cluster, locatedIn yubei, operates super factory, makes aito-m9,
    # participant of the factory's commissioning; inIndustry automotive, nev
    expected = {"yb:seres", "yb:yubei-auto-cluster", "yb:yubei", "yb:seres-super-factory", "yb:aito-m9",
                "yb:seres-super-factory-commissioning", "industry:automotive", "industry:nev"}
    assert set(_by_id(model)) == expected


def test_ego_shows_industries_but_does_not_walk_through_them(graph):
    nodes = _by_id(_view(graph, "ego", focus="赛力斯", hops=2))
    assert "industry:nev" in nodes
    # 大洋电机项目 is in the nev powertrain industry, reachable only through the industries
    assert "yb:dayang-motor-project" not in nodes


def test_unknown_focus_lists_close_matches(graph):
    with pytest.raises(KgError) as error:
        _view(graph, "ego", focus="长按汽车")
    assert error.value.where == "--focus"
    assert "长安汽车 (yb:changan)" in error.value.message


def test_ambiguous_focus_names_each_candidate(graph, tmp_path):
    from kg.rdfio import read_graph_files

    path = tmp_path / "twins.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    'ex:a rdfs:label "同名" ; ex:knows ex:b .\nex:b rdfs:label "同名" .\n', encoding="utf-8")
    with pytest.raises(KgError) as error:
        _view(read_graph_files([path]), "ego", focus="同名")
    assert "http://example.org/a" in error.value.message and "http://example.org/b" in error.value.message


def test_parks_view_holds_the_zones_and_what_they_host(graph):
    model = _view(graph, "parks")
    nodes = _by_id(model)
    zones = {n for n, node in nodes.items() if node.style == "zone"}
    assert zones == {"yb:xiantao-data-valley", "yb:oppo-smart-ecosystem-park", "yb:linkong-frontier-science-city",
                     "yb:chuanyu-gaozhu-new-area", "yb:airport-economy-demonstration-zone"}
    # 鸿联九五 and 万影视觉 are being brought to 仙桃数据谷; 重庆传音 sits in 临空前沿科技城
    assert {"yb:honglian-95", "yb:wanying-vision", "yb:transsion-chongqing"} <= set(nodes)
    assert not any(node.style == "event" for node in model.nodes)
    # sized by output: the data valley's revenue of 530亿元 is the only one, so it is the largest
    assert max(model.nodes, key=lambda n: n.size).id == "yb:xiantao-data-valley"
    assert nodes["yb:xiantao-data-valley"].subtitle["zh"] == "营业收入 达530亿元"  # 累计实现营业收入达530亿元
    # the battery base's 年产值约180亿元 is expected (预计), and the label says so
    assert nodes["yb:catl-changan-battery-base"].subtitle == {
        "zh": "预计产值 约180亿元", "en": "expected output value approximately 18 bn yuan (CNY)"}


def test_projects_view_sizes_by_investment_and_labels_status(graph):
    model = _view(graph, "projects")
    nodes = _by_id(model)
    # the Hami–Chongqing line: 总投资286亿元, the largest investment of the article
    assert max(model.nodes, key=lambda n: n.size).id == "yb:hami-chongqing-uhv"
    # 碑口水库: 总投资约12亿元, 目前已经建设完工
    assert nodes["yb:beikou-reservoir"].subtitle == {
        "zh": "总投资 约12亿元 · 已完工", "en": "total investment approximately 1.2 bn yuan (CNY) · completed"}
    assert nodes["yb:luoqi-port-phase-1"].subtitle["zh"].endswith("在建")
    assert model.size_legend["en"].startswith("size: total investment")


def test_full_view_filters_by_class_and_industry(graph):
    model = _view(graph, "full", classes=("Company",), industry="汽车")
    # companies in the automotive industry or under it (nev, power batteries)
    assert set(_by_id(model)) == {"yb:changan", "yb:seres", "yb:catl-changan"}
    assert "企业" in model.title["zh"] and "汽车产业" in model.title["zh"]


def test_full_view_of_the_yubei_graph_is_not_capped(graph):
    from kg.analyze import analyze_graph

    model = _view(graph, "full")
    assert not model.capped and model.notes == []
    assert len(model.nodes) == analyze_graph(graph)["entities"]


def test_max_nodes_caps_a_view_and_says_how(graph):
    model = _view(graph, "full", max_nodes=10)
    assert len(model.nodes) == 10 and model.total_nodes > 10
    assert "Drawing 10 of" in model.notes[-1]["en"] and "kg viz ego --focus" in model.notes[-1]["en"]
    # the most connected are kept
    assert "yb:yubei" in _by_id(model)


def test_betweenness_size_uses_the_figures_of_kg_analyze(graph):
    from kg.analyze import centrality
    from kg.network import entity_network

    model = _view(graph, "chain", industry="auto", size_by="betweenness")
    figures = centrality(entity_network(graph))
    changan = _by_id(model)["yb:changan"]
    assert changan.size_value["en"] == f"betweenness {figures.betweenness[str(YB.changan)]:.4f}"


def test_chain_levels_cover_every_node(auto_chain):
    assert all(node.level is not None for node in auto_chain.nodes)
    assert set(LEVEL) >= {"suppliers", "clusters", "leaders"}

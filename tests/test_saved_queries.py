"""The saved queries answer their questions on the Yubei graph, the same on every local store.

The expected rows are read off data/ and the article, by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kg.queries import load_catalogue
from kg.query import run_query
from tests.conftest import ROOT, local_stores
from tests.rows import comparable, simple, table

ARTICLE = (ROOT / "data" / "sources" / "yubei-2024.txt").read_text(encoding="utf-8")


def quoted(first: str, last: str) -> str:
    """The article from the first `first` through the next `last`: a sentence as the curators quoted it."""
    start = ARTICLE.index(first)
    return ARTICLE[start:ARTICLE.index(last, start) + len(last)]


AUTO = quoted("在长安汽车、赛力斯等", "增长近7倍。")
BOX = quoted("工业产值突破4000亿元，规上", "增长17%。")
GAP = quoted("“虽然，1-10月重庆新能源汽车产量", "相关负责人介绍。")
CATL = quoted("瞄准这个产业痛点", "动力电池生产基地。")
CATL_SUPPLY = quoted("项目落成后，预计每年", "协同发展。")
BEIKOU = quoted("“碑口水库项目作为市级重点项目", "战略储备。")
DAYANG = quoted("据悉，该项目总投资约12亿元", "年产值达100亿元。")
LUOQI = quoted("据悉，洛碛港一期项目总投资", "1655万吨。")
UHV = quoted("据了解，渝北换流站是哈密", "800万千瓦。")
STATION = quoted("渝北换流站作为西南地区首座受端换流站", "强劲动能。")


@pytest.fixture(params=["memory", "oxigraph"])
def ask(request, stores):
    """Run a saved query on one store: ask("chain-leaders", lang="en", company="seres")."""
    store = stores[request.param]

    def run(name: str, lang: str | None = None, **params):
        return run_query(name, params, store=store, lang=lang)

    return run


CATALOGUE = load_catalogue(ROOT / "queries")


# --- the catalogue --------------------------------------------------------------------------


def test_catalogue_has_at_least_twenty_documented_queries():
    assert len(CATALOGUE) >= 20
    for query in CATALOGUE.values():
        assert query.title.get("zh") and query.title.get("en"), query.name
        assert len(query.description) > 40, query.name


def test_docs_describe_every_saved_query():
    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for name, query in CATALOGUE.items():
        assert f"| `{name}` | {query.title['en']}" in docs, name


# Saved queries that rightly find nothing on the Yubei graph: it has one source, and no two of its
# figures disagree (test_figure_conflicts_pair_the_figures_two_sources_disagree_on builds a graph
# where two do)
EMPTY_ON_ONE_SOURCE = {"figure-conflicts"}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_saved_query_gives_the_same_rows_on_memory_and_oxigraph(name, stores):
    for lang in ("zh", "en"):
        on_memory = run_query(name, store=stores["memory"], lang=lang)
        on_oxigraph = run_query(name, store=stores["oxigraph"], lang=lang)
        assert comparable(on_memory) == comparable(on_oxigraph), (name, lang)
        if name in EMPTY_ON_ONE_SOURCE:
            assert len(on_memory) == 0, f"{name} finds something in a graph of one source"
        else:
            assert len(on_memory) > 0, f"{name} gives nothing with its defaults"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_saved_query_declares_its_prefixes_so_any_endpoint_can_run_it(name):
    import pyoxigraph

    pyoxigraph.Store().query(CATALOGUE[name].text)  # no default prefixes given: a SyntaxError if one is missing


def _walk(node):
    """Every node of a query's algebra (rdflib's), paths and variables included."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    yield node
    children = []
    if isinstance(node, dict):  # CompValue
        children = list(node.values())
    elif isinstance(node, list | tuple | set):
        children = list(node)
    elif isinstance(node, SequencePath | AlternativePath):
        children = node.args
    elif isinstance(node, MulPath):
        children = [node.path]
    elif isinstance(node, InvPath):
        children = [node.arg]
    for child in children:
        yield from _walk(child)


def _algebra(name):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(CATALOGUE[name].text).algebra


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_saved_query_filters_an_optional_on_its_own_variables_and_parameters(name):
    # Virtuoso 7 evaluates a FILTER inside OPTIONAL { … } without the variables bound before it
    # (kg repeats each parameter's VALUES block inside the OPTIONAL, so parameters are seen)
    from rdflib import Variable

    parameters = {Variable(p.name) for p in CATALOGUE[name].parameters}
    for node in _walk(_algebra(name)):
        if getattr(node, "name", None) == "LeftJoin" and node.get("expr") is not None:
            own = {v for v in _walk(node.p2) if isinstance(v, Variable)}
            outer = {v for v in _walk(node.p1) if isinstance(v, Variable)} - own - parameters
            assert not {v for v in _walk(node.expr) if isinstance(v, Variable)} & outer, name


def test_every_saved_query_with_a_transitive_path_is_asked_on_a_deep_graph():
    from rdflib.paths import MulPath

    from tests.deep_graph import DEEP_QUESTIONS

    transitive = {name for name in CATALOGUE
                  if any(isinstance(node, MulPath) and node.mod in "*+" for node in _walk(_algebra(name)))}
    assert transitive == {name for name, _ in DEEP_QUESTIONS}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_saved_query_that_shows_labels_takes_the_lang_parameter(name):
    query = CATALOGUE[name]
    if "rdfs:label" in query.text and name != "labels":
        assert query.parameter("lang") is not None, name


# --- each query's answer ----------------------------------------------------------------------


def test_chain_leaders_lists_leaders_with_suppliers_and_products(ask):
    result = ask("chain-leaders")
    assert table(result, "cluster", "leader", "supplier", "product") == [
        ("yb:yubei-auto-cluster", "yb:changan", "yb:bdstar", None),
        ("yb:yubei-auto-cluster", "yb:changan", "yb:catl-changan", "yb:traction-battery"),
        ("yb:yubei-auto-cluster", "yb:seres", "yb:bdstar", None),
        ("yb:yubei-auto-cluster", "yb:seres", "yb:catl-changan", "yb:traction-battery"),
        ("yb:yubei-electronics-cluster", "yb:oppo", None, None),
        ("yb:yubei-electronics-cluster", "yb:transsion", None, None),
        ("yb:yubei-smartphone-cluster", "yb:oppo", "yb:jierong", None),
        ("yb:yubei-smartphone-cluster", "yb:oppo", "yb:tianyi-precision", None),
        ("yb:yubei-smartphone-cluster", "yb:oppo", "yb:yuto", None),
    ]
    assert table(result, "clusterLabel", "leaderLabel", "supplierLabel", "productLabel")[1] == (
        "渝北汽车产业集群", "长安汽车", "时代长安动力电池有限公司", "动力电池")


def test_chain_leaders_in_english(ask):
    result = ask("chain-leaders", lang="en")
    assert table(result, "leaderLabel", "supplierLabel", "productLabel")[1] == (
        "Changan Automobile", "CATL-Changan Power Battery Co., Ltd.", "traction batteries")


def test_upstream_of_a_car_maker_reaches_its_cluster_suppliers(ask):
    assert table(ask("upstream-of"), "supplier", "product") == [
        ("yb:bdstar", None), ("yb:catl-changan", "yb:traction-battery")]


def test_upstream_of_a_chain_leader_includes_suppliers_of_clusters_inside_its_cluster(ask):
    expected = [("yb:jierong",), ("yb:tianyi-precision",), ("yb:yuto",)]
    assert table(ask("upstream-of", company="yb:oppo"), "supplier") == expected
    # Transsion leads the electronics cluster; the smartphone cluster is part of it
    assert table(ask("upstream-of", company="transsion"), "supplier") == expected


def test_upstream_of_a_supplier_is_empty(ask):
    assert ask("upstream-of", company="jierong").rows == []


def test_in_zone_lists_the_partners_of_a_park(ask):
    # 加快鸿联九五、万影视觉等项目落地: projects still being brought in, so not located there
    assert table(ask("in-zone"), "entity", "class", "relation", "via") == [
        ("yb:china-unicom", "kg:Company", "kg:partnersWith", None),
        ("yb:transsion", "kg:Company", "kg:partnersWith", None),
    ]


def test_in_zone_reaches_what_is_in_places_inside_the_zone(ask):
    located = [f"yb:{name}" for name in (
        "airport-economy-demonstration-zone", "beidou-zhilian", "beikou-reservoir", "central-park",
        "changan-smart-factory", "dawan-town", "dayang-motor-project", "fangda-aircraft-leasing-project",
        "fangda-aviation-hq", "lankong-uav", "linkong-frontier-science-city", "luoqi-port-phase-1",
        "oppo-smart-ecosystem-park", "pingan-village", "seres", "seres-super-factory", "tianjian-inertial",
        "transsion-chongqing", "xiantao-data-valley", "yubei-converter-station")]
    assert table(ask("in-zone", zone="yubei"), "entity", "relation", "via") == [
        # the reservoir is in 平安村, a village of the district: two steps up
        ("yb:yubei-urban-renewal", "kg:builds", "yb:beikou-reservoir"),
        # 碑口水库 (平安村), 重庆传音 (临空前沿科技城) and the converter station (大湾镇) one place further down
        *((entity, "kg:locatedIn", None) for entity in located),
        ("yb:changan", "kg:operates", "yb:changan-smart-factory"),
        ("yb:seres", "kg:operates", "yb:seres-super-factory"),
        # partners of 仙桃数据谷, a park in the district
        ("yb:china-unicom", "kg:partnersWith", None),
        ("yb:transsion", "kg:partnersWith", None),
    ]


def test_in_zone_names_companies_building_something_there(ask):
    result = ask("in-zone", zone="chuanyu-gaozhu-new-area", lang="en")
    assert table(result, "entity", "relation", "via", "viaLabel") == [
        ("yb:catl-changan", "kg:builds", "yb:catl-changan-battery-base", "CATL-Changan power battery production base"),
        ("yb:catl-changan-battery-base", "kg:locatedIn", None, None),
    ]


def test_zones_of_industry_include_zones_of_narrower_industries_and_of_companies(ask):
    assert table(ask("zones-of-industry"), "zone", "via", "zoneIndustry") == [
        ("yb:linkong-frontier-science-city", "yb:transsion-chongqing", "industry:smartphones"),
        ("yb:oppo-smart-ecosystem-park", None, "industry:smartphones"),
    ]
    assert table(ask("zones-of-industry", industry="automotive"), "zone", "via", "zoneIndustry") == [
        ("yb:chuanyu-gaozhu-new-area", "yb:catl-changan-battery-base", "industry:power-battery")]


def test_projects_are_ranked_by_investment_with_status_and_expected_output(ask):
    result = ask("projects-by-investment")
    assert table(result, "project", "statusLabel", "investment", "investmentQualifier", "expectedOutput",
                 "outputQualifier") == [
        ("yb:hami-chongqing-uhv", None, D("28600000000"), None, None, None),
        ("yb:catl-changan-battery-base", "谋划储备", D("5000000000"), None, D("18000000000"), "约"),
        ("yb:luoqi-port-phase-1", "在建", D("3200000000"), "约", None, None),
        ("yb:beikou-reservoir", "已完工", D("1200000000"), "约", None, None),
        ("yb:dayang-motor-project", "已完工", D("1200000000"), "约", D("10000000000"), "确数"),
    ]


def test_figures_of_a_subject_give_written_and_normalized_values(ask):
    result = ask("figures-of", subject="seres", lang="en")
    assert table(result, "figure", "indicator", "period", "qualifierLabel", "writtenValue", "writtenUnit", "value",
                 "unitLabel", "growth", "forecast") == [
        ("obs:seres-factories", "ind:factory-count", "..", None, D(3), "座", D(3), "items", None, False),
        ("obs:seres-nev-sales-2024-ytd", "ind:nev-sales", "2024-01/2024-11", "approximately", D(39), "万辆",
         D(390000), "vehicles", D(255), False),
        ("obs:seres-nev-sales-2024-11", "ind:nev-sales", "2024-11", "nearly", D("3.7"), "万辆", D(37000),
         "vehicles", None, False),
    ]


def test_figures_of_yubei_are_all_44_of_the_district(ask):
    figures = {row[0] for row in table(ask("figures-of"), "figure")}
    assert figures == {f"obs:{name}" for name in (
        "yubei-above-scale-added-value-2024-11", "yubei-above-scale-output-2024-11",
        "yubei-above-scale-output-2024-forecast", "yubei-above-scale-output-share-2024", "yubei-auto-output-2024-11",
        "yubei-beidou-enterprises", "yubei-built-up-area", "yubei-contracted-investment-2024-11",
        "yubei-core-suppliers", "yubei-digital-core-added-value-2024", "yubei-electronics-output-2024-11",
        "yubei-high-level-talent-2024-11", "yubei-imports-exports-2024-11", "yubei-industrial-output-2024",
        "yubei-key-project-completion-rate-2024-11", "yubei-key-project-investment-2024-11",
        "yubei-key-projects-2024-11", "yubei-legal-entities-reduced-2024", "yubei-loss-makers-turned-around-2024",
        "yubei-major-project-signings-rank-2024-11", "yubei-major-projects-introduced-2024",
        "yubei-market-entities-2024-11", "yubei-metaverse-projects", "yubei-nev-production-2024-11",
        "yubei-new-market-entities-2024-11", "yubei-new-signed-projects-2024-11",
        "yubei-new-software-enterprises-2024", "yubei-new-started-projects-2024-11",
        "yubei-project-start-rate-2024-11", "yubei-rail-transit-share", "yubei-rd-intensity",
        "yubei-reserve-project-investment-2024", "yubei-reserve-projects-2024", "yubei-soe-funds-recovered-2024",
        "yubei-software-enterprises", "yubei-software-revenue-2024", "yubei-specialized-smes-2024-11",
        "yubei-state-assets-revitalized-2024", "yubei-stations-under-construction", "yubei-tech-competitiveness-rank",
        "yubei-urban-parks", "yubei-urban-population", "yubei-vehicle-makers", "yubei-vehicle-production-2024-11")}


def test_fastest_growing_puts_nearly_sevenfold_first(ask):
    result = ask("fastest-growing", lang="en")
    assert table(result, "figure", "growth", "basisLabel", "forecast") == [
        ("obs:yubei-nev-production-2024-11", D(700), "unstated", False),
        ("obs:seres-nev-sales-2024-ytd", D(255), "year on year", False),
        ("obs:chongqing-nev-production-2024-10", D("108.9"), "year on year", False),
        ("obs:changan-nev-sales-2024-11", D("98.4"), "year on year", False),
        ("obs:yubei-auto-output-2024-11", D("51.5"), "unstated", False),
        ("obs:yubei-digital-core-added-value-2024", D(36), "unstated", False),
        ("obs:yubei-above-scale-added-value-2024-11", D("21.2"), "unstated", False),
        ("obs:yubei-above-scale-output-2024-forecast", D(18), "unstated", True),
        ("obs:yubei-software-revenue-2024", D(17), "unstated", False),
        ("obs:yubei-above-scale-output-2024-11", D("16.7"), "unstated", False),
        ("obs:yubei-vehicle-production-2024-11", D("11.8"), "unstated", False),
    ]


def test_fastest_growing_leaves_out_what_grew_less_than_asked(ask):
    assert [row[0] for row in table(ask("fastest-growing", min_growth="50"), "figure")] == [
        "obs:yubei-nev-production-2024-11", "obs:seres-nev-sales-2024-ytd", "obs:chongqing-nev-production-2024-10",
        "obs:changan-nev-sales-2024-11", "obs:yubei-auto-output-2024-11"]
    assert ask("fastest-growing", min_growth="1000.5").rows == []


def test_industry_companies_pairs_each_industry_with_its_companies(ask):
    assert table(ask("industry-companies"), "industry", "company") == [
        ("industry:aircraft-dismantling", "yb:chongqing-hna-aviation-recycling"),
        ("industry:aircraft-leasing", "yb:yangtze-leasing"),
        ("industry:aircraft-maintenance", "yb:hna-aviation-technology-chongqing"),
        ("industry:automotive", "yb:changan"),
        ("industry:automotive", "yb:seres"),
        ("industry:aviation-food", "yb:chongqing-yunshang-chuwei"),
        ("industry:beidou", "yb:beidou-zhilian"),
        ("industry:beidou", "yb:lankong-uav"),
        ("industry:beidou", "yb:tianjian-inertial"),
        ("industry:digital-economy", "yb:china-unicom"),
        ("industry:integrated-circuits", "yb:bairui-interconnect"),
        ("industry:integrated-circuits", "yb:black-sesame"),
        ("industry:integrated-circuits", "yb:ruige-microelectronics"),
        ("industry:integrated-circuits", "yb:wuqi"),
        ("industry:nev", "yb:changan"),
        ("industry:nev", "yb:seres"),
        ("industry:nev-powertrain", "yb:broad-ocean-motor"),
        ("industry:power-battery", "yb:catl-changan"),
        ("industry:smartphones", "yb:jierong"),
        ("industry:smartphones", "yb:oppo"),
        ("industry:smartphones", "yb:tianyi-precision"),
        ("industry:smartphones", "yb:transsion"),
        ("industry:smartphones", "yb:transsion-chongqing"),
        ("industry:smartphones", "yb:yuto"),
    ]


def test_chain_gap_shows_the_battery_gap_and_what_filled_it(ask):
    result = ask("chain-gaps", lang="en")
    assert table(result, "gap", "industryLabel", "placeLabel", "missing", "filledBy", "filledByClassLabel") == [
        ("yb:chongqing-battery-gap", "new-energy vehicles", "Chongqing", "yb:traction-battery", "yb:catl-changan",
         "company"),
        ("yb:chongqing-battery-gap", "new-energy vehicles", "Chongqing", "yb:traction-battery",
         "yb:catl-changan-battery-base", "manufacturing project"),
    ]


def test_figure_sentences_give_each_figure_with_the_sentence_it_was_read_from(ask):
    assert table(ask("figure-sentences"), "figure", "subject", "period", "value", "sentence") == [
        ("obs:chongqing-nev-production-2024-10", "yb:chongqing", "2024-01/2024-10", D(691000), GAP),
        ("obs:yubei-nev-production-2024-11", "yb:yubei", "2024-01/2024-11", D(200000), AUTO),
        ("obs:yubei-nev-production-2024-11", "yb:yubei", "2024-01/2024-11", D(200000), BOX),
    ]
    assert table(ask("figure-sentences", indicator="total-investment"), "figure", "value", "sentence") == [
        ("obs:beikou-total-investment", D(1200000000), BEIKOU),
        ("obs:catl-changan-base-investment", D(5000000000), CATL),
        # 总投资最高: the station's rank by total investment, a figure of the indicator without a value
        ("obs:converter-station-investment-rank", None, STATION),
        ("obs:dayang-total-investment", D(1200000000), DAYANG),
        ("obs:luoqi-total-investment", D(3200000000), LUOQI),
        ("obs:uhv-total-investment", D(28600000000), UHV),
    ]


def test_provenance_gives_the_sentences_behind_a_figure_where_they_stand(ask):
    def located(sentence):
        start = ARTICLE.index(sentence)
        return (sentence, D(start), D(start + len(sentence)), "src:yubei-2024", "拔节向上破浪行 渝北万象始更新")

    assert table(ask("provenance"), "sentence", "start", "end", "source", "sourceTitle") == [located(AUTO),
                                                                                               located(BOX)]
    assert table(ask("provenance", fact="yb:catl-changan"), "sentence", "start", "end", "source",
                 "sourceTitle") == [located(CATL)]


def test_about_an_entity_lists_what_it_says_and_what_is_said_of_it(ask):
    start = ARTICLE.index(CATL)
    assert table(ask("about"), "direction", "property", "value") == [
        ("out", "rdf:type", "kg:Company"),
        ("out", "rdf:type", "kg:Organization"),  # added by kg build: a company is an organization
        ("out", "rdfs:label", "时代长安动力电池有限公司"),
        ("out", "skos:altLabel", "时代长安"),
        ("out", "skos:editorialNote", "The name suggests a joint venture of CATL (宁德时代) and Changan; the article "
                                      "does not say so, so no ownership relation is recorded."),
        ("out", "prov:wasDerivedFrom", f"quote:yubei-2024-{start}-{start + len(CATL)}"),
        ("out", "kg:builds", "yb:catl-changan-battery-base"),
        ("out", "kg:coreSupplierOf", "yb:yubei-auto-cluster"),
        ("out", "kg:englishLabelOrigin", "kg:EditorTranslation"),
        ("out", "kg:inIndustry", "industry:power-battery"),
        ("out", "kg:supplies", "yb:yubei-auto-cluster"),
        ("in", "kg:filledBy", "yb:chongqing-battery-gap"),
        ("in", "kg:participant", "yb:catl-changan-investment-announcement"),
    ]


def test_about_leaves_out_texts_in_the_other_language(ask):
    values = [row[0] for row in table(ask("about", lang="en"), "value")]
    assert "CATL-Changan Power Battery Co., Ltd." in values
    assert "时代长安动力电池有限公司" not in values and "时代长安" not in values


def test_subsidiaries_go_all_the_way_down(ask):
    assert table(ask("subsidiaries"), "parent", "organization", "direct") == [
        ("yb:hainan-airlines", "yb:yangtze-leasing", True),
        ("yb:strategic-emerging-industries-group", "yb:konggang-economy-company", True),
        ("yb:transsion", "yb:transsion-chongqing", True),
        ("yb:yubei", "yb:konggang-economy-company", False),
        ("yb:yubei", "yb:konggang-urban-development-group", True),
        ("yb:yubei", "yb:linkong-investment-group", True),
        ("yb:yubei", "yb:strategic-emerging-industries-group", True),
    ]


def test_timeline_of_2024_in_date_order(ask):
    assert table(ask("timeline"), "date", "event", "planned") == [
        ("2024", "yb:aviation-companies-registration", False),
        ("2024", "yb:beikou-completion", False),
        ("2024", "yb:changan-technology-launch", False),
        ("2024", "yb:three-groups-founding", False),
        ("2024", "yb:xiantao-first-bulk-asset-sale", False),
        ("2024-02", "yb:seres-super-factory-commissioning", False),
        ("2024-03", "yb:dayang-groundbreaking", False),
        ("2024-04-01", "yb:fangda-strategic-agreement", False),
        ("2024-06-18", "yb:fangda-hq-settlement", False),
        ("2024-06-28", "yb:first-bonded-aircraft-lease", False),
        ("2024-07-25", "yb:catl-changan-investment-announcement", False),
        ("2024-11", "yb:changan-nev-sales-milestone", False),
        ("2024-12", "yb:dayang-completion", False),
        ("2024-12-04", "yb:converter-transformer-in-place", False),
    ]


def test_timeline_of_2025_holds_what_was_still_planned(ask):
    assert table(ask("timeline", year="2025", lang="en"), "date", "event", "typeLabel", "planned") == [
        ("2025", "yb:converter-station-completion", "completion", True),
        ("2025-05", "yb:dayang-production-start", "commissioning", True),
        ("2025-12", "yb:beikou-commissioning", "commissioning", True),
    ]


def test_compared_with_city_gives_comparisons_ranks_and_shares(ask):
    result = ask("compared-with-city", lang="en")
    assert table(result, "figure", "kindLabel", "comparedLabel", "directionLabel", "difference", "rank", "withinTop",
                 "sharePercent", "text") == [
        ("obs:yubei-above-scale-added-value-2024-11", "comparison", "by growth", "higher", D("13.6"),
         None, None, None, None),
        ("obs:yubei-above-scale-output-2024-11", "comparison", "by growth", "higher", D("11.1"),
         None, None, None, None),
        ("obs:yubei-project-start-rate-2024-11", "comparison", "by value", "higher", None, None, None, None, None),
        ("obs:converter-station-construction-volume-rank", "ranking", "by value", None, None, D(1), None, None,
         "建设工程量最大"),
        ("obs:converter-station-investment-rank", "ranking", "by value", None, None, D(1), None, None, "总投资最高"),
        ("obs:converter-station-site-area-rank", "ranking", "by value", None, None, D(1), None, None,
         "重庆市占地面积最大"),
        ("obs:jiangbei-airport-throughput-rank", "ranking", "by value", None, None, None, D(10), None,
         "连续6年全市前十"),
        ("obs:yubei-above-scale-added-value-2024-11", "ranking", "by growth", None, None, D(1), None, None,
         "位列全市第1"),
        ("obs:yubei-above-scale-output-2024-11", "ranking", "by value", None, None, D(1), None, None,
         "总量、增速均居全市第1"),
        ("obs:yubei-above-scale-output-2024-11", "ranking", "by growth", None, None, D(1), None, None,
         "总量、增速均居全市第1"),
        ("obs:yubei-above-scale-output-share-2024", "ranking", "by value", None, None, D(1), None, None,
         "总量居全市第1"),
        ("obs:yubei-digital-core-added-value-2024", "ranking", "by value", None, None, D(1), None, None, "规模全市第1"),
        ("obs:yubei-high-level-talent-2024-11", "ranking", "by value", None, None, D(1), None, None, "总量居全市第一"),
        ("obs:yubei-imports-exports-2024-11", "ranking", "by value", None, None, D(2), None, None, "总量位居全市第二"),
        ("obs:yubei-major-project-signings-rank-2024-11", "ranking", "by value", None, None, None, None, None,
         "在全市位居前列"),
        ("obs:yubei-tech-competitiveness-rank", "ranking", "by value", None, None, D(1), None, None,
         "科技竞争力保持全市第一"),
        ("obs:converter-station-power-delivered", "share", None, None, None, None, None, D(25),
         "超全市用电量的四分之一"),
        ("obs:yubei-above-scale-output-share-2024", "share", None, None, None, None, None, D("14.2857142857"),
         "占全市1/7"),
        ("obs:yubei-imports-exports-2024-11", "share", None, None, None, None, None, D("23.5"), "占全市总量的23.5%"),
        ("obs:yubei-rail-transit-share", "share", None, None, None, None, None, D("66.6666666667"), "占全市三分之二"),
    ]


def test_compared_with_another_reference(ask):
    assert table(ask("compared-with-city", reference="china"), "figure", "rank", "text") == [
        ("obs:aito-m9-luxury-sales-rank", D(1), "国内50万元以上豪华车销量冠军"),
        # 稳居新能源汽车市场第一阵营: among the leaders of the national market, no position given
        ("obs:changan-nev-sales-2024-11", None, "稳居新能源汽车市场第一阵营")]


def test_doubts_list_the_implausible_facts_with_the_curators_notes(ask):
    result = ask("doubts", lang="en")
    assert table(result, "fact", "flagTypeLabel") == [
        ("obs:catl-changan-base-capacity", "implausible"), ("obs:jiangbei-airport-throughput-rank", "implausible")]
    assert table(result, "note")[0][0].startswith("25亿瓦时 is 2.5 GWh a year")


def test_doubts_of_another_kind_by_bare_name(ask):
    # the reservoir is 碑口水库 twice and 黄牌口水库 once
    assert table(ask("doubts", flag_type="SourceInconsistency"), "fact") == [
        ("yb:beikou-reservoir",), ("obs:yubei-industrial-output-2024",), ("obs:yubei-key-project-investment-2024-11",)]


def test_source_anomalies_in_the_order_they_appear(ask):
    texts = {
        "stray-headline-40000": "40000亿元", "doubled-particle": "赛力斯也在今年也实现跨越式增长",
        "stray-headline-250000": "25万\n\n数字中的渝北", "missing-year-character": "该工程2025建成后",
        "traditional-character": "今天的項目就是明天的生产力",
        "unmatched-closing-quote": "约13.97亿元。”渝北区国资委相关负责人介绍。",
        "garbled-phrase": "仙桃数据谷以招商引资产为支点", "caption-xiantao": "仙桃数据谷\n\n重庆北碚国际空港",
        "caption-beibei-airport": "重庆北碚国际空港",
        "headline-410": "410亿元\n\n完成投资超410亿元", "headline-80": "80亿元\n\n盘活国有企业资产超80亿元",
    }
    expected = sorted((ARTICLE.index(text), f"flag:anomaly-{name}", text) for name, text in texts.items())
    assert table(ask("source-anomalies"), "start", "anomaly", "text") == [(D(s), a, t) for s, a, t in expected]


def test_forecasts_stand_beside_the_results_so_far(ask):
    assert table(ask("forecasts"), "forecast", "forecastPeriod", "forecastValue", "forecastGrowth", "result",
                 "resultPeriod", "resultValue", "resultGrowth") == [
        ("obs:yubei-above-scale-output-2024-forecast", "2024", D(400000000000), D(18),
         "obs:yubei-above-scale-output-2024-11", "2024-01/2024-11", D(370890000000), D("16.7")),
        ("obs:yubei-industrial-output-2024", "2024", D(400000000000), None, None, None, None, None),
    ]


def test_forecasts_of_a_port_without_results(ask):
    assert table(ask("forecasts", subject="luoqi-port-phase-1"), "forecast", "forecastValue", "result") == [
        ("obs:luoqi-berth-tonnage-class", D(5000), None),
        ("obs:luoqi-bulk-berths", D(4), None),
        ("obs:luoqi-general-berths", D(1), None),
        ("obs:luoqi-throughput-capacity", D(16550000), None),
    ]


def test_labels_of_companies_in_both_languages(ask):
    result = ask("labels")
    assert {row[0] for row in table(result, "entity")} == {f"yb:{name}" for name in (
        "changan", "seres", "catl-changan", "bdstar", "transsion-chongqing", "transsion", "oppo", "jierong",
        "tianyi-precision", "yuto", "china-unicom", "beidou-zhilian", "tianjian-inertial", "lankong-uav", "wuqi",
        "bairui-interconnect", "black-sesame", "ruige-microelectronics", "fangda-group", "hainan-airlines",
        "yangtze-leasing", "hna-aviation-technology-chongqing", "chongqing-hna-aviation-recycling",
        "chongqing-yunshang-chuwei", "yubei-urban-renewal", "linkong-investment-group",
        "konggang-urban-development-group", "strategic-emerging-industries-group", "konggang-economy-company",
        "chongqing-transport-hub-group",
        # named only in the names of projects (中国电信算力, 浪潮工业机器视觉总部, 腾讯云数字经济产业基地, 大洋电机项目)
        "china-telecom", "inspur", "tencent-cloud", "broad-ocean-motor")}
    rows = {row[0]: row for row in table(result, "entity", "zh", "en", "englishOrigin")}
    assert rows["yb:oppo"] == ("yb:oppo", "OPPO", "OPPO", "原文写法")
    assert rows["yb:changan"] == ("yb:changan", "长安汽车", "Changan Automobile", "编者译名")


def test_labels_of_another_class(ask):
    assert table(ask("labels", **{"class": "kg:Brand"}, lang="en"), "entity", "zh", "en", "englishOrigin") == [
        ("yb:avatr", "阿维塔", "Avatr", "editor's translation"),
        ("yb:changan-qiyuan", "长安启源", "Changan Qiyuan", "editor's translation"),
        ("yb:deepal", "深蓝", "Deepal", "editor's translation"),
    ]


def test_relation_evidence_gives_each_sentence_behind_a_relation(ask):
    assert table(ask("relation-evidence"), "subject", "object", "product", "sentence") == [
        ("yb:catl-changan", "yb:yubei-auto-cluster", "yb:traction-battery", AUTO),
        ("yb:catl-changan", "yb:yubei-auto-cluster", "yb:traction-battery", CATL),
    ]
    assert table(ask("relation-evidence", predicate="filledBy"), "object", "sentence") == [
        ("yb:catl-changan", GAP), ("yb:catl-changan", CATL),
        ("yb:catl-changan-battery-base", CATL), ("yb:catl-changan-battery-base", CATL_SUPPLY),
    ]


def test_search_finds_entities_by_chinese_name_or_alias(ask):
    assert [row[0] for row in table(ask("search"), "entity")] == [
        "yb:avatr-07", "yb:catl-changan", "yb:catl-changan-battery-base", "yb:catl-changan-investment-announcement",
        "yb:changan", "yb:changan-nev-sales-milestone", "yb:changan-qiyuan", "yb:changan-smart-factory",
        "yb:changan-technology-launch"]


def test_search_ignores_letter_case_in_english_names(ask):
    found = [row[0] for row in table(ask("search", text="CHANGAN"), "entity")]
    assert found == ["yb:catl-changan", "yb:catl-changan-battery-base", "yb:catl-changan-investment-announcement",
                     "yb:changan", "yb:changan-nev-sales-milestone", "yb:changan-qiyuan", "yb:changan-smart-factory",
                     "yb:changan-technology-launch"]


def test_recurring_indicators_count_their_figures(ask):
    assert table(ask("recurring-indicators"), "indicator", "figures") == [
        # five investments and the converter station's rank by investment (总投资最高)
        ("ind:output-value", D(6)), ("ind:total-investment", D(6)),
        ("ind:above-scale-industrial-output", D(3)), ("ind:funds-recovered", D(3)), ("ind:nev-sales", D(3)),
        ("ind:state-assets-revitalized", D(3)),
        ("ind:construction-duration", D(2)), ("ind:nev-production", D(2)), ("ind:operating-revenue", D(2)),
        ("ind:rated-voltage", D(2)),
        ("ind:site-area", D(2)),  # Xiantao's 2 km² and the converter station's rank (占地面积最大)
    ]


def test_makers_give_factory_company_and_brand(ask):
    assert table(ask("makers"), "product", "maker", "company", "brand") == [
        ("yb:aito-m9", "yb:seres", None, None),
        ("yb:aito-m9", "yb:seres-super-factory", "yb:seres", None),
        ("yb:avatr-07", "yb:changan-smart-factory", "yb:changan", "yb:avatr"),
        ("yb:mobile-phone", "yb:transsion-chongqing", None, None),
        ("yb:nev-powertrain-system", "yb:dayang-motor-project", None, None),
        ("yb:traction-battery", "yb:catl-changan-battery-base", "yb:catl-changan", None),
    ]


def test_where_is_climbs_every_place_and_whole(ask):
    assert table(ask("where-is"), "place") == [
        ("yb:chongqing",), ("yb:pingan-village",), ("yb:yubei",), ("yb:yulin-river",)]
    assert table(ask("where-is", entity="yubei-converter-station"), "place") == [
        ("yb:chongqing",), ("yb:dawan-town",), ("yb:hami-chongqing-uhv",), ("yb:southwest-china",), ("yb:yubei",)]


def test_targeted_industries_include_narrower_ones_with_who_proposed_them(ask):
    plan = [("yb:plan-12341", f"industry:{name}", "yb:fangda-group") for name in (
        "aircraft-dismantling", "aircraft-leasing", "aircraft-maintenance", "aviation-training", "business-aviation",
        "engine-maintenance", "low-altitude-economy")]
    district = [("yb:yubei", f"industry:{name}", None) for name in (
        "air-passenger-cargo", "air-transport-logistics", "aircraft-leasing", "aircraft-maintenance",
        "airport-manufacturing", "aviation-food", "aviation-materials-trading", "aviation-training")]
    assert table(ask("targeted-industries"), "who", "target", "proposer") == plan + district
    # the article does not say who issued the 满天星 plan
    assert table(ask("targeted-industries", industry="software-information"), "who", "target", "proposer") == [
        ("yb:mantianxing-plan", "industry:software-information", None)]


def test_assets_revitalized_stand_beside_funds_recovered(ask):
    assert table(ask("assets-revitalized"), "organization", "period", "assetsRevitalized", "fundsRecovered") == [
        ("yb:yubei", "2024", D(8497000000), D(1397000000)),
        ("yb:xiantao-data-valley", "2024", D(1500000000), D(140000000)),
        ("yb:konggang-economy-company", "2024", D(140000000), D(24888000)),
    ]


def test_figures_in_period_are_those_of_january_to_november(ask):
    eleven_months = [f"obs:{name}" for name in sorted((
        "konggang-rental-income-2024-11", "konggang-revenue-2024-11", "seres-nev-sales-2024-ytd",
        "yubei-above-scale-added-value-2024-11", "yubei-above-scale-output-2024-11", "yubei-auto-output-2024-11",
        "yubei-contracted-investment-2024-11", "yubei-electronics-output-2024-11", "yubei-imports-exports-2024-11",
        "yubei-key-project-completion-rate-2024-11", "yubei-key-project-investment-2024-11",
        "yubei-key-projects-2024-11", "yubei-major-project-signings-rank-2024-11", "yubei-nev-production-2024-11",
        "yubei-new-market-entities-2024-11", "yubei-new-signed-projects-2024-11", "yubei-new-started-projects-2024-11",
        "yubei-project-start-rate-2024-11", "yubei-vehicle-production-2024-11"))]
    assert [row[0] for row in table(ask("figures-in-period"), "figure")] == [
        "obs:chongqing-nev-production-2024-10", *eleven_months,
        "obs:changan-nev-sales-2024-11", "obs:seres-nev-sales-2024-11"]
    november = ask("figures-in-period", **{"from": "2024-11-01"})
    assert table(november, "figure", "value") == [("obs:changan-nev-sales-2024-11", D(100000)),
                                                  ("obs:seres-nev-sales-2024-11", D(37000))]


@pytest.fixture(scope="module")
def conflicting_stores(tmp_path_factory):
    """The project with a second source whose figure differs from the article's, in each local store."""
    from tests.two_sources import two_source_graph

    return local_stores(two_source_graph(tmp_path_factory.mktemp("two-sources")))


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_figure_conflicts_pair_the_figures_two_sources_disagree_on(conflicting_stores, store):
    result = run_query("figure-conflicts", store=conflicting_stores[store], lang="en")
    assert table(result, "subject", "subjectName", "indicator", "period", "figure", "value", "unit", "sources",
                 "other", "otherValue", "otherUnit", "otherSources") == [
        ("yb:xiantao-data-valley", "Xiantao Data Valley", "ind:state-assets-revitalized", "2024",
         "obs:xiantao-assets-other-report", D(16), "亿元", "other-report",
         "obs:xiantao-state-assets-revitalized-2024", D(15), "亿元", "yubei-2024"),
    ]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_indicator_series_holds_both_sources_figures_for_one_period(conflicting_stores, store):
    assert table(run_query("indicator-series", store=conflicting_stores[store]), "figure", "period", "writtenValue",
                 "sources") == [
        ("obs:xiantao-assets-other-report", "2024", D(16), "other-report"),
        ("obs:xiantao-state-assets-revitalized-2024", "2024", D(15), "yubei-2024"),
    ]


def test_neighbourhood_is_a_graph_of_the_entity_its_relations_and_names(ask):
    result = ask("neighbourhood", lang="en")
    assert result.kind == "graph"
    triples = {tuple(simple(t) for t in triple) for triple in result.graph}
    assert triples == {
        ("yb:catl-changan", "kg:builds", "yb:catl-changan-battery-base"),
        ("yb:catl-changan", "kg:coreSupplierOf", "yb:yubei-auto-cluster"),
        ("yb:catl-changan", "kg:supplies", "yb:yubei-auto-cluster"),
        ("yb:catl-changan", "kg:inIndustry", "industry:power-battery"),
        ("yb:chongqing-battery-gap", "kg:filledBy", "yb:catl-changan"),
        ("yb:catl-changan-investment-announcement", "kg:participant", "yb:catl-changan"),
        ("yb:catl-changan", "rdfs:label", "CATL-Changan Power Battery Co., Ltd."),
        ("yb:catl-changan-battery-base", "rdfs:label", "CATL-Changan power battery production base"),
        ("yb:yubei-auto-cluster", "rdfs:label", "Yubei automotive cluster"),
        ("industry:power-battery", "rdfs:label", "power batteries"),
        ("yb:chongqing-battery-gap", "rdfs:label", "no local battery supplier for Chongqing's main vehicle models"),
        ("yb:catl-changan-investment-announcement", "rdfs:label",
         "CATL-Changan announces a 5-billion-yuan power battery base"),
    }


# --- chains deeper than the article's (tests/deep_graph.py) ---------------------------------------

@pytest.fixture(scope="module")
def deep_stores(built):
    from tests.deep_graph import deep_graph

    return local_stores(deep_graph(built.ontology.graph))


@pytest.fixture(params=["memory", "oxigraph"])
def ask_deep(request, deep_stores):
    def run(name: str, **params):
        return run_query(name, params, store=deep_stores[request.param])

    return run


def test_subsidiaries_of_subsidiaries_to_any_depth(ask_deep):
    # 深区 founded 深集团, whose subsidiary 深控股 owns 深制造 and invested in 深伙伴
    assert table(ask_deep("subsidiaries"), "parent", "organization", "direct") == [
        ("yb:deep-district", "yb:deep-group", True),
        ("yb:deep-district", "yb:deep-holding", False),
        ("yb:deep-district", "yb:deep-maker", False),
        ("yb:deep-district", "yb:deep-partner", False),
        ("yb:deep-group", "yb:deep-holding", True),
        ("yb:deep-group", "yb:deep-maker", False),
        ("yb:deep-group", "yb:deep-partner", False),
        ("yb:deep-holding", "yb:deep-maker", True),
        ("yb:deep-holding", "yb:deep-partner", True),
    ]


def test_upstream_through_clusters_inside_clusters_and_suppliers_of_suppliers(ask_deep):
    # the leader's cluster holds cluster 1, which holds cluster 2, supplied by 深制造, which 深伙伴
    # supplies, which 深供应商 supplies
    assert table(ask_deep("upstream-of", company="yb:deep-leader"), "supplier") == [
        ("yb:deep-maker",), ("yb:deep-partner",), ("yb:deep-supplier",)]
    # a company's own suppliers, and theirs
    assert table(ask_deep("upstream-of", company="yb:deep-maker"), "supplier") == [
        ("yb:deep-partner",), ("yb:deep-supplier",)]


def test_where_is_climbs_five_places(ask_deep):
    assert table(ask_deep("where-is", entity="yb:deep-maker"), "place", "typeLabel") == [
        ("yb:deep-block", "地点"), ("yb:deep-district", "区"), ("yb:deep-new-area", "新区"),
        ("yb:deep-park", "产业园区"), ("yb:deep-site", "地点")]


def test_in_zone_reaches_three_places_down(ask_deep):
    assert table(ask_deep("in-zone", zone="yb:deep-new-area"), "entity", "class", "relation", "via") == [
        ("yb:deep-maker", "kg:Company", "kg:builds", "yb:deep-plant"),
        ("yb:deep-block", "kg:Place", "kg:locatedIn", None),
        ("yb:deep-maker", "kg:Company", "kg:locatedIn", None),
        ("yb:deep-park", "kg:IndustrialPark", "kg:locatedIn", None),
        ("yb:deep-plant", "kg:ManufacturingProject", "kg:locatedIn", None),
        ("yb:deep-site", "kg:Place", "kg:locatedIn", None),
        ("yb:deep-partner", "kg:Company", "kg:partnersWith", None),
    ]
    # what is in the block, who builds there, and the block's own partner
    assert table(ask_deep("in-zone", zone="yb:deep-block"), "entity", "relation", "via") == [
        ("yb:deep-maker", "kg:builds", "yb:deep-plant"),
        ("yb:deep-maker", "kg:locatedIn", None), ("yb:deep-plant", "kg:locatedIn", None),
        ("yb:deep-site", "kg:locatedIn", None), ("yb:deep-partner", "kg:partnersWith", None)]


def test_zones_of_an_industry_three_levels_up_and_of_zones_inside_zones(ask_deep):
    assert table(ask_deep("zones-of-industry", industry="industry:deep-0"), "zone", "via", "zoneIndustry") == [
        ("yb:deep-new-area", "yb:deep-maker", "industry:deep-3"),
        ("yb:deep-new-area", "yb:deep-park", "industry:deep-1"),  # a park inside the new area
        ("yb:deep-park", None, "industry:deep-1"),
        ("yb:deep-park", "yb:deep-maker", "industry:deep-3"),  # three places down
    ]
    assert table(ask_deep("zones-of-industry", industry="industry:deep-1"), "zone", "via", "zoneIndustry") == [
        ("yb:deep-new-area", "yb:deep-maker", "industry:deep-3"),
        ("yb:deep-new-area", "yb:deep-park", "industry:deep-1"),
        ("yb:deep-park", None, "industry:deep-1"),  # the park's own industry: zero steps down
        ("yb:deep-park", "yb:deep-maker", "industry:deep-3"),
    ]


def test_targeted_industries_three_levels_down(ask_deep):
    for industry in ("industry:deep-0", "industry:deep-3"):  # three levels down, and the industry itself
        assert table(ask_deep("targeted-industries", industry=industry), "who", "target", "proposer") == [
            ("yb:deep-plan", "industry:deep-3", "yb:deep-district")]

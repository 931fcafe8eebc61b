"""kg stats: its counts are the graph's, counted here another way (walking the triples)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from kg.cli import cli
from kg.export import serialize
from kg.namespaces import KG, OBS, PROV, RDF, RDFS, YB
from kg.stats import graph_stats
from tests.conftest import ROOT


def _entities(graph) -> dict:
    """Entity -> its most specific kg: classes (those no other of its classes is a subclass of, as
    far as the graph's rdfs:subClassOf says), for the nodes of the entity namespace."""
    classes: dict = {}
    for s, o in graph.subject_objects(RDF.type):
        if str(s).startswith(str(YB)) and str(o).startswith(str(KG)):
            classes.setdefault(s, set()).add(o)
    return {s: {c for c in found if not any((other, RDFS.subClassOf, c) in graph for other in found - {c})}
            for s, found in classes.items()}


def _counted_by_walking(graph) -> dict:
    entities = _entities(graph)
    observations = set(graph.subjects(RDF.type, KG.Observation))
    statements = set(graph.subjects(RDF.type, KG.RelationStatement))
    flags = set(graph.objects(None, KG.flag)) | set(graph.subjects(RDF.type, KG.SourceAnomaly))
    facts = observations | statements | set(entities)
    return {
        "triples": len(graph),
        "entities": len(entities),
        "figures": len(observations),
        "relations": len(statements),
        "quotes": len(set(graph.subjects(RDF.type, KG.SourceQuote))),
        "sources": len(set(graph.subjects(RDF.type, KG.SourceDocument))),
        "forecasts": sum(1 for o in observations if graph.value(o, KG.forecast) == Literal(True)),
        "by_class": Counter(str(c) for most_specific in entities.values() for c in most_specific),
        "by_indicator": Counter(str(graph.value(o, KG.indicator)) for o in observations),
        "by_predicate": Counter(str(graph.value(s, RDF.predicate)) for s in statements),
        "flags_by_type": Counter(str(graph.value(f, KG.flagType)) for f in flags),
        "english_labels_translated": sum(
            1 for e in entities if graph.value(e, KG.englishLabelOrigin) == KG.EditorTranslation),
        "without_english_label": sorted(
            str(e) for e in entities if not any(label.language == "en" for label in graph.objects(e, RDFS.label))),
        "without_quote": sorted(str(f) for f in facts if graph.value(f, PROV.wasDerivedFrom) is None),
    }


def _comparable(stats: dict) -> dict:
    """kg stats' result in the shape of _counted_by_walking (rows of counts become Counters)."""
    rows = {"by_class": "class", "by_indicator": "indicator", "by_predicate": "predicate", "flags_by_type": "type"}
    return {key: Counter({row[rows[key]]: row["n"] for row in value}) if key in rows else value
            for key, value in stats.items()}


@pytest.fixture(scope="module")
def stats(graph) -> dict:
    return graph_stats(graph)


def test_stats_counts_match_the_graph_counted_another_way(graph, stats):
    assert _comparable(stats) == _counted_by_walking(graph)


def test_stats_count_each_entity_once_under_the_class_its_data_gives(built, stats):
    # the graph also types a kg:Company as a kg:Organization; the count is by the class of data/
    assert {row["class"]: row["n"] for row in stats["by_class"]} == \
        Counter(str(KG[entity.class_]) for entity in built.dataset.entities.values())
    assert stats["entities"] == len(built.dataset.entities)


def test_an_entity_typed_with_a_class_and_its_grand_superclass_is_counted_under_the_class():
    # a graph kg did not build need not type the village with the kg:AdministrativeArea between
    graph = Graph()
    graph.add((KG.Village, RDFS.subClassOf, KG.AdministrativeArea))
    graph.add((KG.AdministrativeArea, RDFS.subClassOf, KG.Place))
    graph.add((YB["some-village"], RDF.type, KG.Village))
    graph.add((YB["some-village"], RDF.type, KG.Place))
    assert [(row["class"], row["n"]) for row in graph_stats(graph)["by_class"]] == [(str(KG.Village), 1)]


def test_stats_of_the_built_graph_have_no_gaps(stats):
    assert stats["without_english_label"] == []
    assert stats["without_quote"] == []
    assert stats["figures"] > 0 and stats["relations"] > 0 and stats["entities"] > 0


def _small_graph(graph) -> Graph:
    """A figure and an entity with their quotes, from the built graph (small, so stats are quick)."""
    small = Graph()
    for node in (YB["bdstar"], OBS["yubei-auto-output-2024-11"]):
        for s, p, o in graph.triples((node, None, None)):
            small.add((s, p, o))
            if p == PROV.wasDerivedFrom:
                for triple in graph.triples((o, None, None)):
                    small.add(triple)
    return small


def test_stats_list_entities_without_an_english_label_and_facts_without_a_quote(graph):
    damaged = _small_graph(graph)
    entity, figure = YB["bdstar"], OBS["yubei-auto-output-2024-11"]
    for label in list(damaged.objects(entity, RDFS.label)):
        if label.language == "en":
            damaged.remove((entity, RDFS.label, label))
    damaged.remove((figure, PROV.wasDerivedFrom, None))
    damaged_stats = graph_stats(damaged)
    assert damaged_stats["without_english_label"] == [str(entity)]
    assert damaged_stats["without_quote"] == [str(figure)]
    assert _comparable(damaged_stats) == _counted_by_walking(damaged)


def _stats_command(path, *args: str):
    return CliRunner().invoke(cli, ["stats", "--project", str(ROOT), "--graph", str(path), *args])


def test_stats_json_output_is_the_graphs_counts(graph, tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize(graph, "turtle"))
    result = _stats_command(path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert _comparable(json.loads(result.stdout)) == _counted_by_walking(graph)


def test_stats_text_output_starts_with_the_totals(graph, tmp_path):
    small = _small_graph(graph)
    path = tmp_path / "small.ttl"
    path.write_bytes(serialize(small, "turtle"))
    result = _stats_command(path)
    assert result.exit_code == 0, result.output
    counts = _counted_by_walking(small)
    assert result.stdout.splitlines()[0] == (
        f"{counts['triples']:,} triples: {counts['entities']} entities, {counts['relations']} relations, "
        f"{counts['figures']} figures ({counts['forecasts']} forecasts), {counts['quotes']} quoted sentences, "
        f"{counts['sources']} source(s)"
    )
    assert "Entities without an English label: 0" in result.stdout
    assert "Facts without a quote: 0" in result.stdout

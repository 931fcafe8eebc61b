"""kg chart (an indicator over time as SVG) and kg diff (what changed, in readable terms)."""

from __future__ import annotations

import pytest

from tests.kg_runner import invoke as run_kg


def test_chart_is_an_svg_with_a_bar_per_figure_and_the_same_bytes_every_time(tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for target in (first, second):
        result = run_kg("chart", "--subject", "seres", "--indicator", "nev-sales", "-o", str(target))
        assert result.returncode == 0, result.stderr
    svg = first.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<script" not in svg
    assert "赛力斯" in svg and "2024-11" in svg and "2024-01/2024-11" in svg
    assert svg.count("<rect x=") >= 3  # background, two bars
    assert first.read_bytes() == second.read_bytes()


def test_chart_html_wraps_the_svg_and_a_table(tmp_path):
    target = tmp_path / "chart.html"
    assert run_kg("chart", "--subject", "seres", "--indicator", "nev-sales", "-o", str(target)).returncode == 0
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page and "<table>" in page and "3.7 万辆" in page


def test_chart_of_an_unknown_subject_is_an_error(tmp_path):
    result = run_kg("chart", "--subject", "nowhere", "--indicator", "nev-sales", "-o", str(tmp_path / "c.svg"))
    assert result.returncode == 2 and "--subject" in result.stderr
    assert not (tmp_path / "c.svg").exists()


@pytest.fixture(scope="module")
def old_graph(built, tmp_path_factory):
    from kg.export import serialize

    target = tmp_path_factory.mktemp("diff") / "old.ttl"
    target.write_bytes(serialize(built.graph, "turtle"))
    return target


def _write_graph(project, target) -> None:
    from kg.export import serialize
    from kg.pipeline import build_project

    target.write_bytes(serialize(build_project(project).graph, "turtle"))


def test_diff_of_a_graph_with_itself_is_empty_exit_0(old_graph):
    result = run_kg("diff", str(old_graph), str(old_graph))
    assert result.returncode == 0 and "no differences" in result.stdout


def test_diff_names_entities_indicators_periods_and_old_and_new_values(tmp_path, copy_project, old_graph):
    figures = copy_project.data / "yubei-2024" / "figures-investment.yaml"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("value: 708\n", "value: 710\n", 1), encoding="utf-8")
    relations = copy_project.data / "yubei-2024" / "relations.yaml"
    head, rest = relations.read_text(encoding="utf-8").split("\n  - subject: seres\n    predicate: chainLeaderOf", 1)
    relations.write_text(head + "\n" + rest.split("\n\n", 1)[1], encoding="utf-8")
    new = tmp_path / "new.ttl"
    _write_graph(copy_project, new)
    result = run_kg("diff", str(old_graph), str(new))
    assert result.returncode == 1, result.stderr
    assert "~ figure   渝北区 · 合同投资额 · 2024-01/2024-11: 708 亿元 → 710 亿元" in result.stdout
    assert "- relation 赛力斯 chainLeaderOf 渝北汽车产业集群" in result.stdout
    assert "https://" not in result.stdout  # readable terms, not IRIs
    assert result.stdout.strip().endswith("2 difference(s): 0 added, 1 removed, 1 changed")


def test_diff_with_a_graph_built_before_superclasses_were_added_finds_no_change(built):
    from rdflib import Graph

    from kg.build import kg_superclasses
    from kg.diff import diff_graphs
    from kg.namespaces import RDF

    above = kg_superclasses(built.ontology.graph)
    implied = {(node, RDF.type, parent) for node, cls in built.graph.subject_objects(RDF.type)
               for parent in above.get(cls, ())}
    assert implied  # the built graph has them: a kg:Village is a kg:AdministrativeArea and a kg:Place
    before = Graph()
    for triple in built.graph:
        if triple not in implied:
            before.add(triple)
    assert diff_graphs(before, built.graph) == []


def test_diff_of_a_missing_file_is_an_error(old_graph, tmp_path):
    result = run_kg("diff", str(old_graph), str(tmp_path / "none.ttl"))
    assert result.returncode == 2 and "none.ttl" in result.stderr

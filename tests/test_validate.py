"""kg validate: exit 1 with findings that name the node and the rule, 2 on a file that
is not RDF; text and JSON reports. (Exit 0 on the project: tests/test_build.py.)"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli
from kg.export import serialize
from kg.namespaces import KG, OBS, RDF, RDFS, REL, SDMX_ATTRIBUTE, YB
from tests.conftest import ROOT

FIGURE = OBS["yubei-auto-output-2024-11"]
ENTITY = YB["bdstar"]
RELATION = REL["seres--locatedIn--yubei"]
UNKNOWN = YB["yubeii"]


def _validate(*args: str):
    return CliRunner().invoke(cli, ["validate", "--project", str(ROOT), *args])


def _with_defects(graph) -> Graph:
    """The built graph with a figure without a unit, an entity without an English label and
    a relation (triple and statement) pointing at an entity the graph does not have."""
    broken = Graph() + graph
    broken.remove((FIGURE, SDMX_ATTRIBUTE.unitMeasure, None))
    broken.remove((ENTITY, RDFS.label, next(o for o in graph.objects(ENTITY, RDFS.label) if o.language == "en")))
    broken.remove((YB["seres"], KG.locatedIn, YB["yubei"]))
    broken.add((YB["seres"], KG.locatedIn, UNKNOWN))
    broken.set((RELATION, RDF.object, UNKNOWN))
    return broken


@pytest.fixture(scope="module")
def defective_report(built, tmp_path_factory):
    path = tmp_path_factory.mktemp("defects") / "graph.nt"
    path.write_bytes(serialize(_with_defects(built.graph), "nt"))
    result = _validate("--graph", str(path), "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_validate_exits_1_when_the_graph_breaks_a_rule(defective_report):
    exit_code, report = defective_report
    assert exit_code == 1
    assert report["conforms"] is False


@pytest.mark.parametrize(("node", "rules", "words"), [
    (FIGURE, {"kgsh:ValueHasUnitShape"}, "needs its unit"),
    (ENTITY, {"kgsh:EntityShape"}, "needs an rdfs:label in English"),
    (YB["seres"], {"unknown-reference", "kgsh:RelationRanges"}, "yubeii"),
    (UNKNOWN, {"kgsh:Described"}, "no rdf:type"),
], ids=["figure without a unit", "entity without an English label", "relation to an unknown entity",
        "the unknown entity"])
def test_each_violation_names_the_node_and_the_rule(defective_report, node, rules, words):
    _, report = defective_report
    findings = [f for f in report["findings"] if f["focus"] == str(node)]
    assert {f["rule"] for f in findings} == rules
    assert all(f["severity"] == "violation" for f in findings)
    assert any(words in f["message"] for f in findings)


def test_violations_are_found_only_where_the_graph_was_broken(defective_report):
    _, report = defective_report
    assert {f["focus"] for f in report["findings"]} == {str(FIGURE), str(ENTITY), str(YB["seres"]), str(UNKNOWN)}


def test_json_report_gives_each_finding_its_fields(defective_report):
    _, report = defective_report
    assert set(report) == {"conforms", "findings"}
    for finding in report["findings"]:
        assert set(finding) == {"severity", "focus", "rule", "message", "where"}


def test_text_report_has_one_line_per_finding_and_a_summary(built, tmp_path):
    # a graph of one figure whose unit is gone: small, so the report is quick
    figure = Graph()
    for triple in built.graph.triples((FIGURE, None, None)):
        figure.add(triple)
    figure.remove((FIGURE, SDMX_ATTRIBUTE.unitMeasure, None))
    path = tmp_path / "figure.ttl"
    path.write_bytes(serialize(figure, "turtle"))
    result = _validate("--graph", str(path))
    assert result.exit_code == 1
    assert ("violation: obs:yubei-auto-output-2024-11: a figure's value needs its unit "
            "(sdmx-attribute:unitMeasure) [kgsh:ValueHasUnitShape]") in result.stdout.splitlines()
    assert result.stderr.startswith("does not conform: ")


def test_validate_of_a_broken_rdf_file_exits_2_naming_file_line_and_column(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    result = _validate("--graph", str(path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {path}:3:")
    location = lines[0][len(f"error: {path}:"):].split(":")
    assert location[0] == "3" and location[1].isdigit()


def test_checks_on_a_view_of_an_oxigraph_store_read_the_store_in_place(built, monkeypatch):
    """kg validate --store oxigraph:PATH: the SPARQL checks query the store itself, not a copy
    of a million triples made through the rdflib view."""
    from kg.project import Project
    from kg.stores import oxigraph as oxigraph_module
    from kg.validate import check_findings, load_checks

    checks = load_checks(Project(ROOT).checks)
    broken = _with_defects(built.graph)
    expected = check_findings(broken, checks)
    view = oxigraph_module.oxigraph_copy(broken).rdflib_graph()

    def no_copy(graph):
        raise AssertionError("the store was copied")

    monkeypatch.setattr(oxigraph_module, "oxigraph_copy", no_copy)
    assert expected and check_findings(view, checks) == expected


def test_a_relation_without_a_quoted_statement_is_a_violation(built):
    from kg.namespaces import PROV
    from kg.project import Project
    from kg.validate import check_findings, load_checks

    checks = [c for c in load_checks(Project(ROOT).checks) if c.name == "relation-without-statement"]
    unquoted = Graph() + built.graph
    unquoted.remove((RELATION, PROV.wasDerivedFrom, None))
    assert check_findings(built.graph, checks) == []
    findings = check_findings(unquoted, checks)
    assert [(f.focus, f.rule) for f in findings] == [(str(YB["seres"]), "relation-without-statement")]

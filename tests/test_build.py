"""kg build: data/ + ontology/ → a validated, deterministic Turtle file."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import isomorphic

from tests.conftest import ROOT, run_kg


def test_build_writes_turtle_and_prints_where_and_a_summary(copy_project, kg):
    result = kg("build", "--project", str(copy_project.root))
    assert result.returncode == 0, result.stderr
    assert "wrote build/yubei-kg.ttl" in result.stdout
    assert "figures" in result.stdout and "relations" in result.stdout
    assert copy_project.built_graph.is_file()


def test_build_output_is_byte_identical_whatever_the_hash_seed(copy_project, tmp_path, built):
    from kg.export import serialize

    # two fresh processes with fixed seeds, and this one with its own (random) seed
    outputs = [serialize(built.graph, "turtle")]
    for seed in ("0", "12345"):
        target = tmp_path / f"graph-{seed}.ttl"
        result = run_kg("build", "--project", str(copy_project.root), "-o", str(target),
                        env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_built_turtle_parses_back_isomorphic_to_the_graph(built, tmp_path):
    from kg.export import serialize

    data = serialize(built.graph, "turtle")
    parsed = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert isomorphic(parsed, built.graph)


def test_built_graph_conforms_to_shapes_and_checks_and_validate_exits_0():
    import json

    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, ["validate", "--project", str(ROOT), "--format", "json"])
    report = json.loads(result.stdout)
    assert report["findings"] == []  # no violation and no warning
    assert report["conforms"] is True
    assert result.exit_code == 0


def test_project_is_found_from_a_subfolder(kg):
    result = kg("stats", "--format", "json", cwd=ROOT / "data")
    assert result.returncode == 0, result.stderr


def test_kg_help_lists_commands_and_exit_codes():
    result = run_kg("--help")
    assert result.returncode == 0
    for command in ("build", "validate", "export", "stats"):
        assert command in result.stdout
    assert "Exit codes" in result.stdout


def test_every_node_of_a_kg_class_is_typed_with_each_kg_class_above_it_too(built):
    from kg.namespaces import KG, RDF, RDFS, YB

    graph = built.graph
    kg_classes = {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(KG))}
    for node, cls in graph.subject_objects(RDF.type):
        if cls in kg_classes:
            above = {c for c in graph.transitive_objects(cls, RDFS.subClassOf) if str(c).startswith(str(KG))}
            assert all((node, RDF.type, c) in graph for c in above), (node, cls)
    # what the data says, and what follows from the ontology: a village is an area and a place
    assert {o for o in graph.objects(YB["pingan-village"], RDF.type)} == {KG.Village, KG.AdministrativeArea,
                                                                          KG.Place}
    assert {o for o in graph.objects(YB["strategic-emerging-industries-group"], RDF.type)} == {
        KG.StateOwnedEnterprise, KG.Company, KG.Organization}
    # nothing outside the kg: namespace is added (the ontology's kg:Company is an org:FormalOrganization)
    assert not any(str(o).startswith("http://www.w3.org/ns/org#") for o in graph.objects(YB["changan"], RDF.type))


def test_a_graph_built_without_the_ontology_holds_only_the_classes_data_gives(built):
    from kg.build import build_graph
    from kg.namespaces import KG, RDF, YB

    data_only = build_graph(built.dataset)
    assert set(data_only.objects(YB["pingan-village"], RDF.type)) == {KG.Village}


def test_a_bad_option_is_one_error_line_naming_it_and_the_help_to_read():
    result = run_kg("stats", "--format", "yaml")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: Invalid value for '--format'") and "kg stats --help" in lines[0]


def test_an_unknown_command_is_one_error_line():
    result = run_kg("bulid")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: No such command 'bulid'. (see kg --help)"

"""kg query and kg queries, as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.conftest import copy_of_project, run_kg


@pytest.fixture(scope="module")
def kg(tmp_path_factory, graph):
    """`kg` in a copy of the project whose graph is built already, as after `kg build`."""
    from kg.export import serialize

    root = tmp_path_factory.mktemp("project")
    project = copy_of_project(root)
    project.build.mkdir()
    project.built_graph.write_bytes(serialize(graph, "turtle"))

    def run(*args: str, input: str | None = None):
        return run_kg(*args, cwd=root, input=input)

    return run


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("graphs") / "small.ttl"
    path.write_text('@prefix e: <http://example.org/> .\ne:a e:name "甲方企业"@zh .\ne:b e:name "B"@en .\n',
                    encoding="utf-8")
    return path


def test_kg_query_runs_a_saved_query_as_an_aligned_table(kg):
    result = kg("query", "chain-leaders", "--lang", "en")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["cluster", "clusterLabel", "leader", "leaderLabel", "supplier", "supplierLabel",
                                "product", "productLabel"]
    assert any("yb:catl-changan" in line and "traction batteries" in line for line in lines)
    assert result.stderr.strip() == "9 rows"


def test_kg_query_runs_sparql_text_with_the_projects_prefixes_and_writes_a_file(kg, tmp_path):
    target = tmp_path / "out" / "companies.json"
    result = kg("query", "SELECT ?c WHERE { ?c a kg:StateOwnedEnterprise } ORDER BY ?c", "--format", "json",
                    "-o", str(target))
    assert result.returncode == 0, result.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["head"]["vars"] == ["c"]
    assert len(document["results"]["bindings"]) == 5


def test_kg_query_reads_a_query_file_on_other_rdf_files(kg, tmp_path, small_graph):
    query = tmp_path / "names.rq"
    query.write_text("PREFIX e: <http://example.org/>\nSELECT ?s ?name WHERE { ?s e:name ?name } ORDER BY ?s\n",
                     encoding="utf-8")
    result = kg("query", str(query), "--graph", str(small_graph), "--format", "tsv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["?s\t?name", '<http://example.org/a>\t"甲方企业"@zh',
                                          '<http://example.org/b>\t"B"@en']


def test_kg_query_reads_the_query_from_standard_input(kg, small_graph):
    result = kg("query", "-", "--graph", str(small_graph), "--format", "csv",
                input="PREFIX e: <http://example.org/>\nASK { e:a e:name ?n }\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["boolean", "true"]


def test_kg_query_construct_gives_turtle(kg, small_graph):
    result = kg("query", "CONSTRUCT { ?s <http://example.org/label> ?n } WHERE { ?s ?p ?n }",
                    "--graph", str(small_graph), "--store", "oxigraph")
    assert result.returncode == 0, result.stderr
    from rdflib import Graph, Literal, URIRef

    graph = Graph().parse(data=result.stdout, format="turtle")
    assert set(graph) == {
        (URIRef("http://example.org/a"), URIRef("http://example.org/label"), Literal("甲方企业", lang="zh")),
        (URIRef("http://example.org/b"), URIRef("http://example.org/label"), Literal("B", lang="en")),
    }
    assert result.stderr.strip() == "2 triples"


def test_kg_query_binds_parameters(kg):
    result = kg("query", "timeline", "--param", "year=2017", "--lang", "en", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "2017,https://w3id.org/yubei-kg/id/transsion-chongqing-settlement,Chongqing Transsion settles in Yubei,"
        "settlement,false"]


@pytest.mark.parametrize("args, where, words", [
    (["chain-leader"], "chain-leader", "did you mean chain-leaders"),
    (["SELECT * WHERE {\n ?s ?p }"], "query:2:", "malformed query"),
    (["timeline", "--param", "yaer=2017"], "--param yaer", "did you mean year"),
    (["timeline", "--param", "year=twenty"], "--param year", "not an integer"),
    (["timeline", "--param", "year"], "--param", "NAME=VALUE"),
    (["DROP ALL"], "query", "read-only"),
    (["chain-leaders", "--store", "nowhere"], "--store", "unknown store"),
    (["chain-leaders", "--endpoint", "ftp://example.org/"], "--endpoint", "not an http(s) URL"),
    (["chain-leaders", "--endpoint", "http://127.0.0.1:9/", "--store", "memory"], "--endpoint", "not both"),
    (["neighbourhood", "--format", "csv"], "--format", "cannot carry an RDF graph"),
])
def test_kg_query_error_is_one_line_exit_2(kg, args, where, words, tmp_path):
    target = tmp_path / "never.txt"
    result = kg("query", *args, "-o", str(target))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {where}") and words in lines[0], result.stderr
    assert not target.exists()


def test_kg_queries_lists_at_least_twenty_with_titles_and_parameters(kg):
    result = kg("queries")
    assert result.returncode == 0, result.stderr
    assert "upstream-of  Everything upstream of a company (企业的全部上游)" in result.stdout
    assert "--param company=…  iri, default yb:changan" in result.stdout


def test_kg_queries_json_gives_name_title_description_parameters(kg):
    result = kg("queries", "--format", "json")
    assert result.returncode == 0, result.stderr
    catalogue = json.loads(result.stdout)
    assert len(catalogue) >= 20
    assert all(set(entry) == {"name", "title", "description", "parameters"} for entry in catalogue)
    timeline = next(entry for entry in catalogue if entry["name"] == "timeline")
    assert timeline["title"] == {"zh": "年度大事记", "en": "Events of a year, in order"}
    assert timeline["parameters"][0] == {"name": "year", "type": "integer", "default": "2024",
                                         "description": "the year"}


@pytest.mark.parametrize("command", ["query", "queries"])
def test_help_has_examples(kg, command):
    result = kg(command, "--help")
    assert result.returncode == 0 and "Examples:" in result.stdout

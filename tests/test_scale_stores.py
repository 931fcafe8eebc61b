"""The same answers from every local store on a synthetic economy: saved queries, kg analyze
over the store's projection, views read through the rdflib view, exports written by Oxigraph."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.results import NUMERIC_TYPES, XSD
from tests.conftest import ROOT


def comparable(term):
    """A term as the same RDF value, whichever store gave it: numbers by value (Oxigraph writes
    1660.0 as 1660 and nonNegativeInteger as integer), plain and xsd:string literals alike."""
    from rdflib import Literal

    if not isinstance(term, Literal):
        return ("term", str(term))
    datatype = str(term.datatype) if term.datatype else ""
    if datatype in NUMERIC_TYPES:
        return ("number", Decimal(str(term)))
    if datatype == XSD + "string":
        datatype = ""
    return ("literal", str(term), term.language or "", datatype)


def comparable_rows(result) -> list:
    return sorted(tuple(comparable(row.get(name)) if row.get(name) is not None else ("unbound",)
                        for name in result.variables) for row in result.rows)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, project):
    from kg.synth import synthesize

    path = tmp_path_factory.mktemp("stores") / "economy.ttl"
    synthesize(project, 20_000, str(path), seed=5)
    return path


@pytest.fixture(scope="module")
def stores(synthetic, tmp_path_factory, project):
    from kg.stores import open_store
    from kg.stores.loading import load_files

    persistent = tmp_path_factory.mktemp("persistent") / "store"
    load_files([str(synthetic)], persistent)
    return {
        "memory": open_store("memory", project=project, graph_files=[synthetic]),
        "oxigraph": open_store("oxigraph", project=project, graph_files=[synthetic]),
        "oxigraph:PATH": open_store(f"oxigraph:{persistent}", project=project),
    }


def _saved_queries():
    from kg.queries import load_catalogue

    return sorted(load_catalogue(ROOT / "queries"))


@pytest.mark.parametrize("name", _saved_queries())
def test_every_saved_query_gives_the_same_rows_on_every_store(name, stores, project, graph):
    from kg.queries import load_catalogue
    from kg.query import run_query
    from kg.synth.samples import sample_parameters

    saved = load_catalogue(project.queries)[name]
    params = sample_parameters(saved, stores["oxigraph"], graph)
    answers = {label: comparable_rows(run_query(saved, params, store, project=project))
               for label, store in stores.items()}
    assert answers["oxigraph"] == answers["memory"]
    assert answers["oxigraph:PATH"] == answers["memory"]


@pytest.mark.parametrize("name", _saved_queries())
def test_rdflib_starts_no_pattern_of_a_saved_query_from_nothing(name, stores, project, graph, monkeypatch):
    """rdflib orders a group's patterns before it knows what is bound: a pattern it reaches with
    none of its variables bound reads every matching triple once per row (a cross product), and
    one that it starts from while a later pattern of the group has a bound end reads them all
    for nothing. Either made a saved query minutes long on a million triples."""
    import sys

    from rdflib import BNode, Variable
    from rdflib.plugins.sparql import evaluate

    from kg.queries import load_catalogue
    from kg.query import run_query
    from kg.synth.samples import sample_parameters

    plain_evaluation = evaluate.evalBGP
    wrong_starts, watched_groups = set(), []

    def unbound(ctx, pattern) -> bool:
        ends = [term for term in pattern if isinstance(term, Variable | BNode)]
        return bool(ends) and all(ctx[term] is None for term in ends)

    def watched(ctx, patterns):
        watched_groups.append(len(patterns))
        if patterns and unbound(ctx, patterns[0]):
            later_in_the_group = sys._getframe(1).f_code is plain_evaluation.__code__
            if later_in_the_group or any(not unbound(ctx, other) for other in patterns[1:]):
                wrong_starts.add(" ".join(term.n3() for term in patterns[0]))
        return plain_evaluation(ctx, patterns)

    monkeypatch.setattr(evaluate, "evalBGP", watched)
    saved = load_catalogue(project.queries)[name]
    run_query(saved, sample_parameters(saved, stores["oxigraph"], graph), stores["memory"], project=project)
    assert watched_groups, "rdflib no longer evaluates patterns through evaluate.evalBGP: this test sees nothing"
    assert not wrong_starts


def test_saved_queries_find_something_in_the_synthetic_economy(stores, project, graph):
    """The comparison above means something only if the queries have rows to compare."""
    from kg.queries import load_catalogue
    from kg.query import run_query
    from kg.synth.samples import sample_parameters

    empty = []
    for name, saved in sorted(load_catalogue(project.queries).items()):
        params = sample_parameters(saved, stores["oxigraph"], graph)
        if not len(run_query(saved, params, stores["oxigraph"], project=project)):
            empty.append(name)
    assert len(empty) <= len(_saved_queries()) // 5, f"no rows: {empty}"


def test_analyze_on_a_store_gives_the_figures_of_the_whole_graph(stores, project, synthetic):
    import json

    from kg.analyze import analyze_graph
    from kg.network_projection import analyze_store
    from kg.rdfio import read_graph_files

    whole = analyze_graph(read_graph_files([synthetic]))
    for label in ("oxigraph", "oxigraph:PATH"):
        on_store = analyze_store(stores[label], project)
        assert json.dumps(on_store, sort_keys=True) == json.dumps(whole, sort_keys=True), label


def test_analyze_on_the_yubei_graph_is_the_same_through_the_projection(project, graph):
    import json

    from kg.analyze import analyze_graph
    from kg.network_projection import network_projection
    from kg.ontology import Ontology
    from kg.stores import open_store

    projection = network_projection(open_store("oxigraph", project=project), Ontology.from_directory(project.ontology))
    assert len(projection) < len(graph) / 4
    assert json.dumps(analyze_graph(projection), sort_keys=True) == json.dumps(analyze_graph(graph), sort_keys=True)


def test_the_rdflib_view_of_a_store_reads_every_graph_without_copying(tmp_path):
    import pyoxigraph
    from rdflib import Literal, URIRef

    from kg.stores.rdflib_view import union_view

    store = pyoxigraph.Store()
    a, p = pyoxigraph.NamedNode("http://example.org/a"), pyoxigraph.NamedNode("http://example.org/p")
    store.add(pyoxigraph.Quad(a, p, pyoxigraph.Literal("in the default graph")))
    store.add(pyoxigraph.Quad(a, p, pyoxigraph.Literal("in a named graph"), pyoxigraph.NamedNode("http://example.org/g")))
    view = union_view(store)
    assert len(view) == 2
    assert {str(o) for o in view.objects(URIRef("http://example.org/a"), URIRef("http://example.org/p"))} == {
        "in the default graph", "in a named graph"}
    store.add(pyoxigraph.Quad(a, p, pyoxigraph.Literal("added later")))
    assert (URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("added later")) in set(view)


def test_the_rdflib_view_of_a_store_gives_the_terms_the_memory_store_gives(tmp_path):
    from kg.stores import open_store

    turtle = tmp_path / "terms.ttl"
    turtle.write_text('@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                      'ex:a ex:p "plain", "typed"^^xsd:string, "中文"@zh, 42, "2024-11"^^xsd:gYearMonth .\n',
                      encoding="utf-8")
    in_memory = set(open_store("memory", graph_files=[turtle]).rdflib_graph())
    on_store = set(open_store("oxigraph", graph_files=[turtle]).rdflib_graph())
    assert len(in_memory) == 5
    assert on_store == in_memory


def test_ego_view_on_a_persistent_store(stores, tmp_path):
    from kg.viz.views import ViewOptions, make_view

    leader = stores["oxigraph:PATH"].query(
        "SELECT ?x WHERE { ?x <https://w3id.org/yubei-kg/ontology#chainLeaderOf> ?c } ORDER BY ?x LIMIT 1").rows[0]["x"]
    focus = "yb:" + str(leader).rsplit("/", 1)[1]
    on_store = make_view(stores["oxigraph:PATH"].rdflib_graph(), "ego", ViewOptions(focus=focus, hops=1))
    in_memory = make_view(stores["memory"].rdflib_graph(), "ego", ViewOptions(focus=focus, hops=1))
    assert sorted(n.id for n in on_store.nodes) == sorted(n.id for n in in_memory.nodes)
    assert len(on_store.nodes) > 3


def test_export_from_a_persistent_store_is_the_graph_and_the_same_bytes_for_the_same_content(
        kg, synthetic, tmp_path):
    import pyoxigraph

    first, second = tmp_path / "first", tmp_path / "second"
    nt = tmp_path / "economy.nt"
    assert kg("load", str(synthetic), "--store", f"oxigraph:{first}").returncode == 0
    # the same triples, loaded from another file in another order
    assert kg("export", "--store", f"oxigraph:{first}", "--format", "nt", "-o", str(nt)).returncode == 0
    lines = nt.read_text(encoding="utf-8").splitlines()
    shuffled = tmp_path / "shuffled.nt"
    shuffled.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    assert kg("load", str(shuffled), "--store", f"oxigraph:{second}").returncode == 0
    outputs = []
    for store in (first, second):
        out = tmp_path / f"{store.name}.ttl"
        result = kg("export", "--store", f"oxigraph:{store}", "-o", str(out))
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    original = pyoxigraph.Store()
    original.load(path=str(synthetic), format=pyoxigraph.RdfFormat.TURTLE)
    exported = pyoxigraph.Store()
    exported.load(outputs[0], format=pyoxigraph.RdfFormat.TURTLE)
    assert set(exported) == set(original)


def test_validate_a_persistent_store(kg, synthetic, tmp_path):
    store = tmp_path / "store"
    assert kg("load", str(synthetic), "--store", f"oxigraph:{store}").returncode == 0
    result = kg("validate", "--store", f"oxigraph:{store}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stderr

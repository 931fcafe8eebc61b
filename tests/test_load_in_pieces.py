"""kg load cuts a big Turtle or N-Triples file into pieces loaded side by side (kg.stores.splitting).

The store must then hold exactly what a load in one piece gives; a file that cannot be cut
safely is loaded whole; a broken file is never loaded, and its error names the line in the file.
Pieces are made tiny here so that small files are cut at every statement.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, skip_or_fail
from tests.w3c_manifests import read_manifest, w3c_tests_dir

SUITES = ("rdf-turtle", "rdf-n-triples", "rdf-n-quads")
VALID = {"TestTurtlePositiveSyntax", "TestTurtleEval", "TestNTriplesPositiveSyntax", "TestNQuadsPositiveSyntax"}
INVALID = {"TestTurtleNegativeSyntax", "TestTurtleNegativeEval", "TestNTriplesNegativeSyntax",
           "TestNQuadsNegativeSyntax"}


@pytest.fixture
def cut_everywhere(monkeypatch):
    """Every line that ends a statement is a cut, loaded by two workers even on one core; gives
    the list of files that went in pieces (or tried to)."""
    from kg.stores import loading, splitting

    monkeypatch.setattr(splitting, "PIECE_BYTES", 1)
    monkeypatch.setattr(loading, "_workers", lambda: 2)
    tried = []
    load_in_pieces = loading._load_in_pieces

    def spy(store, source, *args):
        tried.append(source.name)
        return load_in_pieces(store, source, *args)

    monkeypatch.setattr(loading, "_load_in_pieces", spy)
    return tried


def _in_memory(path, *, split: bool):
    import pyoxigraph

    from kg.stores.loading import load_file

    store = pyoxigraph.Store()
    load_file(store, str(path), None, None, None, split)
    return store


def _as_rdflib(store):
    from rdflib import Dataset

    from kg.rdfio import to_rdflib_term

    dataset = Dataset()
    for quad in store:
        graph = dataset.default_graph if quad.graph_name == type(quad.graph_name)() else \
            dataset.graph(to_rdflib_term(quad.graph_name))
        graph.add((to_rdflib_term(quad.subject), to_rdflib_term(quad.predicate), to_rdflib_term(quad.object)))
    return dataset


def _isomorphic(first, second) -> bool:
    from rdflib.compare import isomorphic

    contexts = {str(g.identifier) for g in (*first.graphs(), *second.graphs()) if len(g)}
    return all(isomorphic(first.graph(name), second.graph(name)) for name in contexts)


def _entries(kinds):
    root = w3c_tests_dir() / "rdf" / "rdf11"
    if not (root / "rdf-turtle" / "manifest.ttl").is_file():
        return [pytest.param(None, id="w3c-suites-missing")]
    return [pytest.param(entry, id=f"{suite}/{entry.name}")
            for suite in SUITES if (root / suite / "manifest.ttl").is_file()
            for entry in read_manifest(root / suite / "manifest.ttl") if entry.approved and entry.kind in kinds]


def _entry_or_skip(entry):
    if entry is None:
        skip_or_fail(f"W3C RDF suites not found under {w3c_tests_dir()}/rdf/rdf11 (set KG_W3C_TESTS)")
    return entry


@pytest.mark.w3c
@pytest.mark.parametrize("entry", _entries(VALID))
def test_w3c_valid_file_in_pieces_gives_the_graph_of_a_whole_load_or_is_not_cut(entry, cut_everywhere):
    from kg.stores.loading import _SplitFailed
    from kg.stores.splitting import Unsplittable

    entry = _entry_or_skip(entry)
    whole = _as_rdflib(_in_memory(entry.action, split=False))
    try:
        in_pieces = _as_rdflib(_in_memory(entry.action, split=True))
    except _SplitFailed as failed:
        # refused before cutting (blank node labels, long strings, late directives), never a
        # piece of a valid file that failed to parse: that would be a cut in the wrong place
        assert isinstance(failed.cause, Unsplittable), failed.cause
        return
    assert _isomorphic(in_pieces, whole)


@pytest.mark.w3c
@pytest.mark.parametrize("entry", _entries(INVALID))
def test_w3c_invalid_file_is_never_loaded_in_pieces(entry, cut_everywhere):
    from kg.errors import KgError
    from kg.stores.loading import _SplitFailed

    entry = _entry_or_skip(entry)
    with pytest.raises((_SplitFailed, KgError)):
        _in_memory(entry.action, split=True)


@pytest.mark.w3c
def test_w3c_suites_have_files_that_are_cut_into_pieces(cut_everywhere):
    """The tests above would pass without ever cutting a file; most W3C files can be cut."""
    from kg.stores.loading import _SplitFailed

    entries = [p.values[0] for p in _entries(VALID)]
    if entries == [None]:
        skip_or_fail(f"W3C RDF suites not found under {w3c_tests_dir()}/rdf/rdf11 (set KG_W3C_TESTS)")
    cut = 0
    for entry in entries:
        tried = len(cut_everywhere)
        try:
            _in_memory(entry.action, split=True)
        except _SplitFailed:
            continue
        cut += len(cut_everywhere) > tried
    assert cut > len(entries) // 2, (cut, len(entries))


def _load_both_ways(files, tmp_path, monkeypatch):
    """The quads of a persistent store filled by kg load in pieces, and in one piece."""
    import pyoxigraph

    from kg.stores import loading

    loading.load_files([str(f) for f in files], tmp_path / "in-pieces")
    monkeypatch.setattr(loading, "_workers", lambda: 1)
    loading.load_files([str(f) for f in files], tmp_path / "whole")
    return tuple(set(pyoxigraph.Store.read_only(str(tmp_path / name))) for name in ("in-pieces", "whole"))


def test_a_synthetic_economy_loads_in_pieces_with_the_triples_of_a_whole_load(cut_everywhere, monkeypatch,
                                                                            tmp_path):
    from kg.project import Project
    from kg.stores import splitting
    from kg.synth import synthesize

    monkeypatch.setattr(splitting, "PIECE_BYTES", 16_384)
    turtle = tmp_path / "economy.ttl"
    synthesize(Project(ROOT), 5_000, str(turtle), seed=7)
    in_pieces, whole = _load_both_ways([turtle], tmp_path, monkeypatch)
    assert cut_everywhere == [str(turtle)]
    assert in_pieces == whole and len(whole) >= 5_000


def test_a_prefix_declared_again_half_way_loads_as_written(cut_everywhere, monkeypatch, tmp_path):
    turtle = tmp_path / "two-prefixes.ttl"
    turtle.write_text("@prefix ex: <http://example.org/a#> .\nex:s ex:p ex:o .\n"
                      "@prefix ex: <http://example.org/b#> .\nex:s ex:p ex:o .\n", encoding="utf-8")
    in_pieces, whole = _load_both_ways([turtle], tmp_path, monkeypatch)
    assert cut_everywhere and in_pieces == whole
    assert {quad.subject.value for quad in whole} == {"http://example.org/a#s", "http://example.org/b#s"}


def test_a_broken_statement_in_a_piece_is_reported_at_its_line_in_the_file(cut_everywhere, tmp_path):
    from kg.errors import KgError
    from kg.stores.loading import load_files

    turtle = tmp_path / "broken.ttl"
    lines = ["@prefix ex: <http://example.org/> ."] + [f"ex:s{n} ex:p ex:o{n} ." for n in range(200)]
    lines[150] = "ex:s150 ex:p ."
    turtle.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KgError) as error:
        load_files([str(turtle)], tmp_path / "store")
    assert cut_everywhere
    assert error.value.where.startswith(f"{turtle}:151:")
    assert not (tmp_path / "store").exists()


def test_two_files_that_both_say_b1_load_as_two_blank_nodes(tmp_path):
    import pyoxigraph

    from kg.stores.loading import load_files

    for name, value in (("a", 1), ("b", 2)):
        (tmp_path / f"{name}.ttl").write_text(f'_:b1 <http://example.org/p> "{value}" .\n', encoding="utf-8")
    load_files([str(tmp_path / "a.ttl"), str(tmp_path / "b.ttl")], tmp_path / "store")
    subjects = {quad.subject for quad in pyoxigraph.Store.read_only(str(tmp_path / "store"))}
    assert len(subjects) == 2

"""The W3C RDF 1.1 syntax suites through kg's reader (kg.rdfio), parametrized from their manifests.

Every negative test is rejected with one KgError at file:line:column; every positive
syntax test is accepted; every evaluation test gives a graph isomorphic to the
suite's expected N-Triples (read by rdflib, a parser independent of kg's).
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_kg, skip_or_fail
from tests.w3c_manifests import read_manifest, w3c_tests_dir

# the suites of ../shared/w3c-tests/rdf/rdf11 whose files kg reads; Turtle must be there,
# the others are run when present
REQUIRED_SUITES = ("rdf-turtle",)
OPTIONAL_SUITES = ("rdf-n-triples", "rdf-n-quads", "rdf-trig")
NEGATIVE = {"TestTurtleNegativeSyntax", "TestTurtleNegativeEval", "TestNTriplesNegativeSyntax",
            "TestNQuadsNegativeSyntax", "TestTrigNegativeSyntax", "TestTrigNegativeEval"}
POSITIVE = {"TestTurtlePositiveSyntax", "TestNTriplesPositiveSyntax", "TestNQuadsPositiveSyntax",
            "TestTrigPositiveSyntax"}
EVAL = {"TestTurtleEval", "TestTrigEval"}


def _suite_entries():
    root = w3c_tests_dir() / "rdf" / "rdf11"
    params = []
    for suite in (*REQUIRED_SUITES, *OPTIONAL_SUITES):
        manifest = root / suite / "manifest.ttl"
        if not manifest.is_file():
            if suite in REQUIRED_SUITES:
                params.append(pytest.param(suite, None, id=f"{suite}-missing"))
            continue
        params.extend(pytest.param(suite, entry, id=f"{suite}/{entry.name}")
                      for entry in read_manifest(manifest) if entry.approved)
    return params


ENTRIES = _suite_entries()


def _of_kinds(kinds: set[str]):
    """The entries of these kinds, and the placeholder that skips (or fails in CI) when a suite is missing."""
    return [p for p in ENTRIES if p.values[1] is None or p.values[1].kind in kinds]


def _entry_or_skip(suite, entry):
    if entry is None:
        skip_or_fail(f"W3C suite {suite} not found under {w3c_tests_dir()}/rdf/rdf11 (set KG_W3C_TESTS)")
    return entry


def _read(entry):
    from rdflib import Graph

    from kg.rdfio import add_quads, iter_quads

    graph = Graph()
    add_quads(graph, iter_quads(entry.action, base_iri=entry.base_iri))
    return graph


@pytest.mark.w3c
@pytest.mark.parametrize(("suite", "entry"), _of_kinds(NEGATIVE))
def test_w3c_negative_test_is_rejected_with_file_line_and_column(suite, entry):
    from kg.errors import KgError

    entry = _entry_or_skip(suite, entry)
    with pytest.raises(KgError) as raised:
        _read(entry)
    error = raised.value
    assert re.fullmatch(rf"{re.escape(str(entry.action))}:\d+:\d+", error.where), error.where
    assert "\n" not in str(error) and error.message


@pytest.mark.w3c
@pytest.mark.parametrize(("suite", "entry"), _of_kinds(POSITIVE))
def test_w3c_positive_syntax_test_is_accepted(suite, entry):
    _read(_entry_or_skip(suite, entry))


@pytest.mark.w3c
@pytest.mark.parametrize(("suite", "entry"), _of_kinds(EVAL))
def test_w3c_evaluation_test_gives_the_expected_graph(suite, entry):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    entry = _entry_or_skip(suite, entry)
    expected = Graph()
    for triple in Graph().parse(entry.result, format="nt"):
        expected.add(tuple(_lower_case_language(term) for term in triple))
    assert isomorphic(_read(entry), expected)


def _lower_case_language(term):
    """RDF 1.1 compares language tags case-insensitively; pyoxigraph writes them lower-case, rdflib as given."""
    from rdflib import Literal

    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    return term


def test_w3c_suites_cover_every_kind_of_test():
    """A manifest kind this module does not sort would silently run nowhere."""
    kinds = {p.values[1].kind for p in ENTRIES if p.values[1] is not None}
    assert kinds <= NEGATIVE | POSITIVE | EVAL, kinds - (NEGATIVE | POSITIVE | EVAL)


def _first_negative_turtle():
    for p in ENTRIES:
        if p.values[1] is not None and p.values[1].kind == "TestTurtleNegativeSyntax":
            return p.values[1]
    return None


@pytest.mark.w3c
@pytest.mark.parametrize("command", ["validate", "export", "stats"])
def test_cli_rejects_a_w3c_negative_turtle_file_in_one_line(command):
    entry = _first_negative_turtle()
    if entry is None:
        skip_or_fail(f"W3C Turtle suite not found under {w3c_tests_dir()} (set KG_W3C_TESTS)")
    result = run_kg(command, "--graph", str(entry.action))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.match(rf"error: {re.escape(str(entry.action))}:\d+:\d+: \S", lines[0]), lines[0]
    assert result.stdout == ""

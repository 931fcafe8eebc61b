"""Parameters for remote endpoints: one single-variable VALUES block per parameter first in the
WHERE group, and again first in each nested group that uses it — nowhere else, and with the
same rows as the query bound once."""

from __future__ import annotations

import pyoxigraph
import pytest
from conftest import ROOT
from rdflib import Literal, URIRef
from result_rows import assert_same_rows

from kg.scoped_values import with_values_in_groups

LANG = {"lang": Literal("zh")}
SAVED_QUERIES = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))


def parses(sparql: str) -> None:
    pyoxigraph.Store().query(sparql)  # SyntaxError if the blocks broke the query


def test_an_optional_that_filters_on_a_parameter_binds_it_too():
    text = with_values_in_groups(
        "SELECT ?x ?l WHERE { ?x a ?c OPTIONAL { ?x <http://l> ?l FILTER(lang(?l) = ?lang) } }", LANG)
    assert text == ('SELECT ?x ?l WHERE { VALUES (?lang) { ("zh") }  ?x a ?c OPTIONAL { VALUES (?lang) { ("zh") }  '
                    '?x <http://l> ?l FILTER(lang(?l) = ?lang) } }')
    parses(text)


def test_each_parameter_gets_a_block_of_its_own():
    text = with_values_in_groups("SELECT * WHERE { ?s ?p ?o FILTER(?o = ?b || ?s = ?a) }",
                                 {"a": URIRef("http://a"), "b": Literal(2)})
    assert "VALUES (?a) { (<http://a>) } VALUES (?b) { (" in text
    parses(text)


def test_groups_without_the_parameter_minus_and_subselects_are_left_alone():
    query = ("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s <http://q> ?q } "
             "MINUS { ?s <http://r> ?lang } "
             "{ SELECT ?s WHERE { ?s <http://t> ?lang } } "
             "VALUES ?o { 1 2 } }")
    text = with_values_in_groups(query, LANG)
    assert text.count("VALUES (?lang)") == 1  # the WHERE group's only
    parses(text)


def test_the_template_of_a_construct_is_not_a_group():
    text = with_values_in_groups(
        "CONSTRUCT { ?s <http://l> ?l } WHERE { ?s <http://l> ?l OPTIONAL { ?s <http://m> ?m FILTER(?m = ?lang) } }",
        LANG)
    assert text.startswith("CONSTRUCT { ?s <http://l> ?l } WHERE { VALUES (?lang)")
    assert text.count("VALUES (?lang)") == 2
    parses(text)


def test_union_branches_and_exists_that_use_it_bind_it():
    text = with_values_in_groups(
        "SELECT * WHERE { { ?s ?p ?lang } UNION { ?s ?p ?o } FILTER EXISTS { ?s ?q ?lang } }", LANG)
    assert text.count("VALUES (?lang)") == 3
    parses(text)


def test_without_parameters_the_query_is_unchanged():
    query = "SELECT * WHERE { ?s ?p ?o }"
    assert with_values_in_groups(query, {}) == query


@pytest.mark.parametrize("name", SAVED_QUERIES)
def test_saved_queries_give_the_same_rows_bound_in_every_group(name, local_store):
    from kg.parameters import bind_parameters
    from kg.queries import load_catalogue

    saved = load_catalogue(ROOT / "queries")[name]
    bindings = bind_parameters(saved.parameters, {})
    once = local_store.query(saved.text, bindings=bindings)
    everywhere = local_store.query(with_values_in_groups(saved.text, bindings))
    assert_same_rows(once, everywhere, saved.text, name)

"""Parameters are bound as RDF terms: typed values parse or are refused at `--param NAME`, and
hostile values stay plain literals that change nothing."""

from __future__ import annotations

import pytest
from rdflib import Literal, Namespace, URIRef

from kg.bindings import values_block, where_group_start, with_values
from kg.errors import KgError
from kg.parameters import Parameter, bind_parameters, parse_assignments, parse_value
from kg.query import run_query

YB = "https://w3id.org/yubei-kg/id/"
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


def error_of(function, *args, **kwargs) -> KgError:
    with pytest.raises(KgError) as caught:
        function(*args, **kwargs)
    return caught.value


# --- types ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("type_name, text, term", [
    ("iri", "yb:changan", URIRef(YB + "changan")),
    ("iri", "<https://example.org/a>", URIRef("https://example.org/a")),
    ("iri", "https://example.org/b#c", URIRef("https://example.org/b#c")),
    ("string", "长安 汽车", Literal("长安 汽车")),
    ("integer", " 2024 ", Literal("2024", datatype=XSD.integer)),
    ("integer", "-07", Literal("-7", datatype=XSD.integer)),
    ("decimal", "16.7", Literal("16.7", datatype=XSD.decimal)),
    ("decimal", "50", Literal("50.0", datatype=XSD.decimal)),
    ("date", "2024-11-30", Literal("2024-11-30", datatype=XSD.date)),
    ("lang", "EN", Literal("en")),
    ("boolean", "True", Literal("true", datatype=XSD.boolean)),
])
def test_value_parses_into_the_term_of_its_type(type_name, text, term):
    parsed = parse_value(type_name, text, "x")
    assert parsed == term and type(parsed) is type(term)


def test_bare_id_is_read_in_the_namespace_of_the_default():
    company = Parameter("company", "iri", "yb:changan")
    assert company.parse("seres") == URIRef(YB + "seres")
    flag = Parameter("flag_type", "iri", "kg:Implausible")
    assert flag.parse("SourceTypo") == URIRef("https://w3id.org/yubei-kg/ontology#SourceTypo")


@pytest.mark.parametrize("type_name, text, complaint", [
    ("integer", "20x4", "not an integer"),
    ("integer", "1e3", "not an integer"),
    ("decimal", "NaN", "not a decimal"),
    ("decimal", "1,5", "not a decimal"),
    ("date", "2024-02-30", "not a date"),
    ("date", "30/11/2024", "not a date"),
    ("lang", "zh CN", "not a language tag"),
    ("boolean", "yes", "not a boolean"),
    ("iri", "two words", "not an IRI"),
    ("iri", "yb:a>b", "cannot contain"),
    ("iri", "", "not an IRI"),
])
def test_value_that_does_not_parse_is_refused_at_its_option(type_name, text, complaint):
    error = error_of(parse_value, type_name, text, "year")
    assert error.where == "--param year" and complaint in error.message


def test_unknown_parameter_is_refused_with_close_matches():
    error = error_of(bind_parameters, [Parameter("company", "iri", "yb:changan")], {"compnay": "seres"})
    assert error.where == "--param compnay"
    assert "did you mean company" in error.message


def test_every_declared_parameter_gets_its_default():
    terms = bind_parameters([Parameter("year", "integer", "2024"), Parameter("lang", "lang", "zh")], {"lang": "en"})
    assert terms == {"year": Literal("2024", datatype=XSD.integer), "lang": Literal("en")}


def test_assignment_needs_name_and_equals_sign_once():
    assert parse_assignments(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    assert error_of(parse_assignments, ["novalue"]).where == "--param"
    assert error_of(parse_assignments, ["a=1", "a=2"]).where == "--param a"


# --- hostile values ---------------------------------------------------------------------------------

HOSTILE = [
    'x" } ; DROP ALL #',
    "x' } ; DROP ALL #",
    '长安" . ?s ?p ?o } INSERT DATA { <http://e/a> <http://e/b> "c" } #',
    "x>\n<http://e/a>",
    "first line\nsecond line\r\n\tDROP ALL",
    "back\\slash \\\" quote",
    "\x00\x07\x1b[31m",
    "long " * 1999,
]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_hostile_strings_find_nothing_and_change_nothing(stores, store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = run_query(count, store=stores[store]).rows
    for value in HOSTILE[:3]:
        assert run_query("search", {"text": value}, store=stores[store]).rows == [], value
    assert run_query(count, store=stores[store]).rows == before


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_string_reaches_the_query_unchanged(stores, store, value, tmp_path):
    """A value comes back exactly as given: it was bound as a term, not pasted into the text."""
    query = tmp_path / "echo.rq"
    query.write_text("# parameters:\n#   - {name: text, type: string, default: x}\n"
                     "SELECT ?echo WHERE { BIND(STR(?text) AS ?echo) }\n", encoding="utf-8")
    result = run_query(str(query), {"text": value}, store=stores[store])
    assert [str(row["echo"]) for row in result.rows] == [value]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("value", ["\\u0022", "x\\U00000022y"])
def test_codepoint_escape_in_a_value_is_refused(stores, store, value):
    error = error_of(run_query, "search", {"text": value}, store=stores[store])
    assert error.where == "--param text" and "escape" in error.message


def test_very_long_value_is_refused():
    error = error_of(run_query, "search", {"text": "x" * 10_001})
    assert error.where == "--param text" and "longer than" in error.message


@pytest.mark.parametrize("value", ['yb:x> } ; DROP ALL #', "yb:a b", 'yb:"x"', "yb:x{}"])
def test_hostile_iri_is_refused(value):
    error = error_of(run_query, "upstream-of", {"company": value})
    assert error.where == "--param company"


# --- VALUES blocks, for engines without initial bindings --------------------------------------------


def test_values_block_is_written_from_terms():
    block = values_block({"a": URIRef("http://e/x"), "b": Literal('say "hi"\n', lang="zh"),
                          "c": Literal("1.5", datatype=XSD.decimal)})
    assert block == ('VALUES (?a ?b ?c) { (<http://e/x> "say \\"hi\\"\\n"@zh '
                     '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>) }')


def test_values_block_refuses_what_would_not_read_back():
    assert "not a valid IRI" in error_of(values_block, {"a": URIRef("http://e/x> }")}).message
    assert "variable" in error_of(values_block, {"a b": Literal("x")}).message


def test_values_block_accepts_a_value_its_parser_reads_back_in_canonical_form():
    # pyoxigraph reads "1.0"^^xsd:decimal back as "1", a tag as lower case, xsd:string as plain
    terms = {"a": Literal("1.0", datatype=XSD.decimal), "b": Literal("x", lang="zh-CN"),
             "c": Literal("x", datatype=XSD.string), "d": Literal("1", datatype=XSD.boolean)}
    assert values_block(terms).startswith("VALUES (?a ?b ?c ?d)")


def test_values_block_refuses_a_value_that_a_writer_bug_would_turn_into_syntax(monkeypatch):
    import kg.bindings

    monkeypatch.setattr(kg.bindings, "escape_string", lambda text: text)  # a writer that forgot to escape
    with pytest.raises(KgError, match="does not survive"):
        values_block({"a": Literal('x" "y')})
    with pytest.raises(KgError, match="does not survive"):
        values_block({"a": Literal('x") (?b')})


def test_values_block_refuses_a_value_read_back_with_another_datatype_or_language():
    from kg.bindings import _same_term

    assert not _same_term(Literal("1", datatype=XSD.integer), Literal("1.0", datatype=XSD.decimal))
    assert not _same_term(Literal("x", lang="en"), Literal("x", lang="zh"))
    assert not _same_term(Literal("x"), URIRef("x"))


@pytest.mark.parametrize("sparql, before", [
    ("SELECT * WHERE { ?s ?p ?o }", "?s ?p ?o"),
    ("PREFIX e: <http://e/{x}> # {\nSELECT (EXISTS { ?a ?b ?c } AS ?x) ?s { ?s ?p '{' }", "?s ?p '{'"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "?s ?p ?o"),
    ("ASK\n{ ?s ?p ?o }", "?s ?p ?o"),
])
def test_values_go_first_in_the_where_group(sparql, before):
    at = where_group_start(sparql)
    assert sparql[at] == "{" and sparql[at + 1:].strip().startswith(before)
    bound = with_values(sparql, {"s": URIRef("http://e/a")})
    assert bound[at + 1:].strip().startswith("VALUES (?s) { (<http://e/a>) }")


def test_values_cannot_go_into_the_short_construct_form():
    assert "short form" in error_of(where_group_start, "CONSTRUCT WHERE { ?s ?p ?o }").message

"""The W3C SPARQL 1.1 syntax tests against a running `kg serve`, parametrized from their manifests:
every negative query test is answered 400; every update (well-formed or not) is refused; the
positive query tests are not rejected as malformed."""

from __future__ import annotations

import os
import urllib.error
from pathlib import Path

import pytest
from conftest import skip_or_fail
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, QueryBadFormed

from kg.stores.sparql import server_message

# SPARQLWrapper warns when it cannot guess the form of a malformed query; the tests say the form
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SUITE = Path(os.environ.get("KG_W3C_TESTS", Path(__file__).resolve().parents[2] / "shared" / "w3c-tests"))
QUERY_DIR = SUITE / "sparql" / "sparql11" / "syntax-query"
UPDATE_DIR = SUITE / "sparql" / "sparql11" / "syntax-update-1"


def manifest_entries(directory: Path, *types: str) -> list:
    """(test name, action file) of the manifest's entries of these types, in manifest order."""
    if not (directory / "manifest.ttl").is_file():
        return [pytest.param(None, None, id=f"missing-{directory.name}")]
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF

    manifest = Graph().parse(directory / "manifest.ttl", publicID=(directory / "manifest.ttl").as_uri())
    entries = []
    for head in manifest.objects(None, URIRef(MF + "entries")):
        for test in Collection(manifest, head):
            kinds = {str(kind).removeprefix(MF) for kind in manifest.objects(test, RDF.type)}
            if kinds & set(types):
                action = Path(str(manifest.value(test, URIRef(MF + "action"))).removeprefix("file://"))
                name = str(manifest.value(test, URIRef(MF + "name")) or test).strip()
                entries.append(pytest.param(name, action, id=f"{action.name}"))
    return entries


def require(action: Path | None) -> str:
    if action is None or not action.is_file():
        skip_or_fail(f"the W3C SPARQL syntax tests are not at {SUITE} (set KG_W3C_TESTS)")
    return action.read_text(encoding="utf-8")


def send_query(server, text: str):
    wrapper = SPARQLWrapper(server.sparql)
    wrapper.setQuery(text)
    wrapper.queryType = "SELECT"  # send the text as a query, whatever SPARQLWrapper would guess
    wrapper.setReturnFormat(JSON)
    wrapper.addCustomHttpHeader("Accept", "application/sparql-results+json, text/turtle;q=0.9")  # any form
    wrapper.setMethod(POST)
    wrapper.setTimeout(60)
    return wrapper.query()


@pytest.mark.w3c
@pytest.mark.integration
@pytest.mark.parametrize("name, action", manifest_entries(QUERY_DIR, "NegativeSyntaxTest11", "NegativeSyntaxTest"))
def test_negative_query_syntax_tests_are_answered_400(kg_server, name, action):
    text = require(action)
    with pytest.raises(QueryBadFormed) as caught:
        send_query(kg_server, text)
    assert server_message(caught.value).strip(), "a 400 says why"


@pytest.mark.w3c
@pytest.mark.integration
@pytest.mark.parametrize("name, action", manifest_entries(QUERY_DIR, "PositiveSyntaxTest11", "PositiveSyntaxTest"))
def test_positive_query_syntax_tests_are_not_called_malformed(kg_server, name, action):
    text = require(action)
    try:
        send_query(kg_server, text).response.read()
    except QueryBadFormed as error:
        # well-formed, but some reach out (SERVICE), name graphs this store does not hold or by a
        # relative IRI (FROM), or call a function the engine does not have; relative IRIs elsewhere
        # are read against the project's base IRI
        message = server_message(error)
        assert "malformed" not in message and ("refused" in message or "cannot run" in message), message
    except EndPointInternalError as error:
        # well-formed, but it calls a function the engine does not have
        assert "not supported" in server_message(error)
    except urllib.error.HTTPError as error:
        assert error.code == 422, f"{error.code}: {error.read()[:300]!r}"  # well-formed, too many rows


@pytest.mark.w3c
@pytest.mark.integration
@pytest.mark.parametrize("name, action", manifest_entries(UPDATE_DIR, "PositiveUpdateSyntaxTest11",
                                                          "NegativeUpdateSyntaxTest11"))
def test_every_update_syntax_test_sent_as_an_update_is_refused(kg_server, name, action):
    text = require(action)
    wrapper = SPARQLWrapper(kg_server.sparql, updateEndpoint=kg_server.sparql)
    wrapper.setMethod(POST)
    wrapper.setQuery(text)
    wrapper.queryType = "INSERT"  # an update operation (update=…), whatever its first keyword
    with pytest.raises(urllib.error.HTTPError) as caught:
        wrapper.query()
    assert caught.value.code == 403


@pytest.mark.w3c
@pytest.mark.integration
@pytest.mark.parametrize("name, action", manifest_entries(UPDATE_DIR, "NegativeUpdateSyntaxTest11"))
def test_negative_update_syntax_tests_sent_as_queries_are_answered_400(kg_server, name, action):
    text = require(action)
    with pytest.raises(QueryBadFormed):
        send_query(kg_server, text)

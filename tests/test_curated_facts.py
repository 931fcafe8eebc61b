"""The built graph holds every fact of the article, each with its quote, and nothing else.

The facts expected are listed in tests/expected/*.yaml, written from the article by a
reviewer, not generated from data/. Each is checked with SPARQL on the built graph (its
triples loaded into Oxigraph, which answers the few thousand queries in a second or two);
the reverse checks make sure nothing enters the graph without being reviewed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from rdflib import Literal, URIRef
from ruamel.yaml import YAML

from kg import namespaces as ns
from kg.namespaces import IND, INDUSTRY, KG, PREFIXES, YB, sparql_prologue
from tests.conftest import ROOT

EXPECTED = ROOT / "tests" / "expected"
SOURCE_TEXT = (ROOT / "data" / "sources" / "yubei-2024.txt").read_text(encoding="utf-8")
RDFS_SUBCLASS_OF = URIRef(PREFIXES["rdfs"] + "subClassOf")


def _expected(name: str) -> list[dict]:
    return YAML(typ="safe", pure=True).load((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))[name]


FIGURES = _expected("figures")
RELATIONS = _expected("relations")
ENTITIES = _expected("entities")


def _figure_case(figure: dict) -> str:
    value = f"={figure['value']}" if "value" in figure else ""
    return f"{figure['subject']}:{figure['indicator']}@{figure['period']}{value}"


def _relation_case(relation: dict) -> str:
    return f"{relation['subject']} {relation['predicate']} {relation['object']}"


def _curie(text: str) -> URIRef:
    prefix, local = text.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def _local(node) -> str:
    text = str(node)
    for namespace in (str(YB), str(INDUSTRY), str(IND), str(KG)):
        if text.startswith(namespace):
            return text[len(namespace):]
    return text


def _node(graph, identifier: str) -> URIRef:
    """An id of the data as the graph's IRI: industries are SKOS concepts, the rest entities."""
    if (INDUSTRY[identifier], ns.RDF.type, ns.SKOS.Concept) in graph:
        return INDUSTRY[identifier]
    return YB[identifier]


@pytest.fixture(scope="module")
def store(graph):
    from kg.stores.oxigraph import oxigraph_copy

    return oxigraph_copy(graph).store


def _select(store, query: str, **bindings) -> list[SimpleNamespace]:
    """Rows of a SELECT, each variable an rdflib term (None when unbound); `bindings` fix variables."""
    from kg.rdfio import to_rdflib_term

    if bindings:
        names = " ".join(f"?{name}" for name in bindings)
        values = " ".join(term.n3() for term in bindings.values())
        query = query.replace("WHERE {", f"WHERE {{ VALUES ({names}) {{ ({values}) }}", 1)
    solutions = store.query(sparql_prologue() + query)
    names = [variable.value for variable in solutions.variables]
    return [
        SimpleNamespace(**{n: to_rdflib_term(s[n]) if s[n] is not None else None for n in names})
        for s in solutions
    ]


def _round(number) -> Decimal:
    return Decimal(str(number)).quantize(Decimal("1e-6"))


def _percent(share: dict) -> Decimal:
    if "fraction" in share:
        numerator, denominator = (Decimal(part) for part in str(share["fraction"]).split("/"))
        return _round(numerator * 100 / denominator)
    return _round(share["percent"])


# --- figures -------------------------------------------------------------------------------

FIND_FIGURE = """
SELECT DISTINCT ?obs WHERE {
  ?obs a kg:Observation ; kg:subject ?subject ; kg:indicator ?indicator ; kg:period ?period ;
       prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact .
  FILTER(CONTAINS(?exact, ?fragment))
  %s
}"""
WITH_VALUE = "?obs sdmx-measure:obsValue ?value . FILTER(?value = ?expected)"
WITHOUT_VALUE = "FILTER NOT EXISTS { ?obs sdmx-measure:obsValue ?anyValue }"

FIGURE_DETAILS = """
SELECT ?forecast ?unit ?qualifier ?growth ?basis ?growthQualifier WHERE {
  ?obs kg:forecast ?forecast .
  OPTIONAL { ?obs sdmx-attribute:unitMeasure ?unit }
  OPTIONAL { ?obs kg:qualifier ?qualifier }
  OPTIONAL { ?obs kg:growthRate ?growth ; kg:growthBasis ?basis }
  OPTIONAL { ?obs kg:growthQualifier ?growthQualifier }
}"""
FIGURE_RANKS = """
SELECT ?scope ?by ?position ?top WHERE {
  ?obs kg:hasRanking ?rank . ?rank kg:reference ?scope ; kg:comparedQuantity ?by .
  OPTIONAL { ?rank kg:rankPosition ?position } OPTIONAL { ?rank kg:rankTop ?top }
}"""
FIGURE_SHARES = """
SELECT ?of ?percent WHERE { ?obs kg:hasShare ?share . ?share kg:reference ?of ; kg:sharePercent ?percent }"""
FIGURE_COMPARISONS = """
SELECT ?reference ?by ?direction ?difference WHERE {
  ?obs kg:hasComparison ?comparison .
  ?comparison kg:reference ?reference ; kg:comparedQuantity ?by ; kg:direction ?direction .
  OPTIONAL { ?comparison kg:difference ?difference }
}"""
QUANTITY = {"value": KG.ByValue, "growth": KG.ByGrowth}
DIRECTION = {"higher": KG.Higher, "lower": KG.Lower}


def _expected_details(figure: dict) -> dict:
    growth = figure.get("growth")
    return {
        "unit": _curie(figure["unit"]) if "unit" in figure else None,
        "qualifier": KG[figure["qualifier"]] if "qualifier" in figure else None,
        "forecast": bool(figure.get("forecast", False)),
        "growth": None if growth is None else (
            _round(growth["percent"]),
            KG[growth.get("basis", "UnstatedBasis")],
            KG[growth["qualifier"]] if "qualifier" in growth else None,
        ),
        "rank": sorted(
            (YB[rank["scope"]], QUANTITY[rank["by"]], rank.get("position"), rank.get("top"))
            for rank in figure.get("rank", [])
        ),
        "share": None if "share" not in figure else (YB[figure["share"]["of"]], _percent(figure["share"])),
        "compare": sorted(
            (YB[c["reference"]], QUANTITY[c["by"]], DIRECTION[c.get("direction", "higher")],
             _round(c["difference"]) if "difference" in c else None)
            for c in figure.get("compare", [])
        ),
    }


def _actual_details(store, obs: URIRef) -> dict:
    rows = _select(store, FIGURE_DETAILS, obs=obs)
    assert len(rows) == 1, f"{obs}: expected one set of attributes, found {len(rows)}"
    row = rows[0]
    ranks = _select(store, FIGURE_RANKS, obs=obs)
    shares = _select(store, FIGURE_SHARES, obs=obs)
    comparisons = _select(store, FIGURE_COMPARISONS, obs=obs)
    assert len(shares) <= 1
    return {
        "unit": row.unit,
        "qualifier": row.qualifier,
        "forecast": row.forecast.toPython(),
        "growth": None if row.growth is None else (_round(row.growth.toPython()), row.basis, row.growthQualifier),
        "rank": sorted(
            (r.scope, r.by, r.position.toPython() if r.position is not None else None,
             r.top.toPython() if r.top is not None else None)
            for r in ranks
        ),
        "share": None if not shares else (shares[0].of, _round(shares[0].percent.toPython())),
        "compare": sorted(
            (c.reference, c.by, c.direction, _round(c.difference.toPython()) if c.difference is not None else None)
            for c in comparisons
        ),
    }


@pytest.mark.parametrize("figure", FIGURES, ids=_figure_case)
def test_figure_is_in_the_graph_with_its_quote(graph, store, figure):
    has_value = "value" in figure
    bindings = {
        "subject": _node(graph, figure["subject"]),
        "indicator": IND[figure["indicator"]],
        "period": Literal(str(figure["period"])),
        "fragment": Literal(figure["quote"]),
    }
    if has_value:
        bindings["expected"] = Literal(str(Decimal(str(figure["value"]))), datatype=ns.XSD.decimal)
    found = _select(store, FIND_FIGURE % (WITH_VALUE if has_value else WITHOUT_VALUE), **bindings)
    assert len(found) == 1, f"{len(found)} observations match {_figure_case(figure)} quoting {figure['quote']!r}"
    assert _actual_details(store, found[0].obs) == _expected_details(figure)


def test_every_figure_in_the_graph_is_expected(store):
    rows = _select(store, """
        SELECT ?obs ?subject ?indicator ?period ?value WHERE {
          ?obs a kg:Observation ; kg:subject ?subject ; kg:indicator ?indicator ; kg:period ?period .
          OPTIONAL { ?obs sdmx-measure:obsValue ?value }
        }""")
    expected = {
        (f["subject"], f["indicator"], str(f["period"]), _round(f["value"]) if "value" in f else None)
        for f in FIGURES
    }
    unreviewed = sorted(
        str(row.obs) for row in rows
        if (_local(row.subject), _local(row.indicator), str(row.period),
            _round(row.value.toPython()) if row.value is not None else None) not in expected
    )
    assert unreviewed == []
    assert len(rows) == len(FIGURES)


# --- relations -----------------------------------------------------------------------------

FIND_RELATION = """
SELECT DISTINCT ?statement WHERE {
  ?subject ?predicate ?object .
  ?statement a kg:RelationStatement ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ;
             prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact .
  FILTER(CONTAINS(?exact, ?fragment))
}"""


@pytest.mark.parametrize("relation", RELATIONS, ids=_relation_case)
def test_relation_is_in_the_graph_with_its_quote(graph, store, relation):
    found = _select(
        store, FIND_RELATION,
        subject=_node(graph, relation["subject"]),
        predicate=KG[relation["predicate"]],
        object=_node(graph, relation["object"]),
        fragment=Literal(relation["quote"]),
    )
    assert len(found) == 1, f"{len(found)} statements of {_relation_case(relation)} quote {relation['quote']!r}"
    statement = found[0].statement
    for key, predicate in (("product", KG.suppliedProduct), ("about", KG.agreementAbout)):
        actual = graph.value(statement, predicate)
        assert actual == (YB[relation[key]] if key in relation else None), key


def test_every_relation_in_the_graph_is_expected(store):
    rows = _select(store, """
        SELECT ?subject ?predicate ?object WHERE {
          ?statement a kg:RelationStatement ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
        }""")
    actual = sorted((_local(r.subject), _local(r.predicate), _local(r.object)) for r in rows)
    expected = sorted((r["subject"], r["predicate"], r["object"]) for r in RELATIONS)
    assert actual == expected


def test_no_relation_triple_lacks_a_statement_or_an_expected_industry(graph, built):
    """Every kg: link between entities is a reviewed relation, or an industry of a reviewed entity."""
    object_properties = {KG[name] for name in built.ontology.object_properties}
    statements = {
        (graph.value(st, ns.RDF.subject), graph.value(st, ns.RDF.predicate), graph.value(st, ns.RDF.object))
        for st in graph.subjects(ns.RDF.type, KG.RelationStatement)
    }
    industries = {
        (YB[e["id"]], KG.inIndustry, INDUSTRY[industry]) for e in ENTITIES for industry in e.get("industries", [])
    }
    stray = sorted(
        f"{_local(s)} {_local(p)} {_local(o)}"
        for s, p, o in graph
        if p in object_properties and str(s).startswith(str(YB))
        and str(o).startswith((str(YB), str(INDUSTRY)))
        and (s, p, o) not in statements and (s, p, o) not in industries
    )
    assert stray == []


# --- entities ------------------------------------------------------------------------------

FIND_ENTITY = """
SELECT DISTINCT ?entity WHERE {
  ?entity a ?type ; prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact .
  FILTER(CONTAINS(?exact, ?fragment))
}"""


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e["id"])
def test_entity_is_in_the_graph_with_its_class_and_quote(graph, store, entity):
    node = YB[entity["id"]]
    found = _select(store, FIND_ENTITY, entity=node, fragment=Literal(entity["quote"]), type=KG[entity["class"]])
    assert len(found) == 1, f"{entity['id']} is not a kg:{entity['class']} quoting {entity['quote']!r}"
    # the class expected is its most specific one; kg build adds the kg: classes above it
    types = set(graph.objects(node, ns.RDF.type))
    assert [_local(t) for t in types if not any((other, RDFS_SUBCLASS_OF, t) in graph for other in types)] == \
        [entity["class"]]
    above = set(graph.transitive_objects(KG[entity["class"]], RDFS_SUBCLASS_OF))
    assert types == {t for t in above if str(t).startswith(str(KG))}
    if "zh" in entity:
        assert Literal(entity["zh"], lang="zh") in set(graph.objects(node, URIRef(PREFIXES["rdfs"] + "label")))
    assert sorted(_local(i) for i in graph.objects(node, KG.inIndustry)) == sorted(entity.get("industries", []))
    date = graph.value(node, KG.date)
    assert (str(date) if date is not None else None) == (str(entity["date"]) if "date" in entity else None)
    planned = graph.value(node, KG.planned)
    assert (planned.toPython() if planned is not None else False) == entity.get("planned", False)


def test_every_entity_in_the_graph_is_expected(graph):
    actual = sorted(_local(s) for s in set(graph.subjects(ns.RDF.type, None)) if str(s).startswith(str(YB)))
    assert actual == sorted(e["id"] for e in ENTITIES)


# --- the expected lists themselves, and the quotes of data/ ----------------------------------

@pytest.mark.parametrize("name", ["figures", "relations", "entities"])
def test_expected_quote_fragments_and_names_occur_in_the_article(name):
    missing = [
        (item.get("id") or item.get("subject"), text)
        for item in _expected(name)
        for text in (item["quote"], item.get("zh"))
        if text is not None and text not in SOURCE_TEXT
    ]
    assert missing == []


def test_expected_cases_are_unique():
    for cases in ([_figure_case(f) for f in FIGURES], [_relation_case(r) for r in RELATIONS],
                  [e["id"] for e in ENTITIES]):
        assert len(cases) == len(set(cases))


def _quotes_of(node, source: str | None):
    """(source id, text) of every quote below a YAML node: `quote:` values and anomaly texts."""
    if isinstance(node, dict):
        source = node.get("source", source) if isinstance(node.get("source", source), str) else source
        for key, value in node.items():
            if key == "quote":
                items = value if isinstance(value, list) else [value]
                for item in items:
                    if isinstance(item, dict):
                        yield item.get("source", source), item["text"]
                    else:
                        yield source, item
            elif key == "anomalies":
                for anomaly in value:
                    yield anomaly.get("source", source), anomaly["text"]
            else:
                yield from _quotes_of(value, source)
    elif isinstance(node, list):
        for item in node:
            yield from _quotes_of(item, source)


def _source_texts() -> dict[str, str]:
    sources = YAML(typ="safe", pure=True).load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    return {s["id"]: (ROOT / "data" / s["file"]).read_text(encoding="utf-8") for s in sources["sources"]}


DATA_FILES = sorted((ROOT / "data").rglob("*.yaml"))
QUOTING_FILES = [p for p in DATA_FILES if any(k in p.read_text(encoding="utf-8") for k in ("quote:", "anomalies:"))]


@pytest.mark.parametrize("path", QUOTING_FILES, ids=lambda p: str(p.relative_to(ROOT / "data")))
def test_every_quote_in_data_occurs_verbatim_in_its_source(path: Path):
    texts = _source_texts()
    document = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
    default = document.get("source") if isinstance(document.get("source"), str) else None
    quotes = list(_quotes_of(document, default))
    assert quotes, f"no quote found in {path.name}, though it has quote: keys"
    not_verbatim = [(source, text) for source, text in quotes if text not in texts.get(source, "")]
    assert not_verbatim == []


def test_rank_and_share_texts_are_the_articles_words():
    texts = _source_texts()
    words = []
    for path in DATA_FILES:
        document = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
        for figure in document.get("figures", []):
            words += [rank["text"] for rank in figure.get("rank", [])]
            words += [figure["share"]["text"]] if "share" in figure else []
    assert words, "no ranks or shares found in data/"
    assert [w for w in words if w not in texts["yubei-2024"]] == []

"""What a graph holds, counted with SPARQL."""

from __future__ import annotations

from kg.namespaces import sparql_prologue

_ENTITY_CLASSES = """
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
  FILTER(STRSTARTS(STR(?s), STR(yb:)))
"""

QUERIES = {
    "entities": f"""
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  {_ENTITY_CLASSES}
}}""",
    # each entity with its classes, to be counted under its most specific (_by_class): kg build
    # also types it with every kg: class above that one (a kg:Company is a kg:Organization too)
    "entity_classes": f"""
SELECT DISTINCT ?s ?class WHERE {{
  {_ENTITY_CLASSES}
}}""",
    "by_indicator": """
SELECT ?indicator (COUNT(?o) AS ?n) (SAMPLE(?zh) AS ?label_zh) (SAMPLE(?en) AS ?label_en) WHERE {
  ?o a kg:Observation ; kg:indicator ?indicator .
  OPTIONAL { ?indicator rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?indicator rdfs:label ?en FILTER(LANG(?en) = "en") }
} GROUP BY ?indicator ORDER BY DESC(?n) ?indicator""",
    "by_predicate": """
SELECT ?predicate (COUNT(?st) AS ?n) WHERE {
  ?st a kg:RelationStatement ; rdf:predicate ?predicate .
} GROUP BY ?predicate ORDER BY DESC(?n) ?predicate""",
    "by_flag": """
SELECT ?type (COUNT(DISTINCT ?flag) AS ?n) WHERE {
  { ?x kg:flag ?flag . ?flag kg:flagType ?type } UNION { ?flag a kg:SourceAnomaly ; kg:flagType ?type }
} GROUP BY ?type ORDER BY DESC(?n) ?type""",
    "totals": """
SELECT
  (COUNT(DISTINCT ?observation) AS ?figures)
  (COUNT(DISTINCT ?statement) AS ?relations)
  (COUNT(DISTINCT ?quote) AS ?quotes)
  (COUNT(DISTINCT ?source) AS ?sources)
  (COUNT(DISTINCT ?forecast) AS ?forecasts)
WHERE {
  { ?observation a kg:Observation } UNION { ?statement a kg:RelationStatement }
  UNION { ?quote a kg:SourceQuote } UNION { ?source a kg:SourceDocument }
  UNION { ?forecast a kg:Observation ; kg:forecast true }
}""",
    "without_english_label": f"""
SELECT ?s WHERE {{
  {_ENTITY_CLASSES}
  FILTER NOT EXISTS {{ ?s rdfs:label ?en FILTER(LANG(?en) = "en") }}
}} GROUP BY ?s ORDER BY ?s""",
    "without_quote": """
SELECT ?s WHERE {
  { ?s a kg:Observation } UNION { ?s a kg:RelationStatement }
  UNION { ?s a ?class FILTER(STRSTARTS(STR(?s), STR(yb:)) && STRSTARTS(STR(?class), STR(kg:))) }
  FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?q }
} GROUP BY ?s ORDER BY ?s""",
    "english_label_translated": f"""
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  {_ENTITY_CLASSES}
  ?s kg:englishLabelOrigin kg:EditorTranslation .
}}""",
}


def _rows(graph, name: str) -> list[dict]:
    result = graph.query(sparql_prologue() + QUERIES[name])
    return [{k: _plain(v) for k, v in row.asdict().items()} for row in result]


def _plain(term):
    from rdflib import Literal

    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | str | bool) else str(term)
    return str(term)


def _by_class(graph) -> list[dict]:
    """Entities by their most specific class, most first, each class with its labels.

    Which class is the most specific is decided in Python, by the ClassHierarchy kg viz and
    kg diff use too, so that the three agree on a graph kg did not build, which may type a node
    with its class and a grand-superclass only: one step of rdfs:subClassOf in SPARQL would
    count it under both."""
    from collections import Counter

    from rdflib import Literal

    from kg.namespaces import RDFS
    from kg.ontology import ClassHierarchy

    classes_of: dict = {}
    for row in graph.query(sparql_prologue() + QUERIES["entity_classes"]):
        classes_of.setdefault(row["s"], set()).add(row["class"])
    hierarchy = ClassHierarchy(graph)
    counts = Counter(cls for classes in classes_of.values() for cls in hierarchy.most_specific(classes))
    rows = []
    for cls, n in sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))):
        row = {"class": _plain(cls), "n": n}
        for lang in ("zh", "en"):
            # sorted, so that a class with two labels in a language gets the same one every time
            labels = sorted(str(label) for label in graph.objects(cls, RDFS.label)
                            if isinstance(label, Literal) and label.language == lang)
            if labels:
                row[f"label_{lang}"] = labels[0]
        rows.append(row)
    return rows


def graph_stats(graph) -> dict:
    totals = _rows(graph, "totals")[0]
    return {
        "triples": len(graph),
        "entities": _rows(graph, "entities")[0]["n"],
        **{k: totals.get(k, 0) for k in ("figures", "relations", "quotes", "sources", "forecasts")},
        "by_class": _by_class(graph),
        "by_indicator": _rows(graph, "by_indicator"),
        "by_predicate": _rows(graph, "by_predicate"),
        "flags_by_type": _rows(graph, "by_flag"),
        "english_labels_translated": _rows(graph, "english_label_translated")[0]["n"],
        "without_english_label": [row["s"] for row in _rows(graph, "without_english_label")],
        "without_quote": [row["s"] for row in _rows(graph, "without_quote")],
    }


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def format_stats(stats: dict) -> str:
    from kg.textwidth import table

    lines = [
        f"{stats['triples']:,} triples: {stats['entities']} entities, {stats['relations']} relations, "
        f"{stats['figures']} figures ({stats['forecasts']} forecasts), {stats['quotes']} quoted sentences, "
        f"{stats['sources']} source(s)",
        "",
        "Entities by class",
        table(["class", "类", "count"],
              [[_local(r["class"]), r.get("label_zh") or "", r["n"]] for r in stats["by_class"]]),
        "",
        "Relations by predicate",
        table(["predicate", "count"], [[_local(r["predicate"]), r["n"]] for r in stats["by_predicate"]]),
        "",
        "Figures by indicator",
        table(["indicator", "指标", "count"],
              [[_local(r["indicator"]), r.get("label_zh") or "", r["n"]] for r in stats["by_indicator"]]),
        "",
        "Flags by type",
        table(["flag", "count"], [[_local(r["type"]), r["n"]] for r in stats["flags_by_type"]]),
        "",
        f"English labels that are the curators' translations: {stats['english_labels_translated']}",
        f"Entities without an English label: {len(stats['without_english_label'])}"
        + "".join(f"\n  {s}" for s in stats["without_english_label"]),
        f"Facts without a quote: {len(stats['without_quote'])}"
        + "".join(f"\n  {s}" for s in stats["without_quote"]),
    ]
    return "\n".join(lines)

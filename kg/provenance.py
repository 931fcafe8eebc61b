"""Where a fact of the graph comes from: the sentences behind it."""

from __future__ import annotations

from kg.namespaces import OA, PROV


def source_sentences(graph, node) -> list[str]:
    """node prov:wasDerivedFrom → quote → oa:hasSelector → oa:exact, sorted."""
    sentences = set()
    for quote in graph.objects(node, PROV.wasDerivedFrom):
        for selector in graph.objects(quote, OA.hasSelector):
            for exact in graph.objects(selector, OA.exact):
                sentences.add(str(exact))
    return sorted(sentences)

"""What a node's size stands for: a figure of the entity (investment, output) or its
centrality in the whole network (the figures `kg analyze` reports). Chosen by name."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import URIRef

from kg.namespaces import IND

MIN_SIZE = 10.0
MAX_SIZE = 42.0


@dataclass(frozen=True)
class SizeMetric:
    name: str
    zh: str
    en: str
    values: Callable  # (ViewContext, [node IRIs]) -> {node: (number, {"zh": text, "en": text})}


def _figure_metric(indicators: tuple[URIRef, ...]):
    def values(context, nodes):
        found = {}
        for node in nodes:
            figure = context.facts.largest(node, indicators)
            if figure is not None:
                found[node] = (figure.value, {"zh": figure.text("zh"), "en": figure.text("en")})
        return found
    return values


def _degree(context, nodes):
    """Distinct neighbours among entities, industries left out: kg analyze's degree. From the
    whole network when the view built it, else around each node (an ego view on a big graph)."""
    from kg.network import EntityFilter

    found = {}
    entities = None
    for node in nodes:
        if context.has_network() and str(node) in context.network():
            network = context.network()
            neighbours = {URIRef(n) for n in (*network.predecessors(str(node)), *network.successors(str(node)))}
        else:
            entities = entities or EntityFilter(context.graph)
            neighbours = {r.object if r.subject == node else r.subject for r in entities.relations_of(node)}
        neighbours.discard(node)
        found[node] = (float(len(neighbours)), {"zh": f"关联数 {len(neighbours)}", "en": f"degree {len(neighbours)}"})
    return found


def _betweenness(context, nodes):
    from kg.analyze import centrality

    figures = centrality(context.network())
    found = {}
    for node in nodes:
        value = figures.betweenness.get(str(node))
        if value is not None:
            found[node] = (value, {"zh": f"中介中心性 {value:.4f}", "en": f"betweenness {value:.4f}"})
    return found


SIZE_METRICS: dict[str, SizeMetric] = {
    "investment": SizeMetric("investment", "总投资", "total investment",
                             _figure_metric((IND["total-investment"],))),
    "output": SizeMetric("output", "产值或营业收入", "output or operating revenue",
                         _figure_metric((IND["output-value"], IND["operating-revenue"]))),
    "degree": SizeMetric("degree", "关联数（度中心性）", "number of relations (degree centrality)", _degree),
    "betweenness": SizeMetric("betweenness", "中介中心性", "betweenness centrality", _betweenness),
    "none": SizeMetric("none", "统一大小", "all the same size", lambda context, nodes: {}),
}


def apply_sizes(context, nodes: list, metric_name: str) -> dict[str, str]:
    """Set `size` and `size_value` of view nodes; return the legend text for sizes."""
    metric = SIZE_METRICS[metric_name]
    values = metric.values(context, [URIRef(n.iri) for n in nodes])
    largest = max((v for v, _ in values.values()), default=0.0)
    for node in nodes:
        value, text = values.get(URIRef(node.iri), (None, {}))
        node.size_value = text
        if value is None or largest <= 0 or value <= 0:
            node.size = MIN_SIZE
        else:
            # the area, not the radius, grows with the value
            node.size = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(value / largest), 2)
    if metric_name == "none":
        return {"zh": metric.zh, "en": metric.en}
    return {"zh": f"大小：{metric.zh}（无数据者最小）", "en": f"size: {metric.en} (smallest: no figure)"}

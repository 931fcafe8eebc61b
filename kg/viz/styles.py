"""How a node looks, by its class: one style per family of classes of the ontology.

A class gets the style of its nearest ancestor (rdfs:subClassOf, read from the graph)
that has one, so kg:IndustrialPark looks like every kg:Zone. A class with no styled
ancestor (any RDF file, any vocabulary) gets the neutral style, and the legend names it.
A node is shown as its most specific class: kg build types a kg:IndustrialPark as a
kg:Zone and a kg:Place too, and it is drawn as a park, not as a place.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDFS, URIRef

from kg.labels import local_name
from kg.namespaces import KG
from kg.ontology import ClassHierarchy


@dataclass(frozen=True)
class Style:
    key: str  # stable name of the family, used by the legend and the page
    zh: str
    en: str
    color: str
    shape: str  # a vis-network shape


# family root class → style; the order is the order of the legend
STYLES: dict[URIRef, Style] = {
    KG.IndustryCluster: Style("cluster", "产业集群", "industry cluster", "#d62728", "star"),
    KG.Company: Style("company", "企业", "company", "#1f77b4", "dot"),
    KG.GovernmentBody: Style("government", "政府机构", "government body", "#6a3d9a", "dot"),
    KG.Organization: Style("organization", "组织", "organization", "#4a6fa5", "dot"),
    KG.ChainGap: Style("gap", "产业链缺口", "chain gap", "#ff7f0e", "triangleDown"),
    KG.Product: Style("product", "产品", "product", "#2ca02c", "square"),
    KG.Brand: Style("brand", "品牌", "brand", "#98df8a", "square"),
    KG.Technology: Style("technology", "技术", "technology", "#17becf", "square"),
    KG.Facility: Style("facility", "设施与工厂", "facility", "#8c564b", "diamond"),
    KG.Project: Style("project", "项目", "project", "#e377c2", "diamond"),
    KG.Zone: Style("zone", "园区", "park or zone", "#bcbd22", "hexagon"),
    KG.Place: Style("place", "地点", "place", "#7f7f7f", "triangle"),
    KG.Programme: Style("programme", "计划与改革", "programme", "#9467bd", "dot"),
    KG.Event: Style("event", "事件", "event", "#c5b0d5", "dot"),
    KG.Industry: Style("industry", "产业", "industry", "#e8d48b", "hexagon"),
}

NEUTRAL = Style("other", "其他", "other", "#b0b0b0", "dot")


class StyleResolver:
    """Style of a node from its classes, walking rdfs:subClassOf in the graph and in the
    `vocabulary` (the project's ontology, for a graph that does not hold it) (cached)."""

    def __init__(self, graph, vocabulary=None):
        self.hierarchy = ClassHierarchy(graph, vocabulary)
        self.graphs = self.hierarchy.graphs
        self._by_class: dict[URIRef, tuple[Style, URIRef | None]] = {}

    def for_class(self, cls: URIRef) -> tuple[Style, URIRef | None]:
        """The style, and the styled ancestor it came from (None: neutral)."""
        cached = self._by_class.get(cls)
        if cached is None:
            cached = self._nearest(cls)
            self._by_class[cls] = cached
        return cached

    def _nearest(self, cls: URIRef) -> tuple[Style, URIRef | None]:
        seen = {cls}
        ring = [cls]
        while ring:
            for candidate in ring:
                if candidate in STYLES:
                    return STYLES[candidate], candidate
            following = set()
            for candidate in ring:
                following |= {p for graph in self.graphs for p in graph.objects(candidate, RDFS.subClassOf)
                              if isinstance(p, URIRef) and p not in seen}
            seen |= following
            ring = sorted(following)
        return NEUTRAL, None

    def primary_class(self, types: list[URIRef]) -> URIRef | None:
        """The class a node is shown as: of its most specific classes (those no other of its
        classes is below), a styled one first, then the first by IRI."""
        if not types:
            return None
        specific = self.hierarchy.most_specific(types)
        styled = [t for t in specific if self.for_class(t)[1] is not None]
        return (styled or specific)[0]

    def style(self, types: list[URIRef]) -> Style:
        cls = self.primary_class(types)
        return self.for_class(cls)[0] if cls is not None else NEUTRAL


def neutral_legend_entry(cls: URIRef | None) -> str:
    return local_name(cls) if cls is not None else "(no class)"

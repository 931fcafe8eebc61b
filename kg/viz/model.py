"""The view model: the nodes, edges, legend and texts of one view, as plain data.

Views (kg.viz.views) decide what to show; `ViewBuilder` turns their choice into a
`ViewModel` with labels, styles, figures and sentences; the page (kg.viz.page) only
draws it. Everything is sorted, so the same graph gives the same model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.labels import Labels, short_id
from kg.network import EntityFilter, Relation
from kg.viz.facts import Facts, source_sentences
from kg.viz.styles import NEUTRAL, STYLES, StyleResolver, neutral_legend_entry

DEFAULT_MAX_NODES = 300


@dataclass
class ViewNode:
    iri: str
    id: str  # short id, e.g. yb:changan
    label: dict[str, str]
    style: str
    class_label: dict[str, str]
    names: list[str]  # what the search box matches
    size: float = 12.0
    size_value: dict[str, str] = field(default_factory=dict)  # the figure the size stands for
    level: int | None = None
    subtitle: dict[str, str] = field(default_factory=dict)  # a second label line, e.g. the investment
    focus: bool = False
    figures: list[dict] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ViewEdge:
    source: str
    target: str
    predicate: str
    label: dict[str, str]
    sentences: list[str] = field(default_factory=list)


@dataclass
class ViewModel:
    view: str
    title: dict[str, str]
    caption: dict[str, str]
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    legend: list[dict]
    size_legend: dict[str, str]
    layout: str  # "hierarchical" (levels left → right) or "physics"
    level_names: dict[int, dict[str, str]] = field(default_factory=dict)
    notes: list[dict[str, str]] = field(default_factory=list)  # e.g. how the view was capped
    sources: list[dict] = field(default_factory=list)
    total_nodes: int = 0  # before the cap

    @property
    def capped(self) -> bool:
        return self.total_nodes > len(self.nodes)

    def page_data(self) -> dict:
        return {
            "view": self.view,
            "title": self.title,
            "caption": self.caption,
            "layout": self.layout,
            "levelNames": {str(k): v for k, v in sorted(self.level_names.items())},
            "notes": self.notes,
            "sources": self.sources,
            "legend": self.legend,
            "sizeLegend": self.size_legend,
            "nodes": [_node_data(n) for n in self.nodes],
            "edges": [{"from": e.source, "to": e.target, "predicate": e.predicate, "label": e.label,
                       "sentences": e.sentences} for e in self.edges],
            "totalNodes": self.total_nodes,
        }


def _node_data(node: ViewNode) -> dict:
    return {
        "id": node.iri, "shortId": node.id, "label": node.label, "subtitle": node.subtitle,
        "style": node.style, "classLabel": node.class_label, "names": node.names, "size": node.size,
        "sizeValue": node.size_value, "level": node.level, "focus": node.focus, "figures": node.figures,
        "sentences": node.sentences, "notes": node.notes,
    }


class ViewContext:
    """What every view reads from one graph: names, styles, figures, the entity filter."""

    def __init__(self, graph, include_concepts: bool = False, vocabulary=None):
        self.graph = graph
        self.vocabulary = vocabulary  # the ontology, for a graph without it: class hierarchy, term labels
        self.labels = Labels(graph, vocabulary)
        self.styles = StyleResolver(graph, vocabulary)
        self.facts = Facts(graph, self.labels)
        self.entities = EntityFilter(graph, include_concepts=include_concepts)
        self._network = None

    def network(self):
        """The whole entity network, industries left out (built once; only views that need all
        of it ask). Nodes are IRI strings."""
        if self._network is None:
            from kg.network import entity_network

            shared = None if self.entities.include_concepts else self.entities
            self._network = entity_network(self.graph, entities=shared)
        return self._network

    def has_network(self) -> bool:
        return self._network is not None

    def all_entities(self) -> list[URIRef]:
        return sorted(URIRef(n) for n in self.network().nodes)

    def class_label(self, cls) -> dict[str, str]:
        return self.labels.both(cls) if cls is not None else {"zh": "(无类)", "en": "(no class)"}

    def sources(self) -> list[dict]:
        from rdflib import RDF

        from kg.namespaces import DCTERMS, KG

        found = []
        for source in sorted(set(self.graph.subjects(RDF.type, KG.SourceDocument))):
            found.append({
                "id": short_id(source),
                "title": self.labels.both(source),
                "authors": sorted(str(a) for a in self.graph.objects(source, DCTERMS.creator)),
                "date": str(self.graph.value(source, KG.inferredDate) or self.graph.value(source, DCTERMS.date) or ""),
            })
        return found


class ViewBuilder:
    """Collects the nodes a view chose (with levels and priorities) and the relations to draw."""

    def __init__(self, context: ViewContext):
        self.context = context
        self.chosen: dict[URIRef, dict] = {}

    def add(self, node: URIRef, level: int | None = None, priority: float = 0.0, **extra) -> None:
        """Choose `node`; the first level given wins, the highest priority wins (for the cap)."""
        entry = self.chosen.get(node)
        if entry is None:
            self.chosen[node] = {"level": level, "priority": priority, **extra}
            return
        if entry["level"] is None:
            entry["level"] = level
        entry["priority"] = max(entry["priority"], priority)
        for key, value in extra.items():
            entry.setdefault(key, value)

    def __contains__(self, node) -> bool:
        return node in self.chosen

    def keep(self, max_nodes: int) -> list[URIRef]:
        """The nodes drawn: all, or the `max_nodes` of highest priority (ties by IRI)."""
        order = sorted(self.chosen, key=lambda n: (-self.chosen[n]["priority"], str(n)))
        return sorted(order[:max_nodes], key=str)

    def node(self, iri: URIRef) -> ViewNode:
        context = self.context
        types = context.entities.types(iri)
        cls = context.styles.primary_class(types)
        style, _ = context.styles.for_class(cls) if cls is not None else (NEUTRAL, None)
        entry = self.chosen[iri]
        return ViewNode(
            iri=str(iri),
            id=short_id(iri),
            label=context.labels.both(iri),
            style=style.key if style is not NEUTRAL else f"other:{neutral_legend_entry(cls)}",
            class_label=context.class_label(cls),
            names=context.labels.names(iri),
            level=entry["level"],
            subtitle=entry.get("subtitle", {}),
            focus=entry.get("focus", False),
            figures=[f.page_data() for f in context.facts.figures(iri)],
            sentences=source_sentences(context.graph, iri),
            notes=context.facts.notes(iri),
        )

    def edge(self, relation: Relation) -> ViewEdge:
        context = self.context
        sentences, products = context.facts.relation_sentences(relation.subject, relation.predicate,
                                                              relation.object)
        label = context.labels.both(relation.predicate)
        if products:
            label = {lang: " ".join([label[lang], *(context.labels.label(p, lang) for p in products)])
                     for lang in ("zh", "en")}
        return ViewEdge(str(relation.subject), str(relation.object), str(relation.predicate), label, sentences)


def legend_for(nodes: list[ViewNode]) -> list[dict]:
    """One legend row per style present (in the registry's order), with how many nodes have it."""
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.style] = counts.get(node.style, 0) + 1
    rows = []
    for style in STYLES.values():
        if style.key in counts:
            rows.append({"key": style.key, "zh": style.zh, "en": style.en, "color": style.color,
                         "shape": style.shape, "count": counts[style.key]})
    for key in sorted(k for k in counts if k.startswith("other:")):
        name = key.split(":", 1)[1]
        rows.append({"key": key, "zh": name, "en": name, "color": NEUTRAL.color, "shape": NEUTRAL.shape,
                     "count": counts[key]})
    return rows

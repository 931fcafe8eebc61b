"""The views: one function each, from a graph and the options to a ViewModel.

chain     the industry-chain map (产业链图谱) of an industry, upstream → downstream
ego       the neighbourhood of one entity
parks     parks and zones, what they host, their figures
projects  projects with investment, status and expected output
full      every entity, filtered by class and industry

`VIEWS` maps each name to its function and default node size; `make_view` runs one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import RDF, URIRef

from kg.errors import KgError
from kg.namespaces import KG
from kg.network import neighbourhood, relations_among
from kg.viz.model import DEFAULT_MAX_NODES, ViewBuilder, ViewContext, ViewModel, legend_for
from kg.viz.resolve import (
    broader_chain,
    narrower_closure,
    resolve_class,
    resolve_entity,
    resolve_industry,
    subclass_closure,
)
from kg.viz.sizing import SIZE_METRICS, apply_sizes


@dataclass
class ViewOptions:
    industry: str | None = None
    focus: str | None = None
    hops: int = 2
    classes: tuple[str, ...] = ()
    max_nodes: int = DEFAULT_MAX_NODES
    size_by: str | None = None  # None: the view's default


@dataclass
class ViewTexts:
    """What a view says about itself, and how it is laid out."""

    title: dict[str, str]
    caption: dict[str, str]
    layout: str  # "hierarchical" (columns given by node levels) or "physics"
    notes: list[dict[str, str]] = field(default_factory=list)
    level_names: dict[int, dict[str, str]] = field(default_factory=dict)
    edge_filter: Callable | None = None  # which relations among the chosen nodes are drawn


@dataclass(frozen=True)
class View:
    name: str
    build: Callable[[ViewContext, ViewOptions], tuple[ViewBuilder, ViewTexts]]
    default_size: str
    include_concepts: bool = False
    subtitle_metric: str | None = None  # a figure written under each label (kg.viz.sizing name)


# --- chain -----------------------------------------------------------------------------

# columns of the chain map, left (upstream) to right (downstream)
CHAIN_LEVELS: list[tuple[str, str, str]] = [
    ("places-up", "所在地", "where they sit"),
    ("gaps", "产业链缺口", "chain gaps"),
    ("suppliers", "配套企业", "suppliers"),
    ("supplier-sites", "配套工厂与项目", "suppliers' plants and projects"),
    ("inputs", "配套产品", "what they supply"),
    ("clusters", "产业集群", "industry clusters"),
    ("leaders", "链主企业", "chain leaders"),
    ("leader-sites", "工厂、项目与技术", "plants, projects, technologies"),
    ("products", "产品与车型", "products and models"),
    ("brands", "品牌", "brands"),
    ("places-down", "所在地", "where they sit"),
]
LEVEL = {key: index for index, (key, _, _) in enumerate(CHAIN_LEVELS)}
# what is shown first when a chain is capped
CHAIN_PRIORITY = {"clusters": 100, "leaders": 90, "gaps": 85, "suppliers": 80, "inputs": 70,
                  "supplier-sites": 60, "leader-sites": 60, "products": 50, "brands": 40,
                  "places-up": 30, "places-down": 30}

SITE_PREDICATES = (KG.operates, KG.builds, KG.develops, KG.investsIn)


def _style_key(context: ViewContext, node) -> str:
    return context.styles.style(context.entities.types(node)).key


def _clusters_for(context: ViewContext, industry: URIRef) -> tuple[list[URIRef], URIRef]:
    """Clusters of the industry or of industries under it; else of the nearest broader industry
    that has one (new-energy vehicles → the automotive cluster)."""
    graph = context.graph
    for candidate in [industry, *broader_chain(graph, industry)]:
        scope = narrower_closure(graph, candidate)
        clusters = sorted({c for c, i in graph.subject_objects(KG.inIndustry)
                           if i in scope and _style_key(context, c) == "cluster"})
        if clusters:
            return clusters, candidate
    with_chains = sorted({i for c, i in graph.subject_objects(KG.inIndustry) if _style_key(context, c) == "cluster"})
    listed = ", ".join(context.labels.display(i) for i in with_chains) or "none"
    raise KgError(f"no industry chain (kg:IndustryCluster) is recorded for {context.labels.display(industry)}; "
                  f"industries with a chain: {listed}", "--industry")


class _Chain:
    """The nodes of one chain map, each in its column and on its side (up- or downstream)."""

    def __init__(self, context: ViewContext):
        self.context = context
        self.graph = context.graph
        self.builder = ViewBuilder(context)
        self.side: dict[URIRef, str] = {}

    def add(self, node, level: str, side: str) -> None:
        if self.context.entities.is_entity(node):
            self.builder.add(node, LEVEL[level], CHAIN_PRIORITY[level])
            self.side.setdefault(node, side)

    def on_side(self, side: str, *levels: str) -> list[URIRef]:
        wanted = {LEVEL[level] for level in levels}
        return sorted(n for n, entry in self.builder.chosen.items()
                      if self.side[n] == side and (not wanted or entry["level"] in wanted))

    def clusters(self, clusters: list[URIRef]) -> list[URIRef]:
        """The clusters and the clusters that are part of them (kg:partOf, any depth)."""
        found = list(clusters)
        ring = list(clusters)
        while ring:
            ring = sorted({c for parent in ring for c in self.graph.subjects(KG.partOf, parent)
                           if _style_key(self.context, c) == "cluster" and c not in found})
            found += ring
        for cluster in found:
            self.add(cluster, "clusters", "down")
        return found

    def members(self, clusters: list[URIRef]) -> None:
        graph = self.graph
        leaders = sorted({s for c in clusters for s in graph.subjects(KG.chainLeaderOf, c)})
        for leader in leaders:
            self.add(leader, "leaders", "down")
        for customer in [*clusters, *leaders]:
            for predicate in (KG.coreSupplierOf, KG.supplies):
                for supplier in sorted(graph.subjects(predicate, customer)):
                    if supplier not in leaders:
                        self.add(supplier, "suppliers", "up")

    def gaps(self, scope: set[URIRef]) -> None:
        """Gaps in the chain's industries (or missing a product of them), what they miss, who fills them."""
        graph = self.graph
        for gap in sorted(set(graph.subjects(RDF.type, KG.ChainGap))):
            industries = set(graph.objects(gap, KG.gapIn))
            industries |= {i for p in graph.objects(gap, KG.missingProduct) for i in graph.objects(p, KG.inIndustry)}
            if not industries & scope:
                continue
            self.add(gap, "gaps", "up")
            for product in graph.objects(gap, KG.missingProduct):
                self.add(product, "inputs", "up")
            for filler in sorted(graph.objects(gap, KG.filledBy)):
                is_site = _style_key(self.context, filler) in ("facility", "project")
                self.add(filler, "supplier-sites" if is_site else "suppliers", "up")

    def upstream(self) -> None:
        """Suppliers' plants and projects, and what they make and supply."""
        graph = self.graph
        for supplier in self.on_side("up", "suppliers"):
            for predicate in SITE_PREDICATES:
                for site in graph.objects(supplier, predicate):
                    self.add(site, "supplier-sites", "up")
            for statement in graph.subjects(RDF.subject, supplier):
                for product in graph.objects(statement, KG.suppliedProduct):
                    self.add(product, "inputs", "up")
        for maker in self.on_side("up", "suppliers", "supplier-sites"):
            for product in graph.objects(maker, KG.makes):
                self.add(product, "inputs", "up")

    def downstream(self) -> None:
        """Leaders' plants, projects and technologies, what they make, and the brands."""
        graph = self.graph
        for leader in self.on_side("down", "leaders"):
            for predicate in SITE_PREDICATES:
                for site in graph.objects(leader, predicate):
                    self.add(site, "leader-sites", "down")
            for brand in [*graph.subjects(KG.brandOf, leader), *graph.objects(leader, KG.hasBrand)]:
                self.add(brand, "brands", "down")
        for maker in self.on_side("down", "leaders", "leader-sites"):
            for product in graph.objects(maker, KG.makes):
                self.add(product, "products", "down")
        for product in self.on_side("down", "products"):
            for brand in graph.objects(product, KG.hasBrand):
                self.add(brand, "brands", "down")

    def places(self) -> None:
        """Where they sit: left of the chain for places of the upstream side, right for the rest."""
        votes: dict[URIRef, list[str]] = {}
        for host in sorted(self.builder.chosen):
            for place in self.graph.objects(host, KG.locatedIn):
                votes.setdefault(place, []).append(self.side[host])
            for place in self.graph.objects(host, KG.gapIn):
                votes.setdefault(place, []).append("up")
        for place, sides in sorted(votes.items()):
            if place not in self.builder:
                up = sides.count("up") > sides.count("down")
                self.add(place, "places-up" if up else "places-down", "up" if up else "down")


def chain_view(context: ViewContext, options: ViewOptions) -> tuple[ViewBuilder, ViewTexts]:
    graph = context.graph
    if not options.industry:
        raise KgError("the chain view needs --industry (e.g. auto, electronics, 汽车)", "--industry")
    asked = resolve_industry(graph, context.labels, options.industry)
    clusters, industry = _clusters_for(context, asked)
    chain = _Chain(context)
    chain.members(chain.clusters(clusters))
    chain.gaps(narrower_closure(graph, industry))
    chain.upstream()
    chain.downstream()
    chain.places()

    labels = context.labels
    industry_zh, industry_en = labels.label(industry, "zh"), labels.label(industry, "en")
    notes = []
    if industry != asked:
        notes.append({"zh": f"没有记录{labels.label(asked, 'zh')}的产业集群；显示包含它的{industry_zh}产业链。",
                      "en": f"No cluster is recorded for {labels.label(asked, 'en')}; showing the chain of "
                            f"{industry_en}, which includes it."})
    places = {"place", "zone"}
    texts = ViewTexts(
        title={"zh": f"{industry_zh} 产业链图谱", "en": f"Industry-chain map: {industry_en}"},
        caption={
            "zh": "从左（上游）到右（下游）：配套企业、它们的工厂和配套产品 → 产业集群 → 链主企业 → "
                  "链主的工厂、产品与品牌；两侧是所在地。橙色倒三角是产业链缺口，连线指向缺少的产品和补链的企业与项目。",
            "en": "Left (upstream) to right (downstream): suppliers, their plants and what they supply → "
                  "the industry cluster → its chain leaders → their plants, products and brands; places on "
                  "either side. The orange triangle is a chain gap, linked to the missing product and to what "
                  "was brought in to fill it.",
        },
        notes=notes,
        layout="hierarchical",
        level_names={LEVEL[key]: {"zh": zh, "en": en} for key, zh, en in CHAIN_LEVELS},
        # a place inside a place is geography, not the chain: it would only cross the map
        edge_filter=lambda relation: not (_style_key(context, relation.subject) in places
                                             and _style_key(context, relation.object) in places),
    )
    return chain.builder, texts


# --- ego -------------------------------------------------------------------------------

def ego_view(context: ViewContext, options: ViewOptions) -> tuple[ViewBuilder, ViewTexts]:
    if not options.focus:
        raise KgError("the ego view needs --focus (an id or a Chinese or English name)", "--focus")
    if options.hops < 1:
        raise KgError("--hops must be 1 or more", "--hops")
    focus = resolve_entity(context, options.focus)
    builder = ViewBuilder(context)
    # an industry is shown next to its members, but not walked through: every member of
    # 汽车产业 is not the neighbourhood of one car maker
    entities = context.entities
    for node, distance in neighbourhood(entities, focus, options.hops, lambda n: not entities.is_concept(n)):
        builder.add(node, None, float(options.hops - distance), focus=node == focus)
    name = context.labels.both(focus)
    texts = ViewTexts(
        title={"zh": f"{name['zh']} 的关系网络", "en": f"Neighbourhood of {name['en']}"},
        caption={
            "zh": f"与{name['zh']}相距{options.hops}步以内的实体及其关系（双向；不经过产业节点）；焦点实体加粗描边。",
            "en": f"Entities within {options.hops} relation(s) of {name['en']}, either direction (not through "
                  "industries); the focus has a thick border.",
        },
        layout="physics",
    )
    return builder, texts


# --- parks and projects ----------------------------------------------------------------

def _hub_view(context: ViewContext, style_key: str) -> ViewBuilder:
    """Nodes of one style and their neighbours, events left out (they are in ego and full)."""
    builder = ViewBuilder(context)
    hubs = [n for n in context.all_entities() if _style_key(context, n) == style_key]
    for hub in hubs:
        builder.add(hub, None, 10.0)
    for hub in hubs:
        for relation in context.entities.relations_of(hub):
            other = relation.object if relation.subject == hub else relation.subject
            if _style_key(context, other) != "event":
                builder.add(other, None, 1.0)
    return builder


def parks_view(context: ViewContext, options: ViewOptions) -> tuple[ViewBuilder, ViewTexts]:
    builder = _hub_view(context, "zone")
    texts = ViewTexts(
        title={"zh": "园区与承载", "en": "Parks and zones, and what they host"},
        caption={
            "zh": "园区、新区、示范区和科技城，以及落户、运营或合作的企业与项目；点击查看各园区的数据。",
            "en": "Industrial parks, new areas, demonstration zones and science cities, with the companies and "
                  "projects located in them, running them or working with them; click for their figures.",
        },
        layout="physics",
    )
    return builder, texts


def projects_view(context: ViewContext, options: ViewOptions) -> tuple[ViewBuilder, ViewTexts]:
    builder = _hub_view(context, "project")
    for node, entry in builder.chosen.items():
        status = context.graph.value(node, KG.status)
        if status is not None:
            entry["status"] = context.labels.both(status)
    texts = ViewTexts(
        title={"zh": "重大项目", "en": "Major projects"},
        caption={
            "zh": "项目及其建设单位、所在地和组成部分；标签写出总投资和项目状态，详情里有预计产值等数据。",
            "en": "Projects with who builds them, where they are and what they are part of; labels give the "
                  "total investment and the status, the details the expected output and other figures.",
        },
        layout="physics",
    )
    return builder, texts


# --- full --------------------------------------------------------------------------------

def full_view(context: ViewContext, options: ViewOptions) -> tuple[ViewBuilder, ViewTexts]:
    graph = context.graph
    network = context.network()
    nodes = context.all_entities()
    described = []
    if options.classes:
        allowed = set()
        graphs = context.styles.graphs
        for text in options.classes:
            cls = resolve_class(graphs, context.labels, text)
            allowed |= subclass_closure(graphs, cls)
            described.append(context.labels.both(cls))
        nodes = [n for n in nodes if set(context.entities.types(n)) & allowed]
    if options.industry:
        industry = resolve_industry(graph, context.labels, options.industry)
        scope = narrower_closure(graph, industry)
        nodes = [n for n in nodes
                 if {*graph.objects(n, KG.inIndustry), *graph.objects(n, KG.gapIn)} & scope]
        described.append(context.labels.both(industry))
    builder = ViewBuilder(context)
    for node in nodes:
        builder.add(node, None, float(network.degree(str(node)) if str(node) in network else 0))
    filters = {lang: "、".join(d[lang] for d in described) if lang == "zh" else ", ".join(d[lang] for d in described)
               for lang in ("zh", "en")}
    texts = ViewTexts(
        title={"zh": "全部实体" + (f"：{filters['zh']}" if described else ""),
                  "en": "All entities" + (f": {filters['en']}" if described else "")},
        caption={
            "zh": "图中的实体及其关系" + ("（按上面的类和产业筛选）" if described else "") + "；大的节点关联更多。",
            "en": "The graph's entities and their relations" + (" (filtered as the title says)" if described else "")
                  + "; larger nodes have more relations.",
        },
        layout="physics",
    )
    return builder, texts


VIEWS: dict[str, View] = {
    "chain": View("chain", chain_view, "degree"),
    "ego": View("ego", ego_view, "degree", include_concepts=True),
    "parks": View("parks", parks_view, "output", subtitle_metric="output"),
    "projects": View("projects", projects_view, "investment", subtitle_metric="investment"),
    "full": View("full", full_view, "degree"),
}


# how to see what a capped view left out, per view
CAP_HINTS: dict[str, tuple[str, str]] = {
    "full": ("可用 kg viz ego --focus 名称 查看某个实体的邻域，用 --class / --industry 筛选，或用 --max-nodes N 画更多",
             "use `kg viz ego --focus NAME` for one entity's neighbourhood, --class / --industry to filter, "
             "or --max-nodes N to draw more"),
    "ego": ("可减少 --hops，或用 --max-nodes N 画更多", "use fewer --hops, or --max-nodes N to draw more"),
}
DEFAULT_CAP_HINT = ("可用 kg viz ego --focus 名称 查看某个实体的邻域，或用 --max-nodes N 画更多",
                    "use `kg viz ego --focus NAME` for one entity's neighbourhood, or --max-nodes N to draw more")


def cap_note(view: str, shown: int, total: int, max_nodes: int) -> dict[str, str]:
    hint_zh, hint_en = CAP_HINTS.get(view, DEFAULT_CAP_HINT)
    kept_zh, kept_en = {"full": ("关联最多者", "the most connected"),
                        "ego": ("离焦点最近者", "the nearest to the focus")}.get(view, ("最核心者", "the most central"))
    return {
        "zh": f"只画出 {total:,} 个节点中的 {shown:,} 个（上限 {max_nodes:,}，取{kept_zh}）。{hint_zh}。",
        "en": f"Drawing {shown:,} of {total:,} nodes (limit {max_nodes:,}, {kept_en}); {hint_en}.",
    }


def make_view(graph, name: str, options: ViewOptions, vocabulary=None) -> ViewModel:
    """Build view `name` of `graph`. `vocabulary` (the project's ontology) names and ranks the
    classes and relations of a graph that does not hold the ontology itself."""
    view = VIEWS.get(name)
    if view is None:
        raise KgError(f"unknown view {name!r}; views: {', '.join(VIEWS)}", "VIEW")
    size_by = options.size_by or view.default_size
    if size_by not in SIZE_METRICS:
        raise KgError(f"unknown size {size_by!r}; choose one of {', '.join(SIZE_METRICS)}", "--size-by")
    if options.max_nodes < 1:
        raise KgError("--max-nodes must be 1 or more", "--max-nodes")
    context = ViewContext(graph, include_concepts=view.include_concepts, vocabulary=vocabulary)
    builder, texts = view.build(context, options)
    kept = builder.keep(options.max_nodes)
    total = len(builder.chosen)
    nodes = [builder.node(n) for n in kept]
    if texts.layout == "hierarchical":
        _compact_levels(nodes, texts)
    edge_filter = texts.edge_filter or (lambda relation: True)
    edges = [builder.edge(r) for r in relations_among(context.entities, kept) if edge_filter(r)]
    size_legend = apply_sizes(context, nodes, size_by)
    if view.subtitle_metric:
        _subtitles(context, builder, nodes, view.subtitle_metric)
    notes = list(texts.notes)
    if total > len(kept):
        notes.append(cap_note(name, len(kept), total, options.max_nodes))
    sources = context.sources()
    return ViewModel(
        view=name,
        title=texts.title,
        caption=texts.caption,
        nodes=nodes,
        edges=edges,
        legend=legend_for(nodes),
        size_legend=size_legend,
        layout=texts.layout,
        level_names=texts.level_names,
        notes=notes,
        sources=sources,
        total_nodes=total,
    )


def _compact_levels(nodes, texts: ViewTexts) -> None:
    """Renumber the levels in use 0, 1, 2 … so that no empty column is drawn."""
    used = sorted({n.level for n in nodes if n.level is not None})
    renumber = {old: new for new, old in enumerate(used)}
    for node in nodes:
        if node.level is not None:
            node.level = renumber[node.level]
    texts.level_names = {renumber[old]: name for old, name in texts.level_names.items() if old in renumber}


def _subtitles(context: ViewContext, builder: ViewBuilder, nodes, metric: str) -> None:
    """A second label line: the figure `metric` names, and a project's status."""
    figures = SIZE_METRICS[metric].values(context, [URIRef(n.iri) for n in nodes])
    for node in nodes:
        parts = [figures[URIRef(node.iri)][1]] if URIRef(node.iri) in figures else []
        status = builder.chosen[URIRef(node.iri)].get("status")
        if status:
            parts.append(status)
        if parts:
            node.subtitle = {lang: " · ".join(p[lang] for p in parts) for lang in ("zh", "en")}

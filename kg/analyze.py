"""Network figures of the graph (networkx): who is central, how long the supply chains run,
how the graph falls apart into components, which chain leaders have most suppliers, and
where the chains have gaps. `kg analyze` prints them; the views size nodes by the same
centralities (`centrality`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from rdflib import RDF, URIRef

from kg.labels import Labels, short_id
from kg.namespaces import KG
from kg.provenance import source_sentences

# above this many entities betweenness is estimated from a seeded sample of sources:
# exact betweenness costs O(nodes × edges)
EXACT_BETWEENNESS_LIMIT = 3000
BETWEENNESS_SAMPLE = 200
# each sampled source walks every edge once: on big networks fewer sources are sampled, so
# that the estimate walks about this many edges in all (a few seconds), but never fewer than
# BETWEENNESS_MIN_SAMPLE sources (nor more than BETWEENNESS_SAMPLE)
BETWEENNESS_EDGE_BUDGET = 2_000_000
BETWEENNESS_MIN_SAMPLE = 30

# how goods and work flow along each relation: +1 subject → object, -1 object → subject.
# A supplier feeds a cluster, the cluster feeds its chain leaders, who run factories that
# make products sold under brands.
FLOW_PREDICATES: dict[URIRef, int] = {
    KG.supplies: +1,
    KG.coreSupplierOf: +1,
    KG.chainLeaderOf: -1,
    KG.operates: +1,
    KG.makes: +1,
    KG.hasBrand: +1,
}


@dataclass(frozen=True)
class Centrality:
    degree: dict[str, int]  # distinct neighbours
    degree_centrality: dict[str, float]
    betweenness: dict[str, float]
    betweenness_method: str


def simple_undirected(network):
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(network.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in network.edges() if u != v))
    return simple


def centrality(network, with_betweenness: bool = True) -> Centrality:
    """Degree and betweenness centrality of an entity network (kg.network.entity_network)."""
    import networkx as nx

    simple = simple_undirected(network)
    degree = dict(simple.degree())
    degree_centrality = nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 0.0)
    if not with_betweenness:
        return Centrality(degree, degree_centrality, {}, "not computed")
    if len(simple) <= EXACT_BETWEENNESS_LIMIT:
        betweenness = nx.betweenness_centrality(simple, normalized=True)
        method = "exact"
    else:
        affordable = BETWEENNESS_EDGE_BUDGET // max(1, simple.number_of_edges())
        sample = min(BETWEENNESS_SAMPLE, max(BETWEENNESS_MIN_SAMPLE, affordable))
        betweenness = nx.betweenness_centrality(simple, k=sample, normalized=True, seed=0)
        method = f"estimated from {sample} sampled sources (seed 0) over {len(simple):,} entities"
    return Centrality(degree, degree_centrality, betweenness, method)


def flow_network(network):
    """The relations along which goods flow, directed upstream → downstream."""
    import networkx as nx

    flow = nx.DiGraph()
    for subject, obj, predicate in sorted(network.edges(keys=True)):
        direction = FLOW_PREDICATES.get(URIRef(predicate))
        if direction is None or subject == obj:
            continue
        start, end = (subject, obj) if direction > 0 else (obj, subject)
        if not flow.has_edge(start, end):
            flow.add_edge(start, end, predicate=predicate, forward=direction > 0)
    return flow


def longest_supply_chain(network) -> tuple[list[str], int]:
    """The longest path of the flow network, and how many flow edges had to be left out
    because they closed a cycle (a DAG's longest path is well defined; a cycle's is not)."""
    import networkx as nx

    flow = flow_network(network)
    dropped = 0
    while not nx.is_directed_acyclic_graph(flow):
        cycle = nx.find_cycle(flow, source=sorted(flow.nodes))
        flow.remove_edge(*max(cycle)[:2])  # the same edge every run: the largest by IRI
        dropped += 1
    if flow.number_of_edges() == 0:
        return [], dropped
    return nx.dag_longest_path(flow, topo_order=list(nx.lexicographical_topological_sort(flow))), dropped


def chain_leaders(graph) -> list[dict]:
    """Each chain leader with the clusters it leads and their suppliers (core suppliers and
    suppliers of those clusters, and suppliers of the leader itself)."""
    labels = Labels(graph)
    rows = []
    leaders: dict[URIRef, set[URIRef]] = {}
    for leader, cluster in graph.subject_objects(KG.chainLeaderOf):
        leaders.setdefault(leader, set()).add(cluster)
    for leader, clusters in leaders.items():
        suppliers = set(graph.subjects(KG.supplies, leader))
        for cluster in clusters:
            suppliers |= set(graph.subjects(KG.coreSupplierOf, cluster))
            suppliers |= set(graph.subjects(KG.supplies, cluster))
        suppliers.discard(leader)
        rows.append({
            **_named(labels, leader),
            "clusters": [_named(labels, c) for c in sorted(clusters)],
            "suppliers": [_named(labels, s) for s in sorted(suppliers)],
            "supplier_count": len(suppliers),
        })
    return sorted(rows, key=lambda r: (-r["supplier_count"], r["id"]))


def chain_gaps(graph) -> list[dict]:
    labels = Labels(graph)
    rows = []
    for gap in sorted(set(graph.subjects(RDF.type, KG.ChainGap))):
        rows.append({
            **_named(labels, gap),
            "gap_in": [_named(labels, x) for x in sorted(graph.objects(gap, KG.gapIn))],
            "missing": [_named(labels, x) for x in sorted(graph.objects(gap, KG.missingProduct))],
            "filled_by": [_named(labels, x) for x in sorted(graph.objects(gap, KG.filledBy))],
            "quotes": source_sentences(graph, gap),
        })
    return rows


def _named(labels: Labels, node) -> dict:
    return {"id": short_id(node), "zh": labels.label(node, "zh"), "en": labels.label(node, "en")}


def analyze_graph(graph, top: int = 10) -> dict:
    """Every figure of `kg analyze`, as plain data (the JSON output)."""
    import networkx as nx

    from kg.network import entity_network

    network = entity_network(graph)
    labels = Labels(graph)
    figures = centrality(network)
    simple = simple_undirected(network)

    def ranked(values: dict, key: str) -> list[dict]:
        order = sorted(values, key=lambda n: (-values[n], n))[:top]
        return [{**_named(labels, URIRef(n)), key: round(values[n], 4), "degree": figures.degree[n]}
                for n in order]

    chain, dropped = longest_supply_chain(network)
    flow = flow_network(network)
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    return {
        "entities": network.number_of_nodes(),
        "relations": network.number_of_edges(),
        "degree": ranked(figures.degree_centrality, "degree_centrality"),
        "betweenness": ranked(figures.betweenness, "betweenness"),
        "betweenness_method": figures.betweenness_method,
        "longest_supply_chain": {
            "length": max(len(chain) - 1, 0),
            "path": [_named(labels, URIRef(n)) for n in chain],
            "links": [{"from": short_id(a), "to": short_id(b),
                       "predicate": short_id(flow.edges[a, b]["predicate"]),
                       "forward": flow.edges[a, b]["forward"]} for a, b in pairwise(chain)],
            "cycle_edges_left_out": dropped,
        },
        "components": {
            "count": len(components),
            "sizes": [len(c) for c in components],
            "isolated": sum(1 for c in components if len(c) == 1),
            "largest": [
                {"size": len(c),
                 "most_connected": _named(labels, URIRef(min(c, key=lambda n: (-figures.degree[n], n))))}
                for c in components[:top]
            ],
        },
        "chain_leaders": chain_leaders(graph),
        "chain_gaps": chain_gaps(graph),
    }


def format_analysis(result: dict) -> str:
    from kg.textwidth import table

    def name(item: dict) -> str:
        return f"{item['zh']} ({item['id']})"

    chain = result["longest_supply_chain"]
    lines = [f"{result['entities']:,} entities, {result['relations']:,} relations between them", ""]
    lines += ["Degree centrality (distinct neighbours)",
              table(["entity", "degree", "centrality"],
                    [[name(r), r["degree"], f"{r['degree_centrality']:.4f}"] for r in result["degree"]]), ""]
    lines += [f"Betweenness centrality ({result['betweenness_method']})",
              table(["entity", "betweenness", "degree"],
                    [[name(r), f"{r['betweenness']:.4f}", r["degree"]] for r in result["betweenness"]]), ""]
    lines.append(f"Longest supply chain: {chain['length']} link(s)")
    if chain["path"]:
        steps = [name(chain["path"][0])]
        for link, node in zip(chain["links"], chain["path"][1:], strict=True):
            predicate = link["predicate"] if link["forward"] else f"^{link['predicate']}"
            steps.append(f"  --{predicate}--> {name(node)}")
        lines += ["  " + steps[0], *("  " + s for s in steps[1:])]
    if chain["cycle_edges_left_out"]:
        lines.append(f"  ({chain['cycle_edges_left_out']} flow link(s) left out: they closed a cycle)")
    lines.append("")
    components = result["components"]
    lines.append(f"Connected components: {components['count']} "
                 f"(largest {components['sizes'][0] if components['sizes'] else 0} entities; "
                 f"{components['isolated']} isolated)")
    lines.append(table(["size", "most connected member"],
                       [[c["size"], name(c["most_connected"])] for c in components["largest"]]))
    lines += ["", "Chain leaders by number of suppliers"]
    lines.append(table(["leader", "suppliers", "clusters", "who"],
                       [[name(r), r["supplier_count"], ", ".join(c["zh"] for c in r["clusters"]),
                         ", ".join(s["zh"] for s in r["suppliers"])] for r in result["chain_leaders"]]))
    lines += ["", f"Chain gaps: {len(result['chain_gaps'])}"]
    for gap in result["chain_gaps"]:
        lines.append(f"  {name(gap)}")
        lines.append(f"    in: {', '.join(name(x) for x in gap['gap_in']) or '-'}")
        lines.append(f"    missing: {', '.join(name(x) for x in gap['missing']) or '-'}")
        lines.append(f"    filled by: {', '.join(name(x) for x in gap['filled_by']) or 'nothing yet'}")
        for quote in gap["quotes"]:
            lines.append(f"    source: {quote}")
    return "\n".join(lines)

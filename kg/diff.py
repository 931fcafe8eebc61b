"""What changed between two graphs, in the terms of the data: entities by name, figures by
subject, indicator and period (old → new value), relations by their ends' names, and the
sources that quote each fact. Not a diff of triples."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Change:
    kind: str  # entity, figure, relation, quote
    change: str  # added, removed, changed
    key: str
    text: str


def _sources(graph, node) -> frozenset[str]:
    from kg.namespaces import OA, PROV

    return frozenset(str(s).rsplit("/", 1)[-1] for q in graph.objects(node, PROV.wasDerivedFrom)
                     for s in graph.objects(q, OA.hasSource))


def _entities(graph) -> dict[str, tuple[str, str, frozenset[str]]]:
    """Entity → (Chinese name, most specific kg: class, sources). The most specific class, not
    all of them: kg build types a kg:Village as a kg:AdministrativeArea and a kg:Place too, and
    a graph built before it did not."""
    from kg.labels import Labels
    from kg.namespaces import KG, RDF, YB
    from kg.ontology import ClassHierarchy

    labels = Labels(graph)
    hierarchy = ClassHierarchy(graph)
    found = {}
    for node in set(graph.subjects(RDF.type, None)):
        iri = str(node)
        if not iri.startswith(str(YB)):
            continue
        classes = {c for c in graph.objects(node, RDF.type) if str(c).startswith(str(KG))}
        specific = hierarchy.most_specific(classes)
        if specific:
            found[iri] = (labels.label(node, "zh"), str(specific[0]).rsplit("#", 1)[-1], _sources(graph, node))
    return found


def _figures(graph) -> dict[str, dict]:
    from kg.labels import Labels
    from kg.namespaces import KG, RDF, SDMX_MEASURE

    labels = Labels(graph)
    found = {}
    for node in set(graph.subjects(RDF.type, KG.Observation)):
        def one(predicate, node=node):
            values = sorted(str(v) for v in graph.objects(node, predicate))
            return values[0] if values else None

        subject, indicator = one(KG.subject), one(KG.indicator)
        written, unit = one(KG.writtenValue), one(KG.writtenUnit)
        value = f"{_plain(written)} {unit}" if written is not None else "(no value)"
        growth = one(KG.growthRate)
        if growth is not None:
            value += f", growth {_plain(growth)}%"
        found[str(node)] = {
            "key": (subject, indicator, one(KG.period), one(KG.forecast)),
            "label": f"{labels.label(_node(subject), 'zh')} · {labels.label(_node(indicator), 'zh')} · {one(KG.period)}"
                     + (" (forecast)" if one(KG.forecast) == "true" else ""),
            "value": value,
            "normalized": one(SDMX_MEASURE.obsValue),
            "sources": _sources(graph, node),
        }
    return found


def _relations(graph) -> dict[tuple[str, str, str], tuple[str, frozenset[str]]]:
    from kg.labels import Labels
    from kg.namespaces import KG, RDF

    labels = Labels(graph)
    found = {}
    for statement in set(graph.subjects(RDF.type, KG.RelationStatement)):
        s = next(iter(graph.objects(statement, RDF.subject)), None)
        p = next(iter(graph.objects(statement, RDF.predicate)), None)
        o = next(iter(graph.objects(statement, RDF.object)), None)
        if s is None or p is None or o is None:
            continue
        predicate = str(p).rsplit("#", 1)[-1]
        found[(str(s), predicate, str(o))] = (f"{labels.label(s, 'zh')} {predicate} {labels.label(o, 'zh')}",
                                              _sources(graph, statement))
    return found


def _node(iri: str | None):
    from rdflib import URIRef

    return URIRef(iri or "")


def _plain(text: str | None) -> str:
    from decimal import Decimal, InvalidOperation

    from kg.ingest.numbers import plain

    try:
        return plain(Decimal(str(text)))
    except (InvalidOperation, ValueError):
        return str(text)


def _quote_changes(kind: str, key: str, label: str, old: frozenset[str], new: frozenset[str]) -> list[Change]:
    changes = [Change("quote", "added", key, f"{label} ({kind}): quoted also by {s}") for s in sorted(new - old)]
    changes += [Change("quote", "removed", key, f"{label} ({kind}): no longer quoted by {s}")
                for s in sorted(old - new)]
    return changes


def diff_graphs(old, new) -> list[Change]:
    changes: list[Change] = []
    old_e, new_e = _entities(old), _entities(new)
    for iri in sorted(new_e.keys() - old_e.keys()):
        changes.append(Change("entity", "added", iri, f"{new_e[iri][0]} ({new_e[iri][1]})"))
    for iri in sorted(old_e.keys() - new_e.keys()):
        changes.append(Change("entity", "removed", iri, f"{old_e[iri][0]} ({old_e[iri][1]})"))
    for iri in sorted(old_e.keys() & new_e.keys()):
        (old_name, old_cls, old_src), (new_name, new_cls, new_src) = old_e[iri], new_e[iri]
        if (old_name, old_cls) != (new_name, new_cls):
            changes.append(Change("entity", "changed", iri, f"{old_name} ({old_cls}) → {new_name} ({new_cls})"))
        changes += _quote_changes("entity", iri, new_name, old_src, new_src)

    old_f, new_f = _figures(old), _figures(new)
    added = {iri: new_f[iri] for iri in new_f.keys() - old_f.keys()}
    removed = {iri: old_f[iri] for iri in old_f.keys() - new_f.keys()}
    # a figure whose id changed but whose subject, indicator and period did not: a change of value
    for old_iri in sorted(removed):
        match = next((n for n in sorted(added) if added[n]["key"] == removed[old_iri]["key"]
                      and not any(f["key"] == added[n]["key"] for f in new_f.values() if f is not added[n]
                                  and f["key"] == removed[old_iri]["key"])), None)
        if match is not None and added[match]["value"] != removed[old_iri]["value"]:
            changes.append(Change("figure", "changed", match, f"{added[match]['label']}: "
                                  f"{removed[old_iri]['value']} → {added[match]['value']}"))
            del added[match]
            removed[old_iri] = None
    for iri in sorted(added):
        changes.append(Change("figure", "added", iri, f"{added[iri]['label']}: {added[iri]['value']}"))
    for iri in sorted(k for k, v in removed.items() if v is not None):
        changes.append(Change("figure", "removed", iri, f"{removed[iri]['label']}: {removed[iri]['value']}"))
    for iri in sorted(old_f.keys() & new_f.keys()):
        before, after = old_f[iri], new_f[iri]
        if (before["value"], before["label"]) != (after["value"], after["label"]):
            changes.append(Change("figure", "changed", iri, f"{after['label']}: {before['value']} → {after['value']}"
                                  if before["label"] == after["label"]
                                  else f"{before['label']}: {before['value']} → {after['label']}: {after['value']}"))
        changes += _quote_changes("figure", iri, after["label"], before["sources"], after["sources"])

    old_r, new_r = _relations(old), _relations(new)
    for key in sorted(new_r.keys() - old_r.keys()):
        changes.append(Change("relation", "added", "--".join(key), new_r[key][0]))
    for key in sorted(old_r.keys() - new_r.keys()):
        changes.append(Change("relation", "removed", "--".join(key), old_r[key][0]))
    for key in sorted(old_r.keys() & new_r.keys()):
        changes += _quote_changes("relation", "--".join(key), new_r[key][0], old_r[key][1], new_r[key][1])
    order = {"entity": 0, "relation": 1, "figure": 2, "quote": 3}
    return sorted(changes, key=lambda c: (order[c.kind], c.change, c.text, c.key))


_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def format_changes(changes: list[Change]) -> str:
    lines = [f"{_SIGN[c.change]} {c.kind:8} {c.text}" for c in changes]
    counts = {}
    for c in changes:
        counts[c.change] = counts.get(c.change, 0) + 1
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("added", "removed", "changed"))
    return "\n".join([*lines, f"{len(changes)} difference(s): {summary}" if changes else "no differences"])


def diff_files(old_path, new_path) -> list[Change]:
    from pathlib import Path

    from kg.errors import KgError
    from kg.rdfio import read_graph_files

    for path in (old_path, new_path):
        if not Path(path).is_file():
            raise KgError("no such file", str(path))
    return diff_graphs(read_graph_files([Path(old_path)]), read_graph_files([Path(new_path)]))

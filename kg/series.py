"""An indicator of a subject over time: the figures of queries/indicator-series.rq.

The saved query is run as written, with its `# param NAME: type = default — text`
header parameters bound to the values given (IRIs made from ids), so the query file
stays the one definition of a series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kg.errors import KgError

SERIES_QUERY = "indicator-series.rq"
_PARAM = re.compile(r"^#\s*param\s+(?P<name>\w+)\s*:\s*(?P<type>\w+)\s*(?:=\s*(?P<default>\S+))?")


@dataclass(frozen=True)
class Point:
    figure: str
    period: str
    value: Decimal  # normalized
    written_value: Decimal
    written_unit: str
    unit: str  # IRI of the normalized unit
    forecast: bool
    sources: str


@dataclass(frozen=True)
class Series:
    subject: str
    subject_name: str
    indicator: str
    indicator_name: str
    points: list[Point]


def query_params(text: str) -> dict[str, tuple[str, str | None]]:
    """The `# param` lines of a saved query: name → (type, default)."""
    params = {}
    for line in text.splitlines():
        match = _PARAM.match(line)
        if match:
            params[match.group("name")] = (match.group("type"), match.group("default"))
    return params


def run_saved_query(graph, path: Path, values: dict[str, object]) -> list[dict]:
    """Run a saved SELECT query on an rdflib graph with its parameters bound."""
    from rdflib import URIRef

    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise KgError("saved query not found", str(path)) from None
    params = query_params(text)
    bindings = {}
    for name, (kind, default) in params.items():
        value = values.get(name, default)
        if value is None:
            raise KgError(f"missing parameter `{name}`", f"--param {name}")
        bindings[name] = URIRef(str(value)) if kind == "iri" else value
    rows = graph.query(text, initBindings=bindings)
    return [{str(k): v for k, v in row.asdict().items()} for row in rows]


def indicator_series(graph, queries_dir: Path, subject: str, indicator: str) -> Series:
    """The series of `indicator` (an id) for `subject` (an entity id) in `graph`."""
    from rdflib import Literal

    from kg.namespaces import IND, RDFS, SKOS, YB

    subject_iri, indicator_iri = YB[subject], IND[indicator]
    if (subject_iri, None, None) not in graph:
        raise KgError(f"no entity `{subject}` in the graph", "--subject")
    if (indicator_iri, None, None) not in graph:
        raise KgError(f"no indicator `{indicator}` in the graph", "--indicator")
    rows = run_saved_query(graph, queries_dir / SERIES_QUERY, {"subject": subject_iri, "indicator": indicator_iri})
    points = [Point(str(r["figure"]), str(r["period"]), Decimal(str(r["value"])), Decimal(str(r["writtenValue"])),
                    str(r["writtenUnit"]), str(r["unit"]), str(r["forecast"]).lower() == "true", str(r["sources"]))
              for r in rows]

    def zh(node, predicate) -> str:
        labels = sorted(str(o) for o in graph.objects(node, predicate) if isinstance(o, Literal) and o.language == "zh")
        return labels[0] if labels else str(node).rsplit("/", 1)[-1]

    return Series(subject, zh(subject_iri, RDFS.label), indicator, zh(indicator_iri, SKOS.prefLabel), points)

"""An indicator of a subject over time: the figures of queries/indicator-series.rq.

The saved query is run as written, with the parameters its header declares bound to
the values given (IRIs made from ids), so the query file stays the one definition of a
series; `kg query indicator-series --param subject=… --param indicator=…` runs the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kg.errors import KgError

SERIES_QUERY = "indicator-series.rq"


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


def run_saved_query(graph, path: Path, values: dict[str, object]) -> list[dict]:
    """Run a saved SELECT query of queries/ on an rdflib graph, its declared parameters bound
    (kg.queries reads the header, kg.parameters makes the RDF terms)."""
    from kg.parameters import bind_parameters
    from kg.queries import read_query_file

    saved = read_query_file(path)
    bindings = bind_parameters(saved.parameters, values)
    rows = graph.query(saved.text, initBindings=bindings)
    return [{str(k): v for k, v in row.asdict().items()} for row in rows]


def indicator_series(graph, queries_dir: Path, subject: str, indicator: str) -> Series:
    """The series of `indicator` (an id) for `subject` (an entity id) in `graph`."""
    from kg.labels import Labels
    from kg.namespaces import IND, YB

    subject_iri, indicator_iri = YB[subject], IND[indicator]
    if (subject_iri, None, None) not in graph:
        raise KgError(f"no entity `{subject}` in the graph", "--subject")
    if (indicator_iri, None, None) not in graph:
        raise KgError(f"no indicator `{indicator}` in the graph", "--indicator")
    rows = run_saved_query(graph, queries_dir / SERIES_QUERY, {"subject": subject_iri, "indicator": indicator_iri})
    points = [Point(str(r["figure"]), str(r["period"]), Decimal(str(r["value"])), Decimal(str(r["writtenValue"])),
                    str(r["writtenUnit"]), str(r["unit"]), str(r["forecast"]).lower() == "true", str(r["sources"]))
              for r in rows]
    labels = Labels(graph)
    return Series(subject, labels.label(subject_iri, "zh"), indicator, labels.label(indicator_iri, "zh"), points)

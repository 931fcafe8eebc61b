"""What the page tells about a node or an edge: its figures (value as written, period,
qualifier, growth, forecast) and the source sentences they came from.

Read by direct lookups around one node, never by scanning the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import RDF, Literal, URIRef

from kg.labels import Labels
from kg.namespaces import KG, SDMX_ATTRIBUTE, SDMX_MEASURE, SKOS
from kg.provenance import source_sentences


def _decimal(literal) -> Decimal | None:
    try:
        return Decimal(str(literal))
    except (InvalidOperation, ValueError):
        return None


def _plain_number(literal) -> str:
    number = _decimal(literal)
    if number is None:
        return str(literal)
    return format(number.normalize(), "f") if number != number.to_integral_value() else str(int(number))


def short_amount(value: float) -> str:
    """166000000000 → '166 bn'; 24888000 → '24.888 m'; 3289 → '3,289'."""
    for scale, word in ((1e9, " bn"), (1e6, " m")):
        if abs(value) >= scale:
            return f"{value / scale:,.4g}{word}".replace("e+", "e")
    return f"{value:,.6g}"


@dataclass
class Figure:
    iri: str
    indicator: URIRef | None
    indicator_label: dict[str, str]
    written: str  # 超过1660亿元: qualifier, value and unit as the source writes them
    english: str  # more than 166 bn CNY
    value: float | None  # the normalized number, for sizing
    period: str
    qualifier: dict[str, str]
    growth: dict[str, str]
    forecast: bool
    remarks: list[str] = field(default_factory=list)  # ranks and shares as written (连续6年全市前十)
    quotes: list[str] = field(default_factory=list)

    def text(self, language: str) -> str:
        """'总投资 约12亿元' / 'total investment approximately 1.2 bn yuan (CNY)'; a forecast says so."""
        value = self.written if language == "zh" else (self.english or self.written)
        name = self.indicator_label[language]
        if self.forecast:
            name = f"预计{name}" if language == "zh" else f"expected {name}"
        return f"{name} {value}".strip()

    def page_data(self) -> dict:
        return {
            "indicator": self.indicator_label,
            "value": {"zh": self.written, "en": self.english or self.written},
            "period": self.period,
            "qualifier": self.qualifier,
            "growth": self.growth,
            "forecast": self.forecast,
            "remarks": self.remarks,
            "quotes": self.quotes,
        }


class Facts:
    """Figures and sentences of nodes and relations of one graph (cached per node)."""

    def __init__(self, graph, labels: Labels):
        self.graph = graph
        self.labels = labels
        self._figures: dict = {}

    def figures(self, node) -> list[Figure]:
        cached = self._figures.get(node)
        if cached is None:
            cached = sorted((self._figure(o) for o in set(self.graph.subjects(KG.subject, node))),
                            key=lambda f: (str(f.indicator), f.period, f.iri))
            self._figures[node] = cached
        return cached

    def _properties(self, observation) -> dict:
        """A figure's properties, read in one lookup rather than one per property (which is what
        a view of a large store spends its time on), each with its first value, as Graph.value."""
        found: dict = {}
        for predicate, value in self.graph.predicate_objects(observation):
            found.setdefault(predicate, value)
        return found

    def _figure(self, observation) -> Figure:
        labels = self.labels
        properties = self._properties(observation)
        indicator = properties.get(KG.indicator)
        written_value = properties.get(KG.writtenValue)
        measure = properties.get(SDMX_MEASURE.obsValue)
        qualifier = properties.get(KG.qualifier)
        if written_value is not None:
            written = "".join(str(x) for x in (properties.get(KG.qualifierText) or "",
                                               _plain_number(written_value),
                                               properties.get(KG.writtenUnit) or ""))
        else:
            written = ""
        remarks = sorted({str(text) for part, words in ((KG.hasRanking, KG.rankText), (KG.hasShare, KG.shareText))
                          for node in self.graph.objects(observation, part)
                          for text in self.graph.objects(node, words)})
        english = ""
        number = _decimal(measure) if measure is not None else None
        if number is not None:
            unit = properties.get(SDMX_ATTRIBUTE.unitMeasure)
            words = [labels.label(qualifier, "en") if qualifier is not None and qualifier != KG.Exact else "",
                     short_amount(float(number)), labels.label(unit, "en") if unit is not None else ""]
            english = " ".join(w for w in words if w)
        growth_rate = properties.get(KG.growthRate)
        growth = {"zh": str(properties.get(KG.growthText) or ""),
                  "en": f"growth {_plain_number(growth_rate)}%" if growth_rate is not None else ""}
        forecast = properties.get(KG.forecast)
        return Figure(
            iri=str(observation),
            indicator=indicator,
            indicator_label=labels.both(indicator if indicator is not None else observation),
            written=written,
            english=english,
            value=float(number) if number is not None else None,
            period=str(properties.get(KG.period) or ""),
            qualifier=labels.both(qualifier) if qualifier is not None else {},
            growth=growth,
            forecast=bool(forecast.toPython()) if isinstance(forecast, Literal) else False,
            remarks=remarks,
            quotes=source_sentences(self.graph, observation),
        )

    def largest(self, node, indicators: tuple[URIRef, ...]) -> Figure | None:
        """The figure of `node` with the largest value among `indicators` (None: none has one)."""
        candidates = [f for f in self.figures(node) if f.indicator in indicators and f.value is not None]
        return max(candidates, key=lambda f: (f.value, f.iri)) if candidates else None

    def relation_sentences(self, subject, predicate, obj) -> tuple[list[str], list[URIRef]]:
        """Sentences behind one relation, and the products its statement names (kg:suppliedProduct)."""
        sentences: set[str] = set()
        products: set[URIRef] = set()
        for statement in self.graph.subjects(RDF.subject, subject):
            if (statement, RDF.predicate, predicate) in self.graph and (statement, RDF.object, obj) in self.graph:
                sentences |= set(source_sentences(self.graph, statement))
                products |= {p for p in self.graph.objects(statement, KG.suppliedProduct) if isinstance(p, URIRef)}
        return sorted(sentences), sorted(products)

    def notes(self, node) -> list[str]:
        return sorted(str(n) for n in self.graph.objects(node, SKOS.editorialNote))

"""What a synthetic graph borrows from the project: the ontology, the SKOS industries and
indicators, and the units, exactly as `kg build` writes them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kg.errors import KgError
from kg.namespaces import KGUNIT
from kg.project import Project


@dataclass(frozen=True)
class IndicatorInfo:
    zh: str
    en: str
    unit_iri: str
    unit_en: str


@dataclass
class Vocabulary:
    header: object  # rdflib.Graph: ontology + industries + indicators + units + the dataset node
    indicators: dict[str, IndicatorInfo]
    industries: set[str]

    def indicator(self, identifier: str) -> IndicatorInfo:
        try:
            return self.indicators[identifier]
        except KeyError:
            raise KgError(f"the synthetic economy needs the indicator {identifier!r}, which data/vocab "
                          "does not define", identifier) from None

    def require_industries(self, identifiers: set[str]) -> None:
        missing = sorted(identifiers - self.industries)
        if missing:
            raise KgError(f"the synthetic economy needs industries that data/vocab does not define: "
                          f"{', '.join(missing)}", "data/vocab/industries.yaml")


def load_vocabulary(project: Project) -> Vocabulary:
    from kg.build import build_graph
    from kg.ontology import Ontology
    from kg.records.load import load_dataset

    ontology = Ontology.from_directory(project.ontology)
    dataset = load_dataset(project.data, ontology, display_root=project.root)
    # the same builder as `kg build`, given only the vocabulary: no entities, facts or quotes
    vocabulary_only = dataclasses.replace(
        dataset, sources={}, entities={}, relations={}, figures={}, anomalies={}, industry_collections={},
    )
    header = build_graph(vocabulary_only, ontology.graph)
    units = dataset.units
    indicators = {
        identifier: IndicatorInfo(
            indicator.zh, indicator.en,
            units[indicator.unit].iri or str(KGUNIT) + indicator.unit,
            units[indicator.unit].en,
        )
        for identifier, indicator in dataset.indicators.items()
    }
    return Vocabulary(header, indicators, set(dataset.industries))

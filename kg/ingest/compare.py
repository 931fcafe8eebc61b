"""Candidates side by side with what the graph already has: new, same, or conflicting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kg.ingest import candidates as c


@dataclass(frozen=True)
class Status:
    state: str  # new, same, conflict (figures); new, known (entities); new, same (relations)
    existing: str | None = None  # the id of the graph's record it is the same as or conflicts with
    detail: str = ""


def normalized(dataset, value: Decimal | None, unit: str | None) -> Decimal | None:
    if value is None or unit is None or unit not in dataset.written_units:
        return None
    return value * dataset.written_units[unit].multiplier


def figure_status(figure: c.FigureCandidate, dataset) -> Status:
    if not figure.subject or not figure.indicator:
        return Status("incomplete", None, "needs a subject and an indicator")
    mine = normalized(dataset, figure.value, figure.unit)
    for identifier in sorted(dataset.figures):
        other = dataset.figures[identifier]
        if (other.subject, other.indicator, other.period, other.forecast) != (
                figure.subject, figure.indicator, figure.period, figure.forecast):
            continue
        theirs = normalized(dataset, other.value, other.unit)
        if mine == theirs:
            return Status("same", identifier, "")
        if mine is not None and theirs is not None:
            return Status("conflict", identifier, f"the graph has {other.value} {other.unit}")
    return Status("new")


def entity_status(entity: c.EntityCandidate, dataset) -> Status:
    if entity.matched and entity.matched in dataset.entities:
        return Status("known", entity.matched)
    return Status("new")


def relation_status(relation: c.RelationCandidate, dataset) -> Status:
    key = relation.id
    if key in dataset.relations:
        return Status("same", key)
    return Status("new")

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
    return figure_against_graph(dataset, (figure.subject, figure.indicator, figure.period, figure.forecast),
                                figure.value, figure.unit)


def figure_against_graph(dataset, key: tuple[str, str, str, bool], value: Decimal | None,
                         unit: str | None) -> Status:
    """A figure with this (subject, indicator, period, forecast) and value beside the graph's
    figures of that key. `kg ingest` and `kg review` both ask here, so that the draft and the
    review never tell a person different things about the same figure."""
    mine = normalized(dataset, value, unit)
    first = differing = None
    for identifier in sorted(dataset.figures):
        other = dataset.figures[identifier]
        if (other.subject, other.indicator, other.period, other.forecast) != key:
            continue
        theirs = normalized(dataset, other.value, other.unit)
        if mine == theirs:
            return Status("same", identifier, "")
        if first is None:
            first = identifier
        if differing is None and mine is not None and theirs is not None:
            differing = identifier
    if first is None:
        return Status("new")
    # A figure the graph has for this key that cannot be shown equal (no value on one side, or
    # a unit that does not convert) is for a person to look at: merged as new, it would stand
    # beside the graph's unflagged. The clearest difference to show is one of two known values.
    existing = differing or first
    other = dataset.figures[existing]
    return Status("conflict", existing, f"the graph has {value_text(other)}")


def value_text(figure) -> str:
    """A graph figure's value as written, for a person comparing it with a candidate."""
    return "no value" if figure.value is None else f"{figure.value} {figure.unit}"


def entity_status(entity: c.EntityCandidate, dataset) -> Status:
    if entity.matched and entity.matched in dataset.entities:
        return Status("known", entity.matched)
    return Status("new")


def relation_status(relation: c.RelationCandidate, dataset) -> Status:
    key = relation.id
    if key in dataset.relations:
        return Status("same", key)
    return Status("new")

"""Candidate facts proposed by `kg ingest`: what a person reviews before they enter data/."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class EntityCandidate:
    id: str  # the graph's id when matched, else a proposed one
    name: str
    cls: str
    matched: str | None
    confidence: float
    sentence: str
    sentences: list[str] = field(default_factory=list)


@dataclass
class Growth:
    value: Decimal
    unit: str  # % or 倍
    qualifier: str | None
    basis: str | None  # 同比 when written
    text: str


@dataclass
class Comparison:
    reference: str | None
    by: str  # value or growth
    difference: Decimal | None
    unit: str | None
    direction: str
    text: str


@dataclass
class Rank:
    scope: str | None
    by: str
    position: int | None
    top: int | None
    text: str


@dataclass
class Share:
    of: str | None
    value: str  # a percent (23.5) or a fraction (1/7)
    qualifier: str | None
    text: str


@dataclass
class FigureCandidate:
    id: str
    subject: str | None
    subject_name: str | None
    indicator: str | None
    indicator_name: str | None
    value: Decimal | None
    value_text: str | None  # the number as written (千, 3.7)
    unit: str | None
    normalized_value: Decimal | None
    normalized_unit: str | None
    qualifier: str | None
    period: str
    period_text: str | None
    period_basis: str  # written, sentence, context, default
    forecast: bool
    cumulative: bool
    growth: Growth | None
    compare: list[Comparison]
    rank: list[Rank]
    share: Share | None
    confidence: float
    sentences: list[str]
    headline: bool = False
    start: int = 0  # offset of the number in the article, to order and merge

    @property
    def sentence(self) -> str:
        return self.sentences[0]


@dataclass
class RelationCandidate:
    subject: str
    predicate: str
    object: str
    subject_name: str
    object_name: str
    confidence: float
    sentence: str
    product: str | None = None

    @property
    def id(self) -> str:
        return f"{self.subject}--{self.predicate}--{self.object}"


@dataclass
class SourceInfo:
    id: str
    title: str
    date: str | None  # as given with --date
    year: int  # the year 今年 means
    year_basis: str  # "--date" or "inferred from the text"
    file: str  # the article as given
    encoding: str


@dataclass
class Candidates:
    source: SourceInfo
    entities: list[EntityCandidate]
    figures: list[FigureCandidate]
    relations: list[RelationCandidate]

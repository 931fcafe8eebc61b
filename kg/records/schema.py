"""The records of data/: what each YAML item may and must say.

The models check shape and types only. Whether references resolve, quotes
occur in their source and units are known is checked by `kg.records.load`,
which knows every record at once.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_FRACTION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")

FlagType = Literal[
    "source-typo",
    "source-inconsistency",
    "implausible",
    "stray-text",
    "ambiguity",
    "period-inferred",
    "derived",
    "identity-assumption",
    "implied-by-context",
    "conflict",
]
ProjectStatus = Literal["planned", "signed", "under-construction", "completed", "in-operation"]
EnglishOrigin = Literal["translation", "source"]
ComparedQuantity = Literal["value", "growth"]


def _as_text(value: Any) -> Any:
    """YAML reads 2024 as a number and 2024-11-30 as a date; periods and dates are text here."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _as_decimal(value: Any) -> Any:
    """Numbers become Decimals through their text, so 3708.9 stays 3708.9."""
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    if isinstance(value, int | float | str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"must be a number, not {value!r}") from None
        if not number.is_finite():
            raise ValueError(f"must be a finite number, not {value!r}")
        return number
    return value


Text = Annotated[str, BeforeValidator(_as_text)]
Number = Annotated[Decimal, BeforeValidator(_as_decimal)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]


# Characters no text of the graph may hold: control characters other than tab and line breaks,
# lone surrogates (a YAML escape such as "\ud800" makes one; UTF-8 cannot encode it) and the
# noncharacters U+FFFE/U+FFFF. RDF/XML (XML 1.0) cannot carry any of them, and they are never meant.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")  # before trimming: a leading control character counts too
    @classmethod
    def _writable_text(cls, value: Any) -> Any:
        for text in value if isinstance(value, list) else (value,):
            if isinstance(text, str) and (found := _UNWRITABLE.search(text)):
                raise ValueError(f"holds the character U+{ord(found.group()):04X}, which is not allowed in text "
                                 "(a control character, a lone surrogate or a noncharacter)")
        return value


class QuoteRef(Record):
    """A verbatim passage of a source document."""

    source: Id
    text: str = Field(min_length=2)


def _quotes(value: Any) -> Any:
    """`quote:` may be one string, or a list of strings and {source, text} mappings."""
    items = value if isinstance(value, list) else [value]
    return [{"source": None, "text": item} if isinstance(item, str) else item for item in items]


class QuoteDraft(Record):
    source: Id | None = None
    text: str = Field(min_length=2)


Quotes = Annotated[list[QuoteDraft], BeforeValidator(_quotes), Field(min_length=1)]


class Flag(Record):
    type: FlagType
    note: str = Field(min_length=3)


class Fact(Record):
    """Something the graph asserts: it must say where it came from."""

    quote: Quotes
    flags: list[Flag] = []
    note: str | None = None


class Labelled(Record):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    en_origin: EnglishOrigin = "translation"
    aliases: list[str] = []


class Source(Labelled):
    """A source document. `date` is the date as printed (null when none is printed)."""

    id: Id
    title: str
    authors: list[str] = Field(min_length=1)
    date: Text | None = None
    date_inferred: Text | None = None
    file: str
    language: str = "zh"
    publisher: str | None = None
    photo_credit: str | None = None
    note: str | None = None
    flags: list[Flag] = []


class UnitDefinition(Record):
    """A normalized unit: QUDT's own (`iri`) or one of the project's (no `iri`)."""

    id: Id
    zh: str
    en: str
    iri: str | None = None
    note: str | None = None


class WrittenUnit(Record):
    """How a unit as written converts: `unit` is the normalized unit id; none for a bare
    multiplier or classifier (万, 个) whose unit comes from the indicator."""

    unit: Id | None = None
    multiplier: Number = Decimal(1)


class Industry(Labelled):
    id: Id
    broader: Id | None = None
    note: str | None = None


class IndustryCollection(Labelled):
    """A named group of industries that is not itself an industry (未来产业)."""

    id: Id
    members: list[Id] = Field(min_length=1)
    quote: Quotes | None = None


class Indicator(Labelled):
    id: Id
    unit: Id
    industry: Id | None = None
    broader: Id | None = None
    note: str | None = None


class Entity(Labelled, Fact):
    id: Id
    class_: str = Field(alias="class", pattern=r"^[A-Z][A-Za-z]+$")
    industries: list[Id] = []
    status: ProjectStatus | None = None
    date: Text | None = None
    planned: bool = False


class Relation(Fact):
    subject: Id
    predicate: str = Field(pattern=r"^[a-z][A-Za-z]+$")
    object: Id
    product: Id | None = None
    about: Id | None = None

    @property
    def id(self) -> str:
        return f"{self.subject}--{self.predicate}--{self.object}"


class Growth(Record):
    value: Number
    unit: Literal["%", "倍"] = "%"
    qualifier: str | None = None
    basis: Literal["同比"] | None = None

    def percent(self) -> Decimal:
        # 增长N倍 means an increase of N × 100 percent in China's statistical usage
        return self.value * 100 if self.unit == "倍" else self.value


class Comparison(Record):
    reference: Id
    by: ComparedQuantity = "growth"
    difference: Number | None = None
    unit: Literal["个百分点", "%", "倍"] | None = None
    direction: Literal["higher", "lower"] = "higher"

    @model_validator(mode="after")
    def _unit_goes_with_difference(self) -> Comparison:
        if (self.difference is None) != (self.unit is None):
            raise ValueError("difference and unit go together")
        return self


class Rank(Record):
    scope: Id
    by: ComparedQuantity = "value"
    position: int | None = Field(default=None, ge=1)
    top: int | None = Field(default=None, ge=1)
    text: str = Field(min_length=2)

    @model_validator(mode="after")
    def _position_or_top(self) -> Rank:
        if self.position is not None and self.top is not None:
            raise ValueError("give position or top, not both")
        return self


class Share(Record):
    of: Id
    value: Text
    qualifier: str | None = None
    text: str = Field(min_length=2)

    @field_validator("value")
    @classmethod
    def _percent_or_fraction(cls, value: str) -> str:
        share_percent(value)
        return value


def share_percent(value: str) -> Decimal:
    """`23.5` (percent) or `1/7` (a fraction) as percent, rounded to 10 decimal places."""
    fraction = _FRACTION.match(value)
    if fraction:
        numerator, denominator = (int(part) for part in fraction.groups())
        if denominator == 0:
            raise ValueError("a fraction's denominator cannot be 0")
        return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("1e-10")).normalize()
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(f"must be a percentage such as 23.5 or a fraction such as 1/7, not {value!r}") from None


class Figure(Fact):
    id: Id
    subject: Id
    indicator: Id
    period: Text
    value: Number | None = None
    unit: str | None = None
    qualifier: str | None = None
    growth: Growth | None = None
    compare: list[Comparison] = []
    rank: list[Rank] = []
    share: Share | None = None
    forecast: bool = False
    cumulative: bool = False

    @model_validator(mode="after")
    def _says_something(self) -> Figure:
        if (self.value is None) != (self.unit is None):
            raise ValueError("value and unit go together")
        if self.value is None and self.growth is None and not self.rank and self.share is None:
            raise ValueError("a figure needs a value, a growth, a rank or a share")
        return self


class Anomaly(Record):
    """A passage of a source not recorded as a fact (a stray headline number, a caption)."""

    id: Id
    source: Id | None = None
    text: str = Field(min_length=1)
    type: FlagType
    note: str = Field(min_length=3)


# the top-level keys of a data file, and the record each of their items is
SECTIONS: dict[str, type[Record]] = {
    "sources": Source,
    "units": UnitDefinition,
    "industries": Industry,
    "industry_collections": IndustryCollection,
    "indicators": Indicator,
    "entities": Entity,
    "relations": Relation,
    "figures": Figure,
    "anomalies": Anomaly,
}


def is_valid_id(text: str) -> bool:
    return bool(_ID.match(text))

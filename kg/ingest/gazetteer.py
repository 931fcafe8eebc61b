"""The graph as a gazetteer: its entities' names and aliases, its indicators' labels,
and the units and qualifiers of data/vocab, all read from the checked data/ records
(no table is repeated here). jieba segments with a user dictionary made of the
graph's names, so they come out as single words.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

# classes of the ontology that name a place or a zone (a figure's scope, a location)
PLACE_ROOTS = ("Place", "Zone")
ORGANIZATION_ROOTS = ("Organization",)
PROJECT_ROOTS = ("Project", "Facility")
PRODUCT_ROOTS = ("Product", "Brand", "Technology")
# jieba part-of-speech tags for the graph's names, by the root of their class
_POS = {"Organization": "nt", "Place": "ns", "Zone": "ns"}


@dataclass(frozen=True)
class Name:
    text: str
    entity: str  # id
    cls: str
    primary: bool  # the entity's zh name, not an alias


@dataclass(frozen=True)
class IndicatorLabel:
    indicator: str
    text: str
    unit: str


@dataclass(frozen=True)
class UnitReading:
    written: str
    unit: str | None  # normalized unit id; None for a bare multiplier or classifier
    multiplier: Decimal


@dataclass
class Gazetteer:
    names: dict[str, list[Name]] = field(default_factory=dict)  # first character → names, longest first
    entity_names: dict[str, str] = field(default_factory=dict)  # id → zh name
    entity_classes: dict[str, str] = field(default_factory=dict)
    indicator_labels: list[IndicatorLabel] = field(default_factory=list)
    indicator_units: dict[str, str] = field(default_factory=dict)
    indicator_names: dict[str, str] = field(default_factory=dict)
    indicator_use: dict[str, int] = field(default_factory=dict)  # figures per indicator in the graph
    units: dict[str, UnitReading] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)  # as written → concept
    superclasses: dict[str, frozenset[str]] = field(default_factory=dict)
    # a name that starts with another entity's name is also found without it, after it
    owned_remainders: dict[str, tuple[str, str]] = field(default_factory=dict)  # remainder → (owner id, entity)
    parts: dict[str, frozenset[str]] = field(default_factory=dict)  # id → what the graph says it is part of
    domains: dict[str, frozenset[str]] = field(default_factory=dict)  # predicate → classes it takes as subject
    ranges: dict[str, frozenset[str]] = field(default_factory=dict)
    _tokenizer: object = None

    def takes(self, predicate: str, subject_cls: str, object_cls: str) -> bool:
        """Does the ontology let `predicate` join these classes (as `kg build` checks)?"""
        for allowed, cls in ((self.domains.get(predicate, frozenset()), subject_cls),
                             (self.ranges.get(predicate, frozenset()), object_cls)):
            if allowed and not (self.superclasses.get(cls, frozenset({cls})) & allowed):
                return False
        return predicate in self.domains

    def is_a(self, cls: str | None, roots: tuple[str, ...]) -> bool:
        return cls is not None and bool(self.superclasses.get(cls, frozenset({cls})) & set(roots))

    def add_name(self, name: Name) -> None:
        bucket = self.names.setdefault(name.text[0], [])
        if all(n.text != name.text for n in bucket):
            bucket.append(name)
            bucket.sort(key=lambda n: (-len(n.text), n.text))

    def longest_name_at(self, text: str, position: int) -> Name | None:
        for name in self.names.get(text[position], ()):
            if text.startswith(name.text, position):
                return name
        return None

    def tokenizer(self):
        """A jieba tokenizer with the graph's names as a user dictionary, made once, quietly."""
        if self._tokenizer is None:
            base = _copy_of_jiebas_tokenizer()
            for bucket in sorted(self.names):
                for name in self.names[bucket]:
                    root = next((r for r in _POS if self.is_a(name.cls, (r,))), None)
                    base.add_word(name.text, freq=100000, tag=_POS.get(root, "nz"))
            self._tokenizer = _part_of_speech_tokenizer(base)
        return self._tokenizer


# jieba reads its dictionary (about 0.4 s) into every Tokenizer it makes, and its part-of-speech
# table (0.4 s more) into every POSTokenizer, its own included. A gazetteer's tokenizer gets
# copies of jieba's own instead, so a process reads each once, however many gazetteers it makes
# (jieba is held below 0.43, whose Tokenizer and POSTokenizer keep these in plain attributes).

def _copy_of_jiebas_tokenizer():
    """A jieba Tokenizer with the default dictionary, to add words to without changing jieba's."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    return tokenizer


def _part_of_speech_tokenizer(base):
    """jieba's POSTokenizer over `base`, with a copy of the part-of-speech table jieba has read."""
    import jieba.posseg

    tokenizer = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tokenizer.tokenizer = base
    tokenizer.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return tokenizer


def build_gazetteer(dataset, ontology) -> Gazetteer:
    """A Gazetteer from a checked `kg.records.load.Dataset` and the `kg.ontology.Ontology`."""
    g = Gazetteer()
    for cls in sorted(ontology.classes):
        g.superclasses[cls] = frozenset(ontology.superclasses(cls))
    wholes: dict[str, set[str]] = {}
    for relation in dataset.relations.values():
        if relation.predicate == "partOf":
            wholes.setdefault(relation.subject, set()).add(relation.object)
    g.parts = {k: frozenset(v) for k, v in sorted(wholes.items())}
    for predicate in sorted(ontology.object_properties):
        g.domains[predicate] = frozenset(ontology.domain_of(predicate))
        g.ranges[predicate] = frozenset(ontology.range_of(predicate))
    for identifier in sorted(dataset.entities):
        entity = dataset.entities[identifier]
        g.entity_names[identifier] = entity.zh
        g.entity_classes[identifier] = entity.class_
        if g.is_a(entity.class_, ("Event",)):
            continue  # events are named by curators (…签约仪式); an article rarely writes those names
        for text, primary in [(entity.zh, True), *((alias, False) for alias in entity.aliases)]:
            clean = text.strip("“”\"")
            for form in {text, clean}:
                if len(form) >= 2:
                    g.add_name(Name(form, identifier, entity.class_, primary))
    _owned_remainders(g)
    for identifier in sorted(dataset.indicators):
        indicator = dataset.indicators[identifier]
        g.indicator_units[identifier] = indicator.unit
        g.indicator_names[identifier] = indicator.zh
        for text in [indicator.zh, *indicator.aliases]:
            g.indicator_labels.append(IndicatorLabel(identifier, text, indicator.unit))
    for figure in dataset.figures.values():
        g.indicator_use[figure.indicator] = g.indicator_use.get(figure.indicator, 0) + 1
    for written in sorted(dataset.written_units):
        reading = dataset.written_units[written]
        g.units[written] = UnitReading(written, reading.unit, reading.multiplier)
    g.qualifiers = dict(sorted(dataset.qualifiers.items()))
    return g


def _owned_remainders(g: Gazetteer) -> None:
    """时代长安动力电池生产基地 starts with 时代长安 (another entity): 动力电池生产基地 after a
    mention of that owner in the same sentence names the same thing."""
    all_names = [n for bucket in g.names.values() for n in bucket]
    for name in all_names:
        for owner in all_names:
            if owner.entity == name.entity or not name.text.startswith(owner.text):
                continue
            if not g.is_a(name.cls, PROJECT_ROOTS):
                continue
            remainder = name.text[len(owner.text):]
            if len(remainder) >= 4 and remainder not in g.owned_remainders:
                g.owned_remainders[remainder] = (owner.entity, name.entity)

"""A synthetic regional economy, generated district by district and written as it goes.

The shape follows the Yubei graph: cities and districts with industrial parks;
in each district, industry clusters (产业集群) led by chain leaders (链主) with
supply chains several levels deep below them; groups and their subsidiaries;
manufacturing projects with their investment announcements; chain gaps and what
filled them; and figures — district output by month with year-on-year growth,
ranks, shares and comparisons with the city, companies' annual output, project
investment — each quoting a sentence of a (synthetic) source document with its
character offsets, as real provenance does.

Memory stays flat as the graph grows: only the district being generated is
kept, plus a few recent makers of each product (so suppliers can sell across
districts); names are unique by construction (kg.synth.names), not by lookup.
Everything random comes from `random.Random` seeded with the seed and the
district, and only + - * / and round() touch floats, so a seed gives the same
bytes on every machine.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

from kg.synth.chains import CHAINS, PRODUCTS, Product, chain_products
from kg.synth.names import PLACE_NAMES, Name
from kg.synth.patterns import Entity, Patterns, growth_words, money, tenths, year_period
from kg.synth.vocabulary import Vocabulary
from kg.synth.writer import StreamWriter

YEARS = (2021, 2022, 2023, 2024)
BASE_YEAR = 2020
FORECAST_YEAR = 2025
COMPANY_YEARS = (2022, 2023, 2024)
# a district is at most this many triples: more triples make more districts, not bigger ones
DISTRICT_TRIPLES = 150_000
DISTRICTS_PER_CITY = 8
RECENT_MAKERS = 8  # per product, across districts: the customers a supplier elsewhere may sell to


@dataclass
class DistrictPlan:
    index: int
    city: int
    name: Name
    output_2020: float  # industrial output in 亿元
    growth: dict[int, float]  # year -> output of the year / output of the year before
    chains: tuple[str, ...]
    chain_share: dict[str, float]

    def output(self, year: int) -> float:
        value = self.output_2020
        for y in range(BASE_YEAR + 1, year + 1):
            value *= self.growth[y]
        return value


class Economy(Patterns):
    """The whole economy: plans the districts, writes the shared header, then each district."""

    def __init__(self, writer: StreamWriter, vocabulary: Vocabulary, triples: int, seed: int):
        super().__init__(writer, vocabulary)
        self.target = triples
        self.seed = seed
        self.numbers_used = 0
        self.recent_makers: dict[str, deque[Entity]] = {}
        self.consumers = _consumers()
        self.cities: list[Entity] = []
        vocabulary.require_industries({p.industry for p in PRODUCTS.values()}
                                      | {i for c in CHAINS.values() for i in (c.industry, *c.leader_industries)})

    def next_number(self) -> int:
        """A number no company or group has had: it goes into the name and the id, which keeps both unique."""
        number = self.numbers_used
        self.numbers_used += 1
        return number

    # --- the economy -------------------------------------------------------------------

    def run(self) -> None:
        from kg.synth.district import District  # here, not at the top: kg.synth.district imports this module

        plans = self.plan()
        self.write_header(plans)
        first = self.w.triples
        for plan in plans:
            share_end = first + (self.target - first) * (plan.index + 1) // len(plans)
            District(self, plan, plans, share_end).run()

    def plan(self) -> list[DistrictPlan]:
        rng = random.Random(f"{self.seed}/plan")
        count = max(2, -(-self.target // DISTRICT_TRIPLES))
        plans = []
        for index in range(count):
            chains = tuple(c for c, chance in (("automotive", 0.7), ("electronics", 0.6), ("low-altitude", 0.4),
                                               ("computing", 0.5)) if rng.random() < chance)
            chains = chains or (rng.choice(tuple(CHAINS)),)
            share = {c: rng.uniform(0.1, 0.7 / len(chains)) for c in chains}
            growth = {y: rng.uniform(0.94, 1.22) for y in range(BASE_YEAR + 1, FORECAST_YEAR + 1)}
            plans.append(DistrictPlan(index, index // DISTRICTS_PER_CITY, PLACE_NAMES.name(index),
                                      rng.uniform(300, 3000), growth, chains, share))
        return plans

    def write_header(self, plans: list[DistrictPlan]) -> None:
        self.write_vocabulary()
        region = self.document("synth-region", "区域产业链发展报告（合成）",
                               "Regional industry chain report (synthetic)", "区域经济研究院", 2024)
        for product in PRODUCTS.values():
            sentence = f"{product.zh}是{_industry_chain_zh(product)}的重要环节。"
            entity = Entity(f"product-{product.id}", self.t.iri("yb", f"product-{product.id}"), product.zh, product.en)
            class_local = "Product"
            self.w.block(entity.term, self.entity_pairs(entity, class_local, self.quote(region, sentence),
                                                        industries=(product.industry,)))
        city_count = plans[-1].city + 1
        for city in range(city_count):
            name = PLACE_NAMES.name(PLACE_NAMES.pairs - 1 - city)  # from the far end: never a district's name
            entity = Entity(f"{name.slug}-city-{city}", self.t.iri("yb", f"{name.slug}-city-{city}"),
                            f"{name.zh}市", name.pinyin, name.zh)
            members = [p for p in plans if p.city == city]
            sentence = f"{entity.zh}下辖{'、'.join(p.name.zh + '区' for p in members)}。"
            quote = self.quote(region, sentence)
            self.w.block(entity.term, self.entity_pairs(entity, "City", quote, alt=name.zh))
            self.cities.append(entity)
            for year in YEARS:
                total = sum(p.output(year) for p in members)
                before = sum(p.output(year - 1) for p in members)
                value = money(total)
                growth = tenths((total / before - 1) * 100)
                sentence = f"{year}年，{entity.zh}工业产值达{value.plain}{value.unit}，{growth_words(growth)}。"
                self.figure(entity, "industrial-output", year_period(year), self.quote(region, sentence),
                            value=value, qualifier_word="达", growth=growth)

    def remember_maker(self, product: Product, maker: Entity) -> None:
        makers = self.recent_makers.setdefault(product.id, deque(maxlen=RECENT_MAKERS))
        makers.append(maker)


def _consumers() -> dict[str, list[str]]:
    """product -> the products it goes into."""
    consumers: dict[str, list[str]] = {}
    for product in PRODUCTS.values():
        for used in product.inputs:
            consumers.setdefault(used, []).append(product.id)
    return consumers


def _industry_chain_zh(product: Product) -> str:
    for chain in CHAINS.values():
        if product in chain_products(chain):
            return f"{chain.zh}产业链"
    return "产业链"

"""One district of the synthetic economy: its documents, parks, clusters, companies, projects
and figures. A district is generated in full and then forgotten."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from kg.synth.chains import CHAINS, PRODUCTS, Chain, Product, chain_products
from kg.synth.economy import COMPANY_YEARS, FORECAST_YEAR, YEARS, DistrictPlan, Economy
from kg.synth.names import BUSINESS_NAMES, Name
from kg.synth.patterns import (
    OPEN_PERIOD,
    QUALIFIERS,
    Entity,
    Written,
    growth_words,
    money,
    months_period,
    tenths,
    tenths_plain,
    year_period,
)

PARK_KINDS = (
    ("高新技术产业开发区", "High-tech Industrial Development Zone", "high-tech-zone", None),
    ("智能制造产业园", "Smart Manufacturing Park", "smart-manufacturing-park", "automotive"),
    ("电子信息产业园", "Electronic Information Industrial Park", "electronics-park", "electronics"),
    ("临空产业园", "Airport Industrial Park", "airport-park", "low-altitude"),
    ("数字经济产业园", "Digital Economy Industrial Park", "digital-park", "computing"),
    ("新材料产业园", "New Materials Industrial Park", "new-materials-park", None),
)
FORMS = (
    ("有限公司", "Co., Ltd."),
    ("科技有限公司", "Technology Co., Ltd."),
    ("股份有限公司", "Corporation"),
    ("实业有限公司", "Industrial Co., Ltd."),
)
STATUSES = (
    ("Signed", "已签约"), ("UnderConstruction", "正在建设"), ("Completed", "已建成"), ("InOperation", "已投产"),
)


@dataclass
class Member:
    entity: Entity
    name: Name
    product: Product
    tier: int  # 0 for chain leaders, 1 for their suppliers, …


@dataclass
class Cluster:
    chain: Chain
    entity: Entity
    size: int = 0
    buyers: list[Member] = field(default_factory=list)  # members whose product has inputs
    makers: dict[str, list[Member]] = field(default_factory=dict)  # product id -> members making it
    core_suppliers: int = 0
    gap: Product | None = None
    gap_filled: bool = False

    def add(self, member: Member) -> None:
        self.size += 1
        if member.product.inputs:
            self.buyers.append(member)
        self.makers.setdefault(member.product.id, []).append(member)


class District:
    """One district, written from its plan until the graph holds `until` triples."""

    def __init__(self, economy: Economy, plan: DistrictPlan, plans: list[DistrictPlan], until: int):
        self.e = economy
        self.t = economy.t
        self.v = economy.v
        self.plan = plan
        self.plans = plans
        self.until = until
        self.rng = random.Random(f"{economy.seed}/district/{plan.index}")
        name = plan.name
        self.city = economy.cities[plan.city]
        identifier = f"{name.slug}-district-{plan.index}"
        self.entity = Entity(identifier, self.t.iri("yb", identifier), f"{name.zh}区", f"{name.pinyin} District",
                             name.zh)
        self.parks: list[tuple[Entity, str | None]] = []
        self.clusters: list[Cluster] = []
        self.groups: list[Entity] = []
        budget = until - economy.w.triples
        self.months = tuple(range(1, 13)) if budget >= 60_000 else ((3, 6, 9, 12) if budget >= 20_000 else (6, 12))

    def run(self) -> None:
        e = self.e
        self.documents()
        self.anomalies()
        self.write_district()
        self.district_figures()
        self.write_parks()
        for chain_id in self.plan.chains:
            self.clusters.append(self.new_cluster(CHAINS[chain_id]))
        while e.w.triples < self.until:
            cluster = self.clusters[self.rng.randrange(len(self.clusters))]
            self.new_supplier(cluster)
        for cluster in self.clusters:
            self.close_cluster(cluster)

    # --- documents and places ----------------------------------------------------------

    def documents(self) -> None:
        e, zh, slug = self.e, self.entity.zh, self.entity.id
        bureau = f"{zh}统计局"
        self.yearly = {
            year: e.document(f"{slug}-{year}-report", f"{zh}{year}年经济运行情况（合成）",
                             f"{self.entity.en}: the economy in {year} (synthetic)", bureau, year)
            for year in (*YEARS, FORECAST_YEAR)
        }
        self.directory = e.document(f"{slug}-directory", f"{zh}重点产业链企业名录（合成）",
                                    f"{self.entity.en}: directory of industry chain enterprises (synthetic)",
                                    f"{zh}经济和信息化委员会", 2024)
        self.news = e.document(f"{slug}-investment-news", f"{zh}招商引资动态（合成）",
                               f"{self.entity.en}: investment news (synthetic)", f"{zh}投资促进中心", 2024)

    def anomalies(self) -> None:
        """Passages of the reports that are not facts, flagged as the Yubei data flags them."""
        e, t, v = self.e, self.t, self.v
        for year, document in sorted(self.yearly.items()):
            page = self.rng.randint(2, 40)
            quote = e.quote(document, f"—{page}—")
            node = t.iri("flag", f"anomaly-{document.id}-page-{page}")
            e.w.block(node, [(v.a, e.kg("SourceAnomaly")), (v.flag_type, e.kg("StrayText")),
                             (v.comment, t.string(f"A page number ({page}) printed inside the text of the {year} "
                                                  "report; not a figure.")),
                             (v.derived, quote)])

    def write_district(self) -> None:
        e, t = self.e, self.t
        industries = sorted({CHAINS[c].industry for c in self.plan.chains})
        sentence = (f"{self.entity.zh}隶属{self.city.zh}，重点发展"
                    f"{'、'.join(CHAINS[c].zh for c in self.plan.chains)}等产业。")
        quote = e.quote(self.yearly[2024], sentence)
        pairs = e.entity_pairs(self.entity, "District", quote, alt=self.entity.short_zh)
        e.relate(pairs, self.entity, "locatedIn", self.city.id, self.city.term, quote)
        for industry in industries:
            e.relate(pairs, self.entity, "targetsIndustry", industry, t.iri("industry", industry), quote)
        e.w.block(self.entity.term, pairs)

    def write_parks(self) -> None:
        e, t = self.e, self.t
        kinds = [k for k in PARK_KINDS if k[3] is None or k[3] in self.plan.chains]
        for zh_kind, en_kind, slug_kind, chain_id in kinds:
            entity = Entity(f"{self.entity.id}-{slug_kind}", t.iri("yb", f"{self.entity.id}-{slug_kind}"),
                            f"{self.entity.short_zh}{zh_kind}", f"{self.plan.name.pinyin} {en_kind}")
            quote = e.quote(self.directory, f"{entity.zh}位于{self.entity.zh}。")
            industries = (CHAINS[chain_id].industry,) if chain_id else ()
            pairs = e.entity_pairs(entity, "IndustrialPark", quote, industries=industries)
            e.relate(pairs, entity, "locatedIn", self.entity.id, self.entity.term, quote)
            e.w.block(entity.term, pairs)
            self.parks.append((entity, chain_id))

    def park_for(self, chain: Chain) -> Entity:
        fitting = [p for p, c in self.parks if c == chain.id] or [p for p, _ in self.parks]
        return fitting[self.rng.randrange(len(fitting))]

    # --- district figures --------------------------------------------------------------

    def cumulative(self, year: int, month: int) -> float:
        plan = self.plan
        if month == 12:
            return plan.output(year)
        # the seed text keeps the "/0" it always had: without it every wobble, and so every graph, would change
        wobble = random.Random(f"{self.e.seed}/month/{plan.index}/{year}/{month}/0").uniform(-0.03, 0.03)
        return plan.output(year) * month / 12 * (1 + wobble)

    def district_figures(self) -> None:
        e = self.e
        peers = [p for p in self.plans if p.city == self.plan.city]
        for year in YEARS:
            for month in self.months:
                now = self.cumulative(year, month)
                before = self.cumulative(year - 1, month)
                self.output_figure("industrial-output", year, month, now, before, peers if month == 12 else None)
                for chain_id in self.plan.chains:
                    indicator = CHAINS[chain_id].output_indicator
                    if indicator and month == 12:
                        share = self.plan.chain_share[chain_id]
                        self.output_figure(indicator, year, month, now * share, before * share, None)
        forecast = self.plan.output(FORECAST_YEAR)
        value = money(forecast, "exact")
        growth = tenths((self.plan.growth[FORECAST_YEAR] - 1) * 100)
        sentence = (f"预计{FORECAST_YEAR}年，{self.entity.zh}工业产值约{value.plain}{value.unit}，"
                    f"增长{tenths_plain(growth)}%左右。")
        e.figure(self.entity, "industrial-output", year_period(FORECAST_YEAR),
                 e.quote(self.yearly[FORECAST_YEAR], sentence), value=value, qualifier="about",
                 qualifier_word="约", growth=growth, forecast=True)

    def output_figure(self, indicator: str, year: int, month: int, now: float, before: float,
                      peers: list[DistrictPlan] | None) -> None:
        e = self.e
        key = self.rng.choice(("exact", "exact", "exact", "more", "nearly"))
        word = self.rng.choice(QUALIFIERS[key][1])
        value = money(now, key)
        growth = tenths((now / before - 1) * 100)
        period = months_period(year, month)
        info = e.vocabulary.indicator(indicator)
        sentence = f"{period[3]}，{self.entity.zh}{info.zh}{word}{value.plain}{value.unit}，{growth_words(growth)}"
        rank = compare = share = None
        if peers:
            outputs = [p.output(year) for p in peers]
            mine = self.plan.output(year)
            position = 1 + sum(1 for o in outputs if o > mine)
            city_growth = tenths((sum(outputs) / sum(p.output(year - 1) for p in peers) - 1) * 100)
            percent = tenths(mine / sum(outputs) * 100)
            rank = (self.city, position, f"总量居全市第{position}位")
            difference = growth - city_growth
            compare_text = f"增速{'高于' if difference >= 0 else '低于'}全市{tenths_plain(abs(difference))}个百分点"
            compare = (self.city, difference, compare_text)
            share = (self.city, percent, f"占全市总量的{tenths_plain(percent)}%")
            sentence += f"，{rank[2]}，{share[2]}，{compare_text}"
        e.figure(self.entity, indicator, period, e.quote(self.yearly[year], sentence + "。"), value=value,
                 qualifier=key, qualifier_word=word, growth=growth, rank=rank, compare=compare, share=share)

    # --- clusters and companies --------------------------------------------------------

    def new_cluster(self, chain: Chain) -> Cluster:
        e, t, rng = self.e, self.t, self.rng
        identifier = f"{self.entity.id}-{chain.id}-cluster"
        entity = Entity(identifier, t.iri("yb", identifier), f"{self.entity.short_zh}{chain.zh}产业集群",
                        f"{self.plan.name.pinyin} {chain.en} cluster")
        cluster = Cluster(chain, entity)
        leaders = [self.new_company(chain, PRODUCTS[chain.top], 0) for _ in range(rng.randint(1, 3))]
        names = "、".join(m.entity.short_zh for m in leaders)
        quote = e.quote(self.directory, f"{entity.zh}以{names}为链主，带动上下游配套企业集聚发展。")
        pairs = e.entity_pairs(entity, "IndustryCluster", quote, industries=(chain.industry,))
        e.relate(pairs, entity, "locatedIn", self.entity.id, self.entity.term, quote)
        e.w.block(entity.term, pairs)
        for leader in leaders:
            self.write_company(cluster, leader, customers=[], role="leader")
        products = chain_products(chain)[1:]
        if rng.random() < 0.6:
            cluster.gap = products[rng.randrange(len(products))]
        if chain.id == "automotive":
            sentence = f"{entity.zh}现有整车企业{len(leaders)}家。"
            e.figure(entity, "vehicle-maker-count", year_period(2024), e.quote(self.yearly[2024], sentence),
                     value=Written(len(leaders), 0, "家", 0))
        return cluster

    def new_company(self, chain: Chain, product: Product, tier: int) -> Member:
        t, rng = self.t, self.rng
        number = self.e.next_number()
        name = BUSINESS_NAMES.name(number)
        form_zh, form_en = ("股份有限公司", "Co., Ltd.") if tier == 0 else FORMS[rng.randrange(len(FORMS))]
        identifier = f"{name.slug}-{product.id}-{number}"
        city = self.city.short_zh
        entity = Entity(identifier, t.iri("yb", identifier), f"{city}{name.zh}{product.maker_zh}{form_zh}",
                        f"{self.city.en} {name.pinyin} {product.maker_en} {form_en}", f"{name.zh}{product.maker_zh}",
                        f"{name.pinyin} {product.maker_en}")
        return Member(entity, name, product, tier)

    def new_supplier(self, cluster: Cluster) -> None:
        rng = self.rng
        customer = cluster.buyers[rng.randrange(len(cluster.buyers))]
        product = PRODUCTS[customer.product.inputs[rng.randrange(len(customer.product.inputs))]]
        member = self.new_company(cluster.chain, product, customer.tier + 1)
        customers = [customer.entity]
        consumers = self.e.consumers.get(product.id, ())
        if rng.random() < 0.5:
            others = [m.entity for c in consumers for m in cluster.makers.get(c, ()) if m is not customer]
            if others:
                customers.append(others[rng.randrange(len(others))])
        if rng.random() < 0.3:
            far = [maker for c in consumers for maker in self.e.recent_makers.get(c, ()) if maker not in customers]
            if far:
                customers.append(far[rng.randrange(len(far))])
        role = "core" if customer.tier == 0 and rng.random() < 0.5 else "supplier"
        self.write_company(cluster, member, customers, role)

    def write_company(self, cluster: Cluster, member: Member, customers: list[Entity], role: str) -> None:
        e, t, v, rng = self.e, self.t, self.v, self.rng
        entity, product, chain = member.entity, member.product, cluster.chain
        park = self.park_for(chain)
        group = self.group_for() if rng.random() < 0.15 else None
        role_text = {"leader": f"是{cluster.entity.zh}链主企业", "core": f"是{cluster.entity.zh}核心配套企业",
                     "supplier": f"属{cluster.entity.zh}配套企业"}[role]
        sentence = f"{entity.zh}位于{park.zh}，{role_text}，主要生产{product.zh}"
        if customers:
            sentence += f"，为{'、'.join(c.short_zh for c in customers)}等企业配套"
        if group is not None:
            sentence += f"，是{group.zh}旗下企业"
        quote = e.quote(self.directory, sentence + "。")
        industries = chain.leader_industries if role == "leader" else (product.industry,)
        pairs = e.entity_pairs(entity, "Company", quote, industries=industries, alt=entity.short_zh)
        e.relate(pairs, entity, "locatedIn", park.id, park.term, quote)
        if role == "leader":
            e.relate(pairs, entity, "chainLeaderOf", cluster.entity.id, cluster.entity.term, quote)
        elif role == "core":
            e.relate(pairs, entity, "coreSupplierOf", cluster.entity.id, cluster.entity.term, quote)
            cluster.core_suppliers += 1
        product_term = t.iri("yb", f"product-{product.id}")
        for customer in customers:
            extra: tuple = ((v.supplied_product, product_term),)
            if rng.random() < 0.02:
                note = "The directory names the customer among several; the supply relation is read from context."
                extra += ((v.flag, e.flag("relation", f"{entity.id}--supplies--{customer.id}",
                                          "ImpliedByContext", note)),)
            e.relate(pairs, entity, "supplies", customer.id, customer.term, quote, extra)
        if group is not None:
            e.relate(pairs, entity, "subsidiaryOf", group.id, group.term, quote)
        if role == "leader":
            self.models(pairs, member, chain)
        if rng.random() < 0.08:
            self.project(pairs, member, park, group)
        if cluster.gap is product and not cluster.gap_filled and cluster.size >= 5:
            self.write_gap(cluster, entity)
        e.w.block(entity.term, pairs)
        self.company_figures(member, role, chain)
        cluster.add(member)
        e.remember_maker(member.product, member.entity)

    def models(self, pairs: list, member: Member, chain: Chain) -> None:
        e, t, rng = self.e, self.t, self.rng
        for number in rng.sample(range(3, 10), rng.randint(1, 3)):
            series = "SXLM"[number % 4]
            zh = f"{member.name.zh}{series}{number}{chain.model_zh}"
            identifier = f"{member.entity.id}-{series.lower()}{number}"
            en = f"{member.name.pinyin} {series}{number}{chain.model_en}"
            model = Entity(identifier, t.iri("yb", identifier), zh, en)
            quote = e.quote(self.directory, f"{member.entity.short_zh}主力产品{zh}持续热销。")
            e.w.block(model.term, e.entity_pairs(model, chain.model_class, quote,
                                                 industries=(chain.leader_industries[0],)))
            e.relate(pairs, member.entity, "makes", identifier, model.term, quote)

    def group_for(self) -> Entity:
        e, t, rng = self.e, self.t, self.rng
        if self.groups and rng.random() < 0.85:
            return self.groups[rng.randrange(len(self.groups))]
        number = e.next_number()
        name = BUSINESS_NAMES.name(number)
        identifier = f"{name.slug}-group-{number}"
        state_owned = rng.random() < 0.25
        if state_owned:
            group = Entity(identifier, t.iri("yb", identifier), f"{name.zh}国有资本投资运营集团有限公司",
                           f"{name.pinyin} State-owned Capital Investment and Operation Group Co., Ltd.",
                           f"{name.zh}国投")
        else:
            group = Entity(identifier, t.iri("yb", identifier), f"{name.zh}控股集团有限公司",
                           f"{name.pinyin} Holding Group Co., Ltd.", f"{name.zh}集团")
        quote = e.quote(self.directory, f"{group.zh}总部位于{self.entity.zh}。")
        pairs = e.entity_pairs(group, "StateOwnedEnterprise" if state_owned else "Company", quote,
                               alt=group.short_zh)
        e.relate(pairs, group, "locatedIn", self.entity.id, self.entity.term, quote)
        e.w.block(group.term, pairs)
        if state_owned:
            self.state_asset_figures(group)
        self.groups.append(group)
        return group

    def state_asset_figures(self, group: Entity) -> None:
        """What a state-owned group did with idle assets (盘活存量资产), as the Yubei article reports it."""
        e, rng = self.e, self.rng
        for year in (2023, 2024):
            assets, funds = money(rng.uniform(2, 60)), money(rng.uniform(0.5, 20))
            sentence = (f"{year}年，{group.short_zh}盘活存量国有资产{assets.plain}{assets.unit}，"
                        f"回收资金{funds.plain}{funds.unit}。")
            quote = e.quote(self.yearly[year], sentence)
            e.figure(group, "state-assets-revitalized", year_period(year), quote, value=assets)
            e.figure(group, "funds-recovered", year_period(year), quote, value=funds)

    def project(self, pairs: list, member: Member, park: Entity, group: Entity | None) -> None:
        e, t, rng = self.e, self.t, self.rng
        company = member.entity
        identifier = f"{company.id}-base"
        project = Entity(identifier, t.iri("yb", identifier), f"{company.short_zh}生产基地项目",
                         f"{company.short_en} production base")
        status, status_zh = STATUSES[rng.randrange(len(STATUSES))]
        year = rng.choice(YEARS)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        amount = money(rng.uniform(2, 80))
        sentence = (f"{year}年{month}月{day}日，{company.zh}宣布投资{amount.plain}{amount.unit}在{park.zh}"
                    f"建设{project.zh}，目前项目{status_zh}。")
        quote = e.quote(self.news, sentence)
        project_pairs = e.entity_pairs(project, "ManufacturingProject", quote, industries=(member.product.industry,))
        project_pairs.append((self.v.status, e.kg(status)))
        e.relate(project_pairs, project, "locatedIn", park.id, park.term, quote)
        e.w.block(project.term, project_pairs)
        e.relate(pairs, company, "builds", identifier, project.term, quote)
        if group is not None and rng.random() < 0.5:
            group_pairs: list = []
            e.relate(group_pairs, group, "investsIn", identifier, project.term, quote)
            e.w.block(group.term, group_pairs)
        event_id = f"{identifier}-announcement"
        event = Entity(event_id, t.iri("yb", event_id), f"{company.short_zh}宣布投资建设生产基地",
                       f"{project.en}: investment announced")
        event_pairs = e.entity_pairs(event, "InvestmentAnnouncement", quote)
        event_pairs.append((self.v.date, t.typed(f"{year}-{month:02}-{day:02}", "date")))
        e.relate(event_pairs, event, "participant", company.id, company.term, quote)
        e.relate(event_pairs, event, "concerns", identifier, project.term, quote)
        e.w.block(event.term, event_pairs)
        e.figure(project, "total-investment", year_period(year), quote, value=amount, qualifier_word="")
        if status in ("Completed", "InOperation") or rng.random() < 0.5:
            output = money(amount.normalized / 1e8 * rng.uniform(1.2, 3), "about")
            sentence = f"{project.zh}建成后，预计年产值约{output.plain}{output.unit}。"
            e.figure(project, "output-value", OPEN_PERIOD, e.quote(self.news, sentence), value=output,
                     qualifier="about", qualifier_word="约", forecast=True)

    def write_gap(self, cluster: Cluster, filler: Entity | None) -> None:
        """The cluster's chain gap: filled by `filler`, or (None) still open when the district ends."""
        e, t = self.e, self.t
        product = cluster.gap
        identifier = f"{cluster.entity.id}-gap-{product.id}"
        gap = Entity(identifier, t.iri("yb", identifier), f"{cluster.entity.zh}缺少本地{product.zh}配套",
                     f"no local supplier of {product.en} in the {cluster.entity.en}")
        if filler is None:
            sentence = f"{gap.zh}，{self.entity.zh}正在招引相关企业。"
        else:
            sentence = f"针对{gap.zh}的短板，{self.entity.zh}引进{filler.zh}补链。"
        quote = e.quote(self.news, sentence)
        pairs = e.entity_pairs(gap, "ChainGap", quote, industries=(product.industry,))
        e.relate(pairs, gap, "gapIn", cluster.entity.id, cluster.entity.term, quote)
        e.relate(pairs, gap, "missingProduct", f"product-{product.id}", t.iri("yb", f"product-{product.id}"), quote)
        if filler is not None:
            e.relate(pairs, gap, "filledBy", filler.id, filler.term, quote)
        e.w.block(gap.term, pairs)
        cluster.gap_filled = True

    def close_cluster(self, cluster: Cluster) -> None:
        e = self.e
        if cluster.gap is not None and not cluster.gap_filled:
            self.write_gap(cluster, None)
        if cluster.chain.id == "automotive":
            sentence = f"{cluster.entity.zh}聚集核心配套企业{cluster.core_suppliers}家。"
            e.figure(cluster.entity, "core-supplier-count", year_period(2024), e.quote(self.yearly[2024], sentence),
                     value=Written(cluster.core_suppliers, 0, "家", 0))

    def company_figures(self, member: Member, role: str, chain: Chain) -> None:
        e, rng = self.e, self.rng
        company = member.entity
        low, high = {"leader": (150, 1500), "core": (5, 80)}.get(role, (0.2, 25))
        value_before = rng.uniform(low, high)
        for year in COMPANY_YEARS:
            # now and then a year that more than quadruples output (a new plant; or a slip in the report)
            value_now = value_before * (rng.uniform(4.2, 6) if rng.random() < 0.01 else rng.uniform(0.85, 1.35))
            key = rng.choice(("exact", "exact", "more", "nearly", "about"))
            word = rng.choice(QUALIFIERS[key][1])
            value = money(value_now, key)
            growth = tenths((value_now / value_before - 1) * 100)
            sentence = f"{year}年，{company.short_zh}实现产值{word}{value.plain}{value.unit}，{growth_words(growth)}。"
            flag = None
            if growth > 300 and rng.random() < 0.5:
                flag = ("Implausible", f"Growth of {tenths_plain(growth)}% is far above the company's other years; "
                                       "perhaps a slip in the report. Recorded as written.")
            elif rng.random() < 0.02:
                flag = ("PeriodInferred", "The report gives the figure without a year; the report's year is assumed.")
            e.figure(company, "output-value", year_period(year), e.quote(self.yearly[year], sentence), value=value,
                     qualifier=key, qualifier_word=word, growth=growth, flag=flag)
            value_before = value_now
        # a leader makes the chain's top product; chains that count it (vehicles, phones) say in what
        if role == "leader" and chain.volume_indicator:
            unit, exponent = chain.volume_unit
            volume_before = rng.uniform(5, 90) * 10
            volume_now = volume_before * rng.uniform(0.8, 1.4)
            value = Written(round(volume_now), 1, unit, exponent)
            growth = tenths((volume_now / volume_before - 1) * 100)
            info = e.vocabulary.indicator(chain.volume_indicator)
            sentence = f"2024年，{company.short_zh}{info.zh}{value.plain}{unit}，{growth_words(growth)}。"
            e.figure(company, chain.volume_indicator, year_period(2024), e.quote(self.yearly[2024], sentence),
                     value=value, qualifier_word="", growth=growth)
            if chain.id == "automotive":
                nev = Written(round(volume_now * rng.uniform(0.2, 0.7)), 1, unit, exponent)
                sentence = f"其中，2024年{company.short_zh}新能源汽车产量{nev.plain}{unit}。"
                e.figure(company, "nev-production", year_period(2024), e.quote(self.yearly[2024], sentence),
                         value=nev, qualifier_word="")

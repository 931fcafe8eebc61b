"""A checked Dataset → an rdflib Graph. Pure: no files are read or written here.

Every fact gets an IRI made from its id (no blank nodes), and points with
prov:wasDerivedFrom to the quotes it was read from.

With the ontology, the class hierarchy is materialized: a node typed with a kg: class is
typed with each kg: class above it too (a kg:IndustrialPark is a kg:Zone and a kg:Place),
so that queries ask `?x a kg:Zone` instead of following rdfs:subClassOf* — a path some
stores (Virtuoso 7) answer incompletely. The most specific class of a node is the one of its
classes that no other of its classes is below (kg.ontology.ClassHierarchy.most_specific).
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from kg.namespaces import (
    BASE,
    DCTERMS,
    FLAG,
    IND,
    INDUSTRY,
    KG,
    KGUNIT,
    OA,
    OBS,
    PROV,
    QB,
    QUDT,
    QUOTE,
    RDF,
    RDFS,
    REL,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_MEASURE,
    SKOS,
    SRC,
    XSD,
    YB,
    bind_prefixes,
)
from kg.ontology import Ontology
from kg.records import schema
from kg.records.load import Dataset
from kg.records.periods import parse_period, parse_point
from kg.records.quotes import Located

DATASET = URIRef(BASE + "dataset")

FLAG_TYPES = {
    "source-typo": KG.SourceTypo,
    "source-inconsistency": KG.SourceInconsistency,
    "implausible": KG.Implausible,
    "stray-text": KG.StrayText,
    "ambiguity": KG.Ambiguity,
    "period-inferred": KG.PeriodInferred,
    "derived": KG.DerivedValue,
    "identity-assumption": KG.IdentityAssumption,
    "implied-by-context": KG.ImpliedByContext,
    "conflict": KG.Conflict,
}
STATUSES = {
    "planned": KG.Planned,
    "signed": KG.Signed,
    "under-construction": KG.UnderConstruction,
    "completed": KG.Completed,
    "in-operation": KG.InOperation,
}
COMPARED = {"value": KG.ByValue, "growth": KG.ByGrowth}
DIRECTIONS = {"higher": KG.Higher, "lower": KG.Lower}
PERCENT = URIRef("http://qudt.org/vocab/unit/PERCENT")
PERCENTAGE_POINT = KGUNIT["percentage-point"]
DIFFERENCE_UNITS = {"个百分点": PERCENTAGE_POINT, "%": PERCENT, "倍": PERCENT}


def decimal_literal(number: Decimal) -> Literal:
    """An xsd:decimal in the one lexical form that Turtle writers keep as is (always a '.')."""
    text = format(number.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def integer_literal(number: int) -> Literal:
    return Literal(str(int(number)), datatype=XSD.integer)


def boolean_literal(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


class _Builder:
    def __init__(self, dataset: Dataset):
        self.d = dataset
        self.g = Graph()
        bind_prefixes(self.g)

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    # --- identifiers -------------------------------------------------------------------

    def iri(self, identifier: str) -> URIRef:
        """The IRI of any referenceable id."""
        kind = self.d.kind_of(identifier)
        if kind == "industries" or kind == "industry_collections":
            return INDUSTRY[identifier]
        if kind == "indicators":
            return IND[identifier]
        if kind == "sources":
            return SRC[identifier]
        return YB[identifier]

    def unit_iri(self, unit_id: str) -> URIRef:
        unit = self.d.units[unit_id]
        return URIRef(unit.iri) if unit.iri else KGUNIT[unit_id]

    # --- shared pieces -----------------------------------------------------------------

    def labels(self, node: URIRef, record: schema.Labelled, *, concept: bool = False) -> None:
        self.add(node, RDFS.label, Literal(record.zh, lang="zh"))
        self.add(node, RDFS.label, Literal(record.en, lang="en"))
        if concept:
            self.add(node, SKOS.prefLabel, Literal(record.zh, lang="zh"))
            self.add(node, SKOS.prefLabel, Literal(record.en, lang="en"))
        origin = KG.SourceText if record.en_origin == "source" else KG.EditorTranslation
        self.add(node, KG.englishLabelOrigin, origin)
        for alias in record.aliases:
            self.add(node, SKOS.altLabel, Literal(alias, lang="zh" if _has_cjk(alias) else "en"))

    def provenance(self, node: URIRef, section: str, identifier: str) -> None:
        for located in self.d.quotes.get((section, identifier), []):
            self.add(node, PROV.wasDerivedFrom, self.quote(located))

    def quote(self, located: Located) -> URIRef:
        node = QUOTE[f"{located.source}-{located.start}-{located.end}"]
        selector = QUOTE[f"{located.source}-{located.start}-{located.end}-selector"]
        self.add(node, RDF.type, KG.SourceQuote)
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, SRC[located.source])
        self.add(node, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextQuoteSelector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, OA.exact, Literal(located.exact))
        self.add(selector, OA.start, Literal(str(located.start), datatype=XSD.nonNegativeInteger))
        self.add(selector, OA.end, Literal(str(located.end), datatype=XSD.nonNegativeInteger))
        return node

    def flags(self, node: URIRef, kind: str, identifier: str, flags: list[schema.Flag]) -> None:
        for number, flag in enumerate(flags, start=1):
            flag_node = FLAG[f"{kind}-{identifier}-{number}"]
            self.add(node, KG.flag, flag_node)
            self.add(flag_node, RDF.type, KG.DataFlag)
            self.add(flag_node, KG.flagType, FLAG_TYPES[flag.type])
            self.add(flag_node, RDFS.comment, Literal(flag.note))

    def note(self, node: URIRef, note: str | None) -> None:
        if note:
            self.add(node, SKOS.editorialNote, Literal(note))

    # --- records -----------------------------------------------------------------------

    def source(self, identifier: str, source: schema.Source) -> None:
        node = SRC[identifier]
        self.add(node, RDF.type, KG.SourceDocument)
        self.labels(node, source)
        self.add(node, DCTERMS.title, Literal(source.title, lang=source.language))
        for author in source.authors:
            self.add(node, DCTERMS.creator, Literal(author))
        if source.date:
            point = parse_point(source.date)
            self.add(node, DCTERMS.date, Literal(point.text, datatype=XSD[point.datatype]))
        if source.date_inferred:
            point = parse_point(source.date_inferred)
            self.add(node, KG.inferredDate, Literal(point.text, datatype=XSD[point.datatype]))
        self.add(node, DCTERMS.language, Literal(source.language))
        self.add(node, KG.sourceFile, Literal(source.file))
        if source.publisher:
            self.add(node, DCTERMS.publisher, Literal(source.publisher))
        if source.photo_credit:
            self.add(node, SCHEMA.creditText, Literal(source.photo_credit))
        self.flags(node, "source", identifier, source.flags)
        self.note(node, source.note)

    def unit(self, identifier: str, unit: schema.UnitDefinition) -> None:
        node = self.unit_iri(identifier)
        self.add(node, RDF.type, QUDT.Unit)
        if not unit.iri:
            self.add(node, RDF.type, KG.Unit)
        self.add(node, RDFS.label, Literal(unit.zh, lang="zh"))
        self.add(node, RDFS.label, Literal(unit.en, lang="en"))
        self.note(node, unit.note)

    def industry(self, identifier: str, industry: schema.Industry) -> None:
        node = INDUSTRY[identifier]
        self.add(node, RDF.type, KG.Industry)
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.inScheme, KG.IndustryScheme)
        self.labels(node, industry, concept=True)
        if industry.broader:
            self.add(node, SKOS.broader, INDUSTRY[industry.broader])
        else:
            self.add(node, SKOS.topConceptOf, KG.IndustryScheme)
        self.note(node, industry.note)

    def industry_collection(self, identifier: str, collection: schema.IndustryCollection) -> None:
        node = INDUSTRY[identifier]
        self.add(node, RDF.type, SKOS.Collection)
        self.labels(node, collection, concept=True)
        for member in collection.members:
            self.add(node, SKOS.member, INDUSTRY[member])
        self.provenance(node, "industry_collections", identifier)

    def indicator(self, identifier: str, indicator: schema.Indicator) -> None:
        node = IND[identifier]
        self.add(node, RDF.type, KG.Indicator)
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.inScheme, KG.IndicatorScheme)
        self.labels(node, indicator, concept=True)
        self.add(node, KG.unit, self.unit_iri(indicator.unit))
        if indicator.industry:
            self.add(node, KG.indicatorIndustry, INDUSTRY[indicator.industry])
        if indicator.broader:
            self.add(node, SKOS.broader, IND[indicator.broader])
        self.note(node, indicator.note)

    def entity(self, identifier: str, entity: schema.Entity) -> None:
        node = YB[identifier]
        self.add(node, RDF.type, KG[entity.class_])
        self.labels(node, entity)
        for industry in entity.industries:
            self.add(node, KG.inIndustry, INDUSTRY[industry])
        if entity.status:
            self.add(node, KG.status, STATUSES[entity.status])
        if entity.date:
            point = parse_point(entity.date)
            self.add(node, KG.date, Literal(point.text, datatype=XSD[point.datatype]))
        if entity.planned:
            self.add(node, KG.planned, boolean_literal(True))
        self.provenance(node, "entities", identifier)
        self.flags(node, "entity", identifier, entity.flags)
        self.note(node, entity.note)

    def relation(self, identifier: str, relation: schema.Relation) -> None:
        subject, predicate, obj = self.iri(relation.subject), KG[relation.predicate], self.iri(relation.object)
        self.add(subject, predicate, obj)
        node = REL[identifier]
        self.add(node, RDF.type, KG.RelationStatement)
        self.add(node, RDF.type, RDF.Statement)
        self.add(node, RDF.subject, subject)
        self.add(node, RDF.predicate, predicate)
        self.add(node, RDF.object, obj)
        if relation.product:
            self.add(node, KG.suppliedProduct, YB[relation.product])
        if relation.about:
            self.add(node, KG.agreementAbout, YB[relation.about])
        self.provenance(node, "relations", identifier)
        self.flags(node, "relation", identifier, relation.flags)
        self.note(node, relation.note)

    def figure(self, identifier: str, figure: schema.Figure) -> None:
        node = OBS[identifier]
        self.add(node, RDF.type, KG.Observation)
        self.add(node, RDF.type, QB.Observation)
        self.add(node, QB.dataSet, DATASET)
        self.add(node, KG.subject, self.iri(figure.subject))
        self.add(node, KG.indicator, IND[figure.indicator])
        period = parse_period(figure.period)
        self.add(node, KG.period, Literal(period.text))
        if period.start:
            self.add(node, KG.periodStart, Literal(period.start.isoformat(), datatype=XSD.date))
        if period.end:
            self.add(node, KG.periodEnd, Literal(period.end.isoformat(), datatype=XSD.date))
        if figure.value is not None and figure.unit is not None:
            self.value(node, figure)
        if figure.qualifier:
            self.add(node, KG.qualifier, KG[self.d.qualifiers[figure.qualifier]])
            self.add(node, KG.qualifierText, Literal(figure.qualifier))
        self.add(node, KG.forecast, boolean_literal(figure.forecast))
        self.add(node, KG.cumulative, boolean_literal(figure.cumulative))
        if figure.growth:
            self.growth(node, figure.growth)
        for number, comparison in enumerate(figure.compare, start=1):
            self.comparison(node, OBS[f"{identifier}-comparison-{number}"], comparison)
        for number, rank in enumerate(figure.rank, start=1):
            self.ranking(node, OBS[f"{identifier}-rank-{number}"], rank)
        if figure.share:
            self.share(node, OBS[f"{identifier}-share"], figure.share)
        self.add(node, RDFS.label, Literal(self.figure_label_zh(figure), lang="zh"))
        self.add(node, RDFS.label, Literal(self.figure_label_en(figure), lang="en"))
        self.provenance(node, "figures", identifier)
        self.flags(node, "figure", identifier, figure.flags)
        self.note(node, figure.note)

    def normalized(self, figure: schema.Figure) -> tuple[Decimal, str, Decimal]:
        """(normalized value, normalized unit id, multiplier) of a figure with a value."""
        written = self.d.written_units[figure.unit]
        unit_id = written.unit or self.d.indicators[figure.indicator].unit
        return figure.value * written.multiplier, unit_id, written.multiplier

    def value(self, node: URIRef, figure: schema.Figure) -> None:
        value, unit_id, multiplier = self.normalized(figure)
        self.add(node, SDMX_MEASURE.obsValue, decimal_literal(value))
        self.add(node, SDMX_ATTRIBUTE.unitMeasure, self.unit_iri(unit_id))
        exponent = _power_of_ten(multiplier)
        if exponent is not None:
            self.add(node, SDMX_ATTRIBUTE.unitMult, integer_literal(exponent))
        self.add(node, KG.writtenValue, decimal_literal(figure.value))
        self.add(node, KG.writtenUnit, Literal(figure.unit))

    def growth(self, node: URIRef, growth: schema.Growth) -> None:
        self.add(node, KG.growthRate, decimal_literal(growth.percent()))
        self.add(node, KG.growthUnit, PERCENT)
        words = ("同比" if growth.basis else "") + "增长" + (growth.qualifier or "")
        self.add(node, KG.growthText, Literal(f"{words}{_plain(growth.value)}{growth.unit}"))
        self.add(node, KG.growthBasis, KG.YearOnYear if growth.basis == "同比" else KG.UnstatedBasis)
        if growth.qualifier:
            self.add(node, KG.growthQualifier, KG[self.d.qualifiers[growth.qualifier]])

    def comparison(self, observation: URIRef, node: URIRef, comparison: schema.Comparison) -> None:
        self.add(observation, KG.hasComparison, node)
        self.add(node, RDF.type, KG.Comparison)
        self.add(node, KG.reference, self.iri(comparison.reference))
        self.add(node, KG.comparedQuantity, COMPARED[comparison.by])
        self.add(node, KG.direction, DIRECTIONS[comparison.direction])
        if comparison.difference is not None and comparison.unit is not None:
            sign = -1 if comparison.direction == "lower" else 1
            self.add(node, KG.difference, decimal_literal(sign * abs(comparison.difference)))
            self.add(node, KG.differenceUnit, DIFFERENCE_UNITS[comparison.unit])

    def ranking(self, observation: URIRef, node: URIRef, rank: schema.Rank) -> None:
        self.add(observation, KG.hasRanking, node)
        self.add(node, RDF.type, KG.Ranking)
        self.add(node, KG.reference, self.iri(rank.scope))
        self.add(node, KG.comparedQuantity, COMPARED[rank.by])
        if rank.position is not None:
            self.add(node, KG.rankPosition, integer_literal(rank.position))
        if rank.top is not None:
            self.add(node, KG.rankTop, integer_literal(rank.top))
        self.add(node, KG.rankText, Literal(rank.text))

    def share(self, observation: URIRef, node: URIRef, share: schema.Share) -> None:
        self.add(observation, KG.hasShare, node)
        self.add(node, RDF.type, KG.Share)
        self.add(node, KG.reference, self.iri(share.of))
        self.add(node, KG.sharePercent, decimal_literal(schema.share_percent(share.value)))
        self.add(node, KG.shareText, Literal(share.text))
        if share.qualifier:
            self.add(node, KG.shareQualifier, KG[self.d.qualifiers[share.qualifier]])

    def anomaly(self, identifier: str, anomaly: schema.Anomaly) -> None:
        node = FLAG[f"anomaly-{identifier}"]
        self.add(node, RDF.type, KG.SourceAnomaly)
        self.add(node, KG.flagType, FLAG_TYPES[anomaly.type])
        self.add(node, RDFS.comment, Literal(anomaly.note))
        self.provenance(node, "anomalies", identifier)

    # --- labels of figures -------------------------------------------------------------

    def _name(self, identifier: str, language: str) -> str:
        kind = self.d.kind_of(identifier)
        record = getattr(self.d, kind)[identifier] if kind else None
        return getattr(record, language, identifier) if record else identifier

    def figure_label_zh(self, figure: schema.Figure) -> str:
        head = f"{self._name(figure.subject, 'zh')}·{self._name(figure.indicator, 'zh')}（{figure.period}）"
        parts = []
        if figure.value is not None:
            parts.append(f"{figure.qualifier or ''}{_plain(figure.value)}{figure.unit}")
        if figure.growth:
            parts.append(f"增长{figure.growth.qualifier or ''}{_plain(figure.growth.value)}{figure.growth.unit}")
        parts.extend(rank.text for rank in figure.rank)
        if figure.share:
            parts.append(figure.share.text)
        text = head + "：" + "，".join(parts)
        return text + ("（预计）" if figure.forecast else "")

    def figure_label_en(self, figure: schema.Figure) -> str:
        head = f"{self._name(figure.subject, 'en')}, {self._name(figure.indicator, 'en')} ({figure.period})"
        parts = []
        if figure.value is not None:
            value, unit_id, _ = self.normalized(figure)
            qualifier = self.d.qualifiers.get(figure.qualifier or "", "Exact")
            words = {"Exact": "", "MoreThan": "more than ", "FirstTimeAbove": "above, for the first time, ",
                     "Nearly": "nearly ", "Approximately": "about ", "UpTo": "up to "}[qualifier]
            parts.append(f"{words}{_grouped(value)} {self.d.units[unit_id].en}")
        if figure.growth:
            parts.append(f"growth {_plain(figure.growth.percent())}%")
        for rank in figure.rank:
            place = f"no. {rank.position}" if rank.position else (f"top {rank.top}" if rank.top else "among the top")
            parts.append(f"{place} in {self._name(rank.scope, 'en')} by {rank.by}")
        if figure.share:
            parts.append(f"{_plain(schema.share_percent(figure.share.value))}% of {self._name(figure.share.of, 'en')}")
        return head + ": " + "; ".join(parts) + (" (forecast)" if figure.forecast else "")


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _grouped(number: Decimal) -> str:
    text = _plain(number)
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}"
    return f"{whole}.{fraction}" if fraction else whole


def _power_of_ten(multiplier: Decimal) -> int | None:
    normalized = multiplier.normalize()
    sign, digits, exponent = normalized.as_tuple()
    if sign == 0 and digits == (1,) and isinstance(exponent, int) and exponent >= 0:
        return exponent
    return None


def record_iris(dataset: Dataset) -> dict[tuple[str, str], URIRef]:
    """The IRI of every record, keyed like Dataset.where: (section, id)."""
    builder = _Builder(dataset)
    iris: dict[tuple[str, str], URIRef] = {}
    for section in ("sources", "industries", "industry_collections", "indicators", "entities"):
        for identifier in getattr(dataset, section):
            iris[(section, identifier)] = builder.iri(identifier)
    iris.update({("relations", identifier): REL[identifier] for identifier in dataset.relations})
    iris.update({("figures", identifier): OBS[identifier] for identifier in dataset.figures})
    iris.update({("anomalies", identifier): FLAG[f"anomaly-{identifier}"] for identifier in dataset.anomalies})
    return iris


def kg_superclasses(ontology_graph: Graph) -> dict[URIRef, list[URIRef]]:
    """Each kg: class with a kg: class above it → every kg: class above it (the closure of
    rdfs:subClassOf within the kg: namespace, as Ontology.superclasses gives it), sorted."""
    ontology = Ontology(ontology_graph)
    kg = str(KG)
    closure: dict[URIRef, list[URIRef]] = {}
    for child in set(ontology_graph.subjects(RDFS.subClassOf)):
        if isinstance(child, URIRef) and str(child).startswith(kg):
            local = str(child)[len(kg):]
            above = ontology.superclasses(local) - {local}
            if above:
                closure[child] = sorted(KG[name] for name in above)
    return closure


def add_implied_types(graph: Graph, ontology_graph: Graph) -> None:
    """Type every node of `graph` typed with a kg: class with each kg: class above it too."""
    above = kg_superclasses(ontology_graph)
    typed = [(node, cls) for node, cls in graph.subject_objects(RDF.type) if cls in above]
    for node, cls in typed:
        for parent in above[cls]:
            graph.add((node, RDF.type, parent))


# each section of the dataset and the builder method that turns one of its records into triples
_STEPS = (
    ("sources", "source"),
    ("units", "unit"),
    ("industries", "industry"),
    ("industry_collections", "industry_collection"),
    ("indicators", "indicator"),
    ("entities", "entity"),
    ("relations", "relation"),
    ("figures", "figure"),
    ("anomalies", "anomaly"),
)


def build_graph(dataset: Dataset, ontology_graph: Graph | None = None) -> Graph:
    """The knowledge graph of a dataset; with the ontology, also the ontology's triples and the
    kg: superclasses of every node's kg: classes (add_implied_types)."""
    builder = _Builder(dataset)
    g = builder.g
    builder.add(DATASET, RDF.type, QB.DataSet)
    builder.add(DATASET, QB.structure, KG.figureStructure)
    builder.add(DATASET, RDFS.label, Literal("渝北经济数据", lang="zh"))
    builder.add(DATASET, RDFS.label, Literal("Yubei economy figures", lang="en"))
    for section, method in _STEPS:
        add_record = getattr(builder, method)
        for identifier, record in sorted(getattr(dataset, section).items()):
            add_record(identifier, record)
    if ontology_graph is not None:
        for triple in ontology_graph:
            g.add(triple)
        add_implied_types(g, ontology_graph)
    return g

"""data/*.yaml → a checked `Dataset` of records. No RDF here.

Every problem is reported at the file:line a curator has to edit. All problems
of a run are collected, so one `kg build` lists everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.errors import KgError, at
from kg.ontology import Ontology, close_matches
from kg.records import schema
from kg.records.periods import parse_period, parse_point
from kg.records.quotes import Located, locate, near_miss
from kg.records.yamlio import line_of, read_yaml

QUALIFIER_CONCEPTS = {
    "exact": "Exact",
    "more-than": "MoreThan",
    "first-time-above": "FirstTimeAbove",
    "nearly": "Nearly",
    "approximately": "Approximately",
    "up-to": "UpTo",
}

# sections whose items are `key: value` pairs rather than a list of records
MAPPING_SECTIONS = ("written_units", "qualifiers")
# sections whose ids share one namespace: any of them may be referenced by id
REFERENCEABLE = ("sources", "industries", "industry_collections", "indicators", "entities")


class KgErrors(KgError):
    """Several problems found in one pass; each is printed on its own line."""

    def __init__(self, errors: list[KgError]):
        self.errors = errors
        super().__init__(errors[0].message, errors[0].where)


@dataclass
class _Item:
    """One raw YAML item with what is needed to report on it."""

    section: str
    node: Any
    file: str
    default_source: str | None
    key: str | None = None  # for mapping sections


@dataclass
class Dataset:
    """Every record of data/, checked, with where each came from."""

    sources: dict[str, schema.Source] = field(default_factory=dict)
    units: dict[str, schema.UnitDefinition] = field(default_factory=dict)
    written_units: dict[str, schema.WrittenUnit] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)  # as written -> concept local name
    industries: dict[str, schema.Industry] = field(default_factory=dict)
    industry_collections: dict[str, schema.IndustryCollection] = field(default_factory=dict)
    indicators: dict[str, schema.Indicator] = field(default_factory=dict)
    entities: dict[str, schema.Entity] = field(default_factory=dict)
    relations: dict[str, schema.Relation] = field(default_factory=dict)
    figures: dict[str, schema.Figure] = field(default_factory=dict)
    anomalies: dict[str, schema.Anomaly] = field(default_factory=dict)
    where: dict[tuple[str, str], str] = field(default_factory=dict)
    quotes: dict[tuple[str, str], list[Located]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # the raw YAML item of each record, to point errors found later at the right line
    items: dict[tuple[str, str], _Item] = field(default_factory=dict, repr=False)
    # ids and unit/qualifier keys of items that were rejected (reported already): a reference
    # to one of them is not reported again as unknown
    rejected: set[str] = field(default_factory=set, repr=False)

    def kind_of(self, identifier: str) -> str | None:
        for section in REFERENCEABLE:
            if identifier in getattr(self, section):
                return section
        return None

    def class_of(self, identifier: str) -> str | None:
        """The ontology class local name of a referenceable id."""
        kind = self.kind_of(identifier)
        return {
            "entities": lambda: self.entities[identifier].class_,
            "industries": lambda: "Industry",
            "indicators": lambda: "Indicator",
            "sources": lambda: "SourceDocument",
            "industry_collections": lambda: "IndustryCollection",
        }.get(kind, lambda: None)()


def data_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*.yaml") if p.is_file())


def load_dataset(data_dir: Path, ontology: Ontology, display_root: Path | None = None) -> Dataset:
    """Read and check every data file; raise KgErrors listing each problem."""
    errors: list[KgError] = []
    items = list(_read_items(data_dir, display_root or data_dir.parent, errors))
    unreadable = bool(errors)
    dataset = Dataset()
    _collect(items, dataset, errors)
    if unreadable:
        # a file or section that could not be read hides its records: every reference to
        # them would be reported as unknown, burying the one real problem
        raise KgErrors(errors)
    _read_source_texts(data_dir, display_root or data_dir.parent, dataset, errors)
    _check(dataset, ontology, errors)
    if errors:
        raise KgErrors(errors)
    return dataset


def _read_items(data_dir: Path, display_root: Path, errors: list[KgError]) -> Iterator[_Item]:
    if not data_dir.is_dir():
        raise KgError("no data folder", str(data_dir))
    for path in data_files(data_dir):
        display = _display(path, display_root)
        try:
            document = read_yaml(path, display)
        except KgError as error:
            errors.append(error)
            continue
        if document is None:
            continue
        if not isinstance(document, dict):
            errors.append(KgError("a data file is a mapping of sections (entities:, figures: …)", at(display, 1)))
            continue
        default_source = document.get("source")
        for key in document:
            where = at(display, line_of(document, (key,)))
            if key == "source":
                if not isinstance(default_source, str):
                    errors.append(KgError("`source:` names the default source id of the file's quotes", where))
                continue
            if key in MAPPING_SECTIONS:
                section = document[key]
                if not isinstance(section, dict):
                    errors.append(KgError(f"`{key}:` is a mapping", where))
                    continue
                for name in section:
                    yield _Item(key, section, display, default_source, key=str(name))
                continue
            if key not in schema.SECTIONS:
                known = [*schema.SECTIONS, *MAPPING_SECTIONS, "source"]
                errors.append(KgError(f"unknown section `{key}`{close_matches(str(key), known)}", where))
                continue
            section = document[key]
            if not isinstance(section, list):
                errors.append(KgError(f"`{key}:` is a list of records", where))
                continue
            for index in range(len(section)):
                yield _Item(key, _ItemNode(section, index), display, default_source)


class _ItemNode:
    """A list item and the list holding it (the list knows the item's line)."""

    def __init__(self, parent: list, index: int):
        self.parent, self.index = parent, index

    @property
    def value(self) -> Any:
        return self.parent[self.index]


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _item_where(item: _Item, *path: Any) -> str:
    if isinstance(item.node, _ItemNode):
        return at(item.file, line_of(item.node.parent, (item.node.index, *path)))
    return at(item.file, line_of(item.node, (item.key, *path)))


def _validation_message(error: ValidationError) -> tuple[tuple[Any, ...], str]:
    first = error.errors()[0]
    location = tuple(part for part in first["loc"] if not isinstance(part, str) or part[:1] != "_")
    field_path = ".".join(str(p) for p in location if not str(p).startswith(("function-", "list[")))
    kind = first["type"]
    if kind == "extra_forbidden":
        message = f"unknown field `{location[-1]}`"
    elif kind == "missing":
        message = f"missing field `{field_path}`"
    elif kind == "string_pattern_mismatch" and location and location[-1] in ("id", "subject", "object"):
        message = f"`{field_path}`: ids are lower-case letters, digits and single hyphens"
    else:
        text = first["msg"].removeprefix("Value error, ")
        message = f"`{field_path}`: {text}" if field_path else text
    # the line of the field itself when it exists, else of the deepest parent
    return tuple(p for p in location if not str(p).startswith("function-")), message


def _collect(items: list[_Item], dataset: Dataset, errors: list[KgError]) -> None:
    seen_ids: dict[str, str] = {}
    for item in items:
        if item.section == "written_units":
            raw = item.node[item.key]
            try:
                record = schema.WrittenUnit.model_validate(dict(raw) if isinstance(raw, dict) else raw)
            except ValidationError as error:
                path, message = _validation_message(error)
                errors.append(KgError(message, _item_where(item, *path)))
                dataset.rejected.add(item.key)
                continue
            if item.key in dataset.written_units:
                errors.append(KgError(f"unit `{item.key}` is defined twice", _item_where(item)))
            dataset.written_units[item.key] = record
            dataset.where[("written_units", item.key)] = _item_where(item)
            continue
        if item.section == "qualifiers":
            concept = item.node[item.key]
            if concept not in QUALIFIER_CONCEPTS:
                errors.append(
                    KgError(
                        f"qualifier `{item.key}` maps to {concept!r}; use one of "
                        + ", ".join(QUALIFIER_CONCEPTS),
                        _item_where(item),
                    )
                )
                dataset.rejected.add(item.key)
                continue
            dataset.qualifiers[item.key] = QUALIFIER_CONCEPTS[concept]
            continue
        raw = item.node.value
        if not isinstance(raw, dict):
            errors.append(KgError(f"each item of `{item.section}:` is a mapping", _item_where(item)))
            continue
        model = schema.SECTIONS[item.section]
        try:
            record = model.model_validate(_plain(raw))
        except ValidationError as error:
            path, message = _validation_message(error)
            errors.append(KgError(message, _item_where(item, *path)))
            if isinstance(raw.get("id"), str):
                dataset.rejected.add(raw["id"])
            continue
        identifier = record.id
        where = _item_where(item)
        if item.section in REFERENCEABLE:
            if identifier in seen_ids:
                errors.append(KgError(f"duplicate id `{identifier}` (first at {seen_ids[identifier]})", where))
                continue
            seen_ids[identifier] = where
        store = getattr(dataset, item.section)
        if identifier in store:
            first = dataset.where[(item.section, identifier)]
            what = "relation" if item.section == "relations" else "id"
            errors.append(KgError(f"duplicate {what} `{identifier}` (first at {first})", where))
            continue
        store[identifier] = record
        dataset.where[(item.section, identifier)] = where
        dataset.items[(item.section, identifier)] = item


def _plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (pydantic wants those)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _read_source_texts(data_dir: Path, display_root: Path, dataset: Dataset, errors: list[KgError]) -> None:
    for identifier, source in sorted(dataset.sources.items()):
        path = data_dir / source.file
        where = dataset.where[("sources", identifier)]
        try:
            dataset.texts[identifier] = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            errors.append(KgError(f"source file {_display(path, display_root)} does not exist", where))
        except UnicodeDecodeError:
            errors.append(KgError(f"source file {_display(path, display_root)} is not UTF-8", where))


def _check(dataset: Dataset, ontology: Ontology, errors: list[KgError]) -> None:
    checker = _Checker(dataset, ontology, errors)
    checker.run()


class _Checker:
    """Cross-record checks: references, ontology terms, quotes, units, periods."""

    def __init__(self, dataset: Dataset, ontology: Ontology, errors: list[KgError]):
        self.d, self.ontology, self.errors = dataset, ontology, errors

    def error(self, section: str, identifier: str, path: tuple[Any, ...], message: str) -> None:
        item = self.d.items.get((section, identifier))
        where = _item_where(item, *path) if item else self.d.where.get((section, identifier))
        self.errors.append(KgError(message, where))

    def reference(self, section: str, identifier: str, path: tuple[Any, ...], target: str,
                  allowed: tuple[str, ...] = REFERENCEABLE) -> None:
        kind = self.d.kind_of(target)
        if kind is None and target in self.d.rejected:
            return  # the record itself was reported
        if kind is None:
            candidates = [k for s in allowed for k in getattr(self.d, s)]
            self.error(section, identifier, path, f"unknown id `{target}`{close_matches(target, candidates)}")
        elif kind not in allowed:
            wanted = " or ".join(s.rstrip("s").replace("_", " ") for s in allowed)
            self.error(section, identifier, path, f"`{target}` is not a {wanted}")

    def run(self) -> None:
        for identifier, unit in self.d.written_units.items():
            if unit.unit is not None and unit.unit not in self.d.units and unit.unit not in self.d.rejected:
                self.errors.append(KgError(f"unknown unit id `{unit.unit}`{close_matches(unit.unit, self.d.units)}",
                                           self.d.where[("written_units", identifier)]))
        for identifier, industry in self.d.industries.items():
            if industry.broader:
                self.reference("industries", identifier, ("broader",), industry.broader, ("industries",))
        for identifier, collection in self.d.industry_collections.items():
            for index, member in enumerate(collection.members):
                self.reference("industry_collections", identifier, ("members", index), member, ("industries",))
            if collection.quote:
                self.quotes("industry_collections", identifier, collection.quote)
        for identifier, indicator in self.d.indicators.items():
            if indicator.unit not in self.d.units and indicator.unit not in self.d.rejected:
                self.error("indicators", identifier, ("unit",),
                           f"unknown unit id `{indicator.unit}`{close_matches(indicator.unit, self.d.units)}")
            if indicator.industry:
                self.reference("indicators", identifier, ("industry",), indicator.industry, ("industries",))
            if indicator.broader:
                self.reference("indicators", identifier, ("broader",), indicator.broader, ("indicators",))
        for identifier, entity in self.d.entities.items():
            self.entity(identifier, entity)
        for identifier, relation in self.d.relations.items():
            self.relation(identifier, relation)
        for identifier, figure in self.d.figures.items():
            self.figure(identifier, figure)
        for identifier, anomaly in self.d.anomalies.items():
            self.anomaly(identifier, anomaly)

    def quotes(self, section: str, identifier: str, quotes: list[schema.QuoteDraft]) -> None:
        item = self.d.items.get((section, identifier))
        default = item.default_source if item else None
        located = []
        for index, quote in enumerate(quotes):
            path = ("quote", index) if len(quotes) > 1 else ("quote",)
            source = quote.source or default or (next(iter(self.d.sources)) if len(self.d.sources) == 1 else None)
            if source is None:
                self.error(section, identifier, path, "quote has no source: add `source:` to the file or the quote")
                continue
            if source in self.d.rejected:
                continue  # the source record was reported
            if source not in self.d.sources:
                hint = close_matches(source, self.d.sources)
                self.error(section, identifier, path, f"unknown source `{source}`{hint}")
                continue
            text = self.d.texts.get(source)
            if text is None:
                continue  # the missing source file is reported already
            found = locate(source, text, quote.text)
            if found is None:
                shown = quote.text if len(quote.text) <= 40 else quote.text[:40] + "…"
                self.error(section, identifier, path,
                           f"quote does not occur in source `{source}`: {shown!r}{near_miss(text, quote.text)}")
                continue
            located.append(found)
        self.d.quotes[(section, identifier)] = located

    def entity(self, identifier: str, entity: schema.Entity) -> None:
        if entity.class_ not in self.ontology.classes:
            self.error("entities", identifier, ("class",),
                       f"unknown class `{entity.class_}`{close_matches(entity.class_, self.ontology.classes)}")
        for index, industry in enumerate(entity.industries):
            self.reference("entities", identifier, ("industries", index), industry, ("industries",))
        if entity.date is not None:
            try:
                parse_point(entity.date)
            except ValueError as error:
                self.error("entities", identifier, ("date",), f"`date`: {error}")
        with_status = {"Project", "Zone", "Facility", "Programme"}
        if entity.status is not None and not self.ontology.fits(entity.class_, with_status):
            self.error("entities", identifier, ("status",), f"a {entity.class_} has no project status")
        self.quotes("entities", identifier, entity.quote)

    def relation(self, identifier: str, relation: schema.Relation) -> None:
        predicate = relation.predicate
        if predicate not in self.ontology.object_properties:
            self.error("relations", identifier, ("predicate",),
                       f"unknown predicate `{predicate}`{close_matches(predicate, self.ontology.object_properties)}")
            return
        for end, allowed in (("subject", self.ontology.domain_of(predicate)),
                             ("object", self.ontology.range_of(predicate))):
            target = getattr(relation, end)
            kind = self.d.kind_of(target)
            if kind is None:
                self.reference("relations", identifier, (end,), target)
                continue
            class_name = self.d.class_of(target)
            if kind == "entities" and class_name not in self.ontology.classes:
                continue  # an unknown class is reported on the entity; its fit cannot be judged
            if class_name and allowed and not self.ontology.fits(class_name, allowed):
                self.error("relations", identifier, (end,),
                           f"`{predicate}` does not take a {class_name} as its {end} "
                           f"(`{target}`); it takes {', '.join(sorted(allowed))}")
        if relation.product is not None:
            if predicate != "supplies":
                self.error("relations", identifier, ("product",), "`product` goes with `supplies` only")
            else:
                self.reference("relations", identifier, ("product",), relation.product, ("entities",))
        if relation.about is not None:
            if predicate != "signsAgreementWith":
                self.error("relations", identifier, ("about",), "`about` goes with `signsAgreementWith` only")
            else:
                self.reference("relations", identifier, ("about",), relation.about, ("entities",))
        self.quotes("relations", identifier, relation.quote)

    def qualifier(self, identifier: str, path: tuple[Any, ...], written: str | None) -> None:
        if written is not None and written not in self.d.qualifiers and written not in self.d.rejected:
            self.error("figures", identifier, path,
                       f"unknown qualifier {written!r}{close_matches(written, self.d.qualifiers)}"
                       " (add it to `qualifiers:` in data/vocab)")

    def figure(self, identifier: str, figure: schema.Figure) -> None:
        self.reference("figures", identifier, ("subject",), figure.subject, ("entities", "industries"))
        self.reference("figures", identifier, ("indicator",), figure.indicator, ("indicators",))
        try:
            parse_period(figure.period)
        except ValueError as error:
            self.error("figures", identifier, ("period",), f"`period`: {error}")
        if figure.unit is not None and figure.unit not in self.d.rejected:
            written = self.d.written_units.get(figure.unit)
            if written is None:
                self.error("figures", identifier, ("unit",),
                           f"unknown unit {figure.unit!r}{close_matches(figure.unit, self.d.written_units)}"
                           " (add it to `written_units:` in data/vocab/units.yaml)")
            else:
                indicator = self.d.indicators.get(figure.indicator)
                if indicator and written.unit and written.unit != indicator.unit:
                    self.error("figures", identifier, ("unit",),
                               f"unit {figure.unit!r} is {written.unit}, but indicator "
                               f"`{figure.indicator}` is measured in {indicator.unit}")
        self.qualifier(identifier, ("qualifier",), figure.qualifier)
        if figure.growth:
            self.qualifier(identifier, ("growth", "qualifier"), figure.growth.qualifier)
        for index, comparison in enumerate(figure.compare):
            self.reference("figures", identifier, ("compare", index, "reference"), comparison.reference, ("entities",))
        for index, rank in enumerate(figure.rank):
            self.reference("figures", identifier, ("rank", index, "scope"), rank.scope, ("entities",))
        if figure.share:
            self.reference("figures", identifier, ("share", "of"), figure.share.of, ("entities",))
            if figure.share.qualifier:
                self.qualifier(identifier, ("share", "qualifier"), figure.share.qualifier)
        self.quotes("figures", identifier, figure.quote)

    def anomaly(self, identifier: str, anomaly: schema.Anomaly) -> None:
        self.quotes("anomalies", identifier, [schema.QuoteDraft(source=anomaly.source, text=anomaly.text)])

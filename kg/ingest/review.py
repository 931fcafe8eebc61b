"""`kg review`: a draft of `kg ingest`, side by side with the graph, accepted into data/.

Accepted facts land in data/<source>/<source>.yaml (new entities, relations, figures and
the figures that conflict with the graph's, flagged), the source's entry is added to
data/sources.yaml and its text to data/sources/<source>.txt. A fact the graph already has
gets this source's quote beside its own (the records' files are edited round-trip, so
their comments stay), and so does every entity of the graph an accepted quote names.
Everything is checked as `kg build` checks it before any file is written.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError, at
from kg.ingest.draft import MISSING
from kg.project import Project

_ARTICLE = re.compile(r"^#\s*article:\s*(.+?)\s*$", re.MULTILINE)
_SAME_RELATION = re.compile(r"^#\s+([a-z0-9-]+--[A-Za-z]+--[a-z0-9-]+)\s*$", re.MULTILINE)


@dataclass
class Draft:
    path: Path
    document: object  # ruamel CommentedMap
    source: dict
    article: Path | None
    same_relations: list[str]

    def items(self, section: str) -> list:
        return list(self.document.get(section) or [])


@dataclass
class Row:
    kind: str  # entity, relation, figure
    id: str
    state: str  # new, same, conflict, incomplete
    candidate: str
    graph: str  # what the graph has, for the reader
    line: int | None
    existing: str | None = None  # id of the graph's record (same, known, conflict)


@dataclass
class MergeSummary:
    written: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _yaml():
    from kg.records.yamlio import yaml_writer

    return yaml_writer()


def read_draft(path: Path, article: Path | None = None) -> Draft:
    from kg.records.yamlio import parse_yaml, read_utf8

    text = read_utf8(path, str(path))
    document = parse_yaml(text, str(path))
    if not isinstance(document, dict) or not isinstance(document.get("source"), str):
        raise KgError("not a kg ingest draft (no `source:` id)", str(path))
    sources = document.get("sources") or []
    source = next((s for s in sources if isinstance(s, dict) and s.get("id") == document["source"]), None)
    if source is None:
        raise KgError(f"the draft has no `sources:` entry for `{document['source']}`", str(path))
    if article is None:
        match = _ARTICLE.search(text)
        if match:
            candidate = Path(match.group(1))
            article = candidate if candidate.is_absolute() or candidate.exists() else path.parent / candidate
    return Draft(path, document, dict(source), article, _SAME_RELATION.findall(text))


def _line(node, index: int) -> int | None:
    try:
        return node.lc.item(index)[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


def _figure_text(record: dict, names: dict[str, str], indicators: dict[str, str]) -> str:
    value = f"{record.get('value')} {record.get('unit')}" if record.get("value") is not None else "(no value)"
    subject = names.get(str(record.get("subject")), str(record.get("subject")))
    indicator = indicators.get(str(record.get("indicator")), str(record.get("indicator")))
    return f"{subject} {indicator} {record.get('period')} {value}"


def review_rows(draft: Draft, dataset) -> list[Row]:
    """Each candidate of the draft, what it is to the graph (new, same, conflict), and the
    graph's record beside it."""
    from decimal import Decimal

    from kg.ingest.compare import figure_against_graph, value_text

    names = {i: e.zh for i, e in dataset.entities.items()}
    names.update({str(e.get("id")): str(e.get("zh")) for e in draft.items("entities") if isinstance(e, dict)})
    indicators = {i: x.zh for i, x in dataset.indicators.items()}
    rows: list[Row] = []
    entities = draft.document.get("entities") or []
    for index, record in enumerate(entities):
        identifier = str(record.get("id"))
        state = "known" if identifier in dataset.entities else "new"
        graph = f"{dataset.entities[identifier].zh}" if state == "known" else ""
        rows.append(Row("entity", identifier, state, f"{record.get('zh')} ({record.get('class')})", graph,
                        _line(entities, index), identifier if state == "known" else None))
    relations = draft.document.get("relations") or []
    for index, record in enumerate(relations):
        identifier = _record_id("relations", record)
        state = "same" if identifier in dataset.relations else "new"
        text = f"{names.get(str(record.get('subject')), record.get('subject'))} {record.get('predicate')} " \
               f"{names.get(str(record.get('object')), record.get('object'))}"
        existing = identifier if state == "same" else None
        rows.append(Row("relation", identifier, state, text, existing or "", _line(relations, index), existing))
    figures = draft.document.get("figures") or []
    for index, record in enumerate(figures):
        identifier = str(record.get("id"))
        text = _figure_text(record, names, indicators)
        if MISSING in (record.get("subject"), record.get("indicator")):
            rows.append(Row("figure", identifier, "incomplete", text, "fill the \"?\"", _line(figures, index)))
            continue
        key = (record.get("subject"), record.get("indicator"), str(record.get("period")),
               bool(record.get("forecast", False)))
        value = Decimal(str(record["value"])) if record.get("value") is not None else None
        status = figure_against_graph(dataset, key, value, record.get("unit"))
        state, existing = status.state, status.existing
        graph = f"{existing}: {value_text(dataset.figures[existing])}" if existing else ""
        rows.append(Row("figure", identifier, state, text, graph, _line(figures, index), existing))
    return rows


def format_rows(rows: list[Row]) -> str:
    from kg.textwidth import table

    return table(["kind", "id", "status", "candidate", "the graph has"],
                 [(r.kind, r.id, r.state, r.candidate, r.graph) for r in rows])


def _selected(identifier: str, accept: set[str] | None, reject: set[str]) -> bool:
    if identifier in reject:
        return False
    return accept is None or identifier in accept


def merge(project: Project, draft: Draft, accept: set[str] | None, reject: set[str],
          decide: Callable[[Row], bool] | None = None) -> MergeSummary:
    """Write the accepted candidates of `draft` into the project's data/ (`accept` None: all).
    `decide` is asked about each candidate left after the flags (an interactive review)."""
    from kg.ingest.reading import read_article
    from kg.pipeline import load_checked

    dataset, ontology = load_checked(project)
    source_id = draft.document["source"]
    if source_id in dataset.sources:
        raise KgError(f"source `{source_id}` is in data/ already; give the draft another source id",
                      str(draft.path))
    if draft.article is None or not Path(draft.article).is_file():
        raise KgError("the article of the draft is not found: give it with --article", str(draft.path))
    text = read_article(Path(draft.article)).text
    rows = review_rows(draft, dataset)
    chosen = {}
    for row in rows:
        take = _selected(row.id, accept, reject)
        if take and decide is not None:
            take = decide(row)
        if take and row.state == "incomplete":
            raise KgError(f"figure `{row.id}` is incomplete (a \"?\" is left): fill it or --reject {row.id}",
                          at(draft.path, row.line))
        chosen[(row.kind, row.id)] = (take, row)

    summary = MergeSummary()
    if not any(take for take, _ in chosen.values()):
        summary.add("candidates accepted", 0)
        return summary  # nothing accepted: data/ stays as it is
    edits = _Edits(project, _yaml())
    new_file = project.data / source_id / f"{source_id}.yaml"
    quote_texts: list[str] = []
    new: dict[str, list] = {"entities": [], "relations": [], "figures": []}
    kinds = {"entities": "entity", "relations": "relation", "figures": "figure"}
    for section, kind in kinds.items():
        for record in draft.items(section):
            identifier = _record_id(section, record)
            take, row = chosen.get((kind, identifier), (False, None))
            if not take:
                summary.add(f"{kind} rejected")
                continue
            quote_texts.extend(_quote_texts(record))
            if row.state in ("same", "known"):
                edits.add_quote(dataset, section, row.existing, source_id, _quote_texts(record))
                summary.add(f"{kind} quoted again")
                continue
            if row.state == "conflict":
                record = _with_conflict_flag(record, row.existing, dataset.figures[row.existing])
                summary.add("figure conflicting (kept, flagged)")
            else:
                summary.add(f"{kind} new")
            new[section].append(record)
    for identifier in draft.same_relations:
        if _selected(identifier, accept, reject) and identifier in dataset.relations:
            sentence = _sentence_naming(text, dataset, identifier)
            if sentence:
                edits.add_quote(dataset, "relations", identifier, source_id, [sentence])
                summary.add("relation quoted again")
    new_names = [(str(e.get("zh")), str(e.get("class"))) for e in draft.items("entities") if isinstance(e, dict)]
    for identifier in _entities_named(quote_texts, dataset, ontology, new_names):
        if identifier in reject:
            continue
        sentences = [t for t in dict.fromkeys(quote_texts) if any(n in t for n in _names_of(dataset, identifier))]
        if sentences and edits.add_quote(dataset, "entities", identifier, source_id, sentences[:1]):
            summary.add("entity quoted again")

    source = dict(draft.source)
    source["file"] = f"sources/{source_id}.txt"
    edits.append_source(source)
    edits.files[new_file] = _new_file_text(source_id, new)
    edits.files[project.data / "sources" / f"{source_id}.txt"] = text
    summary.written = edits.commit(ontology)
    return summary


def _quote_texts(record) -> list[str]:
    quote = record.get("quote")
    items = quote if isinstance(quote, list) else [quote]
    return [str(q.get("text")) if isinstance(q, dict) else str(q) for q in items if q]


def _names_of(dataset, identifier: str) -> list[str]:
    entity = dataset.entities[identifier]
    return [n for n in [entity.zh, *entity.aliases] if len(n) >= 2]


def _entities_named(quotes: list[str], dataset, ontology, new_names: list[tuple[str, str]]) -> list[str]:
    """The graph's entities named in the accepted quotes (longest names first, as ingest reads;
    the new entities' names hide the graph's names inside them: 重庆 in 重庆云帆…公司)."""
    from kg.ingest.gazetteer import build_gazetteer
    from kg.ingest.mentions import ArticleNames, article_mentions

    gazetteer = build_gazetteer(dataset, ontology)
    names = ArticleNames(gazetteer)
    for name, cls in new_names:
        names.add(name, name, cls)
    named: list[str] = []
    for text in dict.fromkeys(quotes):
        for mention in article_mentions(text, gazetteer, names):
            if mention.entity and mention.entity not in named and mention.text not in ("全市", "全国", "国内"):
                named.append(mention.entity)
    return named


def _sentence_naming(text: str, dataset, relation_id: str) -> str | None:
    from kg.ingest.segment import split_sentences

    relation = dataset.relations[relation_id]
    for sentence in split_sentences(text):
        if all(any(n in sentence.text for n in _names_of(dataset, end)) for end in (relation.subject, relation.object)
               if end in dataset.entities):
            return sentence.text
    return None


def _with_conflict_flag(record, other_id: str, other):
    from ruamel.yaml.comments import CommentedMap

    from kg.ingest.compare import value_text

    flagged = CommentedMap(record)
    flags = list(record.get("flags") or [])
    flags.append(CommentedMap({"type": "conflict",
                               "note": f"The graph's {other_id} gives {value_text(other)} for the same subject, "
                                       "indicator and period; both are kept."}))
    flagged["flags"] = flags
    return flagged


def _new_file_text(source_id: str, new: dict[str, list]) -> str:
    import io

    from ruamel.yaml.comments import CommentedMap

    document = CommentedMap()
    document["source"] = source_id
    for section in ("entities", "relations", "figures"):
        if new[section]:
            document[section] = new[section]
    document.yaml_set_start_comment(f"Facts of source `{source_id}`, accepted with kg review from a kg ingest draft.")
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    return buffer.getvalue()


class _Edits:
    """Changes to data/, made in memory, checked together, then written file by file."""

    def __init__(self, project: Project, yaml):
        self.project, self.yaml = project, yaml
        self.files: dict[Path, str] = {}
        self.documents: dict[Path, object] = {}

    def _document(self, path: Path):
        if path not in self.documents:
            self.documents[path] = self.yaml.load(path.read_text(encoding="utf-8"))
        return self.documents[path]

    def _file_of(self, dataset, section: str, identifier: str) -> Path:
        where = dataset.where[(section, identifier)]
        return self.project.root / where.rsplit(":", 1)[0]

    def add_quote(self, dataset, section: str, identifier: str, source_id: str, texts: list[str]) -> bool:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        path = self._file_of(dataset, section, identifier)
        document = self._document(path)
        for record in document.get(section) or []:
            if _record_id(section, record) != identifier:
                continue
            quote = record.get("quote")
            items = list(quote) if isinstance(quote, list) else [quote]
            existing = {str(q.get("text")) if isinstance(q, dict) else str(q) for q in items}
            added = False
            for text in texts:
                if text in existing:
                    continue
                item = CommentedMap({"source": source_id, "text": text})
                item.fa.set_flow_style()
                items.append(item)
                added = True
            if added:
                fresh = CommentedSeq(items)  # a new list: an anchored one is shared with other records
                if isinstance(quote, CommentedSeq):
                    # the blank line after the old last quote belongs after the new last one
                    last = len(quote) - 1
                    if last in quote.ca.items:
                        fresh.ca.items[len(items) - 1] = quote.ca.items[last]
                    if quote.anchor.value is None:
                        quote.clear()
                        quote.extend(items)
                        for index in list(quote.ca.items):
                            del quote.ca.items[index]
                        quote.ca.items.update(fresh.ca.items)
                        return True
                record["quote"] = fresh
            return added
        return False

    def append_source(self, source: dict) -> None:
        from ruamel.yaml.comments import CommentedMap

        path = self.project.data / "sources.yaml"
        document = self._document(path)
        entry = CommentedMap((k, v) for k, v in source.items() if v is not None)
        document["sources"].append(entry)

    def commit(self, ontology) -> list[str]:
        import io

        from kg.records.load import load_dataset

        for path, document in self.documents.items():
            buffer = io.StringIO()
            self.yaml.dump(document, buffer)
            self.files[path] = buffer.getvalue()
        with tempfile.TemporaryDirectory(prefix="kg-review-") as scratch:
            trial = Path(scratch) / "data"
            shutil.copytree(self.project.data, trial)
            for path, text in self.files.items():
                target = trial / path.relative_to(self.project.data)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            try:
                load_dataset(trial, ontology, display_root=Path(scratch))
            except KgError as error:
                problems = getattr(error, "errors", [error])
                lines = "; ".join(str(p) for p in problems[:5])
                raise KgError(f"the accepted facts do not load, nothing written: {lines}") from None
        from kg.fsutil import write_atomic

        for path in sorted(self.files):
            write_atomic(path, self.files[path].encode("utf-8"))
        return [self.project.relative(p) for p in sorted(self.files)]


def _record_id(section: str, record) -> str | None:
    if not isinstance(record, dict):
        return None
    if section == "relations":
        return f"{record.get('subject')}--{record.get('predicate')}--{record.get('object')}"
    return str(record.get("id"))

"""`kg ingest`: an article file → candidate facts, checked against the project's graph."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kg.errors import KgError
from kg.ingest import candidates as c
from kg.ingest.assemble import EntityIds, merge_drafts, to_entities, to_figures
from kg.ingest.extract import ArticleReader
from kg.ingest.gazetteer import Gazetteer, build_gazetteer
from kg.ingest.periods import infer_year
from kg.ingest.reading import Article, read_article
from kg.ingest.relations import find_relations
from kg.project import Project
from kg.records.schema import is_valid_id


def parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise KgError(f"{text!r} is not a date such as 2025-10-20", "--date") from None


def load_gazetteer(project: Project) -> tuple[Gazetteer, object]:
    """The gazetteer of the project's data/ (checked as `kg build` checks it)."""
    from kg.pipeline import load_checked

    dataset, ontology = load_checked(project)
    return build_gazetteer(dataset, ontology), dataset


def default_source_id(path: Path, year: int) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    candidate = stem if stem and not stem[0].isdigit() else f"article-{year}"
    return candidate if is_valid_id(candidate) else f"article-{year}"


def ingest_text(article: Article, gazetteer: Gazetteer, *, path: Path, title: str | None,
                when: date | None, source_id: str | None) -> c.Candidates:
    year = when.year if when else infer_year(article.text)
    if year is None:
        raise KgError("the article names no year: give --date so that 今年 can be resolved", str(path))
    if source_id is not None and not is_valid_id(source_id):
        raise KgError("ids are lower-case letters, digits and single hyphens", "--source-id")
    reader = ArticleReader(gazetteer, year)
    sentences, mentions, drafts, _main = reader.read(article.text)
    ids = EntityIds(gazetteer)
    figures = to_figures(merge_drafts(drafts), gazetteer, ids)
    if not any(f.value is not None for f in figures):
        raise KgError("no figures found in the article (no number with a unit such as 亿元, 万辆, 家, %)",
                      str(path))
    entities = to_entities(sentences, mentions, ids, gazetteer)
    relations = find_relations(sentences, mentions, gazetteer, ids, reader.topics)
    first_line = next((s.text for s in sentences if s.headline and not s.bare_number and len(s.text) >= 4),
                      path.stem)
    source = c.SourceInfo(
        id=source_id or default_source_id(path, year),
        title=title or first_line,
        date=when.isoformat() if when else None,
        year=year,
        year_basis="--date" if when else "inferred from the text",
        file=str(path),
        encoding=article.encoding,
    )
    return c.Candidates(source, entities, figures, relations)


def ingest_file(project: Project, path: Path, *, title: str | None, date_text: str | None,
                source_id: str | None, output_format: str) -> tuple[bytes, str | None, str]:
    """The bytes `kg ingest` writes, a note for the user, and a one-line count."""
    from kg.ingest.draft import to_json, to_yaml

    when = parse_date(date_text)
    article = read_article(path)
    gazetteer, dataset = load_gazetteer(project)
    candidates = ingest_text(article, gazetteer, path=path, title=title, when=when, source_id=source_id)
    writers = {"json": to_json, "yaml": to_yaml}
    data = writers[output_format](candidates, dataset)
    counts = (f"{len(candidates.entities)} entities, {len(candidates.figures)} figures, "
              f"{len(candidates.relations)} relations")
    return data, article.note, counts

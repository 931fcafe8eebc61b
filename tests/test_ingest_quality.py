"""kg ingest measured against facts a person checked: the project's own article (data/)
and fictional test articles in tests/articles/ with their expected facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTICLES = sorted((ROOT / "tests" / "articles").rglob("*.expected.yaml"))


@pytest.fixture(scope="module")
def gazetteer_and_dataset(project):
    from kg.ingest.api import load_gazetteer

    return load_gazetteer(project)


@pytest.fixture(scope="module")
def yubei_report(project, gazetteer_and_dataset):
    from kg.ingest.quality import evaluate_source

    gazetteer, dataset = gazetteer_and_dataset
    return evaluate_source(project, gazetteer, dataset, "yubei-2024", "2024-12-15")


def test_yubei_figures_reach_recall_090_and_precision_085_with_every_field_right(yubei_report):
    figures = yubei_report.figures  # subject, indicator, period, value and unit all right
    assert figures.recall >= 0.9, figures
    assert figures.precision >= 0.85, figures


def test_yubei_entities_are_found_under_their_graph_ids(yubei_report):
    assert yubei_report.entities.recall >= 0.9, yubei_report.entities
    assert yubei_report.entities.precision >= 0.9, yubei_report.entities


def _article(expected: Path) -> Path:
    return expected.with_name(expected.name.replace(".expected.yaml", ".txt"))


@pytest.mark.parametrize("expected", ARTICLES, ids=lambda p: p.name.split(".")[0])
def test_test_article_figures_reach_080_with_right_subject_and_indicator(expected, gazetteer_and_dataset):
    from kg.ingest.quality import evaluate_article

    report = evaluate_article(gazetteer_and_dataset[0], _article(expected), expected)
    assert report.figures_loose.recall >= 0.8, report.figures_loose
    assert report.figures_loose.precision >= 0.8, report.figures_loose
    assert report.figures.recall >= 0.8, report.figures  # the period too


@pytest.mark.parametrize("expected", ARTICLES, ids=lambda p: p.name.split(".")[0])
def test_test_article_organizations_parks_projects_and_relations_are_found(expected, gazetteer_and_dataset):
    from kg.ingest.quality import evaluate_article

    report = evaluate_article(gazetteer_and_dataset[0], _article(expected), expected)
    assert report.entities.recall >= 0.8, report.entities
    assert report.relations.recall >= 0.6, report.relations  # most explicit supply/subsidiary/location


def test_test_articles_say_they_are_fictional():
    for expected in ARTICLES:
        first_line = _article(expected).read_text(encoding="utf-8").splitlines()[0]
        assert "测试文本" in first_line and "虚构" in first_line

"""The project with a second source that gives another value for a figure of the article
(仙桃数据谷 盘活存量国有资产 约15亿元 in 2024; the other report says 约16亿元), for the saved
queries that compare sources: the Yubei graph alone has one source, so they find nothing there."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import copy_of_project

OTHER_REPORT = "2024年，仙桃数据谷盘活存量国有资产约16亿元。"
OTHER_SOURCE = """
  - id: other-report
    title: 仙桃数据谷2024年
    zh: 仙桃数据谷2024年
    en: Xiantao Data Valley in 2024
    authors: [测试]
    date: 2025-01-10
    file: sources/other-report.txt
    language: zh
"""
OTHER_FIGURES = f"""
source: other-report
figures:
  - id: xiantao-assets-other-report
    subject: xiantao-data-valley
    indicator: state-assets-revitalized
    period: 2024
    value: 16
    unit: 亿元
    qualifier: 约
    quote: {OTHER_REPORT}
"""


def two_source_graph(folder: Path):
    """A copy of the project in `folder` with the other report added, built as kg build builds it."""
    from kg.pipeline import build_project

    project = copy_of_project(folder)
    (folder / "data" / "sources" / "other-report.txt").write_text(OTHER_REPORT + "\n", encoding="utf-8")
    with (folder / "data" / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(OTHER_SOURCE)
    (folder / "data" / "other-report").mkdir()
    (folder / "data" / "other-report" / "figures.yaml").write_text(OTHER_FIGURES, encoding="utf-8")
    return build_project(project).graph


# saved queries that compare sources, with parameters that reach the conflicting figures
TWO_SOURCE_QUESTIONS = [
    ("figure-conflicts", {}),
    ("indicator-series", {}),
]

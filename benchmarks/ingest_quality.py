"""How well `kg ingest` reads articles: recall and precision of figures, entities and
relations on the project's own article (against data/) and on the fictional test
articles of tests/articles/ (against their expected facts).

    python benchmarks/ingest_quality.py                 the table on standard output
    python benchmarks/ingest_quality.py -o quality.md   and written to a file

A figure counts as right when its subject, indicator, period, value and unit all are
(the "no period" columns leave the period out, the bar issue 7 sets for new articles).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# the project's own article has no printed date; its facts are of 2024 (data/sources.yaml)
OWN_ARTICLES = {"yubei-2024": "2024-12-15"}


def main() -> int:
    from kg.fsutil import write_atomic
    from kg.ingest.api import load_gazetteer
    from kg.ingest.quality import evaluate_article, evaluate_source, format_reports
    from kg.project import Project

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", help="also write the table to this file")
    options = parser.parse_args()
    project = Project(ROOT)
    gazetteer, dataset = load_gazetteer(project)
    reports = [evaluate_source(project, gazetteer, dataset, source, date) for source, date in OWN_ARTICLES.items()]
    for expected in sorted((ROOT / "tests" / "articles").rglob("*.expected.yaml")):
        article = expected.with_name(expected.name.replace(".expected.yaml", ".txt"))
        reports.append(evaluate_article(gazetteer, article, expected))
    table = format_reports(reports)
    print(table)
    if options.output:
        write_atomic(options.output, (table + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

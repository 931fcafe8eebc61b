"""How good `kg ingest` is: its candidates against facts a person checked.

For the project's own article the expected facts are data/'s records quoted from that
source; for the test articles, a YAML file of expected facts beside each. A figure is
right when its subject, indicator, period, value and unit all are (`strict`), or its
subject, indicator, value and unit (`loose`, the bar of issue 7 for new articles).
Subjects given by name match a candidate entity of that name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kg.errors import KgError
from kg.ingest import candidates as c


@dataclass(frozen=True)
class Score:
    expected: int
    found: int
    right: int  # expected facts found
    correct: int  # candidates that are right

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


@dataclass(frozen=True)
class ExpectedFigure:
    subject: str
    indicator: str
    period: str
    value: Decimal | None
    unit: str | None


@dataclass(frozen=True)
class Expected:
    figures: list[ExpectedFigure]
    entities: list[str]  # ids or names
    relations: list[tuple[str, str, str]]


def expected_from_dataset(dataset, source_id: str) -> Expected:
    """The records of data/ quoted from `source_id`."""
    def quoted(section: str, identifier: str) -> bool:
        return any(q.source == source_id for q in dataset.quotes.get((section, identifier), []))

    figures = [ExpectedFigure(f.subject, f.indicator, f.period, f.value, f.unit)
               for identifier, f in sorted(dataset.figures.items()) if quoted("figures", identifier)]
    entities = [identifier for identifier in sorted(dataset.entities)
                if quoted("entities", identifier) and dataset.entities[identifier].class_ not in _NOT_NAMED]
    relations = [(r.subject, r.predicate, r.object) for identifier, r in sorted(dataset.relations.items())
                 if quoted("relations", identifier)]
    return Expected(figures, entities, relations)


# events and programmes are named by the curators (张三签约), seldom by the article
_NOT_NAMED = {"Event", "AgreementSigning", "InvestmentAnnouncement", "Groundbreaking", "Completion",
              "Commissioning", "Milestone", "FirstTransaction", "Settlement", "Founding", "ProductLaunch", "ChainGap"}


def expected_from_file(path: Path) -> Expected:
    """A test article's expected facts: `figures` (subject, indicator, period, value, unit),
    `entities` (names or ids), `relations` (subject, predicate, object)."""
    from ruamel.yaml import YAML

    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except Exception as error:
        raise KgError(f"cannot read expected facts: {error}", str(path)) from None
    figures = [ExpectedFigure(str(f["subject"]), str(f["indicator"]), str(f["period"]),
                              Decimal(str(f["value"])) if f.get("value") is not None else None,
                              f.get("unit")) for f in data.get("figures", [])]
    entities = [str(e) for e in data.get("entities", [])]
    relations = [(str(r[0]), str(r[1]), str(r[2])) for r in data.get("relations", [])]
    return Expected(figures, entities, relations)


def _names(candidates: c.Candidates) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for entity in candidates.entities:
        names.setdefault(entity.id, set()).update({entity.id, entity.name})
    for figure in candidates.figures:
        if figure.subject and figure.subject_name:
            names.setdefault(figure.subject, {figure.subject}).add(figure.subject_name)
    return names


def _same_value(a: Decimal | None, b: Decimal | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and Decimal(a) == Decimal(b))


def figure_matches(candidate: c.FigureCandidate, expected: ExpectedFigure, names: dict[str, set[str]],
                   strict: bool) -> bool:
    subject_names = names.get(candidate.subject or "", {candidate.subject})
    return (expected.subject in subject_names
            and candidate.indicator == expected.indicator
            and (not strict or candidate.period == expected.period)
            and _same_value(candidate.value, expected.value)
            and (candidate.unit or None) == (expected.unit or None))


def score_figures(candidates: c.Candidates, expected: Expected, strict: bool = True) -> Score:
    names = _names(candidates)
    used: set[int] = set()
    correct = 0
    for candidate in candidates.figures:
        for index, wanted in enumerate(expected.figures):
            if index not in used and figure_matches(candidate, wanted, names, strict):
                used.add(index)
                correct += 1
                break
    return Score(len(expected.figures), len(candidates.figures), len(used), correct)


def score_entities(candidates: c.Candidates, expected: Expected) -> Score:
    found = {e.id for e in candidates.entities} | {e.name for e in candidates.entities}
    right = sum(1 for e in expected.entities if e in found)
    wanted = set(expected.entities)
    correct = sum(1 for e in candidates.entities if e.id in wanted or e.name in wanted)
    return Score(len(expected.entities), len(candidates.entities), right, correct)


def score_relations(candidates: c.Candidates, expected: Expected) -> Score:
    names = _names(candidates)

    def same(candidate_id: str, wanted: str) -> bool:
        return wanted in names.get(candidate_id, {candidate_id})

    used: set[int] = set()
    correct = 0
    for relation in candidates.relations:
        for index, (s, p, o) in enumerate(expected.relations):
            if index not in used and relation.predicate == p and same(relation.subject, s) and same(relation.object, o):
                used.add(index)
                correct += 1
                break
    return Score(len(expected.relations), len(candidates.relations), len(used), correct)


@dataclass(frozen=True)
class Report:
    name: str
    figures: Score  # subject, indicator, period, value and unit right
    figures_loose: Score  # subject, indicator, value and unit right
    entities: Score
    relations: Score


def evaluate(candidates: c.Candidates, expected: Expected, name: str) -> Report:
    return Report(name, score_figures(candidates, expected, strict=True), score_figures(candidates, expected, False),
                  score_entities(candidates, expected), score_relations(candidates, expected))


def evaluate_source(project, gazetteer, dataset, source_id: str, date_text: str) -> Report:
    """`kg ingest` on a source of data/ against the facts data/ records from it."""
    from kg.ingest.api import ingest_text, parse_date
    from kg.ingest.reading import read_article

    path = project.data / dataset.sources[source_id].file
    candidates = ingest_text(read_article(path), gazetteer, path=path, title=None, when=parse_date(date_text),
                             source_id=source_id)
    return evaluate(candidates, expected_from_dataset(dataset, source_id), source_id)


def evaluate_article(gazetteer, article: Path, expected_path: Path) -> Report:
    """`kg ingest` on a test article against its expected facts (whose `date:` is the --date)."""
    from ruamel.yaml import YAML

    from kg.ingest.api import ingest_text, parse_date
    from kg.ingest.reading import read_article

    date_text = str(YAML(typ="safe", pure=True).load(expected_path.read_text(encoding="utf-8"))["date"])
    candidates = ingest_text(read_article(article), gazetteer, path=article, title=None, when=parse_date(date_text),
                             source_id=None)
    return evaluate(candidates, expected_from_file(expected_path), article.stem)


def format_reports(reports: list[Report]) -> str:
    """A Markdown table: recall and precision of each kind of fact, per article."""
    header = ("| article | figures recall | figures precision | figures recall (no period) | "
              "figures precision (no period) | entities recall | entities precision | relations recall | "
              "relations precision |")
    lines = [header, "|" + "---|" * 9]
    for r in reports:
        cells = [r.name]
        for score in (r.figures, r.figures_loose, r.entities, r.relations):
            cells += [f"{score.recall:.3f} ({score.right}/{score.expected})",
                      f"{score.precision:.3f} ({score.correct}/{score.found})"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)

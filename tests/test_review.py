"""From a new report to the graph: ingest an article about an entity the graph has, review
it, accept it into a copy of the project, and see the second quote, the conflict and the
series."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, copy_of_project
from tests.kg_runner import invoke as run_kg

# one worker builds the merged project for all of them (xdist would build it once per worker)
pytestmark = pytest.mark.xdist_group("review")

ARTICLE = ROOT / "tests" / "articles" / "xiantao-2025-report.txt"
SOURCE = "xiantao-2025-report"


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    """A copy of the project with the Xiantao report ingested and accepted."""
    root = tmp_path_factory.mktemp("merged")
    project = copy_of_project(root)
    draft = root / "draft.yaml"
    steps = {
        "ingest": run_kg("ingest", str(ARTICLE), "--date", "2025-12-31", "--project", str(root), "-o", str(draft)),
        "show": run_kg("review", str(draft), "--project", str(root)),
        # a reviewer rejects the one wrong reading: 新增注册企业236家 is no total of registered enterprises
        "accept": run_kg("review", str(draft), "--project", str(root), "--accept", "all",
                         "--reject", "xiantao-data-valley-registered-enterprises-2025"),
        "build": run_kg("build", "--project", str(root)),
        "validate": run_kg("validate", "--project", str(root)),
    }
    return project, steps


def test_review_shows_each_candidate_beside_what_the_graph_has(merged):
    _, steps = merged
    shown = steps["show"]
    assert shown.returncode == 0, shown.stderr
    assert "same" in shown.stdout and "xiantao-site-area" in shown.stdout
    assert "conflict" in shown.stdout and "xiantao-state-assets-revitalized-2024: 15 亿元" in shown.stdout
    assert "new" in shown.stdout


def test_accepted_facts_land_in_data_with_their_source_and_build_passes(merged):
    project, steps = merged
    assert steps["accept"].returncode == 0, steps["accept"].stderr
    assert (project.data / "sources" / f"{SOURCE}.txt").read_text(encoding="utf-8") == \
        ARTICLE.read_text(encoding="utf-8")
    assert (project.data / SOURCE / f"{SOURCE}.yaml").is_file()
    assert f"id: {SOURCE}" in (project.data / "sources.yaml").read_text(encoding="utf-8")
    assert steps["build"].returncode == 0, steps["build"].stderr
    assert "from 2 source(s)" in steps["build"].stdout


def test_edited_data_files_keep_their_comments(merged):
    project, _ = merged
    for name in ("figures-reform.yaml", "places.yaml"):
        before = [line for line in (ROOT / "data" / "yubei-2024" / name).read_text(encoding="utf-8").splitlines()
                  if line.lstrip().startswith("#")]
        after = (project.data / "yubei-2024" / name).read_text(encoding="utf-8")
        assert all(comment in after for comment in before)


def test_the_existing_entity_and_figure_show_a_second_quote(merged):
    from rdflib import URIRef

    from kg.namespaces import OA, PROV, SRC
    from kg.rdfio import read_graph_files

    project, _ = merged
    graph = read_graph_files([project.built_graph])
    for node in ("https://w3id.org/yubei-kg/id/xiantao-data-valley", "https://w3id.org/yubei-kg/obs/xiantao-site-area"):
        sources = {s for q in graph.objects(URIRef(node), PROV.wasDerivedFrom) for s in graph.objects(q, OA.hasSource)}
        assert sources == {SRC["yubei-2024"], SRC[SOURCE]}, node


def test_a_differing_figure_is_kept_and_flagged_as_a_conflict_warning(merged):
    _, steps = merged
    validated = steps["validate"]
    assert validated.returncode == 0, validated.stdout + validated.stderr
    conflicts = [line for line in validated.stdout.splitlines() if "[conflicting-figures]" in line]
    assert len(conflicts) == 1 and "xiantao-state-assets-revitalized-2024" in conflicts[0]
    assert conflicts[0].startswith("warning:")


def test_the_conflicts_query_lists_both_sources(merged):
    from kg.rdfio import read_graph_files
    from kg.series import run_saved_query

    project, _ = merged
    rows = run_saved_query(read_graph_files([project.built_graph]), project.queries / "figure-conflicts.rq", {})
    assert len(rows) == 1
    row = rows[0]
    assert {str(row["sources"]), str(row["otherSources"])} == {"yubei-2024", SOURCE}
    assert {str(row["value"]), str(row["otherValue"])} == {"15.0", "16.0"}


def test_an_indicator_over_two_periods_forms_a_series(merged):
    from kg.rdfio import read_graph_files
    from kg.series import indicator_series

    project, _ = merged
    series = indicator_series(read_graph_files([project.built_graph]), project.queries, "xiantao-data-valley",
                              "state-assets-revitalized")
    from decimal import Decimal

    assert [p.period for p in series.points] == ["2024", "2024", "2025"]
    assert {(p.period, p.written_value, p.sources) for p in series.points} == {
        ("2024", Decimal(15), "yubei-2024"), ("2024", Decimal(16), SOURCE), ("2025", Decimal(18), SOURCE)}


def test_accepting_twice_is_refused_and_changes_nothing(merged):
    project, _ = merged
    before = {p: p.read_bytes() for p in project.data.rglob("*") if p.is_file()}
    result = run_kg("review", str(project.root / "draft.yaml"), "--project", str(project.root), "--accept", "all")
    assert result.returncode == 2 and "already" in result.stderr
    assert before == {p: p.read_bytes() for p in project.data.rglob("*") if p.is_file()}


def test_facts_that_do_not_load_write_nothing(copy_project, tmp_path):
    draft = tmp_path / "draft.yaml"
    assert run_kg("ingest", str(ARTICLE), "--date", "2025-12-31", "--project", str(copy_project.root),
                  "-o", str(draft)).returncode == 0
    text = draft.read_text(encoding="utf-8").replace("indicator: operating-revenue", "indicator: no-such-indicator", 1)
    draft.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in copy_project.data.rglob("*") if p.is_file()}
    result = run_kg("review", str(draft), "--project", str(copy_project.root), "--accept", "all")
    assert result.returncode == 2 and "nothing written" in result.stderr
    assert "no-such-indicator" in result.stderr
    assert before == {p: p.read_bytes() for p in copy_project.data.rglob("*") if p.is_file()}


def test_an_incomplete_candidate_must_be_filled_or_rejected(copy_project, tmp_path):
    draft = tmp_path / "draft.yaml"
    run_kg("ingest", str(ARTICLE), "--date", "2025-12-31", "--project", str(copy_project.root), "-o", str(draft))
    text = draft.read_text(encoding="utf-8").replace("indicator: funds-recovered", 'indicator: "?"', 1)
    draft.write_text(text, encoding="utf-8")
    result = run_kg("review", str(draft), "--project", str(copy_project.root), "--accept", "all")
    assert result.returncode == 2 and "incomplete" in result.stderr and "--reject" in result.stderr


def test_interactive_review_merges_only_what_the_person_says_yes_to(copy_project, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.ontology import Ontology
    from kg.records.load import load_dataset

    draft = tmp_path / "draft.yaml"
    run_kg("ingest", str(ARTICLE), "--date", "2025-12-31", "--project", str(copy_project.root), "-o", str(draft))
    result = CliRunner().invoke(cli, ["review", str(draft), "--project", str(copy_project.root), "--interactive"],
                                input="y\n" + "n\n" * 60)
    assert result.exit_code == 0, result.output
    dataset = load_dataset(copy_project.data, Ontology.from_directory(copy_project.ontology))
    added = [i for i in dataset.entities if any(q.source == SOURCE for q in dataset.quotes[("entities", i)])]
    assert len(added) >= 1 and not [f for f in dataset.figures if f.startswith("xiantao-data-valley-")]


def test_review_with_nothing_accepted_writes_nothing(copy_project, tmp_path):
    draft = tmp_path / "draft.yaml"
    run_kg("ingest", str(ARTICLE), "--date", "2025-12-31", "--project", str(copy_project.root), "-o", str(draft))
    before = {p: p.read_bytes() for p in copy_project.data.rglob("*") if p.is_file()}
    result = run_kg("review", str(draft), "--project", str(copy_project.root), "--accept", "no-such-id")
    assert result.returncode == 0
    assert before == {p: p.read_bytes() for p in copy_project.data.rglob("*") if p.is_file()}


def test_review_keeps_every_digit_of_numbers_already_in_a_data_file(copy_project, tmp_path):
    reform = copy_project.data / "yubei-2024" / "figures-reform.yaml"
    original = reform.read_text(encoding="utf-8")
    assert "value: 9000, unit: 万元" in original
    long_number = original.replace("value: 9000, unit: 万元", "value: 12345678901234567.8, unit: 万元", 1)
    reform.write_text(long_number, encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    run_kg("ingest", str(ARTICLE), "--date", "2025-12-31", "--project", str(copy_project.root), "-o", str(draft))
    result = run_kg("review", str(draft), "--project", str(copy_project.root), "--accept", "all",
                    "--reject", "xiantao-data-valley-registered-enterprises-2025")
    assert result.returncode == 0, result.stderr
    after = reform.read_text(encoding="utf-8")
    assert after != long_number  # rewritten: xiantao-site-area, in this file, got a second quote
    assert "value: 12345678901234567.8, unit: 万元" in after


def test_ingest_and_review_give_a_figure_the_same_status():
    from decimal import Decimal
    from pathlib import Path

    from kg.ingest import candidates as c
    from kg.ingest.compare import figure_status
    from kg.ingest.draft import figure_record
    from kg.ingest.review import Draft, review_rows
    from kg.records.load import Dataset
    from kg.records.schema import Figure, WrittenUnit

    dataset = Dataset(written_units={"万元": WrittenUnit(unit="cny", multiplier=10000),
                                     "亿元": WrittenUnit(unit="cny", multiplier=100000000)})
    graph = {"park-revenue-2024": {"value": 15, "unit": "亿元"},
             # sorted first: a same-key figure with no value, ahead of the ones that have one
             "park-output-2024-a": {"indicator": "output-value", "growth": {"value": 8}},
             "park-output-2024-b": {"indicator": "output-value", "value": 15, "unit": "亿元"},
             "park-output-2024-c": {"indicator": "output-value", "value": 16, "unit": "亿元"}}
    for identifier, fields in graph.items():
        dataset.figures[identifier] = Figure(**{"id": identifier, "subject": "park", "indicator": "operating-revenue",
                                                "period": "2024", "quote": "园区营业收入十五亿元。", **fields})

    def candidate(identifier, indicator, value=None, unit=None, period="2024"):
        growth = c.Growth(Decimal(9), "%", None, "同比", "同比增长9%") if value is None else None
        return c.FigureCandidate(identifier, "park", "园区", indicator, None, value, None, unit, None, None, None,
                                 period, period, "written", False, False, growth, [], [], None, 0.9, ["园区…。"])

    revenue, output = "operating-revenue", "output-value"
    cases = [  # a candidate, then the decided status and the graph's figure it is beside
        # (a) no value, or a unit that does not convert, beside a figure with a value
        (candidate("growth-only", revenue), ("conflict", "park-revenue-2024")),
        (candidate("unknown-unit", revenue, Decimal(3), "亿卢布"), ("conflict", "park-revenue-2024")),
        # (b) the first same-key figure cannot be compared, or differs; a later one is equal
        (candidate("equal-to-a-later-one", output, Decimal(150000), "万元"), ("same", "park-output-2024-b")),
        (candidate("equal-to-the-last", output, Decimal(16), "亿元"), ("same", "park-output-2024-c")),
        # a conflict is shown against a value that differs, not one that cannot be compared
        (candidate("differs", output, Decimal(20), "亿元"), ("conflict", "park-output-2024-b")),
        (candidate("another-year", revenue, Decimal(15), "亿元", period="2025"), ("new", None)),
    ]
    ingested = {f.id: (status.state, status.existing) for f, _ in cases for status in [figure_status(f, dataset)]}
    draft = Draft(Path("draft.yaml"), {"source": "test", "figures": [figure_record(f, set()) for f, _ in cases]},
                  {"id": "test"}, None, [])
    rows = review_rows(draft, dataset)
    reviewed = {r.id: (r.state, r.existing) for r in rows}
    assert ingested == reviewed == {f.id: decided for f, decided in cases}
    assert {r.id: r.graph for r in rows}["differs"] == "park-output-2024-b: 15 亿元"

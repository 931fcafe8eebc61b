"""Bad data: `kg build` says what is wrong and where on one line, exits 2, writes nothing.

Each case breaks one thing in a copy of the project. `kg build` runs in-process (click's
runner: the same exit code and stderr as the console script); one case runs as a real
process to check that no traceback reaches the user.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import run_kg

SENTINEL = b"# the previous build, which a failed build must leave alone\n"

ORGANIZATIONS = "data/yubei-2024/organizations.yaml"
PLACES = "data/yubei-2024/places.yaml"
RELATIONS = "data/yubei-2024/relations.yaml"
FIGURES = "data/yubei-2024/figures-industry.yaml"

# the first figure on Yubei's car industry, as the data writes it
AUTO_OUTPUT = """\
  - id: yubei-auto-output-2024-11
    subject: yubei
    indicator: auto-industry-output
    period: 2024-01/2024-11
    value: 1660
    unit: 亿元
    qualifier: 超过
"""


@pytest.fixture
def project(copy_project):
    """A copy of the project with an earlier build in build/."""
    copy_project.build.mkdir()
    copy_project.built_graph.write_bytes(SENTINEL)
    return copy_project


def edit(project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(project, relative: str, marker: str) -> int:
    """The 1-based line where `marker` (unique in the file) starts."""
    text = (project.root / relative).read_text(encoding="utf-8")
    assert text.count(marker) == 1, f"{marker!r} is not once in {relative}"
    return text[: text.index(marker)].count("\n") + 1


def build_error(project) -> str:
    """Run `kg build`; check it failed cleanly and wrote nothing; return its one error line."""
    result = CliRunner().invoke(cli, ["build", "--project", str(project.root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert project.built_graph.read_bytes() == SENTINEL
    assert sorted(p.name for p in project.build.iterdir()) == [project.built_graph.name]
    return lines[0]


def test_malformed_yaml_is_named_at_line_and_column_and_nothing_else_is_reported(project):
    edit(project, ORGANIZATIONS, "    aliases: [长安]\n", "    aliases: [长安\n")
    line = line_of(project, ORGANIZATIONS, "    industries: [automotive, nev]\n    quote:\n      - 隆冬时节")
    error = build_error(project)
    # the references into the unreadable file would all be unknown: they are not listed
    assert error.startswith(f"error: {ORGANIZATIONS}:{line}:"), error
    assert "invalid YAML" in error


def test_unknown_field_is_reported_once_not_at_every_reference_to_the_record(project):
    edit(project, ORGANIZATIONS, "  - id: seres\n", "  - id: seres\n    colour: red\n")
    line = line_of(project, ORGANIZATIONS, "    colour: red")
    assert build_error(project) == f"error: {ORGANIZATIONS}:{line}: unknown field `colour`"


def test_unknown_section_suggests_the_known_one(project):
    edit(project, ORGANIZATIONS, "\nentities:\n", "\nentitys:\n")
    line = line_of(project, ORGANIZATIONS, "entitys:")
    error = build_error(project)
    assert error.startswith(f"error: {ORGANIZATIONS}:{line}: unknown section `entitys`"), error
    assert "did you mean: entities" in error


def test_duplicate_id_names_both_places(project):
    first = line_of(project, PLACES, "  - id: hami\n")
    edit(project, PLACES, "  - id: xinjiang\n", "  - id: hami\n    class: City\n    zh: 哈密\n    en: Hami\n"
         "    quote: 该工程起于新疆巴里坤换流站\n\n  - id: xinjiang\n")
    second = first + 1 + (project.root / PLACES).read_text(encoding="utf-8").split("\n")[first:].index("  - id: hami")
    assert build_error(project) == (f"error: {PLACES}:{second}: duplicate id `hami` (first at {PLACES}:{first})")


def test_unknown_entity_reference_lists_close_matches(project):
    edit(project, RELATIONS, "  - subject: bdstar\n    predicate: coreSupplierOf\n    object: yubei-auto-cluster\n",
         "  - subject: bdstar\n    predicate: coreSupplierOf\n    object: yubei-auto-clustr\n")
    line = line_of(project, RELATIONS, "    object: yubei-auto-clustr")
    error = build_error(project)
    assert error.startswith(f"error: {RELATIONS}:{line}: unknown id `yubei-auto-clustr`; did you mean: "), error
    assert "yubei-auto-cluster" in error.split("did you mean:")[1]


def test_unknown_class_suggests_the_known_one_and_its_relations_are_not_judged(project):
    edit(project, ORGANIZATIONS, "    class: Company\n    zh: 赛力斯\n", "    class: Compnay\n    zh: 赛力斯\n")
    line = line_of(project, ORGANIZATIONS, "    class: Compnay")
    assert build_error(project) == f"error: {ORGANIZATIONS}:{line}: unknown class `Compnay`; did you mean: Company?"


def test_unknown_predicate_suggests_the_known_one(project):
    edit(project, RELATIONS, "  - subject: bdstar\n    predicate: coreSupplierOf\n",
         "  - subject: bdstar\n    predicate: coreSuplierOf\n")
    line = line_of(project, RELATIONS, "    predicate: coreSuplierOf")
    error = build_error(project)
    assert error == f"error: {RELATIONS}:{line}: unknown predicate `coreSuplierOf`; did you mean: coreSupplierOf?"


def test_relation_whose_object_the_predicate_does_not_take(project):
    edit(project, RELATIONS, "    predicate: develops\n    object: deepal-whale-power\n",
         "    predicate: develops\n    object: seres\n")
    line = line_of(project, RELATIONS, "    predicate: develops\n    object: seres") + 1
    assert build_error(project) == (
        f"error: {RELATIONS}:{line}: `develops` does not take a Company as its object (`seres`); "
        "it takes Brand, Technology"
    )


def test_non_numeric_value(project):
    edit(project, FIGURES, AUTO_OUTPUT, AUTO_OUTPUT.replace("value: 1660", "value: 一千六百六十"))
    line = line_of(project, FIGURES, "    value: 一千六百六十")
    assert build_error(project) == f"error: {FIGURES}:{line}: `value`: must be a number, not '一千六百六十'"


def test_unknown_unit_suggests_a_known_one(project):
    edit(project, FIGURES, AUTO_OUTPUT, AUTO_OUTPUT.replace("unit: 亿元", "unit: 亿美元"))
    line = line_of(project, FIGURES, "    unit: 亿美元")
    error = build_error(project)
    assert error.startswith(f"error: {FIGURES}:{line}: unknown unit '亿美元'; did you mean: 亿元?"), error
    assert "written_units" in error


def test_unit_that_does_not_fit_the_indicator(project):
    edit(project, FIGURES, AUTO_OUTPUT, AUTO_OUTPUT.replace("unit: 亿元", "unit: 万辆"))
    line = line_of(project, FIGURES, "    value: 1660\n    unit: 万辆") + 1
    assert build_error(project) == (
        f"error: {FIGURES}:{line}: unit '万辆' is vehicle, but indicator `auto-industry-output` is measured in cny"
    )


def test_unknown_qualifier_suggests_a_known_one(project):
    edit(project, FIGURES, AUTO_OUTPUT, AUTO_OUTPUT.replace("qualifier: 超过", "qualifier: 大约"))
    line = line_of(project, FIGURES, "    qualifier: 大约")
    error = build_error(project)
    assert error.startswith(f"error: {FIGURES}:{line}: unknown qualifier '大约'; did you mean: 约?"), error


@pytest.mark.parametrize(("period", "problem"), [
    ("2024-13", "'2024-13' has no month 13"),
    ("2024-11/2024-01", "'2024-11/2024-01' ends before it starts"),
    ("last year", "'last year' is not a date such as 2024, 2024-11 or 2024-11-30"),
    ("../..", "write `..` alone for a level at the time of the source, not `../..`"),
])
def test_bad_period(project, period, problem):
    edit(project, FIGURES, AUTO_OUTPUT, AUTO_OUTPUT.replace("period: 2024-01/2024-11", f"period: {period}"))
    line = line_of(project, FIGURES, f"    period: {period}\n    value: 1660")
    assert build_error(project) == f"error: {FIGURES}:{line}: `period`: {problem}"


def test_missing_quote(project):
    quote = "    quote: 今年11月，长安新能源汽车销量首次突破10万辆大关，同比增长98.4%，稳居新能源汽车市场第一阵营。\n"
    edit(project, FIGURES, quote, "")
    line = line_of(project, FIGURES, "  - id: changan-nev-sales-2024-11")
    assert build_error(project) == f"error: {FIGURES}:{line}: missing field `quote`"


def test_quote_that_does_not_occur_in_the_source_says_where_it_differs(project):
    edit(project, FIGURES, "    quote: 今年11月，长安新能源汽车销量首次突破10万辆大关",
         "    quote: 今年11月，长安新能源汽车销量首次突破11万辆大关")
    line = line_of(project, FIGURES, "    quote: 今年11月，长安新能源汽车销量首次突破11万辆大关")
    error = build_error(project)
    assert error.startswith(f"error: {FIGURES}:{line}: quote does not occur in source `yubei-2024`: "), error
    assert "the source has the first 20 characters, then differs at '1万辆大关" in error


def test_missing_source_file_is_named_once(project):
    (project.data / "sources" / "yubei-2024.txt").unlink()
    line = line_of(project, "data/sources.yaml", "  - id: yubei-2024")
    assert build_error(project) == (
        f"error: data/sources.yaml:{line}: source file data/sources/yubei-2024.txt does not exist"
    )


def test_bad_data_gives_one_line_and_no_traceback_from_the_real_process(project):
    edit(project, ORGANIZATIONS, "  - id: seres\n", "  - id: seres\n    colour: red\n")
    line = line_of(project, ORGANIZATIONS, "    colour: red")
    result = run_kg("build", "--project", str(project.root))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"error: {ORGANIZATIONS}:{line}: unknown field `colour`"]
    assert project.built_graph.read_bytes() == SENTINEL


def test_project_folder_that_is_not_a_project_is_an_error(tmp_path: Path):
    result = run_kg("build", "--project", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: --project {tmp_path}: not a yubei-kg project (no ontology/ and data/ folders)"
    ]


def test_rejected_unit_is_not_reported_again_at_each_figure_using_it(project):
    edit(project, "data/vocab/units.yaml", "  亿元: {unit: cny, multiplier: 100000000}\n",
         "  亿元: {unit: cny, multiplier: a hundred million}\n")
    line = line_of(project, "data/vocab/units.yaml", "  亿元: {unit: cny, multiplier: a hundred million}")
    assert build_error(project) == (
        f"error: data/vocab/units.yaml:{line}: `multiplier`: must be a number, not 'a hundred million'"
    )


def test_rejected_source_is_not_reported_again_at_each_quote(project):
    edit(project, "data/sources.yaml", "    language: zh\n", "    language: zh\n    editor: nobody\n")
    line = line_of(project, "data/sources.yaml", "    editor: nobody")
    assert build_error(project) == f"error: data/sources.yaml:{line}: unknown field `editor`"

"""kg ingest as a user runs it: outputs, errors, nothing half-written, determinism."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, run_kg
from tests.kg_runner import invoke

ARTICLE = ROOT / "tests" / "articles" / "bishan-auto-parts.txt"


def test_json_output_has_source_entities_figures_relations_with_sentences():
    result = invoke("ingest", str(ARTICLE), "--date", "2025-10-28", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"source", "entities", "figures", "relations"}
    figure = next(f for f in data["figures"] if f["indicator"] == "above-scale-industrial-output")
    assert figure["value"] == 1268.4 and figure["unit"] == "亿元"
    assert figure["normalized"] == {"value": 126840000000, "unit": "cny"}
    assert figure["period"] == "2025-01/2025-09" and figure["period_as_written"] == "今年前三季度"
    assert figure["sentence"] in ARTICLE.read_text(encoding="utf-8")
    assert 0 < figure["confidence"] <= 1
    changan = next(e for e in data["entities"] if e["name"] == "长安汽车")
    assert changan["matched"] == "changan"


def test_yaml_draft_loads_as_data_once_the_question_marks_are_filled(copy_project, tmp_path):
    from ruamel.yaml import YAML

    from kg.ontology import Ontology
    from kg.records.load import load_dataset

    draft = tmp_path / "draft.yaml"
    result = invoke("ingest", str(ARTICLE), "--date", "2025-10-28", "--source-id", "bishan-2025",
                    "--project", str(copy_project.root), "-o", str(draft))
    assert result.returncode == 0, result.stderr
    text = draft.read_text(encoding="utf-8")
    assert "# review: confidence" in text
    document = YAML(typ="rt").load(text)
    document["figures"] = [f for f in document["figures"] if "?" not in (f["subject"], f["indicator"])]
    target = copy_project.data / "bishan-2025.yaml"
    with target.open("w", encoding="utf-8") as out:
        YAML(typ="rt").dump(document, out)
    (copy_project.data / "sources" / "bishan-2025.txt").write_text(ARTICLE.read_text(encoding="utf-8"),
                                                                    encoding="utf-8")
    dataset = load_dataset(copy_project.data, Ontology.from_directory(copy_project.ontology))
    bishan = next(i for i, e in dataset.entities.items() if e.zh == "璧山区")
    assert any(f.subject == bishan and f.indicator == "gdp" for f in dataset.figures.values())


def test_same_article_gives_byte_identical_output_whatever_the_hash_seed(tmp_path):
    outputs = []
    for seed in ("0", "7"):
        target = tmp_path / f"draft-{seed}.yaml"
        result = run_kg("ingest", str(ARTICLE), "--date", "2025-10-28", "-o", str(target),
                        env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(("content", "options", "message"), [
    (b"", [], "empty"),
    (b"\x00\x01\x02\x03binary\x00", [], "binary"),
    (b"caf\x80\xff text \x80", [], "neither UTF-8 nor GB18030"),
    ("今年渝北经济稳中向好，发展势头良好。".encode(), ["--date", "2025-10-20"], "no figures"),
    ("今年渝北区规上工业总产值达1268.4亿元。".encode(), ["--date", "2025-13-45"], "--date"),
])
def test_bad_input_is_one_error_line_exit_2_and_nothing_written(tmp_path, content, options, message):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    target = tmp_path / "out.yaml"
    result = invoke("ingest", str(article), *options, "-o", str(target))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], result.stderr
    assert not target.exists()
    assert not list(tmp_path.glob(".out.yaml.*"))


def test_gb18030_article_is_read_with_a_note(tmp_path):
    article = tmp_path / "gbk.txt"
    article.write_bytes("今年前三季度，璧山区规上工业总产值达1268.4亿元。".encode("gb18030"))
    result = invoke("ingest", str(article), "--date", "2025-10-28", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "GB18030" in result.stderr
    assert json.loads(result.stdout)["figures"][0]["value"] == 1268.4


def test_ingest_help_has_examples():
    result = invoke("ingest", "--help")
    assert result.returncode == 0 and "Examples:" in result.stdout

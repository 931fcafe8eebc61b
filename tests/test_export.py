"""kg export: every format parses back to the built graph, byte-identical whatever the
hash seed; -o - is standard output; a failed export leaves the old output alone."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.export import FORMATS, serialize
from tests.conftest import ROOT, run_kg

RDFLIB_PARSERS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "xml": "xml"}
HASH_SEEDS = ("0", "4242")  # and this process's own, random one


def _parse_with_rdflib(data: bytes, format_name: str) -> Graph:
    parsed = Dataset() if format_name == "trig" else Graph()
    parsed.parse(data=data, format=RDFLIB_PARSERS[format_name])
    graph = Graph()
    for triple in (parsed.quads() if format_name == "trig" else parsed):
        graph.add(triple[:3])
    return graph


@pytest.fixture(scope="module")
def exported(built) -> dict[str, bytes]:
    return {name: serialize(built.graph, name) for name in FORMATS}


def test_every_format_of_the_issue_is_offered():
    assert sorted(FORMATS) == sorted(RDFLIB_PARSERS)


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_export_parses_back_isomorphic_with_rdflib(built, exported, format_name):
    parsed = _parse_with_rdflib(exported[format_name], format_name)
    assert len(parsed) == len(built.graph)
    assert isomorphic(parsed, built.graph)


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_export_parses_back_isomorphic_with_the_strict_reader(built, exported, format_name, tmp_path):
    from kg.rdfio import read_graph_files

    path = tmp_path / f"graph{FORMATS[format_name].extension}"
    path.write_bytes(exported[format_name])
    assert isomorphic(read_graph_files([path]), built.graph)


def test_turtle_export_is_pretty_with_the_projects_prefixes(exported):
    text = exported["turtle"].decode("utf-8")
    assert "@prefix yb: <https://w3id.org/yubei-kg/id/> ." in text
    assert "yb:changan a kg:Company" in text


# a fresh interpreter per hash seed: builds data/ and prints a digest of each format
_DIGESTS = """
import hashlib, json, sys
from pathlib import Path
from kg.export import FORMATS, serialize
from kg.pipeline import build_project
from kg.project import Project
graph = build_project(Project(Path(sys.argv[1]))).graph
print(json.dumps({name: hashlib.sha256(serialize(graph, name)).hexdigest() for name in FORMATS}))
"""


@pytest.fixture(scope="module")
def digests_by_seed() -> dict[str, dict[str, str]]:
    import os
    import subprocess

    digests = {}
    for seed in HASH_SEEDS:
        result = subprocess.run([sys.executable, "-c", _DIGESTS, str(ROOT)], capture_output=True, text=True,
                                env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT, timeout=120)
        assert result.returncode == 0, result.stderr
        digests[seed] = json.loads(result.stdout)
    return digests


@pytest.mark.xdist_group("export-hash-seeds")  # the builds under other seeds, once
@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_export_is_byte_identical_whatever_the_hash_seed(digests_by_seed, exported, format_name):
    in_this_process = hashlib.sha256(exported[format_name]).hexdigest()
    assert {digests[format_name] for digests in digests_by_seed.values()} == {in_this_process}


# --- the command ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph_file(exported, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("input") / "graph.nt"
    path.write_bytes(exported["nt"])
    return path


def _export(*args: str):
    return CliRunner().invoke(cli, ["export", "--project", str(ROOT), *args])


def test_export_dash_o_dash_writes_the_graph_to_standard_output(graph_file, exported, built):
    result = _export("--graph", str(graph_file), "--format", "turtle", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == exported["turtle"]
    assert result.stderr == ""


def test_export_to_standard_output_in_a_real_process(copy_project, built):
    result = run_kg("export", "--project", str(copy_project.root), "--format", "nt", "-o", "-")
    assert result.returncode == 0, result.stderr
    parsed = Graph().parse(data=result.stdout, format="nt")
    assert isomorphic(parsed, built.graph)


def test_export_to_a_path_in_a_missing_folder_creates_it(graph_file, exported, tmp_path):
    target = tmp_path / "not" / "yet" / "there" / "graph.jsonld"
    result = _export("--graph", str(graph_file), "--format", "jsonld", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == exported["jsonld"]
    assert f"wrote {target} (jsonld," in result.stderr


def test_failed_export_leaves_an_existing_output_untouched(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "no end .\n', encoding="utf-8")
    target = tmp_path / "out" / "graph.ttl"
    target.parent.mkdir()
    target.write_bytes(b"the previous export\n")
    result = _export("--graph", str(broken), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {broken}:2:")
    assert len(result.stderr.splitlines()) == 1
    assert target.read_bytes() == b"the previous export\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.ttl"]


def test_unknown_format_is_refused_before_anything_is_written(graph_file, tmp_path):
    target = tmp_path / "graph.x"
    result = _export("--graph", str(graph_file), "--format", "n3", "-o", str(target))
    assert result.exit_code == 2
    assert "'n3' is not one of" in result.stderr
    assert not target.exists()


def test_trig_export_keeps_the_triples_in_the_default_graph(exported):
    import pyoxigraph

    quads = list(pyoxigraph.parse(exported["trig"], format=pyoxigraph.RdfFormat.TRIG))
    assert quads
    assert {type(quad.graph_name) for quad in quads} == {pyoxigraph.DefaultGraph}


def test_written_files_get_the_usual_permissions_not_private_ones(tmp_path):
    from kg import fsutil
    from kg.fsutil import write_atomic

    target = tmp_path / "out.ttl"
    write_atomic(target, b"x")
    assert (target.stat().st_mode & 0o777) == 0o666 & ~fsutil._UMASK

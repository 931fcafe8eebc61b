"""benchmarks/stores.py: every saved query on several stores, their times, and whether their rows agree."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = ROOT / "benchmarks" / "stores.py"


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_stores_holding_the_same_graph_give_the_same_rows_and_exit_0():
    run = run_script("--store", "memory", "--store", "oxigraph", "--repeat", "1", "labels", "chain-leaders")
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith(("| labels ", "| chain-leaders "))]
    assert len(lines) == 2 and all(line.endswith("| yes |") for line in lines), run.stdout


def test_a_store_missing_some_names_is_reported_with_what_differs_and_exit_1(graph, tmp_path, kg):
    from rdflib import Graph

    from kg.namespaces import RDFS, YB

    smaller = Graph()
    smaller += graph
    label = next(graph.objects(YB.changan, RDFS.label))
    smaller.remove((YB.changan, RDFS.label, label))  # one of its names gone: a labels row differs
    smaller.serialize(tmp_path / "smaller.nt", format="nt", encoding="utf-8")
    loaded = kg("load", str(tmp_path / "smaller.nt"), "--store", f"oxigraph:{tmp_path / 'store'}")
    assert loaded.returncode == 0, loaded.stderr
    run = run_script("--store", "memory", "--store", f"oxigraph:{tmp_path / 'store'}", "--repeat", "1", "labels")
    assert run.returncode == 1, run.stderr
    row = next(line for line in run.stdout.splitlines() if line.startswith("| labels "))
    assert "no: oxigraph:" in row and "missing" in row and "changan" in row


def test_an_unknown_store_is_one_error_line_and_exit_2():
    run = run_script("--store", "memory", "--store", "oxigraf:/nowhere", "labels")
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [run.stderr.strip()] and "unknown store 'oxigraf'" in run.stderr
    assert "Traceback" not in run.stderr

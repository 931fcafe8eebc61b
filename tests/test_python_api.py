"""The Python API notebooks use: from kg import load_graph, open_store, run_query."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kg
from kg.errors import KgError
from tests.conftest import ROOT


def test_importing_kg_loads_no_heavy_library():
    code = ("import sys, kg; heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'networkx', 'pandas') "
            "if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_run_query_gives_rows_of_rdflib_terms():
    from rdflib import Literal, URIRef

    store = kg.open_store("memory", graph_files=())
    result = kg.run_query("upstream-of", {"company": "seres"}, store=store, lang="en")
    assert result.variables == ["supplier", "supplierLabel", "product", "productLabel"]
    assert result.rows[1] == {"supplier": URIRef("https://w3id.org/yubei-kg/id/catl-changan"),
                              "supplierLabel": Literal("CATL-Changan Power Battery Co., Ltd.", lang="en"),
                              "product": URIRef("https://w3id.org/yubei-kg/id/traction-battery"),
                              "productLabel": Literal("traction batteries", lang="en")}
    assert result.to_python()[0] == {"supplier": "https://w3id.org/yubei-kg/id/bdstar",
                                     "supplierLabel": "BDStar Navigation", "product": None, "productLabel": None}


def test_run_query_gives_a_dataframe():
    pytest.importorskip("pandas")
    frame = kg.run_query("assets-revitalized", store="oxigraph").to_dataframe()
    assert list(frame["organizationLabel"]) == ["渝北区", "仙桃数据谷", "空港经济公司"]
    assert float(frame.loc[0, "assetsRevitalized"]) == 8497000000


def test_load_graph_reads_rdf_files(tmp_path):
    path = tmp_path / "one.nt"
    path.write_text('<http://e/a> <http://e/b> "c" .\n', encoding="utf-8")
    graph = kg.load_graph(path)
    assert len(graph) == 1
    assert kg.run_query("ASK { ?s ?p 'c' }", graph_files=[path]).boolean is True


def test_lang_and_a_lang_parameter_that_disagree_are_refused():
    with pytest.raises(KgError) as caught:
        kg.run_query("chain-leaders", {"lang": "zh"}, lang="en")
    assert caught.value.where == "--lang"

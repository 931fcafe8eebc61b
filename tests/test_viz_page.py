"""The page kg viz writes: one offline UTF-8 file, escaped, deterministic; caps on big graphs."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.viz.page import render_page, script_json
from kg.viz.views import ViewOptions, make_view
from tests.conftest import run_kg

HOSTILE = "</script><img src=x onerror=alert(1)>"


def hostile_graph_file(folder: Path) -> Path:
    """A small RDF file whose labels (of a node, its class and a relation) are markup."""
    path = folder / "hostile.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'ex:evil a ex:Widget ; rdfs:label {json.dumps(HOSTILE)}@zh, {json.dumps(HOSTILE)}@en ; ex:linksTo ex:good .\n'
        'ex:good a ex:Widget ; rdfs:label "好的"@zh, "good"@en .\n'
        'ex:Widget rdfs:label "<b>部件</b>"@zh .\n'
        'ex:linksTo rdfs:label "<i onmouseover=alert(2)>链接</i>"@zh .\n',
        encoding="utf-8")
    return path


class PageParts(HTMLParser):
    """The elements of a page and the text of its script elements."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parts(html: str) -> PageParts:
    parser = PageParts()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def chain_page(graph) -> str:
    return render_page(make_view(graph, "chain", ViewOptions(industry="auto"))).decode("utf-8")


def test_page_loads_nothing_from_the_network(chain_page):
    page = parts(chain_page)
    links = [(tag, attrs) for tag, attrs in page.tags if "src" in attrs or "href" in attrs]
    assert links == [("link", {"rel": "icon", "href": "data:,"})]  # no favicon request either
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", chain_page, re.IGNORECASE)


def test_page_inlines_vis_network_from_pyvis(chain_page):
    import pyvis

    vis = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    assert vis in chain_page
    assert [tag for tag, _ in parts(chain_page).tags].count("script") == 3  # data, vis-network, page


def test_page_data_is_the_view_model_as_json(graph, chain_page):
    model = make_view(graph, "chain", ViewOptions(industry="auto"))
    script = parts(chain_page).scripts[0]
    assert json.loads(script) == json.loads(json.dumps(model.page_data()))


def test_hostile_labels_stay_text_in_the_page(tmp_path):
    from kg.rdfio import read_graph_files

    graph = read_graph_files([hostile_graph_file(tmp_path)])
    html = render_page(make_view(graph, "ego", ViewOptions(focus="http://example.org/evil"))).decode("utf-8")
    page = parts(html)
    assert HOSTILE not in html
    assert "<img" not in html.lower()  # vis-network has none either
    assert [tag for tag, _ in page.tags if tag in ("img", "b", "i")] == []
    assert html.count("</script>") == 3  # only the page's own script elements end
    # the title and heading carry the label escaped; the data carries it whole
    assert f"<title>{_escaped(HOSTILE)} 的关系网络</title>" in html
    data = json.loads(page.scripts[0])
    assert {n["label"]["zh"] for n in data["nodes"]} == {HOSTILE, "好的"}
    assert data["edges"][0]["label"]["zh"] == "<i onmouseover=alert(2)>链接</i>"


def _escaped(text: str) -> str:
    import html

    return html.escape(text)


def test_page_script_never_writes_data_as_html():
    from importlib import resources

    script = resources.files("kg.viz").joinpath("page.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "outerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=20))
def test_script_json_has_no_markup_characters_and_reads_back(value):
    text = script_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


ALL_VIEWS_SCRIPT = """
import sys
from pathlib import Path
from kg.pipeline import build_project
from kg.project import Project
from kg.viz.page import render_page
from kg.viz.views import ViewOptions, make_view
graph = build_project(Project(Path(sys.argv[1]))).graph
views = {"chain": ViewOptions(industry="auto"), "ego": ViewOptions(focus="长安汽车"), "parks": ViewOptions(),
         "projects": ViewOptions(), "full": ViewOptions()}
for name, options in views.items():
    Path(sys.argv[2], name + ".html").write_bytes(render_page(make_view(graph, name, options)))
"""


def test_every_view_is_byte_identical_whatever_the_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    folders = []
    for seed in ("0", "4242"):
        folder = tmp_path / seed
        folder.mkdir()
        subprocess.run([sys.executable, "-c", ALL_VIEWS_SCRIPT, str(ROOT), str(folder)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, timeout=300)
        folders.append(folder)
    names = sorted(p.name for p in folders[0].iterdir())
    assert names == ["chain.html", "ego.html", "full.html", "parks.html", "projects.html"]
    for name in names:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


@pytest.mark.parametrize("environment", [
    {"LC_ALL": "C", "LANG": "C"},
    {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"},
    {"LC_ALL": "POSIX", "PYTHONIOENCODING": "latin-1", "PYTHONUTF8": "0"},
])
def test_page_is_utf8_whatever_the_locale(tmp_path, environment):
    target = tmp_path / "ego.html"
    result = run_kg("viz", "ego", "--focus", "长安汽车", "-o", str(target), env=environment)
    assert result.returncode == 0, result.stderr
    assert f"wrote {target}: ego view," in result.stderr
    html = target.read_bytes().decode("utf-8")  # strict: fails on any other encoding
    assert '<meta charset="utf-8">' in html
    assert "<title>长安汽车 的关系网络</title>" in html
    assert "时代长安动力电池有限公司" in html


def test_unknown_focus_prints_one_line_with_close_matches_in_an_ascii_locale(tmp_path):
    result = run_kg("viz", "ego", "--focus", "长按汽车", "-o", str(tmp_path / "x.html"),
                    env={"LC_ALL": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.strip().splitlines() if not line.startswith("note: ")]
    assert line.startswith("error: --focus: no entity called") and "yb:changan" in line
    assert not (tmp_path / "x.html").exists()


def test_unknown_industry_on_the_command_line_lists_close_matches(tmp_path):
    result = run_kg("viz", "chain", "--industry", "electrnics", "-o", str(tmp_path / "y.html"))
    assert result.returncode == 2
    assert "error: --industry: no industry called 'electrnics'" in result.stderr
    assert "industry:electronic-information" in result.stderr
    assert not (tmp_path / "y.html").exists()


def test_viz_needs_an_output(tmp_path):
    result = run_kg("viz", "parks")
    assert result.returncode == 2 and "-o FILE.html" in result.stderr


def test_png_without_chromium_says_so_and_writes_nothing(tmp_path):
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    html, png = tmp_path / "chain.html", tmp_path / "chain.png"
    result = run_kg("viz", "chain", "--industry", "auto", "-o", str(html), "--png", str(png),
                    env={"PATH": str(empty_path), "KG_CHROMIUM": ""})
    assert result.returncode == 2
    assert "headless Chromium is needed for a PNG, and none was found" in result.stderr
    assert not html.exists() and not png.exists()


def test_png_with_a_wrong_browser_path_names_it(tmp_path):
    result = run_kg("viz", "parks", "--png", str(tmp_path / "p.png"), "--chromium", str(tmp_path / "no-browser"))
    assert result.returncode == 2 and "no browser at" in result.stderr


def test_any_rdf_file_gets_a_page_with_neutral_styles_for_unknown_classes(tmp_path):
    target = tmp_path / "full.html"
    result = run_kg("viz", "full", "--graph", str(hostile_graph_file(tmp_path)), "-o", str(target))
    assert result.returncode == 0, result.stderr
    data = json.loads(parts(target.read_text(encoding="utf-8")).scripts[0])
    assert [row["key"] for row in data["legend"]] == ["other:Widget"]
    assert data["legend"][0]["color"] == "#b0b0b0"
    assert len(data["nodes"]) == 2 and len(data["edges"]) == 1


# --- big graphs -----------------------------------------------------------------------------

BIG = 50_000


@pytest.fixture(scope="module")
def big_graph():
    """50,000 companies, each partnering with one other (a permutation keeps it connected
    in long cycles) and every 97th supplying a hub: 100,000+ triples."""
    from rdflib import RDF, Graph, URIRef

    from kg.namespaces import KG

    graph = Graph()
    nodes = [URIRef(f"http://example.org/big/n{i}") for i in range(BIG)]
    for i, node in enumerate(nodes):
        graph.add((node, RDF.type, KG.Company))
        graph.add((node, KG.partnersWith, nodes[(i * 7919 + 1) % BIG]))
    for i in range(0, BIG, 97):
        graph.add((nodes[i], KG.supplies, nodes[0]))
    return graph


def test_full_view_of_a_huge_graph_is_capped_with_a_message(big_graph):
    model = make_view(big_graph, "full", ViewOptions())
    assert len(model.nodes) == 300 and model.total_nodes == BIG
    note = model.notes[-1]["en"]
    assert "Drawing 300 of 50,000 nodes" in note
    assert "kg viz ego --focus" in note and "--class / --industry" in note
    assert "http://example.org/big/n0" in {n.iri for n in model.nodes}  # the hub: most connected
    drawn = {n.iri for n in model.nodes}
    assert all(e.source in drawn and e.target in drawn for e in model.edges)
    assert len(render_page(model)) < 3_000_000


def test_ego_view_of_a_huge_graph_draws_the_neighbourhood(big_graph):
    model = make_view(big_graph, "ego", ViewOptions(focus="http://example.org/big/n12345", hops=2))
    assert not model.capped
    assert 3 <= len(model.nodes) <= 10
    assert [n.iri for n in model.nodes if n.focus] == ["http://example.org/big/n12345"]


def test_ego_view_of_a_hub_is_capped_nearest_first(big_graph):
    model = make_view(big_graph, "ego", ViewOptions(focus="http://example.org/big/n0", hops=2, max_nodes=50))
    assert len(model.nodes) == 50 and model.total_nodes > 50
    assert "use fewer --hops" in model.notes[-1]["en"]


def test_views_and_analysis_read_any_store(graph, project, tmp_path):
    """--store oxigraph:PATH (a store on disk) gives the same page and figures as the graph itself."""
    import pyoxigraph

    from kg.analyze import analyze_graph
    from kg.export import serialize
    from kg.pipeline import read_store_graph

    folder = tmp_path / "store"
    store = pyoxigraph.Store(str(folder))
    store.load(serialize(graph, "nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    del store  # pyoxigraph lets go of the folder with the last reference
    target = tmp_path / "chain.html"
    result = run_kg("viz", "chain", "--industry", "auto", "--store", f"oxigraph:{folder}", "-o", str(target))
    assert result.returncode == 0, result.stderr
    page = json.loads(parts(target.read_text(encoding="utf-8")).scripts[0])
    expected = json.loads(script_json(make_view(graph, "chain", ViewOptions(industry="auto")).page_data()))
    assert page["nodes"] == expected["nodes"] and page["edges"] == expected["edges"]
    assert page["input"] == f"store: oxigraph:{folder}"
    from_store = read_store_graph(project, f"oxigraph:{folder}")
    assert analyze_graph(from_store) == analyze_graph(graph)


def test_a_graph_without_the_ontology_is_drawn_with_the_projects_vocabulary(built, tmp_path):
    from rdflib import RDFS

    from kg.build import build_graph
    from kg.export import serialize
    from kg.namespaces import KG

    data_only = build_graph(built.dataset)  # the facts, without ontology/*.ttl
    assert (KG.IndustrialPark, RDFS.subClassOf, KG.Zone) not in data_only
    path = tmp_path / "data-only.ttl"
    path.write_bytes(serialize(data_only, "turtle"))
    target = tmp_path / "data-only.html"
    result = run_kg("viz", "parks", "--graph", str(path), "-o", str(target))
    assert result.returncode == 0, result.stderr
    pages = {"data-only": json.loads(parts(target.read_text(encoding="utf-8")).scripts[0]),
             "built": json.loads(script_json(make_view(built.graph, "parks", ViewOptions()).page_data()))}
    zones = {name: sorted(n["shortId"] for n in page["nodes"] if n["style"] == "zone") for name, page in pages.items()}
    assert len(zones["built"]) == 5 and zones["data-only"] == zones["built"]
    assert pages["data-only"]["edges"] == pages["built"]["edges"]  # relation names come from the ontology too

"""The pages of kg viz in a real headless Chromium (selenium + chromedriver): they draw what
the view model holds, log no error, request nothing, and run no label; --png makes a PNG."""

from __future__ import annotations

import json
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from kg.viz.page import render_page
from kg.viz.views import ViewOptions, make_view
from tests.conftest import run_kg, skip_or_fail
from tests.test_viz_page import HOSTILE, hostile_graph_file

pytestmark = pytest.mark.integration

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--window-size=1400,900")
RECORD_DIALOGS = ("window.__kgDialogs = [];"
                  "['alert', 'confirm', 'prompt'].forEach(function (name) {"
                  "  window[name] = function (message) { window.__kgDialogs.push(name + ':' + message); };"
                  "});")


def chromium_path() -> str | None:
    explicit = os.environ.get("KG_TEST_CHROMIUM")
    return shutil.which(explicit) if explicit else shutil.which("chromium")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("selenium is not installed (pip install '.[test]')")
    binary, driver_path = chromium_path(), shutil.which("chromedriver")
    if binary is None:
        skip_or_fail("headless Chromium is not installed (apt-get install chromium; or set KG_TEST_CHROMIUM)")
    if driver_path is None:
        skip_or_fail("chromedriver is not installed (apt-get install chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_DIALOGS})
    yield driver
    driver.quit()


def open_page(browser, path: Path) -> dict:
    """Load `path`, wait until the page says its layout is done; return what the browser saw."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get_log("browser")  # start each page with empty logs
    browser.get_log("performance")
    url = path.resolve().as_uri()
    browser.get(url)
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.body.getAttribute('data-kg-ready') === 'true'"))
    drawn = browser.execute_script(
        "return {nodes: kgView.nodes.length, edges: kgView.edges.length,"
        " bodyNodes: kgView.network.body.nodeIndices.length, bodyEdges: kgView.network.body.edgeIndices.length,"
        " dialogs: window.__kgDialogs, images: document.querySelectorAll('img').length};")
    requests = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    return {"url": url, "requests": requests, "errors": errors, **drawn}


def write_page(folder: Path, name: str, graph, view: str, **options) -> tuple[Path, object]:
    model = make_view(graph, view, ViewOptions(**options))
    path = folder / f"{name}.html"
    path.write_bytes(render_page(model))
    return path, model


def outside_requests(seen: dict) -> list[str]:
    return [url for url in seen["requests"] if url != seen["url"] and not url.startswith("data:")]


VIEWS = {
    "chain-auto": ("chain", {"industry": "auto"}),
    "chain-electronics": ("chain", {"industry": "electronics"}),
    "ego": ("ego", {"focus": "长安汽车", "hops": 2}),
    "parks": ("parks", {}),
    "projects": ("projects", {}),
    "full": ("full", {}),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_each_view_draws_its_model_with_no_error_and_no_request(browser, graph, tmp_path, name):
    view, options = VIEWS[name]
    path, model = write_page(tmp_path, name, graph, view, **options)
    seen = open_page(browser, path)
    assert seen["errors"] == []
    assert outside_requests(seen) == []
    assert seen["requests"] == [seen["url"]]  # the page itself, once
    assert seen["nodes"] == seen["bodyNodes"] == len(model.nodes) > 0
    assert seen["edges"] == seen["bodyEdges"] == len(model.edges) > 0


def test_the_checks_see_a_page_that_loads_something_and_fails(browser, tmp_path):
    # the checks above can fail: this page asks for an image and throws
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"")
    path = tmp_path / "loads.html"
    path.write_text('<!DOCTYPE html><body data-kg-ready="true"><img src="picture.png">'
                    "<script>window.kgView = {nodes: [], edges: [], network: {body: {nodeIndices: [],"
                    " edgeIndices: []}}};</script><script>throw new Error('broken page');</script></body>",
                    encoding="utf-8")
    seen = open_page(browser, path)
    assert outside_requests(seen) == [picture.resolve().as_uri()]
    assert any("broken page" in error["message"] for error in seen["errors"])


def test_hostile_label_shows_as_text_and_runs_nothing(browser, tmp_path):
    from kg.rdfio import read_graph_files

    graph = read_graph_files([hostile_graph_file(tmp_path)])
    path, _ = write_page(tmp_path, "hostile", graph, "ego", focus="http://example.org/evil")
    seen = open_page(browser, path)
    assert seen["dialogs"] == [] and seen["images"] == 0
    assert seen["errors"] == [] and outside_requests(seen) == []
    assert browser.execute_script("return document.title") == f"{HOSTILE} 的关系网络"
    assert browser.execute_script("return document.getElementById('kg-title').textContent") == f"{HOSTILE} 的关系网络"
    browser.execute_script("kgView.selectNode('http://example.org/evil')")
    details = browser.execute_script(
        "var panel = document.getElementById('kg-details');"
        "return {heading: panel.querySelector('h2').textContent, elements: panel.querySelectorAll('*').length,"
        " tooltip: kgView.nodes.get('http://example.org/evil').title.textContent,"
        " options: Array.from(document.querySelectorAll('#kg-names option')).map(function (o) { return o.value; }),"
        " edgeLabel: kgView.edges.get('e0').label};")
    assert details["heading"] == HOSTILE
    assert HOSTILE in details["tooltip"]
    assert HOSTILE in details["options"]
    assert details["edgeLabel"] == "<i onmouseover=alert(2)>链接</i>"
    assert browser.execute_script("return document.querySelectorAll('img, i, b').length") == 0
    assert browser.execute_script("return window.__kgDialogs") == []


def test_search_focuses_a_node_and_shows_its_figures_and_source(browser, graph, tmp_path):
    path, _ = write_page(tmp_path, "chain", graph, "chain", industry="auto")
    open_page(browser, path)
    found = browser.execute_script("return kgView.search('时代长安')")  # an alias
    assert found.endswith("/id/catl-changan")
    details = browser.execute_script("return document.getElementById('kg-details').textContent")
    assert "时代长安动力电池有限公司" in details
    assert "时代长安动力电池有限公司宣布将投资50亿元" in details  # the source sentence
    # the neighbourhood stays in colour, the rest is dimmed
    colours = browser.execute_script(
        "return {supplier: kgView.nodes.get(arguments[0]).color.background,"
        " cluster: kgView.nodes.get(arguments[1]).color.background,"
        " brand: kgView.nodes.get(arguments[2]).color.background};",
        found, found.replace("catl-changan", "yubei-auto-cluster"), found.replace("catl-changan", "avatr"))
    assert colours["supplier"] != "#e6e6e6" and colours["cluster"] != "#e6e6e6"
    assert colours["brand"] == "#e6e6e6"


def test_language_switch_relabels_nodes_and_texts(browser, graph, tmp_path):
    path, _ = write_page(tmp_path, "ego", graph, "ego", focus="yb:seres", hops=1)
    open_page(browser, path)
    seres = "https://w3id.org/yubei-kg/id/seres"
    assert browser.execute_script("return kgView.nodes.get(arguments[0]).label", seres) == "赛力斯"
    browser.execute_script("kgView.setLanguage('en')")
    assert browser.execute_script("return kgView.nodes.get(arguments[0]).label", seres) == "Seres"
    assert browser.execute_script("return document.title") == "Neighbourhood of Seres"
    assert browser.execute_script("return document.documentElement.lang") == "en"


def _png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values of the image data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    position, compressed = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            compressed += data[position + 8:position + 8 + length]
        position += 12 + length
    return width, height, len(set(zlib.decompress(compressed)))


def test_png_is_a_picture_of_the_page(tmp_path):
    if chromium_path() is None:
        skip_or_fail("headless Chromium is not installed (apt-get install chromium; or set KG_TEST_CHROMIUM)")
    png, html = tmp_path / "chain.png", tmp_path / "chain.html"
    result = run_kg("viz", "chain", "--industry", "auto", "-o", str(html), "--png", str(png),
                    "--chromium", chromium_path())
    assert result.returncode == 0, result.stderr
    width, height, distinct = _png_facts(png.read_bytes())
    assert (width, height) == (1600, 1000)
    assert distinct > 50  # a drawing, not a blank page
    assert html.is_file()

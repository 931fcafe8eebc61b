"""The page of `kg serve` in a real headless Chromium (Debian's chromium + chromedriver, driven by
Selenium): a saved query runs from the page and shows its rows, entities are links that
describe them, data is shown as text (never as HTML), the console stays clean and no request
leaves loopback."""

from __future__ import annotations

import json
import os
import shutil
from urllib.parse import urlsplit

import pytest
from conftest import skip_or_fail

pytestmark = pytest.mark.integration

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                  "--window-size=1400,1000"]
HOSTILE = '<img src=x onerror="document.title=1">'


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = os.environ.get("KG_TEST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        skip_or_fail("headless Chromium is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # the driver and the browser are given: Selenium has nothing to look up or download
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait_for(driver, condition, seconds: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def open_page(driver, server):
    driver.get(server.url)
    wait_for(driver, lambda d: len(d.find_elements("css selector", "#examples option")) > 1)


def result_rows(driver) -> list:
    return driver.find_elements("css selector", "#table-view table.results tbody tr")


def run_editor_query(driver, sparql: str) -> None:
    editor = driver.find_element("id", "query")
    editor.clear()
    editor.send_keys(sparql)
    driver.find_element("id", "run").click()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_a_saved_query_runs_from_the_page_and_shows_its_rows(browser, kg_server, graph_file):
    from kg.query import run_query

    open_page(browser, kg_server)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "examples")).select_by_value("chain-leaders")
    assert "VALUES" in browser.find_element("id", "query").get_attribute("value")  # parameters filled in
    browser.find_element("id", "run").click()
    wait_for(browser, lambda d: result_rows(d))
    expected = run_query("chain-leaders", graph_files=(graph_file,))
    assert len(result_rows(browser)) == len(expected)
    headers = [cell.text for cell in browser.find_elements("css selector", "#table-view th")]
    assert headers == list(expected.variables)
    assert "rows in" in browser.find_element("id", "status").text


def show_changan(driver, server):
    open_page(driver, server)
    run_editor_query(driver, "PREFIX yb: <https://w3id.org/yubei-kg/id/>\n"
                             "SELECT ?company WHERE { VALUES ?company { yb:changan } }")
    wait_for(driver, lambda d: d.find_elements("css selector", "#table-view a.entity"))


def test_an_entity_link_shows_everything_known_about_it(browser, kg_server, graph_file):
    from kg.query import run_query

    show_changan(browser, kg_server)
    link = browser.find_element("css selector", "#table-view a.entity")
    assert link.text == "yb:changan"
    link.click()
    wait_for(browser, lambda d: "<https://w3id.org/yubei-kg/id/changan>" in d.find_element("id", "query")
             .get_attribute("value") and "rows in" in d.find_element("id", "status").text)
    expected = run_query("about", {"entity": "yb:changan"}, graph_files=(graph_file,))
    assert len(result_rows(browser)) == len(expected) > 5


def test_the_graph_link_of_an_entity_describes_it_as_a_graph(browser, kg_server):
    show_changan(browser, kg_server)
    browser.find_element("css selector", "#table-view a.entity-graph").click()
    wait_for(browser, lambda d: d.find_elements("css selector", "#graph-view canvas"))
    assert browser.find_element("id", "query").get_attribute("value") == \
        "DESCRIBE <https://w3id.org/yubei-kg/id/changan>"
    wait_for(browser, lambda d: "triples in" in d.find_element("id", "status").text)
    assert len(result_rows(browser)) > 5  # the triples, listed under the graph


def test_data_is_shown_as_text_never_as_html(browser, kg_server):
    open_page(browser, kg_server)
    title = browser.title
    run_editor_query(browser, f"SELECT ?label WHERE {{ BIND('{HOSTILE}' AS ?label) }}")
    wait_for(browser, lambda d: result_rows(d))
    cell = browser.find_element("css selector", "#table-view tbody td")
    assert cell.text == HOSTILE
    assert not browser.find_elements("css selector", "#table-view img")
    assert browser.title == title


def test_an_error_of_the_endpoint_is_shown_on_the_page(browser, kg_server):
    open_page(browser, kg_server)
    run_editor_query(browser, "SELECT ?x WHERE { ?x ?y }")
    message = wait_for(browser, lambda d: d.find_element("id", "message").text)
    assert "malformed query" in message
    assert "400" in browser.find_element("id", "status").text


def test_no_console_errors_and_no_request_leaves_loopback(browser, kg_server):
    browser.get_log("browser")  # what earlier tests left
    requested_urls(browser)
    open_page(browser, kg_server)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "examples")).select_by_value("chain-leaders")
    browser.find_element("id", "run").click()
    wait_for(browser, lambda d: result_rows(d))
    browser.find_elements("css selector", "#table-view a.entity-graph")[0].click()
    wait_for(browser, lambda d: d.find_elements("css selector", "#graph-view canvas"))
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    urls = requested_urls(browser)
    assert any(url.endswith("/vendor/vis-network.min.js") for url in urls)
    # chrome:// pages are the browser's own (its new-tab page), never on the network
    outside = [url for url in urls if not url.startswith(("data:", "blob:", "about:", "chrome:"))
               and urlsplit(url).hostname != "127.0.0.1"]
    assert outside == []

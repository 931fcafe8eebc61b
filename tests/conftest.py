"""Shared fixtures: the project, the graph built from it, and ways to run `kg`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def require_integration() -> bool:
    """In CI a missing server, browser or test suite is a failure, not a skip."""
    return os.environ.get("KG_REQUIRE_INTEGRATION") == "1"


def skip_or_fail(reason: str) -> None:
    if require_integration():
        pytest.fail(f"{reason} (KG_REQUIRE_INTEGRATION=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def project():
    from kg.project import Project

    return Project(ROOT)


@pytest.fixture(scope="session")
def built(project):
    from kg.pipeline import build_project

    return build_project(project)


@pytest.fixture(scope="session")
def graph(built):
    return built.graph


def copy_of_project(root: Path):
    """A copy of the project's data/, ontology/ and queries/ in `root`, as a Project."""
    from kg.project import Project

    for name in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / name, root / name)
    return Project(root)


@pytest.fixture
def copy_project(tmp_path):
    """A throwaway copy of the project's data/, ontology/ and queries/ to break on purpose."""
    return copy_of_project(tmp_path)


def local_stores(graph) -> dict:
    """An rdflib graph in each local store: {"memory": …, "oxigraph": …}."""
    from kg.stores.memory import MemoryStore
    from kg.stores.oxigraph import oxigraph_copy

    return {"memory": MemoryStore(graph), "oxigraph": oxigraph_copy(graph)}


@pytest.fixture(scope="session")
def stores(graph):
    """The built Yubei graph in each local store."""
    return local_stores(graph)


@pytest.fixture(scope="session")
def catalogue():
    """The project's saved queries."""
    from kg.queries import load_catalogue

    return load_catalogue(ROOT / "queries")


def run_kg(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `kg` as a separate process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


@pytest.fixture
def kg():
    return run_kg


# --- real triple stores for the remote-store tests (started by .ci/servers.sh in CI) -----------

def _live_server(name: str, tmp_path_factory):
    """The server CI started (its URL in KG_TEST_<NAME>_URL), else one started here for the session."""
    import live_servers

    prefix = f"KG_TEST_{name.upper()}"
    url = os.environ.get(f"{prefix}_URL")
    if url:
        yield live_servers.LiveServer(name, url.rstrip("/"), pid=0, user=os.environ.get(f"{prefix}_USER"),
                                      password=os.environ.get(f"{prefix}_PASSWORD"))
        return
    directory = tmp_path_factory.mktemp(f"{name}-server")
    try:
        server = live_servers.STARTERS[name](directory)
    except live_servers.ServerStartError as error:
        skip_or_fail(f"no {name} server: {prefix}_URL is not set and starting one failed: "
                     f"{str(error).splitlines()[0]}")
    try:
        yield server
    finally:
        live_servers.stop_server(directory, name)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    yield from _live_server("oxigraph", tmp_path_factory)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    yield from _live_server("virtuoso", tmp_path_factory)


# --- a real `kg serve` on a free loopback port ----------------------------------------------------

class ServedEndpoint:
    """A running `kg serve`: its base URL and its SPARQL endpoint."""

    def __init__(self, process: subprocess.Popen, url: str, log: Path):
        self.process, self.url, self.log = process, url, log
        self.sparql = url + "sparql"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def start_kg_serve(graph_file: Path | None, log: Path, *options: str) -> ServedEndpoint:
    """`kg serve --port 0 …` as a user starts it; waits for the line that says where it listens.
    Without a graph file, `options` say what to serve (--store)."""
    import select

    graph = ["--graph", str(graph_file)] if graph_file is not None else []
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", *graph,
                                *options], cwd=ROOT, stdout=subprocess.PIPE, stderr=log.open("w"),
                               stdin=subprocess.DEVNULL, text=True)
    ready, _, _ = select.select([process.stdout], [], [], 120)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("serving "):
        process.kill()
        process.wait(10)
        pytest.fail(f"kg serve did not start: {line!r} {log.read_text()[-2000:]}")
    return ServedEndpoint(process, line.split()[1], log)


@pytest.fixture(scope="session")
def graph_file(graph, tmp_path_factory):
    """The built graph as an N-Triples file: servers load it in a moment."""
    path = tmp_path_factory.mktemp("graph") / "yubei-kg.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def local_store(graph_file):
    """The graph in the local `oxigraph` store: what every other store must match. (It gives the
    same rows as `memory`, kg query's default, for every saved query: tests/test_saved_queries.py.)"""
    from kg.stores import open_store

    store = open_store("oxigraph", graph_files=[graph_file])
    yield store
    store.close()


@pytest.fixture(scope="session")
def kg_server(graph_file, tmp_path_factory):
    """`kg serve` with small limits, so the tests can reach them, and one CORS origin allowed."""
    served = start_kg_serve(graph_file, tmp_path_factory.mktemp("serve") / "serve.log",
                            "--timeout", "5", "--max-rows", "5000", "--max-request-bytes", "200000",
                            "--cors", "http://allowed.test")
    yield served
    served.stop()


LIVE_SERVER_FIXTURES = {"oxigraph_server", "virtuoso_server"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist, every test that talks to the shared Oxigraph server or Virtuoso runs on
    one worker, so that two workers never load the same named graph at the same time."""
    for item in items:
        if LIVE_SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("live-servers"))

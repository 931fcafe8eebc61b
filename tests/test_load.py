"""kg load: a persistent Oxigraph store filled all or nothing, then queried with --store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def economy(tmp_path_factory):
    """A small synthetic economy in Turtle and in N-Triples (different content: two seeds)."""
    from kg.project import Project
    from kg.synth import synthesize

    folder = tmp_path_factory.mktemp("economy")
    turtle, ntriples = folder / "a.ttl", folder / "b.nt"
    synthesize(Project(ROOT), 5_000, str(turtle), seed=11)
    synthesize(Project(ROOT), 5_000, str(ntriples), seed=12)
    return turtle, ntriples


def _count(path) -> int:
    import pyoxigraph

    return len(pyoxigraph.Store.read_only(str(path)))


def _quads(path) -> set:
    import pyoxigraph

    return set(pyoxigraph.Store.read_only(str(path)))


def test_load_then_query_the_store(kg, economy, tmp_path):
    turtle, _ = economy
    store = tmp_path / "store"
    loaded = kg("load", str(turtle), "--store", f"oxigraph:{store}")
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded 1 file(s)" in loaded.stderr
    from_store = kg("query", "chain-leaders", "--store", f"oxigraph:{store}", "--format", "csv")
    from_file = kg("query", "chain-leaders", "--graph", str(turtle), "--format", "csv")
    assert from_store.returncode == 0, from_store.stderr
    assert from_store.stdout == from_file.stdout
    assert len(from_store.stdout.splitlines()) > 1


def test_loading_adds_to_the_store_and_replace_starts_over(economy, tmp_path):
    from kg.stores.loading import load_files

    turtle, ntriples = economy
    store = tmp_path / "store"
    first = load_files([str(turtle)], store)
    second = load_files([str(ntriples)], store)
    assert second.triples_before == first.triples
    assert second.triples == _count(store) > first.triples
    replaced = load_files([str(ntriples)], store, replace=True)
    assert replaced.triples == _count(store) < second.triples


def test_a_load_is_compacted_into_fewer_files_with_the_same_triples(economy, tmp_path, monkeypatch):
    from kg.stores import loading

    turtle, ntriples = economy
    monkeypatch.setattr(loading, "CHUNK_QUADS", 500)  # a set of sorted files per chunk
    compacted, as_loaded = tmp_path / "compacted", tmp_path / "as-loaded"
    loading.load_files([str(turtle), str(ntriples)], compacted)
    loading.load_files([str(turtle), str(ntriples)], as_loaded, compact=False)

    def tables(store):
        return len(list(store.glob("*.sst")))

    assert tables(compacted) < tables(as_loaded)
    assert _quads(compacted) == _quads(as_loaded)


def test_an_open_store_answers_from_the_new_graph_after_a_load(economy, tmp_path):
    from kg.stores import open_store
    from kg.stores.loading import load_files

    turtle, ntriples = economy
    folder = tmp_path / "store"
    load_files([str(turtle)], folder)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    reader = open_store(f"oxigraph:{folder}")  # as kg serve holds it, for hours
    before = int(reader.query(count).rows[0]["n"])
    load_files([str(ntriples)], folder)
    assert int(reader.query(count).rows[0]["n"]) == _count(folder) > before


def test_a_file_that_fails_leaves_the_store_as_it_was(economy, tmp_path):
    from kg.errors import KgError
    from kg.stores.loading import load_files

    turtle, ntriples = economy
    store = tmp_path / "store"
    load_files([str(turtle)], store)
    before = _quads(store)
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(KgError) as error:
        load_files([str(ntriples), str(broken)], store)
    assert error.value.where.startswith(f"{broken}:3:")  # file:line:column of the bad triple
    assert _quads(store) == before
    assert [p.name for p in tmp_path.iterdir() if ".loading-" in p.name] == []


def test_refuses_to_replace_a_folder_that_is_not_a_store(kg, economy, tmp_path):
    turtle, _ = economy
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = kg("load", str(turtle), "--store", f"oxigraph:{folder}", "--replace")
    assert result.returncode == 2
    assert "is not an Oxigraph store" in result.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("spec", ["memory", "oxigraph", "sparql+http://127.0.0.1:9/sparql"])
def test_load_needs_a_persistent_oxigraph_store(kg, economy, spec):
    turtle, _ = economy
    result = kg("load", str(turtle), "--store", spec)
    assert result.returncode == 2
    assert result.stderr.startswith("error: --store:")


def test_standard_input_needs_a_format(kg, tmp_path):
    result = kg("load", "-", "--store", f"oxigraph:{tmp_path / 'store'}", input="")
    assert result.returncode == 2
    assert "--format" in result.stderr


def test_an_entity_bomb_on_standard_input_is_refused_like_a_file(kg, tmp_path):
    # regression: `kg load -` checked only the byte-order mark, so RDF/XML read from standard
    # input reached the parser without kg.rdfguard's entity and nesting checks
    from tests.test_hostile_rdf import _laughs

    bomb = _laughs(tmp_path / "laughs.rdf").read_text()
    store = tmp_path / "store"
    result = kg("load", "-", "--format", "xml", "--store", f"oxigraph:{store}", input=bomb)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: -:4:1: "), result.stderr
    assert "refers to other entities" in lines[0]
    assert not store.exists()


def _start_load_from_stdin(store):
    """A `kg load -` that has read part of a graph and waits for the rest."""
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "load", "-", "--format", "nt", "--store", f"oxigraph:{store}"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _wait_for_staging(store, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p.name.startswith(f".{store.name}.loading-") for p in store.parent.iterdir()):
            return
        if process.poll() is not None:
            pytest.fail(f"kg load ended early: {process.stderr.read().decode()}")
        time.sleep(0.05)
    pytest.fail("kg load never started its staging store")


def test_kill_9_in_the_middle_of_a_load_leaves_the_previous_store_readable(kg, economy, tmp_path):
    turtle, ntriples = economy
    store = tmp_path / "store"
    assert kg("load", str(turtle), "--store", f"oxigraph:{store}").returncode == 0
    before = _quads(store)
    expected = kg("query", "chain-leaders", "--store", f"oxigraph:{store}", "--format", "csv").stdout

    process = _start_load_from_stdin(store)
    try:
        data = ntriples.read_bytes()
        process.stdin.write(data[: len(data) // 2])  # half a graph, cut in the middle of a line
        process.stdin.flush()
        _wait_for_staging(store, process)
        time.sleep(0.5)  # let it parse and write what it has
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdin.close()
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    assert _quads(store) == before
    after = kg("query", "chain-leaders", "--store", f"oxigraph:{store}", "--format", "csv")
    assert after.returncode == 0 and after.stdout == expected
    # the next load clears what the killed one left, and works
    leftovers = [p for p in tmp_path.iterdir() if ".loading-" in p.name]
    assert leftovers
    again = kg("load", str(ntriples), "--store", f"oxigraph:{store}")
    assert again.returncode == 0, again.stderr
    assert not [p for p in tmp_path.iterdir() if ".loading-" in p.name]
    assert _quads(store) > before


def test_a_second_load_of_the_same_store_is_refused_while_one_runs(kg, economy, tmp_path):
    turtle, ntriples = economy
    store = tmp_path / "store"
    process = _start_load_from_stdin(store)
    try:
        _wait_for_staging(store, process)
        second = kg("load", str(turtle), "--store", f"oxigraph:{store}")
        assert second.returncode == 2
        assert "another kg load" in second.stderr
        process.communicate(ntriples.read_bytes(), timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert _count(store) > 0

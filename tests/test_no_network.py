"""Parsing and building never touch the network: `kg build`, `kg validate --graph`, `kg export --graph`
and `kg stats --graph` run under an audit hook that records every socket and URL request."""

from __future__ import annotations

import json

import pytest

from tests.watch import loopback_listener, run_audited, run_kg_audited


def test_audit_hook_sees_a_connection_attempt(tmp_path):
    """The witness itself: a plain urlopen to a loopback port is recorded (and stopped)."""
    with loopback_listener() as listener:
        run = run_audited("import urllib.request\ntry:\n    urllib.request.urlopen(sys.argv[1], timeout=5)\n"
                          "except Exception:\n    pass\n", listener.url, log_dir=tmp_path)
        assert listener.connections() == 0  # the hook refused it before the connect
    assert [event[0] for event in run.network][:1] == ["urllib.Request"]


@pytest.fixture(scope="module")
def built_file(tmp_path_factory, graph):
    """The built graph (conftest's session `graph`) as the Turtle file `kg build` writes."""
    from kg.export import serialize

    path = tmp_path_factory.mktemp("graph") / "yubei.ttl"
    path.write_bytes(serialize(graph, "turtle"))
    return path


def test_build_opens_no_socket(copy_project, tmp_path):
    run = run_kg_audited("build", "--project", str(copy_project.root), "-o", str(tmp_path / "out.ttl"),
                         log_dir=tmp_path)
    assert run.result.returncode == 0, run.result.stderr
    assert run.network == []


def test_validate_graph_opens_no_socket(built_file, tmp_path):
    run = run_kg_audited("validate", "--graph", str(built_file), log_dir=tmp_path)
    assert run.result.returncode == 0, run.result.stderr
    assert run.network == []


@pytest.mark.parametrize("format_name", ["turtle", "jsonld", "xml"])  # one per family of rdflib writers
def test_export_graph_opens_no_socket(built_file, tmp_path, format_name):
    run = run_kg_audited("export", "--graph", str(built_file), "--format", format_name,
                         "-o", str(tmp_path / "out"), log_dir=tmp_path)
    assert run.result.returncode == 0, run.result.stderr
    assert run.network == []


def test_stats_graph_opens_no_socket(built_file, tmp_path):
    run = run_kg_audited("stats", "--graph", str(built_file), log_dir=tmp_path)
    assert run.result.returncode == 0, run.result.stderr
    assert run.network == []


# `kg` run once per argument list in one audited process: each run's exit code and error output
_KG_RUNS = r"""
import contextlib, io
from kg.cli import main
outcomes = []
for args in json.loads(sys.argv[1]):
    sys.argv = ["kg", *args]
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        try:
            main()
        except SystemExit as exit:
            outcomes.append([exit.code, errors.getvalue()])
print(json.dumps(outcomes))
"""


def test_kg_query_with_service_load_or_a_remote_from_opens_no_connection(tmp_path):
    """rdflib would fetch a FROM graph with urllib (the audit hook sees it); pyoxigraph would call a
    SERVICE from native code (the listener sees it): neither is reached, on either store."""
    graph = tmp_path / "small.ttl"
    graph.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    with loopback_listener() as listener:
        url = listener.url
        queries = {
            "SERVICE": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
            "SERVICE SILENT": f"ASK {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
            "LOAD": f"LOAD <{url}/data.ttl>",
            "FROM": f"SELECT * FROM <{url}/graph.ttl> WHERE {{ ?s ?p ?o }}",
            "FROM NAMED": f"SELECT * FROM NAMED <{url}/graph.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        }
        runs = [["query", sparql, "--graph", str(graph), "--store", store]
                for store in ("memory", "oxigraph") for sparql in queries.values()]
        run = run_audited(_KG_RUNS, json.dumps(runs), log_dir=tmp_path)
        assert run.result.returncode == 0, run.result.stderr
        assert listener.connections() == 0
    assert run.network == []
    outcomes = json.loads(run.result.stdout)
    assert len(outcomes) == len(runs)
    for (code, errors), keyword in zip(outcomes, [*queries, *queries], strict=True):
        assert code == 2, errors
        assert errors.startswith("error: ") and errors.count("\n") == 1, errors
        assert keyword.split()[0] in errors and ("refused" in errors or "read-only" in errors), errors

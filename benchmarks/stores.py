#!/usr/bin/env python3
"""Every saved query on two or more stores holding the same graph: how long each takes, and
whether they all give the rows the first one gives.

    python benchmarks/stores.py --store oxigraph:economy.db \\
        --store sparql+http://127.0.0.1:8890/sparql --graph-iri https://w3id.org/yubei-kg/graph

For a triple store you are thinking of using at scale: fill it (`kg push`, or its own bulk
loader), then compare it with the persistent Oxigraph store `kg load` made of the same file.
Each query runs once to warm up and then --repeat times on each store, in this process, through
kg's own store (rows read and turned into rdflib terms included); the medians are shown.
Parameters the saved queries' defaults lack in the graph (a Yubei company in a synthetic
economy) are chosen from the first store as `benchmarks/run.py` chooses them. Rows are the same
when they hold the same RDF values (numbers by value, language tags without case) and come in
the same order where the query asks for one (tests/result_rows.py, as the tests compare them).
Not part of the test suite. Exit codes: 0 the same rows everywhere, 1 some differ, 2 error.
"""

from __future__ import annotations

import argparse
import sys

from run import ROOT, median_run, seconds  # benchmarks/run.py, beside this script; puts ROOT on sys.path


def time_query(saved, parameters: dict, store, project, repeat: int):
    """The result of the last run and the median seconds of `repeat` runs after a warm-up."""
    from kg.query import run_query

    def once():
        return run_query(saved, parameters, store, project=project)

    once()  # warm-up
    return median_run(once, repeat)


def difference(reference, result, sparql: str) -> str:
    """"" when `result` gives the rows `reference` gives; otherwise what differs."""
    from tests.result_rows import assert_same_rows

    try:
        assert_same_rows(reference, result, sparql, "rows")
    except AssertionError as error:
        return str(error).splitlines()[0][:300]  # a count and an example or two
    return ""


def compare(specs: list[str], graph_iri: str | None, repeat: int, names: list[str]) -> tuple[str, bool]:
    """The Markdown table, and whether every store gave the first store's rows for every query."""
    from kg.errors import KgError
    from kg.pipeline import read_input_graph
    from kg.project import Project
    from kg.queries import load_catalogue
    from kg.stores import open_store, parse_spec
    from kg.synth.samples import sample_parameters

    project = Project(ROOT)
    catalogue = load_catalogue(project.queries)
    stores = [open_store(spec, project=project,
                         **({"graph_iri": graph_iri} if parse_spec(spec)[0] == "sparql" and graph_iri else {}))
              for spec in specs]
    yubei = read_input_graph(project)
    lines = ["| query | rows | " + " | ".join(f"`{spec}`" for spec in specs) + " | same rows |",
             "|---|---|" + "---|" * len(specs) + "---|"]
    all_same = True
    for name in names or sorted(catalogue):
        saved = catalogue[name]
        parameters = sample_parameters(saved, stores[0], yubei)
        results, cells, notes = [], [], []
        for spec, store in zip(specs, stores, strict=True):
            try:
                result, duration = time_query(saved, parameters, store, project, repeat)
            except KgError as error:
                results.append(None)
                cells.append("error")
                notes.append(f"{spec}: {error.message}")
                continue
            results.append(result)
            cells.append(seconds(duration))
        reference = results[0]
        for spec, result in zip(specs[1:], results[1:], strict=True):
            if reference is not None and result is not None:
                differs = difference(reference, result, saved.text)
                if differs:
                    notes.append(f"{spec}: {differs}")
        all_same = all_same and not notes
        rows = len(reference) if reference is not None else "-"
        lines.append(f"| {name} | {rows} | " + " | ".join(cells) + " | " + ("yes" if not notes else
                                                                             "no: " + "; ".join(notes)) + " |")
        print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join(lines) + "\n", all_same


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", action="append", required=True, dest="stores",
                        help="a store spec (repeatable; the first is the reference)")
    parser.add_argument("--graph-iri", help="for sparql+URL stores: the named graph to query")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each query on each store")
    parser.add_argument("--output", help="also write the table to this file")
    parser.add_argument("queries", nargs="*", help="saved queries to run (default: all)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    from kg.errors import KgError

    try:
        table, all_same = compare(args.stores, args.graph_iri, args.repeat, args.queries)
        if args.output:
            from kg.fsutil import write_atomic

            write_atomic(args.output, table.encode("utf-8"))
    except KgError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(table, end="")
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

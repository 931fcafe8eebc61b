#!/usr/bin/env python3
"""rdflib's in-memory store against the project's fast path (Oxigraph), side by side.

    python benchmarks/run.py --sizes 100k,1M

For each size it generates a synthetic economy (`kg synth`, seed 0) and measures, each step
in a fresh child process (so that one step's memory and caches never help another):

  load          rdflib's Turtle parser; `kg load` into a persistent store (whole process),
                against a bare `pyoxigraph.Store(path).bulk_load` of the same file (whole process);
                Oxigraph's in-memory load; the project's memory store (pyoxigraph parser → rdflib)
  export        Turtle: `kg export`'s canonical rdflib writer; Oxigraph's writer, in memory and
                from the persistent store
  queries       every saved query (queries/*.rq), on rdflib and on the persistent store, and
                `kg query NAME --store oxigraph:PATH` as a whole process
  viz ego       the ego view around a chain leader (two hops)
  analyze       `kg analyze`: the whole rdflib graph, or the store's projection
  memory        the peak resident memory of each child (wait4's ru_maxrss)
  kg --help     a whole process

The fast path is repeated --repeat times (medians are shown); rdflib, whose steps take minutes
at a million triples, --rdflib-repeat times, each step capped at --cap seconds ("> N s").
The table is printed and written to benchmarks/results/ (Markdown and JSON). Not part of the
test suite: it takes minutes, and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `kg` from this checkout, installed or not
RESULTS = ROOT / "benchmarks" / "results"
SEED = 0
EGO_HOPS = 2
INNER_QUERY_RUNS = 3  # each saved query runs this often per child; the median is kept

# targets of issue 5, checked against the figures of the largest size measured
TARGETS = {
    "load_vs_bare": 1.25,  # kg load / bare bulk_load, at most
    "load_vs_rdflib": 6.0,  # rdflib parse / kg load, at least
    "memory_load_vs_rdflib": 10.0,  # rdflib parse / Oxigraph in-memory load, at least
    "export_vs_rdflib": 20.0,  # rdflib Turtle export / Oxigraph's, at least
    "query_seconds": 0.100,  # every saved query on the persistent store, at most
    "help_seconds": 0.3,
    "query_process_seconds": 0.6,  # `kg query NAME --store oxigraph:PATH`, whole process
    "load_peak_mb": 600,
    "analyze_seconds": 30.0,
}


# --- children: one measured step each, answering with one JSON line ----------------------


class StepTimeout(BaseException):
    """A BaseException, so that no `except Exception` on the way (rdflib's, kg's) turns it into an error."""


@contextmanager
def capped(seconds: float | None):
    """Interrupt the step after `seconds` (SIGALRM: rdflib is interruptible between bytecodes)."""
    if not seconds:
        yield
        return

    def ring(signum, frame):
        raise StepTimeout

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(results: dict, name: str, cap: float | None, function):
    """results[name] = seconds, or None when the cap was hit; the function's value. Each step is
    also printed as it ends, so a child stopped by the parent's timeout still reports what it did."""
    start = time.perf_counter()
    try:
        with capped(cap):
            value = function()
    except StepTimeout:
        value = None
        results[name] = None
    else:
        results[name] = time.perf_counter() - start
    report_step(results, name)
    return value


def median_run(function, runs: int):
    """The value of the last of `runs` calls of `function`, and the median seconds they took."""
    value, durations = None, []
    for _ in range(runs):
        start = time.perf_counter()
        value = function()
        durations.append(time.perf_counter() - start)
    return value, statistics.median(durations)


def report_step(results: dict, name: str) -> None:
    path = [key for key, value in _STEP_PATHS.items() if value is results]
    print(json.dumps({"step": [*path, name], "seconds": results[name]}), flush=True)


_STEP_PATHS: dict[str, dict] = {}  # where a nested results dict sits in the child's answer


def child_rdflib_parse(spec: dict) -> dict:
    from rdflib import Graph

    results: dict = {}
    graph = timed(results, "load", spec.get("cap"), lambda: Graph().parse(spec["file"], format="turtle"))
    results["triples"] = len(graph) if graph is not None else None
    return results


def child_rdflib_suite(spec: dict) -> dict:
    """The memory store as the project uses it: load, export, queries, ego, analyze."""
    from kg.analyze import analyze_graph
    from kg.export import serialize
    from kg.project import Project
    from kg.queries import load_catalogue
    from kg.query import run_query
    from kg.stores.memory import MemoryStore
    from kg.viz.views import ViewOptions, make_view

    project, cap, query_cap = Project(ROOT), spec.get("cap"), spec.get("query_cap")
    results: dict = {"queries": {}}
    _STEP_PATHS["queries"] = results["queries"]
    from kg.rdfio import read_graph_files

    graph = timed(results, "memory_store_load", cap, lambda: read_graph_files([Path(spec["file"])]))
    if graph is None:
        return results
    timed(results, "export", cap, lambda: serialize(graph, "turtle"))
    store = MemoryStore(graph)
    catalogue = load_catalogue(project.queries)
    for name, params in spec["queries"].items():
        timed(results["queries"], name, query_cap,
              lambda name=name, params=params: run_query(catalogue[name], params, store, project=project))
    timed(results, "ego", cap, lambda: make_view(graph, "ego", ViewOptions(focus=spec["focus"], hops=EGO_HOPS)))
    timed(results, "analyze", cap, lambda: analyze_graph(graph))
    return results


def child_oxigraph_suite(spec: dict) -> dict:
    """The fast path: Oxigraph in memory and the persistent store `kg load` filled."""
    import pyoxigraph

    from kg.export import export_store
    from kg.network_projection import analyze_store
    from kg.project import Project
    from kg.queries import load_catalogue
    from kg.query import run_query
    from kg.stores import open_store
    from kg.viz.views import ViewOptions, make_view

    project = Project(ROOT)
    results: dict = {"queries": {}}
    _STEP_PATHS["queries"] = results["queries"]
    memory = timed(results, "memory_load", None,
                   lambda: open_store("oxigraph", project=project, graph_files=[Path(spec["file"])]))
    with tempfile.TemporaryDirectory() as scratch:
        timed(results, "export_memory", None, lambda: export_store(memory, "turtle", f"{scratch}/m.ttl"))
        memory = None  # let the in-memory store go before the persistent one is measured
        persistent = open_store(f"oxigraph:{spec['store']}", project=project)
        timed(results, "export_persistent", None, lambda: export_store(persistent, "turtle", f"{scratch}/p.ttl"))
    catalogue = load_catalogue(project.queries)
    for name, params in spec["queries"].items():
        _, results["queries"][name] = median_run(
            lambda name=name, params=params: run_query(catalogue[name], params, persistent, project=project),
            INNER_QUERY_RUNS)
        report_step(results["queries"], name)
    timed(results, "ego", None,
          lambda: make_view(persistent.rdflib_graph(), "ego", ViewOptions(focus=spec["focus"], hops=EGO_HOPS)))
    timed(results, "analyze", None, lambda: analyze_store(persistent, project))
    results["triples"] = len(pyoxigraph.Store.read_only(spec["store"]))
    return results


def child_bare_bulk_load(spec: dict) -> dict:
    import pyoxigraph

    store = pyoxigraph.Store(spec["store"])
    store.bulk_load(path=spec["file"], format=pyoxigraph.RdfFormat.TURTLE)
    store.flush()
    return {}


def child_prepare(spec: dict) -> dict:
    """Parameters for the saved queries on this graph, and the ego view's focus."""
    from kg.labels import short_id
    from kg.namespaces import KG
    from kg.pipeline import read_input_graph
    from kg.project import Project
    from kg.queries import load_catalogue
    from kg.stores import open_store
    from kg.synth.samples import sample_parameters

    project = Project(ROOT)
    store = open_store(f"oxigraph:{spec['store']}", project=project)
    yubei = read_input_graph(project)
    queries = {name: sample_parameters(saved, store, yubei)
               for name, saved in sorted(load_catalogue(project.queries).items())}
    leader = store.query(f"SELECT ?x WHERE {{ ?x <{KG.chainLeaderOf}> ?c }} ORDER BY ?x LIMIT 1").rows[0]["x"]
    return {"queries": queries, "focus": short_id(leader)}


CHILDREN = {
    "rdflib-parse": child_rdflib_parse,
    "rdflib-suite": child_rdflib_suite,
    "oxigraph-suite": child_oxigraph_suite,
    "bare-bulk-load": child_bare_bulk_load,
    "prepare": child_prepare,
}


# --- the parent: runs children, keeps medians, prints the table ----------------------------


@dataclass
class Run:
    ok: bool
    seconds: float  # wall time of the whole child process
    peak_mb: float
    output: dict = field(default_factory=dict)
    error: str = ""


def run_process(argv: list[str], timeout: float) -> Run:
    """Run a process to its end; its wall time and its own peak memory (wait4, not the max over children)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    output: dict = {}
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        answer = json.loads(line)
        if set(answer) == {"step", "seconds"}:  # a step as it ended; the final answer repeats them all
            *path, name = answer["step"]
            target = output
            for key in path:
                target = target.setdefault(key, {})
            target[name] = answer["seconds"]
        else:
            output.update(answer)
    ok = process.returncode == 0
    return Run(ok, seconds, usage.ru_maxrss / 1024, output, "" if ok else stderr.strip()[-2000:])



def child(task: str, spec: dict, timeout: float) -> Run:
    run = run_process([sys.executable, str(Path(__file__).resolve()), "--child", task, json.dumps(spec)], timeout)
    if not run.ok:
        print(f"  {task} failed: {run.error}", file=sys.stderr)
    return run


def kg(*args: str, timeout: float = 3600) -> Run:
    run = run_process([sys.executable, "-m", "kg", *args], timeout)
    if not run.ok:
        print(f"  kg {' '.join(args)} failed: {run.error}", file=sys.stderr)
    return run


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def measure_size(triples: int, workdir: Path, repeat: int, rdflib_repeat: int, cap: float,
                 query_cap: float) -> dict:
    label = human(triples)
    graph = workdir / f"economy-{label}.ttl"
    print(f"== {label} triples: generating {graph.name}", file=sys.stderr)
    if not kg("synth", "-n", str(triples), "-o", str(graph), "--seed", str(SEED)).ok:
        raise SystemExit("kg synth failed")
    store = workdir / f"store-{label}"
    fast: dict = {"kg_load": [], "kg_load_mb": [], "bare": [], "bare_mb": [], "suites": [], "suite_mb": [],
                  "query_process": {}}
    for round_number in range(repeat):
        print(f"  fast path, round {round_number + 1}/{repeat}", file=sys.stderr)
        shutil.rmtree(store, ignore_errors=True)
        bare_store = workdir / f"bare-{label}"
        shutil.rmtree(bare_store, ignore_errors=True)
        bare = child("bare-bulk-load", {"file": str(graph), "store": str(bare_store)}, 3600)
        shutil.rmtree(bare_store, ignore_errors=True)
        loaded = kg("load", str(graph), "--store", f"oxigraph:{store}")
        fast["bare"].append(bare.seconds)
        fast["bare_mb"].append(bare.peak_mb)
        fast["kg_load"].append(loaded.seconds)
        fast["kg_load_mb"].append(loaded.peak_mb)
        if round_number == 0:
            prepared = child("prepare", {"store": str(store)}, 3600).output
        suite = child("oxigraph-suite", {"file": str(graph), "store": str(store), **prepared}, 3600)
        fast["suites"].append(suite.output)
        fast["suite_mb"].append(suite.peak_mb)
        for name, params in prepared["queries"].items():
            args = [arg for key, value in params.items() for arg in ("--param", f"{key}={value}")]
            run = kg("query", name, "--store", f"oxigraph:{store}", *args, "-o", os.devnull)
            fast["query_process"].setdefault(name, []).append(run.seconds)
    slow: dict = {"parse": [], "parse_mb": [], "suites": [], "suite_mb": []}
    for round_number in range(rdflib_repeat):
        print(f"  rdflib, round {round_number + 1}/{rdflib_repeat} (each step capped at {cap:.0f} s)",
              file=sys.stderr)
        parse = child("rdflib-parse", {"file": str(graph), "cap": cap}, cap + 600)
        slow["parse"].append(parse.output.get("load"))
        slow["parse_mb"].append(parse.peak_mb)
        budget = 4 * cap + len(prepared["queries"]) * query_cap + 600
        suite = child("rdflib-suite", {"file": str(graph), "cap": cap, "query_cap": query_cap, **prepared}, budget)
        slow["suites"].append(suite.output)
        slow["suite_mb"].append(suite.peak_mb)
    help_runs = [kg("--help").seconds for _ in range(max(3, repeat))]
    result = summarize(label, triples, prepared, fast, slow, help_runs)
    result["caps"] = {"step": cap, "query": query_cap}
    return result


def suite_median(suites: list[dict], key: str):
    return median([s.get(key) for s in suites])


def query_median(suites: list[dict], name: str):
    return median([s.get("queries", {}).get(name) for s in suites])


def summarize(label, triples, prepared, fast, slow, help_runs) -> dict:
    queries = {}
    for name in prepared["queries"]:
        queries[name] = {
            "rdflib": query_median(slow["suites"], name),
            "rdflib_ran": any(name in s.get("queries", {}) for s in slow["suites"]),
            "oxigraph": query_median(fast["suites"], name),
            "process": median(fast["query_process"].get(name, [])),
        }
    return {
        "size": label,
        "triples": fast["suites"][0].get("triples", triples) if fast["suites"] else triples,
        "params": prepared["queries"],
        "focus": prepared["focus"],
        "load": {"rdflib_parse": median(slow["parse"]), "kg_load": median(fast["kg_load"]),
                 "bare_bulk_load": median(fast["bare"]),
                 "oxigraph_memory": suite_median(fast["suites"], "memory_load"),
                 "memory_store": suite_median(slow["suites"], "memory_store_load")},
        "export": {"rdflib": suite_median(slow["suites"], "export"),
                   "oxigraph_memory": suite_median(fast["suites"], "export_memory"),
                   "oxigraph_persistent": suite_median(fast["suites"], "export_persistent")},
        "queries": queries,
        "ego": {"rdflib": suite_median(slow["suites"], "ego"), "oxigraph": suite_median(fast["suites"], "ego")},
        "analyze": {"rdflib": suite_median(slow["suites"], "analyze"),
                    "oxigraph": suite_median(fast["suites"], "analyze")},
        "memory_mb": {"rdflib_parse": median(slow["parse_mb"]), "kg_load": median(fast["kg_load_mb"]),
                      "bare_bulk_load": median(fast["bare_mb"]), "rdflib_suite": median(slow["suite_mb"]),
                      "oxigraph_suite": median(fast["suite_mb"])},
        "help": statistics.median(help_runs),
        "repeat": {"fast": len(fast["kg_load"]), "rdflib": len(slow["parse"])},
    }


# --- the table ---------------------------------------------------------------------------


def human(triples: int) -> str:
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if triples >= size and triples % size == 0:
            return f"{triples // size}{unit}"
    return str(triples)


def seconds(value, cap=None) -> str:
    if value is None:
        return f"> {cap:.0f} s" if cap else "-"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(slow, fast, cap=None) -> str:
    if fast is None or fast <= 0:
        return "-"
    if slow is None:
        return f"> {cap / fast:.0f}x" if cap else "-"
    return f"{slow / fast:.1f}x"


def table(results: list[dict], cap: float) -> str:
    lines = ["| size | step | rdflib (memory) | fast path (Oxigraph) | speed-up |", "|---|---|---|---|---|"]
    for r in results:
        size = r["size"]
        load, export = r["load"], r["export"]

        def row(step, slow, fast, size=size):
            lines.append(f"| {size} | {step} | {seconds(slow, cap)} | {seconds(fast)} | {ratio(slow, fast, cap)} |")

        row("load into persistent store (`kg load`, whole process)", load["rdflib_parse"], load["kg_load"])
        lines.append(f"| {size} | bare `Store(path).bulk_load` (whole process): kg load / bare | | "
                     f"{seconds(load['bare_bulk_load'])} | "
                     f"{load['kg_load'] / load['bare_bulk_load']:.2f}x of bare |")
        row("load in memory (rdflib parse; Oxigraph in memory)", load["rdflib_parse"], load["oxigraph_memory"])
        row("load into the project's memory store (pyoxigraph parser → rdflib)", load["memory_store"],
            load["oxigraph_memory"])
        row("export Turtle (canonical rdflib; Oxigraph in memory)", export["rdflib"], export["oxigraph_memory"])
        row("export Turtle from the persistent store", export["rdflib"], export["oxigraph_persistent"])
        for name, q in r["queries"].items():
            if q["rdflib_ran"]:
                query_cap = r["caps"]["query"]
                lines.append(f"| {size} | query `{name}` (persistent store) | {seconds(q['rdflib'], query_cap)}"
                             f" | {seconds(q['oxigraph'])} | {ratio(q['rdflib'], q['oxigraph'], query_cap)} |")
            else:
                row(f"query `{name}` (persistent store; rdflib did not get to it)", None, q["oxigraph"])
        for name, q in r["queries"].items():
            lines.append(f"| {size} | `kg query {name} --store oxigraph:PATH` (whole process) | | "
                         f"{seconds(q['process'])} | |")
        row(f"viz ego ({EGO_HOPS} hops, {r['focus']})", r["ego"]["rdflib"], r["ego"]["oxigraph"])
        row("analyze (whole graph; store projection)", r["analyze"]["rdflib"], r["analyze"]["oxigraph"])
        mb = r["memory_mb"]
        lines.append(f"| {size} | peak memory of the load | {mb['rdflib_parse']:.0f} MB | {mb['kg_load']:.0f} MB "
                     f"(bare {mb['bare_bulk_load']:.0f} MB) | {mb['rdflib_parse'] / mb['kg_load']:.1f}x less |")
        lines.append(f"| {size} | peak memory of the whole suite | {mb['rdflib_suite']:.0f} MB | "
                     f"{mb['oxigraph_suite']:.0f} MB | |")
        lines.append(f"| {size} | `kg --help` (whole process) | | {seconds(r['help'])} | |")
    return "\n".join(lines)


def targets(result: dict, cap: float) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for the figures of one size (the largest)."""
    load, export, t = result["load"], result["export"], TARGETS
    found = []

    def check(name, measured, met):
        found.append((name, measured, met))

    bare = load["kg_load"] / load["bare_bulk_load"]
    check(f"kg load within {t['load_vs_bare']}x of a bare bulk_load", f"{bare:.2f}x", bare <= t["load_vs_bare"])
    for name, fast, goal in (("persistent load", load["kg_load"], t["load_vs_rdflib"]),
                             ("in-memory load", load["oxigraph_memory"], t["memory_load_vs_rdflib"])):
        slow = load["rdflib_parse"]
        speed = (slow or cap) / fast
        check(f"{name} >= {goal}x faster than rdflib's parse", ("> " if slow is None else "") + f"{speed:.1f}x",
              speed >= goal)
    speed = (export["rdflib"] or cap) / export["oxigraph_memory"]
    check(f"Turtle export >= {t['export_vs_rdflib']}x faster", ("> " if export["rdflib"] is None else "") +
          f"{speed:.1f}x", speed >= t["export_vs_rdflib"])
    for name, q in result["queries"].items():
        slower = q["rdflib_ran"] and q["rdflib"] is not None and q["oxigraph"] > q["rdflib"]
        on_rdflib = seconds(q["rdflib"], result["caps"]["query"]) if q["rdflib_ran"] else "-"
        check(f"query {name} <= {t['query_seconds'] * 1000:.0f} ms and not slower than rdflib",
              f"{seconds(q['oxigraph'])} (rdflib {on_rdflib})",
              q["oxigraph"] <= t["query_seconds"] and not slower)
    check(f"kg --help <= {t['help_seconds']} s", seconds(result["help"]), result["help"] <= t["help_seconds"])
    worst = max(q["process"] for q in result["queries"].values())
    check(f"kg query NAME --store oxigraph:PATH <= {t['query_process_seconds']} s (slowest query)",
          seconds(worst), worst <= t["query_process_seconds"])
    peak = result["memory_mb"]["kg_load"]
    check(f"peak memory of the load <= {t['load_peak_mb']} MB", f"{peak:.0f} MB", peak <= t["load_peak_mb"])
    analyze = result["analyze"]["oxigraph"]
    check(f"analyze <= {t['analyze_seconds']:.0f} s", seconds(analyze), analyze <= t["analyze_seconds"])
    return found


def machine() -> str:
    import pyoxigraph
    import rdflib

    cores = os.cpu_count()
    load = os.getloadavg()[0]
    return (f"{platform.platform()}, {cores} cores, Python {platform.python_version()}, rdflib {rdflib.__version__}, "
            f"pyoxigraph {pyoxigraph.__version__}; load average {load:.1f} at the end of the run")


def report(results: list[dict], cap: float, command: str) -> str:
    largest = results[-1]
    lines = ["# Benchmark: rdflib's memory store against the fast path (Oxigraph)", "",
             f"`{command}`", "", machine(), "",
             f"Medians of {largest['repeat']['fast']} run(s) of the fast path and {largest['repeat']['rdflib']} of "
             f"rdflib; rdflib steps capped at {cap:.0f} s. Query parameters on the synthetic graph: "
             + "; ".join(f"{n}: {p or 'defaults'}" for n, p in largest["params"].items()) + ".", "",
             table(results, cap), "", f"## Targets at {largest['size']} triples", "",
             "| target | measured | met |", "|---|---|---|"]
    for name, measured, met in targets(largest, cap):
        lines.append(f"| {name} | {measured} | {'yes' if met else 'NO'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1M", help="graph sizes in triples (default: 100k,1M)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the fast path (default: 3)")
    parser.add_argument("--rdflib-repeat", type=int, default=1, help="runs of rdflib (default: 1)")
    parser.add_argument("--cap", type=float, default=300,
                        help="seconds an rdflib load, export, view or analysis may take (default: 300)")
    parser.add_argument("--query-cap", type=float, default=60,
                        help="seconds an rdflib query may take (default: 60)")
    parser.add_argument("--workdir", type=Path, default=None, help="where graphs and stores go (default: a temp dir)")
    parser.add_argument("--output", type=Path, default=None, help="the Markdown report (default: benchmarks/results/)")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, spec = args.child
        print(json.dumps(CHILDREN[task](json.loads(spec))))
        return
    from kg.synth import parse_size

    sizes = [parse_size(s, "--sizes") for s in args.sizes.split(",")]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    try:
        results = []
        for n in sizes:
            results.append(measure_size(n, workdir, args.repeat, args.rdflib_repeat, args.cap, args.query_cap))
            # what is measured so far, in case a later size is stopped
            RESULTS.mkdir(parents=True, exist_ok=True)
            (RESULTS / "partial.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    text = report(results, args.cap, command)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = "results-" + "-".join(human(n) for n in sizes)
    output = args.output or RESULTS / f"{stem}.md"
    output.write_text(text, encoding="utf-8")
    output.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS / "partial.json").unlink(missing_ok=True)
    print(f"wrote {output} and {output.with_suffix('.json').name}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`kg serve` under load: many clients at once, expensive queries and oversized bodies among them.

    python benchmarks/load_test.py                  # 32 clients for 60 s
    python benchmarks/load_test.py --duration 10    # a shorter run

It builds the graph into a temporary folder, starts `kg serve` on a free loopback port as a child
process (with its own limits: --timeout 5, --max-request-bytes 100000, --max-query-memory 512,
the default 2 workers),
and then for --duration seconds:

  clients       --clients coroutines, each sending the saved queries (their text with default
                parameters, as the server's /api/queries gives it) one after another, by GET,
                form POST or application/sparql-query POST, asking for a different format each
                time; an answer is a failure unless it is 200 in the format asked for
  expensive     every --expensive-every seconds a query no engine finishes (a triple cross
                product: one counting its rows, one sorting them, which makes the engine hold them
                all in memory); each must be answered 503 while the clients keep getting answers
  oversized     with each expensive query, two bodies one byte over --max-request-bytes (one
                with a Content-Length, one streamed without); each must be answered 413
  memory        the resident memory of the server and its worker processes, sampled every
                --sample-every seconds: at the start, the peak, and at the end

It prints a table, writes it to benchmarks/results/load-cCLIENTS-dDURATION.md, and exits 1 if any
check failed (a failed request, an expensive query not answered 503, no answers while one ran, an
oversized body not answered 413, memory not back near its start), 0 otherwise. Not part of the test
suite (tests/test_serve_load.py is its short version); its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import random
import select
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `kg` from this checkout, installed or not
RESULTS = ROOT / "benchmarks" / "results"

EXPENSIVE_QUERIES = {
    # the engine counts 10^11 rows without keeping them: time, no memory
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    # to sort, the engine keeps every row: about 1 GB more each second, until it is stopped
    "sort": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f ?c",
}
# media types a client asks for, and the content type the answer must then have
ACCEPT = {
    "rows": [("application/sparql-results+json", "application/sparql-results+json"),
             ("application/sparql-results+xml", "application/sparql-results+xml"),
             ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
             ("*/*", "application/sparql-results+json")],
    "graph": [("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
              ("application/ld+json", "application/ld+json"), ("*/*", "text/turtle")],
}
METHODS = ("get", "post-form", "post-query")
EXPENSIVE_EVERY = 10.0  # seconds
# memory at the end may be this much above the start (workers that were replaced load the graph
# again, and Python keeps some of what it freed) before it counts as growing
MEMORY_SLACK_MB = 100


# --- the server ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerSettings:
    timeout: float
    max_request_bytes: int
    workers: int
    max_query_memory: int

    def options(self) -> list[str]:
        return ["--timeout", f"{self.timeout:g}", "--max-request-bytes", str(self.max_request_bytes),
                "--workers", str(self.workers), "--max-query-memory", str(self.max_query_memory)]


class Server:
    """`kg serve --port 0 …` as a child process, with its log in `folder`."""

    def __init__(self, graph: Path, settings: ServerSettings, folder: Path):
        self.log = folder / "serve.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--port", "0", "--graph", str(graph), *settings.options()],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log.open("w"), stdin=subprocess.DEVNULL, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], 120)
        line = self.process.stdout.readline() if ready else ""
        if not line.startswith("serving "):
            self.stop()
            raise SystemExit(f"kg serve did not start: {line!r} {self.log.read_text()[-2000:]}")
        self.url = line.split()[1]
        self.sparql = self.url + "sparql"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def build_graph(folder: Path) -> Path:
    """The project's graph, built afresh (a fresh clone has none yet)."""
    graph = folder / "yubei-kg.ttl"
    subprocess.run([sys.executable, "-m", "kg", "build", "-o", str(graph)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return graph


# --- memory -------------------------------------------------------------------------------------


@dataclass
class MemorySample:
    at: float
    megabytes: float
    workers: frozenset[int]


class MemorySampler:
    """The resident memory of the server process and all its children, every `interval` seconds."""

    def __init__(self, pid: int, interval: float):
        import psutil

        self.server = psutil.Process(pid)
        self.interval = interval
        self.samples: list[MemorySample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)

    def sample(self) -> MemorySample:
        import psutil

        total, workers = self.server.memory_info().rss, set()
        for child in self.server.children(recursive=True):
            try:
                total += child.memory_info().rss
                if "resource_tracker" not in " ".join(child.cmdline()):
                    workers.add(child.pid)
            except psutil.Error:  # a worker that was just replaced
                continue
        sample = MemorySample(time.monotonic(), total / 2**20, frozenset(workers))
        self.samples.append(sample)
        return sample

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


# --- the requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedQuery:
    name: str
    sparql: str
    group: str  # "rows" or "graph": which formats it can be asked for


@dataclass
class Outcome:
    started: float
    ended: float
    status: int | None
    ok: bool
    what: str  # query name, method, Accept
    problem: str = ""
    reply: str = ""  # the server's message, for the expensive queries

    @property
    def seconds(self) -> float:
        return self.ended - self.started


@dataclass
class Run:
    clients: list[Outcome] = field(default_factory=list)
    expensive: list[Outcome] = field(default_factory=list)
    oversized: list[Outcome] = field(default_factory=list)


async def saved_queries(session, server: Server) -> list[SavedQuery]:
    """The saved queries as the server offers them: text with the default parameters bound."""
    from kg.sparql_safety import check_query

    async with session.get(server.url + "api/queries") as answer:
        answer.raise_for_status()
        entries = (await answer.json())["queries"]
    queries = []
    for entry in entries:
        kind = check_query(entry["sparql"]).kind
        queries.append(SavedQuery(entry["name"], entry["sparql"], "graph" if kind == "graph" else "rows"))
    return queries


def request_arguments(server: Server, sparql: str, method: str, accept: str) -> tuple[str, dict]:
    """The SPARQL Protocol's three ways to send a query, as (HTTP method, aiohttp arguments)."""
    headers = {"Accept": accept}
    if method == "get":
        return "GET", {"params": {"query": sparql}, "headers": headers}
    if method == "post-form":
        return "POST", {"data": {"query": sparql}, "headers": headers}
    return "POST", {"data": sparql.encode("utf-8"), "headers": {**headers, "Content-Type": "application/sparql-query"}}


async def one_client(number: int, session, server: Server, queries: list[SavedQuery], until: float,
                     outcomes: list[Outcome]) -> None:
    """Saved queries one after another, each time another method and format, until `until`."""
    rng = random.Random(number)
    while time.monotonic() < until:
        query = rng.choice(queries)
        method = rng.choice(METHODS)
        accept, expected_type = rng.choice(ACCEPT[query.group])
        what = f"{query.name} {method} {accept}"
        http_method, arguments = request_arguments(server, query.sparql, method, accept)
        started = time.monotonic()
        try:
            async with session.request(http_method, server.sparql, **arguments) as answer:
                body = await answer.read()
        except Exception as error:  # a refused or dropped connection is a failed request like any other
            outcomes.append(Outcome(started, time.monotonic(), None, False, what, f"{type(error).__name__}: {error}"))
            continue
        ended = time.monotonic()
        problem = ("" if answer.status == 200 and answer.content_type == expected_type and body
                   else f"{answer.status} {answer.content_type}: {body[:200]!r}")
        outcomes.append(Outcome(started, ended, answer.status, not problem, what, problem))


async def expensive_and_oversized(session, server: Server, settings: ServerSettings, every: float, until: float,
                                  run: Run) -> None:
    """Every `every` seconds: an expensive query (expected 503), then two oversized bodies (expected 413)."""
    names = list(EXPENSIVE_QUERIES)
    turn = 0
    next_at = time.monotonic() + min(every, 2.0)
    while next_at + settings.timeout < until:
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        name = names[turn % len(names)]
        turn += 1
        started = time.monotonic()
        try:
            async with session.post(server.sparql, data={"query": EXPENSIVE_QUERIES[name]}) as answer:
                status, text = answer.status, await answer.text()
        except Exception as error:
            status, text = None, f"{type(error).__name__}: {error}"
        run.expensive.append(Outcome(started, time.monotonic(), status, status == 503, name,
                                     "" if status == 503 else f"{status}: {text[:200]}", text.strip()))
        run.oversized.extend(await oversized_bodies(session, server, settings.max_request_bytes))
        next_at += every


async def oversized_bodies(session, server: Server, limit: int) -> list[Outcome]:
    query = "ASK { ?s ?p ?o }\n#"
    body = (query + "x" * (limit + 1 - len(query))).encode("utf-8")

    async def streamed():  # chunked, no Content-Length: the server must count as it reads
        for start in range(0, len(body), 65536):
            yield body[start:start + 65536]

    outcomes = []
    for what, data in (("with Content-Length", body), ("streamed", streamed())):
        started = time.monotonic()
        try:
            async with session.post(server.sparql, data=data,
                                    headers={"Content-Type": "application/sparql-query"}) as answer:
                status = answer.status
        except Exception as error:
            status, what = None, f"{what}: {type(error).__name__}: {error}"
        outcomes.append(Outcome(started, time.monotonic(), status, status == 413, what,
                                "" if status == 413 else f"answered {status}"))
    return outcomes


async def load(server: Server, settings: ServerSettings, clients: int, duration: float, every: float) -> Run:
    import aiohttp

    # generous: a request that waits this long has failed anyway, and is counted so
    timeout = aiohttp.ClientTimeout(total=4 * settings.timeout + 10)
    connector = aiohttp.TCPConnector(limit=clients + 4)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        queries = await saved_queries(session, server)
        run = Run()
        until = time.monotonic() + duration
        await asyncio.gather(
            *(one_client(number, session, server, queries, until, run.clients) for number in range(clients)),
            expensive_and_oversized(session, server, settings, every, until, run))
    return run


# --- the report ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of `values`."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))]


def latency_line(outcomes: list[Outcome]) -> str:
    if not outcomes:
        return "none"
    seconds = [o.seconds for o in outcomes]
    shares = " / ".join(f"{percentile(seconds, share) * 1000:,.0f}" for share in (0.5, 0.9, 0.99))
    return f"{shares} ms (max {max(seconds) * 1000:,.0f})"


def during(expensive: list[Outcome], clients: list[Outcome]) -> tuple[list[Outcome], list[int]]:
    """The client requests sent and answered while an expensive query ran, and how many there were
    during each expensive query."""
    inside, counts = [], []
    for heavy in expensive:
        these = [o for o in clients if o.started >= heavy.started and o.ended <= heavy.ended]
        inside.extend(these)
        counts.append(len(these))
    return inside, counts


@dataclass
class Verdict:
    rows: list[tuple[str, str]]
    problems: list[str]


def judge(run: Run, memory: list[MemorySample], settings: ServerSettings, clients: int, seconds: float) -> Verdict:
    answered = [o for o in run.clients if o.ok]
    failed = [o for o in run.clients if not o.ok]
    inside, counts = during(run.expensive, run.clients)
    start, end = memory[0], memory[-1]
    peak = max(memory, key=lambda s: s.megabytes)
    worker_pids = set().union(*(s.workers for s in memory))
    problems = []
    if not run.clients:
        problems.append("no client request was made")
    if failed:
        problems.append(f"{len(failed)} client requests failed; the first: {failed[0].what}: {failed[0].problem}")
    if not run.expensive:
        problems.append("no expensive query was sent (--duration too short for --expensive-every)")
    problems += [f"expensive query {o.what!r} was not answered 503: {o.problem}" for o in run.expensive if not o.ok]
    if any(count == 0 for count in counts):
        problems.append(f"while an expensive query ran, no other request was answered (per query: {counts})")
    problems += [f"an oversized body ({o.what}) was {o.problem}" for o in run.oversized if not o.ok]
    if end.megabytes > start.megabytes + MEMORY_SLACK_MB:
        problems.append(f"memory grew from {start.megabytes:,.0f} MB to {end.megabytes:,.0f} MB")
    if len(end.workers) != settings.workers:
        problems.append(f"{len(end.workers)} workers at the end, not {settings.workers}")
    rows = [
        (f"requests ({clients} clients, saved queries)", f"{len(run.clients):,}"),
        ("failed", f"{len(failed):,}"),
        ("throughput", f"{len(answered) / seconds:,.1f} requests/s"),
        ("latency p50 / p90 / p99", latency_line(answered)),
    ]
    for name in EXPENSIVE_QUERIES:
        sent = [o for o in run.expensive if o.what == name]
        took = [o.seconds for o in sent]
        replies = sorted({o.reply for o in sent})
        rows.append((f"expensive `{name}` query (503 expected)",
                     f"{sum(o.ok for o in sent)} of {len(sent)} answered 503 after {min(took):.1f}–{max(took):.1f} s: "
                     + "; ".join(replies) if sent else "none sent"))
    rows += [
        ("answered while an expensive query ran",
         f"{len(inside):,} ({min(counts, default=0):,}–{max(counts, default=0):,} during each), "
         f"{sum(not o.ok for o in inside)} failed"),
        ("… their latency p50 / p90 / p99", latency_line([o for o in inside if o.ok])),
        ("oversized bodies (413 expected)",
         f"{sum(o.ok for o in run.oversized)} of {len(run.oversized)} answered 413"),
        ("memory of server + workers (RSS)",
         f"{start.megabytes:,.0f} MB at the start, {peak.megabytes:,.0f} MB at the peak, "
         f"{end.megabytes:,.0f} MB at the end"),
        ("worker processes", f"{len(worker_pids)} in all: {settings.workers} at a time, "
                             f"{len(worker_pids) - settings.workers} started in place of stopped ones"),
    ]
    return Verdict(rows, problems)


def by_format(run: Run) -> list[tuple[str, int, str]]:
    groups: dict[str, list[Outcome]] = {}
    for outcome in run.clients:
        _, method, accept = outcome.what.split(" ")
        groups.setdefault(f"{method}, {accept}", []).append(outcome)
    return [(name, len(group), latency_line([o for o in group if o.ok])) for name, group in sorted(groups.items())]


def report(verdict: Verdict, run: Run, command: str, settings: ServerSettings, clients: int, duration: float,
           every: float, triples: int) -> str:
    import pyoxigraph

    lines = [
        "# kg serve under load", "",
        f"`{command}`", "",
        f"{platform.platform()}, {os.cpu_count()} cores (shared by the server, its workers and the clients), "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}; load average "
        f"{os.getloadavg()[0]:.1f} at the end", "",
        f"{clients} clients for {duration:g} s against `kg serve {' '.join(settings.options())}` on the "
        f"project's graph ({triples:,} triples); every {every:g} s an expensive query (a triple cross "
        "product, counted or sorted) and two oversized bodies.", "",
        "| | |", "|---|---|",
        *(f"| {name} | {value} |" for name, value in verdict.rows), "",
        "By method and Accept type:", "",
        "| request | count | latency p50 / p90 / p99 |", "|---|---|---|",
        *(f"| {name} | {count:,} | {latency} |" for name, count, latency in by_format(run)), "",
        "Checks: " + ("all passed." if not verdict.problems else "FAILED:"),
        *(f"- {problem}" for problem in verdict.problems),
    ]
    return "\n".join(lines).rstrip() + "\n"


def count_triples(graph: Path) -> int:
    import pyoxigraph

    return sum(1 for _ in pyoxigraph.parse(path=str(graph), format=pyoxigraph.RdfFormat.TURTLE))


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--expensive-every", type=float, default=EXPENSIVE_EVERY,
                        help=f"seconds between expensive queries (default {EXPENSIVE_EVERY:g})")
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's --timeout (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="the server's --workers (default 2)")
    parser.add_argument("--max-request-bytes", type=int, default=100_000,
                        help="the server's --max-request-bytes (default 100000)")
    parser.add_argument("--max-query-memory", type=int, default=512,
                        help="the server's --max-query-memory, in MB (default 512)")
    parser.add_argument("--sample-every", type=float, default=0.25, help="seconds between memory samples")
    parser.add_argument("--output", type=Path, help="where to write the table (default benchmarks/results/load-…)")
    args = parser.parse_args()
    if args.duration <= 0 or args.clients < 1:
        parser.error("--duration and --clients must be positive")
    settings = ServerSettings(args.timeout, args.max_request_bytes, args.workers, args.max_query_memory)
    command = "python benchmarks/load_test.py " + " ".join(sys.argv[1:])
    output = args.output or RESULTS / f"load-c{args.clients}-d{args.duration:g}.md"

    with tempfile.TemporaryDirectory(prefix="kg-load-") as folder:
        graph = build_graph(Path(folder))
        server = Server(graph, settings, Path(folder))
        try:
            sampler = MemorySampler(server.process.pid, args.sample_every)
            sampler.sample()
            sampler.start()
            started = time.monotonic()
            run = asyncio.run(load(server, settings, args.clients, args.duration, args.expensive_every))
            elapsed = time.monotonic() - started
            time.sleep(max(2.0, args.sample_every))  # let a worker that was replaced last finish starting
            sampler.stop()
            sampler.sample()
        finally:
            server.stop()
        verdict = judge(run, sampler.samples, settings, args.clients, elapsed)
        text = report(verdict, run, command.strip(), settings, args.clients, args.duration, args.expensive_every,
                      count_triples(graph))
    print(text)
    from kg.fsutil import write_atomic

    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, text.encode("utf-8"))
    print(f"wrote {output}")
    return 1 if verdict.problems else 0


if __name__ == "__main__":
    sys.exit(main())

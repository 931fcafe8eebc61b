"""kg serve with many clients at once: the short version of benchmarks/load_test.py.

A query that runs out of time, or out of memory, stops alone: its worker is replaced, the other
clients keep getting their answers meanwhile, and the server's memory stays within its limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time

import httpx
import pytest
from conftest import start_kg_serve

# 10^11 rows: no engine finishes these in seconds
ENDLESS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# to sort them, the engine holds every row: about 1 GB more each second
ENDLESS_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f ?c"
ENDLESS_ROWS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT_SECONDS = 3
MEMORY_MB = 256
MAX_REQUEST_BYTES = 20_000
ACCEPT = {"select": ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"],
          "graph": ["text/turtle", "application/n-triples"]}


@pytest.fixture(scope="module")
def server(graph_file, tmp_path_factory):
    served = start_kg_serve(graph_file, tmp_path_factory.mktemp("serve-load") / "serve.log",
                            "--workers", "2", "--timeout", str(TIMEOUT_SECONDS), "--max-rows", "1000",
                            "--max-query-memory", str(MEMORY_MB), "--max-request-bytes", str(MAX_REQUEST_BYTES))
    yield served
    served.stop()


def saved_queries(server) -> list[tuple[str, str]]:
    """(text with default parameters, result kind) of every saved query, as the page gets them."""
    from kg.sparql_safety import check_query

    entries = httpx.get(server.url + "api/queries").json()["queries"]
    return [(entry["sparql"], check_query(entry["sparql"]).kind) for entry in entries]


class Tally:
    def __init__(self):
        self.answered: list[tuple[int, float, float]] = []  # (client, sent, answered)
        self.failures: list[str] = []


async def keep_asking(number: int, client: httpx.AsyncClient, server, queries, stop: asyncio.Event,
                      tally: Tally) -> None:
    turn = number
    while not stop.is_set():
        sparql, kind = queries[turn % len(queries)]
        accept = ACCEPT["graph" if kind == "graph" else "select"][turn % 2]
        turn += 1
        sent = time.monotonic()
        try:
            answer = await client.post(server.sparql, data={"query": sparql}, headers={"accept": accept})
        except httpx.HTTPError as error:
            tally.failures.append(f"{type(error).__name__}: {error}")
            continue
        if answer.status_code != 200 or not answer.headers["content-type"].startswith(accept):
            tally.failures.append(f"{answer.status_code} {answer.headers['content-type']}: {answer.text[:200]}")
        else:
            tally.answered.append((number, sent, time.monotonic()))


async def under_load(server, clients: int, *heavy_requests):
    """`clients` clients keep asking saved queries while `heavy_requests` (coroutine functions taking
    the client) run one after another; returns their answers with the time each took, and the tally."""
    queries = saved_queries(server)
    tally, stop, heavy = Tally(), asyncio.Event(), []
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=clients + 2)) as client:
        askers = [asyncio.create_task(keep_asking(n, client, server, queries, stop, tally)) for n in range(clients)]
        await asyncio.sleep(0.3)
        for request in heavy_requests:
            sent = time.monotonic()
            answer = await request(client)
            heavy.append((answer, sent, time.monotonic()))
        await asyncio.sleep(0.3)
        stop.set()
        await asyncio.gather(*askers)
    return heavy, tally


def answered_between(tally: Tally, start: float, end: float) -> dict[int, int]:
    """How many answers each client got for requests it sent and got back between `start` and `end`."""
    counts: dict[int, int] = {}
    for number, sent, answered in tally.answered:
        if sent >= start and answered <= end:
            counts[number] = counts.get(number, 0) + 1
    return counts


def worker_processes(server) -> set[int]:
    import psutil

    children = psutil.Process(server.process.pid).children(recursive=True)
    return {child.pid for child in children if "resource_tracker" not in " ".join(child.cmdline())}


def wait_for_workers(server, count: int, seconds: float = 60) -> set[int]:
    deadline = time.monotonic() + seconds
    while len(workers := worker_processes(server)) != count and time.monotonic() < deadline:
        time.sleep(0.1)
    return workers


@pytest.mark.integration
def test_clients_get_their_answers_while_an_expensive_query_times_out(server):
    workers_before = wait_for_workers(server, 2)

    async def endless(client):
        return await client.post(server.sparql, data={"query": ENDLESS_COUNT})

    async def oversized(client):
        query = "ASK { ?s ?p ?o } #"
        return await client.post(server.sparql, content=(query + "x" * (MAX_REQUEST_BYTES + 1 - len(query))).encode(),
                                 headers={"content-type": "application/sparql-query"})

    async def oversized_streamed(client):  # chunked, no Content-Length: counted as it is read
        async def chunks():
            for _ in range(MAX_REQUEST_BYTES // 1000 + 1):
                yield b"#" * 1000

        return await client.post(server.sparql, content=chunks(), headers={"content-type": "application/sparql-query"})

    heavy, tally = asyncio.run(under_load(server, 8, endless, oversized, oversized_streamed))
    (timed_out, sent, answered), (too_large, _, _), (streamed, _, _) = heavy
    assert tally.failures == []
    assert timed_out.status_code == 503, timed_out.text
    assert f"longer than {TIMEOUT_SECONDS} s (--timeout)" in timed_out.text
    assert answered_between(tally, sent, answered).keys() == set(range(8))  # every client, meanwhile
    assert (too_large.status_code, streamed.status_code) == (413, 413)
    # the stopped worker was replaced by a new process; the other one went on
    workers_after = wait_for_workers(server, 2)
    assert len(workers_after) == 2 and len(workers_after & workers_before) == 1


@pytest.mark.integration
def test_a_query_that_holds_its_rows_in_memory_is_stopped_at_the_memory_limit(server):
    import psutil

    wait_for_workers(server, 2)
    process = psutil.Process(server.process.pid)

    def megabytes() -> float:
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total / 2**20

    samples, sampling = [megabytes()], threading.Event()

    def sample() -> None:
        while not sampling.wait(0.05):
            samples.append(megabytes())

    sampler = threading.Thread(target=sample)
    sampler.start()

    async def hungry(client):
        return await client.post(server.sparql, data={"query": ENDLESS_SORT})

    try:
        heavy, tally = asyncio.run(under_load(server, 4, hungry))
    finally:
        sampling.set()
        sampler.join()
    (answer, sent, answered), = heavy
    assert answer.status_code == 503, answer.text
    assert f"more than {MEMORY_MB} MB of memory (--max-query-memory)" in answer.text
    assert tally.failures == []
    assert answered_between(tally, sent, answered)
    # without the limit it would grow by about a gigabyte a second until the timeout
    assert max(samples) - samples[0] < MEMORY_MB + 768


@pytest.mark.integration
def test_a_result_over_max_rows_is_refused_as_soon_as_it_is_over_not_at_the_timeout(server):
    started = time.monotonic()
    answer = httpx.post(server.sparql, data={"query": ENDLESS_ROWS}, timeout=60)
    assert answer.status_code == 422, answer.text
    assert "more than 1,000 rows" in answer.text and "--max-rows 1,000" in answer.text
    assert time.monotonic() - started < TIMEOUT_SECONDS


def test_a_request_given_up_while_its_query_runs_does_not_lose_its_worker(graph_file):
    from kg.serve.workers import Job, StoreRecipe, WorkerPool

    pool = WorkerPool(StoreRecipe("oxigraph", None, (str(graph_file),)), size=1, timeout=20, memory_limit=2**30)
    pool.start()

    async def scenario():
        pool.attach()
        endless = asyncio.create_task(pool.run(Job(ENDLESS_COUNT, None, 100)))
        await asyncio.sleep(0.5)
        endless.cancel()  # as when the server shuts a request down
        with contextlib.suppress(asyncio.CancelledError):
            await endless
        return await pool.run(Job("ASK { ?s ?p ?o }", "application/sparql-results+json", 100))

    try:
        answer = asyncio.run(scenario())
    finally:
        pool.close()
    # the only worker was busy with the abandoned query: a new one answers, not a 503 after 20 s
    assert answer.status == 200, answer.body
    assert json.loads(answer.body) == {"head": {}, "boolean": True}

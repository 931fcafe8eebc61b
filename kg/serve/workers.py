"""Queries of `kg serve` run in worker processes that can be abandoned.

Neither rdflib nor pyoxigraph can stop a query from outside while the engine is inside one
step of it, so a query that runs out of time is not waited for: its worker process is killed
and a fresh one takes its place, and the endpoint answers 503 at once and keeps serving. The
same happens to a query whose worker grows by more than the memory a query may take: an engine
that sorts or groups a huge intermediate result holds all of it (pyoxigraph about 1 GB a second
for a sorted cross product), which the row cap cannot see and the timeout alone would let reach
many gigabytes. Each worker opens the store itself (the graph is small; loading it takes a
moment) and answers one query at a time: check it, run it, refuse a result over the row cap as
soon as it is over, write it in the negotiated format.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError, KgNote

PLAIN_TEXT = "text/plain; charset=utf-8"
STARTUP_SECONDS = 120
# how often the time and memory of a running query are looked at; at 1 GB/s of growth, a
# worker can overshoot its memory limit by about this many tenths of a gigabyte
WATCH_SECONDS = 0.1


@dataclass(frozen=True)
class StoreRecipe:
    """How a worker opens the store; sent to a new process, so plain data only."""

    spec: str
    project_root: str | None
    graph_files: tuple[str, ...] = ()

    def open(self):
        from kg.project import Project
        from kg.stores import open_store

        project = Project(Path(self.project_root)) if self.project_root else None
        return open_store(self.spec, project=project, graph_files=self.graph_files)


@dataclass(frozen=True)
class Job:
    sparql: str
    accept: str | None
    max_rows: int


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, PLAIN_TEXT, (" ".join(message.split()) + "\n").encode("utf-8"))


def answer(store, job: Job) -> Answer:
    """One query on an open store, as the HTTP answer the endpoint gives."""
    from kg.results import RESULT_FORMATS, format_result
    from kg.serve.negotiation import NotAcceptable, choose_format
    from kg.sparql_safety import check_query
    from kg.stores.base import ResultTooLarge

    local_graphs = store.local_graphs() if hasattr(store, "local_graphs") else None
    try:
        info = check_query(job.sparql, local_graphs=local_graphs)
    except KgError as error:
        return Answer.error(400, str(error))
    try:
        format_name = choose_format(job.accept, info.kind)
    except NotAcceptable as error:
        return Answer.error(406, str(error))
    try:
        # stopped at the first row over the cap: a huge result costs neither the time nor the memory
        result = store.query(job.sparql, max_rows=job.max_rows)
    except ResultTooLarge as error:
        return Answer.error(422, f"{error.message}, more than this endpoint gives (--max-rows {job.max_rows:,}); "
                                 "add a LIMIT or narrow the query")
    except KgError as error:
        return Answer.error(500, f"the query failed: {error}")
    result_format = RESULT_FORMATS[format_name]
    return Answer(200, result_format.media_type, format_result(result, format_name))


def serve_jobs(connection, recipe: StoreRecipe) -> None:
    """A worker process: open the store, say so, then answer jobs until the pipe closes."""
    import signal
    import warnings

    # Ctrl-C in the terminal reaches the whole process group; the server decides when workers end
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the server has given the project's notes (a stale build) once; every worker, and every
    # worker replacing a stopped one, would repeat them as raw Python warnings
    warnings.filterwarnings("ignore", category=KgNote)
    try:
        store = recipe.open()
    except KgError as error:
        connection.send(("failed", str(error)))
        return
    except Exception as error:  # reported to the parent, which stops with a one-line error
        connection.send(("failed", f"cannot open the store: {error}"))
        return
    connection.send(("ready", None))
    with contextlib.suppress(EOFError, BrokenPipeError):
        while True:
            job = connection.recv()
            try:
                reply = answer(store, job)
            except Exception as error:  # a bug or a store failure: one request fails, the worker lives
                reply = Answer.error(500, f"the query failed: {type(error).__name__}: {error}")
            connection.send(reply)


class QueryTimedOut(Exception):
    pass


class QueryOutOfMemory(Exception):
    pass


class Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, recipe: StoreRecipe):
        context = multiprocessing.get_context("spawn")  # a clean interpreter, whatever threads we run
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=serve_jobs, args=(child_end, recipe), daemon=True,
                                       name="kg-serve-worker")
        self.process.start()
        child_end.close()
        self._watched = None  # psutil's view of the process, once it runs

    def wait_ready(self) -> None:
        if not self.connection.poll(STARTUP_SECONDS):
            self.kill()
            raise KgError(f"the query worker did not start within {STARTUP_SECONDS} s", "--store")
        try:
            state, message = self.connection.recv()
        except EOFError:
            state, message = "failed", f"the query worker exited with {self.process.exitcode}"
        if state != "ready":
            self.kill()
            raise KgError(message)

    def private_memory(self) -> int:
        """Bytes the worker holds itself: resident memory, less pages shared with files (a persistent
        store's files, the libraries), which the system can drop and reread."""
        import psutil

        if self._watched is None:
            self._watched = psutil.Process(self.process.pid)
        try:
            info = self._watched.memory_info()
        except psutil.Error:  # it died: the pipe says so at the next look
            return 0
        return info.rss - getattr(info, "shared", 0)

    def ask(self, job: Job, timeout: float, memory_limit: int) -> Answer:
        """The worker's answer to `job`; QueryTimedOut after `timeout` seconds, QueryOutOfMemory once
        the worker holds `memory_limit` bytes more than when the query began."""
        before = self.private_memory()
        self.connection.send(job)
        deadline = time.monotonic() + timeout
        while not self.connection.poll(max(0.0, min(WATCH_SECONDS, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                raise QueryTimedOut
            if self.private_memory() - before > memory_limit:
                raise QueryOutOfMemory
        return self.connection.recv()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(Exception):
            self.connection.close()


class WorkerPool:
    """A few workers; a request waits for an idle one, within the same timeout as its query."""

    def __init__(self, recipe: StoreRecipe, size: int, timeout: float, memory_limit: int):
        if size < 1:
            raise KgError("at least one worker is needed", "--workers")
        self.recipe, self.size, self.timeout, self.memory_limit = recipe, size, timeout, memory_limit
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        # one thread per worker waits for its answer (asyncio's default pool can be smaller than
        # --workers, and a query queued there would run past its time); one more per worker for
        # the moment an abandoned wait takes to notice that its worker was killed
        self._waiting = ThreadPoolExecutor(max_workers=2 * size, thread_name_prefix="kg-serve-wait")

    def start(self) -> None:
        """Start every worker and wait until each has opened the store (errors: KgError)."""
        workers = [Worker(self.recipe) for _ in range(self.size)]
        try:
            for worker in workers:
                worker.wait_ready()
        except BaseException:
            for worker in workers:
                worker.kill()
            raise
        self._all.update(workers)

    def attach(self) -> None:
        """Make the started workers available to the event loop the server runs in (call it inside)."""
        self._idle = asyncio.Queue()
        for worker in sorted(self._all, key=lambda w: w.process.pid or 0):
            self._idle.put_nowait(worker)

    async def run(self, job: Job) -> Answer:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            return Answer.error(503, f"every query worker stayed busy for {self.timeout:g} s; try again later")
        remaining = max(0.05, deadline - loop.time())
        try:
            reply = await loop.run_in_executor(self._waiting, worker.ask, job, remaining, self.memory_limit)
        except QueryTimedOut:
            self._replace(worker, loop)
            return Answer.error(503, f"the query ran longer than {self.timeout:g} s (--timeout) and was stopped")
        except QueryOutOfMemory:
            self._replace(worker, loop)
            return Answer.error(503, f"the query needed more than {self.memory_limit // 2**20:,} MB of memory "
                                     "(--max-query-memory) and was stopped")
        except (EOFError, OSError):
            self._replace(worker, loop)
            return Answer.error(500, "the query worker died while running the query; it has been replaced")
        except asyncio.CancelledError:
            # the request was given up while its query runs: the worker cannot take another one
            self._replace(worker, loop)
            raise
        self._idle.put_nowait(worker)
        return reply

    def _replace(self, worker: Worker, loop: asyncio.AbstractEventLoop) -> None:
        """Kill `worker`; start its successor in a thread and make it idle once it is ready."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)

        def start_successor() -> None:
            successor = Worker(self.recipe)
            try:
                successor.wait_ready()
            except KgError as error:
                successor.kill()
                logging.getLogger("uvicorn.error").warning("kg serve: a query worker could not be replaced "
                                                           "(%s); %d left", error, len(self._all))
                return
            with self._lock:
                self._all.add(successor)
            loop.call_soon_threadsafe(self._idle.put_nowait, successor)

        threading.Thread(target=start_successor, name="kg-serve-respawn", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
        self._waiting.shutdown(wait=False, cancel_futures=True)

"""What every store offers, and what the local ones share: checking a query, a timeout."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping
from typing import Protocol, TypeVar, runtime_checkable

from kg.errors import KgError
from kg.results import QueryResult

T = TypeVar("T")


@runtime_checkable
class Store(Protocol):
    """A place queries run: `memory`, `oxigraph`, `oxigraph:PATH`, `sparql+URL`."""

    name: str

    def query(self, sparql: str, *, bindings: Mapping | None = None, timeout: float | None = None,
              max_rows: int | None = None, source: str = "query", line_offset: int = 0) -> QueryResult:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); `bindings` map variable names
        (without '?') to rdflib terms, bound as terms, never written into the query text. A result
        of more than `max_rows` rows (or triples) is ResultTooLarge, as early as the store can tell.
        Errors in the query are located at `source:line:column`, as kg.sparql_safety.check_query does."""

    def rdflib_graph(self):
        """Everything in the store as one rdflib Graph (for SHACL, networkx, export)."""

    def close(self) -> None:
        """Let go of what the store holds (files, connections)."""


class QueryTimeout(KgError):
    """A query ran longer than it was allowed to."""


class ResultTooLarge(KgError):
    """A result has more rows (or triples) than the caller accepts; it is refused whole, never cut."""

    def __init__(self, kind: str, max_rows: int):
        unit = "triples" if kind == "graph" else "rows"
        super().__init__(f"the result has more than {max_rows:,} {unit}", "query")
        self.max_rows = max_rows


class LocalStore(ABC):
    """A store in this process: checks each query first, then runs it under the timeout."""

    name = "local"

    def local_graphs(self) -> Collection[str]:
        """The named graphs a query's FROM may name."""
        return ()

    def query(self, sparql: str, *, bindings: Mapping | None = None, timeout: float | None = None,
              max_rows: int | None = None, source: str = "query", line_offset: int = 0) -> QueryResult:
        from kg.sparql_safety import check_query

        # the same source and offset as kg.query's check, so both hit one entry of check_query's cache
        info = check_query(sparql, local_graphs=self.local_graphs(), source=source, line_offset=line_offset)
        return call_with_timeout(lambda stop: self.execute(sparql, info, dict(bindings or {}), stop, max_rows),
                                 timeout)

    @abstractmethod
    def execute(self, sparql: str, info, bindings: dict, stop: threading.Event | None,
                max_rows: int | None = None) -> QueryResult:
        """Run a checked query (`info` is what kg.sparql_safety found out about it), giving up with
        Stopped as soon as it can once `stop` is set, and with ResultTooLarge as soon as the
        result has more than `max_rows` rows or triples."""

    @abstractmethod
    def rdflib_graph(self):
        """Everything in the store as one rdflib Graph."""

    def close(self) -> None:  # noqa: B027 - most local stores hold nothing but memory
        """Let go of what the store holds."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class Stopped(BaseException):
    """Raised by a query that was told to stop (BaseException: no `except Exception` eats it)."""


def check_stop(stop: threading.Event | None) -> None:
    if stop is not None and stop.is_set():
        raise Stopped


def call_with_timeout(function: Callable[[threading.Event | None], T], timeout: float | None) -> T:
    """`function(stop)`, or QueryTimeout when it takes longer than `timeout` seconds.

    The work runs in a thread. When its time is up the caller gets the error at once, and `stop`
    is set: the query gives up at the next triple it reads (rdflib) or the next solution
    (pyoxigraph, whose engine cannot be interrupted inside one).
    """
    if timeout is None:
        return function(None)
    if timeout <= 0:
        raise KgError("the timeout must be more than 0 seconds", "--timeout")
    stop = threading.Event()
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["value"] = function(stop)
        except Stopped:
            pass
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    thread = threading.Thread(target=work, name="kg-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        stop.set()
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped", "--timeout")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]

"""What every store offers, and what the local ones share: checking a query, a timeout."""

from __future__ import annotations

import ctypes
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

    def query(self, sparql: str, *, bindings: Mapping | None = None, timeout: float | None = None) -> QueryResult:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); `bindings` map variable names
        (without '?') to rdflib terms, bound as terms, never written into the query text."""

    def rdflib_graph(self):
        """Everything in the store as one rdflib Graph (for SHACL, networkx, export)."""

    def close(self) -> None:
        """Let go of what the store holds (files, connections)."""


class QueryTimeout(KgError):
    """A query ran longer than it was allowed to."""


class LocalStore(ABC):
    """A store in this process: checks each query first, then runs it under the timeout."""

    name = "local"

    def local_graphs(self) -> Collection[str]:
        """The named graphs a query's FROM may name."""
        return ()

    def query(self, sparql: str, *, bindings: Mapping | None = None, timeout: float | None = None,
              source: str = "query", line_offset: int = 0) -> QueryResult:
        from kg.sparql_safety import check_query

        info = check_query(sparql, local_graphs=self.local_graphs(), source=source, line_offset=line_offset)
        return call_with_timeout(lambda: self.execute(sparql, info, dict(bindings or {})), timeout)

    @abstractmethod
    def execute(self, sparql: str, info, bindings: dict) -> QueryResult:
        """Run a checked query (`info` is what kg.sparql_safety found out about it)."""

    @abstractmethod
    def rdflib_graph(self):
        """Everything in the store as one rdflib Graph."""

    def close(self) -> None:  # noqa: B027 - most local stores hold nothing but memory
        """Let go of what the store holds."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class _Stopped(BaseException):
    """Raised inside a query thread whose time is up (BaseException: no `except Exception` eats it)."""


def call_with_timeout(function: Callable[[], T], timeout: float | None) -> T:
    """`function()`, or QueryTimeout when it takes longer than `timeout` seconds.

    The work runs in a thread; when its time is up the thread is told to stop (at its next
    Python instruction: at once for rdflib, between two solutions for pyoxigraph, whose engine
    cannot be interrupted inside one) and the caller gets the error without waiting for it.
    """
    if timeout is None:
        return function()
    if timeout <= 0:
        raise KgError("the timeout must be more than 0 seconds", "--timeout")
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["value"] = function()
        except _Stopped:
            pass
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    thread = threading.Thread(target=work, name="kg-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Stopped))
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped", "--timeout")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]

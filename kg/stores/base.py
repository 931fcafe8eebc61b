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

    def query(self, sparql: str, *, bindings: Mapping | None = None, timeout: float | None = None) -> QueryResult:
        from kg.sparql_safety import check_query

        info = check_query(sparql, local_graphs=self.local_graphs())
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
    worker = _Worker(function)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        threading.Thread(target=worker.stop, name="kg-query-stopper", daemon=True).start()
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped", "--timeout")
    if worker.error is not None:
        raise worker.error
    return worker.value


class _Worker(threading.Thread):
    """Runs one query; can be stopped from another thread."""

    def __init__(self, function: Callable[[], T]):
        super().__init__(name="kg-query", daemon=True)
        self.function = function
        self.value = None
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._finished = False

    def run(self) -> None:
        try:
            self.value = self.function()
        except _Stopped:
            pass
        except BaseException as error:  # handed to the caller's thread
            self.error = error
        finally:
            with self._lock:
                self._finished = True
                # a stop sent while the query was ending must not fire later
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.ident), None)

    def stop(self) -> None:
        """Raise _Stopped in the query's thread, again if it landed where Python ignores exceptions
        (a finalizer), until the query has ended."""
        while self.is_alive():
            with self._lock:
                if self._finished:
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.ident), ctypes.py_object(_Stopped))
            self.join(0.2)

"""Ways to prove that kg reached for nothing: no connection, no file read, at any level.

Three witnesses, because each sees what the others cannot:
- an audit hook (sys.addaudithook) in a `kg` subprocess sees every socket, urllib request and
  open() made from Python (rdflib, pyshacl, urllib, kg itself);
- a listening socket on loopback sees a connection from any code, native parsers included;
- a FIFO sees any process or library opening it to read, native code included.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

# Installed before kg is imported. Network events are refused as well as recorded, so a
# regression cannot reach anything even if some library swallowed the error.
_AUDITED_MAIN = r"""
import json, os, sys
NETWORK = {"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
           "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"}
record = []
def hook(event, args):
    if event in NETWORK:
        record.append([event, repr(args)[:200]])
        raise PermissionError(f"kg test: {event} is not allowed")
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        record.append([event, os.fsdecode(args[0])])
sys.addaudithook(hook)
import atexit
atexit.register(lambda: open(os.environ["KG_AUDIT_LOG"], "w").write(json.dumps(record)))
"""
KG_MAIN = """
sys.argv[0] = "kg"
from kg.cli import main
main()
"""


@dataclass
class AuditedRun:
    result: subprocess.CompletedProcess
    events: list[list[str]] = field(default_factory=list)

    @property
    def network(self) -> list[list[str]]:
        return [event for event in self.events if event[0] != "open"]

    def opened(self, path: Path) -> bool:
        target = str(path)
        return any(event[0] == "open" and event[1] == target for event in self.events)


def run_kg_audited(*args: str, log_dir: Path, cwd: Path | None = None) -> AuditedRun:
    """`kg ARGS` in a subprocess whose audit hook records (and refuses) every network call and records opens."""
    return run_audited(KG_MAIN, *args, log_dir=log_dir, cwd=cwd)


def run_audited(code: str, *args: str, log_dir: Path, cwd: Path | None = None) -> AuditedRun:
    """Python `code` (with `args` in sys.argv[1:]) in a subprocess under the audit hook."""
    log = log_dir / "audit.json"
    result = subprocess.run(
        [sys.executable, "-c", _AUDITED_MAIN + code, *args],
        cwd=cwd or ROOT, env={**os.environ, "KG_AUDIT_LOG": str(log)},
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    events = json.loads(log.read_text()) if log.is_file() else []
    return AuditedRun(result, events)


class LoopbackListener:
    """A TCP port on 127.0.0.1 that nobody should connect to; `connections()` says who did."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self._socket.setblocking(False)
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def connections(self) -> int:
        # the kernel completes a connection into the backlog without accept(), so counting later is exact
        count = 0
        while True:
            try:
                connection, _ = self._socket.accept()
            except BlockingIOError:
                return count
            connection.close()
            count += 1

    def close(self) -> None:
        self._socket.close()


@contextlib.contextmanager
def loopback_listener() -> Iterator[LoopbackListener]:
    listener = LoopbackListener()
    try:
        yield listener
    finally:
        listener.close()


class FifoTrap:
    """A named pipe at `path`: opening it to read (from any code) sets `opened`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._wait_for_reader, daemon=True)
        self._thread.start()

    def _wait_for_reader(self) -> None:
        descriptor = os.open(self.path, os.O_WRONLY)  # blocks until someone opens the FIFO to read
        self._opened.set()
        os.close(descriptor)

    def was_opened(self) -> bool:
        return self._opened.is_set()

    def release(self) -> None:
        """Unblock the waiting thread (by reading ourselves) after the verdict was taken."""
        opened_before = self._opened.is_set()
        if not opened_before:
            descriptor = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            self._thread.join(timeout=5)
            os.close(descriptor)
        self._thread.join(timeout=5)


@contextlib.contextmanager
def fifo_trap(path: Path) -> Iterator[FifoTrap]:
    trap = FifoTrap(path)
    try:
        yield trap
    finally:
        trap.release()

"""Start and stop the real triple stores the remote-store tests talk to, on loopback.

Used two ways, so CI and a developer's machine start the servers the same way:
  * by .ci/servers.sh:  python tests/live_servers.py start DIR   (prints `export NAME=VALUE` lines)
                        python tests/live_servers.py stop DIR
  * by the pytest fixtures of tests/conftest.py when KG_TEST_OXIGRAPH_URL / KG_TEST_VIRTUOSO_URL are
    not set but the binaries are installed (each server then lives for the test session).

Every server writes its pid to DIR/NAME.pid; `stop` ends exactly those processes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIRTUOSO_INI_TEMPLATE = ROOT / ".ci" / "virtuoso.ini"
# Virtuoso's ResultSetMaxRows for the tests: above every saved query's row count, below the graph's size
VIRTUOSO_MAX_ROWS = 5000
# the Oxigraph server stops a query after this long, so a test of a client-side timeout does not
# leave it computing for minutes
OXIGRAPH_SERVER_TIMEOUT_S = 10
STARTUP_SECONDS = 90


@dataclass
class LiveServer:
    name: str
    url: str  # the server's base URL, without a path
    pid: int
    user: str | None = None
    password: str | None = None

    def environment(self) -> dict[str, str]:
        prefix = f"KG_TEST_{self.name.upper()}"
        env = {f"{prefix}_URL": self.url}
        if self.user is not None:
            env[f"{prefix}_USER"] = self.user
        if self.password is not None:
            env[f"{prefix}_PASSWORD"] = self.password
        if self.name == "virtuoso":
            env[f"{prefix}_MAX_ROWS"] = str(VIRTUOSO_MAX_ROWS)
        return env


class ServerStartError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("oxigraph")


def virtuoso_binaries() -> tuple[str, str] | None:
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql-v")
    return (server, isql) if server and isql else None


def _spawn(command: list[str], directory: Path, name: str) -> subprocess.Popen:
    log = open(directory / f"{name}.out", "ab")  # noqa: SIM115 -- the child keeps it open
    process = subprocess.Popen(command, cwd=directory, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    (directory / f"{name}.pid").write_text(str(process.pid))
    return process


def _wait_until_answering(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ServerStartError(f"{process.args[0]} exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    _terminate(process.pid)
    raise ServerStartError(f"no answer from {url} after {STARTUP_SECONDS} s")


def start_oxigraph(directory: Path) -> LiveServer:
    binary = oxigraph_binary()
    if binary is None:
        raise ServerStartError("the oxigraph binary is not installed (pip install oxigraph)")
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = _spawn([binary, "serve", "--location", str(directory / "oxigraph-db"),
                      "--bind", f"127.0.0.1:{port}", "--timeout-s", str(OXIGRAPH_SERVER_TIMEOUT_S)],
                     directory, "oxigraph")
    url = f"http://127.0.0.1:{port}"
    _wait_until_answering(f"{url}/query?query=ASK%7B%7D", process, directory / "oxigraph.out")
    return LiveServer("oxigraph", url, process.pid)


def start_virtuoso(directory: Path) -> LiveServer:
    binaries = virtuoso_binaries()
    if binaries is None:
        raise ServerStartError("virtuoso-t / isql-vt are not installed (apt-get install virtuoso-opensource)")
    server_binary, isql = binaries
    folder = directory / "virtuoso"
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI_TEMPLATE.read_text().format(dir=folder, sql_port=sql_port, http_port=http_port,
                                                   max_rows=VIRTUOSO_MAX_ROWS)
    (folder / "virtuoso.ini").write_text(ini)
    process = _spawn([server_binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                     directory, "virtuoso")
    url = f"http://127.0.0.1:{http_port}"
    _wait_until_answering(f"{url}/sparql?query=ASK%7B%7D", process, folder / "virtuoso.log")
    # a fresh database has the well-known password dba/dba: replace it before anything else
    password = secrets.token_hex(16)  # nothing to escape in the SQL string literal
    change = f"exec=USER_SET_PASSWORD('dba', '{password}');"
    result = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", change], capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    if result.returncode != 0 or "Error" in result.stdout:
        _terminate(process.pid)
        raise ServerStartError(f"could not set the dba password: {result.stdout[-500:]} {result.stderr[-500:]}")
    return LiveServer("virtuoso", url, process.pid, user="dba", password=password)


STARTERS = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}


def _terminate(pid: int, grace_seconds: float = 20) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline:
            try:
                finished, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not our child: poll for its end instead
                os.kill(pid, 0)
                finished = 0
            if finished == pid:
                return
            time.sleep(0.2)
        os.kill(pid, signal.SIGKILL)


def stop_server(directory: Path, name: str) -> None:
    pidfile = directory / f"{name}.pid"
    if pidfile.is_file():
        _terminate(int(pidfile.read_text()))
        pidfile.unlink()


def stop_all(directory: Path) -> None:
    for name in STARTERS:
        stop_server(directory, name)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: live_servers.py start|stop DIR", file=sys.stderr)
        return 2
    action, directory = argv[0], Path(argv[1])
    if action == "stop":
        stop_all(directory)
        return 0
    for name, start in STARTERS.items():
        try:
            server = start(directory)
        except ServerStartError as error:
            # the tests that need this server then fail in CI (KG_REQUIRE_INTEGRATION=1), saying why
            message = f"warning: {name} not started: {str(error).splitlines()[0]}"
            print(f"echo {shlex.quote(message)} >&2")
            continue
        for key, value in sorted(server.environment().items()):
            print(f"export {key}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

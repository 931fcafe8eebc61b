"""Running `kg serve`: bind the port, start the query workers, serve until interrupted."""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from pathlib import Path

from kg.errors import KgError
from kg.serve.app import ServeSettings, create_app
from kg.serve.workers import StoreRecipe, WorkerPool


def serve_project(project, settings: ServeSettings, store_spec: str, graph_files: Sequence[Path],
                  announce: Callable[[str], None]) -> None:
    """Serve the project's graph (or `graph_files`) from the store `store_spec`."""
    from kg.queries import load_catalogue
    from kg.stores import parse_spec

    name, argument = parse_spec(store_spec)  # a malformed spec is an error before anything starts
    if not graph_files and argument is None and name in ("memory", "oxigraph"):
        from kg.pipeline import built_graph_file

        built_graph_file(project)  # the note on a stale build, said once here rather than by every worker
    recipe = StoreRecipe(store_spec, str(project.root.resolve()), tuple(str(Path(p).resolve()) for p in graph_files))
    catalogue = load_catalogue(project.queries) if project.queries.is_dir() else {}
    pool = WorkerPool(recipe, settings.workers, settings.timeout, settings.max_query_memory * 2**20)
    run_server(settings, pool, catalogue, announce)


def bind_socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything else starts, so a busy port is a one-line error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise KgError(f"cannot use this address: {error.strerror}", "--host") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise KgError(f"cannot listen on {host}:{port}: {error.strerror}", "--port") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_server(settings: ServeSettings, pool: WorkerPool, catalogue: dict, announce: Callable[[str], None]) -> None:
    """Bind, start the workers, say where we are (`announce(url)`), serve until interrupted."""
    import uvicorn

    sock = bind_socket(settings.host, settings.port)
    try:
        pool.start()
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        announce(f"http://{shown}:{port}/")
        config = uvicorn.Config(create_app(settings, pool, catalogue), log_level="warning", access_log=False,
                                lifespan="on", timeout_graceful_shutdown=5)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        pool.close()
        sock.close()

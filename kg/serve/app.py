"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and a browser page, on loopback by default.

    /sparql             the endpoint: GET ?query=, POST urlencoded or application/sparql-query
    /                   the page (static/index.html): editor, saved queries, table, graph view
    /api/queries        the saved queries, with their parameters filled in (for the page)
    /vendor/…           vis-network from the installed pyvis package: the page works offline

Status codes: 400 malformed or refused query (updates, SERVICE, LOAD, FROM of graphs the store
does not hold) with the parser's message; 403 an update operation; 406 no acceptable format;
413 a request body over --max-request-bytes; 415 an unknown request content type; 422 a
result over --max-rows; 503 a query over --timeout or --max-query-memory (its worker is replaced;
the server goes on).
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.errors import KgError
from kg.serve.workers import Answer, Job, WorkerPool

STATIC = Path(__file__).resolve().parent / "static"
# the saved query the page runs when an entity is clicked: everything known about one entity
ENTITY_QUERY = "about"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

# the page loads only what this server serves; nothing can be fetched from elsewhere
SECURITY_HEADERS = {
    "content-security-policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@dataclass(frozen=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0  # seconds per query
    max_rows: int = 10_000  # rows of a SELECT, triples of a CONSTRUCT/DESCRIBE
    max_request_bytes: int = 1_000_000
    cors_origins: tuple[str, ...] = ()
    workers: int = 2
    max_query_memory: int = 1024  # megabytes a query may add to its worker's memory


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                         if name.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def text_response(status: int, message: str) -> Response:
    error = Answer.error(status, message)
    return Response(error.body, status_code=error.status, media_type=error.content_type)


def parse_form(body: bytes) -> dict[str, list[str]]:
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise KgError("the form is not UTF-8") from None


def protocol_query(url: dict[str, list[str]], form: dict[str, list[str]] | None, body_query: str | None) -> str:
    """The one query of a SPARQL Protocol request (`url`: the fields of its query string); KgError
    (→ 400) when it is missing, doubled, or comes with dataset parameters this endpoint does not take."""
    fields = {name: list(values) for name, values in url.items()}
    for name, values in (form or {}).items():
        fields.setdefault(name, []).extend(values)
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in fields:
            raise KgError(f"{name} is not supported: this endpoint serves one dataset (name its graphs with FROM)")
    queries = fields.get("query", [])
    if body_query is not None:
        if queries:
            raise KgError("the query is both in the body and in a query parameter")
        queries = [body_query]
    if len(queries) != 1:
        raise KgError("give exactly one query (query=…)" if queries else "no query: send query=… (SPARQL 1.1 Protocol)")
    return queries[0]


def is_update(url: dict[str, list[str]], form: dict[str, list[str]] | None, content_type: str) -> bool:
    return content_type == "application/sparql-update" or "update" in (form or {}) or "update" in url


def create_app(settings: ServeSettings, pool: WorkerPool, catalogue: dict | None = None) -> Starlette:
    """The endpoint and the page; `pool` runs the queries, `catalogue` holds the saved queries."""
    catalogue = catalogue or {}
    # the catalogue does not change while the server runs, and binding every saved query parses it
    # with rdflib: done on the event loop, once is enough
    listing: dict | None = None

    async def sparql(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        form, body_query = None, None
        if request.method == "POST":
            try:
                body = await read_body(request, settings.max_request_bytes)
            except RequestTooLarge:
                return text_response(413, f"the request is larger than {settings.max_request_bytes:,} bytes "
                                          "(--max-request-bytes)")
            try:
                if content_type == "application/x-www-form-urlencoded":
                    form = parse_form(body)
                elif content_type == "application/sparql-query":
                    body_query = body.decode("utf-8")
                elif content_type != "application/sparql-update":
                    return text_response(415, "send the query as application/x-www-form-urlencoded (query=…) "
                                              "or as application/sparql-query")
            except (KgError, UnicodeDecodeError) as error:
                return text_response(400, f"the request is not UTF-8: {error}")
        url = parse_qs(request.url.query, keep_blank_values=True)
        if is_update(url, form, content_type):
            return text_response(403, "this endpoint is read-only: updates are refused")
        try:
            query = protocol_query(url, form, body_query)
        except KgError as error:
            return text_response(400, str(error))
        reply: Answer = await pool.run(Job(query, request.headers.get("accept"), settings.max_rows))
        return Response(reply.body, status_code=reply.status, media_type=reply.content_type,
                        headers={"vary": "Accept"})

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    async def queries(request: Request) -> Response:
        nonlocal listing
        if listing is None:
            from kg.namespaces import PREFIXES

            listing = {"prefixes": PREFIXES, "entity_query": entity_query(catalogue),
                       "queries": [example(saved, {}) for saved in catalogue.values()]}
        return JSONResponse(listing)

    async def bound_query(request: Request) -> Response:
        saved = catalogue.get(request.path_params["name"])
        if saved is None:
            return text_response(404, f"no saved query {request.path_params['name']!r}")
        try:
            return JSONResponse(example(saved, dict(request.query_params)))
        except KgError as error:
            return text_response(400, str(error))

    async def vendor(request: Request) -> Response:
        name = request.path_params["name"]
        path = vis_network_files().get(name)
        if path is None:
            return text_response(404, "not here")
        return FileResponse(path)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        pool.attach()
        try:
            yield
        finally:
            pool.close()

    from kg.remote import is_loopback  # kg.remote imports httpx, which serving never needs

    middleware = [Middleware(SecurityHeaders)]
    if is_loopback(settings.host):
        # a web page elsewhere cannot reach this server through a name that resolves to loopback
        # (DNS rebinding); every loopback address needs this, not only 127.0.0.1
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=trusted_hosts(settings.host)))
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["Accept", "Content-Type"]))
    routes = [
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/queries", queries),
        Route("/api/queries/{name}", bound_query),
        Route("/vendor/{name}", vendor),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def trusted_hosts(host: str) -> list[str]:
    """The Host header values (without port) a server listening on loopback `host` answers: the
    loopback names and `host` itself as a browser writes it (an IPv6 address in brackets,
    shortened: `0:0:0:0:0:0:0:1` arrives as `[::1]`)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        bound = host.lower()
    else:
        bound = f"[{address.compressed}]" if address.version == 6 else address.compressed
    return list(dict.fromkeys((*LOOPBACK_NAMES, bound)))


def example(saved, given: dict[str, str]) -> dict:
    """A saved query for the page: what it is, and its text with its parameters bound (defaults,
    or the values `given`) as a VALUES block, so it runs as it stands."""
    from kg.bindings import with_values
    from kg.parameters import bind_parameters

    bindings = bind_parameters(saved.parameters, given)
    return {**saved.summary(), "sparql": with_values(saved.text, bindings)}


def entity_query(catalogue: dict) -> dict | None:
    """The saved query (and its IRI parameter) that shows everything about an entity, if there is one."""
    saved = catalogue.get(ENTITY_QUERY)
    parameter = next((p for p in saved.parameters if p.type == "iri"), None) if saved else None
    return {"name": saved.name, "parameter": parameter.name} if parameter else None


@functools.cache
def vis_network_files() -> dict[str, Path]:
    """vis-network's script and style sheet, from the pyvis package (no CDN)."""
    from kg.viz.page import vis_folder

    folder = vis_folder()
    return {"vis-network.min.js": folder / "vis-network.min.js", "vis-network.css": folder / "vis-network.css"}

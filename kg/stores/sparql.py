"""The `sparql` store: any SPARQL 1.1 endpoint, through SPARQLWrapper (spec `sparql+https://host/sparql`).

The same checks as for a local store run first (malformed → error, updates, SERVICE and LOAD
refused); parameters travel as VALUES blocks written from RDF terms (kg.scoped_values, on
kg.bindings), never pasted into the text. Every request has a timeout. The password (from the
environment, see kg.remote) is sent only to a server that asks for it, and never printed.

Endpoints that cut results short without saying so in the body are caught by their headers:
Virtuoso sends `X-SPARQL-MaxRows` when ResultSetMaxRows cut the result, and `X-SQL-State: S1TAT`
when its timeout returned partial ("anytime") results. Either is an error here, never a
shorter answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from kg.errors import KgError
from kg.remote import Connection, check_endpoint_url, first_line, whole_seconds
from kg.results import QueryResult
from kg.stores.base import ResultTooLarge

# Virtuoso's headers for a cut result: the row cap it applied, and the SQL state of a partial answer
MAX_ROWS_HEADER = "x-sparql-maxrows"
SQL_STATE_HEADER = "x-sql-state"
PARTIAL_RESULT_STATES = {"S1TAT"}  # "anytime query": the timeout struck, partial results returned
TURTLE_TYPES = ("text/turtle", "application/turtle", "application/x-turtle")


class SparqlStore:
    """A remote endpoint. `graph_iri`, when given, is the dataset's default graph (default-graph-uri)."""

    name = "sparql"

    def __init__(self, endpoint: str, connection: Connection | None = None, graph_iri: str | None = None):
        self.connection = connection or Connection()
        self.endpoint = check_endpoint_url(endpoint, insecure=self.connection.insecure)
        self.graph_iri = graph_iri
        self._auth: tuple[str, str | None] | None = None  # (BASIC or DIGEST, realm), once the server asked

    def query(self, sparql: str, *, bindings: Mapping | None = None, timeout: float | None = None,
              max_rows: int | None = None, source: str = "query", line_offset: int = 0) -> QueryResult:
        from kg.scoped_values import with_values_in_groups
        from kg.sparql_safety import QUERY_BASE, check_query

        # FROM names graphs of the remote store (nothing is fetched); the rest is checked as locally
        info = check_query(sparql, local_graphs=None, source=source, line_offset=line_offset)
        # relative IRIs mean here what they mean locally (a BASE of the query's own comes later
        # and wins); on the first line, so the endpoint's line numbers stay the user's
        text = f"BASE <{QUERY_BASE}> " + with_values_in_groups(sparql, dict(bindings or {}))
        seconds = whole_seconds(timeout or self.connection.timeout)
        body, headers = self._request(text, info.form, seconds)
        check_complete(headers, seconds)
        if info.kind == "graph":
            result = QueryResult("graph", graph=parse_graph(body, headers.get("content-type", "")))
        else:
            result = parse_results_json(body)
        cap = headers.get(MAX_ROWS_HEADER)
        if cap is not None and _number(cap) is not None and len(result) >= _number(cap):
            raise truncated(cap)
        if max_rows is not None and result.kind != "ask" and len(result) > max_rows:
            raise ResultTooLarge(result.kind, max_rows)
        return result

    def _request(self, text: str, form: str, seconds: int) -> tuple[bytes, dict]:
        import urllib.error

        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        wrapper = SPARQLWrapper(self.endpoint, agent="yubei-kg")
        wrapper.setMethod(POST)
        wrapper.setQuery(text)
        wrapper.queryType = form  # known from the parse; SPARQLWrapper would guess it with a regex
        wrapper.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
        # Virtuoso (and Stardog) stop a query after `timeout` milliseconds and answer what they have,
        # marked partial (refused below); others ignore the parameter. Virtuoso takes up to about
        # twice that to answer, so we wait that long before giving up on the connection.
        wrapper.addParameter("timeout", str(seconds * 1000))
        wrapper.setTimeout(2 * seconds + 2)
        if self.graph_iri:
            wrapper.addDefaultGraph(self.graph_iri)
        self._authenticate(wrapper)
        try:
            response = wrapper.query()
            body = response.response.read()
            headers = {key.lower(): value for key, value in response.info().items()}
        except SPARQLWrapperException as error:
            raise endpoint_error(error, self.endpoint, self.connection.credentials is not None) from None
        except urllib.error.HTTPError as error:
            detail = first_line(error.read(2000).decode("utf-8", errors="replace"), 240)
            raise KgError(f"{self.endpoint} answered {error.code} {error.reason}{': ' + detail if detail else ''}",
                          "--endpoint") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise connection_error(error, self.endpoint, seconds) from None
        return body, headers

    def _authenticate(self, wrapper) -> None:
        """Give SPARQLWrapper the credentials in the scheme the server asks for (learnt once, by a
        GET without credentials), or none when it asks for none."""
        from SPARQLWrapper import BASIC, DIGEST

        credentials = self.connection.credentials
        if credentials is None:
            return
        if self._auth is None:
            self._auth = self._learn_scheme()
        scheme, realm = self._auth
        if scheme is None:
            return
        wrapper.setCredentials(credentials.user, credentials.password, realm=realm or "SPARQL")
        wrapper.setHTTPAuth(DIGEST if scheme == "digest" else BASIC)

    def _learn_scheme(self) -> tuple[str | None, str | None]:
        import httpx

        from kg.remote import http_client, network_error, probe_challenge, supported_challenge

        try:
            with http_client(self.connection) as client:
                probed = probe_challenge(client, self.endpoint)
        except httpx.HTTPError as error:
            raise network_error(error, self.endpoint, self.connection.timeout) from None
        if probed is None:
            return (None, None)  # the endpoint is open: the password is not sent
        challenge = supported_challenge(probed[1].headers.get("www-authenticate"), "endpoint")
        return (challenge.scheme, challenge.realm)

    def rdflib_graph(self):
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return result.graph

    def close(self) -> None:
        """Nothing to let go: every request opens and closes its own connection."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# --- what came back -------------------------------------------------------------------------------


def _number(text: str) -> int | None:
    try:
        return int(str(text).strip())
    except ValueError:
        return None


def truncated(cap: str) -> KgError:
    return KgError(f"the endpoint cut the result at {cap} rows (its result limit, Virtuoso's ResultSetMaxRows); "
                   "the answer is incomplete: add LIMIT/OFFSET or narrow the query", "--endpoint")


def check_complete(headers: Mapping[str, str], seconds: int) -> None:
    """Refuse a result the endpoint marked as partial."""
    state = (headers.get(SQL_STATE_HEADER) or "").strip().upper()
    if state in PARTIAL_RESULT_STATES:
        message = first_line(headers.get("x-sql-message") or "", 120)
        raise KgError(f"the query ran out of time ({seconds} s, --timeout) and the endpoint returned partial "
                      f"results, which are not shown ({state}{': ' + message if message else ''})", "--endpoint")


def parse_results_json(body: bytes) -> QueryResult:
    """SPARQL 1.1 Query Results JSON → QueryResult with rdflib terms."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise KgError(f"the endpoint did not answer with SPARQL results JSON: {first_line(_text(body), 120)}",
                      "--endpoint") from None
    if not isinstance(document, dict):
        raise KgError("the endpoint's answer is not SPARQL results JSON", "--endpoint")
    if "boolean" in document:
        return QueryResult("ask", boolean=bool(document["boolean"]))
    try:
        variables = [str(name) for name in document["head"]["vars"]]
        rows = [{name: json_to_term(binding[name]) if name in binding else None for name in variables}
                for binding in document["results"]["bindings"]]
    except (KeyError, TypeError) as error:
        raise KgError(f"the endpoint's SPARQL results JSON lacks {error}", "--endpoint") from None
    return QueryResult("select", variables, rows)


def json_to_term(value: Mapping):
    from rdflib import BNode, Literal, URIRef

    kind, text = value.get("type"), value.get("value")
    if text is None:
        raise KgError("a result value without a value", "--endpoint")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):  # typed-literal: the 2008 note Virtuoso still writes
        language = value.get("xml:lang")
        datatype = value.get("datatype")
        if language:
            return Literal(text, lang=language)
        return Literal(text, datatype=URIRef(datatype) if datatype else None)
    raise KgError(f"a result value of unknown type {kind!r}", "--endpoint")


def parse_graph(body: bytes, content_type: str):
    """The endpoint's CONSTRUCT/DESCRIBE answer (Turtle, or N-Triples) as an rdflib Graph."""
    import pyoxigraph
    from rdflib import Graph

    from kg.rdfio import add_quads

    media = content_type.split(";")[0].strip().lower()
    if media in TURTLE_TYPES or media in ("", "text/plain", "application/n-triples"):
        rdf_format = pyoxigraph.RdfFormat.TURTLE  # N-Triples is Turtle too
    elif media in ("application/rdf+xml",):
        rdf_format = pyoxigraph.RdfFormat.RDF_XML
    else:
        raise KgError(f"the endpoint answered a graph as {media!r}, not Turtle", "--endpoint")
    graph = Graph()
    try:
        add_quads(graph, pyoxigraph.parse(body, format=rdf_format))
    except SyntaxError as error:
        raise KgError(f"the endpoint's graph does not parse: {error.msg or error}", "--endpoint") from None
    return graph


def _text(body: bytes) -> str:
    return body[:2000].decode("utf-8", errors="replace")


# --- errors ---------------------------------------------------------------------------------------


def endpoint_error(error, endpoint: str, sent_credentials: bool = False) -> KgError:
    """A SPARQLWrapper error (the endpoint answered 4xx/5xx) as one line."""
    from SPARQLWrapper.SPARQLExceptions import (
        EndPointInternalError,
        EndPointNotFound,
        QueryBadFormed,
        Unauthorized,
        URITooLong,
    )

    detail = first_line(server_message(error), 240)
    what = {
        QueryBadFormed: "refused the query as malformed (400)",
        EndPointNotFound: "has no SPARQL endpoint there (404)",
        Unauthorized: ("refused the credentials (401): check --user and the password in the environment"
                       if sent_credentials else "asks for a password (401): pass --user NAME and put the password "
                                                "in $KG_ENDPOINT_PASSWORD"),
        URITooLong: "found the request too long (414)",
        EndPointInternalError: "failed to run the query (500)",
    }.get(type(error), "failed")
    return KgError(f"{endpoint} {what}{': ' + detail if detail else ''}", "--endpoint")


def server_message(error) -> str:
    """The server's own words in a SPARQLWrapper error, which keeps them only as the repr of the
    response bytes at the end of its message ("QueryBadFormed: … Response:\nb'…'")."""
    import ast

    _, marker, raw = str(error).partition("Response:\n")
    if not marker:
        return ""
    try:
        value = ast.literal_eval(raw.strip())
    except (ValueError, SyntaxError):
        return raw
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def connection_error(error: BaseException, endpoint: str, seconds: int) -> KgError:
    """A request that got no answer as one line (`seconds`: the --timeout, which we wait twice for)."""
    import socket
    from urllib.parse import urlsplit

    host = urlsplit(endpoint).netloc
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError):
        return KgError(f"{host} gave no answer within {2 * seconds + 2} s (--timeout {seconds}: the query's "
                       "time, and as long again for the answer)", "--endpoint")
    if isinstance(reason, ConnectionRefusedError):
        return KgError(f"cannot connect to {host}: connection refused (is the server running?)", "--endpoint")
    if isinstance(reason, socket.gaierror):
        return KgError(f"cannot resolve the host name {urlsplit(endpoint).hostname}", "--endpoint")
    return KgError(f"the connection to {host} failed: {first_line(str(reason), 200)}", "--endpoint")


def open_sparql_store(argument: str | None, *, project=None, graph_files: Sequence[Path] = (),
                      connection: Connection | None = None, graph_iri: str | None = None) -> SparqlStore:
    if not argument:
        raise KgError("the sparql store needs the endpoint's URL: sparql+https://host/sparql", "--store")
    if graph_files:
        raise KgError("--graph reads local files; a remote endpoint queries its own data", "--graph")
    if connection is None:
        from kg.remote import credentials_from

        connection = Connection(credentials_from())  # $KG_ENDPOINT_USER and $KG_ENDPOINT_PASSWORD, if set
    return SparqlStore(argument, connection, graph_iri)

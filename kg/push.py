"""`kg push`: put the graph into a remote triple store, replacing one named graph.

Two ways in, chosen by name: the SPARQL 1.1 Graph Store HTTP Protocol (PUT replaces the graph;
Oxigraph server's /store, Virtuoso's /sparql-graph-crud-auth) and SPARQL 1.1 Update (DROP +
INSERT DATA; for stores that offer only an update endpoint).

The graph goes as N-Triples. A graph larger than one request is sent in chunks: the first
replaces the named graph, the others add to it. Blank nodes are labelled per request by the
server, so triples that share a blank node always travel in the same chunk. When a request
fails, the error says what the remote graph now holds.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.parameters import IRI_FORBIDDEN, SCHEME

if TYPE_CHECKING:  # httpx (through kg.remote) is imported when a push runs, not for `kg push --help`
    from kg.remote import Connection

DEFAULT_GRAPH_IRI = "https://w3id.org/yubei-kg/graph"
# triples per request: a Graph Store takes a whole file; Virtuoso refuses an INSERT DATA of more
# than about 1,500 triples ("generated SQL text has exceeded 10000 lines")
DEFAULT_CHUNK_TRIPLES = {"graph-store": 50_000, "update": 1_000}
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class PushTarget:
    endpoint: str  # the Graph Store endpoint, or the SPARQL Update endpoint
    graph_iri: str
    connection: Connection


@dataclass(frozen=True)
class PushReport:
    target: PushTarget
    method: str
    triples: int
    requests: int

    def text(self) -> str:
        return (f"replaced <{self.target.graph_iri}> at {self.target.endpoint} with {self.triples:,} triples "
                f"({self.method}, {self.requests} request{'s' if self.requests != 1 else ''})")


class PushFailed(KgError):
    pass


# --- the triples, in chunks --------------------------------------------------------------------


def ntriples_line(triple) -> str:
    """One triple as an N-Triples line (pyoxigraph writes the escapes N-Triples requires)."""
    import pyoxigraph

    from kg.rdfio import to_oxigraph_term

    return str(pyoxigraph.Triple(*(to_oxigraph_term(term) for term in triple))) + " ."


def ntriples_chunks(graph, chunk_triples: int) -> list[list[str]]:
    """The graph's triples as sorted N-Triples lines, in chunks of about `chunk_triples`;
    the triples around one blank node (connected through blank nodes) stay together."""
    from rdflib import BNode

    if chunk_triples < 1:
        raise KgError("a chunk must hold at least one triple", "--chunk-triples")
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        from rdflib.compare import to_canonical_graph

        graph = to_canonical_graph(graph)  # the same blank node labels, so the same requests, every time
    parent: dict = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in graph:
        blanks = [term for term in triple if isinstance(term, BNode)]
        for other in blanks[1:]:
            parent[root(other)] = root(blanks[0])
    groups: dict[object, list[str]] = {}
    for triple in graph:
        blank = next((term for term in triple if isinstance(term, BNode)), None)
        try:
            line = ntriples_line(triple)
        except ValueError as error:  # rdflib lets an IRI with spaces in; N-Triples and the stores do not
            raise KgError(f"the graph cannot be sent: {error} in the triple ({', '.join(map(repr, map(str, triple)))})"
                          ) from None
        groups.setdefault(root(blank) if blank is not None else line, []).append(line)
    chunks: list[list[str]] = [[]]
    for lines in sorted((sorted(lines) for lines in groups.values()), key=lambda lines: lines[0]):
        if chunks[-1] and len(chunks[-1]) + len(lines) > chunk_triples:
            chunks.append([])
        chunks[-1].extend(lines)
    return chunks


# --- the two protocols ------------------------------------------------------------------------

@dataclass(frozen=True)
class Request:
    method: str
    url: str
    content_type: str
    body: bytes


def graph_store_url(target: PushTarget) -> str:
    separator = "&" if urllib.parse.urlsplit(target.endpoint).query else "?"
    return target.endpoint + separator + urllib.parse.urlencode({"graph": target.graph_iri})


def graph_store_request(target: PushTarget, lines: list[str], first: bool) -> Request:
    """SPARQL 1.1 Graph Store Protocol: PUT replaces the named graph, POST adds to it."""
    body = "".join(line + "\n" for line in lines).encode("utf-8")
    return Request("PUT" if first else "POST", graph_store_url(target), NTRIPLES, body)


def update_request(target: PushTarget, lines: list[str], first: bool) -> Request:
    """SPARQL 1.1 Update: the first request drops the graph and inserts, the others insert."""
    graph = f"<{target.graph_iri}>"
    operations = [f"DROP SILENT GRAPH {graph}"] if first else []
    if lines:
        operations.append(f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }")
    body = " ;\n".join(operations).encode("utf-8")
    return Request("POST", target.endpoint, "application/sparql-update", body)


PUSH_METHODS: dict[str, Callable[[PushTarget, list[str], bool], Request]] = {
    "graph-store": graph_store_request,
    "update": update_request,
}


# --- pushing -----------------------------------------------------------------------------------


def check_graph_iri(iri: str) -> str:
    if not SCHEME.match(iri) or IRI_FORBIDDEN.search(iri):
        raise KgError(f"not an absolute IRI: {iri!r}", "--graph-iri")
    return iri


def push_graph(graph, target: PushTarget, method: str = "graph-store", chunk_triples: int | None = None) -> PushReport:
    """Replace the named graph `target.graph_iri` at `target.endpoint` with `graph`."""
    import httpx

    from kg.remote import authenticated, check_endpoint_url, http_client, network_error

    make_request = PUSH_METHODS.get(method)
    if make_request is None:
        raise KgError(f"unknown method {method!r}; choose one of {', '.join(PUSH_METHODS)}", "--method")
    # a wrong option is told before the graph is canonicalised and written out, which can take long
    check_graph_iri(target.graph_iri)
    check_endpoint_url(target.endpoint, insecure=target.connection.insecure)
    chunks = ntriples_chunks(graph, chunk_triples or DEFAULT_CHUNK_TRIPLES[method])
    timeout, credentials = target.connection.timeout, target.connection.credentials
    total = sum(len(chunk) for chunk in chunks)
    with http_client(target.connection) as client:
        try:
            auth = authenticated(client, make_request(target, [], True).url, credentials)
        except httpx.HTTPError as error:
            raise network_error(error, target.endpoint, timeout, credentials) from None
        for number, chunk in enumerate(chunks):
            request = make_request(target, chunk, number == 0)
            try:
                response = client.request(request.method, request.url, content=request.body, auth=auth,
                                          headers={"Content-Type": request.content_type})
                response.raise_for_status()
            except httpx.HTTPError as error:
                # an error status or a refused connection: the store did not apply this request;
                # no answer at all (a timeout, a dropped connection): it may have
                applied = not isinstance(error, httpx.HTTPStatusError | httpx.ConnectError)
                raise _failed(network_error(error, target.endpoint, timeout, credentials), target, chunks,
                              number, maybe_applied=applied) from None
    return PushReport(target, method, total, len(chunks))


def _failed(error: KgError, target: PushTarget, chunks: list[list[str]], number: int,
            maybe_applied: bool) -> PushFailed:
    """The error, and what the remote graph holds now: a store applies a request whole or not at
    all, but a request that got no answer may have been applied."""
    graph = f"<{target.graph_iri}>"
    total = sum(len(chunk) for chunk in chunks)
    before = sum(len(chunk) for chunk in chunks[:number])
    with_this = before + len(chunks[number])
    step = f"request {number + 1} of {len(chunks)}"
    if number == 0 and not maybe_applied:
        state = f"{graph} is as it was before"
    elif number == 0:
        state = (f"{graph} is either as it was before or already holds the first {with_this:,} of {total:,} "
                 "triples")
    elif not maybe_applied:
        state = f"{graph} is INCOMPLETE: it holds the first {before:,} of {total:,} triples"
    else:
        state = f"{graph} is INCOMPLETE: it holds the first {before:,} (or {with_this:,}) of {total:,} triples"
    advice = "" if number == 0 and not maybe_applied else "; push again to replace it"
    return PushFailed(f"{step} failed: {error.message}; {state}{advice}", error.where)

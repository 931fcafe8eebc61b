"""kg serve."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_option, project_option


@click.command(epilog="""\b
Examples:
  kg serve                               http://127.0.0.1:7878/ : the page; /sparql : the endpoint
  kg serve --graph other.ttl --port 8000
  kg serve --timeout 10 --max-rows 5000
  kg serve --workers 4 --max-query-memory 512
  kg serve --cors http://localhost:3000  let one web app of yours call the endpoint
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
       http://127.0.0.1:7878/sparql

\b
Read-only: updates are answered 403; malformed queries, SERVICE, LOAD and FROM of
graphs the store does not hold 400; a query over --timeout or --max-query-memory
503 (the server goes on); a result over --max-rows 422. Listens on 127.0.0.1 unless
--host says otherwise.""")
@project_option
@graph_option
@click.option("--store", "store_spec", default="oxigraph", show_default=True, metavar="SPEC",
              help="Where queries run: oxigraph (in memory), memory (rdflib), oxigraph:PATH, sparql+URL.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface, reachable from other machines).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port; the address is printed).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30, show_default=True,
              help="Seconds a query may run before it is stopped (answered 503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (or triples) a result may have; larger ones are refused (422).")
@click.option("--max-request-bytes", type=click.IntRange(min=1024), default=1_000_000, show_default=True,
              help="Largest request body accepted (413 above it).")
@click.option("--workers", type=click.IntRange(min=1, max=16), default=2, show_default=True,
              help="Queries run at the same time (each worker holds its own copy of the graph).")
@click.option("--max-query-memory", type=click.IntRange(min=16), default=1024, show_default=True, metavar="MB",
              help="Memory a query may add to its worker before it is stopped (answered 503).")
@click.option("--cors", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Allow browser pages from this origin to call the endpoint (repeatable; * for any). Off by default.")
def serve(project, graph_files: tuple[Path, ...], store_spec: str, host: str, port: int, timeout: float,
          max_rows: int, max_request_bytes: int, workers: int, max_query_memory: int,
          cors_origins: tuple[str, ...]) -> None:
    """Serve the graph: a read-only SPARQL 1.1 endpoint at /sparql and a query page at /."""
    from kg.serve.app import ServeSettings
    from kg.serve.server import serve_project

    settings = ServeSettings(host, port, timeout, max_rows, max_request_bytes, cors_origins, workers,
                             max_query_memory)
    serve_project(project, settings, store_spec, graph_files,
                  announce=lambda url: click.echo(f"serving {url} (SPARQL endpoint: {url}sparql); Ctrl-C stops"))

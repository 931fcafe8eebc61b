"""kg push."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import connection_options, graph_option, project_option
from kg.push import DEFAULT_CHUNK_TRIPLES, DEFAULT_GRAPH_IRI, PUSH_METHODS


@click.command(epilog="""\b
Examples:
  kg push --endpoint http://127.0.0.1:7878/store
      Oxigraph server: Graph Store Protocol, no password
  KG_ENDPOINT_PASSWORD=… kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
      Virtuoso: Graph Store Protocol with Digest authentication
  kg push --endpoint https://db.example.org/update --method update --graph-iri https://example.org/yubei
      a store that offers SPARQL Update only

\b
The named graph (--graph-iri) is replaced as a whole. Query it afterwards with
  kg query NAME --endpoint URL --graph-iri IRI""")
@project_option
@graph_option
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store endpoint (or its Update endpoint with --method update).")
@click.option("--graph-iri", default=DEFAULT_GRAPH_IRI, show_default=True, metavar="IRI",
              help="The named graph to replace.")
@click.option("--method", type=click.Choice(list(PUSH_METHODS)), default="graph-store", show_default=True,
              help="SPARQL 1.1 Graph Store Protocol (PUT), or SPARQL 1.1 Update (DROP + INSERT DATA).")
@click.option("--chunk-triples", type=click.IntRange(min=1),
              help="Triples per request; larger graphs go in several requests "
                   f"(default: {DEFAULT_CHUNK_TRIPLES['graph-store']:,} for graph-store, "
                   f"{DEFAULT_CHUNK_TRIPLES['update']:,} for update).")
@connection_options
def push(project, graph_files: tuple[Path, ...], endpoint: str, graph_iri: str, method: str, chunk_triples: int | None,
         connection) -> None:
    """Load the graph into a remote triple store, replacing one named graph."""
    from kg.pipeline import read_input_graph
    from kg.push import PushTarget, push_graph

    report = push_graph(read_input_graph(project, graph_files), PushTarget(endpoint, graph_iri, connection),
                        method, chunk_triples)
    click.echo(report.text())

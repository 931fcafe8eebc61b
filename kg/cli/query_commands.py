"""kg query, kg queries."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import output_option, project_option, store_options

FORMAT_NAMES = ["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld"]


@click.command(epilog="""\b
Examples:
  kg query chain-leaders                           a saved query (kg queries lists them)
  kg query upstream-of --param company=seres       with a parameter (yb:seres, or a full IRI)
  kg query figures-of --lang en --format csv -o figures.csv
  kg query 'SELECT ?c WHERE { ?c a kg:Company }'   SPARQL itself (the project's prefixes are known)
  kg query my.rq --graph other.ttl                 a query file, on another RDF file
  kg query about --store oxigraph                  on the embedded Oxigraph store
  kg query chain-leaders --endpoint http://127.0.0.1:7878/query

Formats: table (default for rows), csv, tsv, json (SPARQL 1.1 results), xml;
turtle (default for CONSTRUCT/DESCRIBE), nt, jsonld. Updates, SERVICE and FROM of
graphs the store does not hold are refused. Exit codes: 0 ok, 2 error.""")
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query, bound as an RDF term (repeatable).")
@click.option("--format", "format_name", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format (default: table for rows, turtle for graphs).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the labels, for queries that show labels.")
@store_options
@project_option
@output_option(default="-")
def query(project, query: str, params: tuple[str, ...], format_name: str | None, lang: str | None,
          store_spec: str, graph_files: tuple[Path, ...], store_options: dict, output: str) -> None:
    """Run a saved query (by name), a .rq file, or SPARQL text."""
    from kg.fsutil import write_atomic
    from kg.parameters import parse_assignments
    from kg.query import run_query
    from kg.results import format_result

    result = run_query(query, parse_assignments(params), store_spec, graph_files, lang, project=project,
                       store_options=store_options)
    write_atomic(output, format_result(result, format_name, lang=lang))
    if result.kind != "ask":
        click.echo(f"{len(result)} {'triple' if result.kind == 'graph' else 'row'}{'' if len(result) == 1 else 's'}",
                   err=True)


@click.command(epilog="""\b
Examples:
  kg queries                    the saved queries, what they answer, their parameters
  kg queries --format json      the same for scripts: name, title, description, parameters""")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True,
              help="Language of the titles in the text listing.")
@project_option
def queries(project, output_format: str, lang: str) -> None:
    """List the saved queries in queries/ with their descriptions and parameters."""
    from kg.queries import format_catalogue, load_catalogue

    catalogue = load_catalogue(project.queries)
    if output_format == "json":
        import json

        click.echo(json.dumps([q.summary() for q in catalogue.values()], ensure_ascii=False, indent=2))
    else:
        click.echo(format_catalogue(catalogue, lang))

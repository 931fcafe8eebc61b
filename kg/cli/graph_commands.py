"""kg build, validate, export, stats."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import output_option, project_option, store_options
from kg.errors import EXIT_VIOLATIONS


@click.command(epilog="""\b
Examples:
  kg build                    data/ + ontology/ → build/yubei-kg.ttl
  kg build -o out/graph.ttl   somewhere else

Nothing is written when the data has errors (exit 2) or the graph breaks a
shape or a check (exit 1).""")
@project_option
@output_option(help_text="Where to write the Turtle (default: build/yubei-kg.ttl).")
def build(project, output: str | None) -> None:
    """Build the graph from data/ and ontology/, validate it, write it as Turtle."""
    from kg.pipeline import build_and_write

    summary = build_and_write(project, Path(output) if output else project.built_graph)
    for line in summary.finding_lines:
        click.echo(line, err=True)
    if not summary.written:
        click.echo(f"error: the graph has {summary.violations} violation(s); nothing written", err=True)
        raise SystemExit(EXIT_VIOLATIONS)
    click.echo(summary.text)


@click.command(epilog="""\b
Examples:
  kg validate                          the graph built from data/, findings at file:line
  kg validate --graph other.ttl        any RDF file, against the same shapes
  kg validate --store oxigraph:store   what a persistent store holds
  kg validate --format json            findings as JSON for scripts

Exit codes: 0 conforms (warnings allowed), 1 violations, 2 error.""")
@project_option
@store_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(project, store_spec: str, graph_files: tuple[Path, ...], store_options: dict, output_format: str) -> None:
    """Check a graph against the SHACL shapes and the SPARQL checks in queries/checks/."""
    from kg.pipeline import validate_input

    report = validate_input(project, graph_files, store_spec, store_options)
    if output_format == "json":
        import json

        click.echo(json.dumps({"conforms": report.conforms,
                               "findings": [f.__dict__ for f in report.findings]}, ensure_ascii=False, indent=2))
    else:
        from kg.validate import format_finding

        for finding in report.findings:
            click.echo(format_finding(finding))
        click.echo(f"{'conforms' if report.conforms else 'does not conform'}: "
                   f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s)", err=True)
    if not report.conforms:
        raise SystemExit(EXIT_VIOLATIONS)


@click.command(epilog="""\b
Examples:
  kg export -o build/yubei-kg.nt --format nt
  kg export --format jsonld -o -        JSON-LD on standard output
  kg export --graph a.ttl --graph b.ttl --format trig -o merged.trig
  kg export --store oxigraph:store -o all.ttl    a persistent store, by Oxigraph's writer

From the memory store the output is canonical (sorted; the same graph gives the
same bytes); from an Oxigraph store it is written by Oxigraph, streamed and fast,
in the store's own order (the same for the same content of a persistent store).""")
@project_option
@store_options
@click.option("--format", "format_name", type=click.Choice(["turtle", "nt", "jsonld", "trig", "xml"]),
              default="turtle", show_default=True, help="RDF format to write.")
@output_option(default="-")
def export(project, store_spec: str, graph_files: tuple[Path, ...], store_options: dict, format_name: str,
           output: str) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD, TriG or RDF/XML (byte-identical for the same graph)."""
    from kg.export import export_store
    from kg.pipeline import open_input_store

    size = export_store(open_input_store(project, store_spec, graph_files, store_options), format_name, output)
    if output != "-":
        click.echo(f"wrote {output} ({format_name}, {size:,} bytes)", err=True)


@click.command(epilog="""\b
Examples:
  kg stats
  kg stats --format json
  kg stats --graph other.ttl
  kg stats --store oxigraph:store""")
@project_option
@store_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(project, store_spec: str, graph_files: tuple[Path, ...], store_options: dict, output_format: str) -> None:
    """Count what the graph holds: entities by class, figures by indicator, gaps in labels and quotes."""
    from kg.pipeline import read_store_graph
    from kg.stats import format_stats, graph_stats

    result = graph_stats(read_store_graph(project, store_spec, graph_files, store_options))
    if output_format == "json":
        import json

        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(format_stats(result))

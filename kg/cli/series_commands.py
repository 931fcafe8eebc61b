"""kg chart, kg diff."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_option, project_option
from kg.errors import EXIT_VIOLATIONS


@click.command(epilog="""\b
Examples:
  kg chart --subject xiantao-data-valley --indicator state-assets-revitalized -o chart.svg
  kg chart --subject yubei --indicator above-scale-industrial-output -o chart.html

The figures come from queries/indicator-series.rq; one bar per figure, coloured by
source (two bars for one period are sources that disagree), dashed when a forecast.""")
@project_option
@graph_option
@click.option("--subject", required=True, help="Entity id (yubei, xiantao-data-valley).")
@click.option("--indicator", required=True, help="Indicator id (data/vocab/indicators.yaml).")
@click.option("-o", "--output", required=True, help="FILE.svg or FILE.html (- for SVG on standard output).")
def chart(project, graph_files: tuple[Path, ...], subject: str, indicator: str, output: str) -> None:
    """Draw an indicator of a subject over time (periods and sources) as an inline SVG chart."""
    from kg.chart import write_chart

    points = write_chart(project, graph_files, subject, indicator, output)
    if output != "-":
        click.echo(f"wrote {output}: {points} figure(s)", err=True)


@click.command(epilog="""\b
Examples:
  kg diff old/yubei-kg.ttl build/yubei-kg.ttl
  kg diff a.ttl b.ttl --format json

Exit codes: 0 the same, 1 differences, 2 error.""")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(old: Path, new: Path, output_format: str) -> None:
    """List the entities, relations, figures and quotes added, removed or changed between two graphs."""
    from kg.diff import diff_files, format_changes

    changes = diff_files(old, new)
    if output_format == "json":
        import json

        click.echo(json.dumps([c.__dict__ for c in changes], ensure_ascii=False, indent=2))
    else:
        click.echo(format_changes(changes))
    if changes:
        raise SystemExit(EXIT_VIOLATIONS)




"""kg synth and kg load: graphs of any size, and the persistent store they go into."""

from __future__ import annotations

import click

from kg.cli.options import project_option


@click.command(epilog="""\b
Examples:
  kg synth --triples 10k -o economy-10k.ttl
  kg synth --triples 1M -o economy-1m.nt --seed 7
  kg synth -n 10M -o big.ttl && kg load big.ttl --store oxigraph:big.oxigraph

The graph is written while it is generated (memory stays flat at any size), in the
project's ontology, valid under ontology/shapes.ttl, and byte-identical for the same
--triples, --seed and project vocabulary. It stops at the first whole company after
N triples, so it holds a few more than N.""")
@project_option
@click.option("-n", "--triples", "triples", required=True, metavar="N",
              help="How many triples (at least): 10000, 10k, 1M, 10M.")
@click.option("-o", "--output", "output", required=True, metavar="FILE",
              help="Where to write: FILE.ttl (Turtle) or FILE.nt (N-Triples); - for standard output.")
@click.option("--seed", type=int, default=0, show_default=True, help="Another seed, another economy.")
@click.option("--format", "syntax", type=click.Choice(["turtle", "nt"]), default=None,
              help="Output syntax (default: from the file's extension).")
def synth(project, triples: str, output: str, seed: int, syntax: str | None) -> None:
    """Generate a synthetic regional economy graph of N triples, streamed to a file."""
    from kg.synth import parse_size, synthesize

    summary = synthesize(project, parse_size(triples), output, seed=seed,
                         syntax=syntax or ("turtle" if output == "-" else None))
    click.echo(summary.text, err=True)

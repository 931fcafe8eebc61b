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


@click.command(epilog="""\b
Examples:
  kg load economy.ttl --store oxigraph:economy.oxigraph
  kg load 2023.nt 2024.nt --store oxigraph:store --replace
  kg synth -n 10M -o - --format nt | kg load - --format nt --store oxigraph:big.oxigraph
  kg query chain-leaders --store oxigraph:economy.oxigraph

Adds the files to the store (creating it), or with --replace makes the store hold
just them. All or nothing: the store changes only when every file has loaded; a
load that fails or is killed (even kill -9) leaves the previous store as it was.
A progress bar shows on a terminal.""")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--store", "store_spec", required=True, metavar="oxigraph:PATH",
              help="The persistent Oxigraph store to fill (a folder; created if missing).")
@click.option("--replace", is_flag=True, help="Make the store hold only these files (default: add them).")
@click.option("--format", "format_name", default=None,
              type=click.Choice(["turtle", "nt", "nq", "trig", "jsonld", "xml"]),
              help="RDF format of the input (default: from each file's extension; required for -).")
@click.option("--compact/--no-compact", default=True, show_default=True,
              help="Compact the store once loaded: about 1 s per million triples in it, for faster "
                   "queries. --no-compact to add a small file to a big store quickly.")
def load(files: tuple[str, ...], store_spec: str, replace: bool, format_name: str | None, compact: bool) -> None:
    """Bulk-load RDF files into a persistent Oxigraph store, atomically."""
    import contextlib
    import os
    import sys
    from pathlib import Path

    from kg.errors import KgError
    from kg.rdfio import FORMAT_BY_EXTENSION
    from kg.stores import parse_spec
    from kg.stores.loading import STDIN, load_files

    name, argument = parse_spec(store_spec)
    if name != "oxigraph" or not argument:
        raise KgError("kg load fills a persistent store: give --store oxigraph:PATH", "--store")
    # every --format choice is also a file ending: .turtle, .nt, .nq, .trig, .jsonld, .xml
    explicit = FORMAT_BY_EXTENSION["." + format_name] if format_name else None
    total = sum(os.path.getsize(f) for f in files if f != STDIN and os.path.isfile(f))
    shown = sys.stderr.isatty() and total and STDIN not in files
    with (click.progressbar(length=total, label="loading", file=sys.stderr, show_eta=True) if shown
          else contextlib.nullcontext()) as bar:
        summary = load_files(files, Path(argument).expanduser(), replace=replace, explicit_format=explicit,
                             progress=bar.update if bar is not None else None, compact=compact)
    click.echo(summary.text, err=True)

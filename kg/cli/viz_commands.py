"""kg viz, kg analyze."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import project_option, store_options, utf8_text

VIEW_NAMES = ("chain", "ego", "parks", "projects", "full")  # kg.viz.views.VIEWS, without importing it
SIZE_NAMES = ("degree", "betweenness", "investment", "output", "none")  # kg.viz.sizing.SIZE_METRICS


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and 100 <= int(width) <= 8000 and 100 <= int(height) <= 8000):
        raise click.BadParameter(f"{text!r} is not WIDTHxHEIGHT between 100 and 8000 (e.g. 1600x1000)")
    return int(width), int(height)


def _input_description(project, store_spec: str, graph_files: tuple[Path, ...]) -> str:
    """What the page says it was drawn from."""
    if store_spec != "memory":
        return f"store: {store_spec}" + (" + " + ", ".join(str(p) for p in graph_files) if graph_files else "")
    if graph_files:
        return "graph: " + ", ".join(str(p) for p in graph_files)
    if project.built_graph.is_file():
        return "graph: " + project.relative(project.built_graph)
    return "graph: built from data/"


@click.command(epilog="""\b
Examples:
  kg viz chain --industry auto -o auto-chain.html        汽车产业链图谱
  kg viz chain --industry 电子信息 -o electronics.html --png electronics.png
  kg viz chain --industry auto --png docs/chain-view.png --png-size 1500x760
  kg viz ego --focus 长安汽车 --hops 2 -o changan.html
  kg viz ego --focus yb:xiantao-data-valley -o xiantao.html
  kg viz parks -o parks.html
  kg viz projects -o projects.html --size-by investment
  kg viz full --class Company --industry nev -o companies.html
  kg viz full --graph other.ttl --max-nodes 500 -o other.html
  kg viz ego --store oxigraph:/data/kg --focus 赛力斯 -o seres.html

Views: chain (an industry's chain, upstream → downstream), ego (one entity's
neighbourhood), parks, projects, full (everything, filtered). The page is one
offline file: no network, vis-network inlined. --png needs headless Chromium.""")
@click.argument("view", type=click.Choice(VIEW_NAMES))
@project_option
@store_options
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML page here.")
@click.option("--png", "png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a PNG picture of the page (headless Chromium).")
@click.option("--industry", callback=utf8_text,
              help="chain: the industry (auto, electronics, 汽车, industry:nev, …); full: a filter.")
@click.option("--focus", callback=utf8_text,
              help="ego: the entity, by id (yb:changan) or Chinese or English name.")
@click.option("--hops", type=click.IntRange(min=1), default=2, show_default=True, help="ego: how far to go.")
@click.option("--class", "classes", multiple=True, callback=utf8_text,
              help="full: only entities of this class or its subclasses (repeatable).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=300, show_default=True,
              help="Draw at most this many nodes.")
@click.option("--size-by", type=click.Choice(SIZE_NAMES), help="What node size shows (default: the view's).")
@click.option("--png-size", default="1600x1000", show_default=True, callback=lambda ctx, param, value: _size(value),
              help="Width x height of the PNG, in CSS pixels.")
@click.option("--chromium", envvar="KG_CHROMIUM", help="The browser for --png (default: chromium on PATH).")
def viz(view: str, project, store_spec: str, graph_files: tuple[Path, ...], store_options: dict,
        output: Path | None, png: Path | None,
        industry: str | None, focus: str | None, hops: int, classes: tuple[str, ...], max_nodes: int,
        size_by: str | None, png_size: tuple[int, int], chromium: str | None) -> None:
    """Draw a view of the graph as an offline HTML page (and a PNG)."""
    from kg.pipeline import read_store_graph
    from kg.viz.output import write_view
    from kg.viz.views import ViewOptions

    options = ViewOptions(industry=industry, focus=focus, hops=hops, classes=classes, max_nodes=max_nodes,
                          size_by=size_by)
    from kg.ontology import read_ontology_graph

    graph = read_store_graph(project, store_spec, graph_files, store_options)
    written = write_view(graph, view, options, output, png, chromium,
                         _input_description(project, store_spec, graph_files), png_size,
                         vocabulary=read_ontology_graph(project.ontology))
    for note in written.model.notes:
        click.echo(f"note: {note['en']}", err=True)
    click.echo(written.summary(), err=True)


@click.command(epilog="""\b
Examples:
  kg analyze                     centrality, supply chains, components, leaders, gaps
  kg analyze --format json       the same as JSON
  kg analyze --top 20 --graph other.ttl
  kg analyze --store oxigraph:/data/kg  a persistent store of millions of triples

On a store, networkx reads only the entity network (entities, their relations,
labels and the chain gaps' quotes), fetched with one SPARQL query: the figures
are the same, and a million-triple store takes seconds, not minutes.""")
@project_option
@store_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows of each ranking.")
def analyze(project, store_spec: str, graph_files: tuple[Path, ...], store_options: dict, output_format: str,
            top: int) -> None:
    """Network figures: centrality, the longest supply chain, components, chain leaders, gaps."""
    from kg.analyze import format_analysis
    from kg.network_projection import analyze_store
    from kg.pipeline import open_input_store

    result = analyze_store(open_input_store(project, store_spec, graph_files, store_options), project, top=top)
    if output_format == "json":
        import json

        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(format_analysis(result))

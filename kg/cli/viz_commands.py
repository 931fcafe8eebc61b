"""kg viz, kg analyze."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import graph_option, project_option

VIEW_NAMES = ("chain", "ego", "parks", "projects", "full")  # kg.viz.views.VIEWS, without importing it
SIZE_NAMES = ("degree", "betweenness", "investment", "output", "none")  # kg.viz.sizing.SIZE_METRICS


def _input_description(project, graph_files: tuple[Path, ...]) -> str:
    if graph_files:
        return "graph: " + ", ".join(str(p) for p in graph_files)
    if project.built_graph.is_file():
        return "graph: " + project.relative(project.built_graph)
    return "graph: built from data/"


@click.command(epilog="""\b
Examples:
  kg viz chain --industry auto -o auto-chain.html        汽车产业链图谱
  kg viz chain --industry 电子信息 -o electronics.html --png electronics.png
  kg viz ego --focus 长安汽车 --hops 2 -o changan.html
  kg viz ego --focus yb:xiantao-data-valley -o xiantao.html
  kg viz parks -o parks.html
  kg viz projects -o projects.html --size-by investment
  kg viz full --class Company --industry nev -o companies.html
  kg viz full --graph other.ttl --max-nodes 500 -o other.html

Views: chain (an industry's chain, upstream → downstream), ego (one entity's
neighbourhood), parks, projects, full (everything, filtered). The page is one
offline file: no network, vis-network inlined. --png needs headless Chromium.""")
@click.argument("view", type=click.Choice(VIEW_NAMES))
@project_option
@graph_option
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML page here.")
@click.option("--png", "png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a PNG picture of the page (headless Chromium).")
@click.option("--industry", help="chain: the industry (auto, electronics, 汽车, industry:nev, …); full: a filter.")
@click.option("--focus", help="ego: the entity, by id (yb:changan) or Chinese or English name.")
@click.option("--hops", type=click.IntRange(min=1), default=2, show_default=True, help="ego: how far to go.")
@click.option("--class", "classes", multiple=True, help="full: only entities of this class (repeatable).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=300, show_default=True,
              help="Draw at most this many nodes.")
@click.option("--size-by", type=click.Choice(SIZE_NAMES), help="What node size shows (default: the view's).")
@click.option("--chromium", envvar="KG_CHROMIUM", help="The browser for --png (default: chromium on PATH).")
def viz(view: str, project, graph_files: tuple[Path, ...], output: Path | None, png: Path | None,
        industry: str | None, focus: str | None, hops: int, classes: tuple[str, ...], max_nodes: int,
        size_by: str | None, chromium: str | None) -> None:
    """Draw a view of the graph as an offline HTML page (and a PNG)."""
    from kg.pipeline import read_input_graph
    from kg.viz.output import write_view
    from kg.viz.views import ViewOptions

    options = ViewOptions(industry=industry, focus=focus, hops=hops, classes=classes, max_nodes=max_nodes,
                          size_by=size_by)
    written = write_view(read_input_graph(project, graph_files), view, options, output, png, chromium,
                         _input_description(project, graph_files))
    for note in written.model.notes:
        click.echo(f"note: {note['en']}", err=True)
    click.echo(written.summary(), err=True)


@click.command(epilog="""\b
Examples:
  kg analyze                     centrality, supply chains, components, leaders, gaps
  kg analyze --format json       the same as JSON
  kg analyze --top 20 --graph other.ttl""")
@project_option
@graph_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows of each ranking.")
def analyze(project, graph_files: tuple[Path, ...], output_format: str, top: int) -> None:
    """Network figures: centrality, the longest supply chain, components, chain leaders, gaps."""
    from kg.analyze import analyze_graph, format_analysis
    from kg.pipeline import read_input_graph

    result = analyze_graph(read_input_graph(project, graph_files), top=top)
    if output_format == "json":
        import json

        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(format_analysis(result))

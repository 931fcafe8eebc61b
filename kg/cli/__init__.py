"""The `kg` command line: a thin layer over the library.

Each command lives in a small module of this package and only parses options,
calls one library function and prints. Modules are imported when their command
runs, so `kg --help` stays fast; heavy libraries are imported inside the
functions that need them.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from kg.errors import EXIT_ERROR, KgError, KgNote, visible

# command name -> "module:attribute"; the order is the order of `kg --help`
COMMANDS: dict[str, str] = {
    "build": "kg.cli.graph_commands:build",
    "validate": "kg.cli.graph_commands:validate",
    "export": "kg.cli.graph_commands:export",
    "stats": "kg.cli.graph_commands:stats",
    "query": "kg.cli.query_commands:query",
    "queries": "kg.cli.query_commands:queries",
    "viz": "kg.cli.viz_commands:viz",
    "analyze": "kg.cli.viz_commands:analyze",
    "ingest": "kg.cli.ingest_commands:ingest",
    "review": "kg.cli.ingest_commands:review",
    "chart": "kg.cli.series_commands:chart",
    "diff": "kg.cli.series_commands:diff",
    "push": "kg.cli.push:push",
    "serve": "kg.cli.serve:serve",
    "synth": "kg.cli.scale_commands:synth",
    "load": "kg.cli.scale_commands:load",
}

# one-line summaries for `kg --help`, so listing commands imports nothing
SUMMARIES: dict[str, str] = {
    "build": "Build the graph from data/ and ontology/ into build/.",
    "validate": "Check a graph against the SHACL shapes and the SPARQL checks.",
    "export": "Write the graph as Turtle, N-Triples, JSON-LD, TriG or RDF/XML.",
    "stats": "Count what the graph holds.",
    "query": "Run a saved query, a .rq file or SPARQL on the graph.",
    "queries": "List the saved queries with their parameters.",
    "viz": "Draw a view (chain, ego, parks, projects, full) as an offline HTML page or PNG.",
    "analyze": "Network figures: centrality, supply chains, components, chain leaders, gaps.",
    "ingest": "Propose candidate facts from a Chinese article (JSON or a data/ draft).",
    "review": "Show a draft beside the graph and merge the accepted facts into data/.",
    "chart": "Draw an indicator of a subject over time as an SVG or HTML chart.",
    "diff": "List the facts added, removed and changed between two graphs.",
    "push": "Load the graph into a remote triple store (Graph Store Protocol or Update).",
    "serve": "Serve the graph: a read-only SPARQL endpoint and a query page in the browser.",
    "synth": "Generate a synthetic regional economy graph of any size.",
    "load": "Bulk-load RDF files into a persistent Oxigraph store, atomically.",
}


class LazyGroup(click.Group):
    """A group whose commands are imported only when they run (or show their own help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as error:
            for problem in getattr(error, "errors", [error]):
                click.echo(f"error: {problem}", err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError:
            # `kg export -o - | head`: the reader left; that is not an error of ours
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as error:
            # a bug of ours, not the user's input: one line by default, the traceback on request
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(f"error: internal error ({type(error).__name__}: {visible(str(error))}); "
                       "set KG_DEBUG=1 to see the traceback", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  kg build                         build data/ into build/yubei-kg.ttl
  kg validate                      SHACL shapes + SPARQL checks (exit 0/1/2)
  kg export --format jsonld -o -   the graph as JSON-LD on stdout
  kg stats                         what the graph holds
  kg queries                       the saved queries; run one with kg query NAME
  kg viz chain --industry auto -o chain.html   the car industry's chain map
  kg analyze                       centrality, longest supply chain, gaps
  kg ingest article.txt -o d.yaml  candidate facts of a new article, to review
  kg review d.yaml --accept all    merge them into data/ with their quotes
  kg synth -n 1M -o economy.ttl    a synthetic economy of a million triples
  kg load economy.ttl --store oxigraph:store   a persistent store; then --store on any command

Exit codes: 0 ok, 1 violations found, 2 error (bad input, bad option).""",
)
@click.version_option(package_name="yubei-kg", prog_name="kg")
def cli() -> None:
    """yubei-kg: the economy of Yubei district (渝北区), Chongqing, as a knowledge graph."""


def _show_note(message, category, filename, lineno, file=None, line=None) -> None:
    prefix = "note" if issubclass(category, KgNote) else "warning"
    click.echo(f"{prefix}: {message}", err=True)


def main() -> None:
    import warnings

    warnings.showwarning = _show_note
    try:
        code = cli.main(prog_name="kg", standalone_mode=False)
    except KgError as error:  # raised while click parsed options (in a callback)
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    except click.UsageError as error:
        # click's own three lines (usage, hint, error) as one, like every other error of kg
        command = error.ctx.command_path if error.ctx is not None else "kg"
        click.echo(f"error: {error.format_message()} (see {command} --help)", err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)

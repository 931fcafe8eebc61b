"""Options shared by several commands, as decorators (after sqlite-utils)."""

from __future__ import annotations

import functools
from pathlib import Path

import click


def project_option(command):
    """--project DIR: the project folder (default: the current one, or the checkout kg runs from)."""

    @click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="KG_PROJECT",
        help="Project folder with data/, ontology/, queries/ (default: found from here).",
    )
    @functools.wraps(command)
    def wrapper(*args, project_dir: Path | None = None, **kwargs):
        from kg.project import find_project

        return command(*args, project=find_project(project_dir), **kwargs)

    return wrapper


def graph_option(command):
    """--graph FILE (repeatable): read these RDF files instead of the project's graph."""
    return click.option(
        "--graph",
        "graph_files",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="An RDF file to use instead of the built graph (repeatable; format from the extension).",
    )(command)


def output_option(default: str | None = None, help_text: str = "Output file; - for standard output."):
    return click.option("-o", "--output", "output", default=default, show_default=default is not None,
                        help=help_text)


def utf8_text(ctx, param, value):
    """Click callback: text options as the user typed them, even in a C/POSIX locale.

    There Python may decode the command line as ASCII, turning 长安汽车 into surrogate
    escapes; the bytes were UTF-8 all along, so they are decoded again as such.
    """
    if isinstance(value, tuple):
        return tuple(_as_typed(v, param) for v in value)
    return None if value is None else _as_typed(value, param)


def _as_typed(text: str, param) -> str:
    import sys

    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    try:
        return text.encode(sys.getfilesystemencoding(), "surrogateescape").decode("utf-8")
    except UnicodeError:
        raise click.BadParameter("is neither UTF-8 nor in the locale's encoding", param=param) from None


def store_options(command):
    """--graph FILE…, --store SPEC, --endpoint URL: where a command's queries run.

    The command receives `store_spec` (a kg.stores spec), `graph_files` and `store_options`
    (keyword arguments for the store's factory; empty for local stores).
    """

    @click.option("--graph", "graph_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
                  help="An RDF file to query instead of the built graph (repeatable; format from the extension).")
    @click.option("--store", "store", default=None, metavar="SPEC",
                  help="Where to run: memory (default), oxigraph, oxigraph:PATH (a persistent store).")
    @click.option("--endpoint", default=None, metavar="URL",
                  help="A remote SPARQL 1.1 endpoint to query instead (same as --store sparql+URL).")
    @functools.wraps(command)
    def wrapper(*args, graph_files: tuple[Path, ...] = (), store: str | None = None, endpoint: str | None = None,
                **kwargs):
        from kg.errors import KgError

        if endpoint is not None:
            if store is not None:
                raise KgError("give --store or --endpoint, not both", "--endpoint")
            if graph_files:
                raise KgError("--graph reads local files; it cannot be combined with --endpoint", "--graph")
            if not endpoint.startswith(("http://", "https://")):
                raise KgError(f"not an http(s) URL: {endpoint!r}", "--endpoint")
            store = f"sparql+{endpoint}"
        return command(*args, store_spec=store or "memory", graph_files=graph_files, store_options={}, **kwargs)

    return wrapper

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
    """--graph FILE (repeatable): read these RDF files instead of the project's graph.

    The reader (kg.rdfio) checks the path, so a directory or a missing file is one line at the path.
    """
    return click.option(
        "--graph",
        "graph_files",
        multiple=True,
        type=click.Path(path_type=Path),
        help="An RDF file to use instead of the built graph (repeatable; format from the extension).",
    )(command)


def output_option(default: str | None = None, help_text: str = "Output file; - for standard output."):
    return click.option("-o", "--output", "output", default=default, show_default=default is not None,
                        help=help_text)

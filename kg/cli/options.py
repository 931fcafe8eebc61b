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


def connection_options(command):
    """--user, --password-env, --timeout, --insecure: how to reach a remote server (kg push, --endpoint)."""

    @click.option("--user", envvar="KG_ENDPOINT_USER", show_envvar=True,
                  help="User name for the server (Basic or Digest, whichever it asks for).")
    @click.option("--password-env", metavar="VAR",
                  help="Environment variable holding the password (default: KG_ENDPOINT_PASSWORD). "
                       "Never given on the command line.")
    @click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True,
                  help="Seconds to wait for the server (whole seconds, at least 1).")
    @click.option("--insecure", is_flag=True,
                  help="Allow plain http:// to a host other than this machine (data and password unencrypted).")
    @functools.wraps(command)
    def wrapper(*args, user: str | None, password_env: str | None, timeout: float, insecure: bool, **kwargs):
        from kg.remote import Connection, credentials_from

        connection = Connection(credentials_from(user, password_env), timeout, insecure)
        return command(*args, connection=connection, **kwargs)

    return wrapper

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
    """--graph FILE…, --store SPEC, --endpoint URL (+ --graph-iri, --user, --password-env, --insecure),
    --timeout: where a command's queries run, and how long they may take.

    The command receives `store_spec` (a kg.stores spec), `graph_files`, `store_options` (keyword
    arguments for the store's factory: the connection for an endpoint; empty for local stores)
    and, if it has a `timeout` parameter (it runs queries it can stop), `timeout` (seconds, or None).
    Without one, --timeout applies to an endpoint's connection only.
    """
    import inspect

    takes_timeout = "timeout" in inspect.signature(command).parameters

    @click.option("--graph", "graph_files", multiple=True, type=click.Path(path_type=Path),
                  help="An RDF file to query instead of the built graph (repeatable; format from the extension).")
    @click.option("--store", "store", default=None, metavar="SPEC",
                  help="Where to run: memory (default), oxigraph, oxigraph:PATH (a persistent store).")
    @click.option("--endpoint", default=None, metavar="URL",
                  help="A remote SPARQL 1.1 endpoint to query instead (same as --store sparql+URL).")
    @click.option("--graph-iri", default=None, metavar="IRI",
                  help="With --endpoint: the named graph to query as the default graph (where kg push put it).")
    @click.option("--user", envvar="KG_ENDPOINT_USER", show_envvar=True,
                  help="With --endpoint: user name, if the endpoint asks for one (Basic or Digest).")
    @click.option("--password-env", metavar="VAR",
                  help="With --endpoint: environment variable holding the password (default: KG_ENDPOINT_PASSWORD).")
    @click.option("--insecure", is_flag=True,
                  help="With --endpoint: allow plain http:// to a host other than this machine.")
    @click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
                  help="Seconds the query may take (default: no limit locally, 60 s for an endpoint).")
    @functools.wraps(command)
    def wrapper(*args, graph_files: tuple[Path, ...] = (), store: str | None = None, endpoint: str | None = None,
                graph_iri: str | None = None, user: str | None = None, password_env: str | None = None,
                insecure: bool = False, timeout: float | None = None, **kwargs):
        from kg.errors import KgError

        options: dict = {}
        if endpoint is not None:
            if store is not None:
                raise KgError("give --store or --endpoint, not both", "--endpoint")
            if graph_files:
                raise KgError("--graph reads local files; it cannot be combined with --endpoint", "--graph")
            # the store checks the URL too, but only once the query is prepared and the credentials
            # read: here a URL that is not http(s) is the first thing a user is told
            if not endpoint.startswith(("http://", "https://")):
                raise KgError(f"not an http(s) URL: {endpoint!r}", "--endpoint")
            store = f"sparql+{endpoint}"
        if store is not None and store.startswith("sparql+"):
            from kg.remote import DEFAULT_TIMEOUT, Connection, credentials_from

            options = {"connection": Connection(credentials_from(user, password_env), timeout or DEFAULT_TIMEOUT,
                                                insecure), "graph_iri": graph_iri}
        else:
            given = [name for name, value in (("--graph-iri", graph_iri), ("--password-env", password_env),
                                              ("--insecure", insecure)) if value]
            if timeout is not None and not takes_timeout:
                given.append("--timeout")
            if given:
                raise KgError("only applies to a remote endpoint (--endpoint URL)", given[0])
        if takes_timeout:
            kwargs["timeout"] = timeout
        return command(*args, store_spec=store or "memory", graph_files=graph_files, store_options=options,
                       **kwargs)

    return wrapper


def connection_options(command):
    """--user, --password-env, --timeout, --insecure: how to reach a remote server (kg push)."""

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

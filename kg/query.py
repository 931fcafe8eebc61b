"""Running a query: the one path `kg query` and the Python API share.

resolve what was asked (saved query, .rq file, SPARQL) → bind its parameters as RDF terms →
check it (malformed, update, SERVICE: refused before a store is even opened) → run it on the
store → a QueryResult.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from kg.errors import KgError
from kg.queries import SavedQuery
from kg.results import QueryResult

LANG_PARAMETER = "lang"


def prepare(query: str | SavedQuery, params: Mapping[str, object] | None = None, lang: str | None = None,
            *, project=None) -> tuple[SavedQuery, dict]:
    """The query to run and its bindings (every declared parameter, as an RDF term), checked."""
    from kg.parameters import bind_parameters
    from kg.queries import resolve
    from kg.sparql_safety import check_query

    saved = query if isinstance(query, SavedQuery) else resolve(query, project.queries if project else None)
    given = dict(params or {})
    if lang is not None and saved.parameter(LANG_PARAMETER) is not None:
        if LANG_PARAMETER in given and str(given[LANG_PARAMETER]) != lang:
            raise KgError(f"--lang {lang} and --param lang={given[LANG_PARAMETER]} disagree", "--lang")
        given[LANG_PARAMETER] = lang
    bindings = bind_parameters(saved.parameters, given)
    # FROM is judged by the store, which knows its graphs; everything else is judged here
    check_query(saved.text, local_graphs=None, source=saved.source, line_offset=saved.line_offset)
    return saved, bindings


def run_query(query: str | SavedQuery, params: Mapping[str, object] | None = None, store="memory",
              graph_files: Sequence[Path] = (), lang: str | None = None, *, project=None,
              timeout: float | None = None, store_options: Mapping[str, object] | None = None) -> QueryResult:
    """Run a saved query (by name), a .rq file or SPARQL text, and return its result.

    `store` is a store spec ("memory", "oxigraph", "oxigraph:PATH", "sparql+URL") or an open
    Store (kg.stores.open_store), which is then reused and left open.
    """
    from kg.stores import open_store

    saved, bindings = prepare(query, params, lang, project=project)
    if not isinstance(store, str):
        return store.query(saved.text, bindings=bindings, timeout=timeout, source=saved.source,
                           line_offset=saved.line_offset)
    opened = open_store(store, project=project, graph_files=graph_files, **dict(store_options or {}))
    try:
        return opened.query(saved.text, bindings=bindings, timeout=timeout, source=saved.source,
                            line_offset=saved.line_offset)
    finally:
        opened.close()

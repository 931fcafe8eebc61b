"""The saved-query catalogue: queries/*.rq, each with a header comment saying what it is.

A header is YAML written as comments at the top of the file:

    # title:
    #   zh: 链主企业及其配套企业
    #   en: Chain leaders and their suppliers
    # description: Every chain leader of a cluster, with the cluster's suppliers and what they supply.
    # parameters:
    #   - {name: lang, type: lang, default: zh, description: language of the labels}

`resolve()` turns what a user typed (a saved query's name, a .rq file, or SPARQL itself)
into a `SavedQuery`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError, at
from kg.parameters import PARAMETER_TYPES, Parameter

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADER_FIELDS = {"title", "description", "parameters"}
_PARAMETER_FIELDS = {"name", "type", "default", "description"}


@dataclass(frozen=True)
class SavedQuery:
    name: str  # the file's stem; "query" for SPARQL typed in
    text: str  # the SPARQL, exactly as it runs
    title: dict[str, str] = field(default_factory=dict)  # language -> title
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    path: Path | None = None
    line_offset: int = 0  # lines put in front of what the user wrote (declarations of prefixes)

    @property
    def source(self) -> str:
        """Where errors in the text point: the file, or `query` for inline SPARQL."""
        return str(self.path) if self.path else "query"

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def summary(self) -> dict:
        """What `kg queries --format json` says about it."""
        return {
            "name": self.name,
            "title": dict(self.title),
            "description": self.description,
            "parameters": [
                {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                for p in self.parameters
            ],
        }


def load_catalogue(directory: Path) -> dict[str, SavedQuery]:
    """Every saved query in `directory` (not its subfolders: queries/checks/ are data checks), by name."""
    directory = Path(directory)
    if not directory.is_dir():
        raise KgError("no saved-query folder", str(directory))
    catalogue = {}
    for path in sorted(directory.glob("*.rq")):
        query = read_query_file(path)
        if not _NAME.match(query.name):
            raise KgError("a saved query's file name is lower-case letters, digits and hyphens", str(path))
        catalogue[query.name] = query
    return catalogue


def read_query_file(path: Path, display: str | None = None) -> SavedQuery:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KgError("no such file", str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(f"cannot read the query: {error}", str(path)) from None
    shown = Path(display) if display else path
    header = parse_header(text, shown)
    return SavedQuery(
        name=path.stem,
        text=text,
        title=header.get("title", {}),
        description=header.get("description", ""),
        parameters=header.get("parameters", ()),
        path=shown,
    )


def parse_header(text: str, path: Path) -> dict:
    """The YAML in the leading comment lines of a .rq file ({} when there is none)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    if not any(line.strip() for line in lines):
        return {}
    try:
        data = YAML(typ="rt").load("\n".join(lines))
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise KgError(f"the header is not valid YAML: {getattr(error, 'problem', error)}", at(path, line)) from None
    if not isinstance(data, dict):
        return {}  # an ordinary comment, not a header
    unknown = set(data) - _HEADER_FIELDS
    if unknown:
        raise KgError(f"unknown header field(s): {', '.join(sorted(unknown))} "
                      f"(known: {', '.join(sorted(_HEADER_FIELDS))})", at(path, _line(data, sorted(unknown)[0])))
    header: dict = {}
    title = data.get("title")
    if title is not None:
        if isinstance(title, str):
            title = {"en": title}
        if not isinstance(title, dict) or not all(isinstance(v, str) for v in title.values()):
            raise KgError("title is a text, or a mapping of language to text (zh: …, en: …)",
                          at(path, _line(data, "title")))
        header["title"] = {str(k): " ".join(v.split()) for k, v in title.items()}
    description = data.get("description")
    if description is not None:
        header["description"] = " ".join(str(description).split())
    entries = data.get("parameters") or []
    if not isinstance(entries, list):
        raise KgError("parameters is a list", at(path, _line(data, "parameters")))
    header["parameters"] = tuple(_parameter(entry, at(path, _item_line(entries, i))) for i, entry in enumerate(entries))
    names = [p.name for p in header["parameters"]]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise KgError(f"parameter declared twice: {', '.join(duplicates)}", at(path, _line(data, "parameters")))
    return header


def _line(mapping, key) -> int | None:
    """The line of a header key (header lines are the file's first lines, one for one)."""
    try:
        return mapping.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError):
        return None


def _item_line(sequence, index: int) -> int | None:
    try:
        return sequence.lc.item(index)[0] + 1
    except (AttributeError, KeyError, TypeError):
        return None


def _parameter(entry, where: str) -> Parameter:
    if not isinstance(entry, dict):
        raise KgError("each parameter is a mapping with name, type, default and description", where)
    unknown = set(entry) - _PARAMETER_FIELDS
    if unknown:
        raise KgError(f"unknown parameter field(s): {', '.join(sorted(map(str, unknown)))} "
                      "(a description with a comma needs quotes)", where)
    name = str(entry.get("name") or "")
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
        raise KgError(f"a parameter's name is a SPARQL variable name without '?', not {name!r}", where)
    type_name = str(entry.get("type") or "")
    if type_name not in PARAMETER_TYPES:
        raise KgError(f"parameter {name}: unknown type {type_name!r}; choose one of {', '.join(PARAMETER_TYPES)}",
                      where)
    if entry.get("default") is None:
        raise KgError(f"parameter {name} has no default (every parameter needs one, so the query runs as is)", where)
    default = entry["default"]
    default_text = ("true" if default else "false") if isinstance(default, bool) else str(default)
    parameter = Parameter(name, type_name, default_text, " ".join(str(entry.get("description") or "").split()))
    try:
        parameter.default_term()
    except KgError as error:
        raise KgError(f"parameter {name}: the default does not parse: {error.message}", where) from None
    return parameter


def resolve(query_arg: str, catalogue_dir: Path | None = None) -> SavedQuery:
    """A saved query's name, a path to a .rq file, `-` (standard input) or SPARQL text → a SavedQuery.

    Text that is neither a saved query, a file nor SPARQL is taken for a mistyped name and
    answered with close matches.
    """
    from kg.project import find_project

    text = query_arg.strip()
    if not text:
        raise KgError("no query given", "QUERY")
    if text == "-":
        return inline_query(sys.stdin.read())
    if _NAME.match(text) and not Path(text).is_file():
        directory = catalogue_dir or find_project().queries
        saved = directory / f"{text}.rq"
        if saved.is_file():
            return read_query_file(saved)
        names = sorted(path.stem for path in directory.glob("*.rq"))
        raise KgError(f"no saved query by that name; {_close_matches(text, names)}", text)
    path = Path(text)
    if text.endswith((".rq", ".sparql")) or ("\n" not in text and path.is_file()):
        query = read_query_file(path)
        return _with_project_prefixes(query)
    return inline_query(query_arg)


def inline_query(sparql: str) -> SavedQuery:
    return _with_project_prefixes(SavedQuery(name="query", text=sparql))


def _close_matches(name: str, names: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    close += [n for n in names if name in n and n not in close][: 3 - len(close)]
    if close:
        return f"did you mean {', '.join(close)}? (kg queries lists them all)"
    return "kg queries lists them all"


def _with_project_prefixes(query: SavedQuery) -> SavedQuery:
    """Declare the project's prefixes (kg:, yb:, obs:, …) that a typed-in query uses without declaring,
    on one line in front of it, so error lines still count from the user's first line."""
    from kg.namespaces import PREFIXES

    declared = _declared_prefixes(query.text)
    missing = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w:-]){re.escape(p)}:", query.text)]
    if not missing:
        return query
    prologue = " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in missing) + "\n"
    return SavedQuery(query.name, prologue + query.text, query.title, query.description, query.parameters,
                      query.path, query.line_offset + 1)


def _declared_prefixes(text: str) -> set[str]:
    return set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*|)\s*:", text))


def format_catalogue(catalogue: dict[str, SavedQuery], lang: str = "en") -> str:
    """The catalogue as text: name and title, description, parameters with their defaults."""
    import textwrap

    blocks = []
    for query in catalogue.values():
        title = query.title.get(lang) or next(iter(query.title.values()), "")
        other = next((t for language, t in query.title.items() if language != lang), "")
        lines = [f"{query.name}  {title}" + (f" ({other})" if other else "")]
        lines += textwrap.wrap(query.description, width=96, initial_indent="    ", subsequent_indent="    ")
        for p in query.parameters:
            lines.append(f"    --param {p.name}=…  {p.type}, default {p.default}" + (f": {p.description}"
                                                                                       if p.description else ""))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)

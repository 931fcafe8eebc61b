"""Query results, whatever store gave them, and the formats they are written in.

A SELECT gives variables and rows, an ASK a boolean, a CONSTRUCT or DESCRIBE an
RDF graph. The writers follow the W3C result formats (SPARQL 1.1 Query Results
JSON, XML, CSV and TSV); graphs go through kg.export, so the same graph always
gives the same bytes.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal as TypingLiteral

from kg.errors import KgError

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
NUMERIC_TYPES = {XSD + name for name in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                                           "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                           "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
                                           "unsignedByte")}

ResultKind = TypingLiteral["select", "ask", "graph"]


@dataclass
class QueryResult:
    """What a query gave: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE)."""

    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # variable -> rdflib term, or None when unbound
    boolean: bool | None = None
    graph: object | None = None  # rdflib.Graph

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.graph) if self.graph is not None else 0
        return len(self.rows)

    def to_python(self) -> list[dict]:
        """Rows with plain Python values: numbers, dates, strings; IRIs as strings."""
        return [{name: python_value(row.get(name)) for name in self.variables} for row in self.rows]

    def to_dataframe(self):
        """The rows as a pandas DataFrame, one column per variable (needs pandas)."""
        try:
            import pandas
        except ImportError:
            raise KgError("to_dataframe() needs pandas: pip install 'yubei-kg[dataframe]'") from None
        if self.kind != "select":
            raise KgError(f"only SELECT results make a table; this is a {self.kind} result")
        return pandas.DataFrame(self.to_python(), columns=list(self.variables))


def python_value(term):
    """An rdflib term as a plain Python value (None stays None)."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


# --- formats ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFormat:
    name: str
    media_type: str
    kinds: tuple[str, ...]  # the result kinds this format can carry
    write: Callable[[QueryResult, str | None], bytes]


def _graph_writer(rdf_format: str) -> Callable[[QueryResult, str | None], bytes]:
    def write(result: QueryResult, lang: str | None) -> bytes:
        from kg.export import serialize

        return serialize(result.graph, rdf_format)

    return write


def _write_table(result: QueryResult, lang: str | None) -> bytes:
    if result.kind == "ask":
        return ("true" if result.boolean else "false").encode("utf-8") + b"\n"
    return (table_text(result, lang) + "\n").encode("utf-8")


def _write_csv(result: QueryResult, lang: str | None) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as the W3C CSV results format says
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_cell(row.get(name)) for name in result.variables])
    return buffer.getvalue().encode("utf-8")


def _csv_cell(term) -> str:
    from rdflib import BNode

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _write_tsv(result: QueryResult, lang: str | None) -> bytes:
    if result.kind == "ask":
        lines = ["?boolean", "true" if result.boolean else "false"]
    else:
        lines = ["\t".join(f"?{name}" for name in result.variables)]
        for row in result.rows:
            lines.append("\t".join(term_ntriples(row.get(name)) for name in result.variables))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _write_json(result: QueryResult, lang: str | None) -> bytes:
    if result.kind == "ask":
        document: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = []
        for row in result.rows:
            bindings.append({name: json_term(row[name]) for name in result.variables if row.get(name) is not None})
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_term(term) -> dict:
    """One RDF term as SPARQL 1.1 Query Results JSON."""
    from rdflib import BNode, Literal

    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "uri", "value": str(term)}


def _write_xml(result: QueryResult, lang: str | None) -> bytes:
    from xml.sax.saxutils import escape, quoteattr

    from rdflib import BNode, Literal

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    if result.kind == "ask":
        out += ["  </head>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return ("\n".join(out) + "\n").encode("utf-8")
    out += [f"    <variable name={quoteattr(name)}/>" for name in result.variables]
    out += ["  </head>", "  <results>"]
    for row in result.rows:
        out.append("    <result>")
        for name in result.variables:
            term = row.get(name)
            if term is None:
                continue
            if isinstance(term, BNode):
                value = f"<bnode>{escape(_xml_text(str(term)))}</bnode>"
            elif isinstance(term, Literal):
                attributes = ""
                if term.language:
                    attributes = f" xml:lang={quoteattr(term.language)}"
                elif term.datatype is not None and str(term.datatype) != XSD_STRING:
                    attributes = f" datatype={quoteattr(str(term.datatype))}"
                value = f"<literal{attributes}>{escape(_xml_text(str(term)))}</literal>"
            else:
                value = f"<uri>{escape(_xml_text(str(term)))}</uri>"
            out.append(f"      <binding name={quoteattr(name)}>{value}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return ("\n".join(out) + "\n").encode("utf-8")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot carry most control characters, even escaped; keep them visible instead
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else f"\\u{ord(ch):04X}" for ch in text)


def term_ntriples(term) -> str:
    """A term as N-Triples writes it ('' for unbound), as the TSV results format uses."""
    from rdflib import BNode, Literal

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = '"' + escape_string(str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"


def escape_string(text: str) -> str:
    """The body of a double-quoted N-Triples / SPARQL string."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


RESULT_FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        ResultFormat("table", "text/plain; charset=utf-8", ("select", "ask"), _write_table),
        ResultFormat("csv", "text/csv; charset=utf-8", ("select", "ask"), _write_csv),
        ResultFormat("tsv", "text/tab-separated-values; charset=utf-8", ("select", "ask"), _write_tsv),
        ResultFormat("json", "application/sparql-results+json", ("select", "ask"), _write_json),
        ResultFormat("xml", "application/sparql-results+xml", ("select", "ask"), _write_xml),
        ResultFormat("turtle", "text/turtle", ("graph",), _graph_writer("turtle")),
        ResultFormat("nt", "application/n-triples", ("graph",), _graph_writer("nt")),
        ResultFormat("jsonld", "application/ld+json", ("graph",), _graph_writer("jsonld")),
    )
}

DEFAULT_FORMAT = {"select": "table", "ask": "table", "graph": "turtle"}


def format_result(result: QueryResult, fmt: str | None = None, *, lang: str | None = None) -> bytes:
    """The result in one of RESULT_FORMATS (None: table for rows, Turtle for graphs)."""
    name = fmt or DEFAULT_FORMAT[result.kind]
    result_format = RESULT_FORMATS.get(name)
    if result_format is None:
        raise KgError(f"unknown format {name!r}; choose one of {', '.join(RESULT_FORMATS)}", "--format")
    if result.kind not in result_format.kinds:
        fitting = ", ".join(f.name for f in RESULT_FORMATS.values() if result.kind in f.kinds)
        what = "an RDF graph (CONSTRUCT or DESCRIBE)" if result.kind == "graph" else f"{result.kind.upper()} results"
        raise KgError(f"{name} cannot carry {what}; choose one of {fitting}", "--format")
    return result_format.write(result, lang)


# --- the plain-text table --------------------------------------------------------------------


def table_text(result: QueryResult, lang: str | None = None) -> str:
    """Rows as an aligned table: IRIs shortened with the project's prefixes, numbers right-aligned,
    columns as wide as their widest cell counted in terminal columns (Chinese characters take two).
    With `lang`, a text in another language than asked for is shown with its tag (Changan@en)."""
    from kg.textwidth import table

    headers = list(result.variables)
    cell = _cell_writer(lang)
    cells = [[cell(row.get(name)) for name in headers] for row in result.rows]
    # numbers are RDF literals here, not Python numbers, so the table's own rule cannot tell
    numeric = [bool(result.rows) and all(_is_number(row.get(name)) for row in result.rows
                                         if row.get(name) is not None) for name in headers]
    return table(headers, cells, numeric=numeric)


def _is_number(term) -> bool:
    """A literal of a numeric datatype (only literals have a datatype)."""
    datatype = getattr(term, "datatype", None)
    return datatype is not None and str(datatype) in NUMERIC_TYPES


def _cell_writer(lang: str | None) -> Callable[[object], str]:
    """How the cells of one table show a term: yb:changan, 长安汽车, 1660 — on one line, no control
    characters. Made once a table, with each IRI shortened once (a table of 14,000 rows names
    the same few hundred subjects and indicators over and over)."""
    from rdflib import BNode, Literal

    from kg.labels import short_id

    shortened: dict = {}

    def cell(term) -> str:
        if term is None:
            return ""
        if isinstance(term, BNode):
            text = f"_:{term}"
        elif isinstance(term, Literal):
            text = _plain_number(term) if _is_number(term) else str(term)
            if lang and term.language and term.language.lower() != lang.lower():
                text += f"@{term.language}"
        else:
            text = shortened.get(term)
            if text is None:
                text = shortened[term] = short_id(term)
        return visible(text)

    return cell


def _plain_number(term) -> str:
    text = str(term)
    if str(term.datatype) != XSD + "decimal":
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    plain = format(number, "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def visible(text: str) -> str:
    """One line of text that cannot move the cursor, recolour the terminal or reorder what follows."""
    if text.isprintable():  # no control, format, separator or surrogate character: nothing to do
        return text
    out = []
    for ch in text:
        if ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch not in "\u200d":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)

"""Results in the W3C formats (read back by an independent parser), aligned tables for
Chinese text, and RDF for CONSTRUCT/DESCRIBE."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from kg.errors import KgError
from kg.results import QueryResult, format_result, table_text
from kg.textwidth import display_width

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
YB = Namespace("https://w3id.org/yubei-kg/id/")

ROWS = QueryResult("select", ["company", "name", "output", "note"], [
    {"company": YB["changan"], "name": Literal("长安汽车", lang="zh"),
     "output": Literal("166000000000.0", datatype=XSD.decimal), "note": Literal('says "超过"\nand\ttabs')},
    {"company": YB["oppo"], "name": Literal("OPPO", lang="en"), "output": Literal("35", datatype=XSD.integer),
     "note": None},
    {"company": BNode("b0"), "name": Literal("时代长安动力电池有限公司", lang="zh"), "output": None,
     "note": Literal("1", datatype=XSD.boolean)},
])


def read_back(data: bytes, name: str) -> list[dict]:
    """Parse results with pyoxigraph's parser and give rows of rdflib terms."""
    import pyoxigraph

    from kg.rdfio import to_rdflib_term

    solutions = pyoxigraph.parse_query_results(data, getattr(pyoxigraph.QueryResultsFormat, name))
    names = [v.value for v in solutions.variables]
    return [{n: to_rdflib_term(s[n]) if s[n] is not None else None for n in names} for s in solutions]


@pytest.mark.parametrize("name", ["JSON", "XML", "TSV"])
def test_results_read_back_as_the_same_terms(name):
    back = read_back(format_result(ROWS, name.lower()), name)
    assert [{k: (v if not isinstance(v, BNode) else "bnode") for k, v in row.items()} for row in back] == [
        {k: (v if not isinstance(v, BNode) else "bnode") for k, v in row.items()} for row in ROWS.rows]


def test_json_follows_the_sparql_results_json_format():
    document = json.loads(format_result(ROWS, "json"))
    assert document["head"] == {"vars": ["company", "name", "output", "note"]}
    first, second, third = document["results"]["bindings"]
    assert first["company"] == {"type": "uri", "value": "https://w3id.org/yubei-kg/id/changan"}
    assert first["name"] == {"type": "literal", "value": "长安汽车", "xml:lang": "zh"}
    assert first["output"] == {"type": "literal", "value": "166000000000.0",
                               "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert first["note"] == {"type": "literal", "value": 'says "超过"\nand\ttabs'}
    assert "note" not in second  # unbound variables are left out
    assert third["company"] == {"type": "bnode", "value": "b0"}


def test_ask_results_in_each_format():
    yes = QueryResult("ask", boolean=True)
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in format_result(yes, "xml")
    assert format_result(QueryResult("ask", boolean=False), "table") == b"false\n"
    assert format_result(yes, "csv") == b"boolean\r\ntrue\r\n"


def test_csv_gives_plain_values_with_crlf():
    rows = list(csv.reader(io.StringIO(format_result(ROWS, "csv").decode("utf-8"), newline="")))
    assert rows[0] == ["company", "name", "output", "note"]
    assert rows[1] == ["https://w3id.org/yubei-kg/id/changan", "长安汽车", "166000000000.0", 'says "超过"\nand\ttabs']
    assert rows[2][3] == "" and rows[3][0] == "_:b0"
    assert format_result(ROWS, "csv").count(b"\r\n") == 4


def cut_by_display_columns(line: str, rule: str) -> list[str]:
    """The cells of a table line, cut where the rule's dashes are; fails if a character straddles a cut
    or anything but spaces stands between columns."""
    segments, column = [], 0
    for dashes in rule.split("  "):
        segments.append((column, column + len(dashes)))
        column += len(dashes) + 2
    cells = [""] * len(segments)
    column = 0
    for ch in line:
        width = display_width(ch)
        inside = [i for i, (start, end) in enumerate(segments) if start <= column and column + width <= end]
        if inside:
            cells[inside[0]] += ch
        else:
            assert ch == " ", f"{ch!r} at display column {column} is outside every column: {line!r}"
        column += width
    return cells


def test_table_columns_line_up_when_cells_hold_chinese():
    header, rule, *rows = table_text(ROWS).splitlines()
    assert cut_by_display_columns(header, rule) == ["company   ", "name                    ", "      output",
                                                    "note"]
    assert [cell.strip() for cell in cut_by_display_columns(rows[0], rule)] == [
        "yb:changan", "长安汽车", "166000000000", 'says "超过" and tabs']
    assert [cell.strip() for cell in cut_by_display_columns(rows[2], rule)] == [
        "_:b0", "时代长安动力电池有限公司", "", "true"]


def test_table_right_aligns_numbers_written_plainly():
    _header, rule, *rows = table_text(ROWS).splitlines()
    outputs = [cut_by_display_columns(row, rule)[2] for row in rows[:2]]
    assert outputs == ["166000000000", "          35"]  # 166000000000.0 written without the .0
    assert cut_by_display_columns(rows[0], rule)[0].startswith("yb:changan")  # IRIs shortened


def test_table_keeps_each_row_on_one_line_and_escapes_control_characters():
    hostile = QueryResult("select", ["label"], [{"label": Literal("evil\x1b[2J\nnext\u202eline")}])
    text = table_text(hostile)
    assert "\x1b" not in text and "\u202e" not in text and len(text.splitlines()) == 3
    assert "\\u001b[2J next\\u202eline" in text


def test_table_marks_texts_in_another_language_than_asked():
    text = format_result(ROWS, "table", lang="zh").decode("utf-8")
    assert "OPPO@en" in text and "长安汽车@" not in text


def test_graph_results_are_rdf_and_rows_are_not():
    graph = Graph()
    graph.add((YB["changan"], URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("长安汽车", lang="zh")))
    result = QueryResult("graph", graph=graph)
    assert format_result(result) == format_result(result, "turtle")
    assert b"yb:changan" in format_result(result, "turtle")
    assert format_result(result, "nt").startswith(b"<https://w3id.org/yubei-kg/id/changan>")
    assert json.loads(format_result(result, "jsonld"))
    for wrong, kind in (("csv", result), ("turtle", ROWS)):
        with pytest.raises(KgError) as caught:
            format_result(kind, wrong)
        assert caught.value.where == "--format"


def test_dataframe_has_a_column_per_variable():
    pytest.importorskip("pandas")
    frame = ROWS.to_dataframe()
    assert list(frame.columns) == ["company", "name", "output", "note"]
    assert frame.loc[0, "name"] == "长安汽车"
    assert frame.loc[1, "output"] == 35

"""The saved-query catalogue: headers, and what `kg query QUERY` takes QUERY to be."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.queries import load_catalogue, read_query_file, resolve

BODY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n"


def write(tmp_path, name: str, header: str) -> object:
    path = tmp_path / name
    path.write_text(header + BODY, encoding="utf-8")
    return path


def error_of(function, *args) -> KgError:
    with pytest.raises(KgError) as caught:
        function(*args)
    return caught.value


def test_header_gives_titles_description_and_parameters(tmp_path):
    path = write(tmp_path, "q.rq", "# title: {zh: 标题, en: Title}\n# description: >\n#   Two\n#   lines.\n"
                                   "# parameters:\n#   - {name: year, type: integer, default: 2024}\n")
    query = read_query_file(path)
    assert (query.name, query.title, query.description) == ("q", {"zh": "标题", "en": "Title"}, "Two lines.")
    assert [(p.name, p.type, p.default) for p in query.parameters] == [("year", "integer", "2024")]


def test_file_without_header_has_no_parameters(tmp_path):
    query = read_query_file(write(tmp_path, "plain.rq", "# just a comment\n"))
    assert query.parameters == () and query.title == {}


@pytest.mark.parametrize("header, line, words", [
    ("# title: x\n# parameters:\n#   - {name: year, type: integer}\n", 3, "has no default"),
    ("# title: x\n# parameters:\n#   - {name: year, type: integer, default: soon}\n", 3, "does not parse"),
    ("# title: x\n# parameters:\n#   - {name: y, type: colour, default: red}\n", 3, "unknown type"),
    ("# title: x\n# parameters:\n#   - {name: y, type: string, default: a, description: one, two}\n", 3,
     "needs quotes"),
    ("# title: x\n# author: me\n", 2, "unknown header field"),
    ("# title: x\n# parameters: [\n", 2, "not valid YAML"),
])
def test_bad_header_is_an_error_at_its_line(tmp_path, header, line, words):
    path = write(tmp_path, "bad.rq", header)
    error = error_of(read_query_file, path)
    assert error.where == f"{path}:{line}" and words in error.message


def test_catalogue_holds_the_folders_queries_by_name(tmp_path):
    write(tmp_path, "first.rq", "")
    write(tmp_path, "second.rq", "")
    (tmp_path / "checks").mkdir()
    write(tmp_path / "checks", "ignored-violation.rq", "")
    assert list(load_catalogue(tmp_path)) == ["first", "second"]


def test_query_argument_is_a_name_a_file_or_sparql(tmp_path):
    write(tmp_path, "mine.rq", "")
    assert resolve("mine", tmp_path).path == tmp_path / "mine.rq"
    assert resolve(str(tmp_path / "mine.rq"), tmp_path).text == BODY
    inline = resolve("SELECT ?c WHERE { ?c a kg:Company }", tmp_path)
    assert inline.name == "query" and inline.line_offset == 1
    assert inline.text.startswith("PREFIX kg: <https://w3id.org/yubei-kg/ontology#>\nSELECT")


def test_unknown_name_is_answered_with_close_matches(tmp_path):
    write(tmp_path, "chain-leaders.rq", "")
    write(tmp_path, "chain-gaps.rq", "")
    error = error_of(resolve, "chain-leader", tmp_path)
    assert error.where == "chain-leader" and "did you mean chain-leaders" in error.message

"""Hostile and broken RDF files: each is refused with one line at file[:line:column], and
reading one reaches for nothing (no connection, no other file), whatever it asks for."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest

from kg.errors import KgError
from tests.watch import fifo_trap, loopback_listener, run_kg_audited

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SIMPLE_TURTLE = '@prefix ex: <http://example.org/> .\nex:s ex:p "o" .\n'


def read(path: Path):
    from kg.rdfio import read_graph_files

    return read_graph_files([path])


def refusal(path: Path) -> KgError:
    with pytest.raises(KgError) as raised:
        read(path)
    assert "\n" not in str(raised.value)
    return raised.value


def rdfxml(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{doctype}'
            f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">\n{body}\n</rdf:RDF>\n')


def assert_one_line_cli_error(result, where: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {where}"), lines[0]
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr


# --- RDF/XML: entities --------------------------------------------------------------------

def test_rdfxml_external_file_entity_is_refused_and_the_file_is_never_opened(tmp_path):
    secret = tmp_path / "secret"
    with fifo_trap(secret) as trap:
        path = tmp_path / "xxe.rdf"
        path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p>'
                               "</rdf:Description>",
                               f'<!DOCTYPE rdf:RDF [\n  <!ENTITY xxe SYSTEM "{secret.as_uri()}">\n]>\n'))
        error = refusal(path)
        assert not trap.was_opened()
    assert error.where == f"{path}:3:3"
    assert "external entity `xxe` (SYSTEM) is refused" in error.message


def test_rdfxml_external_http_entity_is_refused_without_a_connection(tmp_path):
    with loopback_listener() as listener:
        path = tmp_path / "xxe.rdf"
        path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p>'
                               "</rdf:Description>",
                               f'<!DOCTYPE rdf:RDF [<!ENTITY x PUBLIC "-//x//EN" "{listener.url}/x">]>\n'))
        error = refusal(path)
        assert listener.connections() == 0
    assert "external entity `x` (PUBLIC) is refused" in error.message


def test_rdfxml_external_dtd_is_refused(tmp_path):
    with loopback_listener() as listener:
        path = tmp_path / "dtd.rdf"
        path.write_text(rdfxml("", f'<!DOCTYPE rdf:RDF SYSTEM "{listener.url}/rdf.dtd">\n'))
        error = refusal(path)
        assert listener.connections() == 0
    assert error.where == f"{path}:2:1" and "external DTD" in error.message


def test_rdfxml_parameter_entity_is_refused(tmp_path):
    path = tmp_path / "pe.rdf"
    path.write_text(rdfxml("", '<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'))
    assert "parameter entities" in refusal(path).message


def test_rdfxml_billion_laughs_is_refused_before_expansion(tmp_path):
    declarations = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        reference = f"&lol{level - 1};"
        declarations.append(f'<!ENTITY lol{level} "{reference * 10}">')
    path = tmp_path / "laughs.rdf"
    path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p>'
                           "</rdf:Description>", "<!DOCTYPE rdf:RDF [\n" + "\n".join(declarations) + "\n]>\n"))
    error = refusal(path)
    assert error.where == f"{path}:4:1"
    assert "refers to other entities" in error.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_rdfxml_billion_laughs_in_utf16_without_byte_order_mark_is_refused(tmp_path, encoding):
    # the guard reads bytes as UTF-8 and so sees no DOCTYPE; the parser must then refuse the file
    declarations = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(9))
    path = tmp_path / "laughs.rdf"
    path.write_bytes(rdfxml('<rdf:Description rdf:about="http://example.org/a"><ex:p>&j;</ex:p></rdf:Description>',
                            f"<!DOCTYPE rdf:RDF [{declarations}]>\n").encode(encoding))
    assert refusal(path).where == str(path)


def test_rdfxml_quadratic_blowup_is_refused_before_expansion(tmp_path):
    path = tmp_path / "quadratic.rdf"
    path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/a"><ex:p>' + "&a;" * 20_000
                           + "</ex:p></rdf:Description>", f'<!DOCTYPE rdf:RDF [<!ENTITY a "{"x" * 20_000}">]>\n'))
    error = refusal(path)
    assert error.where == str(path)
    assert "would add 400,000,000 bytes" in error.message


def test_rdfxml_doctype_after_the_root_element_is_refused(tmp_path):
    # pyoxigraph would honour it: the guard must look at the whole file, not only the prolog
    path = tmp_path / "late.rdf"
    path.write_text(rdfxml('<!DOCTYPE x [<!ENTITY b "B">]><rdf:Description rdf:about="http://example.org/a">'
                           "<ex:p>&b;</ex:p></rdf:Description>"))
    error = refusal(path)
    assert error.where == f"{path}:3:1" and "DOCTYPE" in error.message


def test_rdfxml_protege_style_entities_are_accepted_and_expanded(tmp_path):
    from rdflib import Literal, URIRef

    path = tmp_path / "ontology.owl"
    path.write_text(rdfxml('<rdf:Description rdf:about="&ex;a"><ex:p>&greeting;</ex:p></rdf:Description>',
                           "<!DOCTYPE rdf:RDF [\n  <!-- Protégé writes these -->\n"
                           '  <!ENTITY ex "http://example.org/" >\n  <!ENTITY greeting "hello">\n]>\n'))
    graph = read(path)
    assert set(graph) == {(URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("hello"))}


def test_rdfxml_nested_too_deeply_is_refused(tmp_path):
    from kg.rdfguard import MAX_XML_NESTING

    depth = MAX_XML_NESTING
    path = tmp_path / "deep.rdf"
    path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/a">'
                           + "<ex:p><rdf:Description>" * depth + "</rdf:Description></ex:p>" * depth
                           + "</rdf:Description>"))
    error = refusal(path)
    assert re.fullmatch(rf"{re.escape(str(path))}:3:\d+", error.where)
    assert f"deeper than {MAX_XML_NESTING}" in error.message


def test_rdfxml_malformed_is_one_line_at_the_file(tmp_path, kg):
    path = tmp_path / "broken.rdf"
    path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:q>'))
    assert_one_line_cli_error(kg("export", "--graph", str(path)), str(path))


# --- JSON-LD: remote contexts, nesting -------------------------------------------------------

def _jsonld_remote_contexts(listener_url: str, trap_uri: str) -> dict[str, object]:
    return {
        "http": listener_url + "/context.jsonld",
        "file": trap_uri,
        "relative": "context.jsonld",  # resolves to the FIFO beside the document
        "in-a-list": [{"ex": "http://example.org/"}, listener_url + "/c"],
        "import": {"@version": 1.1, "@import": listener_url + "/c"},
        "scoped": {"p": {"@id": "http://example.org/p", "@context": listener_url + "/c"}},
    }


@pytest.mark.parametrize("variant", ["http", "file", "relative", "in-a-list", "import", "scoped"])
def test_jsonld_remote_context_is_never_fetched(tmp_path, variant):
    with loopback_listener() as listener, fifo_trap(tmp_path / "context.jsonld") as trap:
        context = _jsonld_remote_contexts(listener.url, trap.path.as_uri())[variant]
        document = {"@context": context, "@id": "http://example.org/s", "p": {"@id": "http://example.org/o"},
                    "http://example.org/name": "x"}
        path = tmp_path / "doc.jsonld"
        path.write_text(json.dumps(document))
        run = run_kg_audited("export", "--graph", str(path), "--format", "nt", log_dir=tmp_path)
        assert listener.connections() == 0
        assert not trap.was_opened()
    assert run.network == [], run.network
    assert not run.opened(trap.path)
    assert_one_line_cli_error(run.result, str(path))
    assert "remote JSON-LD @context" in run.result.stderr


def test_jsonld_inline_context_is_read(tmp_path):
    from rdflib import Literal, URIRef

    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps({"@context": {"name": "http://example.org/name"}, "@id": "http://example.org/s",
                                "name": "渝北"}))
    assert set(read(path)) == {(URIRef("http://example.org/s"), URIRef("http://example.org/name"), Literal("渝北"))}


def test_jsonld_nested_deeply_is_refused_instead_of_crashing(tmp_path, kg):
    # 5,000 levels of objects overflow pyoxigraph's stack (a segfault, exit -11) without the guard
    path = tmp_path / "deep.jsonld"
    path.write_text('{"http://example.org/p":' * 5000 + "1" + "}" * 5000)
    result = kg("validate", "--graph", str(path))
    assert_one_line_cli_error(result, f"{path}:1:")
    assert "nested deeper than 256 levels" in result.stderr


def test_jsonld_nesting_guard_ignores_brackets_inside_strings(tmp_path):
    path = tmp_path / "brackets.jsonld"
    path.write_text(json.dumps({"@id": "http://example.org/s", "http://example.org/p": "{[" * 1000 + '\\"'}))
    assert len(read(path)) == 1


def test_jsonld_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "bad.jsonld"
    path.write_text('{\n  "@id": "http://example.org/s",\n  "http://example.org/p": \n}\n')
    assert refusal(path).where == f"{path}:4:1"


# --- encodings and file problems ---------------------------------------------------------------

def test_utf8_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "bom.ttl"
    path.write_bytes(codecs.BOM_UTF8 + SIMPLE_TURTLE.encode())
    assert len(read(path)) == 1


@pytest.mark.parametrize(("encoding", "name"), [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
def test_utf16_and_utf32_files_are_named_as_such(tmp_path, encoding, name):
    path = tmp_path / "wide.ttl"
    path.write_bytes(SIMPLE_TURTLE.encode(encoding))  # Python writes the byte-order mark first
    error = refusal(path)
    assert error.where == f"{path}:1:1" and f"the file is {name}" in error.message


def test_latin1_file_is_refused_at_the_first_bad_byte(tmp_path):
    path = tmp_path / "latin1.ttl"
    path.write_bytes('@prefix ex: <http://example.org/> .\nex:s ex:p "café" .\n'.encode("latin-1"))
    error = refusal(path)
    assert error.where == f"{path}:2:15" and "UTF-8" in error.message


def test_utf16_without_byte_order_mark_is_refused_at_a_nul_byte(tmp_path):
    path = tmp_path / "wide.nt"
    path.write_bytes('<http://example.org/s> <http://example.org/p> "o" .\n'.encode("utf-16-le"))
    error = refusal(path)
    assert error.where == f"{path}:1:1" and "\\x00" in error.message  # shown escaped, not raw


def test_control_characters_of_a_hostile_file_are_escaped_in_the_message(tmp_path, kg):
    path = tmp_path / "escape.ttl"
    path.write_bytes(b"@prefix ex: <http://example.org/> .\nex:s ex:p \x1b[2J .\n")
    result = kg("export", "--graph", str(path))
    assert_one_line_cli_error(result, f"{path}:2:")
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr


def test_nul_byte_outside_a_literal_is_refused_at_its_place(tmp_path):
    path = tmp_path / "nul.ttl"
    path.write_bytes(SIMPLE_TURTLE.encode() + b"ex:s\x00 ex:p 1 .\n")
    assert refusal(path).where == f"{path}:3:5"


def test_nul_byte_inside_a_literal_is_valid_turtle_and_kept(tmp_path):
    # the W3C suite's LITERAL1_ascii_boundaries has one: the grammar allows it
    path = tmp_path / "nul.ttl"
    path.write_bytes(b'<http://example.org/s> <http://example.org/p> "a\x00b" .\n')
    assert [str(o) for o in read(path).objects()] == ["a\x00b"]


def test_empty_file_is_refused_as_holding_no_triples(tmp_path):
    path = tmp_path / "empty.ttl"
    path.write_text("# only a comment\n")
    error = refusal(path)
    assert error.where == str(path) and "no triples" in error.message


def test_directory_is_refused(tmp_path, kg):
    folder = tmp_path / "graph.ttl"
    folder.mkdir()
    assert "is a directory" in refusal(folder).message
    assert_one_line_cli_error(kg("stats", "--graph", str(folder)), f"{folder}: is a directory")


def test_missing_file_is_refused(tmp_path, kg):
    missing = tmp_path / "missing.ttl"
    assert refusal(missing).message == "no such file"
    assert_one_line_cli_error(kg("export", "--graph", str(missing)), f"{missing}: no such file")


def test_device_or_fifo_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "pipe.ttl"
    with fifo_trap(fifo) as trap:
        assert refusal(fifo).message == "not a regular file"
        assert not trap.was_opened()


def test_unknown_extension_is_refused_with_the_known_ones(tmp_path):
    path = tmp_path / "graph.n3"
    path.write_text(SIMPLE_TURTLE)
    error = refusal(path)
    assert error.where == str(path) and ".ttl" in error.message and ".jsonld" in error.message


def test_huge_single_term_is_one_line_error(tmp_path, kg):
    path = tmp_path / "huge.nt"
    with path.open("wb") as out:
        out.write(b'<http://example.org/s> <http://example.org/p> "')
        out.write(b"x" * (17 * 1024 * 1024))
        out.write(b'" .\n')
    error = refusal(path)
    assert error.where == str(path) and "too long" in error.message


def test_long_line_of_many_triples_is_read(tmp_path):
    path = tmp_path / "one-line.ttl"
    path.write_text(" ".join(f"<http://example.org/s{n}> <http://example.org/p> {n} ." for n in range(20_000)))
    assert len(read(path)) == 20_000


# --- RDF 1.2 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "ex:s ex:p <<( ex:a ex:b ex:c )>> .",
    "<< ex:a ex:b ex:c >> ex:q ex:r .",
    "ex:a ex:b ex:c {| ex:q ex:r |} .",
])
def test_rdf12_triple_terms_are_refused_clearly(tmp_path, statement):
    path = tmp_path / "star.ttl"
    path.write_text(f"PREFIX ex: <http://example.org/>\n{statement}\n")
    error = refusal(path)
    assert error.where == str(path) and "RDF 1.2 triple terms" in error.message


def test_rdf12_base_direction_is_refused_clearly(tmp_path):
    path = tmp_path / "direction.ttl"
    path.write_text('PREFIX ex: <http://example.org/>\nex:s ex:p "مرحبا"@ar--rtl .\n')
    assert "base direction (@ar--rtl)" in refusal(path).message


def test_rdf12_version_directive_is_accepted(tmp_path):
    path = tmp_path / "version.ttl"
    path.write_text('VERSION "1.2"\n' + SIMPLE_TURTLE)
    assert len(read(path)) == 1


# --- merging ---------------------------------------------------------------------------------

def test_same_blank_node_label_in_two_files_names_two_nodes(tmp_path):
    from kg.rdfio import read_graph_files

    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text('_:b1 <http://example.org/name> "x" .\n')
    graph = read_graph_files([tmp_path / "a.ttl", tmp_path / "b.ttl"])
    assert len(set(graph.subjects())) == 2


def test_turtle_syntax_error_through_the_cli_names_line_and_column(tmp_path, kg):
    path = tmp_path / "bad.ttl"
    path.write_text(SIMPLE_TURTLE + "ex:s ex:p .\n")
    assert_one_line_cli_error(kg("validate", "--graph", str(path)), f"{path}:3:")


def _laughs(path):
    declarations = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        declarations.append(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">')
    path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p>'
                           "</rdf:Description>", "<!DOCTYPE rdf:RDF [\n" + "\n".join(declarations) + "\n]>\n"))
    return path


def test_an_oxigraph_store_refuses_the_entity_bomb_that_the_reader_refuses(tmp_path):
    # regression: the Oxigraph store bulk-loaded --graph files itself, past kg.rdfguard
    from kg.stores import open_store

    path = _laughs(tmp_path / "laughs.rdf")
    with pytest.raises(KgError) as raised:
        open_store("oxigraph", graph_files=[path])
    assert raised.value.where == f"{path}:4:1" and "refers to other entities" in raised.value.message


def test_kg_load_refuses_the_entity_bomb_and_leaves_no_store(tmp_path):
    # regression: kg load parsed files itself, past kg.rdfguard
    from kg.stores.loading import load_files

    path = _laughs(tmp_path / "laughs.rdf")
    with pytest.raises(KgError) as raised:
        load_files([str(path)], tmp_path / "store")
    assert "refers to other entities" in raised.value.message
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").iterdir())

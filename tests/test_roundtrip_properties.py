"""Property-based: whatever text, decimal or date a curator writes in data/ comes back unchanged
after YAML → records → graph → export (every format) → kg's reader.

Text is any Unicode a UTF-8 YAML file can hold, except what no text of the graph may hold
(control characters other than tab and line breaks, lone surrogates, U+FFFE/U+FFFF): those
are refused at the data file's line, which is the second property. Leading and trailing
whitespace is trimmed on reading, by design, so the expected text is the trimmed one.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from tests.conftest import ROOT

FORMATS = ("turtle", "nt", "jsonld", "trig", "xml")
EXTENSIONS = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "trig": ".trig", "xml": ".rdf"}
YI = Decimal(100_000_000)  # 亿元 → CNY, as in data/vocab/units.yaml
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

TRICKY = [
    "</script><script>alert(1)</script>", "<b>&amp;</b>", "]]>", '"', "'", "\\", '\\"', "\\u0022",
    "渝北区两江新区", "مرحبا بالعالم", "שלום", "👩‍👩‍👧 🚗", "a\u202eb", "\ufeffBOM", "x\u2028y", "p\u2029q",
    "tab\there", "two\nlines", "cr\rhere", "null", "true", "~", "1.5", "2024-01-01", "- item", "key: value",
    "# not a comment", "&anchor", "*alias", "!tag", "%", "@en", "{{ x }}", "${x}", "\u00a0nbsp\u00a0",
]
allowed_character = st.characters(codec="utf-8").filter(lambda ch: not FORBIDDEN.match(ch))
text = st.one_of(st.text(allowed_character, min_size=1, max_size=24), st.sampled_from(TRICKY),
                 st.lists(st.sampled_from(TRICKY), min_size=2, max_size=4).map("".join))
label = text.filter(lambda t: t.strip() != "")
decimal = st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e15"),
                      max_value=Decimal("1e15"), places=None).filter(lambda d: d.as_tuple().exponent >= -12)
day = st.dates(min_value=datetime.date(1000, 1, 1))


MINI_VOCABULARY = """\
units:
  - {id: cny, zh: 元, en: yuan (CNY), iri: "http://qudt.org/vocab/currency/CNY"}
written_units:
  亿元: {unit: cny, multiplier: 100000000}
indicators:
  - {id: output-value, zh: 产值, en: output value, unit: cny}
"""


@pytest.fixture(scope="module")
def mini_project(tmp_path_factory):
    """The project's ontology and source, the one unit and indicator used; data/property.yaml is
    written per example (a small graph keeps each example fast)."""
    from kg.ontology import Ontology
    from kg.project import Project

    root = tmp_path_factory.mktemp("mini-project")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "data" / "sources", root / "data" / "sources")
    (root / "data" / "vocab.yaml").write_text(MINI_VOCABULARY, encoding="utf-8")
    shutil.copy(ROOT / "data" / "sources.yaml", root / "data" / "sources.yaml")
    source = (root / "data" / "sources" / "yubei-2024.txt").read_text(encoding="utf-8")
    quote = next(line for line in source.splitlines() if len(line) > 20)[:20]
    return Project(root), Ontology.from_directory(root / "ontology"), quote


def yaml_text(document: dict) -> str:
    """The document as ruamel writes YAML, with Decimals as plain (unquoted) numbers."""
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        pass

    Representer.add_representer(
        Decimal, lambda r, number: r.represent_scalar("tag:yaml.org,2002:float", _yaml_number(number)))
    yaml = YAML(typ="rt", pure=True)
    yaml.Representer = Representer
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _yaml_number(number: Decimal) -> str:
    written = str(number)  # 1.5, 1.5E+7 or 0E-8: all YAML floats once they hold a '.' or an exponent
    return written if ("." in written or "E" in written) else written + ".0"


def build_from(mini_project, entities: list[dict], figures: list[dict]):
    from kg.build import build_graph
    from kg.records.load import load_dataset

    project, ontology, _ = mini_project
    document = {"source": "yubei-2024", "entities": entities, "figures": figures}
    (project.data / "property.yaml").write_text(yaml_text(document), encoding="utf-8")
    return build_graph(load_dataset(project.data, ontology, display_root=project.root))


def read_back(graph, format_name: str, directory):
    from kg.export import serialize
    from kg.rdfio import read_graph_files

    path = directory / f"exported{EXTENSIONS[format_name]}"
    path.write_bytes(serialize(graph, format_name))
    return read_graph_files([path])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zh=label, en=label, alias=label, note=label, value=decimal, date=day)
@example(zh="渝北", en="x\u2028y", alias="a\u2029b", note="</script>", value=Decimal("12345678901234.5678"),
         date=datetime.date(2024, 2, 29))
def test_labels_decimals_and_dates_survive_data_build_export_parse(mini_project, tmp_path, zh, en, alias, note,
                                                                   value, date):
    from rdflib import Literal

    from kg.build import _has_cjk
    from kg.namespaces import KG, OBS, RDFS, SDMX_MEASURE, SKOS, XSD, YB

    quote = mini_project[2]
    graph = build_from(mini_project, entities=[
        {"id": "property-company", "class": "Company", "zh": zh, "en": en, "aliases": [alias], "note": note,
         "quote": quote},
        {"id": "property-event", "class": "Event", "zh": "事件", "en": "event", "date": date.isoformat(),
         "quote": quote},
    ], figures=[{"id": "property-figure", "subject": "property-company", "indicator": "output-value",
                 "period": "2024", "value": value, "unit": "亿元", "quote": quote}])
    company, figure = YB["property-company"], OBS["property-figure"]
    for format_name in FORMATS:
        parsed = read_back(graph, format_name, tmp_path)
        assert set(parsed) == set(graph), format_name
        assert Literal(zh.strip(), lang="zh") in set(parsed.objects(company, RDFS.label)), format_name
        assert Literal(en.strip(), lang="en") in set(parsed.objects(company, RDFS.label)), format_name
        alias_language = "zh" if _has_cjk(alias.strip()) else "en"
        assert set(parsed.objects(company, SKOS.altLabel)) == {Literal(alias.strip(), lang=alias_language)}
        assert set(parsed.objects(company, SKOS.editorialNote)) == {Literal(note.strip())}
        (written,) = parsed.objects(figure, KG.writtenValue)
        (normalized,) = parsed.objects(figure, SDMX_MEASURE.obsValue)
        assert Decimal(str(written)) == value and Decimal(str(normalized)) == value * YI, format_name
        assert set(parsed.objects(YB["property-event"], KG.date)) == {Literal(date.isoformat(), datatype=XSD.date)}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(allowed_character, max_size=5), after=st.text(allowed_character, max_size=5),
       bad=st.sampled_from([chr(c) for c in (*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                                             0xD800, 0xDFFF, 0xFFFE, 0xFFFF)]))
@example(before="", after="", bad="\x0b")  # whitespace: it must be refused before trimming could drop it
def test_label_with_a_control_character_is_refused_at_its_line(mini_project, before, after, bad):
    project = mini_project[0]
    escaped = f"\\u{ord(bad):04X}"  # YAML's escape: the only way to put these characters in a YAML file
    (project.data / "property.yaml").write_text(
        "source: yubei-2024\nentities:\n  - id: property-company\n    class: Company\n"
        f'    zh: "{_yaml_double_quoted(before)}{escaped}{_yaml_double_quoted(after)}"\n'
        f"    en: company\n    quote: {mini_project[2]}\n", encoding="utf-8")
    from kg.records.load import load_dataset

    with pytest.raises(KgError) as raised:
        load_dataset(project.data, mini_project[1], display_root=project.root)
    assert raised.value.where == "data/property.yaml:5"
    assert f"U+{ord(bad):04X}" in raised.value.message


def _yaml_double_quoted(text: str) -> str:
    return "".join(f"\\U{ord(ch):08X}" if not ch.isalnum() else ch for ch in text)


def test_nt_export_keeps_literals_with_unicode_line_separators_on_one_line(tmp_path):
    """Regression: str.splitlines() cut N-Triples lines at U+0085, U+2028, U+2029, \\x1c-\\x1e."""
    from rdflib import Graph, Literal, URIRef

    graph = Graph()
    for number, separator in enumerate(("\x85", "\u2028", "\u2029", "\x1c", "\x0b")):
        graph.add((URIRef(f"http://example.org/s{number}"), URIRef("http://example.org/p"), Literal(f"a{separator}b")))
    assert set(read_back(graph, "nt", tmp_path)) == set(graph)


def test_yaml_decimal_with_many_digits_is_read_exactly(mini_project):
    """Regression: YAML floats went through binary floats, so 12345678901234.5678 lost digits."""
    from kg.namespaces import KG, OBS

    value = Decimal("12345678901234.5678")
    graph = build_from(mini_project, entities=[
        {"id": "property-company", "class": "Company", "zh": "公司", "en": "company", "quote": mini_project[2]}],
        figures=[{"id": "property-figure", "subject": "property-company", "indicator": "output-value",
                  "period": "2024", "value": value, "unit": "亿元", "quote": mini_project[2]}])
    (written,) = graph.objects(OBS["property-figure"], KG.writtenValue)
    assert Decimal(str(written)) == value


@pytest.mark.parametrize(("character", "code"), [("\x01", "U+0001"), ("\ufffe", "U+FFFE")])
def test_xml_export_refuses_characters_xml_cannot_hold(character, code):
    from rdflib import Graph, Literal, URIRef

    from kg.export import serialize

    graph = Graph()
    graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(f"a{character}b")))
    with pytest.raises(KgError) as raised:
        serialize(graph, "xml")
    assert raised.value.where == "--format xml" and code in raised.value.message


@pytest.mark.parametrize("predicate", ["http://example.org/1", "http://example.org/p/"])
def test_xml_export_refuses_predicates_without_an_xml_name(predicate):
    from rdflib import Graph, Literal, URIRef

    from kg.export import serialize

    graph = Graph()
    graph.add((URIRef("http://example.org/s"), URIRef(predicate), Literal("x")))
    with pytest.raises(KgError) as raised:
        serialize(graph, "xml")
    assert "RDF/XML cannot write this graph" in raised.value.message


def test_xml_export_writes_a_predicate_ending_in_an_escaped_space_as_a_namespace_and_name():
    from rdflib import Graph, Literal, URIRef
    from rdflib.compare import isomorphic

    from kg.export import serialize

    graph = Graph()
    graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/a%20b"), Literal("x")))
    assert isomorphic(Graph().parse(data=serialize(graph, "xml"), format="xml"), graph)

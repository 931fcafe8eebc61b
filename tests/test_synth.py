"""kg synth: a synthetic economy in the project's ontology, deterministic, valid, streamed."""

from __future__ import annotations

import pytest

from kg.errors import KgError


@pytest.fixture(scope="session")
def synthetic_10k(tmp_path_factory, project):
    from kg.synth import synthesize

    path = tmp_path_factory.mktemp("synth") / "economy-10k.ttl"
    summary = synthesize(project, 10_000, str(path), seed=1)
    return path, summary


def _count_triples(path):
    import pyoxigraph

    from kg.rdfio import rdf_format_for

    return sum(1 for _ in pyoxigraph.parse(path=str(path), format=rdf_format_for(path)))


def test_same_seed_gives_byte_identical_output(synthetic_10k, project, tmp_path):
    from kg.synth import synthesize

    path, _ = synthetic_10k
    again = tmp_path / "again.ttl"
    synthesize(project, 10_000, str(again), seed=1)
    assert again.read_bytes() == path.read_bytes()


def test_another_seed_gives_another_economy(synthetic_10k, project, tmp_path):
    from kg.synth import synthesize

    path, _ = synthetic_10k
    other = tmp_path / "other.ttl"
    synthesize(project, 10_000, str(other), seed=2)
    assert other.read_bytes() != path.read_bytes()


def test_holds_at_least_the_triples_asked_for_and_says_how_many(synthetic_10k):
    path, summary = synthetic_10k
    assert summary.triples == _count_triples(path)
    # it stops at the end of the company that crosses N: never short, never far over
    assert 10_000 <= summary.triples < 10_000 + 500


def test_synthetic_graph_conforms_to_the_shapes_and_the_checks(synthetic_10k, project):
    from kg.pipeline import validate_input

    path, _ = synthetic_10k
    report = validate_input(project, (path,))
    assert report.findings == []
    assert report.conforms


def test_turtle_and_ntriples_hold_the_same_graph(synthetic_10k, project, tmp_path):
    import pyoxigraph

    from kg.synth import synthesize

    path, _ = synthetic_10k
    nt = tmp_path / "economy.nt"
    synthesize(project, 10_000, str(nt), seed=1)
    stores = []
    for file, rdf_format in ((path, pyoxigraph.RdfFormat.TURTLE), (nt, pyoxigraph.RdfFormat.N_TRIPLES)):
        store = pyoxigraph.Store()
        store.load(path=str(file), format=rdf_format)
        stores.append(set(store))
    assert stores[0] == stores[1]


def _select(path, query):
    import pyoxigraph

    from kg.namespaces import sparql_prologue

    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return list(store.query(sparql_prologue() + query))


def test_supply_chains_run_several_levels_below_a_chain_leader(synthetic_10k):
    path, _ = synthetic_10k
    rows = _select(path, """
        SELECT ?leader ?tier3 WHERE {
          ?leader kg:chainLeaderOf ?cluster .
          ?tier1 kg:supplies ?leader . ?tier2 kg:supplies ?tier1 . ?tier3 kg:supplies ?tier2 .
        } LIMIT 1""")
    assert rows


def test_entities_are_typed_with_the_kg_classes_above_their_own_as_kg_build_types_them(synthetic_10k):
    path, _ = synthetic_10k
    # a kg: class of an entity that lacks one of the kg: classes above it
    missing = _select(path, """
        SELECT ?entity ?class ?above WHERE {
          ?entity a ?class . ?class rdfs:subClassOf+ ?above .
          FILTER(STRSTARTS(STR(?entity), STR(yb:)) && STRSTARTS(STR(?above), STR(kg:)))
          FILTER NOT EXISTS { ?entity a ?above }
        } LIMIT 3""")
    assert missing == []
    assert _select(path, "SELECT ?park WHERE { ?park a kg:IndustrialPark , kg:Zone , kg:Place } LIMIT 1")


def test_companies_have_chinese_and_english_names_industries_and_figures_with_quotes(synthetic_10k):
    path, _ = synthetic_10k
    rows = _select(path, """
        SELECT ?zh ?en ?industry ?growth ?exact WHERE {
          ?company a kg:Company ; rdfs:label ?zh, ?en ; kg:inIndustry ?industry .
          FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
          ?figure kg:subject ?company ; kg:growthRate ?growth ; kg:period ?period ;
                  prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact .
          ?industry skos:inScheme kg:IndustryScheme .
        } LIMIT 1""")
    assert rows
    zh, en, _, _, exact = (row.value for row in rows[0])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) and en.isascii()
    assert exact.endswith("。")


def test_quote_offsets_are_consistent_with_the_quoted_text(synthetic_10k):
    path, _ = synthetic_10k
    rows = _select(path, """
        SELECT ?exact ?start ?end WHERE {
          ?quote a kg:SourceQuote ; oa:hasSelector [ oa:exact ?exact ; oa:start ?start ; oa:end ?end ] .
        }""")
    assert rows
    for exact, start, end in rows:
        assert int(end.value) - int(start.value) == len(exact.value)


def test_names_of_the_name_tables_never_repeat():
    from kg.synth.names import BUSINESS_NAMES, PLACE_NAMES

    for table in (BUSINESS_NAMES, PLACE_NAMES):
        assert len({c for c, _ in table.characters}) == len(table.characters)
        count = table.pairs + 3 * len(table.characters)  # past the pairs, into three characters
        names = [table.name(n).zh for n in range(count)]
        assert len(set(names)) == count


def test_product_names_and_maker_names_are_distinct():
    from kg.synth.chains import PRODUCTS

    assert len({p.zh for p in PRODUCTS.values()}) == len(PRODUCTS)
    assert len({p.maker_zh for p in PRODUCTS.values()}) == len(PRODUCTS)
    for product in PRODUCTS.values():
        assert all(used in PRODUCTS for used in product.inputs), product.id


@pytest.mark.parametrize("text, expected", [("10000", 10_000), ("10k", 10_000), ("1M", 1_000_000),
                                            ("2.5m", 2_500_000), ("10_000", 10_000)])
def test_sizes_read_with_suffixes(text, expected):
    from kg.synth import parse_size

    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["ten", "0", "-5", "1.5"])
def test_bad_sizes_are_errors_naming_the_option(text):
    from kg.synth import parse_size

    with pytest.raises(KgError) as error:
        parse_size(text)
    assert error.value.where == "--triples"


def test_cli_refuses_an_output_without_a_known_extension(kg, tmp_path):
    result = kg("synth", "-n", "1k", "-o", str(tmp_path / "economy.txt"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: --output:")
    assert not (tmp_path / "economy.txt").exists()


def test_cli_writes_the_file_and_reports_the_count(kg, tmp_path):
    output = tmp_path / "economy.nt"
    result = kg("synth", "-n", "5k", "-o", str(output), "--seed", "4")
    assert result.returncode == 0, result.stderr
    assert f"{_count_triples(output):,} triples" in result.stderr

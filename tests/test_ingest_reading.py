"""The pieces of kg ingest: numbers, periods, quantities, names, and bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def gazetteer(project):
    from kg.ingest.api import load_gazetteer

    return load_gazetteer(project)[0]


def ingest(gazetteer, text: str, when: str = "2025-10-20"):
    from kg.ingest.api import ingest_text
    from kg.ingest.reading import decode_article

    return ingest_text(decode_article(text.encode("utf-8"), "test.txt"), gazetteer, path=Path("test.txt"),
                       title=None, when=date.fromisoformat(when), source_id="test")


@pytest.mark.parametrize(("written", "period"), [
    ("今年前三季度", "2025-01/2025-09"),
    ("1-9月", "2025-01/2025-09"),
    ("前11月", "2025-01/2025-11"),
    ("今年前11个月", "2025-01/2025-11"),
    ("今年11月", "2025-11"),
    ("截至11月", "../2025-11"),
    ("截至目前", ".."),
    ("今年以来", "2025-01/.."),
    ("全年", "2025"),
    ("去年", "2024"),
    ("连续3年", "2023/2025"),
    ("未来5年", "2026/2030"),
    ("上半年", "2025-01/2025-06"),
])
def test_period_expressions_resolve_against_the_articles_year(written, period):
    from kg.ingest.periods import find_periods

    found = find_periods(written, 2025)
    assert [p.period for p in found] == [period]


def test_a_date_of_an_event_is_no_period():
    from kg.ingest.periods import find_periods

    assert [p.kind for p in find_periods("2024年7月25日", 2024)] == ["event"]


@pytest.mark.parametrize(("written", "value"), [("3.7", "3.7"), ("千", "1000"), ("三百二十", "320"), ("十五", "15"),
                                                 ("1,268.4", "1268.4")])
def test_numbers_as_written_parse(written, value):
    from kg.ingest.numbers import parse_number

    assert parse_number(written) == Decimal(value)


def test_a_figure_keeps_value_and_unit_as_written_and_normalizes_them(gazetteer):
    figure = ingest(gazetteer, "今年前三季度，渝北区规上工业总产值达1268.4亿元，同比增长12.6%。").figures[0]
    assert (figure.subject, figure.indicator, figure.period) == ("yubei", "above-scale-industrial-output",
                                                                 "2025-01/2025-09")
    assert (figure.value, figure.unit, figure.qualifier) == (Decimal("1268.4"), "亿元", "达")
    assert (figure.normalized_value, figure.normalized_unit) == (Decimal("126840000000"), "cny")
    assert figure.growth.value == Decimal("12.6") and figure.growth.basis == "同比"


def test_growth_comparison_rank_and_share_attach_to_the_figure_they_qualify(gazetteer):
    figures = ingest(gazetteer, "今年1-11月，渝北区进出口总额1489.3亿元，占全市总量的23.5%，总量位居全市第二；"
                                "规上工业产值增长16.7%，高于全市11.1个百分点，位列全市第1。").figures
    trade = next(f for f in figures if f.indicator == "imports-exports")
    assert trade.share.value == "23.5" and trade.share.of == "chongqing"
    assert [(r.position, r.by) for r in trade.rank] == [(2, "value")]
    output = next(f for f in figures if f.indicator == "above-scale-industrial-output")
    assert output.value is None and output.growth.value == Decimal("16.7")
    assert [(c.difference, c.unit, c.by) for c in output.compare] == [(Decimal("11.1"), "个百分点", "growth")]
    assert [(r.position, r.by) for r in output.rank] == [(1, "growth")]


def test_chinese_numerals_and_fractions_are_read(gazetteer):
    figures = ingest(gazetteer, "方大集团预计未来5年可撬动战略投资额逾千亿元。渝北轨道交通里程占全市三分之二，"
                                "规上工业总产值占全市1/7。").figures
    leveraged = next(f for f in figures if f.indicator == "strategic-investment-leveraged")
    assert (leveraged.value, leveraged.unit, leveraged.qualifier, leveraged.period) == (
        Decimal("1000"), "亿元", "逾", "2026/2030")
    assert sorted(f.share.value for f in figures if f.share) == ["1/7", "2/3"]


def test_the_graphs_names_match_their_entity_under_every_name(gazetteer):
    candidates = ingest(gazetteer, "长安今年销量大增。长安汽车新能源汽车销量达10万辆。"
                                   "重庆长安汽车股份有限公司实现营业收入1200亿元。")
    assert {e.matched for e in candidates.entities} == {"changan"}
    assert {f.subject for f in candidates.figures} == {"changan"}


def test_new_names_are_proposed_with_a_class_and_their_short_names_resolve(gazetteer):
    candidates = ingest(gazetteer, "位于璧山高新区的重庆青峰动力科技有限公司今年1-9月实现营业收入58亿元。"
                                   "青峰动力主要为长安汽车配套电驱系统。")
    new = {e.name: e.cls for e in candidates.entities if e.matched is None}
    assert new == {"璧山高新区": "DemonstrationZone", "重庆青峰动力科技有限公司": "Company"}
    relations = {(r.subject_name, r.predicate, r.object_name) for r in candidates.relations}
    assert ("重庆青峰动力科技有限公司", "supplies", "长安汽车") in relations
    assert ("重庆青峰动力科技有限公司", "locatedIn", "璧山高新区") in relations


def test_a_headline_repeating_a_figure_is_a_second_sentence_of_it(gazetteer):
    candidates = ingest(gazetteer, "完成投资超410亿元\n\n今年1-11月，渝北159个区级重点项目完成投资410亿元。")
    investment = [f for f in candidates.figures if f.indicator == "key-project-investment"]
    assert len(investment) == 1 and len(investment[0].sentences) == 2


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("渝北区".encode("utf-16"), "UTF-16"),
    (b"caf\x80\xff text \x80", "UTF-8 nor GB18030"),
    (b"Just English, no Chinese text at all.", "no Chinese"),
])
def test_bad_article_bytes_are_one_clear_error(data, message):
    from kg.errors import KgError
    from kg.ingest.reading import decode_article

    with pytest.raises(KgError) as caught:
        decode_article(data, "bad.txt")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_gb18030_articles_are_read_and_said_so():
    from kg.ingest.reading import decode_article

    article = decode_article("今年渝北区规上工业总产值达1268.4亿元。".encode("gb18030"), "gbk.txt")
    assert article.encoding == "gb18030" and "GB18030" in article.note
    assert "1268.4亿元" in article.text


def test_a_gazetteers_names_stay_out_of_jiebas_dictionary_and_other_gazetteers(gazetteer):
    import jieba

    from kg.ingest.gazetteer import Gazetteer, Name

    made_up = "渝蓉鹭洲智造"  # not a word of jieba's dictionary nor a name of the graph
    other = Gazetteer(names={made_up[0]: [Name(made_up, "x", "Company", True)]})
    assert made_up in [token.word for token in other.tokenizer().cut(f"我们与{made_up}合作")]
    assert made_up not in jieba.lcut(f"我们与{made_up}合作")
    assert made_up not in [token.word for token in gazetteer.tokenizer().cut(f"我们与{made_up}合作")]
    # and a name of the graph is one word for the graph's gazetteer only
    assert "OPPO智能生态科技园" in [token.word for token in gazetteer.tokenizer().cut("位于OPPO智能生态科技园内")]
    assert "OPPO智能生态科技园" not in [token.word for token in other.tokenizer().cut("位于OPPO智能生态科技园内")]
    assert "OPPO智能生态科技园" not in jieba.lcut("位于OPPO智能生态科技园内")

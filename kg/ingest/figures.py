"""Figures in a sentence: values with their units and qualifiers, and the growth rates,
comparisons, ranks and shares that qualify them; and the indicator a figure measures,
chosen among data/vocab/indicators.yaml by the words around it.

Units and qualifiers come from data/vocab (through the gazetteer); the patterns here
only know how Chinese economic news writes a number, a rate or a rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kg.ingest.gazetteer import Gazetteer, UnitReading
from kg.ingest.numbers import FRACTION, NUMBER, parse_fraction, parse_number, plain

# a duration followed by these is a time window (20小时内, 10天后), not a figure
_WINDOW_AFTER = ("内", "后", "前", "以来", "之内", "左右后")
_TIME_UNITS = {"hour", "day", "month"}
SCOPE_WORDS = ("全市", "全国", "全省", "全区", "国内", "全球", "西部", "全县")
_SCOPE = "|".join(SCOPE_WORDS)
_GROWTH = re.compile(
    rf"(?P<basis>同比)?(?:分别)?(?P<verb>增长|增速|增幅|上涨|提高|提升|下降|减少|回落)(?:了)?"
    rf"(?P<q>达到|达|近|超过|超|约|逾)?(?P<num>{NUMBER})(?P<unit>%|倍|个百分点)")
_COMPARE = re.compile(
    rf"(?P<dir>高于|低于|快于|慢于|领先)(?P<scope>{_SCOPE}|重庆市?)(?:平均)?(?:水平)?"
    rf"(?:(?P<num>{NUMBER})(?P<unit>个百分点|倍|%))?")
_RANK = re.compile(
    rf"(?P<by>总量、增速均|总量和增速均|增速|增幅|总量|规模)?(?:均|稳|继续)*"
    rf"(?:位居|位列|居于|居|排名|排在|排|保持|列|稳居|在)?(?P<scope>{_SCOPE})"
    rf"(?:(?:位居|位列|排名|居)?第(?P<pos>{NUMBER})(?:位|名)?|前(?P<top>{NUMBER})(?:位|名|强)?"
    rf"|(?P<first>首位|之首)|(?:位居|居)?(?P<lead>前列))")
# 是重庆市占地面积最大、建设工程量最大、总投资最高的…: one rank (first) per superlative
_MOST = "(?:最大|最高|最多|最长|最快)"
_SUPERLATIVES = re.compile(rf"(?P<scope>{_SCOPE}|重庆市?)(?P<items>(?:[^，。；、的]{{2,10}}?{_MOST}、?)+)")
_SUPERLATIVE = re.compile(rf"(?P<what>[^，。；、的]{{2,10}}?){_MOST}")
_CHAMPION = re.compile(rf"(?P<scope>{_SCOPE})(?P<what>[^，。；、]{{1,16}}?)(?:冠军|第一名)")
_SHARE = re.compile(
    rf"(?P<q>约占|占|超|超过|接近|相当于)(?P<scope>{_SCOPE}|重庆市?)(?P<what>[^，。；\d%]{{0,10}}?)的?"
    rf"(?:(?P<pct>{NUMBER})%|(?P<frac>(?:[零〇一二两三四五六七八九十百千]+|\d+)分之(?:[零〇一二两三四五六七八九十百千]+|\d+)"
    rf"|\d+\s*/\s*\d+))")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Quantity:
    kind: str  # value, growth, compare, rank, share
    start: int  # offsets in the sentence
    end: int
    text: str
    value: Decimal | None = None
    value_text: str | None = None
    unit: UnitReading | None = None
    qualifier: str | None = None
    fields: dict = field(default_factory=dict)


class FigureReader:
    """Scans sentences for quantities, with the units and qualifiers of the vocabulary."""

    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer
        units = sorted(gazetteer.units, key=lambda u: (-len(u), u))
        qualifiers = sorted(gazetteer.qualifiers, key=lambda q: (-len(q), q))
        self._value = re.compile(
            rf"(?P<q>{'|'.join(map(re.escape, qualifiers))})?了?(?P<num>{NUMBER})(?P<post>余|多)?"
            rf"(?P<unit>{'|'.join(map(re.escape, units))})(?P<after>以上|以下|余|多)?")
        self._post_qualifiers = {q for q in gazetteer.qualifiers if q in ("余", "多", "以上")}

    def scan(self, text: str, blocked: list[tuple[int, int]]) -> list[Quantity]:
        """Every quantity in `text` outside the `blocked` spans (periods, dates, names)."""
        found: list[Quantity] = []
        taken = list(blocked)

        def free(start: int, end: int) -> bool:
            return not any(start < b and a < end for a, b in taken)

        for match in _GROWTH.finditer(text):
            value = parse_number(match.group("num"))
            if value is None or not free(*match.span()):
                continue
            sign = -1 if match.group("verb") in ("下降", "减少", "回落") else 1
            unit = "%" if match.group("unit") == "个百分点" else match.group("unit")
            found.append(Quantity("growth", *match.span(), match.group(), value * sign, match.group("num"),
                                  qualifier=match.group("q"),
                                  fields={"unit": unit, "basis": match.group("basis")}))
            taken.append(match.span())
        for match in _COMPARE.finditer(text):
            if not free(*match.span()):
                continue
            difference = parse_number(match.group("num")) if match.group("num") else None
            direction = "lower" if match.group("dir") in ("低于", "慢于") else "higher"
            found.append(Quantity("compare", *match.span(), match.group(), difference,
                                  fields={"scope": match.group("scope"), "unit": match.group("unit"),
                                          "direction": direction}))
            taken.append(match.span())
        for match in _SHARE.finditer(text):
            if not free(*match.span()):
                continue
            if match.group("pct"):
                number = parse_number(match.group("pct"))
                share = None if number is None else plain(number)
            else:
                share = parse_fraction(FRACTION.search(match.group("frac")))
            if share is None:
                continue
            qualifier = match.group("q") if match.group("q") in self.g.qualifiers else None
            found.append(Quantity("share", *match.span(), match.group(), qualifier=qualifier,
                                  fields={"scope": match.group("scope"), "share": share}))
            taken.append(match.span())
        for match in _SUPERLATIVES.finditer(text):
            if not free(*match.span()):
                continue
            for item in _SUPERLATIVE.finditer(match.group("items")):
                # each rank spans its scope too, so that 重庆市 is read as the scope, not the subject
                found.append(Quantity("rank", match.start(), match.start("items") + item.end(), item.group(),
                                      fields={"scope": match.group("scope"), "by": None, "position": 1, "top": None,
                                              "what": item.group("what")}))
            taken.append(match.span())
        for pattern in (_RANK, _CHAMPION):
            for match in pattern.finditer(text):
                if not free(*match.span()):
                    continue
                groups = match.groupdict()
                position = top = None
                if groups.get("pos"):
                    position = int(parse_number(groups["pos"]) or 0) or None
                elif groups.get("top"):
                    top = int(parse_number(groups["top"]) or 0) or None
                elif groups.get("first") or pattern is _CHAMPION:
                    position = 1
                found.append(Quantity("rank", *match.span(), match.group(),
                                      fields={"scope": groups["scope"], "by": groups.get("by"),
                                              "position": position, "top": top, "what": groups.get("what")}))
                taken.append(match.span())
        for match in self._value.finditer(text):
            start, end = match.span()
            num_start = match.start("num")
            if not free(num_start, match.end("unit")):
                continue
            if not self._is_figure(text, match):
                continue
            value = parse_number(match.group("num"))
            if value is None:
                continue
            qualifier = match.group("q")
            for post in (match.group("post"), match.group("after")):
                if post and post in self._post_qualifiers:
                    qualifier = qualifier or post
            reading = self.g.units[match.group("unit")]
            q_start = start if match.group("q") else num_start
            found.append(Quantity("value", q_start, end, match.group(), value, match.group("num"), reading,
                                  qualifier))
            taken.append((q_start, end))
        return sorted(found, key=lambda q: q.start)

    def _is_figure(self, text: str, match: re.Match) -> bool:
        number, unit = match.group("num"), match.group("unit")
        before = text[match.start("num") - 1] if match.start("num") > 0 else ""
        after = text[match.end():match.end() + 2]
        if before.isascii() and before.isalnum():  # M9, 阿维塔07, 5G
            return False
        if after[:1] == "级" and not unit.endswith("级"):
            return False  # 百亿级项目: a class of things, not an amount
        if match.group("after") in ("以上", "以下") and after[:1] and _HAN.match(after[:1]):
            return False  # 50万元以上豪华车: a class of things, not an amount
        reading = self.g.units[unit]
        duration = reading.unit in _TIME_UNITS or unit in ("年", "天", "小时", "个月")
        if duration and any(text.startswith(w, match.end()) for w in _WINDOW_AFTER):
            return False
        if not number[0].isdigit() and (reading.multiplier == 1 or reading.unit in _TIME_UNITS):
            # 一个典型, 两家企业, 五年供货协议 are words, not figures; a count closing a list
            # (新疆、甘肃、陕西、四川、重庆五地) is one
            before_text = text[:match.start("num")]
            return "、" in before_text[-12:] or before_text.endswith("等")
        return True


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1) if _HAN.match(text[i]) and _HAN.match(text[i + 1])}


def unigrams(text: str) -> set[str]:
    return {ch for ch in text if _HAN.match(ch)}


@dataclass(frozen=True)
class IndicatorChoice:
    indicator: str
    label: str
    score: float
    coverage: float


NEAR = 8
# normalized units that count things, the only ones a classifier (个, 座, 家) can stand for
COUNTED = {"enterprise", "project", "item", "person"}  # characters next to the number whose words count more


class IndicatorMatcher:
    """Chooses the indicator of a figure by how much of its label the words next to the
    figure repeat (character bigrams, times the share of the label they cover), among the
    indicators whose unit fits the written unit."""

    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer
        self.labels = [(label, bigrams(label.text), unigrams(label.text)) for label in gazetteer.indicator_labels]

    def fits(self, indicator_unit: str, reading: UnitReading | None, percent: bool) -> bool:
        if percent:
            return indicator_unit == "percent"
        if reading is None:
            return True
        if reading.unit is not None:
            return reading.unit == indicator_unit
        if reading.multiplier == 1:  # a classifier (个, 座, 条) counts things
            return indicator_unit in COUNTED
        return indicator_unit != "percent"

    def _rank(self, choice: IndicatorChoice) -> tuple:
        # on a tie, the indicator the graph uses most, then the shorter label, then the id
        return (round(choice.score, 6), self.g.indicator_use.get(choice.indicator, 0), -len(choice.label),
                choice.indicator)

    def fitting(self, reading: UnitReading | None, percent: bool = False) -> set[str]:
        return {label.indicator for label, _, _ in self.labels if self.fits(label.unit, reading, percent)}

    def choose(self, before: str, after: str, reading: UnitReading | None, *, percent: bool = False,
               far: str = "", context: str = "", related: str = "",
               exclude_prefix: tuple[str, ...] = ()) -> IndicatorChoice | None:
        """`before`/`after`: the words of the figure's own clause on each side of the number;
        `context`: clauses of the same statement without figures of their own (寻求元宇宙产业新突破，…);
        `far`: the rest of the sentence, used only when the clause names nothing;
        `related`: the label of the figure before it in the sentence (a tie-breaker)."""
        close = bigrams(before[-NEAR:]) | bigrams(after[:NEAR])
        near_bi = bigrams(before) | bigrams(after)
        near_uni = unigrams(before) | unigrams(after)
        related_bi = bigrams(related)
        context_bi = bigrams(context) - near_bi
        best: IndicatorChoice | None = None
        for stage in ("near", "far"):
            if stage == "far":
                if best is not None:
                    break
                near_bi, close, near_uni, context_bi = bigrams(far), set(), set(), set()
            for label, label_bi, label_uni in self.labels:
                if not label_bi or not self.fits(label.unit, reading, percent):
                    continue
                if exclude_prefix and label.text.startswith(exclude_prefix):
                    continue
                hits = label_bi & near_bi
                if hits:
                    around = label_bi & context_bi
                    coverage = len(hits | around) / len(label_bi)
                    weighted = sum(1.5 if b in close else 1.0 for b in hits) + 0.5 * len(around)
                    score = weighted * coverage
                else:
                    single = label_uni & near_uni
                    if not single or len(label_uni) > 3:
                        continue  # one shared character names a short label (距离 for 距), no long one
                    coverage = 0.0
                    score = 0.2 * len(single) / len(label_uni)
                score += 0.1 * len(label_bi & related_bi)
                if stage == "far":
                    score *= 0.5
                choice = IndicatorChoice(label.indicator, label.text, score, coverage if stage == "near" else 0.0)
                if best is None or self._rank(choice) > self._rank(best):
                    best = choice
        if best is None and reading is not None and reading.unit is not None:
            only = self.fitting(reading, percent)
            if len(only) == 1:
                indicator = next(iter(only))
                return IndicatorChoice(indicator, self.g.indicator_names[indicator], 0.0, 0.0)
        return best

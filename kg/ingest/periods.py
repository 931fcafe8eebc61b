"""Periods written in an article (今年前三季度, 1-9月, 前11月, 截至11月, 全年, 连续3年),
resolved against the article's date into the data format's periods.

`find_periods` returns every period expression of a text; what a figure's period is
(its own clause, the sentence's topic period, the section's year) is decided in
`kg.ingest.figures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.numbers import CHINESE_NUMERAL, parse_number
from kg.records.periods import OPEN

_Y = r"(?:(?P<year>\d{4})年|(?P<rel>今年|本年|去年|上年|明年))?"
_M = rf"(?:\d{{1,2}}|{CHINESE_NUMERAL})"
_QUARTERS = {
    "前三季度": (1, 9), "前两季度": (1, 6), "上半年": (1, 6), "下半年": (7, 12),
    "一季度": (1, 3), "第一季度": (1, 3), "二季度": (4, 6), "第二季度": (4, 6),
    "三季度": (7, 9), "第三季度": (7, 9), "四季度": (10, 12), "第四季度": (10, 12),
}


@dataclass(frozen=True)
class PeriodMention:
    start: int  # offsets in the text searched
    end: int
    text: str
    period: str  # the data format's period; "" for a date of an event (not a period)
    kind: str  # month, range, to-date, since, year, years, now, event, future, forecast-year


def _year(match: re.Match, year: int) -> int:
    groups = match.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    return {"去年": year - 1, "上年": year - 1, "明年": year + 1}.get(groups.get("rel") or "", year)


def _month(text: str) -> int | None:
    value = parse_number(text)
    return int(value) if value is not None and 1 <= value <= 12 else None


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


# (pattern, kind); earlier patterns win where they overlap later ones
_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(rf"{_Y}(?P<m>{_M})月(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日"), "event"),
    (re.compile(r"截[至止](?:目前|当前|现在|今(?!年))"), "now"),
    (re.compile(rf"截[至止]{_Y}(?P<m>{_M})月(?:底|末)?"), "to-date"),
    (re.compile(r"截[至止](?P<year2>\d{4})年(?:底|末)?"), "to-year"),
    (re.compile(rf"{_Y}(?P<m1>{_M})\s*[-－—–~～至到]\s*(?P<m>{_M})月(?:份)?"), "range"),
    (re.compile(rf"(?<!提){_Y}前(?P<m>{_M})个?月"), "range"),
    (re.compile(rf"{_Y}(?P<q>{'|'.join(sorted(_QUARTERS, key=len, reverse=True))})"), "quarter"),
    (re.compile(r"(?:今年|本年|年初)以来|今年累计|今年迄今"), "since"),
    (re.compile(rf"{_Y}全年"), "year"),
    (re.compile(rf"连续(?P<n>\d+|{CHINESE_NUMERAL})年"), "years"),
    (re.compile(rf"未来(?P<n>\d+|{CHINESE_NUMERAL})年"), "future"),
    (re.compile(r"到(?P<year>\d{4})年(?:底|末)?"), "forecast-year"),
    (re.compile(rf"{_Y}(?P<m>{_M})月(?:份)?(?!\d)"), "month"),
    (re.compile(r"(?P<year>\d{4})年(?:底|末)?"), "year"),
    (re.compile(r"(?P<rel>今年|本年|去年|上年|明年)(?:底|末)?"), "year"),
    (re.compile(r"(?:当前|目前|现阶段|眼下)"), "now"),
]


def _resolve(match: re.Match, kind: str, year: int) -> str | None:
    groups = match.groupdict()
    if kind == "event":
        return ""
    if kind == "now":
        return OPEN
    if kind in ("to-date", "month"):
        month = _month(groups["m"])
        return None if month is None else (f"../{_ym(_year(match, year), month)}" if kind == "to-date"
                                           else _ym(_year(match, year), month))
    if kind == "to-year":
        return f"../{groups['year2']}"
    if kind == "range":
        first = _month(groups.get("m1") or "1")
        last = _month(groups["m"])
        if first is None or last is None or first > last:
            return None
        y = _year(match, year)
        return f"{_ym(y, first)}/{_ym(y, last)}"
    if kind == "quarter":
        first, last = _QUARTERS[groups["q"]]
        y = _year(match, year)
        return f"{_ym(y, first)}/{_ym(y, last)}"
    if kind == "since":
        return f"{year:04d}-01/{OPEN}"
    if kind in ("year", "forecast-year"):
        return f"{_year(match, year):04d}"
    if kind in ("years", "future"):
        count = parse_number(groups["n"])
        if not count or count > 50:
            return None
        n = int(count)
        return f"{year - n + 1:04d}/{year:04d}" if kind == "years" else f"{year + 1:04d}/{year + n:04d}"
    return None


def find_periods(text: str, year: int) -> list[PeriodMention]:
    """Every period expression of `text`, left to right, without overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[PeriodMention] = []
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            if kind == "year" and match.group(0)[:4].isdigit() and not 1900 <= int(match.group(0)[:4]) <= 2100:
                continue
            period = _resolve(match, kind, year)
            if period is None:
                continue
            taken.append((start, end))
            found.append(PeriodMention(start, end, match.group(0), period, kind))
    return sorted(found, key=lambda p: p.start)


def infer_year(text: str) -> int | None:
    """The article's year when no --date is given: the year it names most (the latest on a tie)."""
    counts: dict[int, int] = {}
    for match in re.finditer(r"(?<!\d)(\d{4})年", text):
        year = int(match.group(1))
        if 1990 <= year <= 2100:
            counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))

"""Periods of figures and dates of events, as ISO 8601 text.

A period is a year (``2024``), a month (``2024-11``), a day, or an interval of
those (``2024-01/2024-11``); ``..`` marks an open end (``2024-01/..`` for
今年以来, ``../2024-11`` for 截至11月) and ``..`` alone a level at the time of
the source.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
OPEN = ".."


@dataclass(frozen=True)
class Period:
    text: str
    start: date | None
    end: date | None


@dataclass(frozen=True)
class DatePoint:
    text: str
    datatype: str  # local name in xsd: date, gYearMonth or gYear
    first_day: date
    last_day: date


def parse_point(text: str) -> DatePoint:
    match = _POINT.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date such as 2024, 2024-11 or 2024-11-30")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return DatePoint(text, "gYear", date(year, 1, 1), date(year, 12, 31))
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return DatePoint(text, "gYearMonth", date(year, month, 1), date(year, month, last))
    try:
        exact = date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None
    return DatePoint(text, "date", exact, exact)


def parse_period(text: str) -> Period:
    text = text.strip()
    if text == OPEN:
        return Period(text, None, None)
    if "/" not in text:
        point = parse_point(text)
        return Period(text, point.first_day, point.last_day)
    left, _, right = text.partition("/")
    start = None if left == OPEN else parse_point(left).first_day
    end = None if right == OPEN else parse_point(right).last_day
    if start is None and end is None:
        raise ValueError("write `..` alone for a level at the time of the source, not `../..`")
    if start and end and start > end:
        raise ValueError(f"{text!r} ends before it starts")
    return Period(text, start, end)

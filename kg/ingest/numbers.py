"""Numbers as Chinese news writes them: 1268.4, 3.7万, 千亿, 五, 三分之二, 1/7."""

from __future__ import annotations

import re
from decimal import Decimal

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                  "八": 8, "九": 9}
CHINESE_POWERS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
# an Arabic number (with a thousands comma or a decimal point) or a Chinese numeral
NUMBER = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|{CHINESE_NUMERAL})"
FRACTION = re.compile(rf"(?P<den>{CHINESE_NUMERAL}|\d+)分之(?P<num>{CHINESE_NUMERAL}|\d+)|(?P<n>\d+)\s*/\s*(?P<d>\d+)")


def chinese_integer(text: str) -> int | None:
    """三百二十 → 320, 十五 → 15, 千 → 1000, 一二 → None (digits in a row are no number)."""
    if not text:
        return None
    total, current, last_power = 0, None, None
    for char in text:
        if char in CHINESE_DIGITS:
            if current is not None:
                return None
            current = CHINESE_DIGITS[char]
        elif char in CHINESE_POWERS:
            power = CHINESE_POWERS[char]
            if last_power is not None and power >= last_power:
                return None
            total += (1 if current is None else current) * power
            current, last_power = None, power
        else:
            return None
    return total + (current or 0)


def parse_number(text: str) -> Decimal | None:
    """The value of a number as written, or None if it is not one."""
    text = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    value = chinese_integer(text)
    return None if value is None else Decimal(value)


def plain(number: Decimal) -> str:
    """1.60 → 1.6, 1E+3 → 1000: a number the way a person writes it."""
    text = format(number.normalize(), "f")
    return text


def parse_fraction(match: re.Match) -> str | None:
    """三分之二 → '2/3', 1/7 → '1/7' (the data format writes shares as fractions or percents)."""
    if match.group("n") is not None:
        return f"{int(match.group('n'))}/{int(match.group('d'))}"
    numerator, denominator = parse_number(match.group("num")), parse_number(match.group("den"))
    if not numerator or not denominator:
        return None
    return f"{int(numerator)}/{int(denominator)}"

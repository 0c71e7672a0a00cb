"""One number grammar for the whole pipeline.

Digits may be full-width (`１２．５`), with ASCII thousands separators (`1,234`) and a minus in any
of three spellings (`-`, `−`, `－`). Chinese numerals, the 万/亿 multipliers, ranges and deadlines
are read here too:

    >>> parse_number("1,234.5"), parse_number("－３"), parse_number("12a")
    (1234.5, -3.0, None)
    >>> chinese_numeral("二十三"), chinese_numeral("一百零五"), chinese_numeral("两千")
    (23, 105, 2000)
    >>> scaled_number("1.2万"), scaled_number("3亿"), scaled_number("五万")
    (12000.0, 300000000.0, 50000.0)
    >>> parse_range("90%-100%")
    NumberRange(low=90.0, high=100.0, unit='%')
    >>> parse_deadline("12月底前")
    Deadline(month=12, day=None, op='<=')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A written number: optional minus, digits with optional thousands groups, optional decimals.
NUMBER = r"[-−－]?[0-9０-９]+(?:,[0-9０-９]{3})*(?:[.．][0-9０-９]+)?"
NUMBER_RE = re.compile(NUMBER)
_ASCII = str.maketrans("０１２３４５６７８９．－−", "0123456789.--")

CHINESE_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL = "[零〇○一二两三四五六七八九十百千万亿]+"
_CHINESE_RE = re.compile(CHINESE_NUMERAL)
_SCALED_RE = re.compile(rf"\s*(?:(?P<num>{NUMBER})|(?P<cn>{CHINESE_NUMERAL}))\s*(?P<mult>[万亿])?\s*")
_RANGE_SEP = r"\s*(?:-|－|—|–|~|～|〜|至|到)\s*"
_RANGE_RE = re.compile(
    rf"\s*(?P<low>{NUMBER})\s*(?P<unit1>%|％)?{_RANGE_SEP}(?P<high>{NUMBER})\s*(?P<unit2>%|％|[^\d\s]{{1,3}})?\s*"
)
_DEADLINE_RE = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?:(?P<day>\d{1,2})\s*日|(?P<end>底|末))?"
    r"\s*(?P<before>前|之前|以前)?\s*"
)


def parse_number(text: str) -> float | None:
    """'1,234.5' → 1234.5, '－３' → -3.0, '１２．５' → 12.5; anything else → None."""
    stripped = text.strip()
    if NUMBER_RE.fullmatch(stripped) is None:
        return None
    return float(stripped.translate(_ASCII).replace(",", ""))


def clean_number(value: float) -> float | int:
    """3.0 → 3, so that the output shows 100 where the report wrote 100.00%."""
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def has_number(text: str) -> bool:
    """Whether any written number occurs in `text`."""
    return NUMBER_RE.search(text) is not None


def chinese_numeral(text: str) -> int | None:
    """A numeral written in Chinese characters: 十二 → 12, 二十三 → 23, 三百零五 → 305,
    一万二千 → 12000, 两 → 2, 〇 → 0. Anything else (digits, words) → None."""
    text = text.strip()
    if not text or text[0] in MULTIPLIERS or _CHINESE_RE.fullmatch(text) is None:
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        else:  # 万 / 亿 close a section
            section += digit or 0
            total = (
                (total + section) * MULTIPLIERS[char] if char == "亿" else total + section * MULTIPLIERS[char]
            )
            section, digit = 0, None
    return total + section + (digit or 0)


def scaled_number(text: str) -> float | None:
    """A number with an optional 万/亿 multiplier, in digits or Chinese: '1.2万' → 12000.0,
    '五万' → 50000.0, '3亿' → 3e8, '85' → 85.0; anything else → None."""
    match = _SCALED_RE.fullmatch(text)
    if match is None:
        return None
    if match.group("num") is not None:
        base = parse_number(match.group("num"))
    else:
        numeral = chinese_numeral(match.group("cn"))
        base = None if numeral is None else float(numeral)
    if base is None:
        return None
    return base * MULTIPLIERS[match.group("mult")] if match.group("mult") else base


@dataclass(frozen=True)
class NumberRange:
    """`90%-100%`: both ends and the unit written after either end."""

    low: float
    high: float
    unit: str | None


def parse_range(text: str) -> NumberRange | None:
    """'90%-100%' → 90..100 %, '3～5天' → 3..5 天, '80至90' → 80..90; a single number → None."""
    match = _RANGE_RE.fullmatch(text)
    if match is None:
        return None
    low, high = parse_number(match.group("low")), parse_number(match.group("high"))
    if low is None or high is None or low > high:
        return None
    unit = match.group("unit2") or match.group("unit1")
    return NumberRange(low, high, unit.replace("％", "%") if unit else None)


@dataclass(frozen=True)
class Deadline:
    """A date a task is due by: `12月底前` → month 12, no day (end of month), op `<=`."""

    month: int
    day: int | None
    op: str | None


def parse_deadline(text: str) -> Deadline | None:
    """'12月底前' → (12, None, '<='), '2024年6月30日前' → (6, 30, '<='), '10月' → (10, None, None)."""
    match = _DEADLINE_RE.fullmatch(text)
    if match is None:
        return None
    month = int(match.group("month"))
    day = int(match.group("day")) if match.group("day") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return Deadline(month, day, "<=" if match.group("before") else None)

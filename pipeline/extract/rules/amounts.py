"""Amounts of money, in 万元, and the `Found` record every budget/report rule returns.

    "5155万元" → 5155      "19600 元" → 1.96      "1.29亿元" → 12900      "150万" → 150

Every `Found` keeps the half-open span of the figure in the text it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.rules.values import NUMBER, clean_number, to_number

AMOUNT_RE = re.compile(r"(?P<num>" + NUMBER + r")\s*(?P<unit>亿元|万元|万|元)")
_TO_WAN = {"亿元": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}


@dataclass(frozen=True)
class Found:
    """A value read from text and the span `[start, end)` it was read from."""

    value: float | int | str
    start: int
    end: int


def to_wan(number: float, unit: str) -> float | int:
    """Convert to 万元, rounded so that 19600 元 is 1.96, not 1.9600000000000002."""
    return clean_number(round(number * _TO_WAN[unit], 6))


def amount_at(match: re.Match[str]) -> Found | None:
    number = to_number(match.group("num"))
    if number is None:
        return None
    return Found(to_wan(number, match.group("unit")), match.start(), match.end())


def parse_amount(text: str, default_unit: str = "万元") -> float | int | None:
    """A budget cell: '2723.99' (in the table's unit), '150万', '387664.62' with unit 元."""
    match = AMOUNT_RE.search(text)
    if match:
        number = to_number(match.group("num"))
        return None if number is None else to_wan(number, match.group("unit"))
    number = to_number(text.strip())
    return None if number is None else to_wan(number, default_unit)


def parse_percent(text: str) -> float | int | None:
    """'98.19%' → 98.19; 'NaN%' and '—' → None."""
    match = re.fullmatch(r"\s*(" + NUMBER + r")\s*%?\s*", text)
    if not match:
        return None
    number = to_number(match.group(1))
    return None if number is None else clean_number(number)

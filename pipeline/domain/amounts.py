"""Amounts of money in 万元 (10,000 yuan), the unit of the output contract, and percentages.

    "5155万元" → 5155        "19600元" → 1.96        "1.29亿元" → 12900
    "150万"    → 150         "1,234.5万元" → 1234.5   "－62.46" (in a 万元 table) → -62.46

A bare `万` is a unit only when no Chinese character follows it: `150万，` is 150 万元, `14.84万人`
is a headcount, not money. Percentages are read as written: "98.19%" → 98.19, "100.00%" → 100,
"NaN%" → None (a converter wrote NaN where the report had nothing to divide), never computed.
"""

from __future__ import annotations

import re

from pipeline.domain.numbers import NUMBER, clean_number, parse_number

_UNIT = r"亿元|万元|元|万(?![\u4e00-\u9fff])"
AMOUNT_RE = re.compile(rf"(?P<num>{NUMBER})\s*(?P<unit>{_UNIT})")
_NUMBER_CELL = re.compile(rf"\s*(?P<num>{NUMBER})\s*(?P<unit>{_UNIT})?\s*")
_PERCENT_CELL = re.compile(rf"\s*(?P<num>{NUMBER}|NaN|nan)\s*[%％]\s*")
_TO_WAN = {"亿元": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}
MONEY_UNITS: tuple[str, ...] = tuple(_TO_WAN)


def to_wan(number: float, unit: str) -> float | int:
    """Convert to 万元, rounded to 6 places so 19600 元 is 1.96, not 1.9600000000000002
    (6 places keep every fen: 0.01 元 = 0.000001 万元)."""
    return clean_number(round(number * _TO_WAN[unit], 6))


def read_amount(cell: str, default_unit: str = "万元") -> float | int | None:
    """A budget cell in 万元: '2723.99' (in the table's unit), '150万', '387664.62' with
    default_unit '元' → 38.766462. Placeholders ('—', '') and text → None."""
    match = _NUMBER_CELL.fullmatch(cell)
    if match is None:
        return None
    number = parse_number(match.group("num"))
    if number is None:
        return None
    return to_wan(number, match.group("unit") or default_unit)


def read_percent(cell: str) -> float | int | None:
    """'98.19%' → 98.19, '100.00%' → 100, '-0.16%' → -0.16; 'NaN%', '—' and '' → None."""
    match = _PERCENT_CELL.fullmatch(cell)
    if match is None:
        return None
    number = parse_number(match.group("num"))
    return None if number is None else clean_number(number)


def is_percent(cell: str) -> bool:
    """Whether a cell holds a percentage, NaN% included (it sits in a rate column)."""
    return _PERCENT_CELL.fullmatch(cell) is not None


def is_amount(cell: str) -> bool:
    """Whether a cell holds one number, with or without a money unit ('150万', '0', '-62.46')."""
    return _NUMBER_CELL.fullmatch(cell) is not None

"""Numbers and amounts of money, in 万元, and the `Found` record every budget/report rule returns.

Amounts are converted to 万元 (10,000 yuan), the unit of the output contract:

    "5155万元" → 5155        "19600元" → 1.96        "1.29亿元" → 12900
    "150万"    → 150         "1,234.5万元" → 1234.5   "－62.46" (in a 万元 table) → -62.46

A number may be written with full-width digits, point and minus (`１２．５`, `－３`), with ASCII
thousands separators (`1,234`), and negative (`-`, `−`, `－`). A bare `万` is a unit only when no
Chinese character follows it: `150万，` is 150 万元, `14.84万人` is a headcount, not money.

Percentages are read as written: "98.19%" → 98.19, "100.00%" → 100, "NaN%" → None (a converter
wrote NaN where the report had nothing to divide), never computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Digits, point and minus as the report may write them; `_ASCII` maps the full-width ones.
NUMBER = r"[-−－]?[0-9０-９]+(?:,[0-9０-９]{3})*(?:[.．][0-9０-９]+)?"
_NUMBER_ONLY = re.compile(NUMBER)
_ASCII = str.maketrans("０１２３４５６７８９．－−", "0123456789.--")
_UNIT = r"亿元|万元|元|万(?![\u4e00-\u9fff])"
AMOUNT_RE = re.compile(rf"(?P<num>{NUMBER})\s*(?P<unit>{_UNIT})")
_NUMBER_CELL = re.compile(rf"\s*(?P<num>{NUMBER})\s*(?P<unit>{_UNIT})?\s*")
_PERCENT_CELL = re.compile(rf"\s*(?P<num>{NUMBER}|NaN|nan)\s*[%％]\s*")
_TO_WAN = {"亿元": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}


@dataclass(frozen=True)
class Found:
    """A value read from text and the half-open span `[start, end)` of the figure or name in it."""

    value: float | int | str
    start: int
    end: int


def clean_number(value: float) -> float | int:
    """3.0 → 3, so that the output shows 100 where the report wrote 100.00%."""
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def parse_number(text: str) -> float | None:
    """'1,234.5' → 1234.5, '－３' → -3.0, '１２．５' → 12.5; anything else → None."""
    stripped = text.strip()
    if _NUMBER_ONLY.fullmatch(stripped) is None:
        return None
    return float(stripped.translate(_ASCII).replace(",", ""))


def to_wan(number: float, unit: str) -> float | int:
    """Convert to 万元, rounded to 6 places so 19600 元 is 1.96, not 1.9600000000000002
    (6 places keep every fen: 0.01 元 = 0.000001 万元)."""
    return clean_number(round(number * _TO_WAN[unit], 6))


def amount_at(match: re.Match[str]) -> Found | None:
    """An `AMOUNT_RE` match as a `Found` in 万元, spanning the number and its unit."""
    number = parse_number(match.group("num"))
    if number is None:
        return None
    return Found(to_wan(number, match.group("unit")), match.start(), match.end())


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

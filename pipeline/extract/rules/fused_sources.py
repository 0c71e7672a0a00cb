"""A one-row funding-source grid whose figures ran together, read where the sum proves the split.

Some project forms give the money as one row by source: `中央 | 省、地 | 本级 | 其他 | 合计 |
执行数 | 执行率`. Converted from PDF, the row loses its separators (and its empty cells):

    项目资金来源中央(万元)省、地(万元)本级(万元)其他(万元)合计(万元)执行数(万元)执行率4.918.423.323.3100%

A form writes its amounts to one precision, so with `d` decimals every figure ends `d` digits
after its point, and the run cuts one way: with one decimal `4.9 | 18.4 | 23.3 | 23.3`, then
`100%`. The cut is kept only when the figures prove it: exactly one figure is the sum of all the
figures before it (4.9 + 18.4 = 23.3), the total, and a figure follows it, 执行数. What follows
执行数 up to `%` is the rate, whatever its precision (`17.6` then `94.12%`). Only one precision
(one or two decimals) may pass.

The total is the year's budget — `initial` = `adjusted`, no change being stated — and 执行数 is
`spent`; the rate is read only where it is written as one (a garbled `1(X)%` stays empty). The
sources are not `budget_lines`: which of the four source columns the figures sit in cannot be told
once the empty cells are gone.
"""

from __future__ import annotations

import math
import re

from pipeline.domain.amounts import read_percent
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.fused import KeptOffsets, squashed_offsets

# The header: source columns, then 合计, 执行数 and 执行率, each with an optional `(万元)`.
_UNIT = r"(?:\(万元\))?"
_SOURCE = r"(?:中央|省级?|省、?地|市级?|县级?|本级|地方|其他|其它)"
_HEADER = re.compile(rf"(?:{_SOURCE}{_UNIT}){{2,}}合计{_UNIT}执行数{_UNIT}执行率(?:\(%\))?")
_RUN = re.compile(r"[\d.]+")
_RATE = re.compile(r"\d+(?:\.\d+)?%")
_PRECISIONS = (1, 2)
SPLIT_BY_SUM_FLAG = "budget_digits_split_by_sum"  # flagged on each figure read this way
_MIN_SOURCES = 2
_MAX_SOURCES = 6


def _cut(run: str, decimals: int) -> list[tuple[int, int]]:
    """The spans of the figures `run` opens with, each written with `decimals` decimals."""
    figure = re.compile(rf"(?:0|[1-9]\d*)\.\d{{{decimals}}}")
    spans, pos = [], 0
    while (match := figure.match(run, pos)) is not None:
        spans.append(match.span())
        pos = match.end()
    return spans


def _proved(flat: str, spans: list[tuple[int, int]]) -> int | None:
    """The index of the total: the one figure the figures before it add up to (two sources at
    least, at most `_MAX_SOURCES`), with a figure after it. The cut runs on into the rate's digits
    (`17.6|94.1|2%`), so figures after 执行数 say nothing."""
    values = [float(flat[a:b]) for a, b in spans]
    totals = [
        k
        for k in range(_MIN_SOURCES, min(len(values) - 1, _MAX_SOURCES + 1))
        if math.isclose(sum(values[:k]), values[k], abs_tol=1e-6)
    ]
    return totals[0] if len(totals) == 1 else None


def _found(value: float, where: KeptOffsets, start: int, end: int) -> Found:
    return Found(value, where[start], where[end - 1] + 1)


def _reading(flat: str, run: re.Match[str], decimals: int) -> tuple[list[tuple[int, int]], int] | None:
    """The run's figures (spans in `flat`) with the index of the total, when the sum proves them."""
    spans = [(run.start() + a, run.start() + b) for a, b in _cut(run.group(0), decimals)]
    total = _proved(flat, spans)
    return None if total is None else (spans, total)


def find_fused_sources(text: str) -> BudgetFinding | None:
    """The project budget from a fused funding-source row (module docstring), or None."""
    if "执行数" not in text or "合计" not in text:
        return None
    flat, where = squashed_offsets(text)
    header = _HEADER.search(flat)
    run = _RUN.match(flat, header.end()) if header else None
    if run is None:
        return None
    readings = [r for d in _PRECISIONS if (r := _reading(flat, run, d)) is not None]
    if len(readings) != 1:
        return None
    spans, total = readings[0]
    (ta, tb), (sa, sb) = spans[total], spans[total + 1]
    budget = _found(float(flat[ta:tb]), where, ta, tb)
    spent = _found(float(flat[sa:sb]), where, sa, sb)
    rate_match = _RATE.match(flat, sb)
    rate = read_percent(rate_match.group(0)) if rate_match else None
    execution_rate = None if rate is None or rate_match is None else _found(rate, where, *rate_match.span())
    return BudgetFinding(initial=budget, adjusted=budget, spent=spent, execution_rate=execution_rate)

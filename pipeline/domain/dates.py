"""Calendar dates in a value cell: a deadline target (`12月底前`) or the day a task was done.

A 时效指标 target is often a date rather than a quantity: `2023年12月底前`, `6月30日前完成`,
`11月底完成100%`. Its number is a month, not an amount, so the value is the date itself: the
target is read as `qualitative` (no value, no unit) and `met` compares dates. A bare year
(`2020年`) stays a number, and a duration (`3个月`, `≤30个工作日`) is a quantity.

    >>> find_date("2023年12月底前")
    Date(year=2023, month=12, day=None)
    >>> find_date("6月30日前完成"), find_date("3个月"), find_date("2020年")
    (Date(year=None, month=6, day=30), None, None)
    >>> starts_with_date("11月底完成100%"), starts_with_date("完成率100%（12月底）")
    (True, False)
    >>> date_span("资金于6月30日前拨付到位")
    (3, 9)
    >>> on_or_before(find_date("11月20日"), find_date("12月底前"))
    True
    >>> on_or_before(find_date("7月15日"), find_date("6月30日前"))
    False
    >>> on_or_before(find_date("6月"), find_date("6月15日前")) is None   # which day in June?
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.domain.numbers import NUMBER_RE

# An optional year, then a month with an optional day (日/号) or end of month (底/末).
# `(?<!\d)` keeps `12月` out of `2012月`; `3个月` (a duration) never matches: `个` splits them.
_DATE_RE = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?<!\d)(?P<month>\d{1,2})\s*月\s*"
    r"(?:(?P<day>\d{1,2})\s*[日号]|底|末)?"
)
# A year's end with no month: `2023年底前`, `2024年末`.
_YEAR_END_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:底|末)")
_BEFORE_RE = re.compile(r"\s*(?:之前|以前|前)")
_DONE_TAIL_RE = re.compile(r"\s*(?:完成)?")


@dataclass(frozen=True)
class Date:
    """A date as written: `day` None is the whole month (`12月`, `12月底`)."""

    year: int | None
    month: int
    day: int | None


def _date_at(match: re.Match[str]) -> Date | None:
    month = int(match.group("month")) if "month" in match.re.groupindex else 12
    day = int(match.group("day")) if "day" in match.re.groupindex and match.group("day") else None
    year = int(match.group("year")) if match.group("year") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return Date(year, month, day)


def _first_match(text: str) -> re.Match[str] | None:
    found = [m for m in (_DATE_RE.search(text), _YEAR_END_RE.search(text)) if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def in_date(text: str, pos: int) -> bool:
    """Whether the character at `pos` is part of a date written in `text` (`5月31日前` at the 3
    of 31 → True): a number there is when, not how much."""
    return any(
        m.start() <= pos < m.end() for pattern in (_DATE_RE, _YEAR_END_RE) for m in pattern.finditer(text)
    )


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first date in `text` is written, with a `前`/`之前`/`以前` after it (a deadline):
    `资金于6月30日前拨付` → (3, 9)."""
    match = _first_match(text)
    if match is None:
        return None
    before = _BEFORE_RE.match(text, match.end())
    return match.start(), before.end() if before else match.end()


def is_date_value(text: str) -> bool:
    """Whether a whole cell is a date value: a deadline or the day a task was done, with at most
    `前` and `完成` after it (`2024年9月底前`, `11月30日前完成`, `2024年8月26日`); a cell naming the
    task too (`11月30日前完成资金支付`) is a name.

    >>> is_date_value("2024年9月底前"), is_date_value("11月30日前完成")
    (True, True)
    >>> is_date_value("11月30日前完成资金支付")
    False
    """
    text = text.strip()
    span = date_span(text)
    return span is not None and span[0] == 0 and _DONE_TAIL_RE.fullmatch(text, span[1]) is not None


def find_date(text: str) -> Date | None:
    """The first date written in `text` (see module docstring), None when there is none."""
    match = _first_match(text)
    return None if match is None else _date_at(match)


def starts_with_date(text: str) -> bool:
    """Whether the first number in `text` belongs to a date: the value is a date, not an amount."""
    number = NUMBER_RE.search(text)
    match = _first_match(text)
    return number is not None and match is not None and match.start() <= number.start() < match.end()


def on_or_before(actual: Date | None, deadline: Date | None) -> bool | None:
    """Whether `actual` falls on or before `deadline`; None when the two cannot be ordered
    (a missing date, or a whole month against a day inside that month). Years count only when
    both dates write one."""
    if actual is None or deadline is None:
        return None
    if actual.year is not None and deadline.year is not None and actual.year != deadline.year:
        return actual.year < deadline.year
    if actual.month != deadline.month:
        return actual.month < deadline.month
    if deadline.day is None:  # the deadline is the end of its month
        return True
    if actual.day is None:
        return None
    return actual.day <= deadline.day

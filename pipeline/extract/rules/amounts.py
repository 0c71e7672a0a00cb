"""The `Found` record every budget/report rule returns, and amounts found in text as `Found`s.

Number and money grammar (full-width digits, 元/万元/亿元 → 万元, percentages) is
`pipeline.domain.numbers` and `pipeline.domain.amounts`; this module ties a figure to its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.domain.amounts import to_wan
from pipeline.domain.numbers import parse_number


@dataclass(frozen=True)
class Found:
    """A value read from text and the half-open span `[start, end)` of the figure or name in it."""

    value: float | int | str
    start: int
    end: int


def shifted(found: Found | None, by: int) -> Found | None:
    """`found` read from a slice of a text, its span moved `by` characters (where the slice starts).

    >>> shifted(Found(12.5, 3, 7), 100)
    Found(value=12.5, start=103, end=107)
    """
    return None if found is None else replace(found, start=found.start + by, end=found.end + by)


def amount_at(match: re.Match[str]) -> Found | None:
    """A `domain.amounts.AMOUNT_RE` match as a `Found` in 万元, spanning the number and its unit."""
    number = parse_number(match.group("num"))
    if number is None:
        return None
    return Found(to_wan(number, match.group("unit")), match.start(), match.end())

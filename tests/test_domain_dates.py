from __future__ import annotations

import pytest

from pipeline.domain.dates import (
    Date,
    date_span,
    find_date,
    in_date,
    is_date_value,
    on_or_before,
    starts_with_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年10月底前", Date(2025, 10, None)),
        ("2025年3月15日前完成", Date(2025, 3, 15)),
        ("9月20号前", Date(None, 9, 20)),
        ("于5月末拨付", Date(None, 5, None)),
        ("2025年底前", Date(2025, 12, None)),
        ("2025 年 4 月", Date(2025, 4, None)),
        ("6个月", None),  # a span of time, not a date
        ("2019年", None),  # a bare year is a number (evals/README.md, call 30)
        ("13月", None),
        ("≥95%", None),
    ],
)
def test_find_date(text: str, expected: Date | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10月底前完成100%", True),
        ("2025年10月底前", True),
        ("2025年底前", True),
        ("拨付率100%（10月底前）", False),  # the amount comes first
        ("≤20个工作日", False),
        ("2019年", False),
        ("及时", False),
    ],
)
def test_starts_with_date(text: str, expected: bool) -> None:
    assert starts_with_date(text) is expected


@pytest.mark.parametrize(
    ("actual", "deadline", "expected"),
    [
        ("2025年9月18日", "2025年10月底前", True),
        ("2025年10月31日", "2025年10月底前", True),
        ("2025年11月2日", "2025年10月底前", False),
        ("2024年12月", "2025年3月底前", True),  # an earlier year
        ("2026年1月", "2025年底前", False),
        ("4月", "5月15日前", True),
        ("5月", "5月15日前", None),  # a whole month against a day inside it
        ("5月16日", "5月15日前", False),
        ("3月", None, None),
    ],
)
def test_on_or_before(actual: str, deadline: str | None, expected: bool | None) -> None:
    assert on_or_before(find_date(actual), find_date(deadline) if deadline else None) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("拨付于2025年4月底之前完成", (3, 13)),
        ("9月20号", (0, 5)),
        ("2025年底前", (0, 7)),
        ("全年完成", None),
    ],
)
def test_date_span(text: str, expected: tuple[int, int] | None) -> None:
    assert date_span(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年10月底前", True),
        ("9月20日前完成", True),
        (" 2025年9月18日 ", True),
        ("9月20日前完成资金拨付", False),  # a cell naming the task: a name
        ("完成于9月20日", False),
        ("≤20个工作日", False),
    ],
)
def test_is_date_value(text: str, expected: bool) -> None:
    assert is_date_value(text) is expected


def test_in_date() -> None:
    text = "计划于2025年4月30日前完成，投入12人"
    assert [in_date(text, text.index(word)) for word in ("2025", "4月", "30日", "12人")] == [
        True,
        True,
        True,
        False,
    ]

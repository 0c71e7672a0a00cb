from __future__ import annotations

import pytest

from pipeline.domain.numbers import (
    Deadline,
    NumberRange,
    chinese_numeral,
    clean_number,
    has_number,
    parse_deadline,
    parse_number,
    parse_range,
    scaled_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", 1234.5),
        ("−3", -3.0),
        ("－３", -3.0),
        ("１２．５", 12.5),
        (" 7 ", 7.0),
        ("12a", None),
        ("", None),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


def test_clean_number_and_has_number() -> None:
    assert [clean_number(3.0), clean_number(2.5)] == [3, 2.5]
    assert [has_number("≥90%"), has_number("健全")] == [True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105), ("三百", 300),
        ("两千", 2000),
        ("一万二千", 12000), ("三亿五千万", 350_000_000), ("〇", 0), ("12", None), ("指标", None),
    ],
)  # fmt: skip
def test_chinese_numeral(text: str, expected: int | None) -> None:
    assert chinese_numeral(text) == expected


def test_scaled_number() -> None:
    assert [scaled_number(t) for t in ("1.2万", "五万", "3亿", "85", "万", "约5万")] == [
        12000.0, 50000.0, 300000000.0, 85.0, None, None,
    ]  # fmt: skip


def test_parse_range() -> None:
    assert parse_range("90%-100%") == NumberRange(90, 100, "%")
    assert parse_range("90％～100％") == NumberRange(90, 100, "%")
    assert parse_range("3至5天") == NumberRange(3, 5, "天")
    assert parse_range("80-90") == NumberRange(80, 90, None)
    assert parse_range("100-90") is None  # not a range: the ends are the wrong way round
    assert parse_range("95%") is None


def test_parse_deadline() -> None:
    assert parse_deadline("12月底前") == Deadline(12, None, "<=")
    assert parse_deadline("2024年6月30日前") == Deadline(6, 30, "<=")
    assert parse_deadline("10月") == Deadline(10, None, None)
    assert parse_deadline("13月底前") is None
    assert parse_deadline("按时完成") is None

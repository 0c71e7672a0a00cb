from __future__ import annotations

import pytest

from pipeline.domain.amounts import AMOUNT_RE, is_amount, is_percent, read_amount, read_percent, to_wan
from pipeline.domain.numbers import clean_number, parse_number
from pipeline.extract.rules.amounts import Found, amount_at, shifted


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("5155", 5155.0),
        ("1,234.5", 1234.5),
        ("12,345,678", 12345678.0),
        ("-62.46", -62.46),
        ("−3", -3.0),
        ("－３", -3.0),
        ("１２．５", 12.5),
        (" 0.01 ", 0.01),
    ],
)
def test_parse_number_reads_every_way_a_number_is_written(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "—", "NaN", "1.2.3", "12万", "1,23", "٣"])
def test_parse_number_refuses_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("number", "unit", "wan"),
    [
        (5155, "万元", 5155),
        (19600, "元", 1.96),
        (11029.86, "元", 1.102986),
        (387664.62, "元", 38.766462),
        (0.01, "元", 0.000001),
        (1.29, "亿元", 12900),
        (150, "万", 150),
        (-62.46, "万元", -62.46),
    ],
)
def test_to_wan_converts_and_rounds_away_float_noise(number: float, unit: str, wan: float) -> None:
    assert to_wan(number, unit) == wan
    assert repr(to_wan(19600, "元")) == "1.96"


def test_clean_number_shows_whole_numbers_as_int() -> None:
    assert (clean_number(100.0), type(clean_number(100.0))) == (100, int)
    assert clean_number(98.19) == 98.19


def _at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def test_amount_at_spans_the_number_and_its_unit() -> None:
    text = "全年预算为7481.59万元，此项资金共使用15464元，计1.29亿元，下拨150万，另有14.84万人参保"
    found = [amount_at(m) for m in AMOUNT_RE.finditer(text)]
    assert found == [
        Found(7481.59, *_at(text, "7481.59万元")),
        Found(1.5464, *_at(text, "15464元")),
        Found(12900, *_at(text, "1.29亿元")),
        Found(150, *_at(text, "150万")),
    ]  # 14.84万人 is a headcount: 万 before a Chinese character is no money unit


def test_amount_with_fullwidth_digits_thousands_separator_and_minus() -> None:
    text = "下达１０００万元，下达1,000.5万元，调减－５元"
    found = [amount_at(m) for m in AMOUNT_RE.finditer(text)]
    assert found == [
        Found(1000, *_at(text, "１０００万元")),
        Found(1000.5, *_at(text, "1,000.5万元")),
        Found(-0.0005, *_at(text, "－５元")),
    ]


@pytest.mark.parametrize(
    ("cell", "unit", "value"),
    [
        ("2723.99", "万元", 2723.99),
        ("-62.46", "万元", -62.46),
        ("150万", "元", 150),
        ("125.25万", "万元", 125.25),
        ("387664.62", "元", 38.766462),
        ("0", "万元", 0),
        ("1,097.71", "万元", 1097.71),
        ("—", "万元", None),
        ("", "万元", None),
        ("其他资金", "万元", None),
        ("98.19%", "万元", None),
    ],
)
def test_read_amount_reads_a_budget_cell(cell: str, unit: str, value: float | None) -> None:
    assert read_amount(cell, unit) == value


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("98.19%", 98.19),
        ("100.00%", 100),
        ("-0.16%", -0.16),
        ("101.83%", 101.83),
        ("99 %", 99),
        ("NaN%", None),
        ("—", None),
        ("98.19", None),
    ],
)
def test_read_percent_takes_the_rate_as_written(cell: str, value: float | None) -> None:
    assert read_percent(cell) == value


def test_cell_classifiers() -> None:
    assert [is_percent(c) for c in ("83.5%", "NaN%", "83.5", "—")] == [True, True, False, False]
    assert [is_amount(c) for c in ("150万", "0", "-1091", "83.5%", "上年结转资金", "—")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_a_figure_read_from_a_slice_is_moved_to_where_the_slice_starts() -> None:
    assert shifted(Found(96.5, 4, 8), 120) == Found(96.5, 124, 128)
    assert shifted(None, 120) is None

from __future__ import annotations

import random
import re

import pytest

from pipeline.domain.quantity import (
    QUANTITY_RE,
    Quantity,
    looks_like_value,
    parse_actual,
    parse_plain_number,
    parse_target,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("≥10个", Quantity(">=", 10, "个")),
        ("=100%", Quantity("=", 100, "%")),
        ("<10分钟", Quantity("<", 10, "分钟")),
        ("＜10分钟", Quantity("<", 10, "分钟")),
        ("≤600万元", Quantity("<=", 600, "万元")),
        ("99%以上", Quantity(">=", 99, "%")),
        ("不低于90%", Quantity(">=", 90, "%")),
        ("不超过5天", Quantity("<=", 5, "天")),
        ("10分钟以内", Quantity("<=", 10, "分钟")),
        ("达 98%", Quantity(">=", 98, "%")),
        ("8人", Quantity(None, 8, "人")),
        (">=100", Quantity(">=", 100, None)),
        ("1,234.5万元", Quantity(None, 1234.5, "万元")),
        ("≥300平方米", Quantity(">=", 300, "平方米")),
        ("12集", Quantity(None, 12, "集")),
        ("≥2000株", Quantity(">=", 2000, "株")),
        ("≥2.3万人", Quantity(">=", 2.3, "万人")),
        ("13处", Quantity(None, 13, "处")),
        ("≥600批次", Quantity(">=", 600, "批次")),
        ("≥56小时/周", Quantity(">=", 56, "小时/周")),
        ("≤3次/年", Quantity("<=", 3, "次/年")),
        ("定性", Quantity("qualitative", None, None)),
        ("健全", Quantity("qualitative", None, None)),
        ("提前谋划，及时宣传", Quantity("qualitative", None, None)),
        ("", Quantity(None, None, None)),
        # a date deadline: the month is no amount, `met` compares dates
        ("2025年10月底前", Quantity("qualitative", None, None)),
        ("9月20日前完成", Quantity("qualitative", None, None)),
        ("10月底前完成100%", Quantity("qualitative", None, None)),
        ("2025年底前", Quantity("qualitative", None, None)),
        ("2019年", Quantity(None, 2019, "年")),  # a bare year stays a number
        # a span of time: a ceiling in working days or months
        ("≤20个工作日", Quantity("<=", 20, "个工作日")),
        ("7个工作日内", Quantity("<=", 7, "个工作日")),
        ("3天内", Quantity("<=", 3, "天")),
        ("≤6个月", Quantity("<=", 6, "个月")),
    ],
)
def test_parse_target(raw: str, expected: Quantity) -> None:
    assert parse_target(raw) == expected


def test_parse_actual_drops_the_comparator_and_reads_approximate_counts() -> None:
    assert parse_actual("≤30分钟") == Quantity(None, 30, "分钟")
    assert parse_actual("563余条") == Quantity(None, 563, "条")
    assert parse_actual("效果显著") == Quantity(None, None, None)
    assert parse_actual("-50.00%") == Quantity(None, -50, "%")


def test_an_actual_date_is_no_amount() -> None:
    assert parse_actual("2025年9月18日") == Quantity(None, None, None)
    assert parse_actual("10月20日完成") == Quantity(None, None, None)
    assert parse_actual("12个工作日") == Quantity(None, 12, "个工作日")


def test_plain_numbers_for_weight_and_score() -> None:
    assert parse_plain_number("10") == 10
    assert parse_plain_number(" 9.5分 ") == 9.5
    assert parse_plain_number("10分，实得") is None
    assert parse_plain_number("—") is None


@pytest.mark.parametrize(
    "text",
    [
        "≥10个",
        "100%",
        "8人",
        "0.00%",
        ">=2",
        "99%以上",
        "150万",
        "2025年10月底前",
        "9月20日前完成",
        "2025年9月18日",
    ],
)
def test_values_look_like_values(text: str) -> None:
    assert looks_like_value(text)


@pytest.mark.parametrize(
    "text", ["培训班次", "指标1: 培训班次", "定性", "", "医保政策宣传8次活动", "2025年9月底前完成资金拨付"]
)
def test_names_do_not_look_like_values(text: str) -> None:
    assert not looks_like_value(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("90%-100%", Quantity(">=", 90, "%")),
        ("85～100%", Quantity(">=", 85, "%")),
        ("3至5天", Quantity(None, 3, None)),  # two real bounds (a time limit keeps its ceiling)
        ("1-2次", Quantity(None, 1, None)),
        ("100-120元", Quantity(None, 100, None)),
        ("5%-8%", Quantity(None, 5, "%")),  # a rate range below 100 %: both bounds are real
        ("2021-2023年", Quantity(None, 2021, None)),  # a span of years is a period, no range
        ("100-90%", Quantity(None, 100, None)),  # no range: the first bound is the larger
    ],
)
def test_a_rate_range_up_to_100_reads_as_its_floor_and_no_other_range_claims_a_comparator(
    raw: str, expected: Quantity
) -> None:
    assert parse_target(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("≤2.5元/吨", Quantity("<=", 2.5, "元/吨")),
        ("≤800元/平方米", Quantity("<=", 800, "元/平方米")),
        ("不超过45元/公里", Quantity("<=", 45, "元/公里")),
        ("≤1200元/生", Quantity("<=", 1200, "元/生")),
        ("≥3.5万吨", Quantity(">=", 3.5, "万吨")),
        ("≥12万立方米", Quantity(">=", 12, "万立方米")),
    ],
)
def test_a_cost_per_measure_and_a_volume_keep_their_whole_unit(raw: str, expected: Quantity) -> None:
    assert parse_target(raw) == expected


def test_the_start_assertion_turns_away_only_positions_no_quantity_starts_at() -> None:
    from pipeline.domain.quantity import _QUANTITY_START

    unasserted = re.compile(QUANTITY_RE.pattern.removeprefix(_QUANTITY_START))
    rng = random.Random(15)
    pieces = [
        "≥",
        ">=",
        "<",
        "＝",
        "═",
        " ",
        "\t",
        "-",
        "－",
        "1",
        "２",
        "0.5",
        ",000",
        "．",
        "万",
        "人次",
        "%",
        "个",
        "率",
        "达",
    ]
    for _ in range(3000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 12)))
        assert [m.groupdict() | {"span": m.span()} for m in QUANTITY_RE.finditer(text)] == [
            m.groupdict() | {"span": m.span()} for m in unasserted.finditer(text)
        ], text


def test_household_visits_are_one_unit() -> None:
    # 户次 counts visits to households (检查户次), as 人次 counts visits by people
    assert parse_target("≥3200户次") == Quantity(">=", 3200, "户次")
    assert parse_target("3416户次") == Quantity(None, 3416, "户次")

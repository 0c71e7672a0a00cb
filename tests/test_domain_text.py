"""Headings, name keys, OCR repair and judge_met."""

from __future__ import annotations

import pytest

from pipeline.domain.headings import ENUMERATION_MARKER_RE, heading_level, heading_marker, heading_title
from pipeline.domain.met import judge_met
from pipeline.domain.names import cut_page_marker, name_key, name_similarity
from pipeline.domain.ocr import (
    OcrEdit,
    Repaired,
    has_lookalike,
    misread_geq,
    rate_geq_read_as_2,
    repair_digits,
)


@pytest.mark.parametrize(
    ("line", "level", "title"),
    [
        ("一、项目基本情况", 1, "项目基本情况"),
        ("十二 、 问题", 1, "问题"),
        ("（二）绩效目标", 2, "绩效目标"),
        ("( 三 ) 自评结论", 2, "自评结论"),
        ("3.资金使用", 3, "资金使用"),
        ("4、 组织实施", 3, "组织实施"),
        ("（1）决策依据", 4, "决策依据"),
        ("**二、绩效情况**", 1, "绩效情况"),
        ("1.5万元已拨付", None, "1.5万元已拨付"),
        ("全年完成", None, "全年完成"),
    ],
)
def test_heading_styles(line: str, level: int | None, title: str) -> None:
    assert heading_level(line) == level
    assert heading_title(line).removesuffix("**") == title
    marker = heading_marker(line)
    assert (marker and (marker[0], marker[1].removesuffix("**"))) == (level and (level, title))


def test_heading_marker_takes_the_first_style_that_matches() -> None:
    # `（1）` is no Chinese numeral (style 2) but a digit in brackets (style 4); `1.` before `（`.
    assert [heading_marker(line) for line in ("（1）依据", "1.（一）x", "# **一、概况**", "一是加强")] == [
        (4, "依据"),
        (3, "（一）x"),
        (1, "概况"),
        None,
    ]


def test_enumeration_markers_include_list_items() -> None:
    assert [bool(ENUMERATION_MARKER_RE.match(s)) for s in ("一是加强", "第二章", "• 项", "二、", "加强")] == [
        True, True, True, True, False,
    ]  # fmt: skip


def test_name_keys() -> None:
    assert name_key("“两定机构”对医保服务的满意度") == "两定机构对医保服务的满意度"
    assert name_key("指标2：培训 人次") == "培训人次"
    assert name_key("ＡＢＣ系统") == "abc系统"
    assert name_key("某縣農村公路養護") == name_key("某县农村公路养护") == "某县农村公路养护"
    assert name_similarity("门诊人次", "门诊 人次") == 1.0
    assert name_similarity("建档立卡参保率", "贫困人口建档立卡参保率") == 0.85
    assert name_similarity("", "x") == 0.0


def test_name_similarity_floor_gives_the_exact_ratio_wherever_it_is_reached() -> None:
    assert name_similarity("参保率", "常住人口参保率", floor=0.45) == 0.6  # the bound reaches it: exact
    assert name_similarity("门诊人次", "住院天数", floor=0.45) == 0.0  # nothing shared: the bound
    pairs = [("门诊人次", "门诊总人次"), ("培训人次", "培训合格率"), ("满意度", "群众满意率"), ("率率", "率")]
    for a, b in pairs:
        exact = name_similarity(a, b)
        for floor in (0.45, 0.75):
            bounded = name_similarity(a, b, floor=floor)
            assert bounded == exact if exact >= floor else bounded < floor


def test_ocr_repairs_digit_lookalikes_and_records_each_edit() -> None:
    assert repair_digits("≥1OO人次") == Repaired(
        "≥100人次", (OcrEdit(2, "O", "0", "digit_lookalike"), OcrEdit(3, "O", "0", "digit_lookalike"))
    )
    assert repair_digits("2O2l年") == Repaired(
        "2021年", (OcrEdit(1, "O", "0", "digit_lookalike"), OcrEdit(3, "l", "1", "digit_lookalike"))
    )
    for text in ("ISO9001认证", "No.1", "OK", "O2O模式"):
        assert repair_digits(text) == Repaired(text, ())


def test_misread_geq_only_where_asked() -> None:
    assert misread_geq("290%", 0) == Repaired("≥90%", (OcrEdit(0, "2", "≥", "geq_read_as_2"),))
    with pytest.raises(ValueError):
        misread_geq("90%", 0)


def test_a_rate_target_of_2_and_a_rate_is_a_lost_geq_when_the_actual_is_a_rate() -> None:
    geq = (OcrEdit(0, "2", "≥", "geq_read_as_2"),)
    assert rate_geq_read_as_2("285%", "91.2%") == Repaired("≥85%", geq)
    assert rate_geq_read_as_2("2100%", "100%") == Repaired("≥100%", geq)
    assert rate_geq_read_as_2("299.5%", "99.8%") == Repaired("≥99.5%", geq)
    # a real rate above 100 %, no rate left after the 2, or an actual that is no rate ≤ 100 %
    for target, actual in (("250%", "260%"), ("200%", "98%"), ("2%", "1%"), ("2101%", "99%")):
        assert rate_geq_read_as_2(target, actual) is None
    assert rate_geq_read_as_2("290%", "达标") is None
    assert rate_geq_read_as_2("290%", None) is None
    assert rate_geq_read_as_2("≥90%", "93%") is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((">=", 90, "%", 98, "％"), True),
        (("<", 10, "分钟", 10, "分钟"), False),
        (("=", 0.3, None, 0.1 + 0.2, None), True),
        ((">=", 10, "个", 12, "期"), True),
        ((">=", 10, "个", 12, "分钟"), None),
        (("qualitative", None, None, None, None), None),
        ((None, 8, "人", 7, "人"), False),
        ((">=", 90, "%", None, None), None),
        (("~", 90, "%", 95, "%"), None),
    ],
)
def test_judge_met(args: tuple, expected: bool | None) -> None:
    assert judge_met(*args) is expected


def test_a_page_footer_run_into_a_name_is_cut_out() -> None:
    assert cut_page_marker("门诊就诊第3页人次") == "门诊就诊人次"
    assert cut_page_marker("门诊就诊 第 3 页 共 12 页 人次") == "门诊就诊人次"
    assert cut_page_marker("门诊就诊共12页第3页人次") == "门诊就诊人次"
    assert cut_page_marker("门诊就诊—3—人次") == "门诊就诊人次"
    for name in ("0-6岁儿童眼保健覆盖率", "门诊就诊人次", "第3页", "2023-2025年规划完成率"):
        assert cut_page_marker(name) is None


def test_a_text_without_a_lookalike_letter_has_nothing_to_repair() -> None:
    assert [has_lookalike(t) for t in ("≥1OO人次", "9〇%", "≥100人次", "满意度≥95%")] == [
        True,
        True,
        False,
        False,
    ]
    assert repair_digits("≥100人次").edits == ()

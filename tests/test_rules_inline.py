from __future__ import annotations

from pipeline.domain.levels import INDICATOR_SECTION_WORDS
from pipeline.extract.rules.inline import LEVEL_MARK, read_inline
from tests.rules_rows import Row, rows_of


def test_inline_list_items_with_numbers() -> None:
    text = (
        "1. 数量指标：单位临聘人员数≥8人、供暖面积300平方米、支持党支部数量=1个，以上指标全部按时完成。\n"
        "4. 效益指标：\n"
    )
    found = [
        (
            c.level2.text if c.level2 else None,
            c.name.text,
            c.target.text if c.target else None,
            c.actual.text if c.actual else None,
        )
        for c in read_inline(text)
    ]
    assert found == [
        ("数量指标", "单位临聘人员数", "≥8人", None),
        ("数量指标", "供暖面积", None, "300平方米"),
        ("数量指标", "支持党支部数量", "=1个", None),
    ]
    first = read_inline(text)[0]
    assert text[first.name.start : first.name.end] == "单位临聘人员数"


def test_a_level_word_with_an_empty_line_reads_nothing() -> None:
    assert read_inline("4. 效益指标：\n\n（1）社会效益指标：知晓率≥90%、\n")[0].level2.text == "社会效益指标"  # type: ignore[union-attr]


def _rows(text: str) -> list[Row]:
    return rows_of(read_inline(text))


def test_fused_level_words_shared_values_and_collective_results() -> None:
    text = (
        "(二)项目效益情况。\n"
        "社会效益指标临聘人员工资发放率、村道完好率均达到100%;"
        "可持续效益指标有效延长道路寿命;服务对象满意度指标群众满意度均大于等于95%。\n"
    )
    assert _rows(text) == [
        (None, "社会效益指标", "临聘人员工资发放率", None, "100%"),
        (None, "社会效益指标", "村道完好率", None, "100%"),
        (None, "服务对象满意度指标", "群众满意度", None, "大于等于95%"),  # the word stays in raw (call 59)
    ]


def test_a_result_item_is_the_actual_of_the_item_before() -> None:
    text = "(1)产出指标。\n数量指标:巡检人员数量≥40人,实际投入42人;巡检次数≥600次,实际巡检612次。\n"
    assert _rows(text) == [
        ("产出指标", "数量指标", "巡检人员数量", "≥40人", "42人"),
        ("产出指标", "数量指标", "巡检次数", "≥600次", "612次"),
    ]


def test_a_level_word_before_a_score_note_is_not_a_list() -> None:
    assert read_inline("（1）数量指标（分值23分，实得23分）\n") == []


def test_a_target_label_item_is_the_target_of_the_item_before_and_a_rate_no_indicator() -> None:
    text = "(一)产出指标\n数量指标:全年培训村医420人次,目标值400人次,完成率105%;随访率96%,年度目标值≥90%。\n"
    found = read_inline(text)
    assert _rows(text) == [
        ("产出指标", "数量指标", "培训村医", "400人次", "420人次"),
        ("产出指标", "数量指标", "随访率", "≥90%", "96%"),
    ]
    assert found[0].target is not None and found[0].target.start == text.index("400人次")


def test_a_bare_name_names_the_target_label_item_after_it() -> None:
    text = "时效指标：补助发放及时率，年度目标值100%，实际完成值100%。\n效益指标：就业率目标值≥80%。\n"
    assert _rows(text) == [
        (None, "时效指标", "补助发放及时率", "100%", "100%"),
        (None, "效益指标", "就业率", "≥80%", None),
    ]


def test_a_level_word_before_fangmian_is_a_lead_in_not_a_list() -> None:
    assert read_inline("一、绩效情况\n效益指标方面，受益群众满意度达到95%。\n") == []


def test_a_plan_and_its_result_are_one_indicator() -> None:
    text = (
        "（一）产出指标\n"
        "数量指标：计划改造农村户厕120户，实际改造126户，完成率105%；厕所验收合格率目标为95%，实际达到97%。\n"
    )
    found = read_inline(text)
    assert _rows(text) == [
        ("产出指标", "数量指标", "改造农村户厕", "120户", "126户"),
        ("产出指标", "数量指标", "厕所验收合格率", "95%", "97%"),
    ]
    assert found[0].target is not None and found[0].target.start == text.index("120户")


def test_a_date_in_an_item_is_no_value() -> None:
    text = "时效指标：计划9月底前拨付维修资金，实际于2025年8月31日全部拨付到位；拨付完成率100%。\n"
    found = [(c.name.text, c.actual.text if c.actual else None) for c in read_inline(text)]
    assert found == [("拨付完成率", "100%")]


def test_a_plan_word_or_target_label_after_the_name_states_the_target() -> None:
    text = (
        "（一）产出指标\n"
        "数量指标：改造农村户厕目标值1500户，实际改造1562户；培训保洁员预期300人，实际培训326人。\n"
        "时效指标：工程按期完工率计划100%，实际完成100%。\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "改造农村户厕", "1500户", "1562户"),
        ("产出指标", "数量指标", "培训保洁员", "300人", "326人"),
        ("产出指标", "时效指标", "工程按期完工率", "100%", "100%"),
    ]
    first = read_inline(text)[0]
    assert first.target is not None and first.actual is not None
    at = text.index("改造农村户厕")
    # the name's evidence covers the words before the value
    assert (first.name.start, first.name.end) == (at, at + len("改造农村户厕目标值"))
    assert text[first.target.start : first.target.end] == "1500户"
    assert text[first.actual.start : first.actual.end] == "1562户"


def test_every_level_word_holds_the_mark_that_picks_the_lines_read() -> None:
    assert all(LEVEL_MARK in word for word in INDICATOR_SECTION_WORDS)


def test_a_list_is_read_on_its_line_alone_among_lines_without_a_level_word() -> None:
    text = "全年开展培训12次。\n数量指标：培训人数≥100人、培训场次≥6场\n其余工作按计划推进。"
    assert [(c.name.text, c.target.text if c.target else None, c.name.start) for c in read_inline(text)] == [
        ("培训人数", "≥100人", 16),
        ("培训场次", "≥6场", 26),
    ]


def test_a_comparator_word_before_or_after_the_number_is_the_values_not_the_names() -> None:
    text = (
        "1.数量指标：疏浚排水沟渠年度目标不少于36公里，实际完成38.5公里。\n"
        "2.成本指标：每公里疏浚成本控制在1.2万元以内，实际为1.08万元。\n"
        "3.社会效益指标：排涝达标率目标达到95%，实际达到97.2%。\n"
    )
    found = read_inline(text)
    assert rows_of(found) == [
        (None, "数量指标", "疏浚排水沟渠", "不少于36公里", "38.5公里"),
        (None, "成本指标", "每公里疏浚成本", "控制在1.2万元以内", "1.08万元"),
        (None, "社会效益指标", "排涝达标率", "达到95%", "97.2%"),
    ]
    ceiling = found[1].target
    assert ceiling is not None and (ceiling.start, ceiling.end) == (
        text.index("控制在"),
        text.index("以内") + 2,
    )
    assert text[found[1].name.start : found[1].name.end] == "每公里疏浚成本"


def test_a_result_led_by_the_period_it_covers_is_the_actual_of_the_item_before() -> None:
    text = "数量指标：发放助学金年度目标≥420人，全年实际发放436人；校舍维修年度目标≥6所，当年实际完成6所。\n"
    assert _rows(text) == [
        (None, "数量指标", "发放助学金", "≥420人", "436人"),
        (None, "数量指标", "校舍维修", "≥6所", "6所"),
    ]

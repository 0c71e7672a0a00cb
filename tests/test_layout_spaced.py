"""Cells separated by spaces: rows flattened one per line (values cut by spaces glued back) and a
whole form flattened onto one line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.layout.lines import split_lines
from pipeline.layout.recognisers.spaced import _value_rows, is_spaced, read_spaced, tokens
from pipeline.normalize import normalize

ROWS = (
    "一级指标 二级指标 三级指标 指标说明 年度指标值 实际完成值\n"
    "产出指标 数量指标 慰问困难群众 慰问对象人数 ≥ 200 人次 215人次\n"
    "时效指标资金拨付及时率按月拨付 100 % 100%\n"
    "效益指标 社会效益指标 群众满意度 满意度调查 ≥90 % 96%\n"
    "正文。"
)
FORM = (
    "项目名称 乡村道路养护 主管部门 县交通运输局 三级指标 年度指标值 实际完成值 分值 "
    "养护里程 120公里 118公里 10 路况优良率 ≥85% 88% 10"
)


def test_tokens_glue_comparators_and_units_to_their_numbers() -> None:
    line = split_lines("慰问困难群众 ≥ 200 人次 215人次")[0]
    assert [(c.text, c.span.start, c.span.end) for c in tokens(line.text, line)] == [
        ("慰问困难群众", 0, 6),
        ("≥200人次", 7, 15),
        ("215人次", 16, 21),
    ]


def test_one_row_per_line_and_a_collapsed_line_between_spaced_ones() -> None:
    claim = read_spaced(ROWS, split_lines(ROWS), 0)
    assert claim is not None
    assert claim.recogniser == "spaced"
    assert [row.texts for row in claim.rows] == [
        ("一级指标", "二级指标", "三级指标", "指标说明", "年度指标值", "实际完成值"),
        ("产出指标", "数量指标", "慰问困难群众", "慰问对象人数", "≥200人次", "215人次"),
        ("时效指标资金拨付及时率按月拨付", "100%", "100%"),
        ("效益指标", "社会效益指标", "群众满意度", "满意度调查", "≥90%", "96%"),
    ]
    assert claim.end == 4


def test_a_form_on_one_line_is_cut_after_its_header() -> None:
    claim = read_spaced(FORM, split_lines(FORM), 0)
    assert claim is not None
    assert claim.recogniser == "one_line_form"
    assert [(row.texts, row.split_by_pattern) for row in claim.rows] == [
        (("项目名称", "乡村道路养护", "主管部门", "县交通运输局"), False),
        (("三级指标", "年度指标值", "实际完成值", "分值"), False),
        (("养护里程", "120公里", "118公里", "10"), True),
        (("路况优良率", "≥85%", "88%", "10"), True),
    ]


def test_rows_of_values_under_the_header_continue_the_table() -> None:
    text = (
        "三级指标 年度指标值 实际完成值 分值 得分 偏差原因\n"
        "护栏维修长度 ≥30公里 28公里 10 8 个别路段延期\n"
        "路面修补面积 ≥500 平方米 520平方米 10 10\n"
        "正文。"
    )
    claim = read_spaced(text, split_lines(text), 0)
    assert claim is not None
    assert [row.texts for row in claim.rows] == [
        ("三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"),
        ("护栏维修长度", "≥30公里", "28公里", "10", "8", "个别路段延期"),
        ("路面修补面积", "≥500平方米", "520平方米", "10", "10"),
    ]
    assert claim.end == 3


def test_rows_with_numbers_after_a_page_break_are_a_table_without_a_header() -> None:
    text = (
        "某县2023年度项目支出绩效自评表\n"
        "效益 社会效益 培训人次 ≥2000人次 2150人次 20 20\n"
        "满意度 服务对象满意度 农户满意度 ≥90% 95% 10 9\n"
    )
    lines = split_lines(text)
    assert read_spaced(text, lines, 0) is None
    claim = read_spaced(text, lines, 1)
    assert claim is not None and claim.end == 3
    assert [row.texts for row in claim.rows] == [
        ("效益", "社会效益", "培训人次", "≥2000人次", "2150人次", "20", "20"),
        ("满意度", "服务对象满意度", "农户满意度", "≥90%", "95%", "10", "9"),
    ]
    one = "效益 社会效益 培训人次 ≥2000人次 2150人次 20 20\n正文。"
    assert read_spaced(one, split_lines(one), 0) is None


def test_a_word_that_starts_like_a_unit_is_not_glued_to_the_number() -> None:
    line = split_lines("10 8 个别路段延期 98 %(百分比)")[0]
    assert [c.text for c in tokens(line.text, line)] == ["10", "8", "个别路段延期", "98%(百分比)"]


def test_a_single_spaced_line_without_a_header_is_prose() -> None:
    text = "为 全县 困难 群众 发放 补贴"
    assert read_spaced(text, split_lines(text), 0) is None


_WORDS = ["产出指标", "培训人次", "≥", "90%", "12", "人次", "是", "a", "。", "|", "\t", "\n"]
_GAPS = [" ", "  ", "\u3000", "\xa0", "\r"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _GAPS), max_size=12))
def test_a_table_line_holds_two_words(pieces: list[str]) -> None:
    """`read_spaced` returns at once on a line of fewer than two words (most prose lines): every
    test that starts a spaced table needs two."""
    text = "".join(pieces)
    lines = split_lines(text)
    for index, line in enumerate(lines):
        if is_spaced(line) or _value_rows(lines, index):
            assert len(line.text.split()) >= 2
        if len(line.text.split()) < 2:
            assert read_spaced(text, lines, index) is None


def test_rows_of_a_split_target_keep_their_comparator_cell_without_their_level_cells() -> None:
    """指标性质 | 指标值 | 度量单位 printed by a PDF's text layer: the comparator and the unit stand
    alone and are glued to the number; rows whose merged level cells were dropped stay rows."""
    text = normalize(
        "一级指标 二级指标 三级指标 指标性质 指标值 度量单位 实际完成值 分值 得分\n"
        "产出指标 数量指标 新建农村幸福院 ≥ 12 个 13 20 20\n"
        "改造提升日间照料中心 = 4 个 4 10 10\n"
        "质量指标 设施验收合格率 ≥ 95 % 100 10 10\n"
    ).text
    claim = read_spaced(text, split_lines(text), 0)
    assert claim is not None and claim.end == 4
    assert [row.texts for row in claim.rows[1:]] == [
        ("产出指标", "数量指标", "新建农村幸福院", "≥12个", "13", "20", "20"),
        ("改造提升日间照料中心", "=4个", "4", "10", "10"),
        ("质量指标", "设施验收合格率", "≥95%", "100", "10", "10"),
    ]
    at = text.index("= 4 个")
    target = claim.rows[2].cells[1]
    assert (target.span.start, target.span.end) == (at, at + 5)

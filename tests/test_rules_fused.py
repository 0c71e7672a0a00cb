"""Fused indicator tables: header and rows on one run of text, cells split by value patterns."""

from __future__ import annotations

import bisect
import random
from array import array
from collections.abc import Iterator

import pytest

from pipeline.domain.headers import HEADER_WORDS
from pipeline.domain.levels import LEVEL1_NAMES, LEVEL2_NAMES
from pipeline.extract.rules import fused
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.fused import docsite_marks, iter_docsite_marks, read_fused
from pipeline.extract.rules.memo import forget_texts
from tests.rules_rows import Row, rows_of

# The shape of an OCR'd county form (spaces inside words, none between cells, doc-site chunk marks).
FORM = (
    "1、2021年度县级专项资金绩效目标自评表专项资金名称县级应急物资储备"
    "绩 效 指 标一级 指标二级 指标三级指标年度指标 值全年 完成值未完成原因和 改进措施"
    "产 出 指 标数量 指标3000件帐篷、800套棉被储备到位率100%98%物资账实相符率100%\n"
    "2、100%质量 指标储备物资定期检查率100%100%满意 度指 标服务 对象 满意 度指 标"
    "受灾群众满意度调查290%96%说明无"
)


def _rows(text: str) -> list[Row]:
    return rows_of(read_fused(text))


def _numbers(rows: list[Candidate]) -> list[tuple[str | None, ...]]:
    """Each row's name, target, weight, actual and score as written."""
    return [(r.name.text, *(c and c.text for c in (r.target, r.weight, r.actual, r.score))) for r in rows]


def test_rows_of_a_fused_form() -> None:
    assert _rows(FORM) == [
        ("产出指标", "数量指标", "3000件帐篷、800套棉被储备到位率", "100%", "98%"),
        ("产出指标", "数量指标", "物资账实相符率", "100%", "100%"),
        ("产出指标", "质量指标", "储备物资定期检查率", "100%", "100%"),
        ("满意度指标", "服务对象满意度指标", "受灾群众满意度调查", "≥90%", "96%"),
    ]


def test_spans_point_at_the_text_and_notes_say_how_it_was_read() -> None:
    first, _, _, last = read_fused(FORM)
    assert FORM[first.name.start : first.name.end] == "3000件帐篷、800套棉被储备到位率"
    assert FORM[last.target.start : last.target.end] == "290%"  # type: ignore[union-attr]
    assert first.notes == ("cells_split_by_pattern",)
    assert last.notes == ("cells_split_by_pattern", "ocr_repaired")
    assert first.confidence == 0.5


def test_fused_digits_of_several_cells_are_not_guessed() -> None:
    text = (
        "指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
        "造林任务完成面积万亩2510510林木良种使用率%901095说明"
    )
    rows = read_fused(text)
    assert [(r.name.text, r.target, r.actual, r.weight, r.score) for r in rows] == [
        ("造林任务完成面积", None, None, None, None),
        ("林木良种使用率", None, None, None, None),
    ]
    assert rows[0].notes == ("cells_split_by_pattern", "digits_of_several_cells_fused")


def test_a_header_on_its_own_line_is_left_to_the_layout() -> None:
    text = "一级指标 二级指标 三级指标 指标值 完成值\n产出指标 数量指标 培训人次 100人次 120人次\n"
    assert read_fused(text) == []


def test_docsite_marks_are_numbered_in_sequence() -> None:
    text = "1、标题\n正文\n2、续文\n5、不是\n3、再续"
    assert [text[a:b] for a, b in docsite_marks(text)] == ["1、", "2、", "3、"]
    assert next(iter_docsite_marks(text)) == (0, 2)


def test_docsite_marks_start_at_the_first_one_also_written_with_a_zero() -> None:
    text = "表11、说明\n01、标题\n11、不是\n2、续文\n02、不是"
    assert [text[a:b] for a, b in docsite_marks(text)] == ["01、", "2、"]
    assert docsite_marks("1、") == [(0, 2)]
    assert docsite_marks("标题\n2、正文\n3、续文") == []


def test_a_fused_line_without_its_header_gives_its_targets_only() -> None:
    text = "产出指标数量指标补贴发放人数≥120人 25 质量指标发放准确率=100% 25 合计100 评价结论良好。\n"
    assert _rows(text) == [
        ("产出指标", "数量指标", "补贴发放人数", "≥120人", None),
        ("产出指标", "质量指标", "发放准确率", "=100%", None),
    ]
    assert [c.notes for c in read_fused(text)] == [("cells_split_by_pattern", "header_not_seen")] * 2


def test_chunk_marks_are_found_once_per_text_not_once_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def counted(text: str) -> list[tuple[int, int]]:
        calls.append(len(text))
        return docsite_marks(text)

    monkeypatch.setattr(fused, "docsite_marks", counted)
    line = "产出指标数量指标补贴发放人数≥120人 25 质量指标发放准确率=100% 25\n"
    for lines in (50, 100):
        calls.clear()
        assert len(read_fused(line * lines)) == 2 * lines
        assert calls == [len(line * lines)]  # one pass over the text, whatever its length


def test_a_later_header_is_searched_from_where_the_last_table_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    starts: list[int] = []
    header_words = fused._header_words

    def counted(flat: str, pos: int) -> Iterator[tuple[int, int, str]]:
        starts.append(pos)
        return header_words(flat, pos)

    monkeypatch.setattr(fused, "_header_words", counted)
    forms = read_fused(FORM + "\n" + FORM)
    assert len(forms) == 8
    assert len(starts) == 3 and starts[0] == 0 and starts[1] < starts[2]  # two forms, then no third


def test_fused_digits_are_split_by_the_weight_the_rows_share() -> None:
    text = (
        "指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
        "农田灌溉水有效利用系数达标率%951510015新建高标准农田面积万亩212151215"
        "渠道维修完好率%95159012水土流失治理率%0.5150.4.15说明无"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("农田灌溉水有效利用系数达标率", "95%", "15", "100%", "15"),
        ("新建高标准农田面积", "≥12万亩", "15", "12万亩", "15"),
        ("渠道维修完好率", "95%", "15", "90%", "12"),
        ("水土流失治理率", None, None, None, None),
    ]
    second = rows[1]
    assert text[second.target.start : second.target.end] == "12"  # type: ignore[union-attr]
    assert second.notes == ("cells_split_by_pattern", "digits_split_by_shared_weight", "ocr_repaired")
    assert second.confidence == 0.3
    assert rows[3].notes == ("cells_split_by_pattern", "digits_of_several_cells_fused")


def test_a_weight_and_score_run_together_at_every_rows_end_are_cut_where_one_reading_fits() -> None:
    text = (
        "三级指标年度指标值实际完成值分值得分"
        "产出指标数量指标巡查河道里程≥120公里126公里1010清理河道垃圾≥300吨286吨2018"
        "质量指标河面保洁达标率≥95%97%109.5"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("巡查河道里程", "≥120公里", "10", "126公里", "10"),
        ("清理河道垃圾", "≥300吨", "20", "286吨", "18"),
        ("河面保洁达标率", "≥95%", "10", "97%", "9.5"),
    ]
    second = rows[1]
    at = text.index("2018")
    assert (second.weight.start, second.weight.end, second.score.start, second.score.end) == (  # type: ignore[union-attr]
        at, at + 2, at + 2, at + 4,
    )  # fmt: skip
    assert second.notes == ("cells_split_by_pattern", "weight_and_score_split")
    assert second.confidence == 0.3


def test_one_row_ending_in_a_number_proves_no_weight_and_score() -> None:
    text = "三级指标年度指标值实际完成值分值得分产出指标数量指标巡查河道里程≥120公里126公里1010"
    assert _numbers(read_fused(text)) == [("巡查河道里程", "≥120公里", None, "126公里", "1010")]


def test_a_declaration_form_has_one_value_per_row() -> None:
    text = (
        "一级指标二级指标三级指标指标值"
        "产出指标数量指标年接待读者人次≥15万人次举办讲座场次≥24场开放时长≥56小时/周"
    )
    assert _numbers(read_fused(text)) == [
        ("年接待读者人次", "≥15万人次", None, None, None),
        ("举办讲座场次", "≥24场", None, None, None),
        ("开放时长", "≥56小时/周", None, None, None),
    ]


def test_one_answer_word_written_twice_is_a_qualitative_target_and_its_actual() -> None:
    text = (
        "1、绩 效 指 标一级 指标二级 指标三级指标分值年度指标值全年实际值得分未完成原因"
        "产出指标成本指标指标1防疫物资采购价格不超过市场均价6是是6"
        "效益指标可持续 影响指标冷链设备运行维护及安全性\n2、达标达标满意度指标"
        "服务对象满意度指标接种群众满意度95%97%6说明无"
    )
    rows = read_fused(text)
    assert rows_of(rows) == [
        ("产出指标", "成本指标", "防疫物资采购价格不超过市场均价", "是", "是"),
        ("效益指标", "可持续影响指标", "冷链设备运行维护及安全性", "达标", "达标"),
        ("满意度指标", "服务对象满意度指标", "接种群众满意度", "95%", "97%"),
    ]
    first, second, _ = rows
    assert (first.weight.text, first.score.text) == ("6", "6")  # type: ignore[union-attr]
    target, actual = second.target, second.actual
    assert (text[target.start : target.end], text[actual.start : actual.end]) == ("达标", "达标")  # type: ignore[union-attr]
    assert actual.start == target.end  # type: ignore[union-attr]


def test_a_doubled_word_that_is_no_answer_stays_in_the_name() -> None:
    text = (
        "一级指标二级指标三级指标年度指标值全年完成值未完成原因"
        "产出指标数量指标开展人人参与健身活动次数12次12次说明无"
    )
    assert rows_of(read_fused(text)) == [("产出指标", "数量指标", "开展人人参与健身活动次数", "12次", "12次")]


def test_a_weight_glued_to_the_targets_of_a_weight_first_form_is_cut_off_where_rows_prove_it() -> None:
    text = (
        "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及改进措施"
        "产出指标数量指标指标1新增病床数量6120张120张6指标2培训医护人员6300人次300人次6"
        "质量指标指标1设备验收合格率6100%95%5说明无"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("新增病床数量", "120张", "6", "120张", "6"),
        ("培训医护人员", "300人次", "6", "300人次", "6"),
        ("设备验收合格率", "100%", "6", "95%", "5"),
    ]
    first = rows[0]
    weight, target = first.weight, first.target
    assert weight is not None and target is not None
    assert (text[weight.start : weight.end], text[target.start : target.end]) == ("6", "120张")
    assert first.notes == ("cells_split_by_pattern", "digits_split_by_shared_weight")
    assert first.confidence == 0.3


def test_an_actual_written_none_before_the_next_level_word_is_read_with_its_reason() -> None:
    text = (
        "绩 效 指 标一级 指标二级 指标三级指标年度指标 值全年 完成值未完成原因和 改进措施"
        "产 出 指 标数量 指标新建村级文化广场数量12个12个"
        "效益 指标社会 效益 指标困难群众临时救助兑现率100%无当年未发生救助申请绩效指标"
        "满意 度指 标服务 对象 满意 度指 标群众满意度90%96%说明无"
    )
    rows = read_fused(text)
    assert rows_of(rows) == [
        ("产出指标", "数量指标", "新建村级文化广场数量", "12个", "12个"),
        ("效益指标", "社会效益指标", "困难群众临时救助兑现率", "100%", "无"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "90%", "96%"),
    ]
    actual, deviation = rows[1].actual, rows[1].deviation
    assert actual is not None and deviation is not None
    assert (text[actual.start : actual.end], deviation.text) == ("无", "当年未发生救助申请")
    assert text[deviation.start : deviation.end] == "当年未发生救助申请"
    assert rows[0].deviation is None


def test_a_name_starting_with_none_is_not_cut_where_values_follow_it() -> None:
    text = (
        "一级指标二级指标三级指标年度指标值全年完成值未完成原因"
        "产出指标质量指标生活垃圾清运率100%无害化处理率100%100%说明无"
    )
    assert _rows(text) == [("产出指标", "质量指标", "生活垃圾清运率100%无害化处理率", "100%", "100%")]


def test_without_a_deviation_column_a_closing_none_stays_text() -> None:
    text = (
        "一级指标二级指标三级指标年度指标值全年完成值"
        "产出指标数量指标新建村级文化广场数量12个12个"
        "效益指标社会效益指标困难群众临时救助兑现率100%无当年未发生救助申请"
        "满意度指标服务对象满意度指标群众满意度90%96%说明无"
    )
    assert [r[2] for r in _rows(text)] == ["新建村级文化广场数量", "群众满意度"]


def test_a_phrase_written_twice_before_the_numbers_is_a_qualitative_target_and_its_actual() -> None:
    text = (
        "二级指标三级指标年度目标值全年实际值权重自评得分"
        "社会效益指标群众健康意识有效提高有效提高2020服务对象满意度指标居民满意度≥85%91%2019"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("群众健康意识", "有效提高", "20", "有效提高", "20"),
        ("居民满意度", "≥85%", "20", "91%", "19"),
    ]
    actual = rows[0].actual
    assert actual is not None and text[actual.start : actual.end] == "有效提高"


def test_a_rate_row_proves_the_weight_glued_to_its_own_target() -> None:
    text = (
        "三级指标分值年度指标值全年实际值得分"
        "产出指标数量指标重点任务完成率20100%100%20抽检批次合格率1095%97%10"
    )
    first, second = read_fused(text)
    assert _numbers([first, second]) == [
        ("重点任务完成率", "100%", "20", "100%", "20"),
        # 10 | 95% is not proved (109 | 5 % fits too), and a 1095 % target is impossible: not placed
        ("抽检批次合格率", None, None, None, None),
    ]
    assert second.notes == ("cells_split_by_pattern", "digits_of_several_cells_fused")
    assert first.target is not None and text[first.target.start : first.target.end] == "100%"
    assert first.notes == ("cells_split_by_pattern", "weight_cut_off_rate_target")
    assert first.confidence == 0.3


def test_a_score_takes_no_unit_the_next_cells_first_character_stays_out() -> None:
    text = (
        "三级指标分值年度指标值全年实际值得分偏差原因"
        "产出指标数量指标巡查河道里程10≥120公里118公里8个别河段汛期停巡质量指标清理河道垃圾20≥300吨312吨20"
    )
    first, second = read_fused(text)
    assert _numbers([first, second]) == [
        ("巡查河道里程", "≥120公里", "10", "118公里", "8"),
        ("清理河道垃圾", "≥300吨", "20", "312吨", "20"),
    ]
    assert first.score is not None and (first.score.start, first.score.end) == (
        text.index("8个别"),
        text.index("个别"),
    )


def test_a_department_forms_own_level_words_are_cut_off_the_names_they_run_into() -> None:
    text = (
        "某市统计局2024年度部门整体支出绩效自评表\n"
        "一级指标二级指标三级指标指标值实际完成值分值得分"
        "履职效能核心业务工作统计调查任务完成率100%100%1515"
        "统计数据按期发布率≥98%100%1010"
        "管理效率财务管理三公经费控制率≤100%82%1010"
        "满意度服务对象满意度数据使用单位满意度≥90%94%109\n"
    )
    assert _rows(text) == [
        ("履职效能", "核心业务工作", "统计调查任务完成率", "100%", "100%"),
        ("履职效能", "核心业务工作", "统计数据按期发布率", "≥98%", "100%"),
        ("管理效率", "财务管理", "三公经费控制率", "≤100%", "82%"),
        ("满意度", "服务对象满意度", "数据使用单位满意度", "≥90%", "94%"),
    ]
    first, *_, last = read_fused(text)
    assert first.level1 is not None and text[first.level1.start : first.level1.end] == "履职效能"
    assert first.level2 is not None and text[first.level2.start : first.level2.end] == "核心业务工作"
    assert text[first.name.start : first.name.end] == "统计调查任务完成率"
    assert last.level2 is not None and text[last.level2.start : last.level2.end] == "服务对象满意度"
    assert text[last.name.start : last.name.end] == "数据使用单位满意度"


def test_a_short_name_keeps_its_level_like_words() -> None:
    text = (
        "一级指标二级指标三级指标指标值实际完成值分值得分"
        "履职效能重点工作年度任务完成率100%100%2020"
        "档案管理规范率≥95%97%1010\n"
    )
    assert _rows(text) == [
        ("履职效能", "重点工作", "年度任务完成率", "100%", "100%"),
        ("履职效能", "重点工作", "档案管理规范率", "≥95%", "97%"),
    ]


def test_repaired_text_repairs_figures_and_returns_a_text_with_no_lookalike_after_a_digit_as_is() -> None:
    assert fused.repaired_text("覆盖率9O%，ISO9001") == "覆盖率90%，ISO9001"
    text = "No.1 OK 指标O"
    assert fused.repaired_text(text) is text


def test_squashed_is_the_text_of_squashed_text() -> None:
    text = "1、绩 效 指 标\n2、一级 指标 ≥ 95%"
    assert fused.squashed(text) == "绩效指标一级指标≥95%"
    assert fused.squashed_text(text) == (
        fused.squashed(text),
        array("i", [2, 4, 6, 8, 12, 13, 15, 16, 18, 20, 21, 22]),
    )


def test_kept_offsets_answer_as_the_array_of_squashed_text_does() -> None:
    text = "1、绩 效 指 标\n2、一级  指标 ≥ 95%\n"
    flat, where = fused.squashed_offsets(text)
    offsets = fused.squashed_text(text)[1]
    assert flat == fused.squashed(text)
    assert [where[i] for i in range(len(flat))] == offsets.tolist()
    for pos in range(len(text) + 1):
        assert where.index(pos) == bisect.bisect_left(offsets, pos)
        assert where.index(pos, 5) == bisect.bisect_left(offsets, pos, 5)
    assert where.slice(3, 9) == offsets[3:9]
    assert where.slice(0, len(flat) + 4) == offsets


def test_a_long_text_is_squashed_block_by_block_as_it_is_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of `_BLOCK` characters cut at whitespace (a run never split): the same flat text,
    offsets and runs as one `str.split` over the whole text."""
    text = "1、绩 效 指 标\n2、一级\u3000指标 ≥ 95%\n产出指标\t数量指标\t培训人次\t≥100人\n" * 3
    whole_flat, whole = fused._squash(text)
    runs = [whole[i] for i in range(len(whole_flat))]  # found now, in one block
    monkeypatch.setattr(fused, "_BLOCK", 5)
    assert list(fused._blocks("ab cdefgh ij k", 0, 14)) == [(0, 9), (9, 14)]
    assert list(fused._blocks("abcdefghijk", 0, 11)) == [(0, 11)]  # no whitespace to cut at
    flat, where = fused._squash(text)
    assert flat == whole_flat
    assert [where[i] for i in range(len(flat))] == runs
    assert (where._text, where._lengths) == (whole._text, whole._lengths)
    assert where.slice(0, len(flat)) == fused.squashed_text(text)[1]


# A school's fused project form: a deviation column after 分值/得分, its cells `无` or blank.
_NONE_FORM = (
    "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
    "产出指标数量指标维修改造校舍面积≥1200平方米1260平方米2020无 更新课桌椅数量≥300套320套1010"
    "无障碍通道改造处数≥4处4处1010质量指标无重大安全事故发生0起0起1010无"
    "人均维修经费≤500元486元1010"
)


def test_a_deviation_written_none_is_cut_off_the_next_rows_name() -> None:
    rows = read_fused(_NONE_FORM)
    assert [r.name.text for r in rows] == [
        "维修改造校舍面积",
        "更新课桌椅数量",
        "无障碍通道改造处数",
        "无重大安全事故发生",
        "人均维修经费",
    ]
    assert _numbers(rows)[1] == ("更新课桌椅数量", "≥300套", "10", "320套", "10")
    first, second = rows[0], rows[1]
    assert first.deviation is not None
    assert (first.deviation.text, first.deviation.start, first.deviation.end) == ("无", 72, 73)
    assert (second.name.start, second.name.end) == (74, 81)
    assert _NONE_FORM[second.name.start : second.name.end] == "更新课桌椅数量"
    assert [r.deviation and r.deviation.text for r in rows[1:]] == [None, None, "无", None]


def test_a_none_starting_a_name_written_elsewhere_in_the_text_stays_in_the_name() -> None:
    text = (
        "全年实现无欠薪项目占比100%。\n"
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标新开工保障性住房套数≥500套512套2020无欠薪项目占比100%100%1010"
    )
    rows = read_fused(text)
    assert [(r.name.text, r.deviation) for r in rows] == [
        ("新开工保障性住房套数", None),
        ("无欠薪项目占比", None),
    ]


def test_without_a_deviation_column_a_none_after_a_row_stays_in_the_name() -> None:
    text = (
        "一级指标二级指标三级指标年度指标值实际完成值分值得分"
        "产出指标数量指标新开工保障性住房套数≥500套512套2020无欠薪项目占比100%100%1010"
    )
    assert [r.name.text for r in read_fused(text)] == ["新开工保障性住房套数", "无欠薪项目占比"]


# A sports bureau's fused declaration form (指标值 only): two trend targets written in words.
_TREND_FORM = (
    "一级指标二级指标三级指标指标值"
    "产出指标数量指标新建健身路径数量≥40套效益指标社会效益指标全民健身参与度明显提高"
    "可持续影响指标体育设施长效管护水平持续提升"
)


def test_a_trend_target_written_in_words_is_cut_off_the_name_it_closes() -> None:
    rows = read_fused(_TREND_FORM)
    assert _numbers(rows) == [
        ("新建健身路径数量", "≥40套", None, None, None),
        ("全民健身参与度", "明显提高", None, None, None),
        ("体育设施长效管护水平", "持续提升", None, None, None),
    ]
    second = rows[1]
    assert second.target is not None
    assert (second.name.start, second.name.end, second.target.start, second.target.end) == (45, 52, 52, 56)
    assert _TREND_FORM[52:56] == "明显提高"


def test_a_trend_phrase_before_a_value_or_leaving_a_short_name_stays_in_the_name() -> None:
    text = "一级指标二级指标三级指标指标值效益指标经济效益指标农户收入稳步增长≥5%社会效益指标水平有效提升"
    assert _numbers(read_fused(text)) == [("农户收入稳步增长", "≥5%", None, None, None)]


def test_a_page_footers_number_does_not_close_a_row_of_a_one_value_form() -> None:
    text = (
        "一级指标二级指标三级指标指标值"
        "产出指标数量指标新建健身路径数量≥40套时效指标健身器材安第 2 页 共 5 页装完成时间≤10月"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("新建健身路径数量", "≥40套", None, None, None),
        ("健身器材安第2页共5页装完成时间", "≤10月", None, None, None),
    ]
    assert (rows[1].name.start, rows[1].name.end) == (text.index("健身器材"), text.index("≤10月"))


def test_a_department_rows_own_level_word_is_cut_off_a_name_a_page_footer_broke() -> None:
    text = (
        "一级指标二级指标三级指标预期值完成值分值得分"
        "履职重点工作河湖巡查完成率100%100%2020资产管理资产第2页盘点完成率100%100%1010"
    )
    rows = read_fused(text)
    assert [(r.level1 and r.level1.text, r.level2 and r.level2.text, r.name.text) for r in rows] == [
        ("履职", "重点工作", "河湖巡查完成率"),
        ("履职", "资产管理", "资产第2页盘点完成率"),
    ]
    assert (rows[1].name.start, rows[1].name.end) == (text.index("资产第"), text.index("100%100%1010"))


def test_a_header_line_the_side_label_of_the_next_row_follows_is_no_fused_form() -> None:
    """A web page's form with its merged 绩效指标 cell filled into every row: the header has a
    line of its own (a layout with separators reads the rows), so the page's footer with its
    site code after the table is no fused row."""
    text = (
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
        "绩效指标\t产出指标\t数量指标\t全民健身赛事场次\t≥12场\n"
        "绩效指标\t满意度指标\t服务对象满意度指标\t参赛群众满意度\t≥90%\n"
        "【打印本页】 【关闭窗口】\n"
        "主办单位：某县人民政府办公室 网站标识码：1234567890\n"
    )
    assert read_fused(text) == []


def test_a_deadline_cell_is_one_value_and_does_not_run_into_the_name() -> None:
    # a 时效指标 row whose target and actual are dates, then its weight and score run together
    text = (
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标巡查河道长度≥36公里38公里1515时效指标整改资金拨付时限6月底前5月28日55"
        "完工验收时间2024年10月31日前完成2024年10月12日1010满意度指标服务对象满意度指标沿岸群众满意度≥85%91%1010"
    )
    rows = read_fused(text)
    assert _numbers(rows)[1:3] == [
        ("整改资金拨付时限", "6月底前", "5", "5月28日", "5"),
        ("完工验收时间", "2024年10月31日前完成", "10", "2024年10月12日", "10"),
    ]
    deadline = rows[1].target
    assert deadline is not None and text[deadline.start : deadline.end] == "6月底前"
    assert text[rows[2].actual.start : rows[2].actual.end] == "2024年10月12日"  # type: ignore[union-attr]


def test_a_month_without_a_day_a_months_end_or_a_deadline_word_stays_a_quantity() -> None:
    text = "服务周期3个月5月份开展"
    assert [t.text for t in fused._tokens(text, array("l", range(len(text))))] == [
        "服务周期",
        "3个月",
        "5月",
        "份开展",
    ]


def test_a_run_after_a_whole_target_is_cut_where_the_target_proves_the_actual() -> None:
    # a national form: 指标性质 | 指标值 | 度量单位 run into one target, then 完成值 | 分值 | 得分 digits
    text = (
        "一级指标二级指标三级指标指标性质指标值度量单位实际完成值分值得分"
        "产出指标数量指标新建村级便民服务站≥24个261515质量指标设施验收合格率=100%1002020"
        "成本指标站点平均建设成本≤12万元11.61010"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("新建村级便民服务站", "≥24个", "15", "26", "15"),
        ("设施验收合格率", "=100%", "20", "100", "20"),
        ("站点平均建设成本", "≤12万元", "10", "11.6", "10"),  # 成本 is the name's, not a unit column's
    ]
    assert [r.unit for r in rows] == ["个", "%", "万元"]
    assert rows[0].notes == ("cells_split_by_pattern", "weight_and_score_split")
    actual = rows[0].actual
    assert actual is not None and (actual.start, actual.end) == (
        text.index("261515"),
        text.index("261515") + 2,
    )


def test_a_run_the_target_does_not_prove_stays_unsplit() -> None:
    # 310 | 10 | 10 would be met in full marks, but 310 is no count of 24's size: no cut is proved
    text = (
        "一级指标二级指标三级指标指标性质指标值度量单位实际完成值分值得分"
        "产出指标数量指标新建村级便民服务站≥24个3101010质量指标设施验收合格率=100%1002020"
    )
    assert _numbers(read_fused(text)) == [
        ("新建村级便民服务站", "≥24个", None, None, None),
        ("设施验收合格率", "=100%", "20", "100", "20"),
    ]
    assert read_fused(text)[0].notes == ("cells_split_by_pattern", "digits_of_several_cells_fused")


def test_a_qualitative_nature_ends_the_name_and_its_words_are_cut_as_parallel_phrases() -> None:
    text = (
        "一级指标二级指标三级指标指标性质指标值度量单位实际完成值分值得分"
        "产出指标数量指标新建村级便民服务站≥24个261515时效指标站点建设完成时限定性10月底前完成9月底完成1010"
        "效益指标社会效益指标群众办事便利程度定性有所提升明显提升2020"
    )
    rows = read_fused(text)
    assert _numbers(rows)[1:] == [
        ("站点建设完成时限", "10月底前完成", "10", "9月底完成", "10"),
        ("群众办事便利程度", "有所提升", "20", "明显提升", "20"),
    ]
    target = rows[2].target
    assert target is not None and text[target.start : target.end] == "有所提升"


def test_qualitative_words_that_cut_no_way_stay_as_they_were() -> None:
    assert fused._parallel_words("年底前完成按期完成") == 5
    assert fused._parallel_words("有所提升明显提升") == 4
    assert fused._parallel_words("全面覆盖重点区域") is None  # no shared closing word
    assert fused._parallel_words("完成完成") is None  # a word twice: an answer written twice, not phrases


def test_a_name_after_a_row_that_lost_points_is_not_read() -> None:
    # the first row lost 4 points; its reason runs into the next name with nothing between
    text = (
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标修缮村级文化活动室≥12个10个106部分村选址调整推迟开工文化活动开展场次≥48场52场1010"
        "质量指标活动室验收合格率100%100%1010"
    )
    assert _numbers(read_fused(text)) == [
        ("修缮村级文化活动室", "≥12个", "10", "10个", "6"),
        ("活动室验收合格率", "100%", "10", "100%", "10"),
    ]
    full_marks = text.replace("10个106部分村选址调整推迟开工", "12个1010")
    assert [r.name.text for r in read_fused(full_marks)] == [
        "修缮村级文化活动室",
        "文化活动开展场次",
        "活动室验收合格率",
    ]


def test_a_form_with_words_before_its_values_is_not_read_when_fused() -> None:
    # 评分标准 between the target and the actual: its figures (每低1%扣2分) cannot be told from theirs
    text = (
        "一级指标二级指标三级指标年度指标值评分标准实际完成值分值得分"
        "产出指标数量指标改造老旧供水管网≥30公里每低1%扣2分31.5公里2020"
        "质量指标管网水质合格率≥98%达到目标得满分99.1%1010"
    )
    assert read_fused(text) == []
    assert fused._words_before_values(("target", "actual", "weight", "score", "criteria")) is False  # last
    assert fused._words_before_values(("direction", "target", "actual", "weight", "score")) is True


def test_a_weight_run_into_a_date_target_is_cut_off_where_one_reading_fits() -> None:
    # 分值 before 指标值: 10 | 2024年6月底前 (a year has four digits) and 15 | 11月20日前 (151 is no weight)
    text = (
        "一级指标二级指标三级指标分值年度指标值实际完成值得分"
        "产出指标时效指标项目资金拨付时间102024年6月底前2024年6月18日10"
        "工程竣工验收时间1511月20日前11月8日15"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("项目资金拨付时间", "2024年6月底前", "10", "2024年6月18日", "10"),
        ("工程竣工验收时间", "11月20日前", "15", "11月8日", "15"),
    ]
    weight = rows[1].weight
    assert weight is not None and (weight.start, weight.end) == (
        text.index("1511月"),
        text.index("1511月") + 2,
    )
    assert fused._weight_before_date("512月底前", 0) is None  # 5 | 12月底前 or 51 | 2月底前
    assert fused._weight_before_date("12月20日完成", 0) is None  # a date with no weight before it


def test_a_qualitative_nature_before_a_weight_is_not_cut_out_of_the_text() -> None:
    # a weight-first form: 定性 | 10 | 年底前完成 … — `10年` is no date value, so 定性 is not cut
    # (cut, the name would skip it while its span still covers it)
    text = (
        "一级指标二级指标三级指标指标性质分值指标值度量单位实际完成值得分"
        "产出指标时效指标培训任务完成时限定性10年底前完成按期完成10"
    )
    names = [(r.name.text, text[r.name.start : r.name.end]) for r in read_fused(text)]
    assert all(name == span for name, span in names)
    # … and the 分值 between 指标性质 and 指标值 leaves such a table unread (`_points_inside_target`)
    assert names == []


def test_a_target_closed_by_a_comparator_word_is_one_value_and_leaves_the_name_whole() -> None:
    # a ceiling written `控制在…以内` and a floor `…以上`: the word after the number ends the cell
    text = (
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标成本指标人均实训耗材费用控制在800元以内765元1010"
        "质量指标实训考核通过率85%以上91.5%1010满意度指标服务对象满意度指标学员满意度≥90%94%1010"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("人均实训耗材费用", "控制在800元以内", "10", "765元", "10"),
        ("实训考核通过率", "85%以上", "10", "91.5%", "10"),
        ("学员满意度", "≥90%", "10", "94%", "10"),
    ]
    ceiling = rows[0].target
    assert ceiling is not None and text[ceiling.start : ceiling.end] == "控制在800元以内"


def test_a_text_is_squashed_once_until_forgotten() -> None:
    text = "1、绩 效 指 标\n2、一级 指标 ≥ 95%"
    first = fused.squashed_offsets(text)
    assert fused.squashed_offsets(text) is first
    assert fused.squashed(text) == first[0] == "绩效指标一级指标≥95%"
    forget_texts()
    again = fused.squashed_offsets(text)
    assert again is not first and again[0] == first[0]
    assert [again[1][i] for i in range(len(again[0]))] == [first[1][i] for i in range(len(first[0]))]


def test_squashed_offsets_keep_every_non_space_character_outside_chunk_marks() -> None:
    rng = random.Random(15)
    alphabet = ["指", "标", "1", "2", "、", "%", " ", "\u3000", "\t", "\n", "\u2003", "\x1c", "\r"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        marked = {i for a, b in docsite_marks(text) for i in range(a, b)}
        kept = [i for i, ch in enumerate(text) if not ch.isspace() and i not in marked]
        forget_texts()
        flat, where = fused.squashed_offsets(text)
        assert flat == "".join(text[i] for i in kept)
        assert [where[i] for i in range(len(flat))] == kept


def test_the_characters_a_fused_table_needs_are_in_its_column_words() -> None:
    named = [w for role in ("name", "level1", "level2") for w in HEADER_WORDS[role]]
    valued = [w for role in ("target", "actual") for w in HEADER_WORDS[role]]
    assert all(fused._NAMED_MARK in w for w in named) and all(fused._VALUE_MARK in w for w in valued)
    assert all(fused._NAMED_MARK in w for w in (*LEVEL1_NAMES, *LEVEL2_NAMES) if w.endswith("指标"))
    text = "产出指标数量指标补贴发放人数≥120人 25 质量指标发放准确率=100% 25\n"
    assert read_fused(text.replace("指", "旨")) == []
    assert len(read_fused(text)) == 2


# A county form whose actuals carry words (new text): an achievement word before the figure, a
# remark in brackets, a remark after a comma ending on a figure, all run together with the points.
WORDED = (
    "2023年度村医培训项目绩效自评表"
    "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因"
    "产出指标数量指标开展村医轮训期数≥6期已完成7期1515"
    "培训村医人数≥300人318人（其中线上96人）1515"
    "质量指标轮训考核通过率≥90%95.2%，较上年提高3.1个百分点2020"
    "满意度指标服务对象满意度指标参训村医满意度≥85%约91%1010"
)


def test_an_actual_with_words_around_its_figure_is_one_cell() -> None:
    found = read_fused(WORDED)
    assert _numbers(found) == [
        ("开展村医轮训期数", "≥6期", "15", "已完成7期", "15"),
        ("培训村医人数", "≥300人", "15", "318人（其中线上96人）", "15"),
        ("轮训考核通过率", "≥90%", "20", "95.2%，较上年提高3.1个百分点", "20"),
        ("参训村医满意度", "≥85%", "10", "约91%", "10"),
    ]
    for row in found:
        assert row.actual is not None and WORDED[row.actual.start : row.actual.end] == row.actual.text


def test_worded_actual_tokens_join_only_between_values() -> None:
    def tokens(*pieces: tuple[str, str]) -> list[fused._Token]:
        out, at = [], 0
        for kind, text in pieces:
            out.append(fused._Token(kind, text, at, at + len(text)))
            at += len(text)
        return out

    read = fused.worded_actuals(
        tokens(("value", "≥6期"), ("text", "已完成"), ("value", "7期"), ("value", "1515"))
    )
    assert [(t.kind, t.text, t.start, t.end) for t in read] == [
        ("value", "≥6期", 0, 3),
        ("value", "已完成7期", 3, 8),
        ("value", "1515", 8, 12),
    ]
    # an achievement word opening a row's text (a name) stays text; a bracket left open stays apart
    kept = tokens(
        ("text", "累计"), ("value", "12个"), ("value", "318人"), ("text", "（其中"), ("value", "96人")
    )
    assert fused.worded_actuals(kept) == kept


def test_points_between_a_split_targets_nature_and_value_leave_the_rows_unread() -> None:
    """`指标性质 | 分值 | 指标值 | 度量单位`, fused: `≥20450人` is 20 and 450, or 2 and 0450 — the
    rows are not read rather than read with the points in the target (`≥20450人`)."""
    text = (
        "一级指标二级指标三级指标指标性质分值指标值度量单位实际完成值得分"
        "产出指标数量指标资助困难学生人数≥20450人46820"
        "质量指标资助资金发放准确率=10100%100%10"
    )
    assert read_fused(text) == []
    # the same form with its points after the values is read
    after = (
        "一级指标二级指标三级指标指标性质指标值度量单位实际完成值分值得分"
        "产出指标数量指标资助困难学生人数≥450人4682020"
    )
    assert _numbers(read_fused(after)) == [("资助困难学生人数", "≥450人", "20", "468", "20")]


def test_a_tasks_answer_before_the_rows_points_is_its_actual_in_words() -> None:
    # `已完成` between a deadline and bare points is the actual alone: the digits are the row's
    # 分值 and 得分 run together (`1010`), not a figure the answer states
    text = (
        "三级指标年度指标值实际完成值分值得分"
        "产出指标数量指标发放农机购置补贴≥320台341台1010"
        "时效指标补贴资金兑付9月底前完成已完成1010"
        "成本指标单台补贴标准≤3000元2800元1010"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("发放农机购置补贴", "≥320台", "10", "341台", "10"),
        ("补贴资金兑付", "9月底前完成", "10", "已完成", "10"),
        ("单台补贴标准", "≤3000元", "10", "2800元", "10"),
    ]
    answered = rows[1].actual
    assert answered is not None and (answered.start, answered.end) == (
        text.index("已完成"),
        text.index("已完成") + 3,
    )
    # with a figure that has a unit, the word still opens the actual (`已完成12期`)
    worded = "三级指标年度指标值实际完成值分值得分产出指标数量指标举办培训班≥10期已完成12期1010"
    assert _numbers(read_fused(worded))[0][3] == "已完成12期"


def test_last_years_result_keeps_its_column_and_fills_no_field() -> None:
    # 上年实际完成值 before the year's target and actual: its figure is skipped by position, and a
    # word answered three times (last year, target, actual) is three cells
    text = (
        "一级指标二级指标三级指标上年实际完成值年度指标值实际完成值分值得分"
        "产出指标数量指标新建村级卫生室12个≥15个16个2020"
        "时效指标设备采购到位及时及时及时1010"
        "满意度指标服务对象满意度指标村民就医满意度88%≥90%91.2%2019"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("新建村级卫生室", "≥15个", "20", "16个", "20"),
        ("设备采购到位", "及时", "10", "及时", "10"),
        ("村民就医满意度", "≥90%", "20", "91.2%", "19"),
    ]
    target = rows[0].target
    assert target is not None and (target.start, target.end) == (text.index("≥15个"), text.index("≥15个") + 4)
    # one value short of the columns: which figure is last year's cannot be told, so none is placed
    short = text[: text.index("产出指标")] + "产出指标数量指标新建村级卫生室≥15个16个"
    assert _numbers(read_fused(short)) == [("新建村级卫生室", None, None, None, None)]


def test_a_comparator_that_would_fall_outside_the_target_marks_the_row_fused() -> None:
    # 分值 before the values and a 计量单位 run into the name: `20` then `≥3.53.820` (target 3.5,
    # actual 3.8 and score 20 run together); in order the comparator would open the actual
    text = (
        "三级指标计量单位分值年度指标值实际完成值得分"
        "产出指标数量指标新增绿化面积万平方米20≥3.53.820"
        "质量指标苗木成活率%20≥9596.520"
    )
    rows = read_fused(text)
    # the first run shows two points (digits of several cells): the weight before it stands; the
    # second shows nothing, but a comparator opens no actual, so nothing of the row is placed
    assert _numbers(rows) == [
        ("新增绿化面积", None, "20", None, None),
        ("苗木成活率", None, None, None, None),
    ]
    assert rows[1].notes == ("cells_split_by_pattern", "digits_of_several_cells_fused")


def test_ranges_grades_and_word_answers_are_cells_of_their_own() -> None:
    # a range's bounds and the word between them are one cell; a grade's comparator opens the
    # target, not the name's end; a trend target and its answer in words close the name
    text = (
        "一级指标二级指标三级指标年度指标值实际完成值分值得分"
        "产出指标质量指标出水水质达标率≥90%且≤100%96.4%2020"
        "效益指标社会效益指标流域水环境质量稳步改善达到预期1515"
        "可持续影响指标设施运维管理水平≥优良优良1010"
        "满意度指标服务对象满意度指标周边居民满意度85%-100%91.6%2020"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("出水水质达标率", "≥90%且≤100%", "20", "96.4%", "20"),
        ("流域水环境质量", "稳步改善", "15", "达到预期", "15"),
        ("设施运维管理水平", "≥优良", "10", "优良", "10"),
        ("周边居民满意度", "85%-100%", "20", "91.6%", "20"),
    ]
    # two grades run together after a name: the target's, then the actual's
    graded = text.replace("周边居民满意度85%-100%91.6%2020", "周边居民评价好较好2018")
    assert _numbers(read_fused(graded))[3] == ("周边居民评价", "好", "20", "较好", "18")
    spans = [(c.start, c.end) for c in (rows[0].target, rows[1].actual, rows[2].target) if c is not None]
    assert spans == [
        (text.index("≥90%且"), text.index("≥90%且") + len("≥90%且≤100%")),
        (text.index("达到预期"), text.index("达到预期") + 4),
        (text.index("≥优良"), text.index("≥优良") + 3),
    ]
    # bare numbers either side of a dash are left apart (they may be a row's points)
    assert fused.ranged_values([fused._Token("value", "10", 0, 2), fused._Token("text", "-", 2, 3)]) == [
        fused._Token("value", "10", 0, 2),
        fused._Token("text", "-", 2, 3),
    ]


def test_a_weight_printed_first_is_cut_off_a_rate_range_and_before_words() -> None:
    # 分值 before the values: the weight runs into a rate range's floor (`2085%-100%`: a floor of
    # 2085 % is impossible, and the row's score proves 20) or stands before the words
    text = (
        "三级指标分值年度指标值实际完成值得分"
        "产出指标数量指标污水处理量10≥500万吨528万吨10"
        "效益指标社会效益指标流域水环境质量15稳步改善达到预期15"
        "满意度指标服务对象满意度指标周边居民满意度2085%-100%91.6%20"
    )
    rows = read_fused(text)
    assert _numbers(rows) == [
        ("污水处理量", "≥500万吨", "10", "528万吨", "10"),
        ("流域水环境质量", "稳步改善", "15", "达到预期", "15"),
        ("周边居民满意度", "85%-100%", "20", "91.6%", "20"),
    ]
    assert rows[2].notes == ("cells_split_by_pattern", "weight_cut_off_rate_target")
    assert rows[2].confidence == 0.3
    # a score that is not the digits the range opens with proves no weight: nothing is cut
    unproved = text.replace("91.6%20", "91.6%19")
    assert _numbers(read_fused(unproved))[2][1:3] != ("85%-100%", "20")


def test_a_direction_under_the_comparator_header_is_cut_off_the_name_it_ran_into() -> None:
    # a system-printed form whose 指标性质 holds 正向/反向, every separator lost
    text = (
        "2024年度农机购置补贴项目支出绩效自评表\n"
        "一级指标二级指标三级指标指标性质年度指标值实际完成值分值得分"
        "产出指标数量指标补贴机具数量正向≥1200台1286台2020"
        "成本指标单台平均补贴标准反向≤3000元2860元1010"
        "满意度指标服务对象满意度指标购机农户满意度正向≥90%94%2019\n"
    )
    read = read_fused(text)
    assert [(c.name.text, text[c.name.start : c.name.end]) for c in read] == [
        ("补贴机具数量", "补贴机具数量"),
        ("单台平均补贴标准", "单台平均补贴标准"),
        ("购机农户满意度", "购机农户满意度"),
    ]
    assert _numbers(read) == [
        ("补贴机具数量", "≥1200台", "20", "1286台", "20"),
        ("单台平均补贴标准", "≤3000元", "10", "2860元", "10"),
        ("购机农户满意度", "≥90%", "20", "94%", "19"),
    ]


def test_a_paired_target_and_actual_cell_is_cut_at_its_labels() -> None:
    # one value column pairing the target and the actual behind their labels, every separator lost
    text = (
        "2022年度困难群众救助项目绩效自评表\n"
        "一级指标二级指标三级指标指标值及完成情况分值得分"
        "产出指标数量指标临时救助人次目标值：≥300人次；实际完成值：326人次3030"
        "时效指标救助资金发放时间目标值：及时发放；实际完成值：按月足额发放1010"
        "满意度指标服务对象满意度指标受助群众满意度目标值：≥85%；实际完成值：91%2018\n"
    )
    read = read_fused(text)
    assert _numbers(read) == [
        ("临时救助人次", "≥300人次", "30", "326人次", "30"),
        ("救助资金发放时间", "及时发放", "10", "按月足额发放", "10"),
        ("受助群众满意度", "≥85%", "20", "91%", "18"),
    ]
    spans = [(text[c.target.start : c.target.end], text[c.actual.start : c.actual.end]) for c in read]  # type: ignore[union-attr]
    assert spans == [("≥300人次", "326人次"), ("及时发放", "按月足额发放"), ("≥85%", "91%")]
    assert read[0].notes == ("cells_split_by_pattern", "weight_and_score_split")
    # an actual label before the target's breaks the cell's order: the row is not read
    swapped = text.replace("目标值：≥300人次；实际完成值：326人次", "实际完成值：326人次；目标值：≥300人次")
    assert "临时救助人次" not in [c.name.text for c in read_fused(swapped)]


def test_a_unit_read_onto_the_points_opens_the_next_cell() -> None:
    # the points columns hold bare numbers: `1010户` is 10 | 10 and the next name's 户
    text = (
        "2023年度城区供热管网改造项目支出绩效自评表\n"
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "成本指标经济成本指标管网改造总成本≤860万元842.5万元1010户均改造补助≤0.4万元/户0.38万元/户55"
        "满意度指标服务对象满意度指标用热居民满意度≥90%92%2020\n"
    )
    read = read_fused(text)
    assert [(c.name.text, text[c.name.start : c.name.end]) for c in read] == [
        ("管网改造总成本", "管网改造总成本"),
        ("户均改造补助", "户均改造补助"),
        ("用热居民满意度", "用热居民满意度"),
    ]
    assert _numbers(read) == [
        ("管网改造总成本", "≤860万元", "10", "842.5万元", "10"),
        ("户均改造补助", "≤0.4万元/户", "5", "0.38万元/户", "5"),
        ("用热居民满意度", "≥90%", "20", "92%", "20"),
    ]
    first = read[0]
    assert text[first.weight.start : first.weight.end] == "10"  # type: ignore[union-attr]
    assert text[first.score.start : first.score.end] == "10"  # type: ignore[union-attr]
    # a value before the points columns keeps its unit: the target and actual are not cut
    assert read[1].target.text == "≤0.4万元/户"  # type: ignore[union-attr]


def test_an_age_opens_a_name_and_a_completion_rate_keeps_its_column() -> None:
    # 权重 before the values and a 完成率 after them; a name opening with an age after the level words
    text = (
        "2023年度儿童健康管理项目绩效自评表\n"
        "一级指标二级指标三级指标权重年度指标值实际完成值完成率得分偏差原因分析及改进措施"
        "产出指标数量指标0-6岁儿童健康管理人数20≥5200人5410人104%20"
        "质量指标65岁以上老年人随访率15≥90%92.5%102.8%15"
        "成本指标人均服务经费10≤60元/人58元/人100%10项目总经费10≤50万元48.6万元100%10\n"
    )
    read = read_fused(text)
    assert [(c.name.text, text[c.name.start : c.name.end]) for c in read] == [
        ("0-6岁儿童健康管理人数", "0-6岁儿童健康管理人数"),
        ("65岁以上老年人随访率", "65岁以上老年人随访率"),
        ("人均服务经费", "人均服务经费"),
        ("项目总经费", "项目总经费"),
    ]
    assert _numbers(read) == [
        ("0-6岁儿童健康管理人数", "≥5200人", "20", "5410人", "20"),
        ("65岁以上老年人随访率", "≥90%", "15", "92.5%", "15"),
        ("人均服务经费", "≤60元/人", "10", "58元/人", "10"),
        ("项目总经费", "≤50万元", "10", "48.6万元", "10"),
    ]


def test_an_age_after_a_value_is_not_cut_off_the_digits_before_it() -> None:
    # `…2065岁…`: the last row's score and the age ran together; which digits are whose is not known
    tokens = fused._ages(
        [
            fused._Token("value", "92%", 0, 3),
            fused._Token("value", "2065", 3, 7),
            fused._Token("text", "岁以上老年人随访率", 7, 16),
        ]
    )
    assert [(t.kind, t.text) for t in tokens] == [
        ("value", "92%"),
        ("value", "2065"),
        ("text", "岁以上老年人随访率"),
    ]


def test_a_half_year_target_is_a_column_of_its_own_in_figures_and_in_words() -> None:
    text = (
        "2022年度农村供水保障项目绩效自评表\n"
        "一级指标二级指标三级指标上半年指标值全年指标值全年实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标新建集中供水工程≥6处≥14处15处2020"
        "效益指标社会效益指标农村供水保障水平逐步提升明显提升明显提升1010"
        "满意度指标服务对象满意度指标受益群众满意度≥85%≥90%93%2019\n"
    )
    read = read_fused(text)
    assert _numbers(read) == [
        ("新建集中供水工程", "≥14处", "20", "15处", "20"),
        ("农村供水保障水平", "明显提升", "10", "明显提升", "10"),
        ("受益群众满意度", "≥90%", "20", "93%", "19"),
    ]
    worded = read[1]
    assert text[worded.name.start : worded.name.end] == "农村供水保障水平"
    assert text[worded.target.start : worded.target.end] == "明显提升"  # type: ignore[union-attr]
    assert worded.target.start == text.index("明显提升")  # type: ignore[union-attr]


def test_a_system_printed_form_reads_its_on_time_answer_and_a_negative_actual() -> None:
    # 指标性质 a direction; a deadline answered `按期完成` before the points; a growth rate capped at
    # ≤0% that fell (`-2.4%`): the dash after a ceiling is a minus, no range
    text = (
        "2024年度畜禽粪污资源化利用项目支出绩效自评表\n"
        "一级指标二级指标三级指标指标性质年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标数量指标粪污处理设施配套规模养殖场正向≥45个47个2020"
        "时效指标设施建设完成时限正向11月底前按期完成1010"
        "效益指标生态效益指标项目区化学需氧量排放增长率反向≤0%-2.4%1515\n"
    )
    read = read_fused(text)
    assert _numbers(read) == [
        ("粪污处理设施配套规模养殖场", "≥45个", "20", "47个", "20"),
        ("设施建设完成时限", "11月底前", "10", "按期完成", "10"),
        ("项目区化学需氧量排放增长率", "≤0%", "15", "-2.4%", "15"),
    ]
    fell = read[2].actual
    assert fell is not None and text[fell.start : fell.end] == "-2.4%"
    # a range opens with its floor: with none capped before the dash, it stays one range
    ranged = fused.ranged_values(
        [
            fused._Token("value", "90%", 0, 3),
            fused._Token("text", "-", 3, 4),
            fused._Token("value", "100%", 4, 8),
        ]
    )
    assert [t.text for t in ranged] == ["90%-100%"]


def test_points_between_a_direction_and_the_target_are_read_and_full_marks_cut_a_deadline() -> None:
    # 指标性质 | 分值 | 年度指标值: a direction is a word, so the 分值 after it is a figure of its own;
    # `512月底前` cuts 5 | 12月底前 or 51 | 2月底前, and the met row's score 5 chooses 5
    text = (
        "2024年度畜禽粪污资源化利用项目支出绩效自评表\n"
        "一级指标二级指标三级指标指标性质分值年度指标值实际完成值得分偏差原因分析及改进措施"
        "产出指标数量指标粪污处理设施配套规模养殖场正向20≥45个47个20"
        "时效指标设施建设完成时限正向512月底前按期完成5"
        "成本指标亩均治理投入反向10≤800元/亩776元/亩10\n"
    )
    read = read_fused(text)
    assert _numbers(read) == [
        ("粪污处理设施配套规模养殖场", "≥45个", "20", "47个", "20"),
        ("设施建设完成时限", "12月底前", "5", "按期完成", "5"),
        ("亩均治理投入", "≤800元/亩", "10", "776元/亩", "10"),
    ]
    weight = read[1].weight
    assert weight is not None and (weight.start, weight.end) == (text.index("512月"), text.index("512月") + 1)
    assert fused._weight_before_date("512月底前12月底前5", 0) == 1  # the date met again, full marks
    assert fused._weight_before_date("512月底前未完成3", 0) is None  # not met: the score proves nothing
    # a comparator in the 性质 cell (`≥` | 15 | 800) still runs the points into the figure: not read
    compared = text.replace("正向20≥45个", "≥2045个").replace("正向", "").replace("反向", "")
    assert read_fused(compared) == []


def test_a_floor_of_last_year_and_a_time_limit_are_value_cells() -> None:
    # `≥上年` and `不低于上年水平` are word targets behind a comparator; `15日内` a time limit
    text = (
        "2023年度社区养老服务项目绩效自评表\n"
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
        "产出指标质量指标养老服务设施覆盖率≥上年97.2%2020"
        "时效指标服务需求响应时限15日内12日内1010"
        "满意度指标服务对象满意度指标入住老人满意度不低于上年水平94.5%2020\n"
    )
    read = read_fused(text)
    assert _numbers(read) == [
        ("养老服务设施覆盖率", "≥上年", "20", "97.2%", "20"),
        ("服务需求响应时限", "15日内", "10", "12日内", "10"),
        ("入住老人满意度", "不低于上年水平", "20", "94.5%", "20"),
    ]
    floor = read[2].target
    assert floor is not None and text[floor.start : floor.end] == "不低于上年水平"


def test_a_weight_glued_to_a_time_limit_met_is_cut_off_by_its_full_marks() -> None:
    # 分值 first: `1030日内` | `30日内` | `10` — the limit written again as its actual, full marks 10
    text = (
        "一级指标二级指标三级指标分值年度指标值实际完成值得分"
        "产出指标数量指标年度执法检查户次20≥1500户次1620户次20"
        "时效指标投诉举报办结时限1030日内30日内10\n"
    )
    read = read_fused(text)
    assert _numbers(read)[1] == ("投诉举报办结时限", "30日内", "10", "30日内", "10")
    assert read[1].notes == ("cells_split_by_pattern", "weight_cut_off_rate_target")
    # not met (`45日内`): nothing proves where the weight ends, and a limit of 1030 days is beyond
    # the year: the row's values are not placed
    unmet = text.replace("1030日内30日内10", "1030日内45日内6")
    assert _numbers(read_fused(unmet))[1] == ("投诉举报办结时限", None, None, None, None)

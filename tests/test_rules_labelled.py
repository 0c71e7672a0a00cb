"""Labelled result sentences: name, 年初目标值 …, 实际完成值 …, under level headings."""

from __future__ import annotations

from pipeline.extract.rules.labelled import read_labelled
from tests.rules_rows import rows_of

# The shape of a school's result list (new text).
RESULTS = """2.完成的绩效目标。
A产出指标(自评分28分)
(1)数量指标:
2023年教室照明改造资金80万,年初目标值80万,实际完成值80万。
(2)成本指标
改造成本控制率,年初目标值100%,实际完成值98%。
B效益指标
社会效益
年初目标值改善学生用眼环境与上年相比明显改善,实际完成值明显改善。
C满意度指标
家长对照明改造的满意度,年初目标值≥90%,实际完成值93.5%,扣0.5分。
"""


def test_sentences_levels_and_goal_splits() -> None:
    rows = rows_of(read_labelled(RESULTS))
    assert rows == [
        ("产出指标", "数量指标", "2023年教室照明改造资金", "80万", "80万"),
        ("产出指标", "成本指标", "改造成本控制率", "100%", "98%"),
        ("效益指标", "社会效益", "改善学生用眼环境", "与上年相比明显改善", "明显改善"),
        ("满意度指标", None, "家长对照明改造的满意度", "≥90%", "93.5%"),
    ]


def test_spans_point_at_the_text() -> None:
    first = read_labelled(RESULTS)[0]
    assert first.target is not None and first.actual is not None
    assert RESULTS[first.name.start : first.name.end] == "2023年教室照明改造资金"
    assert RESULTS[first.target.start : first.target.end] == "80万"
    assert (first.source_kind, first.confidence) == ("list", 0.7)


def test_a_sentence_without_an_actual_label_is_not_read() -> None:
    assert read_labelled("项目完成及时率,年初目标值100%。\n") == []


# The shape of a results list that numbers its items and states weight and score (new text).
NUMBERED = """（一）产出指标
数量指标：
1.巡查河道里程，年度指标值≥120公里，实际完成值126公里，分值10分，得分10分。
2.清理河道垃圾，年度指标值≥300吨，实际完成值286吨，分值20分，得分18.5分。
"""


def test_numbered_items_lose_their_number_and_keep_weight_and_score() -> None:
    found = read_labelled(NUMBERED)
    assert rows_of(found) == [
        ("产出指标", "数量指标", "巡查河道里程", "≥120公里", "126公里"),
        ("产出指标", "数量指标", "清理河道垃圾", "≥300吨", "286吨"),
    ]
    second = found[1]
    assert second.weight is not None and second.score is not None
    assert [(c.text, NUMBERED[c.start : c.end]) for c in (second.name, second.weight, second.score)] == [
        ("清理河道垃圾", "清理河道垃圾"),
        ("20", "20"),
        ("18.5", "18.5"),
    ]


def test_a_numbered_item_with_a_target_alone_is_a_declared_goal() -> None:
    text = "数量指标：\n3.举办公益讲座场次，年度指标值≥24场。\n四、绩效指标 三级指标 年度指标值 实际完成值\n"
    found = read_labelled(text)
    assert rows_of(found) == [(None, "数量指标", "举办公益讲座场次", "≥24场", None)]
    assert (found[0].weight, found[0].score) == (None, None)


def test_a_sentence_opening_with_its_level_takes_it_and_leaves_the_name() -> None:
    text = "（一）产出指标\n1.质量指标：道路养护检测合格率，年度目标值≥92%，实际完成值95%。\n"
    [found] = read_labelled(text)
    assert rows_of([found]) == [("产出指标", "质量指标", "道路养护检测合格率", "≥92%", "95%")]
    assert (found.name.start, found.name.end) == (text.index("道路"), text.index("，年度"))
    assert (found.level2.start, found.level2.end) == (text.index("质量指标"), text.index("：道路"))


def test_a_lead_in_holds_for_the_paragraphs_sentences() -> None:
    text = (
        "产出指标方面，巡河次数目标值≥240次，实际完成值251次；河道保洁合格率目标值≥90%，实际完成值93%。"
        "满意度指标方面，沿河群众满意度目标值≥85%，实际完成值91%。\n巡查车辆，目标值4辆，实际完成值4辆。\n"
    )
    assert rows_of(read_labelled(text)) == [
        ("产出指标", None, "巡河次数", "≥240次", "251次"),
        ("产出指标", None, "河道保洁合格率", "≥90%", "93%"),
        ("满意度指标", None, "沿河群众满意度", "≥85%", "91%"),
        (None, None, "巡查车辆", "4辆", "4辆"),
    ]


def test_a_result_stated_before_its_target_reads_the_value_ending_the_name() -> None:
    text = "数量指标：全年开展送戏下乡演出65场，目标值60场，完成率108%。\n3.读者满意度，年度指标值≥90%。\n"
    first, declared = read_labelled(text)
    assert rows_of([first, declared]) == [
        (None, "数量指标", "开展送戏下乡演出", "60场", "65场"),
        (None, None, "读者满意度", "≥90%", None),
    ]
    assert first.actual is not None and (first.actual.start, first.actual.end) == (
        text.index("65场"),
        text.index("65场") + 3,
    )


def test_a_result_stated_with_shi_ji_da_dao_or_shi_ji_wei_is_the_actual() -> None:
    text = (
        "（三）满意度指标\n受益农户满意度目标值≥92%，实际达到97.4%。\n河道水质达标率目标值85%，实际为88%。\n"
    )
    found = read_labelled(text)
    assert rows_of(found) == [
        ("满意度指标", None, "受益农户满意度", "≥92%", "97.4%"),
        ("满意度指标", None, "河道水质达标率", "85%", "88%"),
    ]
    actual = found[0].actual
    assert actual is not None and (actual.start, actual.end) == (text.index("97.4%"), text.index("97.4%") + 5)


def test_yu_qi_before_a_number_labels_the_target_and_a_header_yu_qi_mu_biao_does_not() -> None:
    text = "（二）满意度指标\n游客满意度预期达到90%以上，实际为94.5%。\n预期目标 实际完成情况 分值 得分\n"
    assert rows_of(read_labelled(text)) == [("满意度指标", None, "游客满意度", "达到90%以上", "94.5%")]


def test_shi_ji_straight_before_a_number_labels_the_actual() -> None:
    text = "（一）产出指标\n数量指标\n建设村级电商服务站预期≥20个，实际23个，完成率115%。\n"
    found = read_labelled(text)
    assert rows_of(found) == [("产出指标", "数量指标", "建设村级电商服务站", "≥20个", "23个")]
    actual = found[0].actual
    assert actual is not None and (actual.start, actual.end) == (text.index("23个"), text.index("23个") + 3)


def test_a_numbered_note_that_opens_with_a_column_label_is_no_indicator() -> None:
    """A form's 填报说明: each note opens with the column it explains, so nothing names an item."""
    notes = "填报说明\n1.年度指标值按批复的绩效目标填写。\n2.实际完成值按年末完成情况填写。\n"
    assert read_labelled(notes) == []


def test_a_numbered_goal_sentence_is_named_from_its_target() -> None:
    text = "（二）效益指标\n1.年初目标值提高农技服务水平与上年相比有所提高，实际完成值有所提高。\n"
    [found] = read_labelled(text)
    assert found.target is not None and found.actual is not None
    assert (found.name.text, found.name.start, found.name.end) == ("提高农技服务水平", 15, 23)
    assert (found.target.text, found.target.start) == ("与上年相比有所提高", 23)
    assert (found.actual.text, found.actual.start) == ("有所提高", text.index("有所提高。"))


def test_a_goal_labelled_by_目标_before_a_comparator_word_and_a_goals_year_is_no_value() -> None:
    text = "受益群众满意度目标不低于90%，实际达到95.3%。\n排涝工程项目年度目标:2024年汛期前完工。\n"
    found = read_labelled(text)
    assert rows_of(found) == [(None, None, "受益群众满意度", "不低于90%", "95.3%")]
    target = found[0].target
    assert target is not None and (target.start, target.end) == (9, 15)


def test_the_clauses_between_a_figure_actual_and_its_points_are_a_remark_on_it() -> None:
    text = (
        "质量指标：\n"
        "3.河道水质达标率，年度指标值≥90%，实际完成值93.4%，较上年提高2.1个百分点，分值15分，得分15分。\n"
        "4.河道保洁覆盖率，年度指标值100%，实际完成值98%，分值10分，得分9分。\n"
        "5.入河排污口整治数，年度指标值≥12个，实际完成值12个，未完成目标值以外的任务，分值5分，得分5分。\n"
    )
    found = read_labelled(text)
    actuals = [c.actual for c in found]
    remark = "93.4%，较上年提高2.1个百分点"
    at = text.index(remark)
    assert [(a.text, a.start, a.end) for a in actuals if a is not None] == [
        (remark, at, at + len(remark)),
        ("98%", text.index("98%"), text.index("98%") + 3),
        ("12个", text.index("12个，未"), text.index("12个，未") + 3),  # a clause with a label: as cut
    ]
    assert [(c.weight and c.weight.text, c.score and c.score.text) for c in found] == [
        ("15", "15"),
        ("10", "9"),
        ("5", "5"),
    ]


def test_an_item_whose_name_opens_with_digits_loses_its_number_where_the_next_item_follows() -> None:
    text = (
        "1.65岁及以上老年人中医药健康管理人数，年度指标值≥3200人，实际完成值3356人。\n"
        "2.0-6岁儿童中医药健康管理率，年度指标值≥70%，实际完成值74.6%。\n"
        "3.孕产妇建册率，年度指标值≥90%，实际完成值92%。\n"
        "5.5G基站巡检覆盖率，年度指标值100%，实际完成值100%。\n"
    )
    read = read_labelled(text)
    assert [(c.name.text, c.name.start, c.name.end) for c in read] == [
        ("65岁及以上老年人中医药健康管理人数", 2, 20),
        ("0-6岁儿童中医药健康管理率", text.index("0-6岁"), text.index("0-6岁") + 14),
        ("孕产妇建册率", text.index("孕产妇"), text.index("孕产妇") + 6),
        # no item 6 follows: `5.5` may be a decimal, so the name is left as written
        ("5.5G基站巡检覆盖率", text.index("5.5G"), text.index("5.5G") + 11),
    ]


def test_an_actual_in_the_clause_after_the_targets_semicolon_is_the_items_result() -> None:
    text = (
        "数量指标：\n"
        "（1）新修塘坝：目标值：≥8座；实际完成值：9座；已完成年度目标。\n"
        "（2）清淤疏浚河道：目标值：≥12公里；已列入下年度计划。\n"
    )
    read = read_labelled(text)
    assert [(c.name.text, c.target and c.target.text, c.actual and c.actual.text) for c in read] == [
        ("新修塘坝", "≥8座", "9座"),
        ("清淤疏浚河道", "≥12公里", None),  # a declared goal: the clause after it states no result
    ]
    first = read[0]
    assert first.actual is not None
    assert (first.name.start, first.name.end) == (text.index("新修塘坝"), text.index("新修塘坝") + 4)
    assert (first.actual.start, first.actual.end) == (text.index("9座"), text.index("9座") + 2)


def test_a_header_run_before_a_paired_cell_is_no_item_taking_the_cells_actual() -> None:
    # a form flattened onto one line: the header words lead up to the first row's paired cell
    text = (
        "一级指标 二级指标 三级指标 指标值及完成情况 分值 得分 产出指标 数量指标 "
        "临时救助人次 目标值：≥300人次；实际完成值：326人次 30 30\n"
    )
    assert read_labelled(text) == []

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

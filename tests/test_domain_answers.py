from __future__ import annotations

import pytest

from pipeline.domain.answers import is_done_answer, is_on_time_answer, judge_words


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        # deadlines written as dates
        ("2025年10月底前", "2025年9月18日", True),
        ("10月15日前完成", "10月20日完成", False),
        ("2025年底前", "2025年12月", True),
        ("10月底前", "按期完成", True),
        ("10月底前", "因审批延迟未完成", False),
        ("10月底前完成100%", "100%", None),  # an amount answers no date
        # deadlines written as words
        ("按期完成", "已按期完成。", True),
        ("及时", "是", True),
        ("当年完成", "全部完成", True),
        ("规定时限内办结", "部分事项办结滞后", False),
        ("按时", "未按时拨付", False),
        ("及时", "较为及时", True),
        ("按时", "基本", None),
        # yes/no and grades
        ("否", "否", True),
        ("否", "是", False),
        ("优", "优", True),
        ("良", "优秀", True),
        ("优", "良", False),
        ("较好", "好", True),
        ("好", "一般", False),
        ("较高", "高", True),
        ("高", "较高", False),
        ("低", "较低", None),  # a ceiling word: lower is better, no scale to rank it
        # phrases
        ("明显改善", "明显改善", True),
        ("逐步提升", "有所提升", None),
        ("有效提高", "达到预期", True),
        ("持续发挥", "是", True),
        ("明显改善", "未实现", False),
        ("有效提高", "基本达到", None),  # partly: a person weighs it
        ("定性", "达到", None),  # the column's kind word is no standard
        ("是", "已实现", None),
        ("持续发挥", "", None),
        ("", "是", None),
    ],
)
def test_judge_words(target: str, actual: str, expected: bool | None) -> None:
    assert judge_words(target, actual) is expected


def test_a_whole_cell_saying_a_task_was_done_is_an_answer() -> None:
    cells = ("已完成", " 已全部完成。", "完成", "按期完成", "按时完成", "未完成", "项目完成率", "")
    assert [is_done_answer(c) for c in cells] == [True, True, True, False, False, False, False, False]


def test_a_whole_cell_a_tasks_target_and_answer_are_both_written_in_is_an_on_time_answer() -> None:
    cells = (
        "按期完成",
        " 按时完成。",
        "如期完成",
        "及时完成",
        "按计划完成",
        "已完成",
        "按期完成率",
        "未按期完成",
        "",
    )
    assert [is_on_time_answer(c) for c in cells] == [True, True, True, True, True, False, False, False, False]

"""Judging a target that has no number: a deadline, a timeliness word, a yes/no or grade answer.

A form's 时效指标 and many 质量/效益/满意度 rows are answered in words. A careful reader judges
some of them at a glance and leaves the rest to a person:

    >>> judge_words("2023年12月底前", "2023年11月完成"), judge_words("6月30日前", "7月15日")
    (True, False)
    >>> judge_words("按时", "按时完成"), judge_words("及时", "未及时拨付"), judge_words("当年完成", "已完成")
    (True, False, True)
    >>> judge_words("是", "是"), judge_words("是", "否"), judge_words("达标", "达标")
    (True, False, True)
    >>> judge_words("良", "优"), judge_words("好", "较好"), judge_words("较好", "好")
    (True, False, True)
    >>> judge_words("有效提高", "明显改善") is None       # two phrasings: a person weighs them
    True
    >>> judge_words("持续发挥", "已实现"), judge_words("明显改善", "未达到预期")
    (True, False)
    >>> judge_words("低", "较低") is None                 # a ceiling word is not a grade scale
    True
"""

from __future__ import annotations

import re

from pipeline.domain.dates import find_date, on_or_before, starts_with_date

# A grade's rank, best first, across the scales forms use (优/良/中/差, 好/较好/一般, 高/较高):
# an actual at or above the target's rank meets it. 低/较低 are left out: a target `低` is a
# ceiling (投诉率低), where a lower word is the better one.
_GRADE_RANK: dict[str, int] = {
    "优": 0, "优秀": 0, "好": 0, "高": 0, "很好": 0,
    "良": 1, "良好": 1, "较好": 1, "较高": 1, "比较好": 1,
    "中": 2, "中等": 2, "一般": 2,
    "较差": 3,
    "差": 4,
}  # fmt: skip
GRADE_WORDS = tuple(_GRADE_RANK)  # for readers that must tell a grade answer from a name's words
_YES_NO = ("是", "否")
# Targets that ask for a task done on time (no date written): 按时, 及时, 按期完成, 当年完成 …
_ON_TIME_TARGET = re.compile(r"按时|及时|按期|如期|按计划|按进度|规定时[间限]|时限|当年|年内|年底|年末")
# Actuals saying the task was late or not done; checked before any word of completion.
_LATE = re.compile(r"未|没有|尚未|不及时|滞后|延期|延迟|推迟|逾期|超期|拖延")
# Actuals saying the task was done on time (not negated: `_LATE` is checked first).
_DONE = re.compile(r"按时|按期|如期|及时|提前|完成|到位|是")
_TRIM = " \t\u3000。.，,；;！!"
# Answers that say a stated standard (有效提高, 明显改善, 持续发挥) was reached, or was not.
_REACHED = frozenset(("是", "达到", "已达到", "达成", "已达成", "实现", "已实现", "达到预期", "达到预期目标"))
REACHED_ANSWERS = _REACHED  # for readers that must tell such an answer from a name's words
_NOT_REACHED = re.compile(r"^(?:否|未达到|未达成|未实现|没有达到)")
# Column words that say what kind of target a row has, not which standard: nothing to reach.
_KIND_WORDS = ("定性", "定量")
# Whole cells that say a task was done (`12月底前完成` | `已完成`): an actual in words, never an
# indicator's name, whatever the layout around them. Words a target is written in too (按时完成,
# 按期完成: what the task must be) are left out: this is the answer's past, 已 or 完成 alone.
DONE_ANSWERS = frozenset(
    ("完成", "已完成", "全部完成", "已全部完成", "已按期完成", "已按时完成", "提前完成", "已落实", "已到位")
)


# Whole cells a task's target and its answer are both written in (`12月底前` | `按期完成`, or
# `按期完成` | `按期完成`): a value in either column, never an indicator's name. Not a
# `DONE_ANSWERS` word: where the columns ran together, which of the two it is stays open.
ON_TIME_ANSWERS = frozenset(("按期完成", "按时完成", "如期完成", "及时完成", "按计划完成"))


def is_on_time_answer(cell: str) -> bool:
    """Whether a whole cell is a task's on-time target or answer (`按期完成`): a value cell.

    >>> is_on_time_answer("按期完成。"), is_on_time_answer("项目按期完成率")
    (True, False)
    """
    return cell.strip(_TRIM) in ON_TIME_ANSWERS


def is_done_answer(cell: str) -> bool:
    """Whether a whole cell says a task was done (`已完成`, `按期完成`): an actual in words.

    >>> is_done_answer(" 已完成 "), is_done_answer("按期完成"), is_done_answer("校舍维修改造完成率")
    (True, False, False)
    """
    return cell.strip(_TRIM) in DONE_ANSWERS


def _is_deadline(target: str) -> bool:
    return starts_with_date(target) or _ON_TIME_TARGET.search(target) is not None


def _judge_deadline(target: str, actual: str) -> bool | None:
    if _LATE.search(actual):
        return False
    if starts_with_date(target) and starts_with_date(actual):
        return on_or_before(find_date(actual), find_date(target))
    return True if _DONE.search(actual) else None


def _judge_answer(target: str, actual: str) -> bool | None:
    if target in _YES_NO and actual in _YES_NO:
        return False
    if target in _GRADE_RANK and actual in _GRADE_RANK:
        return _GRADE_RANK[actual] <= _GRADE_RANK[target]
    if target in _YES_NO or target in _GRADE_RANK or target in _KIND_WORDS:
        return None
    if actual in _REACHED:
        return True
    return False if _NOT_REACHED.match(actual) else None


def judge_words(target_raw: str, actual_raw: str) -> bool | None:
    """Whether the words of `actual_raw` meet a target written without a number (see module
    docstring); None when either is empty or a person has to weigh them."""
    target, actual = target_raw.strip(_TRIM), actual_raw.strip(_TRIM)
    if not target or not actual:
        return None
    if target == actual:
        return True
    if _is_deadline(target):
        return _judge_deadline(target, actual)
    return _judge_answer(target, actual)

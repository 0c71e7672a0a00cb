"""Header words of indicator and budget tables, and the column role each one names.

Matching is on the squashed cell text (spaces removed); the longest word that occurs wins, so
`偏差原因分析及改进措施` is a deviation column and `年度指标值` a target column:

    >>> header_role("年度指标值"), header_role("实际 完成值"), header_role("三级指标")
    ('target', 'actual', 'name')
    >>> header_role("门诊人次") is None
    True

A column qualified by part of the year or by a forecast (a 绩效目标执行监控表 halfway through the
year) states no figure of the year as it ended: its role is `partial`, so its figures fill neither
the spending, the execution rate nor an indicator's actual value, while the column keeps its place:

    >>> [budget_column_role(c) for c in ("1-7月执行数", "全年预计执行数", "全年执行数")]
    ['partial', 'partial', 'spent']
    >>> header_role("截至6月底完成值"), header_role("预计年底完成值"), header_role("全年实际完成值")
    ('partial', 'partial', 'actual')

Last year's result printed beside the year's (上年实际完成值 | 年度指标值 | 实际完成值) is no actual
of the year either: `partial` too.
"""

from __future__ import annotations

import functools
import re

from pipeline.domain.levels import squash

# Indicator table headers: column role → header words.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "指标内容"),
    "target": (
        "年度指标值",
        "指标目标值",
        "年初目标值",
        "年初指标值",
        "预期指标值",
        "目标值",
        "指标值",
        "预期值",
    ),
    "actual": ("实际完成值", "指标完成值", "全年实际值", "年终完成值", "完成值", "实际值"),
    "weight": ("分值", "权重"),
    "score": ("得分", "自评分", "自评得分"),
    "deviation": (
        "偏差原因分析及改进措施",
        "未完成原因分析及改进措施",
        "未完成原因及改进措施",
        "偏差原因",
        "原因分析",
        "未完成原因",
    ),
    "category": ("类别",),
    "op": ("指标性质",),  # the comparator column of the national form (≥ ≤ = 定性)
    "unit": ("度量单位", "计量单位"),
    "source": ("完成值来源",),
    "deviation_size": ("偏差情况",),
    # columns a province's form prints beside the values, that hold words, not values: whether a
    # higher or a lower figure is better (正向/反向), and how the row is scored or what it means
    "direction": ("指标方向",),
    "criteria": ("评分标准", "评分规则", "计分标准", "指标解释"),
    # a score scaled by the weight (单项指标得分 × 权重占比: 25 × 25 % = 6.25), derived from the
    # row's score: no score of its own, so it is never read as one (longer than 得分, it wins)
    "derived_score": ("折算得分", "折合得分"),
}
# Header words that name a column only as the whole cell (brackets aside), and only where a header
# row is looked for: the row's actual as a share of its target (完成率 105.4%), derived from the
# two — a value column of its own, so a row's figures are counted right, but neither its target
# nor its actual. Many indicators are named by a rate of completion (`年度重点任务完成率`, even
# `完成率` alone under 时效指标), so in a body row the word is a name (`header_role` is None).
WHOLE_CELL_WORDS: dict[str, tuple[str, ...]] = {"completion": ("完成率", "完成比例")}

# Words that name a column only as the whole header cell: a form's bare `单位` column is its
# 计量单位 (`单位 | 指标值`), while `实施单位`, `部门（单位）名称` name an agency, not a unit.
_WHOLE_CELL_WORDS: dict[str, str] = {"单位": "unit"}

# Budget table header words → column role, most specific first: the mixed
# 上年度结转及当年预算追加追减数 column is an adjustment, not a carry-over.
BUDGET_COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    ("追加追减", "adjustment"),
    ("调整数", "adjustment"),
    ("年初预算", "initial"),
    ("计划安排", "initial"),  # older project forms: 计划安排资金 is the year's planned allocation
    ("调整后预算", "adjusted"),
    ("调整预算", "adjusted"),
    ("全年预算", "adjusted"),
    ("预算数", "adjusted"),  # transfer-payment forms: 预算数(A) is the year's (adjusted) budget
    ("全年执行", "spent"),
    ("实际支出", "spent"),
    ("执行数", "spent"),
    ("执行率", "execution_rate"),
    ("上年结转", "carryover"),
    ("分值", "weight"),
    ("得分", "score"),
)

# The words of a direction column: whether more (正向) or less (反向) is better. Some systems print
# them under 指标方向, others under 指标性质 (the header the national form gives its comparators):
# a cell holding one is the row's direction, never its target nor its actual.
DIRECTION_WORDS = frozenset(("正向", "反向", "正向指标", "反向指标"))

PARTIAL_ROLE = "partial"
# Roles a part-year or forecast qualifier turns into `PARTIAL_ROLE` (a budget or a target stated
# for the year stays what it is).
_YEAR_END_ROLES = frozenset({"spent", "execution_rate", "actual"})
# 1-7月 / 1至9月 / 截至6月底 / 截止2024年8月 / 上半年 / 前三季度 / 预计 (a forecast is not an actual);
# a span to December (1-12月, 截至12月底) is the whole year.
_PART_YEAR = re.compile(
    r"(?<!\d)\d{1,2}\s*[-－—–~～至到]\s*(?:1[01]|[1-9])\s*月"
    r"|截[至止](?:\d{4}年)?(?:1[01]|[1-9])月|上半年|前[一二三]季度|预计"
)


# An indicator column of last year's result (上年实际完成值, 去年完成值): no figure of the year either.
# Budget columns are left alone: 上年结转 is money carried into this year.
_LAST_YEAR = re.compile(r"上年|上一年|去年|前一年")


def names_part_year(text: str) -> bool:
    """Whether `text` qualifies a figure by part of the year or as a forecast (`1-9月执行数`)."""
    return _PART_YEAR.search(text) is not None


def _year_end(role: str | None, text: str) -> str | None:
    """`role`, or `PARTIAL_ROLE` where the year-end `role` is qualified by part of the year."""
    return PARTIAL_ROLE if role in _YEAR_END_ROLES and _PART_YEAR.search(text) else role


_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_BY_LENGTH: tuple[tuple[str, str], ...] = tuple(
    sorted(((w, role) for role, words in HEADER_WORDS.items() for w in words), key=lambda p: -len(p[0]))
)


# The three lookups below are pure functions of a cell's text and a table repeats its cells (level
# words, units, 无) row after row: caching them keeps a 40,000-row table from testing every header
# word against the same text again.
@functools.lru_cache(maxsize=8192)
def header_role(cell: str) -> str | None:
    """The indicator-table role a header cell names, or None (see the module docstring)."""
    text = squash(cell)
    if text in _WHOLE_CELL_WORDS:
        return _WHOLE_CELL_WORDS[text]
    role = next((role for word, role in _BY_LENGTH if word in text), None)
    if role == "actual" and _LAST_YEAR.search(text):
        return PARTIAL_ROLE  # last year's result, printed beside the year's for comparison
    return _year_end(role, text)


def whole_cell_role(cell: str) -> str | None:
    """The role of a header cell that is one of `WHOLE_CELL_WORDS` whole (brackets aside):

    >>> whole_cell_role("完成率(%)"), whole_cell_role("年度任务完成率"), header_role("完成率")
    ('completion', None, None)
    """
    text = _BRACKETS.sub("", squash(cell))
    return next((role for role, words in WHOLE_CELL_WORDS.items() if text in words), None)


@functools.lru_cache(maxsize=8192)
def header_share(cell: str) -> float:
    """How much of a header cell its header word is, brackets aside: 1.0 for `年度指标值`,
    0.8 for `全年预算数(A)` (`全年预算`), 0.4 for an OCR run `指标三级指标年度指标`, 0.0 for no word."""
    text = _BRACKETS.sub("", squash(cell))
    if text in _WHOLE_CELL_WORDS:
        return 1.0
    words = [w for w, _ in _BY_LENGTH if w in text] + [w for w, _ in BUDGET_COLUMN_WORDS if w in text]
    return max((len(w) for w in words), default=0) / len(text) if text else 0.0


@functools.lru_cache(maxsize=8192)
def budget_column_role(cell: str) -> str | None:
    """The budget-table role of a header cell: `上年度结转及当年预算追加追减数` → 'adjustment'. The
    word written first in the cell wins (`得分(20分*执行率)` is a score column); at one place,
    the more specific word listed first."""
    text = squash(cell)
    words = enumerate(BUDGET_COLUMN_WORDS)
    hits = [(text.find(word), rank, role) for rank, (word, role) in words if word in text]
    return _year_end(min(hits)[2], text) if hits else None

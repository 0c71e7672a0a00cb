"""Units a quantity is written in, and which of them count things.

A target in 个 is answered by 12 期 or 11 项: counts of things compare with each other (judging
met, picking actuals), a count never compares with a duration or a percentage.

    >>> comparable_units("个", "期"), comparable_units("%", "％"), comparable_units("个", "%")
    (True, True, False)
"""

from __future__ import annotations

import functools
import re

from pipeline.domain.alternation import alternation

UNITS: tuple[str, ...] = (
    "%",
    "万元",
    "亿元",
    "元",
    "万",
    "个",
    "份",
    "次",
    "家次",
    "家",
    "人次",
    "户次",
    "剂次",
    "万人",
    "人",
    "期",
    "项",
    "篇",
    "条",
    "件",
    "天",
    "日",
    "个工作日",
    "工作日",
    "个月",
    "小时",
    "分钟",
    "秒",
    "年",
    "月",
    "平方米",
    "万平方米",
    "亩",
    "公斤",
    "吨",
    "万吨",
    "立方米",
    "万立方米",
    "平方公里",
    "万粒",
    "粒",
    "所",
    "户",
    "名",
    "批次",
    "批",
    "处",
    "台",
    "套",
    "场",
    "例",
    "分",
    "本",
    "张",
    "座",
    "公里",
    "米",
    "架",
    "起",
    "辆",
    "部",
    "万亩",
    "万人次",
    "集",
    "册",
    "株",
    "棵",
)
COUNT_UNITS: frozenset[str] = frozenset(
    (
        "个",
        "份",
        "次",
        "家",
        "家次",
        "户次",
        "项",
        "期",
        "篇",
        "条",
        "件",
        "人",
        "人次",
        "剂次",
        "场",
        "批",
        "批次",
        "处",
        "户",
        "名",
        "所",
        "架",
        "起",
        "辆",
        "部",
        "集",
        "册",
        "株",
        "棵",
        "套",
        "台",
        "座",
    )
)


# Units of a span of time: `10个工作日内` is a ceiling (`<=`), as `10分钟以内` is.
DURATION_UNITS: frozenset[str] = frozenset(
    ("个工作日", "工作日", "个月", "天", "日", "小时", "分钟", "秒", "年", "月")
)


# The second half of a rate unit (`小时/周`, `元/人`, `次/年`): a unit per period or per head is
# one unit, so `≥56小时/周` is 56 `小时/周`, never 56 小时 with `/周` left over.
PER_UNITS: tuple[str, ...] = (
    "年",
    "季度",
    "月",
    "周",
    "日",
    "天",
    "人次",
    "人",
    "户",
    "亩",
    "次",
    "所",
    "家",
    # what a cost is counted per besides a head or a period (`元/吨`, `元/平方米`, `元/公里`)
    "吨",
    "公斤",
    "公里",
    "平方米",
    "立方米",
    "米",
    "个",
    "件",
    "台",
    "套",
    "头",
    "只",
    "生",
    "床",
    "批次",
)


def unit_pattern() -> str:
    """A regular expression for one unit, longest first, a rate's `/per` part included."""
    units, per = alternation(UNITS), alternation(PER_UNITS)
    return rf"(?:{units})(?:[/／](?:{per}))?"


@functools.lru_cache(maxsize=1024)
def is_unit(text: str) -> bool:
    """Whether `text` is one unit and nothing else: a 计量单位 cell (`万平方米`, `元/人`, `%`).

    >>> is_unit("万平方米"), is_unit("元/人"), is_unit("定性"), is_unit("10个")
    (True, True, False, False)
    """
    return _UNIT_FULL.fullmatch(text.strip()) is not None


def unit_key(unit: str | None) -> str:
    """One spelling per unit: full-width `％` is `%`, surrounding spaces dropped, None is ''."""
    return (unit or "").strip().replace("％", "%")


def comparable_units(target: str | None, actual: str | None) -> bool:
    """Whether two units measure the same thing: equal (a missing one agrees), or both counts."""
    left, right = unit_key(target), unit_key(actual)
    if left == right or not left or not right:
        return True
    return left in COUNT_UNITS and right in COUNT_UNITS


_UNIT_FULL = re.compile(unit_pattern())

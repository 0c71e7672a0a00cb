"""Units a quantity is written in, and which of them count things.

A target in 个 is answered by 12 期 or 11 项: counts of things compare with each other (judging
met, picking actuals), a count never compares with a duration or a percentage.

    >>> comparable_units("个", "期"), comparable_units("%", "％"), comparable_units("个", "%")
    (True, True, False)
"""

from __future__ import annotations

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
    "人",
    "期",
    "项",
    "篇",
    "条",
    "件",
    "天",
    "日",
    "小时",
    "分钟",
    "秒",
    "年",
    "月",
    "平方米",
    "亩",
    "公斤",
    "吨",
    "万粒",
    "粒",
    "所",
    "户",
    "名",
    "批",
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
        "项",
        "期",
        "篇",
        "条",
        "件",
        "人",
        "人次",
        "场",
        "批",
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
    )
)


def unit_key(unit: str | None) -> str:
    """One spelling per unit: full-width `％` is `%`, surrounding spaces dropped, None is ''."""
    return (unit or "").strip().replace("％", "%")


def comparable_units(target: str | None, actual: str | None) -> bool:
    """Whether two units measure the same thing: equal (a missing one agrees), or both counts."""
    left, right = unit_key(target), unit_key(actual)
    if left == right or not left or not right:
        return True
    return left in COUNT_UNITS and right in COUNT_UNITS

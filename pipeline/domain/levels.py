"""Indicator levels: the 一级 and 二级 words of the national indicator framework.

A 三级 indicator sits under a 二级 (数量指标, 质量指标, …) which sits under a 一级 (产出指标, 效益指标,
满意度指标, 成本指标). Scored department forms use their own 一级 words (决策, 过程, 产出, 效益).

    >>> is_level_word("数量指标"), is_level_word("服务对象满意度指标等"), is_level_word("门诊人次")
    (True, True, False)
    >>> LEVEL2_PARENT["社会效益指标"]
    '效益指标'
"""

from __future__ import annotations

import re

LEVEL1_NAMES: tuple[str, ...] = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "决策",
    "过程",
    "履职",
    "效益",
    "满意度",
    "产出",
    "项目决策",
    "过程管理",
    "项目产出",
    "项目效益",
    "项目管理",
)
LEVEL2_NAMES: tuple[str, ...] = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "可持续发展指标",
    "服务对象满意度指标",
    "满意度指标",
)
# 二级 word → the 一级 it sits under in the standard framework (for forward-filling levels).
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "可持续发展指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
}
# Section words that name indicator material in prose (`**数量指标：**…`, `（1）社会效益指标：…`).
INDICATOR_SECTION_WORDS: tuple[str, ...] = (*LEVEL2_NAMES, "效益指标", "满意度指标", "产出指标")


def squash(text: str) -> str:
    """Whitespace removed: converters put spaces inside merged cells (`数 量 指 标`)."""
    return "".join(text.split())


_LEVEL_POINTS = re.compile(r"[(（]\d+(?:\.\d+)?分[)）]$")


# The words a department's own level word ends in (`履职效能`, `预算管理`, `重点工作`), and how
# long one is at most (`服务对象满意度`): a form's own 一级/二级 words are no framework words.
OWN_LEVEL_ENDINGS: tuple[str, ...] = ("工作", "管理", "效能", "效率", "效益", "满意度")
OWN_LEVEL_MAX = 10


def is_level_word(text: str) -> bool:
    """Whether a cell is a 一级 or 二级 word (spaces ignored, a trailing 等 allowed, and the level's
    points a scored form writes after it: `产出指标(50分)`)."""
    word = _LEVEL_POINTS.sub("", squash(text).removesuffix("等"))  # 服务对象满意度指标等
    return word in LEVEL1_NAMES or word in LEVEL2_NAMES

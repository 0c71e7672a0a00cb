"""Comparators: how a report writes ≥, ≤, >, <, = and the contract op each one stands for.

Three written forms: a symbol (`≥90%`, `\\geq 90%`), a word before the number (`不低于90%`) and a
word after it (`90%以上`). `达`/`达到` are comparators only in a *goal* ("确保整改率达98%" → `>=`);
in a *result* ("覆盖率达98%") the number is simply the value reached (evals/README.md, call 2):

    >>> prefix_op("不低于"), suffix_op("以内"), symbol_op("\\\\geq")
    ('>=', '<=', '>=')
    >>> prefix_op("达到", goal=True), prefix_op("达到", goal=False)
    ('>=', None)
"""

from __future__ import annotations

SYMBOL_OPS: dict[str, str] = {
    "≥": ">=",
    "≧": ">=",
    ">=": ">=",
    "=>": ">=",
    "≤": "<=",
    "≦": "<=",
    "<=": "<=",
    "=<": "<=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
    "=": "=",
    "＝": "=",
    "═": "=",
}
# LaTeX a converter leaves behind in formulas ($\geq 90\%$).
LATEX_OPS: dict[str, str] = {
    "\\geq": ">=",
    "\\ge": ">=",
    "\\leq": "<=",
    "\\le": "<=",
    "\\gt": ">",
    "\\lt": "<",
}
PREFIX_WORD_OPS: dict[str, str] = {
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "大于等于": ">=",
    "达到": ">=",
    "达": ">=",
    "不超过": "<=",
    "不高于": "<=",
    "不大于": "<=",
    "小于等于": "<=",
    "控制在": "<=",
    "高于": ">",
    "大于": ">",
    "超过": ">",
    "低于": "<",
    "小于": "<",
    "等于": "=",
}
SUFFIX_WORD_OPS: dict[str, str] = {
    "以上": ">=",
    "及以上": ">=",
    "以下": "<=",
    "及以下": "<=",
    "以内": "<=",
    "之内": "<=",
}
# Words that are a comparator only in a goal; in a result they just say the value was reached.
GOAL_ONLY_WORDS: frozenset[str] = frozenset(("达到", "达"))
# Words that make a sentence a goal (target) rather than a result (actual).
GOAL_WORDS: tuple[str, ...] = (
    "确保",
    "保证",
    "力争",
    "目标",
    "计划",
    "预计",
    "要求",
    "不低于",
    "至少",
    "努力",
    "均须",
    "必须",
    "应当",
)


def symbol_op(text: str) -> str | None:
    """The op of a comparator symbol (`≧`, `>=`, `\\geq`), else None."""
    return SYMBOL_OPS.get(text) or LATEX_OPS.get(text)


def prefix_op(word: str, goal: bool = True) -> str | None:
    """The op of a word written before the number; `达`/`达到` count only when `goal`."""
    if not goal and word in GOAL_ONLY_WORDS:
        return None
    return PREFIX_WORD_OPS.get(word)


def suffix_op(word: str) -> str | None:
    """The op of a word written after the number (`以上`, `以内`)."""
    return SUFFIX_WORD_OPS.get(word)


def is_goal(sentence: str) -> bool:
    """Whether a sentence states a goal: it holds a goal word (确保, 力争, 不低于, …)."""
    return any(word in sentence for word in GOAL_WORDS)

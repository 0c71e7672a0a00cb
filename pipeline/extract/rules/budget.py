"""Budget figures from sentences: 年初预算/当年下达, 上年结转, 全年预算, 实际支出, 执行率.

Each figure is the first amount written within a short distance after one of its key words,
in the same clause chain (never across 。；or a line break). Two guards keep distractors out:

- a figure for a category of spending ("其中人员类项目下达 74.73", "执行率 100%" in the same
  sentence) is a part, not the whole;
- 结余 counts as a carry-over only when a year names it ("2019年…资金结余414.06万元"); the 结余
  left at the end of the year ("结余 136 元已被财政收回") is not.

"此项资金已使用完毕" means everything was spent: spent = the adjusted budget, with the phrase as
its evidence. Amounts are converted to 万元; the execution rate is taken as written, never computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.rules.amounts import AMOUNT_RE, Found, amount_at
from pipeline.extract.rules.values import NUMBER, clean_number, to_number

_GAP = r"[^。；;\n]{0,30}?"
_KEYS: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算", "当年下达", "财政二下审核额度", "年初下达", "下达"),
    "carryover": (
        "上年结转",
        r"结转\d{4}年资金",
        r"\d{4}年结转资金",
        "结转资金",
        r"\d{4}年[^。；\n]{0,12}?结余",
    ),
    "adjusted": (
        "全年预算数合计",
        "全年预算数",
        "全年预算",
        "调整后预算数",
        "调整后预算",
        "调整预算数",
        "剩余指标",
        "全年可使用资金合计",
        "共计",
    ),
    "spent": ("全年执行数", "实际支出", "实际支付", "全市共支出", "共使用", "已使用", "共支出", "执行数为"),
}
# A rate of the whole: after a non-word character or a word naming the whole (预算执行率), never
# the tail of another indicator's name (集中采购执行率).
_RATE = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=预算)|(?<=资金)|(?<=项目))(?P<key>执行率|使用率|支出率)"
    r"\s*(?:为|达|是)?\s*(?P<num>" + NUMBER + r")\s*%"
)
_ADJUSTMENT_WORDS = re.compile(r"缩减|压减|追加|追减|调整|调减|结转|结余")
_ALL_SPENT = re.compile(r"(?:已使用完毕|已全部使用|全部支出完毕)")
_CATEGORY = re.compile(r"类项目|类支出")
_CLAUSE_END = re.compile(r"[。；;，,\n]")
_SENTENCE_END = re.compile(r"。")


@dataclass(frozen=True)
class BudgetFinding:
    initial: Found | None = None
    carryover: Found | None = None
    adjusted: Found | None = None
    spent: Found | None = None
    execution_rate: Found | None = None


def _in_category(text: str, pos: int, boundary: re.Pattern[str] = _CLAUSE_END) -> bool:
    """Whether the clause (or sentence) around `pos` is about one category of spending."""
    start = max((m.end() for m in boundary.finditer(text, max(0, pos - 120), pos)), default=max(0, pos - 120))
    return _CATEGORY.search(text, start, pos) is not None


def _first_amount(text: str, key: str, start: int, end: int) -> Found | None:
    pattern = re.compile("(?:" + key + ")" + _GAP + r"(?=" + AMOUNT_RE.pattern + ")")
    for m in pattern.finditer(text, start, end):
        amount = AMOUNT_RE.match(text, m.end())
        if amount and amount.end() <= end and not _in_category(text, m.start() + 1):
            return amount_at(amount)
    return None


def _figure(text: str, field: str, start: int, end: int) -> Found | None:
    """The figure of the first key word (in priority order) that states one."""
    for key in _KEYS[field]:
        found = _first_amount(text, key, start, end)
        if found is not None:
            return found
    return None


def _rate(text: str, start: int, end: int) -> Found | None:
    for m in _RATE.finditer(text, start, end):
        number = to_number(m.group("num"))
        bare = text[m.start("key") - 1 : m.start("key")] not in ("算", "金", "目")
        if number is not None and not (bare and _in_category(text, m.start(), _SENTENCE_END)):
            return Found(clean_number(number), m.start("num"), m.end())
    return None


def _all_spent(text: str, start: int, end: int, adjusted: Found | None) -> Found | None:
    m = _ALL_SPENT.search(text, start, end)
    return Found(adjusted.value, m.start(), m.end()) if m and adjusted else None


def find_budget(text: str, start: int = 0, end: int | None = None) -> BudgetFinding:
    """The budget stated in sentences within `text[start:end]` (one project's section)."""
    end = len(text) if end is None else end
    initial = _figure(text, "initial", start, end)
    adjusted = _figure(text, "adjusted", start, end)
    if adjusted is None and initial is not None and not _ADJUSTMENT_WORDS.search(text, start, end):
        adjusted = initial  # nothing was cut or added: the budget for the year is the initial one
    spent = _figure(text, "spent", start, end) or _all_spent(text, start, end, adjusted)
    return BudgetFinding(
        initial=initial,
        carryover=_figure(text, "carryover", start, end),
        adjusted=adjusted,
        spent=spent,
        execution_rate=_rate(text, start, end),
    )

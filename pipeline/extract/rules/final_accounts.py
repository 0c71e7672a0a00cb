"""The budget of a department's final accounts (部门决算): the template's own sentence.

Every 部门决算 follows the national template, whose section on general-budget appropriations
states the year's budget and what became of it in one sentence:

    一般公共预算财政拨款支出年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%。

→ initial 10210.34, spent 9746.50, execution_rate 95.45 (of the initial budget, as written). No
budget for the year (调整后预算) is stated, so `adjusted` stays empty. The document's other totals
(本年收入合计, 本年支出合计) count income and spending of every source, last year's balances
included: set beside the 年初预算 they compare figures of different scopes (spending above the
budget), so where this sentence is found it stands for every figure read from sentences; a budget
form the document holds still comes first, as in any report.

PDF text cuts the sentence with line breaks anywhere (`支\\n出决算为`); the blank template's
placeholders (`年初预算为XXX万元`) and a text layer that lost its figures (`年初预算为万元`) hold
no amount and give nothing.
"""

from __future__ import annotations

import re

from pipeline.domain.amounts import AMOUNT_RE
from pipeline.domain.numbers import NUMBER, clean_number, parse_number
from pipeline.extract.rules.amounts import Found, amount_at
from pipeline.extract.rules.budget import BudgetFinding


def _spaced(words: str) -> str:
    """`words` with any whitespace between its characters (a PDF line may break anywhere)."""
    return r"\s*".join(map(re.escape, words))


_INITIAL = re.compile(_spaced("一般公共预算财政拨款支出年初预算为") + r"\s*")
_SPENT = re.compile(r"\s*[，,]\s*" + _spaced("支出决算为") + r"\s*")
_RATE = re.compile(r"\s*[，,]\s*" + _spaced("完成年初预算的") + r"\s*(?P<num>" + NUMBER + r")\s*[%％]")


# A final accounts names itself in a title line at its top, at the line's end (`某区水务局2024年度
# 部门决算`, `…单位决算公开`); an evaluation report citing 部门决算收支完成情况 in its text is none.
_FINAL_ACCOUNTS_TITLE = re.compile(
    r"^[^\n]{0,40}(?:(?:部门|单位)决算(?:公开|说明|报告)?|决算(?:公开|说明))[ \t]*$", re.MULTILINE
)
_TITLE_CHARS = 300


def is_final_accounts(text: str) -> bool:
    """Whether `text` is a department's final accounts: its top names one, or it holds the
    template's budget sentence. Its prose on performance (十、预算绩效管理情况: `共涉及项目16个…
    平均得分97.85分`, a sentence on one project an evaluation covered) summarises evaluations
    published elsewhere — no indicator of its own; a table of targets it holds is still read."""
    return bool(_FINAL_ACCOUNTS_TITLE.search(text, 0, _TITLE_CHARS) or _INITIAL.search(text))


def _amount(text: str, pos: int, end: int) -> Found | None:
    m = AMOUNT_RE.match(text, pos, end)
    return amount_at(m) if m else None


def find_final_accounts_budget(text: str, start: int = 0, end: int | None = None) -> BudgetFinding | None:
    """The budget the template's sentence states within `text[start:end]`, or None (docstring)."""
    end = len(text) if end is None else end
    lead = _INITIAL.search(text, start, end)
    if lead is None or (initial := _amount(text, lead.end(), end)) is None:
        return None
    link = _SPENT.match(text, initial.end, end)
    spent = _amount(text, link.end(), end) if link else None
    if spent is None:
        return None
    rate = None
    if (m := _RATE.match(text, spent.end, end)) and (number := parse_number(m.group("num"))) is not None:
        rate = Found(clean_number(number), m.start("num"), m.end())
    return BudgetFinding(initial=initial, spent=spent, execution_rate=rate)

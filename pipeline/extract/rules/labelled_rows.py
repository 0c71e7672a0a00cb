"""Budget lines of a form whose every cell carries its row's label (labelled rows).

Some forms print the budget block as rows of cells that each repeat the row label before their
figure, one cell per column group; the first row's labels are the column words themselves and
may end with the execution rate:

    预算数 20.5 到位数 20.5 执行数 18.45 90.00
    其中:财政资金 20.5 其中:财政资金 20.5 其中:财政资金 18.45
    其他 0.00 其他 0.00 其他 0.00

→ lines 预算数 (adjusted 20.5, spent 18.45, rate 90), 财政资金 (20.5, 18.45), 其他 (0, 0).
Each column is mapped by the first row's word (`budget_column_role`); a column whose word names
no budget figure (到位数: money received) is skipped. A row belongs to the block only when it
repeats one label once per column; the block ends at the first row that does not.
"""

from __future__ import annotations

import re

from pipeline.domain.amounts import read_amount
from pipeline.domain.headers import BUDGET_COLUMN_WORDS, budget_column_role
from pipeline.domain.numbers import clean_number
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget_table import BudgetLineFinding

_PAIR = re.compile(r"(?P<label>[^\s\d.%]+) *(?P<num>\d+(?:\.\d+)?)(?![\d.%])")
_RATE_TAIL = re.compile(r" +(?P<num>\d+(?:\.\d+)?) *%? *$")
_SUB_ROW = re.compile(r"^其中[:：]?")
_LINE = re.compile(r"[^\n]+")
_SPENT_WORD = re.compile("|".join(re.escape(w) for w, role in BUDGET_COLUMN_WORDS if role == "spent"))


def _pairs(text: str, start: int, end: int) -> list[re.Match[str]] | None:
    """The (label, figure) cells filling `text[start:end]` from its start, or None.

    Each cell is matched where the previous one ends (after spaces), never searched for: a line
    of prose fails at its first word instead of being scanned from every character."""
    pairs, pos = [], start
    while (pos := _skip_spaces(text, pos, end)) < end:
        m = _PAIR.match(text, pos, end)
        if m is None:
            return None
        pairs.append(m)
        pos = m.end()
    return pairs or None


def _skip_spaces(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _amount(m: re.Match[str]) -> Found | None:
    value = read_amount(m.group("num"))
    return None if value is None else Found(value, m.start("num"), m.end("num"))


def _header(
    text: str, start: int, end: int
) -> tuple[list[re.Match[str]], list[str | None], Found | None] | None:
    """The first row's cells, their column roles (a budget figure and the spending) and its rate."""
    tail = _RATE_TAIL.search(text, start, end)
    pairs = _pairs(text, start, tail.start() if tail else end)
    if pairs is None or len(pairs) < 2:
        return None
    roles = [budget_column_role(p.group("label")) for p in pairs]
    if "spent" not in roles or not {"initial", "adjusted"} & set(roles):
        return None
    rate = Found(clean_number(float(tail.group("num"))), tail.start("num"), tail.end("num")) if tail else None
    return pairs, roles, rate


def _line(
    pairs: list[re.Match[str]], roles: list[str | None], name: Found, rate: Found | None = None
) -> BudgetLineFinding:
    figures = {role: _amount(p) for p, role in zip(pairs, roles, strict=True) if role}
    return BudgetLineFinding(
        name=name,
        initial=figures.get("initial"),
        adjusted=figures.get("adjusted"),
        spent=figures.get("spent"),
        execution_rate=rate,
    )


def _name(label: re.Match[str]) -> Found:
    """A row's label without the 其中: that marks it as a part of the row above."""
    lead = _SUB_ROW.match(label.group("label"))
    cut = lead.end() if lead else 0
    return Found(label.group("label")[cut:], label.start("label") + cut, label.end("label"))


def find_labelled_rows(text: str) -> list[BudgetLineFinding]:
    """The lines of the first labelled-row budget block in `text` (see the module docstring)."""
    rows = list(_LINE.finditer(text))
    for index, row in enumerate(rows):
        if not _SPENT_WORD.search(text, row.start(), row.end()):
            continue  # a header names the spending (most lines: one search, no cells read)
        header = _header(text, row.start(), row.end())
        if header is None:
            continue
        first, roles, rate = header
        lines = [_line(first, roles, _name(first[0]), rate)]
        for below in rows[index + 1 :]:
            pairs = _pairs(text, below.start(), below.end())
            if pairs is None or len(pairs) != len(roles) or len({p.group("label") for p in pairs}) != 1:
                break
            lines.append(_line(pairs, roles, _name(pairs[0])))
        return lines
    return []

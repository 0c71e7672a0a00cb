"""A budget table whose cells ran together (OCR of a form's 项目资金 grid), read only where the
digits prove the split.

    年初预算数全年预算数全年执行数分值执行率得分年度资金总额2456.182456.182456.1810100%10

The header's column words give the columns (initial, adjusted, spent, weight, execution_rate,
score). After the total row's label (年度资金总额) comes one run of digits. The run is split only
when the amount columns hold one amount written again and again — `2456.18` three times — and
what is left reads as the remaining columns in order (`10` | `100%` | `10`). Any other run is
left unread: which digits belong to which cell cannot be told.

The total row is also the table's first budget line (judgement call 23), and each row right after
it whose run splits the same way is one more, named by its label without the `其中:` lead-in:

    年度资金总额86.286.2100%其中:市级补助资金86.286.2100%其他资金年度总体目标…

→ lines 年度资金总额 and 市级补助资金 (86.2 | 86.2 | 100 %); 其他资金 has no run after it (a
template row) and ends the table.

A monitoring form's part-year and forecast columns (`1-7月执行数`, `全年预计执行数`) are `partial`:
they have no slot in the split, so a run over them is left unread rather than read as spending.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.domain.amounts import read_amount, read_percent
from pipeline.domain.headers import BUDGET_COLUMN_WORDS, PARTIAL_ROLE, budget_column_role
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.budget_table import BudgetLineFinding
from pipeline.extract.rules.fused import repaired_text, squashed, squashed_text
from pipeline.extract.rules.vocab import BUDGET_TOTAL_ROWS

_MONEY = ("initial", "adjusted", "spent")
_HEADER_GAP = 8  # characters between two column words of one header ((A), (万元) …)
_WORDS = sorted(BUDGET_COLUMN_WORDS, key=lambda pair: -len(pair[0]))
# One alternation in that order: at each position the longest word there wins.
_WORD = re.compile("|".join(re.escape(word) for word, _ in _WORDS))
_ROLE = dict(reversed(_WORDS))  # a word listed twice keeps its first role
_TOTAL = re.compile("(?P<label>" + "|".join(BUDGET_TOTAL_ROWS) + r")[:：]?")
_RUN = re.compile(r"[\d.%]+")
# The label of a row after the total: a part of it (其中:), a few words, then its run at once.
_NEXT_ROW = re.compile(r"(?:其中[:：]?)?(?P<label>[\u4e00-\u9fff、，,()（）]{2,20}?)[:：]?(?=[\d.])")
_LINE_FIELDS = (*_MONEY, "execution_rate")
_REST = {
    "weight": r"(?P<weight>\d{1,2})",  # a form gives budget execution at most a few tens of points
    "execution_rate": r"(?P<execution_rate>(?:100|[1-9]?\d)(?:\.\d+)?%)",  # a rate as written, 0–100 %
    "score": r"(?P<score>\d{1,2}(?:\.\d+)?)",
}


def _qualified_role(flat: str, hit: re.Match[str], after: int) -> str:
    """The role of a column word with what is written before it (since the last word): a
    part-year or forecast column (`1-7月执行数`, `全年预计执行数`) is `partial`, no spending."""
    before = flat[max(after, hit.start() - _HEADER_GAP, 0) : hit.start()]
    return PARTIAL_ROLE if budget_column_role(before + hit.group(0)) == PARTIAL_ROLE else _ROLE[hit.group(0)]


def _columns(flat: str) -> tuple[list[str], int] | None:
    """The roles of the first run of budget column words (and where it ends), if it names two
    amount columns or more. Words are found by one search (`_WORD`), not tried at each position."""
    roles: list[str] = []
    end = -1
    for hit in _WORD.finditer(flat):
        if roles and hit.start() - end > _HEADER_GAP:
            break
        roles.append(_qualified_role(flat, hit, end))
        end = hit.end()
    money = [r for r in roles if r in _MONEY]
    return (roles, end) if len(money) >= 2 else None


def _split(run: str, roles: list[str]) -> dict[str, tuple[int, int]] | None:
    """Offsets in `run` of each column's cell, when one amount repeats over the amount columns."""
    money = [r for r in roles if r in _MONEY]
    if roles[: len(money)] != money:
        return None
    for size in range(3, len(run) // len(money) + 1):
        amount = run[:size]
        if not re.fullmatch(r"\d+\.\d{1,2}", amount) or not run.startswith(amount * len(money)):
            continue
        rest = run[size * len(money) :]
        tail = re.fullmatch("".join(_REST[r] for r in roles[len(money) :] if r in _REST), rest)
        if tail is None:
            continue
        cells = {role: (i * size, (i + 1) * size) for i, role in enumerate(money)}
        base = size * len(money)
        cells.update({role: (base + tail.start(role), base + tail.end(role)) for role in tail.groupdict()})
        return cells
    return None


def _row(
    flat: str, where: Sequence[int], label: re.Match[str], roles: list[str]
) -> tuple[BudgetLineFinding, int] | None:
    """The row whose label `label` matched (group `label`) and where its run ends, when the run
    right after the label splits."""
    run = _RUN.match(flat, label.end())
    cells = _split(run.group(0), roles) if run else None
    if run is None or cells is None:
        return None
    found: dict[str, Found] = {}
    for role, (a, b) in cells.items():
        piece = run.group(0)[a:b]
        value = read_percent(piece) if role == "execution_rate" else read_amount(piece)
        if value is not None and role in _LINE_FIELDS:
            found[role] = Found(value, where[run.start() + a], where[run.start() + b - 1] + 1)
    a, b = label.span("label")
    return BudgetLineFinding(name=Found(flat[a:b], where[a], where[b - 1] + 1), **found), run.end()


def _rows(text: str) -> list[BudgetLineFinding]:
    """The total row and the rows right after it that split the same way (module docstring)."""
    repaired = repaired_text(text)
    flat = squashed(repaired)
    header = _columns(flat)
    label = _TOTAL.search(flat, header[1]) if header else None
    if header is None or label is None:
        return []  # most texts: no offsets needed
    flat, where = squashed_text(repaired)
    rows: list[BudgetLineFinding] = []
    while header is not None and label is not None and (row := _row(flat, where, label, header[0])):
        rows.append(row[0])
        label = _NEXT_ROW.match(flat, row[1])
    return rows


def find_fused_budget(text: str) -> tuple[BudgetFinding | None, list[BudgetLineFinding]]:
    """The project budget (the total row) and the budget lines of a fused budget table (module
    docstring); `(None, [])` when there is none."""
    rows = _rows(text)
    if not rows:
        return None, []
    total = rows[0]
    budget = BudgetFinding(
        initial=total.initial, adjusted=total.adjusted, spent=total.spent, execution_rate=total.execution_rate
    )
    return budget, rows

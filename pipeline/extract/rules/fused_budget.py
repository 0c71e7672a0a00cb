"""A budget table whose cells ran together (OCR of a form's 项目资金 grid), read only where the
digits prove the split.

    年初预算数全年预算数全年执行数分值执行率得分年度资金总额2456.182456.182456.1810100%10

The header's column words give the columns (initial, adjusted, spent, weight, execution_rate,
score). After the total row's label (年度资金总额) comes one run of digits. The run is split only
when the amount columns hold one amount written again and again — `2456.18` three times — and
what is left reads as the remaining columns in order (`10` | `100%` | `10`). Any other run is
left unread: which digits belong to which cell cannot be told.
"""

from __future__ import annotations

import re

from pipeline.domain.amounts import read_amount, read_percent
from pipeline.domain.headers import BUDGET_COLUMN_WORDS
from pipeline.domain.ocr import repair_digits
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.fused import squashed_text
from pipeline.extract.rules.vocab import BUDGET_TOTAL_ROWS

_MONEY = ("initial", "adjusted", "spent")
_HEADER_GAP = 8  # characters between two column words of one header ((A), (万元) …)
_WORDS = sorted(BUDGET_COLUMN_WORDS, key=lambda pair: -len(pair[0]))
# One alternation in that order: at each position the longest word there wins.
_WORD = re.compile("|".join(re.escape(word) for word, _ in _WORDS))
_ROLE = dict(reversed(_WORDS))  # a word listed twice keeps its first role
_TOTAL = re.compile("(?:" + "|".join(BUDGET_TOTAL_ROWS) + r")[:：]?")
_RUN = re.compile(r"[\d.%]+")
_REST = {
    "weight": r"(?P<weight>\d{1,2})",  # a form gives budget execution at most a few tens of points
    "execution_rate": r"(?P<execution_rate>(?:100|[1-9]?\d)(?:\.\d+)?%)",  # a rate as written, 0–100 %
    "score": r"(?P<score>\d{1,2}(?:\.\d+)?)",
}


def _columns(flat: str) -> tuple[list[str], int] | None:
    """The roles of the first run of budget column words (and where it ends), if it names two
    amount columns or more. Words are found by one search (`_WORD`), not tried at each position."""
    roles: list[str] = []
    end = -1
    for hit in _WORD.finditer(flat):
        if roles and hit.start() - end > _HEADER_GAP:
            break
        roles.append(_ROLE[hit.group(0)])
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


def find_fused_budget(text: str) -> BudgetFinding | None:
    """The total row of a fused budget table (module docstring), or None."""
    repaired = repair_digits(text).text
    flat, where = squashed_text(repaired)
    header = _columns(flat)
    if header is None:
        return None
    roles, end = header
    total = _TOTAL.search(flat, end)
    run = _RUN.match(flat, total.end()) if total else None
    cells = _split(run.group(0), roles) if run else None
    if run is None or cells is None:
        return None
    found: dict[str, Found] = {}
    for role, (a, b) in cells.items():
        piece = run.group(0)[a:b]
        value = read_percent(piece) if role == "execution_rate" else read_amount(piece)
        if value is not None and (role in _MONEY or role == "execution_rate"):
            found[role] = Found(value, where[run.start() + a], where[run.start() + b - 1] + 1)
    return BudgetFinding(
        initial=found.get("initial"),
        adjusted=found.get("adjusted"),
        spent=found.get("spent"),
        execution_rate=found.get("execution_rate"),
    )

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

Where the amounts differ, the figures themselves can still prove the cut (`_proved_rows`):

    全年预算数（A）全年执行数（B）执行率（B/A）年度资金总额：18501786.296.55%其中：中央资金15001462.597.50%

- a row that writes its execution rate proves the one cut whose spending over its budget (全年预算数,
  else 年初预算数) rounds to that rate: `1850 | 1786.2 | 96.55%` (1786.2 / 1850 = 96.551 %), where
  `1850 | 1786.29 | 6.55%` does not; a 分值 is at least 1 and a 得分 never above it;
- rows after the total without a rate (`其中：基本支出1860.51902.31902.3项目支出14001510.51447.8`)
  are proved together when exactly one choice of their cuts adds up, column by column, to the
  total's figures (1860.5 + 1400 = 3260.5, …); a single source row then equals the total.

Each amount is written with at most two decimals (万元 to the yuan). A row with two proved cuts,
or rows with two sums that hold, are left unread.

A monitoring form's part-year and forecast columns (`1-7月执行数`, `全年预计执行数`) are `partial`:
they have no slot in the split, so a run over them is left unread rather than read as spending.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.domain.amounts import read_amount, read_percent
from pipeline.domain.headers import BUDGET_COLUMN_WORDS, PARTIAL_ROLE, budget_column_role
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.budget_table import YUAN_NOTE, BudgetLineFinding
from pipeline.extract.rules.fused import KeptOffsets, repaired_text, squashed, squashed_offsets
from pipeline.extract.rules.fused_split import weight_score_cut
from pipeline.extract.rules.vocab import BUDGET_TOTAL_ROWS, SELF_SCORE_ROW_WORDS

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
_AMOUNT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d{1,2})?")
_SUM_TOLERANCE = 0.005  # half a fen-place of 万元 written to two decimals
_MAX_CUTS = 64  # cuts of one row's run kept for the sum (a longer list is no reading)
_MAX_COMBINATIONS = 20000
_MAX_ROWS = 6  # rows after the total proved together
# The form's 总分 row with its full mark and score run together (总分10097.98: 100 | 97.98).
_SCORE_ROW = re.compile("(?:" + "|".join(SELF_SCORE_ROW_WORDS) + r")[:：]?(?P<run>\d[\d.]*)")
_YEAR_END = re.compile(r"(?<=\d)(?:19|20)\d{2}$")  # a year closing a run, a 年 right after it
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


def _tail(roles: list[str]) -> re.Pattern[str] | None:
    """The pattern of the columns after the amounts (`_REST`, in order); None where a header
    names one of them twice (which cell is which cannot be told)."""
    rest = [r for r in roles if r in _REST]
    return re.compile("".join(_REST[r] for r in rest)) if len(set(rest)) == len(rest) else None


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
        pattern = _tail(roles[len(money) :])
        tail = pattern.fullmatch(rest) if pattern else None
        if tail is None:
            continue
        cells = {role: (i * size, (i + 1) * size) for i, role in enumerate(money)}
        base = size * len(money)
        cells.update({role: (base + tail.start(role), base + tail.end(role)) for role in tail.groupdict()})
        return cells
    return None


def _money_cuts(run: str, count: int, at: int = 0) -> list[list[tuple[int, int]]]:
    """Every way `run` (from `at`) opens with `count` amounts, as spans; the rest follows."""
    if count == 0:
        return [[]]
    out = []
    for end in range(at + 1, len(run) + 1):
        if _AMOUNT.fullmatch(run, at, end):
            out += [[(at, end), *rest] for rest in _money_cuts(run, count - 1, end)]
    return out


def _rate_fits(rate: str, spent: float, budget: float) -> bool:
    """Whether a written rate (`96.55%`) is `spent / budget` rounded or cut to its decimals. A
    form writes a rate precise enough to show spending: `0%` over money spent is no reading."""
    written = float(rate.rstrip("%"))
    step = 10.0 ** -len(rate.rstrip("%").partition(".")[2])
    if budget <= 0 or (spent > 0 and written == 0):
        return False
    computed = spent / budget * 100
    return abs(computed - written) <= step / 2 + 1e-9 or written <= computed < written + step


def _fits(run: str, cells: dict[str, tuple[int, int]]) -> bool:
    """A cut's figures agree: a 分值 is ≥ 1, a 得分 not above it, and a rate is the spending's."""
    value = {role: run[a:b] for role, (a, b) in cells.items()}
    if "weight" in value and (
        int(value["weight"]) < 1 or float(value.get("score", 0)) > int(value["weight"])
    ):
        return False
    budget = value.get("adjusted", value.get("initial"))
    if "execution_rate" in value:
        return (
            "spent" in value
            and budget is not None
            and _rate_fits(value["execution_rate"], float(value["spent"]), float(budget))
        )
    return True


def _cuts(run: str, roles: list[str], bare: bool) -> list[dict[str, tuple[int, int]]]:
    """Every cut of a row's run into its amount columns, then either the rest of the columns
    (`_REST`, in order) or — for a row after the total (`bare`) — nothing; only cuts that `_fits`."""
    money = [r for r in roles if r in _MONEY]
    if roles[: len(money)] != money:
        return []
    tail = _tail(roles[len(money) :])
    if tail is None:
        return []
    out = []
    for spans in _money_cuts(run, len(money)):
        cells = dict(zip(money, spans, strict=True))
        base = spans[-1][1]
        rest = tail.fullmatch(run, base)
        if rest is not None and rest.groupdict():
            cells.update({role: (rest.start(role), rest.end(role)) for role in rest.groupdict()})
        elif not (bare and base == len(run)):
            continue
        if _fits(run, cells):
            out.append(cells)
    return out


Cells = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class _Run:
    """A row's label (group `label`), its run of digits, and its cuts; `proved` when the run
    proves its one cut by itself (an amount repeated, or the row's own rate)."""

    label: re.Match[str]
    run: re.Match[str]
    cuts: list[Cells]
    proved: bool


def _read_run(flat: str, label: re.Match[str], roles: list[str], bare: bool) -> _Run | None:
    """The run right after `label` with its cuts, or None when there is none or no cut fits."""
    run = _RUN.match(flat, label.end())
    if run is None:
        return None
    repeated = _split(run.group(0), roles)
    if repeated is not None:
        return _Run(label, run, [repeated], True)
    cuts = _cuts(run.group(0), roles, bare)
    if not cuts or len(cuts) > _MAX_CUTS:
        return None
    proved = len(cuts) == 1 and "execution_rate" in cuts[0]
    return _Run(label, run, cuts, proved)


def _line(flat: str, where: KeptOffsets, row: _Run, cells: Cells, unit: str = "万元") -> BudgetLineFinding:
    """The budget line of `row` cut as `cells`, each figure with its span in the text, amounts
    written in `unit` read in 万元."""
    found: dict[str, Found] = {}
    start = row.run.start()
    for role, (a, b) in cells.items():
        piece = row.run.group(0)[a:b]
        value = read_percent(piece) if role == "execution_rate" else read_amount(piece, unit)
        if value is not None and role in _LINE_FIELDS:
            found[role] = Found(value, where[start + a], where[start + b - 1] + 1)
    a, b = row.label.span("label")
    return BudgetLineFinding(name=Found(flat[a:b], where[a], where[b - 1] + 1), **found)


def _money(run: str, cells: Cells) -> tuple[float, ...]:
    return tuple(float(run[a:b]) for role, (a, b) in cells.items() if role in _MONEY)


def _adds_up(total: tuple[float, ...], amounts: Sequence[tuple[float, ...]]) -> bool:
    """Whether the parts' `amounts` (one tuple per part, as cut) add up to `total` in every
    amount column."""
    columns = zip(*amounts, strict=True)
    return all(
        abs(sum(column) - whole) <= _SUM_TOLERANCE for whole, column in zip(total, columns, strict=True)
    )


def _summed(total: tuple[float, ...], parts: list[_Run]) -> list[Cells] | None:
    """The one choice of the parts' cuts whose amounts add up to `total`, column by column. Each
    cut's amounts are read once, not once per choice it is in; the search stops at a second
    choice that holds (then no choice is read)."""
    if math.prod(len(p.cuts) for p in parts) > _MAX_COMBINATIONS:
        return None
    options = [[(c, _money(p.run.group(0), c)) for c in p.cuts] for p in parts]
    found: list[tuple[tuple[Cells, tuple[float, ...]], ...]] = []
    for choice in itertools.product(*options):
        if _adds_up(total, [amounts for _, amounts in choice]):
            found.append(choice)
            if len(found) > 1:
                return None
    return [cells for cells, _ in found[0]] if found else None


def _parts(flat: str, after: int, roles: list[str]) -> list[_Run]:
    """The rows right after the total that have a run with a cut (at most `_MAX_ROWS`)."""
    parts: list[_Run] = []
    label = _NEXT_ROW.match(flat, after)
    while label is not None and len(parts) < _MAX_ROWS and (part := _read_run(flat, label, roles, True)):
        parts.append(part)
        label = _NEXT_ROW.match(flat, part.run.end())
    return parts


def _rows_after(total: _Run, parts: list[_Run]) -> list[tuple[_Run, Cells]]:
    """The rows after the total that are read: the longest run of them that adds up to the total
    (one way only), or else the leading rows that prove their own cut."""
    whole = _money(total.run.group(0), total.cuts[0])
    for count in range(len(parts), 0, -1):
        choice = _summed(whole, parts[:count])
        if choice is not None:
            return list(zip(parts[:count], choice, strict=True))
    proved = itertools.takewhile(lambda p: p.proved, parts)
    return [(p, p.cuts[0]) for p in proved]


def _total_score(flat: str, where: KeptOffsets, after: int) -> Found | None:
    """The self-score of a 总分 row after the budget whose full mark and score ran together, when
    the digits cut only one way into a full mark (≤ 100) and a score not above it."""
    row = _SCORE_ROW.search(flat, after)
    run = row.group("run") if row else ""
    if row is not None and flat.startswith("年", row.end("run")) and _YEAR_END.search(run):
        run = run[
            :-4
        ]  # the next form's title runs on (`总分10097.62022年度…`): its year is no digit of the score
    cut = weight_score_cut(run) if row else None
    if row is None or cut is None:
        return None
    score, start = cut[1], row.start("run") + cut[1].offset
    value = read_amount(score.text)
    return None if value is None else Found(value, where[start], where[start + len(score.text) - 1] + 1)


def _rows(text: str) -> tuple[list[BudgetLineFinding], Found | None]:
    """The total row and the rows right after it that are proved (module docstring), and the
    self-score of a fused 总分 row after them."""
    repaired = repaired_text(text)
    flat = squashed(repaired)
    header = _columns(flat)
    label = _TOTAL.search(flat, header[1]) if header else None
    if header is None or label is None:
        return [], None  # most texts: no offsets needed
    flat, where = squashed_offsets(repaired)
    total = _read_run(flat, label, header[0], False)
    if total is None or not total.proved:
        return [], None
    rows = [(total, total.cuts[0]), *_rows_after(total, _parts(flat, total.run.end(), header[0]))]
    score = _total_score(flat, where, rows[-1][0].run.end())
    unit = _unit(flat, header[1])
    return [_line(flat, where, row, cells, unit) for row, cells in rows], score


_NOTE_REACH = 12  # characters before the header a unit note stands in (`单位：元项目资金…`)
# A unit note run into the table's label cell and the header after it: only the label may stand
# between (a 元 followed by other words opens a name: `单位：元谋县…`).
_NOTE_BEFORE = re.compile(r"单位[:：]元(?:项目资金|资金投入情况|资金情况|预算资金)?$")


def _unit(flat: str, header_end: int) -> str:
    """元 where the header names it (`全年预算数（元）`) or a unit note stands right before it
    (`单位：元`, the line above the table run into it); else 万元."""
    first = _WORD.search(flat)
    at = first.start() if first else header_end
    noted = _NOTE_BEFORE.search(flat, max(0, at - _NOTE_REACH), at) is not None
    return "元" if noted or YUAN_NOTE.search(flat, at, header_end) else "万元"


def find_fused_budget(text: str) -> tuple[BudgetFinding | None, list[BudgetLineFinding]]:
    """The project budget (the total row) and the budget lines of a fused budget table (module
    docstring); `(None, [])` when there is none."""
    rows, score = _rows(text)
    if not rows:
        return None, []
    total = rows[0]
    budget = BudgetFinding(
        initial=total.initial,
        adjusted=total.adjusted,
        spent=total.spent,
        execution_rate=total.execution_rate,
        self_score=score,
    )
    return budget, rows

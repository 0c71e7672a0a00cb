"""A budget row's execution rate proved by the points it earned: rate × 权重 = 得分.

Some forms score budget execution in the funds block itself — 执行率 | 执行率权重 | 执行率得分
(a department form), or 分值 | 执行率 | 得分 — and the score is the rate's share of the weight.
Where OCR lost the amounts' integer parts or ran the cells together, those three cells still
check each other, so the rate can be read from the digits that end a row:

    年初预算数全年(调整)预算数全年执行数执行率执行率权重执行率得分年度总金额.32.06.5其中财政拨款.32.06.579.27107.93

The run after 其中财政拨款 ends in `79.27 | 10 | 7.93`: 79.27 % × 10 = 7.927 ≈ 7.93, and no other
cut of the run's tail into a rate (0–100 %), a weight (1–30) and a score (≤ the weight) holds.
So the rate is 79.27 — the row's, and the project's where no other reading gives one. The
amounts before it (`.32.06.5`) are left unread: the cut proves only the three cells it checks.

A tail with two cuts that hold, or none, is left unread. The reading is noted: a flag says that
the rate was split from digits that ran together and proved by the score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.core.models import Flag
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.budget_table import BudgetLineFinding
from pipeline.extract.rules.fused import squashed_offsets

FLAG = "rate_proved_by_points"
MESSAGE = (
    "the budget row's cells ran together; its execution rate was split from the digits where "
    "rate × weight = score"
)
# The scored tail of a funds header, in either order: 执行率 … 权重/分值 … 得分, or 分值/权重 … 执行率 … 得分
# (a column word may repeat 执行率 in front: 执行率权重, 执行率得分).
_ORDERS = {
    ("rate", "weight", "score"): re.compile(
        r"执行率(?:[(（][^()（）]{0,6}[)）])?(?:执行率)?(?:权重|分值).{0,8}?得分"
    ),
    ("weight", "rate", "score"): re.compile(r"(?:权重|分值)(?:[(（][^()（）]{0,6}[)）])?执行率.{0,8}?得分"),
}
_AMOUNT_WORDS = re.compile(r"预算数|执行数|预算金额")
_HEADER_REACH = 40  # characters before the scored tail where the amount columns are named
_ROWS_REACH = 160  # characters after the header where its rows are
_RUN = re.compile(r"[\d.%]{4,}")
_LABEL = re.compile(r"(?:其中[:：]?)?(?P<label>[\u4e00-\u9fff]{2,12})[:：]?$")
_RATE = re.compile(r"(?:100|[1-9]?\d)(?:\.\d{1,2})?%?")
_WEIGHT = re.compile(r"[1-9]\d?")
_SCORE = re.compile(r"\d{1,2}(?:\.\d{1,2})?")
_MAX_WEIGHT = 30  # a form gives budget execution 10 or 20 points, never most of the 100
_RATE_TOLERANCE = 1.0  # percentage points between a written rate and the amounts' (rounding, cut-offs)
_TAIL = 14  # the longest rate, weight and score written together: 100.00% + 30 + 30.00


@dataclass(frozen=True)
class RatePoints:
    """The proved rate (its span in the text) and the row it ends, as a budget line."""

    execution_rate: Found
    line: BudgetLineFinding


def _checks(rate: str, weight: str, score: str) -> bool:
    """Whether rate × weight / 100 is the score, to the score's last decimal; a whole score must
    be exact (rounded to a whole point, it would fit a span of rates, and prove none of them)."""
    points, whole = float(score), int(weight)
    if not 1 <= whole <= _MAX_WEIGHT or points > whole:
        return False
    decimals = len(score.partition(".")[2])
    tolerance = 10.0**-decimals / 2 if decimals else 0.0
    return abs(float(rate.rstrip("%")) * whole / 100 - points) <= tolerance + 1e-9


def _cuts(run: str, order: tuple[str, ...]) -> list[tuple[int, int]]:
    """The span in `run` of the rate of every cut of the run's tail into the three cells in
    `order` that checks (`_checks`); the tail is at most `_TAIL` characters long."""
    out = []
    for start in range(max(0, len(run) - _TAIL), len(run)):
        for a in range(start + 1, len(run)):
            for b in range(a + 1, len(run)):
                bounds = ((start, a), (a, b), (b, len(run)))
                cells = {role: run[x:y] for role, (x, y) in zip(order, bounds, strict=True)}
                if (
                    _RATE.fullmatch(cells["rate"])
                    and _WEIGHT.fullmatch(cells["weight"])
                    and _SCORE.fullmatch(cells["score"])
                    and _checks(cells["rate"], cells["weight"], cells["score"])
                ):
                    out.append(bounds[order.index("rate")])
    return out


def _header(flat: str) -> tuple[int, tuple[str, ...]] | None:
    """Where the first funds header with a scored tail ends, and the tail's order."""
    for order, pattern in _ORDERS.items():
        for hit in pattern.finditer(flat):
            if _AMOUNT_WORDS.search(flat, max(0, hit.start() - _HEADER_REACH), hit.start()):
                return hit.end(), order
    return None


def find_rate_by_points(text: str) -> RatePoints | None:
    """The execution rate of the first row after a scored funds header whose run of digits ends
    in a rate, weight and score that check each other one way only (module docstring)."""
    if "执行率" not in text or "得分" not in text:
        return None  # most texts: no squashing needed
    flat, where = squashed_offsets(text)
    found = _header(flat)
    if found is None:
        return None
    end, order = found
    for run in _RUN.finditer(flat, end, min(len(flat), end + _ROWS_REACH)):
        cuts = set(_cuts(run.group(0), order))
        if len(cuts) != 1:
            continue
        ((a, b),) = cuts
        label = _LABEL.search(flat, max(end, run.start() - 16), run.start())
        if label is None:
            return None
        rate_text = run.group(0)[a:b]
        start = run.start() + a
        rate = Found(float(rate_text.rstrip("%")), where[start], where[start + len(rate_text) - 1] + 1)
        la, lb = label.span("label")
        name = Found(flat[la:lb], where[la], where[lb - 1] + 1)
        return RatePoints(rate, BudgetLineFinding(name=name, execution_rate=rate))
    return None


def _agrees(budget: BudgetFinding | None, rate: float) -> bool:
    """Whether a rate fits the amounts already read: spent over the year's budget, within a
    percentage point (no amounts: nothing to disagree with). Amounts that do not give the rate
    were read from other cells than the ones the points prove."""
    if budget is None or budget.spent is None:
        return True
    whole = budget.adjusted or budget.initial
    if whole is None or not float(whole.value):
        return True
    return abs(float(budget.spent.value) / float(whole.value) * 100 - rate) <= _RATE_TOLERANCE


def with_rate_by_points(
    text: str, budget: BudgetFinding | None, lines: list[BudgetLineFinding]
) -> tuple[BudgetFinding | None, list[BudgetLineFinding], list[Flag]]:
    """`budget` and `lines` with the rate proved by points (`find_rate_by_points`) where the
    budget has no rate yet: the project's rate, and the row as the one line where there are no
    lines; with the flag that says how the rate was read."""
    if budget is not None and budget.execution_rate is not None:
        return budget, lines, []
    found = find_rate_by_points(text)
    if found is None or not _agrees(budget, float(found.execution_rate.value)):
        return budget, lines, []
    budget = replace(budget or BudgetFinding(), execution_rate=found.execution_rate)
    paths = ["projects[0].budget.execution_rate", *([] if lines else ["budget_lines[0].execution_rate"])]
    flags = [Flag(kind=FLAG, message=MESSAGE, path=path) for path in paths]
    return budget, lines or [found.line], flags

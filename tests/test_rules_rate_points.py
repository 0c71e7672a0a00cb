"""A budget row's execution rate proved by its points (rate × 权重 = 得分) in a funds block whose
cells ran together and whose amounts OCR damaged.

New text in the shape of a scanned department form's funds block: the header's amount columns,
then 执行率 | 执行率权重 | 执行率得分 (or 分值 | 执行率 | 得分), the total row with its amounts' integer
parts lost, a 其中 row ending in the three scored cells.
"""

from __future__ import annotations

import hashlib

import pytest

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.models import ReportExtraction
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.budget_table import BudgetLineFinding
from pipeline.extract.rules.rate_points import FLAG, find_rate_by_points, with_rate_by_points
from pipeline.process import extract_document

TITLE = "某区水利局2023年度部门整体绩效自评表"
RATE_FIRST = (
    "年初预算数全年(调整)预算数全年执行数执行率执行率权重执行率得分"
    "年度总金额.48.15.9其中财政拨款.48.15.986.42108.64年初绩效目标完成河道治理任务。"
)
WEIGHT_FIRST = (
    "年初预算数全年预算数全年执行数分值执行率得分"
    "年度资金总额.5.5.5其中:省级补助资金.5.5.51096.5%9.65年度总体目标保障防汛物资储备。"
)


def _wrapped(body: str, width: int) -> str:
    """A PDF's text layer: the fused block broken into lines of `width` characters."""
    return "\n".join(body[i : i + width] for i in range(0, len(body), width))


def _docsite(body: str) -> str:
    """A document site's page: the text cut into chunks numbered `1、` `2、` at its line starts."""
    half = len(body) // 2
    return f"1、{body[:half]}\n2、{body[half:]}"


RENDERINGS = {
    "fused": lambda body: body,
    "wrapped": lambda body: _wrapped(body, 29),
    "docsite": _docsite,
}


def _extract(text: str) -> ReportExtraction:
    doc = Document("form.txt", hashlib.sha256(text.encode()).hexdigest(), "txt", text)
    return extract_document(doc, Config())


@pytest.mark.parametrize("rendering", list(RENDERINGS))
@pytest.mark.parametrize(
    ("body", "line", "rate", "written"),
    [(RATE_FIRST, "财政拨款", 86.42, "86.42"), (WEIGHT_FIRST, "省级补助资金", 96.5, "96.5%")],
    ids=["rate_first", "weight_first"],
)
def test_the_rate_is_read_where_the_points_prove_it(
    body: str, line: str, rate: float, written: str, rendering: str
) -> None:
    text = TITLE + "\n" + RENDERINGS[rendering](body) + "\n"
    result = _extract(text)
    budget = result.projects[0].budget
    assert (budget.initial, budget.adjusted, budget.spent, budget.execution_rate) == (None, None, None, rate)
    read = [(x.name, x.initial, x.adjusted, x.spent, x.execution_rate) for x in result.budget_lines]
    assert read == [(line, None, None, None, rate)]
    spans = [e for e in result.projects[0].evidence if e.field == "budget.execution_rate"]
    assert [text[e.start : e.end].replace("\n", "") for e in spans] == [written]
    flagged = [f.path for f in result.flags if f.kind == FLAG]
    assert flagged == ["projects[0].budget.execution_rate", "budget_lines[0].execution_rate"]


def test_the_offsets_are_those_of_the_rate_and_the_row_label() -> None:
    found = find_rate_by_points(RATE_FIRST)
    at, label = RATE_FIRST.index("86.42"), RATE_FIRST.index("财政拨款")
    rate = Found(86.42, at, at + 5)
    assert found is not None
    assert (found.execution_rate, found.line) == (
        rate,
        BudgetLineFinding(name=Found("财政拨款", label, label + 4), execution_rate=rate),
    )


def test_points_that_do_not_check_leave_the_rate_unread() -> None:
    assert find_rate_by_points(RATE_FIRST.replace("108.64", "107.5")) is None  # 86.42 % × 10 ≠ 7.5
    # a whole score proves no rate: 86.42 % × 10 = 8.642, rounded to 9, fits 85–94.99 % as well
    assert find_rate_by_points(RATE_FIRST.replace("108.64", "109")) is None


def test_a_header_without_the_scored_columns_is_no_proof() -> None:
    body = "年初预算数全年预算数全年执行数年度总金额.48.15.9其中财政拨款.48.15.986.42108.64"
    assert find_rate_by_points(body) is None


def test_a_rate_already_read_or_amounts_that_disagree_win() -> None:
    read = BudgetFinding(execution_rate=Found(90.0, 0, 3))
    assert with_rate_by_points(RATE_FIRST, read, []) == (read, [], [])
    other = BudgetFinding(adjusted=Found(86.42, 0, 5), spent=Found(10.0, 6, 8))  # 10 / 86.42 ≠ 86.42 %
    assert with_rate_by_points(RATE_FIRST, other, []) == (other, [], [])


def test_amounts_that_agree_keep_their_lines_and_take_the_rate() -> None:
    agreeing = BudgetFinding(adjusted=Found(100.0, 0, 3), spent=Found(86.4, 4, 8))
    line = BudgetLineFinding(name=Found("年度总金额", 0, 5))
    budget, lines, flags = with_rate_by_points(RATE_FIRST, agreeing, [line])
    assert budget is not None
    assert budget.execution_rate == Found(86.42, RATE_FIRST.index("86.42"), RATE_FIRST.index("86.42") + 5)
    assert lines == [line]
    assert [f.path for f in flags] == ["projects[0].budget.execution_rate"]

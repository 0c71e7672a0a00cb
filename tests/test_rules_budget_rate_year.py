"""An execution rate stated for an earlier year is no figure of the year evaluated.

New text in the shape of a county project report: a funds table without a 执行率 column, then a
results section that compares with last year's rate (`2022年该项目资金执行率为85.6%`), printed as
a Word table saved as text, as pipes and with spaces.
"""

from __future__ import annotations

import hashlib

import pytest

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding, this_years_rate
from pipeline.process import extract_document

TITLE = "某县2023年度农村公路养护项目绩效自评报告\n一、项目基本情况\n"
ROWS = (
    ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"),
    ("年度资金总额", "120", "118.5", "110.2"),
    ("其中：财政拨款", "120", "118.5", "110.2"),
)
RENDERINGS = {
    "tabs": lambda rows: "\n".join("\t".join(r) for r in rows),
    "pipes": lambda rows: "\n".join("| " + " | ".join(r) + " |" for r in rows),
    "spaced": lambda rows: "\n".join(" ".join(r) for r in rows),
}
LAST_YEAR = "二、绩效目标完成情况\n2022年该项目资金执行率为85.6%，2023年通过加强调度，支出进度明显加快。\n"
PREVIOUS = "二、绩效目标完成情况\n上年度预算执行率为85.6%，本年度支出进度明显加快。\n"
BOTH = "二、绩效目标完成情况\n2022年该项目资金执行率为85.6%，2023年资金执行率为93%。\n"


def _budget(text: str) -> tuple[float | None, ...]:
    doc = Document("report.txt", hashlib.sha256(text.encode()).hexdigest(), "txt", text)
    budget = extract_document(doc, Config()).projects[0].budget
    return (budget.initial, budget.adjusted, budget.spent, budget.execution_rate)


@pytest.mark.parametrize("rendering", list(RENDERINGS))
@pytest.mark.parametrize("prose", [LAST_YEAR, PREVIOUS], ids=["dated", "last_year"])
def test_another_years_rate_is_not_taken(rendering: str, prose: str) -> None:
    assert _budget(TITLE + RENDERINGS[rendering](ROWS) + "\n" + prose) == (120, 118.5, 110.2, None)


@pytest.mark.parametrize("rendering", list(RENDERINGS))
def test_the_years_own_rate_after_it_is(rendering: str) -> None:
    assert _budget(TITLE + RENDERINGS[rendering](ROWS) + "\n" + BOTH) == (120, 118.5, 110.2, 93)


def test_the_next_rate_keeps_its_span() -> None:
    at = BOTH.index("85.6%")
    finding = BudgetFinding(execution_rate=Found(85.6, at, at + 5))
    later = BOTH.index("93%")
    assert this_years_rate(BOTH, finding, len(BOTH), 2023) == BudgetFinding(
        execution_rate=Found(93.0, later, later + 3)
    )
    assert this_years_rate(BOTH, finding, len(BOTH), None) == finding  # no year known: nothing to compare

"""The budget row's 分值/得分 on project forms, in the layouts real forms arrive in."""

from __future__ import annotations

import pytest

from pipeline.trust.budget_points import BudgetPoints, budget_points

# The standard project form read from a docx: tab-separated rows.
TAB_FORM = (
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "年度资金总额\t80\t80\t76\t10\t95%\t9.5\n"
    "其中：当年财政拨款\t80\t80\t76\t—\t—\t—\n"
)
# A web page flattened one cell per line, each cell ending in a pipe, amounts with 万.
CELL_PER_LINE = (
    "项目资金 (万元) |\n|\n年初预算数 |\n全年预算数 |\n全年执行数 |\n分值 |\n执行率 |\n得分 |\n||||||\n"
    "年度资金总额 |\n120万 |\n120万 |\n114万 |\n10 |\n95% |\n9 |\n|||||||\n其中:当年财政拨款 |\n"
)
# Pipe rows whose row label trails the header, amounts in 元, the empty 年初预算数 cell dropped.
TRAILING_LABEL = (
    "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |\n"
    "| 256000.5 | 256000.5 | 10 | 100% | 10 | 其中:当年财政 拨款 |\n"
)


@pytest.mark.parametrize(
    ("text", "points"),
    [
        (TAB_FORM, BudgetPoints(10, 9.5)),
        (CELL_PER_LINE, BudgetPoints(10, 9)),
        (TRAILING_LABEL, BudgetPoints(10, 10)),
    ],
    ids=["tab-rows", "cell-per-line", "trailing-label"],
)
def test_the_points_beside_the_execution_rate(text: str, points: BudgetPoints) -> None:
    assert budget_points(text) == [points]


def test_a_row_without_a_rate_cannot_be_read() -> None:
    text = TAB_FORM.replace("\t95%\t", "\t\t")
    assert budget_points(text) == [BudgetPoints(None, None)]


def test_a_budget_table_without_points_columns_has_no_budget_row_points() -> None:
    text = "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t执行率\n年度资金总额\t80\t80\t76\t95%\n"
    assert budget_points(text) == []


def test_one_entry_per_form() -> None:
    assert budget_points(TAB_FORM + "\n" + TAB_FORM.replace("\t9.5\n", "\t8\n")) == [
        BudgetPoints(10, 9.5),
        BudgetPoints(10, 8),
    ]

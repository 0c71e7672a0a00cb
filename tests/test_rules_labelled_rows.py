from __future__ import annotations

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget_table import BudgetLineFinding
from pipeline.extract.rules.labelled_rows import find_labelled_rows


def _at(text: str, value: float | str, context: str, piece: str, start: int = 0) -> Found:
    begin = text.index(context, start) + context.index(piece)
    return Found(value, begin, begin + len(piece))


HEAD = "预算安排情况 资金到位情况 资金执行情况 预算执行进度(%)\n"
BLOCK = (
    "预算数20.5到位数20.5执行数18.45 90.00\n"
    "其中:财政资金12其中:财政资金12其中:财政资金10.45\n"
    "其他8.5其他8.5其他8\n三、目标完成情况\n"
)


def test_every_cell_repeats_its_rows_label() -> None:
    text = HEAD + BLOCK
    other = text.index("其他")
    assert find_labelled_rows(text) == [
        BudgetLineFinding(
            name=_at(text, "预算数", "预算数20.5", "预算数"),
            adjusted=_at(text, 20.5, "预算数20.5", "20.5"),
            spent=_at(text, 18.45, "执行数18.45", "18.45"),
            execution_rate=_at(text, 90, "18.45 90.00", "90.00"),
        ),
        BudgetLineFinding(
            name=_at(text, "财政资金", "其中:财政资金12", "财政资金"),
            adjusted=_at(text, 12, "其中:财政资金12", "12"),
            spent=_at(text, 10.45, "财政资金10.45", "10.45"),
        ),
        BudgetLineFinding(
            name=Found("其他", other, other + 2),
            adjusted=Found(8.5, other + 2, other + 5),
            spent=_at(text, 8, "其他8\n", "8"),
        ),
    ]


def test_a_row_not_repeating_one_label_per_column_ends_the_block() -> None:
    text = "预算数20.5到位数20.5执行数18.45\n其他8.5合计8.5其他8\n"
    assert [line.name.value for line in find_labelled_rows(text)] == ["预算数"]


def test_rows_without_a_budget_and_a_spending_column_are_not_a_budget_block() -> None:
    assert find_labelled_rows("完成数20到位数20\n其他8其他8\n") == []
    assert find_labelled_rows("预算数20.5 执行数18.45 说明\n") == []

"""Allocation tables: rows that divide the fund, read as budget lines only where they add up."""

from __future__ import annotations

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget_allocation import _run_rows, find_allocation_lines
from pipeline.extract.rules.budget_table import BudgetLineFinding
from pipeline.extract.rules.grids import layout_rows
from pipeline.layout import recover_layout

ONE_CELL_PER_LINE = (
    "2023年度安排专项资金1,500万元,支持项目42个(详见下表)。\n"
    "支出方向 |\n金额 |\n项目数 |\n"
    "设备购置 |\n900.00 |\n12 |\n"
    "人员培训 |\n600.00 |\n30 |\n"
    "(二)资金使用情况\n"
)


def _found(text: str, piece: str, value: float | str, after: int = 0) -> Found:
    at = text.index(piece, after)
    return Found(value, at, at + len(piece))


def test_one_cell_per_line_rows_that_add_up_to_the_budget() -> None:
    text = ONE_CELL_PER_LINE
    assert find_allocation_lines(recover_layout(text), 1500) == [
        BudgetLineFinding(_found(text, "设备购置", "设备购置"), initial=_found(text, "900.00", 900)),
        BudgetLineFinding(_found(text, "人员培训", "人员培训"), initial=_found(text, "600.00", 600)),
    ]


def test_rows_that_do_not_add_up_are_not_the_allocation() -> None:
    assert find_allocation_lines(recover_layout(ONE_CELL_PER_LINE), 1600) == []


def test_tab_rows_in_yuan() -> None:
    text = "区县\t分配金额(元)\t备注\n甲区\t1200000\t一次下达\n乙县\t800000\t分两次下达\n"
    assert find_allocation_lines(recover_layout(text), 200) == [
        BudgetLineFinding(_found(text, "甲区", "甲区"), initial=_found(text, "1200000", 120)),
        BudgetLineFinding(_found(text, "乙县", "乙县"), initial=_found(text, "800000", 80)),
    ]


def test_a_table_without_an_amount_column_is_not_an_allocation() -> None:
    text = "指标\t人数\t次数\n培训\t900\t12\n宣传\t600\t30\n"
    assert find_allocation_lines(recover_layout(text), 1500) == []


def test_prose_lines_that_only_end_a_run_are_not_made_rows() -> None:
    text = "安排资金300万元。\n方向\t金额\n培训\t100\n购置\t200\n\n说明\n合计 300 |\n"
    layout = recover_layout(text)
    rows = list(_run_rows(layout))
    assert [None if r is None else (r.kind, r.texts) for r in rows] == [
        None,
        ("cells", ("方向", "金额")),
        ("cells", ("培训", "100")),
        ("cells", ("购置", "200")),
        None,
        ("line", ("合计 300 |",)),
    ]
    assert rows == [r if r.kind == "cells" or r.texts[0].endswith("|") else None for r in layout_rows(layout)]

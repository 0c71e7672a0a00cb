"""A fused row's `00` read as two cells of 0 (target and actual), never as one number.

New text in the shape of a county fund's form whose separators were lost: rows of name, target
and actual run together, a count kept at zero written `0` in both cells.
"""

from __future__ import annotations

from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.indicators import find_candidates
from pipeline.extract.rules.sections import find_sections
from pipeline.extract.rules.zero_cells import NOTE, split_zero_cells
from pipeline.layout import recover_layout
from pipeline.normalize import normalize

FUSED = (
    "2023年度县级应急物资储备专项资金绩效目标自评表"
    "一级指标二级指标三级指标年度指标值全年完成值未完成原因和改进措施"
    "产出指标数量指标应急物资储备品种≥12个14个质量指标储备物资账实相符率100%100%"
    "储备物资霉变损毁批次00时效指标物资调拨响应时间≤4小时3小时"
)
_SPLIT = ("cells_split_by_pattern",)


def _rows(text: str) -> list[tuple[str, Cell | None, Cell | None, bool]]:
    norm = normalize(text).text
    read = find_candidates(norm, find_sections(norm), recover_layout(norm))
    return [(c.name.text, c.target, c.actual, NOTE in c.notes) for c in sorted(read, key=lambda c: c.start)]


def test_a_fused_double_zero_is_the_target_and_the_actual() -> None:
    at = FUSED.index("00时效")
    assert _rows(FUSED)[2] == ("储备物资霉变损毁批次", Cell("0", at, at + 1), Cell("0", at + 1, at + 2), True)
    assert [noted for *_, noted in _rows(FUSED)] == [False, False, True, False]


def _row(name: str, start: int, target: str, actual: str | None = None) -> Candidate:
    end = start + len(name)
    return Candidate(
        Cell(name, start, end),
        target=Cell(target, end, end + len(target)),
        actual=None if actual is None else Cell(actual, end + len(target), end + len(target) + len(actual)),
        notes=_SPLIT,
    )


def test_a_zero_then_a_number_splits_at_the_zero() -> None:
    rows = [_row("甲率", 0, "100%", "98%"), _row("投诉次数", 20, "05"), _row("乙率", 40, "≥90%", "95%")]
    split = split_zero_cells(rows)[1]
    assert (split.target, split.actual, split.confidence) == (Cell("0", 24, 25), Cell("5", 25, 26), 0.5)


def test_figures_a_leading_zero_may_start_stay_one_cell() -> None:
    rows = [_row("甲率", 0, "100%", "98%"), _row("差错率", 20, "0.5"), _row("乙率", 40, "≥90%", "95%")]
    assert split_zero_cells(rows) == rows


def test_no_split_where_the_neighbours_have_no_actuals_either() -> None:
    rows = [_row("甲率", 0, "100%"), _row("投诉次数", 20, "00"), _row("乙率", 40, "≥90%")]
    assert split_zero_cells(rows) == rows


def test_rows_not_read_from_run_together_cells_are_left_alone() -> None:
    rows = [_row("甲率", 0, "100%", "98%"), _row("投诉次数", 20, "00"), _row("乙率", 40, "≥90%", "95%")]
    spaced = [rows[0], Candidate(rows[1].name, target=rows[1].target), rows[2]]
    assert split_zero_cells(spaced) == spaced


SPACED = (
    "2024年度安全生产专项资金绩效自评表\n"
    "一级指标 二级指标 三级指标 年度指标值 全年完成值 偏差原因\n"
    "产出指标 数量指标 安全生产执法检查企业数 ≥260家 274家\n"
    "较大及以上生产安全事故起数 0 0\n"
    "质量指标 执法文书差错件数 0 0\n"
    "时效指标 隐患整改完成时限 ≤30天 26天\n"
)


def test_a_spaced_row_of_a_name_and_bare_zeros_is_a_row_of_the_table() -> None:
    """A PDF text layer prints a row with merged level cells above it as its name and bare counts
    (`较大及以上生产安全事故起数 0 0`): both zeros are cells, the table goes on after the row."""

    def at(cell: str, after: str) -> Cell:
        start = SPACED.index(cell, SPACED.index(after) + len(after))
        return Cell(cell, start, start + len(cell))

    assert _rows(SPACED) == [
        ("安全生产执法检查企业数", at("≥260家", "企业数"), at("274家", "企业数"), False),
        ("较大及以上生产安全事故起数", at("0", "起数"), at("0", "起数 0"), False),
        ("执法文书差错件数", at("0", "件数"), at("0", "件数 0"), False),
        ("隐患整改完成时限", at("≤30天", "时限"), at("26天", "时限"), False),
    ]
    assert at("0", "件数 0") == Cell("0", 119, 120)  # the second zero of `执法文书差错件数 0 0`

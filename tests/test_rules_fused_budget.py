"""Fused budget rows: split only where the digits prove the cut (one amount repeated, the row's
own execution rate, or the rows after the total adding up to it)."""

from __future__ import annotations

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.budget_table import BudgetLineFinding
from pipeline.extract.rules.fused_budget import find_fused_budget


def _at(text: str, value: float | str, piece: str, start: int = 0) -> Found:
    at = text.index(piece, start)
    return Found(value, at, at + len(piece))


def test_a_repeated_amount_and_the_columns_after_it() -> None:
    text = "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分年度资金总额318.5318.5318.51090%9其中"
    row = text.index("318.5")
    initial, adjusted = _at(text, 318.5, "318.5", row), _at(text, 318.5, "318.5", row + 5)
    spent, rate = _at(text, 318.5, "318.5", row + 10), _at(text, 90, "90%")
    assert find_fused_budget(text) == (
        BudgetFinding(initial=initial, adjusted=adjusted, spent=spent, execution_rate=rate),
        [
            BudgetLineFinding(
                name=_at(text, "年度资金总额", "年度资金总额"),
                initial=initial,
                adjusted=adjusted,
                spent=spent,
                execution_rate=rate,
            )
        ],
    )


def test_rows_after_the_total_that_split_the_same_way_are_lines() -> None:
    text = (
        "资金(万元)全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额:62.462.4100%"
        "其中:省级专项补助资金 62.4 62.4 100%其他资金年度总体目标完成5项"
    )
    part = text.index("省级专项补助资金")
    budget, lines = find_fused_budget(text)
    assert budget == BudgetFinding(
        adjusted=_at(text, 62.4, "62.4"),
        spent=_at(text, 62.4, "62.4", text.index("62.4") + 4),
        execution_rate=_at(text, 100, "100%"),
    )
    assert lines == [
        BudgetLineFinding(
            name=_at(text, "年度资金总额", "年度资金总额"),
            adjusted=budget.adjusted,
            spent=budget.spent,
            execution_rate=budget.execution_rate,
        ),
        BudgetLineFinding(
            name=_at(text, "省级专项补助资金", "省级专项补助资金"),
            adjusted=_at(text, 62.4, "62.4", part),
            spent=_at(text, 62.4, "62.4", text.index("62.4", part) + 4),
            execution_rate=_at(text, 100, "100%", part),
        ),
    ]


def test_a_row_whose_run_does_not_split_ends_the_lines() -> None:
    text = "全年预算数全年执行数执行率资金总额40.540.5100%其中:市级资金30.210.375%"
    assert [line.name.value for line in find_fused_budget(text)[1]] == ["资金总额"]


def test_a_run_whose_split_is_not_proven_is_left_unread() -> None:
    # no cut of 300259.4 gives 85.5 %: 259.4 / 300 is 86.47 %, 59.4 / 3002 is 1.98 %
    text = "全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额300259.485.5%"
    assert find_fused_budget(text) == (None, [])


def test_the_rows_own_rate_proves_the_cut_of_different_amounts() -> None:
    text = (
        "资金投入(万元)全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额:1240.51188.395.79%"
        "其中:中央补助资金800782.697.83%县级配套资金440.5405.792.10%其他资金年度目标"
    )
    budget, lines = find_fused_budget(text)
    total = BudgetLineFinding(
        name=_at(text, "年度资金总额", "年度资金总额"),
        adjusted=_at(text, 1240.5, "1240.5"),
        spent=_at(text, 1188.3, "1188.3"),
        execution_rate=_at(text, 95.79, "95.79%"),
    )
    assert budget == BudgetFinding(
        adjusted=total.adjusted, spent=total.spent, execution_rate=total.execution_rate
    )
    assert lines == [
        total,
        BudgetLineFinding(
            name=_at(text, "中央补助资金", "中央补助资金"),
            adjusted=_at(text, 800, "800"),
            spent=_at(text, 782.6, "782.6"),
            execution_rate=_at(text, 97.83, "97.83%"),
        ),
        BudgetLineFinding(
            name=_at(text, "县级配套资金", "县级配套资金"),
            adjusted=_at(text, 440.5, "440.5"),
            spent=_at(text, 405.7, "405.7"),
            execution_rate=_at(text, 92.1, "92.10%"),
        ),
    ]


def test_rows_without_a_rate_are_read_where_they_add_up_to_the_total() -> None:
    text = (
        "项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分年度资金总额2650.82866.42790.61097.36%9.7"
        "其中:人员经费1720.41745.21745.2公用经费930.41121.21045.4年度主要任务"
    )
    staff, running = text.index("人员经费"), text.index("公用经费")
    budget, lines = find_fused_budget(text)
    assert budget is not None and budget.initial == _at(text, 2650.8, "2650.8")
    assert budget.execution_rate == _at(text, 97.36, "97.36%")  # 10 | 97.36% | 9.7 after the amounts
    assert lines[1:] == [
        BudgetLineFinding(
            name=_at(text, "人员经费", "人员经费"),
            initial=_at(text, 1720.4, "1720.4", staff),
            adjusted=_at(text, 1745.2, "1745.2", staff),
            spent=_at(text, 1745.2, "1745.2", staff + 11),
        ),
        BudgetLineFinding(
            name=_at(text, "公用经费", "公用经费"),
            initial=_at(text, 930.4, "930.4", running),
            adjusted=_at(text, 1121.2, "1121.2", running),
            spent=_at(text, 1045.4, "1045.4", running),
        ),
    ]


def test_rows_that_do_not_add_up_are_left_unread() -> None:
    # 1720.4 + 930.4 is not the total's 2660.8: which cut of each row is meant cannot be told
    text = (
        "年初预算数全年预算数全年执行数执行率年度资金总额2660.82866.42790.697.36%"
        "其中:人员经费1720.41745.21745.2公用经费930.41121.21045.4年度主要任务"
    )
    assert [line.name.value for line in find_fused_budget(text)[1]] == ["年度资金总额"]


def test_a_rate_that_two_cuts_give_is_left_unread() -> None:
    # 8888.5 | 8527.8 | 95.94% and 8888.58 | 527.89 | 5.94% both hold
    assert find_fused_budget("全年预算数全年执行数执行率年度资金总额8888.58527.895.94%其中") == (None, [])


def test_a_total_row_whose_full_mark_and_score_ran_together_is_the_self_score() -> None:
    text = (
        "年初预算数全年预算数全年执行数执行率年度资金总额320335.6328.497.85%"
        "一级指标二级指标三级指标年度指标值实际完成值分值得分产出指标数量指标培训人次≥500人次512人次2020"
        "总分10096.5"
    )
    budget, _ = find_fused_budget(text)
    assert budget is not None and budget.self_score == _at(text, 96.5, "96.5")
    unproved, _ = find_fused_budget(text.replace("10096.5", "1001000"))  # no cut: a score above its full mark
    assert unproved is not None and unproved.self_score is None
    # forms one after another: the next form's title runs into the score (`10096.52023年度…`)
    followed = text + "2023年度项目支出绩效自评表"
    budget, _ = find_fused_budget(followed)
    assert budget is not None and budget.self_score == _at(followed, 96.5, "96.5")


def test_a_part_year_spending_column_is_not_read_as_the_years_spending() -> None:
    # a monitoring form fused by OCR: 1-6月执行数 happens to equal the budget, 全年预计 too
    monitoring = "项目资金(万元)年初预算数全年预算数1-6月执行数1-6月执行率年度资金总额48.648.648.6100%其中"
    assert find_fused_budget(monitoring) == (None, [])
    forecast = "项目资金(万元)年初预算数全年预算数全年预计执行数年度资金总额75.075.075.0其中"
    assert find_fused_budget(forecast) == (None, [])


def test_a_unit_note_run_into_the_table_reads_its_amounts_in_yuan() -> None:
    text = (
        "实施单位某县文化馆单位：元项目资金年初预算数全年预算数全年执行数分值执行率得分"
        "年度资金总额180000.00180000.00180000.0010100%10"
    )
    budget, lines = find_fused_budget(text)
    row = text.index("180000.00")
    assert budget is not None and budget.initial == _at(text, 18, "180000.00", row)
    assert [line.adjusted for line in lines] == [_at(text, 18, "180000.00", row + 9)]
    # the same run with no note is in 万元
    plain, _ = find_fused_budget(text.replace("单位：元", ""))
    assert plain is not None and plain.initial is not None and plain.initial.value == 180000

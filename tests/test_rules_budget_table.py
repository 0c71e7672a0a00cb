from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.budget_table import BudgetLineFinding, find_budget_table
from pipeline.layout import recover_layout
from pipeline.normalize import normalize
from tests.shared_data import shared_dir

REPORTS = Path(__file__).resolve().parents[1] / "evals" / "reports"
CORPUS = shared_dir("corpus")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
LINE_FIELDS = ("initial", "adjustment", "adjusted", "spent", "execution_rate")


def _text(path: Path) -> str:
    return normalize(path.read_text(encoding="utf-8")).text


def _sample(stem: str) -> str:
    return _text(next(REPORTS.glob(f"{stem}_*.txt")))


def _cells(text: str, start: int, pieces: list[str]) -> list[Found]:
    """Each piece where it next occurs after the previous one, from `start` (its value: the piece)."""
    found, pos = [], start
    for piece in pieces:
        begin = text.index(piece, pos)
        found.append(Found(piece, begin, begin + len(piece)))
        pos = begin + len(piece)
    return found


def _line(name: Found, **figures: tuple[float | None, Found] | None) -> BudgetLineFinding:
    """A line whose figures are (value, the cell it was read from)."""
    values = {
        f: None
        if (pair := figures.get(f)) is None or pair[0] is None
        else Found(pair[0], pair[1].start, pair[1].end)
        for f in LINE_FIELDS
    }
    return BudgetLineFinding(name, **values)


def _seen(lines: list[BudgetLineFinding], text: str) -> list[tuple[object, ...]]:
    """Each line as (name, then every figure's value and the text it spans)."""
    out = []
    for line in lines:
        row: list[object] = [line.name.value, text[line.name.start : line.name.end]]
        for field in LINE_FIELDS:
            found = getattr(line, field)
            row.append(None if found is None else (found.value, text[found.start : found.end]))
        out.append(tuple(row))
    return out


# --- each layout, on small hand-made tables -----------------------------------------------------


def test_tab_rows_read_by_label_with_income_block_left_out() -> None:
    text = (
        "部门收支情况\t收入构成\t财政拨款\t年初预算数\t全年预算数\t全年执行数\n"
        "\t\t其他资金\t270.43\t271.81\t244.41\n"
        "\t合计\t\t\t\t\n"
        "\t支出构成\t人员类项目支出\t270.43\t271.81\t244.41\n"
        "特定目标类项目支出\t\t6.08\t6.08\t2.96\t\n"
        "\n"
        "年度整体绩效目标\t预期目标\t1\t2\t3\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    income = _cells(text, 0, ["270.43", "271.81", "244.41"])
    assert budget == BudgetFinding(
        initial=Found(270.43, income[0].start, income[0].end),
        adjusted=Found(271.81, income[1].start, income[1].end),
        spent=Found(244.41, income[2].start, income[2].end),
    )
    assert _seen(lines, text) == [
        (
            "人员类项目支出",
            "人员类项目支出",
            (270.43, "270.43"),
            None,
            (271.81, "271.81"),
            (244.41, "244.41"),
            None,
        ),
        (
            "特定目标类项目支出",
            "特定目标类项目支出",
            (6.08, "6.08"),
            None,
            (6.08, "6.08"),
            (2.96, "2.96"),
            None,
        ),
    ]


def test_one_cell_per_line_keeps_empty_cells_in_place() -> None:
    text = (
        "7、预算信息\n\n"
        "\t本年度预算资金（万元）\n\t年初预算数（万元）\n\t上年度结转及当年预算追加追减数(万元）\n"
        "\t调整预算数（万元）\n\t实际支出数（万元）\n\t执行率（%)\n\n"
        "\t预算总金额\n\t2723.99\n\t-62.46\n\t2661.53\n\t2613.26\n\t98.19%\n\n"
        "\t职工餐费\n\t27.87\n\t\n\t27.87\n\t27.87\n\t100.00%\n\n"
        "\t公务出国（境）费\n\t20\n\t-20\n\t0\n\t0\n\tNaN%\n\n"
        "8、年度重点任务\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    assert budget is not None
    assert (budget.initial, budget.carryover, budget.execution_rate) == (
        Found(2723.99, text.index("2723.99"), text.index("2723.99") + 7),
        None,
        Found(98.19, text.index("98.19%"), text.index("98.19%") + 6),
    )
    assert _seen(lines, text) == [
        (
            "预算总金额",
            "预算总金额",
            (2723.99, "2723.99"),
            (-62.46, "-62.46"),
            (2661.53, "2661.53"),
            (2613.26, "2613.26"),
            (98.19, "98.19%"),
        ),
        (
            "职工餐费",
            "职工餐费",
            (27.87, "27.87"),
            None,
            (27.87, "27.87"),
            (27.87, "27.87"),
            (100, "100.00%"),
        ),
        ("公务出国（境）费", "公务出国（境）费", (20, "20"), (-20, "-20"), (0, "0"), (0, "0"), None),
    ]


def test_pipe_cells_with_weight_and_score_columns_and_a_carryover_row() -> None:
    text = (
        "项目资金 (万元) |\n|\n年初预算数 |\n全年预算数 |\n全年执行数 |\n分值 |\n执行率 |\n得分 |\n||||||\n"
        "年度资金总额 |\n150万 |\n150万 |\n125.25万 |\n100 |\n83.5% |\n98 |\n|||||||\n"
        "上年结转资金 |\n0 |\n0 |\n0 |\n— |\n|\n— |\n|||||||\n"
        "年度总体目标 |\n预期目标 |\n|||||||\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    total = _cells(text, 0, ["150万", "150万", "125.25万", "83.5%"])
    zero = _cells(text, text.index("上年结转资金"), ["0", "0", "0"])
    assert budget == BudgetFinding(
        initial=Found(150, total[0].start, total[0].end),
        carryover=Found(0, zero[1].start, zero[1].end),
        adjusted=Found(150, total[1].start, total[1].end),
        spent=Found(125.25, total[2].start, total[2].end),
        execution_rate=Found(83.5, total[3].start, total[3].end),
        self_score=Found(98, text.index("98 |"), text.index("98 |") + 2),
    )
    assert _seen(lines, text) == [
        (
            "年度资金总额",
            "年度资金总额",
            (150, "150万"),
            None,
            (150, "150万"),
            (125.25, "125.25万"),
            (83.5, "83.5%"),
        ),
        ("上年结转资金", "上年结转资金", (0, "0"), None, (0, "0"), (0, "0"), None),
    ]


def test_a_total_row_scored_out_of_100_carries_the_self_score_a_smaller_weight_does_not() -> None:
    header = "资金投入 (万元) |\n年初预算数 |\n全年预算数 |\n全年执行数 |\n分值 |\n执行率 |\n得分 |\n||||||\n"
    row = "年度资金总额 |\n42.8 |\n42.8 |\n40.1 |\n{weight} |\n93.7% |\n{score} |\n|||||||\n"
    text = header + row.format(weight=100, score=91.5)
    budget, _ = find_budget_table(recover_layout(text))
    at = text.index("91.5")
    assert budget is not None and budget.self_score == Found(91.5, at, at + 4)
    budget, _ = find_budget_table(recover_layout(header + row.format(weight=10, score=9.4)))
    assert budget is not None and budget.spent is not None and budget.self_score is None


def test_pipe_rows_with_trailing_labels_are_read_as_a_stream_in_yuan() -> None:
    text = (
        "| 项目名称 | 某项目 | 项目资金 (元) |\n"
        "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |\n"
        "| 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:当年财政拨款 |\n"
        "| 387664.62 | 387664.62 | — |\n"
        "| — | 年度总体目标 | 预期目标 |\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    first = _cells(text, text.index("| 387664.62"), ["387664.62", "387664.62", "100%"])
    assert budget == BudgetFinding(
        adjusted=Found(38.766462, first[0].start, first[0].end),
        spent=Found(38.766462, first[1].start, first[1].end),
        execution_rate=Found(100, first[2].start, first[2].end),
    )
    assert _seen(lines, text) == [
        (
            "年度资金总额",
            "年度资金总额",
            None,
            None,
            (38.766462, "387664.62"),
            (38.766462, "387664.62"),
            (100, "100%"),
        ),
        (
            "当年财政拨款",
            "当年财政拨款",
            None,
            None,
            (38.766462, "387664.62"),
            (38.766462, "387664.62"),
            None,
        ),
    ]


def test_one_line_dump_with_labels_inside_the_header() -> None:
    text = (
        "稷山县项目支出绩效自评表 (2020年度) 项目资金 年初预算数 (万元) 年度资金总额 其中:当年财政拨款 "
        "全年预算数 全年执行数 分值 执行率 得分 65.66 65.07 10 99% 9 65.66 65.07 — 99% — "
        "上年结转资金 — — 预期目标 实际完成情况 指标值 完成值 8755 分值 得分 8676 15 13\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    assert budget is not None and budget.adjusted is not None and budget.spent is not None
    assert (budget.initial, budget.adjusted.value, budget.spent.value, budget.carryover) == (
        None,
        65.66,
        65.07,
        None,
    )
    assert _seen(lines, text) == [
        ("年度资金总额", "年度资金总额", None, None, (65.66, "65.66"), (65.07, "65.07"), (99, "99%")),
        (
            "当年财政拨款",
            "当年财政拨款",
            None,
            None,
            (65.66, "65.66"),
            (65.07, "65.07"),
            (99, "99%"),
        ),
    ]
    assert [f.start for f in (budget.adjusted, budget.spent)] == [text.index("65.66"), text.index("65.07")]


def test_a_monitoring_forms_part_year_columns_fill_no_spending() -> None:
    text = (
        "某区图书馆2025年流动服务点建设项目绩效目标执行监控表\n"
        "项目资金（万元）\t\t年初预算数\t1-6月执行数\t1-6月执行率\t全年预计执行数\n"
        "\t年度资金总额：\t86.40\t31.20\t36.11%\t85.00\n"
        "\t其中：财政拨款\t80.00\t31.20\t39.00%\t80.00\n"
        "\t上年结转资金\t6.40\t0.00\t0.00%\t5.00\n"
        "年度总体目标\t新建流动服务点12个\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    total = text.index("86.40")
    carried = text.index("6.40", text.index("上年结转资金"))
    assert budget == BudgetFinding(
        initial=Found(86.4, total, total + 5), carryover=Found(6.4, carried, carried + 4)
    )
    assert _seen(lines, text) == [
        ("年度资金总额", "年度资金总额", (86.4, "86.40"), None, None, None, None),
        ("财政拨款", "财政拨款", (80, "80.00"), None, None, None, None),
        ("上年结转资金", "上年结转资金", (6.4, "6.40"), None, None, None, None),
    ]


def test_no_budget_header_no_table() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t培训\t≥1次\t2次\t10\t10\n"
    )
    assert find_budget_table(recover_layout(text)) == (None, [])
    assert find_budget_table(recover_layout("2024年度全年预算数271.81万元，执行率100%。")) == (None, [])


def test_only_the_given_range_is_read() -> None:
    table = "年初预算数\t全年预算数\t全年执行数\n合计\t10\t9\t8\n"
    text = "前言\n" + table + "\n正文\n"
    start = text.index("年初")
    assert find_budget_table(recover_layout(text), 0, start) == (None, [])
    budget, _ = find_budget_table(recover_layout(text), start, start + len(table))
    assert budget is not None and budget.spent == Found(8, text.index("\t8") + 1, text.index("\t8") + 2)


def test_the_unit_is_read_from_the_two_lines_above_the_table() -> None:
    table = "年初预算数\t全年预算数\t全年执行数\n合计\t20000\t20000\t19000\n"
    near = "（三）资金使用情况\n\n表1 项目资金（元）\n说明：含上年结转。\n" + table
    budget, _ = find_budget_table(recover_layout(near))
    assert budget is not None and budget.spent == Found(1.9, near.index("19000"), near.index("19000") + 5)
    # three lines up: not its note
    far = "表1 项目资金（元）\n\n资金由县财政安排。\n说明：含上年结转。\n" + table
    budget, _ = find_budget_table(recover_layout(far))
    assert budget is not None and budget.spent == Found(19000, far.index("19000"), far.index("19000") + 5)


def test_rows_of_a_table_above_are_the_next_tables_context() -> None:
    # the last two rows of the table above hold no unit: the next table is in 万元
    first = "表1 项目资金（元）\n项目\t金额\n甲\t1\n"
    second = "年初预算数\t全年预算数\t全年执行数\n合计\t30\t30\t28\n"
    text = first + "\n" + second
    budget, _ = find_budget_table(recover_layout(text))
    assert budget is not None and budget.spent == Found(28, text.index("\t28") + 1, text.index("\t28") + 3)


# --- the samples --------------------------------------------------------------------------------


def test_sample_003_reads_the_shifted_table_by_its_row_labels() -> None:
    text = _sample("003")
    table = text.index("部门收支情况")
    budget, lines = find_budget_table(recover_layout(text))
    first = _cells(text, text.index("其他资金", table), ["270.43", "271.81", "244.41"])
    assert budget == BudgetFinding(
        initial=Found(270.43, first[0].start, first[0].end),
        adjusted=Found(271.81, first[1].start, first[1].end),
        spent=Found(244.41, first[2].start, first[2].end),
    )
    expected = []
    for name, initial, adjusted, spent in (
        ("人员类项目支出", "270.43", "271.81", "244.41"),
        ("运转类项目支出", "73.35", "74.73", "71.73"),
        ("特定目标类项目支出", "6.08", "6.08", "2.96"),
        ("合计", "191", "191", "166.72"),
    ):
        label, *cells = _cells(text, text.index("支出构成", table), [name, initial, adjusted, spent])
        expected.append(
            _line(
                label,
                initial=(float(initial), cells[0]),
                adjusted=(float(adjusted), cells[1]),
                spent=(float(spent), cells[2]),
            )
        )
    assert lines == expected


_ROWS_004 = (
    ("预算总金额", "2723.99", "-62.46", "2661.53", "2613.26", "98.19%"),
    ("基本支出", "1470.68", "93.14", "1563.82", "1515.55", "96.91%"),
    ("项目支出", "1253.31", "-155.6", "1097.71", "1097.71", "100.00%"),
    ("物业管理费", "86", "-6.77", "79.23", "79.23", "100.00%"),
    ("信息化维护费", "31.74", "-4.82", "26.92", "26.92", "100.00%"),
    ("政策法规普及宣传经费", "77", "-4.62", "72.38", "72.38", "100.00%"),
    ("政府购买服务", "34.4", "-2.1", "32.3", "32.3", "100.00%"),
    ("职工餐费", "27.87", None, "27.87", "27.87", "100.00%"),
    ("执法监督检查", "111.24", "-37.74", "73.5", "73.5", "100.00%"),
    ("公务出国（境）费", "20", "-20", "0", "0", "NaN%"),
    ("专项档案整理保管费", "4", None, "4", "4", "100.00%"),
    ("专项调研调查费", "25", "-15.05", "9.95", "9.95", "100.00%"),
    ("专项奖励表彰费", "3", "-3", "0", "0", "NaN%"),
    ("专项热线维护费", "330", "-0.08", "329.92", "329.92", "100.00%"),
    ("专项委托业务费", "35", "-8.85", "26.15", "26.15", "100.00%"),
    ("专项租赁费", "4.8", "-4.8", "0", "0", "NaN%"),
    ("“智慧医保”信息平台建设", "324", "-29.1", "294.9", "294.89", "100.00%"),
    ("办公设备购置", "2", "-0.01", "1.99", "1.99", "100.00%"),
    ("培训费", "30.68", "-6.64", "24.04", "24.04", "100.00%"),
    ("大型修缮", "10", "-4.55", "5.45", "5.55", "101.83%"),  # kept as written: spent > budget
    ("党团活动经费", "3.7", "-1091", "-1087.3", "1.79", "-0.16%"),  # kept as written
    ("体检费", "6.88", None, "6.88", "6.88", "100.00%"),
    ("水电费", "35", None, "35", "35", "100.00%"),
    ("评估、审计、认证费", "16", None, "16", "16", "100.00%"),
    ("专家费", "35", "-5.55", "29.45", "29.45", "100.00%"),
)


def _rate(cell: str) -> float | None:
    return None if cell == "NaN%" else float(cell.rstrip("%"))


def test_sample_004_every_row_of_the_budget_table_as_written() -> None:
    text = _sample("004")
    pos = text.index("7、预算信息")
    expected = []
    for name, initial, adjustment, adjusted, spent, rate in _ROWS_004:
        pieces = [f"\t{name}\n", *(f"\t{c}\n" for c in (initial, adjustment, adjusted, spent, rate) if c)]
        label, *cells = [Found(f.value, f.start + 1, f.end - 1) for f in _cells(text, pos, pieces)]
        pos = label.end
        figures = iter(cells)
        values = {
            "initial": (float(initial), next(figures)),
            "adjustment": (float(adjustment), next(figures)) if adjustment else None,
            "adjusted": (float(adjusted), next(figures)),
            "spent": (float(spent), next(figures)),
            "execution_rate": (_rate(rate), next(figures)),
        }
        expected.append(_line(Found(name, label.start, label.end), **values))
    budget, lines = find_budget_table(recover_layout(text))
    assert len(lines) == 25
    assert lines == expected
    total = expected[0]
    assert budget == BudgetFinding(total.initial, None, total.adjusted, total.spent, total.execution_rate)


# --- the corpus ---------------------------------------------------------------------------------


@needs_corpus
def test_corpus_ezhou_pipe_cells() -> None:
    text = _text(CORPUS / "ezhou_shenpiju_shiminzhongxin.txt")
    budget, lines = find_budget_table(recover_layout(text))
    assert budget is not None
    assert [
        (f.value, text[f.start : f.end]) if f else None
        for f in (budget.initial, budget.carryover, budget.adjusted, budget.spent, budget.execution_rate)
    ] == [
        (150, "150万"),
        (0, "0"),
        (150, "150万"),
        (125.25, "125.25万"),
        (83.5, "83.5%"),
    ]
    assert budget.initial is not None and budget.initial.start == text.index("150万")
    assert _seen(lines, text) == [
        (
            "年度资金总额",
            "年度资金总额",
            (150, "150万"),
            None,
            (150, "150万"),
            (125.25, "125.25万"),
            (83.5, "83.5%"),
        ),
        (
            "当年财政拨款",
            "当年财政拨款",
            (150, "150万"),
            None,
            (150, "150万"),
            (125.25, "125.25万"),
            None,
        ),
        ("上年结转资金", "上年结转资金", (0, "0"), None, (0, "0"), (0, "0"), None),
        ("其他资金", "其他资金", (0, "0"), None, (0, "0"), (0, "0"), None),
    ]


@needs_corpus
def test_corpus_yongde_pipe_rows_in_yuan() -> None:
    text = _text(CORPUS / "yongde_jiaoyu_yingyanggaishan.txt")
    budget, lines = find_budget_table(recover_layout(text))
    row = _cells(text, text.index("| 387664.62"), ["387664.62", "387664.62", "100%"])
    assert budget == BudgetFinding(
        adjusted=Found(38.766462, row[0].start, row[0].end),
        spent=Found(38.766462, row[1].start, row[1].end),
        execution_rate=Found(100, row[2].start, row[2].end),
    )
    assert [line.name.value for line in lines] == ["年度资金总额", "当年财政拨款"]


@needs_corpus
def test_corpus_jishan_one_line_dump() -> None:
    text = _text(CORPUS / "jishan_yibao_jiandanglika.txt")
    budget, lines = find_budget_table(recover_layout(text))
    row = _cells(text, text.index("得分 65.66"), ["65.66", "65.07", "99%"])
    assert budget == BudgetFinding(
        adjusted=Found(65.66, row[0].start, row[0].end),
        spent=Found(65.07, row[1].start, row[1].end),
        execution_rate=Found(99, row[2].start, row[2].end),
    )
    assert [line.name.value for line in lines] == ["年度资金总额", "当年财政拨款"]


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [
        "dalian_yibao_nenglitisheng_2024.txt",  # prose only
        "suizhou_jijiuzhongxin_rencaipeixun.txt",  # fused digits: 4.918.423.323.31(X)%
        "yuanzhou_nongye_malingshu.txt",  # header words fused with their figures
    ],
)
def test_corpus_reports_without_a_readable_budget_table(name: str) -> None:
    assert find_budget_table(recover_layout(_text(CORPUS / name))) == (None, [])


@pytest.mark.parametrize("stem", ["000", "001", "002"])
def test_samples_without_a_budget_table(stem: str) -> None:
    assert find_budget_table(recover_layout(_sample(stem))) == (None, [])


def test_label_figure_pairs_with_part_rows_in_yuan_and_a_garbled_figure_left_empty() -> None:
    text = (
        "项目负责人\t王某\t联系电话\t13800000000\n"
        "计划安排资金(元)\t250000\t实际到位资金(元)\t250000\t实际支出(元)\t24,80.0,00\t结余(元)\t2000\n"
        "其中:中央财政\t\t其中:中央财政\t\t其中:中央财政\t\t其中:中央财政\t\n"
        "省财政\t150000\t省财政\t150000\t省财政\t148000\t省财政\t2000\n"
        "县财政\t100000\t县财政\t100000\t县财政\t10,00.0,00\t县财政\t0\n"
        "二、项目支出明细情况\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    at = text.index("250000")
    assert budget == BudgetFinding(initial=Found(25, at, at + 6))
    province = _cells(text, text.index("省财政"), ["省财政", "150000", "148000"])
    county = _cells(text, text.index("县财政"), ["县财政", "100000"])
    assert lines == [
        _line(province[0], initial=(15, province[1]), spent=(14.8, province[2])),
        _line(county[0], initial=(10, county[1])),
    ]


def test_label_figure_pairs_one_cell_per_line() -> None:
    text = (
        "计划安排资金 (万元) |\n36.5 |\n实际到位资金 (万元) |\n36.5 |\n实际支出 (万元) |\n30.2 |\n"
        "结余 (万元) |\n6.3 |\n||||||\n"
        "其中:中央财政 |\n20 |\n其中:中央财政 |\n20 |\n其中:中央财政 |\n18 |\n其中:中央财政 |\n2 |\n||||||\n"
        "其它 |\n|\n其它 |\n|\n其它 |\n|\n其它 |\n|\n||||||\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    total = _cells(text, 0, ["36.5", "36.5", "30.2"])
    central = _cells(text, text.index("其中:中央财政"), ["中央财政", "20", "20", "18"])
    assert budget == BudgetFinding(
        initial=Found(36.5, total[0].start, total[0].end), spent=Found(30.2, total[2].start, total[2].end)
    )
    assert lines == [_line(central[0], initial=(20, central[1]), spent=(18, central[3]))]


def test_pairs_of_field_labels_are_not_a_budget_table() -> None:
    text = "项目负责人\t王某\t联系电话\t13800000000\n项目地址\t某县\t邮编\t414100\n"
    assert find_budget_table(recover_layout(text)) == (None, [])


def test_a_department_forms_tasks_below_its_funds_are_no_budget_lines() -> None:
    # 年度主要任务 | 任务名称 | 主要内容 | 预算金额: each task names what it may spend, not the year's figures
    text = (
        "年度预算申请（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
        "年度资金总额\t820\t846.5\t830.2\t10\t98.07%\t9.81\n"
        "年度主要任务\t任务名称\t主要内容\t预算金额（万元）\n"
        "\t河道日常保洁\t完成全县主要河道日常保洁与巡查\t260\n"
    )
    budget, lines = find_budget_table(recover_layout(text))
    total = _cells(text, text.index("年度资金总额"), ["年度资金总额", "820", "846.5", "830.2", "98.07"])
    assert _seen(lines, text) == [
        (
            "年度资金总额",
            "年度资金总额",
            (820, "820"),
            None,
            (846.5, "846.5"),
            (830.2, "830.2"),
            (98.07, "98.07%"),
        )
    ]
    assert budget.adjusted == Found(846.5, total[2].start, total[2].end)


def test_amounts_of_a_row_whose_cells_were_dropped_never_sit_in_the_points_columns() -> None:
    # a part row printed with spaces: three amounts for 年初/全年/执行, its 分值/执行率/得分 blank
    text = (
        "年度预算申请（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "年度资金总额 1280 1356.4 1320.8 10 97.38% 9.74\n"
        "其中：基本支出 760 802.6 802.6\n"
    )
    _, lines = find_budget_table(recover_layout(text))
    at = text.index("其中：基本支出")
    assert _seen(lines, text)[1] == (
        "基本支出",
        "基本支出",
        (760, "760"),
        None,
        (802.6, text[text.index("802.6", at) : text.index("802.6", at) + 5]),
        (802.6, "802.6"),
        None,
    )


def test_a_unit_note_on_the_line_above_reads_the_table_in_yuan() -> None:
    table = "项目资金\t年初预算数\t全年预算数\t全年执行数\n年度资金总额\t254000\t268500\t261900.5\n"
    noted = "单位：元\n" + table
    budget, _ = find_budget_table(recover_layout(noted))
    at = noted.index("261900.5")
    assert budget is not None and budget.spent == Found(26.19005, at, at + 8)
    # a unit named after a place whose name opens with 元 is no unit note: the table stays in 万元
    named = "项目单位：元江县林业和草原局\n" + table
    budget, _ = find_budget_table(recover_layout(named))
    at = named.index("261900.5")
    assert budget is not None and budget.spent == Found(261900.5, at, at + 8)

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.extract.rules import budget
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding, find_budget, outside
from pipeline.normalize import normalize
from tests.shared_data import shared_dir

REPORTS = Path(__file__).resolve().parents[1] / "evals" / "reports"
CORPUS = shared_dir("corpus")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")


def _text(path: Path) -> str:
    return normalize(path.read_text(encoding="utf-8")).text


def _sample(stem: str) -> str:
    return _text(next(REPORTS.glob(f"{stem}_*.txt")))


def _at(text: str, value: float | str, context: str, piece: str, start: int = 0) -> Found:
    """`piece` where it first sits inside the first `context` at or after `start`."""
    begin = text.index(context, start) + context.index(piece)
    return Found(value, begin, begin + len(piece))


# --- one rule at a time, on hand-made sentences -------------------------------------------------


def test_each_figure_is_the_amount_after_its_key_word() -> None:
    text = (
        "2024年国家医疗保障局下达5155万元，2023年结转资金2326.59万元，"
        "全年预算为7481.59万元，实际支出4097.51万元，执行率为54.77%。"
    )
    assert find_budget(text) == BudgetFinding(
        initial=_at(text, 5155, "下达5155万元", "5155万元"),
        carryover=_at(text, 2326.59, "2326.59万元", "2326.59万元"),
        adjusted=_at(text, 7481.59, "7481.59万元", "7481.59万元"),
        spent=_at(text, 4097.51, "4097.51万元", "4097.51万元"),
        execution_rate=_at(text, 54.77, "54.77%", "54.77%"),
    )


def test_the_carry_over_alone_is_read_when_only_it_is_wanted() -> None:
    text = "当年下达资金860万元，上年结转资金120.5万元，全年预算980.5万元，实际支出900万元。"
    assert find_budget(text, wanted=("carryover",)) == BudgetFinding(
        carryover=_at(text, 120.5, "120.5万元", "120.5万元")
    )
    assert find_budget(text, wanted=("carryover", "spent")) == find_budget(text)
    assert find_budget(text).initial == _at(text, 860, "860万元", "860万元")


def test_a_figure_after_another_key_word_is_not_taken() -> None:
    text = "全年预算数(A)全年执行数(B)执行率(B/A)其中中央补助自治区补助300万元"
    assert find_budget(text) == BudgetFinding()


def test_category_parts_are_not_the_whole() -> None:
    text = (
        "2024年度全年预算数271.81万元，其中人员类项目下达74.73，支出74.23万元，执行率100%；"
        "运转类项目下达6.08万元，支出2.96万元；\n\n执行率48.7%。"
    )
    assert find_budget(text) == BudgetFinding(adjusted=_at(text, 271.81, "271.81万元", "271.81万元"))


def test_a_leftover_is_a_carryover_only_when_a_year_names_it() -> None:
    named = "全年预算数合计1494.9万元，其中2019年医疗救助补助资金结余414.06万元。"
    assert find_budget(named).carryover == _at(named, 414.06, "414.06万元", "414.06万元")
    leftover = "该项资金已使用1.5464万元，结余136元已被财政收回。"
    assert find_budget(leftover).carryover is None


def test_a_sum_after_the_carryover_is_the_budget_for_the_year() -> None:
    text = "当年下达我市补助资金1033万元，上年结转至本年使用428.84万元，共计1461.84万元。"
    found = find_budget(text)
    assert (found.initial, found.carryover, found.adjusted) == (
        _at(text, 1033, "1033万元", "1033万元"),
        _at(text, 428.84, "428.84万元", "428.84万元"),
        _at(text, 1461.84, "1461.84万元", "1461.84万元"),
    )


def test_a_sum_after_the_allocation_alone_is_the_initial_figure() -> None:
    text = "年初下达到县医保局账户共计1.96万元，此项资金被压减4000元。"
    found = find_budget(text)
    assert found.initial == _at(text, 1.96, "1.96万元", "1.96万元")
    assert found.adjusted == _at(text, 1.56, "4000元", "4000元")  # initial − the cut, read at the cut


def test_a_cut_without_its_remainder_gives_initial_minus_cut() -> None:
    text = "财政二下审核额度为15000元，经费缩减3890元指标，此项资金共使用11029.86元，资金使用率99.27%。"
    assert find_budget(text) == BudgetFinding(
        initial=_at(text, 1.5, "15000元", "15000元"),
        adjusted=_at(text, 1.111, "3890元", "3890元"),
        spent=_at(text, 1.102986, "11029.86元", "11029.86元"),
        execution_rate=_at(text, 99.27, "99.27%", "99.27%"),
    )


def test_a_stated_remainder_wins_over_the_cut() -> None:
    text = "财政二下审核额度为19600元，缩减4000元指标，剩余指标15600元。"
    assert find_budget(text).adjusted == _at(text, 1.56, "15600元", "15600元")


def test_without_a_change_the_budget_for_the_year_is_the_initial_one() -> None:
    text = "财政二下审核额度为20000元，此项资金共使用19945.5元。"
    initial = _at(text, 2, "20000元", "20000元")
    assert find_budget(text) == BudgetFinding(
        initial=initial, adjusted=initial, spent=_at(text, 1.99455, "19945.5元", "19945.5元")
    )


def test_all_spent_is_the_budget_for_the_year() -> None:
    text = "财政二下审核额度为30000元，缩减4000元指标，剩余指标26000元，截止年底此项资金已使用完毕。"
    assert find_budget(text).spent == _at(text, 2.6, "已使用完毕", "已使用完毕")


def test_the_rate_is_the_whole_budgets_not_an_indicators() -> None:
    text = "集中采购执行率达100%，剩余54.5元，使用率99.7%。"
    assert find_budget(text).execution_rate == _at(text, 99.7, "99.7%", "99.7%")
    assert find_budget("预算执行率NaN%。").execution_rate is None


def test_only_the_given_range_is_read() -> None:
    text = "一、甲\n年初预算数10万元。\n二、乙\n年初预算数20万元。"
    second = text.index("二、")
    assert find_budget(text, second).initial == _at(text, 20, "20万元", "20万元")
    assert find_budget(text, 0, second).initial == _at(text, 10, "10万元", "10万元")


# --- the samples --------------------------------------------------------------------------------


def test_sample_000() -> None:
    text = _sample("000")
    assert find_budget(text) == BudgetFinding(
        initial=_at(text, 5155, "国家医疗保障局下达5155万元", "5155万元"),
        carryover=_at(text, 2326.59, "2023年结转资金2326.59万元", "2326.59万元"),
        adjusted=_at(text, 7481.59, "全年预算为7481.59万元", "7481.59万元"),
        spent=_at(text, 4097.51, "实际支出4097.51万元", "4097.51万元"),
        execution_rate=_at(text, 54.77, "执行率为54.77%", "54.77%"),
    )


def test_sample_001_takes_no_distributed_or_part_amounts() -> None:
    text = _sample("001")  # 合计865万元 went to the counties; 当年下达资金支出1007.25万元 is a part
    assert find_budget(text) == BudgetFinding(
        initial=_at(text, 1033, "当年下达我市医疗服务与保障能力提升补助资金1033万元", "1033万元"),
        carryover=_at(text, 428.84, "上年结转至本年使用428.84万元", "428.84万元"),
        adjusted=_at(text, 1461.84, "共计1461.84万元", "1461.84万元"),
        spent=_at(text, 1436.09, "全市共支出1436.09万元", "1436.09万元"),
        execution_rate=_at(text, 98.24, "预算执行率为98.24%", "98.24%"),
    )


_HEADINGS_002 = (
    "一、城乡医疗救助“一站式”结算服务管理系统维护费",
    "二、打击欺诈骗取医疗保障基金专项行动经费",
    "三、开展城乡医保工作经费",
    "四、开展医疗机构药品跨区域联合集中采购改革经费",
    "五、医保待遇核定和医药管理经费",
    "六、城乡医疗救助",
)


def _sections_002(text: str) -> list[tuple[int, int]]:
    starts = [text.index(heading) for heading in _HEADINGS_002]
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


def test_sample_002_one_budget_per_project_section() -> None:
    text = _sample("002")
    (s1, _), (s2, _), (s3, _), (s4, _), (s5, _), (s6, _) = _sections_002(text)
    expected = [
        BudgetFinding(
            initial=_at(text, 1.96, "审核额度为19600元", "19600元", s1),
            adjusted=_at(text, 1.56, "剩余指标15600元", "15600元", s1),
            spent=_at(text, 1.5464, "共使用15464元", "15464元", s1),
            execution_rate=_at(text, 99.12, "预算执行率99.12%", "99.12%", s1),
        ),
        BudgetFinding(
            initial=_at(text, 3, "审核额度为30000元", "30000元", s2),
            adjusted=_at(text, 2.6, "剩余指标26000元", "26000元", s2),
            spent=_at(text, 2.6, "已使用完毕", "已使用完毕", s2),
        ),
        BudgetFinding(
            initial=_at(text, 3, "审核额度为30000元", "30000元", s3),
            adjusted=_at(text, 2.589, "剩余指标25890元", "25890元", s3),
            spent=_at(text, 2.589, "已使用完毕", "已使用完毕", s3),
        ),
        BudgetFinding(
            initial=_at(text, 2, "审核额度为20000元", "20000元", s4),
            adjusted=_at(text, 2, "审核额度为20000元", "20000元", s4),
            spent=_at(text, 1.99455, "共使用19945.5元", "19945.5元", s4),
            execution_rate=_at(text, 99.7, "使用率99.7%", "99.7%", s4),
        ),
        BudgetFinding(
            initial=_at(text, 1.5, "审核额度为15000元", "15000元", s5),
            adjusted=_at(text, 1.111, "缩减3890元", "3890元", s5),
            spent=_at(text, 1.102986, "共使用11029.86元", "11029.86元", s5),
            execution_rate=_at(text, 99.27, "资金使用率99.27%", "99.27%", s5),
        ),
        BudgetFinding(
            initial=_at(text, 1080.84, "合计1080.84万元", "1080.84万元", s6),
            carryover=_at(text, 414.06, "结余414.06万元", "414.06万元", s6),
            adjusted=_at(text, 1494.9, "全年预算数合计1494.9万元", "1494.9万元", s6),
            spent=_at(text, 1152.4, "实际支出医疗救助资金1152.4万元", "1152.4万元", s6),
        ),
    ]
    assert [find_budget(text, start, end) for start, end in _sections_002(text)] == expected


def test_sample_003_states_only_the_budget_for_the_year_in_prose() -> None:
    text = _sample("003")  # the other figures are category parts; the table has the rest
    assert find_budget(text) == BudgetFinding(
        adjusted=_at(text, 271.81, "全年预算数271.81万元", "271.81万元")
    )


def test_sample_004_states_its_budget_only_in_the_table() -> None:
    assert find_budget(_sample("004")) == BudgetFinding()


# --- the corpus ---------------------------------------------------------------------------------


@needs_corpus
def test_corpus_dalian_skips_the_spending_items() -> None:
    text = _text(CORPUS / "dalian_yibao_nenglitisheng_2024.txt")
    assert find_budget(text) == BudgetFinding(
        initial=_at(text, 1337, "下达我市共计1337万元", "1337万元"),
        carryover=_at(text, 1132.3, "结转2023年资金1132.3万元", "1132.3万元"),
        adjusted=_at(text, 2469.3, "全年可使用资金合计2469.3万元", "2469.3万元"),
        spent=_at(text, 1709.1, "共使用资金1709.1万元", "1709.1万元"),
        execution_rate=_at(text, 69.21, "资金执行率达69.21%", "69.21%"),
    )


@needs_corpus
def test_corpus_ezhou_states_the_spending_in_prose() -> None:
    text = _text(CORPUS / "ezhou_shenpiju_shiminzhongxin.txt")
    assert find_budget(text) == BudgetFinding(
        spent=_at(text, 125.25, "执行数为125.25万元", "125.25万元"),
        execution_rate=_at(text, 83.5, "完成预算的83.50%", "83.50%"),
    )


@needs_corpus
def test_corpus_yuanzhou_fused_form_reads_only_proven_figures() -> None:
    text = _text(CORPUS / "yuanzhou_nongye_malingshu.txt")
    # the budget cell that carries its column word; the spending and rate below the empty cells
    # only because 259.45 / 300 rounds to the 86.5 % written
    assert find_budget(text) == BudgetFinding(
        adjusted=_at(text, 300, "全年预算数(A)300", "300"),
        spent=_at(text, 259.45, "259.45万元", "259.45万元"),
        execution_rate=_at(text, 86.5, "86.5%", "86.5%"),
    )


def test_department_prose_income_and_spending_totals_in_yuan() -> None:
    text = "某县档案馆2024年度收入合计1234567.8元,支出合计1000000元,执行率为81.00%,其中:基本支出800000元。"
    assert find_budget(text) == BudgetFinding(
        adjusted=_at(text, 123.45678, "收入合计1234567.8元", "1234567.8元"),
        spent=_at(text, 100, "支出合计1000000元", "1000000元"),
        execution_rate=_at(text, 81, "执行率为81.00%", "81.00%"),
    )


def test_allocation_words_and_a_budget_written_before_its_amount() -> None:
    text = "我校按生均800元安排,共计96万元。财政安排支出共计40.5万元,余款安排下年支出。"
    assert find_budget(text) == BudgetFinding(
        initial=_at(text, 96, "共计96万元", "96万元"),
        adjusted=_at(text, 96, "共计96万元", "96万元"),
        spent=_at(text, 40.5, "支出共计40.5万元", "40.5万元"),
    )
    fund = "全年共投入森林防火经费预算5200万元,实际执行4680.5万元,预算完成90%。"
    assert find_budget(fund) == BudgetFinding(
        initial=_at(fund, 5200, "预算5200万元", "5200万元"),
        adjusted=_at(fund, 5200, "预算5200万元", "5200万元"),
        spent=_at(fund, 4680.5, "实际执行4680.5万元", "4680.5万元"),
        execution_rate=_at(fund, 90, "预算完成90%", "90%"),
    )


def test_money_left_over_at_the_end_does_not_change_the_budget() -> None:
    text = "2023年度安排专项资金5,200万元。截至年底，项目资金共支出4,100万元，结余资金1,100万元。"
    found = find_budget(text)
    assert found.initial == _at(text, 5200, "安排专项资金5,200万元", "5,200万元")
    assert found.adjusted == found.initial


def test_a_forms_cells_that_carry_their_column_word() -> None:
    text = "金额单位:万元\n预算数 12.5 到位数 12.5 执行数 11.8 94.40\n"
    found = find_budget(text)
    assert found.adjusted == _at(text, 12.5, "预算数 12.5", "12.5")
    assert found.spent == _at(text, 11.8, "执行数 11.8", "11.8")
    assert find_budget("预算数 12.5 执行数 11.8\n") == BudgetFinding()  # no unit declared: not read


def test_a_column_word_and_a_figure_in_the_next_cell_are_not_one_cell() -> None:
    assert find_budget("金额单位:万元\n评审后预算数\t1\t执行数\t0\n") == BudgetFinding()


def test_the_unlabelled_figure_ending_a_labelled_row_is_the_rate_under_a_rate_column() -> None:
    header = "金额单位:万元\n预算安排情况 资金到位情况 资金执行情况 预算执行进度(%)\n"
    text = header + "预算数 20.5 到位数 20.5 执行数 18.45 90.00\n其中:财政资金 20.5\n"
    assert find_budget(text).execution_rate == _at(text, 90, "18.45 90.00", "90.00")
    no_column = "金额单位:万元\n预算数 20.5 到位数 20.5 执行数 18.45 90.00\n"
    assert find_budget(no_column).execution_rate is None
    not_ending = header + "预算数 20.5 到位数 20.5 执行数 18.45 90.00 其他\n"
    assert find_budget(not_ending).execution_rate is None


def test_an_amount_spent_in_full_is_the_years_budget_and_its_spending() -> None:
    text = "年初下达资金500万元,后追加清算资金40万元,全年540万元全部执行到位。"
    found = find_budget(text)
    assert found.initial == _at(text, 500, "500万元", "500万元")
    assert found.adjusted == _at(text, 540, "540万元全部", "540万元")
    assert found.spent == found.adjusted
    part = "年初下达资金500万元,其中培训经费40万元全部执行到位。"
    assert find_budget(part).spent is None


def test_the_spent_in_full_amounts_are_what_a_scan_of_the_section_finds() -> None:
    """Tried only in the run of amount characters before each word (`_spent_in_full_matches`):
    the same matches as the pattern's own scan, a run cut by the range or by the last match
    included."""
    pattern = budget._SPENT_IN_FULL
    text = "资金 1,234.5 万元 全部执行到位，5,1,234万元已全部使用；300万全部执行完毕，12元已使用完毕"
    expected = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in budget._spent_in_full_matches(text, 0, len(text))] == expected
    assert len(expected) == 3  # 300万 before a word is no unit (万 before a character): no amount
    pieces = ["资金", "3728", "1,234", ".5", "．", "－", "万元", "元", "亿元", "万", " ", "\n", "，", "其中"]
    pieces += ["全部执行到位", "已全部使用", "已使用完毕", "全部执行完毕"]
    rng = random.Random(21)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 14)))
        start = rng.randrange(len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        got = [m.span() for m in budget._spent_in_full_matches(text, start, end)]
        assert got == [m.span() for m in pattern.finditer(text, start, end)], (text, start, end)


def test_the_three_public_expenses_rates_are_parts_not_the_budgets() -> None:
    text = (
        "本年支出合计6520.40万元。\n"
        "（一）“三公”经费财政拨款支出决算总体情况说明。\n“三公”经费财政拨款支出年初预算为4.10万元，支出决\n"
        "算为1.23万元，完成预算的30.00%，其中：因公出国（境）费决算为0.00万元，完成预算的0.00%；"
        "公务用车购置及运行维护费支出决算为0.00万元，完成预算的0.00%；公务接待费支出决算为1.23万元，"
        "完成预算的30.00%。\n"
    )
    assert find_budget(text, 0, len(text)).execution_rate is None


def test_empty_spending_and_rate_cells_take_the_figures_that_open_the_next_lines() -> None:
    text = (
        "资金情况(万元)全年预算数(A)120全年执行数(B)执行率(B/A)其中省级补助120万元\n"
        "96.6万元\n"
        "80.5%县级资金年度总体目标…"
    )
    assert find_budget(text) == BudgetFinding(
        adjusted=_at(text, 120, "(A)120", "120"),
        spent=_at(text, 96.6, "96.6万元", "96.6万元"),
        execution_rate=_at(text, 80.5, "80.5%", "80.5%"),
    )


def test_figures_below_an_empty_cell_stay_unread_when_the_rate_does_not_check() -> None:
    text = (
        "资金情况(万元)全年预算数(A)120全年执行数(B)执行率(B/A)其中省级补助120万元\n"
        "96.6万元\n"
        "90%县级资金年度总体目标…"
    )
    assert find_budget(text) == BudgetFinding(adjusted=_at(text, 120, "(A)120", "120"))


def test_outside_drops_the_figures_read_inside_the_spans() -> None:
    finding = BudgetFinding(
        initial=Found(3000, 10, 18), spent=Found(820.5, 60, 67), execution_rate=Found(76.4, 72, 77)
    )
    assert outside(finding, [(50, 80)]) == BudgetFinding(initial=Found(3000, 10, 18))
    assert outside(finding, []) is finding


def test_part_year_and_forecast_spending_is_not_the_years_spending() -> None:
    text = "截至三季度，项目年初预算80万元，1-9月执行数52.6万元，预计全年支出78万元。\n"
    assert find_budget(text) == BudgetFinding(
        initial=_at(text, 80, "预算80万元", "80万元"), adjusted=_at(text, 80, "预算80万元", "80万元")
    )
    cells = "金额单位:万元\n预算数 80.0 1-9月执行数 52.6\n"
    assert find_budget(cells) == BudgetFinding(adjusted=_at(cells, 80, "预算数 80.0", "80.0"))
    rate = "项目预算80万元，1-9月执行率65.75%。\n"
    assert find_budget(rate).execution_rate is None
    year_end = "项目预计投资80万元，实际支出76万元，执行率95%。\n"
    assert find_budget(year_end).spent == _at(year_end, 76, "支出76万元", "76万元")


def test_a_sentence_on_another_years_money_is_no_figure_of_the_year_evaluated() -> None:
    text = (
        "2021年度该项目预算350万元，实际支出342万元。"
        "2022年年初预算安排本项目资金420万元，实际支出401.5万元，预算执行率95.6%。"
    )
    assert find_budget(text, year=2022) == BudgetFinding(
        initial=_at(text, 420, "420万元", "420万元"),
        adjusted=_at(text, 420, "420万元", "420万元"),
        spent=_at(text, 401.5, "401.5万元", "401.5万元"),
        execution_rate=_at(text, 95.6, "95.6%", "95.6%"),
    )
    # with no year known, the first sentence's figures are read as before
    assert find_budget(text).initial == _at(text, 350, "350万元", "350万元")


def test_money_carried_on_into_next_year_is_no_change_to_the_budget() -> None:
    text = "2023年下达项目资金86.4万元，全年支出80.1万元，余款6.3万元结转下年使用。"
    finding = find_budget(text, year=2023)
    assert (finding.initial, finding.adjusted) == (_at(text, 86.4, "86.4万元", "86.4万元"),) * 2


def test_a_department_budget_beside_last_years_and_the_san_gong_part() -> None:
    text = (
        "上年度本部门支出合计1820.4万元。2024年部门年初预算1906.2万元，年中调整预算2044.7万元，"
        "全年支出1987.3万元，预算执行率97.19%。\n“三公”经费年初预算12万元，实际支出10.6万元。"
    )
    assert find_budget(text, year=2024) == BudgetFinding(
        initial=_at(text, 1906.2, "1906.2万元", "1906.2万元"),
        adjusted=_at(text, 2044.7, "2044.7万元", "2044.7万元"),
        spent=_at(text, 1987.3, "1987.3万元", "1987.3万元"),
        execution_rate=_at(text, 97.19, "97.19%", "97.19%"),
    )
    # 上年结转 is this year's money: a sentence naming it is no other year's
    carried = "2024年上年结转资金30万元，当年下达120万元，全年预算150万元。"
    assert find_budget(carried, year=2024).adjusted == _at(carried, 150, "150万元", "150万元")
    # a change of the budget, not the budget for the year
    assert find_budget("年中调整预算减少50万元。").adjusted is None


def test_a_projects_budget_funds_and_the_funds_it_used() -> None:
    text = "2023年项目预算资金58万元，实际到位资金58万元，实际使用资金55.2万元，资金使用率95.17%。"
    assert find_budget(text, year=2023) == BudgetFinding(
        initial=_at(text, 58, "58万元", "58万元"),
        adjusted=_at(text, 58, "58万元", "58万元"),
        spent=_at(text, 55.2, "55.2万元", "55.2万元"),
        execution_rate=_at(text, 95.17, "95.17%", "95.17%"),
    )


def test_a_later_years_cut_off_dates_the_spending_of_the_year_evaluated() -> None:
    text = "2023年下达项目资金96万元。截至2024年2月底，实际支出91.2万元。"
    assert find_budget(text, year=2023).spent == _at(text, 91.2, "91.2万元", "91.2万元")


def _searched(field: str, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The keys of `field` as one `search` after another finds them (no anchor words)."""
    pattern, pos, found = budget._key_pattern(field), start, []
    while (m := pattern.search(text, pos, end)) is not None:
        found.append((m.start(), m.end(), m.group("gap")))
        pos = m.start() + 1
    return found


_PIECES = (
    "上年结转",
    "上年度结转",
    "结转2023年资金",
    "2022年度结转资金",
    "结转资金",
    "2019年医疗救助补助资金结余",
    "结余",
    "结转下年",
    "300.5万元",
    "1,200",
    "2024年",
    "12",
    "，",
    "。",
    "\n",
    "资金",
    "元",
)


def test_the_carry_over_keys_are_found_from_their_anchor_words_as_a_search_finds_them() -> None:
    assert budget._anchored("carryover") == (("结转", "结余"), 19)
    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randrange(1, 10)))
        start = rng.randrange(len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        found = [
            (m.start(), m.end(), m.group("gap")) for m in budget._key_matches("carryover", text, start, end)
        ]
        assert found == _searched("carryover", text, start, end), (text, start, end)


@pytest.mark.parametrize(
    ("keys", "reach"),
    [
        ((r"\d{4}年[^。；;\n\d]{0,12}?结余", "上年结转"), 19),
        ((r"(?:上年)?结转",), 4),
        ((r"结(?:转|余)",), None),  # the word is split by a group
        (("上年结转|结余资金",), None),  # an alternative at the top
        ((r"\d+结转",), None),  # no longest width
        (("结转?",), None),  # 转 is optional
    ],
)
def test_a_field_is_anchored_only_where_every_key_holds_a_word(
    keys: tuple[str, ...], reach: int | None
) -> None:
    assert budget._anchor_reach(keys, ("结转", "结余")) == reach

"""Domain checks: each finding's flag (kind, message, path) and the fields it caps."""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

import pytest

from pipeline.core.models import (
    Actual,
    Budget,
    BudgetLine,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    ReportInfo,
    Source,
    Target,
)
from pipeline.trust.checks import (
    _HEADER_CORES,
    _HEADER_WORDS,
    Finding,
    _header_years,
    budget_findings,
    indicator_findings,
    run_checks,
    year_findings,
)


def result(
    projects: tuple[Project, ...] = (), lines: tuple[BudgetLine, ...] = (), **report: Any
) -> ReportExtraction:
    return ReportExtraction(
        source=Source(path="r.txt", sha256="0" * 64, format="txt"),
        report=ReportInfo(**report),
        projects=projects,
        budget_lines=lines,
        extractor=ExtractorInfo(backend="rules", version="0"),
    )


def finding(kind: str, message: str, path: str, *fields: str) -> Finding:
    return Finding(Flag(kind=kind, message=message, path=path), fields)


def test_execution_rate_against_spent_over_adjusted() -> None:
    project = Project(name="p", budget=Budget(adjusted=1.5, spent=1.2, execution_rate=99.27))
    assert budget_findings(result((project,))) == [
        finding(
            "execution_rate_mismatch",
            "execution rate 99.27 % but spent / adjusted = 1.2 / 1.5 = 80.00 %",
            "projects[0].budget.execution_rate",
            "projects[0].budget.execution_rate",
            "projects[0].budget.spent",
            "projects[0].budget.adjusted",
        )
    ]


def test_a_rate_within_half_a_point_passes_and_initial_plus_carryover_is_the_budget_without_adjusted() -> (
    None
):
    close = Project(name="a", budget=Budget(adjusted=7481.59, spent=4097.51, execution_rate=54.77))
    assert budget_findings(result((close,))) == []
    no_adjusted = Project(name="b", budget=Budget(initial=5, carryover=5, spent=5, execution_rate=90))
    [found] = budget_findings(result((no_adjusted,)))
    assert found.flag.message == "execution rate 90 % but spent / initial + carryover = 5 / 10 = 50.00 %"
    assert found.fields == (
        "projects[0].budget.execution_rate",
        "projects[0].budget.spent",
        "projects[0].budget.initial",
        "projects[0].budget.carryover",
    )


def test_budget_lines_over_100_and_negative_amounts() -> None:
    lines = (
        BudgetLine(
            name="大型修缮", initial=10, adjustment=-4.55, adjusted=5.45, spent=5.55, execution_rate=101.83
        ),
        BudgetLine(
            name="党团活动经费",
            initial=3.7,
            adjustment=-1091,
            adjusted=-1087.3,
            spent=1.79,
            execution_rate=-0.16,
        ),
    )
    assert budget_findings(result(lines=lines)) == [
        finding(
            "execution_rate_over_100",
            "execution rate 101.83 % is above 100 %",
            "budget_lines[0].execution_rate",
            "budget_lines[0].execution_rate",
        ),
        finding(
            "negative_amount",
            "adjusted is negative: -1087.3",
            "budget_lines[1].adjusted",
            "budget_lines[1].adjusted",
        ),
        finding(
            "negative_amount",
            "execution_rate is negative: -0.16",
            "budget_lines[1].execution_rate",
            "budget_lines[1].execution_rate",
        ),
    ]


def scored(name: str, weight: float, score: float) -> Indicator:
    return Indicator(name=name, weight=weight, score=score)


def test_scores_above_weights_weights_not_100_scores_not_the_self_score() -> None:
    project = Project(name="p", self_score=95, indicators=(scored("决策", 20, 22), scored("过程", 70, 60)))
    assert indicator_findings(result((project,))) == [
        finding(
            "score_exceeds_weight",
            "决策: score 22 is above its weight 20",
            "projects[0].indicators[0].score",
            "projects[0].indicators[0].score",
            "projects[0].indicators[0].weight",
        ),
        finding("weights_not_100", "the weights sum to 90, not 100", "projects[0].indicators"),
        finding(
            "scores_not_self_score",
            "the scores sum to 82, the self-score is 95",
            "projects[0].self_score",
            "projects[0].self_score",
        ),
    ]


def test_consistent_scores_raise_nothing() -> None:
    project = Project(name="p", self_score=90, indicators=(scored("决策", 30, 30), scored("过程", 70, 60)))
    assert indicator_findings(result((project,))) == []


def test_an_unmet_target_without_a_deviation_reason() -> None:
    unmet = Indicator(
        name="完成课题报告数量",
        target=Target(raw="=2篇", op="=", value=2, unit="篇"),
        actual=Actual(raw="1篇", value=1, unit="篇"),
        met=False,
    )
    explained = unmet.model_copy(update={"name": "培训", "deviation_reason": "疫情影响"})
    assert indicator_findings(result((Project(name="p", indicators=(unmet, explained)),))) == [
        finding(
            "unmet_without_reason",
            "完成课题报告数量: target =2篇 not met (actual 1篇) and no deviation reason",
            "projects[0].indicators[0]",
            "projects[0].indicators[0].target",
            "projects[0].indicators[0].actual",
        )
    ]


def test_the_same_indicator_twice_with_different_values() -> None:
    first = Indicator(name="培训班次", target=Target(raw="≥10个", op=">=", value=10, unit="个"))
    again = Indicator(name="“培训班次”", target=Target(raw="≥12个", op=">=", value=12, unit="个"))
    same = Indicator(name="培训 班次", target=Target(raw="≥10个", op=">=", value=10, unit="个"))
    assert indicator_findings(result((Project(name="p", indicators=(first, again, same)),))) == [
        finding(
            "duplicate_indicator",
            "“培训班次” is stated twice (projects[0].indicators[0], projects[0].indicators[1]) "
            "with different target",
            "projects[0].indicators[1]",
            "projects[0].indicators[0].target",
            "projects[0].indicators[1].target",
        )
    ]


REPORT_TEXT = (
    "关于开展 2024 年度绩效自评工作的通知（平财字〔2025〕54 号）\n"
    "海东市平安区医疗保障局 2024 年度 整体支出绩效自评报告\n"
    "2025年度，我局将继续推进医保工作，确保各项任务圆满完成并按时报送相关材料和统计数据。\n"
    "(2021 年度)\n"
    "2023年度部门整体支出绩效自评表\n"
)


def test_a_table_header_or_title_with_another_year() -> None:
    offset = REPORT_TEXT.index("(2021")
    header = REPORT_TEXT.index("2023年度部门")
    assert year_findings(result(fiscal_year=2024), REPORT_TEXT) == [
        finding(
            "year_mismatch",
            f"line '(2021 年度)' at offset {offset} names 2021; the fiscal year is 2024",
            "report.fiscal_year",
            "report.fiscal_year",
        ),
        finding(
            "year_mismatch",
            f"line '2023年度部门整体支出绩效自评表' at offset {header} names 2023; the fiscal year is 2024",
            "report.fiscal_year",
            "report.fiscal_year",
        ),
    ]
    assert year_findings(result(), REPORT_TEXT) == []


def test_a_year_written_with_the_compatibility_ideograph_is_read_as_one() -> None:
    line = "（２０２２\uf98e度）"  # full-width digits and U+F98E: NFKC reads (2022年度)
    found = year_findings(result(fiscal_year=2024), f"正文\n{line}\n")
    assert [f.flag.message for f in found] == [
        f"line {line!r} at offset 3 names 2022; the fiscal year is 2024"
    ]


@pytest.mark.parametrize(
    ("line", "years"),
    [
        ("\u3000（2021年度）", [2021]),  # ideographic space before the bracket
        ("﹙2021年﹚", [2021]),  # small brackets: NFKC makes them ( and )
        ("2023年度部门整体支出绩效自评表", [2023]),
        ("2024年度绩效自评报告", [2024]),
        ("正文2021年度的工作，按时完成。", []),  # prose: neither bracketed nor a header word
        ("⑴2021年", []),  # NFKC: (1)2021年 — a bracket, but not a bracketed year
        ("2021年度报告已按时上报", []),  # 年 and 报, but no header word: not normalised at all
        ("（一）项目决策情况。2021年，我局按时上报。", []),  # opens with a bracket, ends with 。
        ("(2021年度)\u00a0", [2021]),  # a no-break space after it: NFKC makes it a space
        ("（2021年度⑴", []),  # NFKC closes it with `)`, but the year is not alone in the brackets
        ("2021年度项目支出情\ufa71表", [2021]),  # 况 as a compatibility ideograph: NFKC reads 情况表
        ("2021年度项目支出情\U0002f81b表", [2021]),
    ],
)
def test_header_years(line: str, years: list[int]) -> None:
    assert _header_years(line) == years


def test_nfkc_makes_nian_and_the_header_characters_of_themselves_alone() -> None:
    """What `_may_name_a_year` and `_may_hold_header` rely on to skip a line without normalising it."""
    makers: dict[str, set[str]] = {made: set() for made in "年表报评价标告况"}
    codes = {f"{ord(made):04X}" for made in makers}
    composed = set()  # characters whose decomposition holds one of them: none may compose into them
    for char in map(chr, range(sys.maxunicode + 1)):
        if not "\ud800" <= char <= "\udfff":
            for made in set(unicodedata.normalize("NFKC", char)) & makers.keys():
                makers[made].add(char)
            if codes & set(unicodedata.decomposition(char).split()):
                composed.add(char)
    assert composed == {"\uf98e", "\ufa71", "\U0002f81b"}  # singletons: 年, 况, 况
    assert makers == {
        "年": {"年", "\uf98e"},
        **{made: {made} for made in "表报评价标告"},
        "况": {"况", "\ufa71", "\U0002f81b"},
    }
    assert all(any(core in word for core in _HEADER_CORES) for word in _HEADER_WORDS)
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert all(unicodedata.normalize("NFKC", char).isspace() for char in spaces)


def test_run_checks_gathers_every_check() -> None:
    project = Project(name="p", budget=Budget(adjusted=-1))
    found = run_checks(result((project,), fiscal_year=2024), "(2021年度)\n")
    assert [f.flag.kind for f in found] == ["negative_amount", "year_mismatch"]


FORM_BUDGET = (
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "年度资金总额\t80\t80\t76\t10\t95%\t9.5\n"
)
NINETY = (scored("数量", 20, 20), scored("质量", 30, 30), scored("效益", 20, 20), scored("满意度", 20, 18))


def test_the_budget_rows_points_count_toward_the_totals() -> None:
    """Standard project form: indicators 90 points / 88, budget row 10 / 9.5, self-score 97.5."""
    project = Project(name="p", self_score=97.5, indicators=NINETY)
    assert indicator_findings(result((project,)), FORM_BUDGET) == []
    # without the budget row the same indicators do not add up
    assert [f.flag.kind for f in indicator_findings(result((project,)), "")] == [
        "weights_not_100",
        "scores_not_self_score",
    ]


def test_sums_that_do_not_add_up_even_with_the_budget_row_are_flagged() -> None:
    project = Project(name="p", self_score=90, indicators=NINETY[:3])
    assert indicator_findings(result((project,)), FORM_BUDGET) == [
        finding("weights_not_100", "the weights sum to 70, not 100", "projects[0].indicators"),
        finding(
            "scores_not_self_score",
            "the scores sum to 70, the self-score is 90",
            "projects[0].self_score",
            "projects[0].self_score",
        ),
    ]


def test_a_budget_row_whose_points_cannot_be_read_leaves_the_sums_undecided() -> None:
    unreadable = FORM_BUDGET.replace("\t95%\t", "\t\t")  # no rate to place 分值 and 得分 by
    project = Project(name="p", self_score=97.5, indicators=NINETY)
    assert indicator_findings(result((project,)), unreadable) == []


def test_replaced_characters_flag_the_report_with_count_and_first_offset() -> None:
    found = run_checks(result(()), "培训\ufffd班次 ≥1\ufffd个")
    assert found == [
        finding(
            "decode_errors",
            "2 undecodable byte sequences replaced by U+FFFD, the first at offset 2; "
            "values there have low confidence",
            "report",
        )
    ]
    assert run_checks(result(()), "培训班次") == []

"""The scorer on small hand-built gold/prediction pairs: each mistake moves exactly its figures."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pipeline.evaluate.counts import Counts, Tally
from pipeline.evaluate.scorer import (
    BUDGET_FIGURES,
    INDICATOR_FIELDS,
    REPORT_FIELDS,
    field_value,
    pair_projects,
    score_report,
)


def indicator(name: str, **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": name,
        "target": {"raw": "≥10个", "op": ">=", "value": 10, "unit": "个"},
        "actual": {"raw": "12个", "value": 12, "unit": "个"},
        "weight": 10,
        "score": 10,
        "deviation_reason": None,
    }
    for path, value in changes.items():
        head, _, tail = path.partition("__")
        if tail:
            record[head] = {**record[head], tail: value}
        else:
            record[head] = value
    return record


def gold_report() -> dict[str, Any]:
    return {
        "report": {
            "title": "2023年度医疗服务与保障能力提升补助资金绩效自评报告",
            "report_kind": "project",
            "fiscal_year": 2023,
            "agency": "宿州市医疗保障局",
            "province": "安徽省",
            "city": "宿州市",
            "county": None,
        },
        "projects": [
            {
                "name": "医疗服务与保障能力提升补助资金",
                "budget": {
                    "initial": 1033,
                    "carryover": 428.84,
                    "adjusted": 1461.84,
                    "spent": 1200,
                    "execution_rate": None,
                },
                "self_score": 95,
                "indicators": [
                    indicator("培训班次"),
                    indicator("监督检查覆盖率", target__op="=", target__value=100, target__unit="%"),
                    indicator(
                        "参保人员满意度",
                        level1="满意度指标",
                        level2="服务对象满意度指标",
                        deviation_reason="宣传不足",
                        score=8,
                    ),
                ],
            }
        ],
        "budget_lines": [
            {
                "name": "合计",
                "initial": 1033,
                "adjustment": 428.84,
                "adjusted": 1461.84,
                "spent": 1200,
                "execution_rate": None,
            }
        ],
    }


# 3 indicators × 9 fields, minus the two null deviation reasons.
GOLD_CELLS = 25
# Project: 4 budget figures + self_score; the line: 4 figures.
GOLD_BUDGET = 9


def indicators_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    indicators: list[dict[str, Any]] = report["projects"][0]["indicators"]
    return indicators


def test_perfect_prediction_scores_one_everywhere() -> None:
    score = score_report(gold_report(), gold_report())
    assert score.figures() == dict.fromkeys(score.figures(), 1.0)
    assert score.indicators == Counts(3, 3, 3)
    assert score.cells == Counts(GOLD_CELLS, GOLD_CELLS, GOLD_CELLS)
    assert score.budget == Tally(GOLD_BUDGET, GOLD_BUDGET)
    assert score.report_fields == Tally(4, 4)
    filled = ("budget.initial", "budget.carryover", "budget.adjusted", "budget.spent", "self_score")
    lines = ("line.initial", "line.adjustment", "line.adjusted", "line.spent")
    assert score.budget_by_field == {name: Tally(1, 1) for name in (*filled, *lines)}
    assert score.report_by_field == {name: Tally(1, 1) for name in REPORT_FIELDS}
    assert score.fields == {
        name: Tally(1, 1) if name == "deviation_reason" else Tally(3, 3) for name in INDICATOR_FIELDS
    }
    assert score.error is None


def test_dropping_one_of_n_lowers_recall_by_one_nth() -> None:
    prediction = gold_report()
    del indicators_of(prediction)[0]
    score = score_report(gold_report(), prediction)
    assert score.indicators == Counts(2, 2, 3)
    assert score.indicators.recall == pytest.approx(1 - 1 / 3)
    assert score.indicators.precision == 1.0
    assert score.cells == Counts(GOLD_CELLS - 8, GOLD_CELLS - 8, GOLD_CELLS)


@pytest.mark.parametrize(
    ("path", "wrong"),
    [("target.value", 11), ("target.op", ">"), ("target.unit", "次"), ("actual.value", 13), ("score", 9)],
)
def test_one_wrong_value_costs_that_field_and_one_cell_only(path: str, wrong: Any) -> None:
    prediction = gold_report()
    head, _, tail = path.partition(".")
    target = indicators_of(prediction)[0]
    if tail:
        target[head][tail] = wrong
    else:
        target[head] = wrong
    perfect, score = score_report(gold_report(), gold_report()), score_report(gold_report(), prediction)
    assert score.fields[path] == Tally(2, 3)
    assert {k: v for k, v in score.fields.items() if k != path} == {
        k: v for k, v in perfect.fields.items() if k != path
    }
    assert score.cells == Counts(GOLD_CELLS - 1, GOLD_CELLS, GOLD_CELLS)
    assert score.indicators == perfect.indicators
    assert (score.budget, score.report_fields) == (perfect.budget, perfect.report_fields)


def test_a_value_where_gold_has_none_is_wrong_and_an_extra_cell() -> None:
    prediction = gold_report()
    indicators_of(prediction)[0]["deviation_reason"] = "无偏差"
    score = score_report(gold_report(), prediction)
    assert score.fields["deviation_reason"] == Tally(1, 2)
    assert score.cells == Counts(GOLD_CELLS, GOLD_CELLS + 1, GOLD_CELLS)


def test_text_fields_compare_normalised_and_blank_is_null() -> None:
    prediction = gold_report()
    indicators_of(prediction)[2]["deviation_reason"] = " 宣传不足。"
    indicators_of(prediction)[0]["deviation_reason"] = "  "
    indicators_of(prediction)[1]["level1"] = "产出 指标"
    assert score_report(gold_report(), prediction).figures()["cell_f1"] == 1.0


def test_numbers_equal_within_one_millionth() -> None:
    prediction = gold_report()
    indicators_of(prediction)[0]["weight"] = 10.000001
    indicators_of(prediction)[1]["weight"] = 10.0001
    assert score_report(gold_report(), prediction).fields["weight"] == Tally(2, 3)


def test_an_extra_indicator_lowers_precision_only() -> None:
    prediction = gold_report()
    indicators_of(prediction).append(indicator("医保电子凭证激活人数"))
    score = score_report(gold_report(), prediction)
    assert score.indicators == Counts(3, 4, 3)
    assert (score.indicators.precision, score.indicators.recall) == (0.75, 1.0)
    assert score.cells == Counts(GOLD_CELLS, GOLD_CELLS + 8, GOLD_CELLS)


def test_names_match_through_numbering_and_damage() -> None:
    prediction = gold_report()
    indicators_of(prediction)[0]["name"] = "（1）培训班次："
    indicators_of(prediction)[1]["name"] = "指标2：监督检查复盖率"
    indicators_of(prediction).reverse()
    assert score_report(gold_report(), prediction).indicators == Counts(3, 3, 3)


def with_optional(report: dict[str, Any]) -> dict[str, Any]:
    indicators_of(report).append(indicator("指标1", optional=True, level2="时效指标"))
    return report


def test_optional_gold_missed_does_not_count_against_recall() -> None:
    score = score_report(with_optional(gold_report()), gold_report())
    assert score.indicators == Counts(3, 3, 3)
    assert score.cells == Counts(GOLD_CELLS, GOLD_CELLS, GOLD_CELLS)


def test_optional_gold_found_is_not_a_false_positive() -> None:
    prediction = with_optional(gold_report())
    indicators_of(prediction)[-1]["optional"] = False
    indicators_of(prediction)[-1]["weight"] = 99  # a wrong field of an optional match is not scored
    score = score_report(with_optional(gold_report()), prediction)
    assert score.indicators == Counts(3, 3, 3)
    assert score.cells == Counts(GOLD_CELLS, GOLD_CELLS, GOLD_CELLS)
    assert score.fields["weight"] == Tally(3, 3)


@pytest.mark.parametrize("error", [None, "000.txt: cannot decode"])
def test_missing_prediction_scores_zero(error: str | None) -> None:
    score = score_report(gold_report(), None, error=error)
    assert score.figures() == {
        "indicator_f1": 0.0,
        "cell_f1": 0.0,
        "indicator_precision": 0.0,
        "indicator_recall": 0.0,
        "cell_precision": 0.0,
        "cell_recall": 0.0,
        "budget_accuracy": 0.0,
        "report_field_accuracy": 0.0,
    }
    assert score.indicators == Counts(0, 0, 3)
    assert score.budget == Tally(0, GOLD_BUDGET)
    assert score.fields == {}
    assert score.error == error


def test_empty_extraction_scores_zero() -> None:
    empty = {
        "report": {"title": None, "report_kind": None, "fiscal_year": None, "agency": None},
        "projects": [],
        "budget_lines": [],
    }
    assert score_report(gold_report(), empty) == score_report(gold_report(), None)


@pytest.mark.parametrize(
    ("spent", "right"), [(1205.9, True), (1194.1, True), (1206.1, False), (1193.9, False)]
)
def test_budget_tolerance_is_half_a_percent(spent: float, right: bool) -> None:
    prediction = gold_report()
    prediction["projects"][0]["budget"]["spent"] = spent
    score = score_report(gold_report(), prediction)
    assert score.budget == Tally(GOLD_BUDGET - (0 if right else 1), GOLD_BUDGET)


def test_unmatched_budget_lines_count_their_fields_wrong() -> None:
    prediction = gold_report()
    prediction["budget_lines"] = [
        {
            "name": "党团活动经费",
            "initial": 5,
            "adjustment": None,
            "adjusted": None,
            "spent": None,
            "execution_rate": None,
        }
    ]
    score = score_report(gold_report(), prediction)
    assert score.budget == Tally(5, GOLD_BUDGET + 1)


def test_budget_lines_match_by_name_in_any_order() -> None:
    gold, prediction = gold_report(), gold_report()
    line = {
        "name": "1.人员经费",
        "initial": 3,
        "adjustment": None,
        "adjusted": 3,
        "spent": 2,
        "execution_rate": 66.67,
    }
    gold["budget_lines"].append(line)
    prediction["budget_lines"].insert(0, {**line, "name": "人员经费"})
    assert score_report(gold, prediction).budget == Tally(GOLD_BUDGET + 4, GOLD_BUDGET + 4)


def test_report_fields() -> None:
    prediction = gold_report()
    prediction["report"]["agency"] = "宿州市 医疗保障局"
    prediction["report"]["fiscal_year"] = 2022
    prediction["report"]["title"] = "2023年度医疗服务与保障能力提升补助资金\n绩效自评报告"
    prediction["report"]["city"] = "淮北市"  # place fields are not scored
    score = score_report(gold_report(), prediction)
    assert score.report_by_field == {
        "report_kind": Tally(1, 1),
        "fiscal_year": Tally(0, 1),
        "agency": Tally(1, 1),
        "title": Tally(1, 1),
    }
    assert score.report_fields == Tally(3, 4)


def test_a_wrong_title_is_one_wrong_report_field() -> None:
    prediction = gold_report()
    prediction["report"]["title"] = "项目支出绩效目标执行监控表"
    assert score_report(gold_report(), prediction).report_by_field["title"] == Tally(0, 1)


def test_budget_figures_are_tallied_per_field() -> None:
    prediction = gold_report()
    prediction["projects"][0]["budget"]["spent"] = 900
    prediction["budget_lines"] = []
    score = score_report(gold_report(), prediction)
    assert (score.budget_by_field["budget.spent"], score.budget_by_field["line.spent"]) == (
        Tally(0, 1),
        Tally(0, 1),
    )
    assert score.budget_by_field["budget.initial"] == Tally(1, 1)
    assert set(score.budget_by_field) <= set(BUDGET_FIGURES)


def test_a_lone_project_pairs_whatever_its_name() -> None:
    prediction = gold_report()
    prediction["projects"][0]["name"] = "宿州市医疗保障局"
    assert score_report(gold_report(), prediction).figures()["indicator_f1"] == 1.0


def two_projects() -> dict[str, Any]:
    report = gold_report()
    second = copy.deepcopy(report["projects"][0])
    second["name"] = "医疗救助补助资金"
    second["indicators"] = [indicator("救助人次")]
    report["projects"].append(second)
    return report


def test_several_projects_pair_by_name() -> None:
    gold = two_projects()
    assert pair_projects(gold["projects"], list(reversed(gold["projects"]))) == [(0, 1), (1, 0)]
    prediction = two_projects()
    prediction["projects"].reverse()
    assert score_report(gold, prediction).indicators == Counts(4, 4, 4)


def test_indicators_of_an_unpaired_project_are_missed_or_extra() -> None:
    gold, prediction = two_projects(), two_projects()
    prediction["projects"][1]["name"] = "完全不同的项目名称"
    score = score_report(gold, prediction)
    assert score.indicators == Counts(3, 4, 4)
    # The paired project and the line are right; each unpaired project's 5 figures are wrong.
    assert score.budget == Tally(GOLD_BUDGET, GOLD_BUDGET + 10)


def test_field_value() -> None:
    record = {"target": {"op": ">=", "unit": " "}, "weight": 0}
    assert field_value(record, "target.op") == ">="
    assert field_value(record, "target.unit") is None
    assert field_value(record, "actual.value") is None
    assert field_value(record, "weight") == 0

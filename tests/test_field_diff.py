"""The field-by-field diff of a prediction against its gold: which field, both values, the line."""

from __future__ import annotations

from pipeline_testing.field_diff import FieldMiss, report_misses, source_line

TEXT = "项目绩效自评表\n培训班次 ≥6期 7期 20 20\n合计 100\n"


def _indicator(weight: float | None, actual: float | None) -> dict[str, object]:
    at = TEXT.index("20")
    return {
        "name": "培训班次",
        "target": {"op": ">=", "value": 6, "unit": "期"},
        "actual": {"value": actual},
        "weight": weight,
        "evidence": [{"field": "weight", "start": at, "end": at + 2}],
    }


def _report(indicators: list[dict[str, object]], rate: float | None) -> dict[str, object]:
    return {"projects": [{"name": "某项目", "budget": {"execution_rate": rate}, "indicators": indicators}]}


def test_each_wrong_field_is_listed_with_the_line_it_was_read_from() -> None:
    gold = _report([_indicator(20, 7)], 98.5)
    predicted = _report([_indicator(7, None)], None)
    assert list(report_misses("r", TEXT, gold, predicted)) == [
        FieldMiss("r", "project 某项目", "budget.execution_rate", 98.5, None, "no evidence"),
        FieldMiss("r", "ind 培训班次", "actual.value", 7, None, "no evidence"),
        FieldMiss("r", "ind 培训班次", "weight", 20, 7, "line 2: 培训班次 ≥6期 7期 20 20"),
    ]


def test_budget_lines_on_one_side_only_are_listed_whole() -> None:
    gold = {"projects": [], "budget_lines": [{"name": "财政拨款", "execution_rate": 79.3}]}
    predicted = {"projects": [], "budget_lines": [{"name": "其他资金", "spent": 1.0}]}
    assert [m.render() for m in report_misses("r", TEXT, gold, predicted)] == [
        "r · line 财政拨款 (gold only) · execution_rate: gold 79.3 · predicted None · no evidence",
        "r · line 其他资金 (predicted only) · spent: gold None · predicted 1.0 · no evidence",
    ]


def test_a_target_field_points_at_the_target_span() -> None:
    at = TEXT.index("≥6期")
    record = {"evidence": [{"field": "target", "start": at, "end": at + 3}]}
    assert source_line(TEXT, record, "target.op") == "line 2: 培训班次 ≥6期 7期 20 20"

"""The chunk response models agree with schemas/chunk_response.schema.json."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from pipeline.core.schema import load_schema, validation_errors
from pipeline.llm.response import (
    BudgetItem,
    BudgetLineItem,
    BudgetLineQuotes,
    BudgetQuotes,
    ChunkResponse,
    IndicatorItem,
    IndicatorQuotes,
    ReportItem,
    ReportQuotes,
)

SCHEMA = "chunk_response.schema.json"

# JSON schema object (top level or a $defs name) → the model that mirrors it.
MIRRORS: list[tuple[str | None, type[BaseModel]]] = [
    (None, ChunkResponse),
    ("indicator", IndicatorItem),
    ("indicator_quotes", IndicatorQuotes),
    ("budget", BudgetItem),
    ("budget_quotes", BudgetQuotes),
    ("budget_line", BudgetLineItem),
    ("budget_line_quotes", BudgetLineQuotes),
    ("report", ReportItem),
    ("report_quotes", ReportQuotes),
]

FULL_ANSWER: dict[str, Any] = {
    "indicators": [
        {
            "chunk": 1,
            "project": None,
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "培训班次",
            "target_raw": "≥10个",
            "op": ">=",
            "target_value": 10,
            "target_unit": "个",
            "actual_raw": "12期",
            "actual_value": 12,
            "actual_unit": "期",
            "weight": 10,
            "score": 9.5,
            "deviation_reason": None,
            "quotes": {
                "name": "培训班次",
                "target": "≥10个",
                "actual": "12期",
                "weight": "10",
                "score": "9.5",
                "deviation_reason": None,
            },
        }
    ],
    "budgets": [
        {
            "chunk": 2,
            "project": "城乡医疗救助",
            "initial": 19600,
            "carryover": None,
            "adjusted": 15600,
            "spent": 15464,
            "execution_rate": None,
            "self_score": 91,
            "unit": "元",
            "quotes": {
                "initial": "19600 元",
                "carryover": None,
                "adjusted": "15600 元",
                "spent": "15464 元",
                "execution_rate": None,
                "self_score": "91 分",
            },
        }
    ],
    "budget_lines": [
        {
            "chunk": 2,
            "name": "基本支出",
            "initial": 1470.68,
            "adjustment": 93.14,
            "adjusted": 1563.82,
            "spent": 1515.55,
            "execution_rate": 96.91,
            "unit": "万元",
            "quotes": {
                "name": "基本支出",
                "initial": "1470.68",
                "adjustment": "93.14",
                "adjusted": "1563.82",
                "spent": "1515.55",
                "execution_rate": "96.91%",
            },
        }
    ],
    "report": {
        "chunk": None,
        "title": "财政支出项目绩效自评报告",
        "report_kind": "project",
        "fiscal_year": 2020,
        "agency": "新丰县医疗保障局",
        "province": None,
        "city": None,
        "county": "新丰县",
        "quotes": {
            "title": "财政支出项目绩效自评报告",
            "fiscal_year": "2020 年度",
            "agency": "新丰县医疗保障局",
        },
    },
}


def _schema_object(name: str | None) -> dict[str, Any]:
    schema = load_schema(SCHEMA)
    return schema if name is None else schema["$defs"][name]


@pytest.mark.parametrize(("name", "model"), MIRRORS, ids=[m.__name__ for _, m in MIRRORS])
def test_model_and_schema_have_the_same_properties_and_required_keys(
    name: str | None, model: type[BaseModel]
) -> None:
    schema = _schema_object(name)
    required = {n for n, f in model.model_fields.items() if f.is_required()}
    assert set(schema["properties"]) == set(model.model_fields)
    assert set(schema.get("required", [])) == required
    assert schema["additionalProperties"] is False


def test_a_full_answer_validates_both_ways_and_round_trips() -> None:
    assert validation_errors(FULL_ANSWER, SCHEMA) == []
    response = ChunkResponse.model_validate(FULL_ANSWER)
    assert response.model_dump(mode="json") == FULL_ANSWER
    assert validation_errors(response.model_dump(mode="json"), SCHEMA) == []


def test_a_minimal_answer_fills_defaults_that_validate() -> None:
    response = ChunkResponse.model_validate({"indicators": [{"name": "满意度", "quotes": {}}]})
    dumped = response.model_dump(mode="json")
    assert dumped["budgets"] == [] and dumped["budget_lines"] == [] and dumped["report"] is None
    assert dumped["indicators"][0]["quotes"] == {
        "name": None,
        "target": None,
        "actual": None,
        "weight": None,
        "score": None,
        "deviation_reason": None,
    }
    assert validation_errors(dumped, SCHEMA) == []


@pytest.mark.parametrize(
    ("answer", "schema_error"),
    [
        (
            {"indicators": [{"name": "x", "target": "≥1", "quotes": {}}]},
            "indicators/0: Additional properties",
        ),
        ({"indicators": [{"name": "x", "op": "≥", "quotes": {}}]}, "indicators/0/op: '≥' is not one of"),
        ({"indicators": [{"name": "", "quotes": {}}]}, "indicators/0/name: '' should be non-empty"),
        ({"indicators": [{"name": "x"}]}, "indicators/0: 'quotes' is a required property"),
        ({"budgets": []}, ": 'indicators' is a required property"),
    ],
)
def test_model_and_schema_reject_the_same_bad_answers(answer: dict[str, Any], schema_error: str) -> None:
    errors = validation_errors(answer, SCHEMA)
    assert len(errors) == 1 and errors[0].startswith(schema_error)
    with pytest.raises(ValidationError):
        ChunkResponse.model_validate(answer)


def test_responses_are_frozen() -> None:
    response = ChunkResponse.model_validate(FULL_ANSWER)
    with pytest.raises(ValidationError):
        response.indicators[0].name = "改名"  # type: ignore[misc]

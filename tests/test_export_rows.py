"""Flattening result dicts into rows: met judgement, flags per indicator, nulled parts tolerated."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.export.rows import (
    INDICATOR_COLUMNS,
    IndicatorRow,
    budget_line_rows,
    budget_rows,
    flag_kinds_by_indicator,
    flag_rows,
    indicator_of,
    indicator_rows,
    met_label,
    number,
)


def _ind(
    op: str | None, target: Any, t_unit: str | None, actual: Any, a_unit: str | None, **extra: Any
) -> dict:
    return {
        "target": {"op": op, "value": target, "unit": t_unit},
        "actual": {"value": actual, "unit": a_unit},
        **extra,
    }


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        (_ind(">=", 10, "个", 12, "个"), "met"),
        (_ind(">=", 10, "个", 9, "个"), "unmet"),
        (_ind(">", 10, "个", 10, "个"), "unmet"),
        (_ind("<=", 30, "分钟", 30, "分钟"), "met"),
        (_ind("<", 5, "%", 4.9, "％"), "met"),  # full-width and ASCII percent agree
        (_ind("=", 100, "%", 100.0, "%"), "met"),
        (_ind("=", 100, "%", 98, "%"), "unmet"),
        (_ind("=", 0.3, None, 0.1 + 0.2, None), "met"),  # float noise is not a miss
        (_ind(">=", 10, "个", 12, "期"), "met"),  # both count things: compared
        (_ind(">=", 10, "个", 12, "分钟"), ""),  # different units: cannot judge
        (_ind("qualitative", None, None, None, None), ""),
        (_ind(None, 8, "人", 8, "人"), "met"),  # a bare number target is a floor
        (_ind("about", 8, "人", 8, "人"), ""),  # an op the contract does not know
        (_ind(">=", 10, "个", None, "个"), ""),
        (_ind(">=", 10, "个", 12, "个", met=False), "unmet"),  # an explicit met wins
        (_ind("qualitative", None, None, None, None, met=True), "met"),
        ({"target": None, "actual": None}, ""),  # nulled by a reviewer
        # a target without a number: judged from the raw words
        ({"target": {"raw": "6月底前", "op": "qualitative"}, "actual": {"raw": "6月12日"}}, "met"),
        ({"target": {"raw": "是", "op": "qualitative"}, "actual": {"raw": "否"}}, "unmet"),
        ({"target": {"raw": "稳步提高", "op": "qualitative"}, "actual": {"raw": "有所提高"}}, ""),
    ],
)
def test_met_label(indicator: dict, expected: str) -> None:
    assert met_label(indicator) == expected


def test_number_accepts_numeric_text_and_refuses_the_rest() -> None:
    assert [number(v) for v in (6, 6.5, "6", " 7.5 ", True, None, "abc", "nan", [1])] == [
        6.0, 6.5, 6.0, 7.5, None, None, None, None, None,
    ]  # fmt: skip


def test_indicator_of_matches_only_whole_indexes() -> None:
    assert indicator_of("projects[0].indicators[3]") == (0, 3)
    assert indicator_of("projects[2].indicators[30].target.value") == (2, 30)
    assert indicator_of("projects[0].indicators[3][1]") == (0, 3)
    assert indicator_of("projects[0].indicators") is None
    assert indicator_of("projects[0].budget.spent") is None
    assert indicator_of(None) is None


DOC: dict[str, Any] = {
    "source": {"path": "in/报告.txt", "sha256": "x", "format": "txt"},
    "projects": [
        {
            "name": "项目A",
            "budget": {"initial": 10, "carryover": None, "adjusted": 12.5, "spent": 6, "execution_rate": 48},
            "self_score": 92,
            "indicators": [
                {"level1": "产出指标", "level2": "数量指标", "name": "培训班次",
                 "target": {"raw": "≥10个", "op": ">=", "value": 10, "unit": "个"},
                 "actual": {"raw": "12个", "value": 12, "unit": "个"},
                 "weight": 10, "score": 9, "deviation_reason": None, "confidence": 0.9,
                 "source_kind": "table", "optional": False},
                None,
                {"name": "制度健全",
                 "target": {"raw": "健全", "op": "qualitative", "value": None, "unit": None},
                 "actual": {"raw": "健全", "value": None, "unit": None}, "confidence": 0.5},
            ],
        },
        None,
    ],
    "budget_lines": [
        {"name": "合计", "initial": 10, "adjustment": -1, "adjusted": 9, "spent": 8, "execution_rate": 88.9},
    ],
    "flags": [
        {"kind": "execution_rate_mismatch", "message": "48 ≠ 6/12.5", "path": "projects[0].budget"},
        {"kind": "unit_mismatch", "message": "个 vs 期", "path": "projects[0].indicators[0].actual"},
        {"kind": "low_confidence", "message": "check", "path": "projects[0].indicators[2]"},
        {"kind": "unit_mismatch", "message": "again", "path": "projects[0].indicators[0].target"},
        {"kind": "dup", "message": "not this one", "path": "projects[0].indicators[20]"},
    ],
}  # fmt: skip


def test_flag_kinds_by_indicator() -> None:
    assert flag_kinds_by_indicator(DOC) == {
        (0, 0): ("unit_mismatch",),
        (0, 2): ("low_confidence",),
        (0, 20): ("dup",),
    }


def test_indicator_rows_skip_nulled_entries_and_keep_positions() -> None:
    rows = list(indicator_rows(DOC, "报告_abc"))
    assert [row.path for row in rows] == ["projects[0].indicators[0]", "projects[0].indicators[2]"]
    assert rows[0] == IndicatorRow(
        report="in/报告.txt", result_file="报告_abc", project_index=0, project="项目A", index=0,
        path="projects[0].indicators[0]", level1="产出指标", level2="数量指标", name="培训班次",
        target_op=">=", target_value=10.0, target_unit="个", target_raw="≥10个", actual_value=12.0,
        actual_unit="个", actual_raw="12个", weight=10.0, score=9.0, met="met", deviation_reason=None,
        confidence=0.9, flags=("unit_mismatch",), source_kind="table", optional=False,
    )  # fmt: skip
    assert rows[1].values() == (
        "in/报告.txt", "项目A", None, None, "制度健全", "qualitative", None, None, "健全",
        None, None, "健全", None, None, "met", None, 0.5, "low_confidence", "",  # 健全 answers 健全
    )  # fmt: skip
    assert len(rows[1].values()) == len(INDICATOR_COLUMNS)
    assert rows[1].qualitative and not rows[0].qualitative


def test_budget_budget_line_and_flag_rows() -> None:
    assert list(budget_rows(DOC)) == [("in/报告.txt", "项目A", 10.0, None, 12.5, 6.0, 48.0, 92.0)]
    assert list(budget_line_rows(DOC)) == [("in/报告.txt", "合计", 10.0, -1.0, 9.0, 8.0, 88.9)]
    assert list(flag_rows(DOC))[:2] == [
        ("in/报告.txt", "execution_rate_mismatch", "48 ≠ 6/12.5", "projects[0].budget"),
        ("in/报告.txt", "unit_mismatch", "个 vs 期", "projects[0].indicators[0].actual"),
    ]


def test_an_empty_or_broken_doc_gives_no_rows() -> None:
    broken: dict[str, Any] = {"projects": None, "flags": "x", "budget_lines": [None]}
    assert list(indicator_rows(broken)) == []
    assert (
        list(budget_rows(broken)) == []
        and list(budget_line_rows(broken)) == []
        and list(flag_rows(broken)) == []
    )

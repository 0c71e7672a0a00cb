"""Decisions → corrections.jsonl lines that pipeline.export.corrections applies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.export.corrections import apply_corrections, read_corrections
from pipeline.review.decisions import correction_lines, field_kind, parse_edit, record_decision
from pipeline.review.listing import ReviewField

T = "2025-01-01T10:00:00+00:00"
TARGET = {"raw": "≥10个", "op": ">=", "value": 10, "unit": "个"}


def field(path: str, key: str, value: Any) -> ReviewField:
    return ReviewField("r_1", path, "培训班次", key, value, 0.4, (), None)


TARGET_FIELD = field("projects[0].indicators[2].target", "target", TARGET)
WEIGHT_FIELD = field("projects[0].indicators[2].weight", "weight", 10)


def test_accept_and_skip_write_one_line_at_the_field() -> None:
    assert correction_lines(TARGET_FIELD, "accept", time=T) == [
        {
            "report": "r_1",
            "path": "projects[0].indicators[2].target",
            "old": TARGET,
            "new": TARGET,
            "decision": "accept",
            "time": T,
        }
    ]
    assert correction_lines(WEIGHT_FIELD, "skip", time=T) == [
        {
            "report": "r_1",
            "path": "projects[0].indicators[2].weight",
            "old": 10,
            "new": 10,
            "decision": "skip",
            "time": T,
        }
    ]


def test_reject_a_target_nulls_each_leaf() -> None:
    lines = correction_lines(TARGET_FIELD, "reject", time=T)
    assert [(x["path"], x["old"], x["new"], x["decision"]) for x in lines] == [
        ("projects[0].indicators[2].target.raw", "≥10个", None, "reject"),
        ("projects[0].indicators[2].target.op", ">=", None, "reject"),
        ("projects[0].indicators[2].target.value", 10, None, "reject"),
        ("projects[0].indicators[2].target.unit", "个", None, "reject"),
    ]


def test_edit_a_target_rereads_the_typed_text() -> None:
    new = parse_edit(TARGET_FIELD, " 不低于12期 ")
    assert new == {"raw": "不低于12期", "op": ">=", "value": 12, "unit": "期"}
    lines = correction_lines(TARGET_FIELD, "edit", new, time=T)
    assert [(x["path"].rsplit(".", 1)[1], x["old"], x["new"]) for x in lines] == [
        ("raw", "≥10个", "不低于12期"),
        ("op", ">=", ">="),
        ("value", 10, 12),
        ("unit", "个", "期"),
    ]


def test_edits_are_read_by_the_field_kind() -> None:
    actual = field("projects[0].indicators[0].actual", "actual", {"raw": "12期", "value": 12, "unit": "期"})
    assert parse_edit(actual, "效果显著") == {"raw": "效果显著", "value": None, "unit": None}
    assert parse_edit(WEIGHT_FIELD, "9.5分") == 9.5
    amount = field("projects[0].budget.spent", "budget.spent", 1.5)
    assert field_kind(amount) == "amount"
    assert parse_edit(amount, "1.55万元") == 1.55
    year = field("report.fiscal_year", "fiscal_year", 2021)
    assert parse_edit(year, "2024") == 2024
    assert parse_edit(field("report.agency", "agency", "x"), " ") is None
    line_rate = field("budget_lines[3].execution_rate", "execution_rate", 101.83)
    assert field_kind(line_rate) == "percent" and parse_edit(line_rate, "98%") == 98
    for bad, text, message in [
        (WEIGHT_FIELD, "十", "'十' is not a number"),
        (year, "24", "'24' is not a year"),
        (
            field("report.report_kind", "report_kind", "project"),
            "整体",
            "report_kind is 'project' or 'department'",
        ),
        (field("projects[0].indicators[0].name", "name", "x"), "", "a name cannot be empty"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_edit(bad, text)


def test_a_name_cannot_be_rejected() -> None:
    with pytest.raises(ValueError, match="edit it instead"):
        correction_lines(field("projects[0].name", "name", "p"), "reject", time=T)


def test_written_lines_are_what_the_export_applies(tmp_path: Path) -> None:
    new = parse_edit(TARGET_FIELD, "≥12个")
    record_decision(tmp_path, correction_lines(TARGET_FIELD, "edit", new, time=T))
    record_decision(tmp_path, correction_lines(WEIGHT_FIELD, "reject", time=T))
    log = read_corrections(tmp_path)
    assert log.problems == ()
    doc = {"projects": [{"indicators": [{}, {}, {"target": dict(TARGET), "weight": 10, "confidence": 0.4}]}]}
    applied = apply_corrections(doc, log.latest()["r_1"])
    assert applied.problems == ()
    assert applied.doc["projects"][0]["indicators"][2] == {
        "target": {"raw": "≥12个", "op": ">=", "value": 12, "unit": "个"},
        "weight": None,
        "confidence": 1.0,
        "met": None,  # judged again from the corrected target: no actual to compare
    }
    first = json.loads((tmp_path / "corrections.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first == {
        "report": "r_1",
        "path": "projects[0].indicators[2].target.raw",
        "old": "≥10个",
        "new": "≥12个",
        "decision": "edit",
        "time": T,
    }

"""Corrections: edit / reject / accept / skip, last decision wins, bad lines and paths reported."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.export.corrections import (
    Correction,
    CorrectionLog,
    apply_corrections,
    parse_path,
    read_corrections,
)


def _doc() -> dict[str, Any]:
    indicator = {"name": "培训班次", "target": {"raw": "≥10个", "op": ">=", "value": 10.0, "unit": "个"},
                 "actual": {"raw": "12个", "value": 12.0, "unit": "个"}, "confidence": 0.4}  # fmt: skip
    return {"report": {"title": "自评"}, "projects": [{"name": "项目A", "indicators": [indicator]}]}


def _c(path: str, decision: str, new: Any = None, line: int = 1, report: str = "r1") -> Correction:
    return Correction(report=report, path=path, decision=decision, new=new, line=line)


def test_parse_path_splits_names_and_indexes() -> None:
    assert parse_path("projects[0].indicators[3].target.value") == (
        "projects", 0, "indicators", 3, "target", "value",
    )  # fmt: skip
    assert parse_path("report.title") == ("report", "title")
    for bad in ("projects[x]", "projects.[0]", ".title", "a..b", "projects[0]."):
        with pytest.raises(ValueError, match="malformed path"):
            parse_path(bad)


def test_edit_sets_the_value_and_marks_the_indicator_reviewed() -> None:
    doc = _doc()
    result = apply_corrections(doc, [_c("projects[0].indicators[0].target.value", "edit", 8)])
    indicator = result.doc["projects"][0]["indicators"][0]
    assert indicator["target"] == {"raw": "≥10个", "op": ">=", "value": 8, "unit": "个"}
    assert indicator["confidence"] == 1.0
    assert result.problems == ()
    assert doc == _doc()  # the input is never mutated


def test_reject_nulls_the_value_accept_keeps_it_skip_does_nothing() -> None:
    rejected = apply_corrections(_doc(), [_c("projects[0].indicators[0].actual.value", "reject")]).doc
    assert rejected["projects"][0]["indicators"][0]["actual"]["value"] is None
    assert rejected["projects"][0]["indicators"][0]["confidence"] == 1.0

    accepted = apply_corrections(_doc(), [_c("projects[0].indicators[0].actual.value", "accept")]).doc
    expected = copy.deepcopy(_doc())
    expected["projects"][0]["indicators"][0]["confidence"] = 1.0
    assert accepted == expected

    skipped = apply_corrections(_doc(), [_c("projects[0].indicators[0].actual.value", "skip")])
    assert skipped.doc == _doc()
    assert len(skipped.applied) == 1


def test_a_corrected_value_judges_met_again() -> None:
    doc = _doc()
    doc["projects"][0]["indicators"][0]["met"] = True  # the extractor's judgement: 12 ≥ 10
    unmet = apply_corrections(doc, [_c("projects[0].indicators[0].actual.value", "edit", 9)]).doc
    assert unmet["projects"][0]["indicators"][0]["met"] is False
    edited = apply_corrections(
        doc, [_c("projects[0].indicators[0].target", "edit", {"raw": "定性", "op": "qualitative"})]
    ).doc
    assert edited["projects"][0]["indicators"][0]["met"] is None  # a word target: a person judges
    rejected = apply_corrections(doc, [_c("projects[0].indicators[0].actual.value", "reject")]).doc
    assert rejected["projects"][0]["indicators"][0]["met"] is None
    explicit = [
        _c("projects[0].indicators[0].actual.value", "edit", 9),
        _c("projects[0].indicators[0].met", "edit", True, 2),
    ]
    assert (
        apply_corrections(doc, explicit).doc["projects"][0]["indicators"][0]["met"] is True
    )  # a later met edit wins
    accepted = apply_corrections(doc, [_c("projects[0].indicators[0].actual.value", "accept")]).doc
    assert accepted["projects"][0]["indicators"][0]["met"] is True


def test_accept_outside_an_indicator_changes_nothing() -> None:
    result = apply_corrections(
        _doc(), [_c("report.title", "accept"), _c("projects[0].name", "edit", "项目B")]
    )
    expected = _doc()
    expected["projects"][0]["name"] = "项目B"
    assert result.doc == expected


def test_missing_path_is_reported_and_the_rest_applied() -> None:
    result = apply_corrections(
        _doc(),
        [
            _c("projects[0].indicators[5].target.value", "edit", 1, line=3),
            _c("report.title", "edit", "新", line=4),
        ],
    )
    assert result.problems == (
        "correction line 3 for r1: path 'projects[0].indicators[5].target.value' does not exist "
        "(projects[0].indicators has no '[5]')",
    )
    assert result.doc["report"]["title"] == "新"
    assert [c.line for c in result.applied] == [4]


def test_path_through_a_rejected_object_does_not_exist() -> None:
    result = apply_corrections(
        _doc(),
        [
            _c("projects[0].indicators[0].target", "reject", line=1),
            _c("projects[0].indicators[0].target.unit", "edit", "次", line=2),
        ],
    )
    assert result.doc["projects"][0]["indicators"][0]["target"] is None
    assert result.problems == (
        "correction line 2 for r1: path 'projects[0].indicators[0].target.unit' does not exist "
        "(projects[0].indicators[0].target has no 'unit')",
    )


def _write(run_dir: Path, lines: list[Any]) -> None:
    text = "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines
    )
    (run_dir / "corrections.jsonl").write_text(text, encoding="utf-8")


def test_read_corrections_keeps_valid_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    path = "projects[0].indicators[0].target.value"
    _write(tmp_path, [
        {"report": "r1", "path": path, "old": 10, "new": 8, "decision": "edit",
         "time": "2025-01-01T00:00:00"},
        "{not json",
        {"report": "r1", "path": path, "decision": "maybe"},
        {"report": "r1", "decision": "edit"},
        {"report": "r1", "path": "projects[x]", "decision": "edit"},
        "",
        {"report": "r1", "path": path, "old": 8, "new": 9, "decision": "edit"},
    ])  # fmt: skip
    log = read_corrections(tmp_path)
    assert log.entries == (
        Correction("r1", path, "edit", old=10, new=8, time="2025-01-01T00:00:00", line=1),
        Correction("r1", path, "edit", old=8, new=9, time=None, line=7),
    )
    where = tmp_path / "corrections.jsonl"
    assert log.problems == (
        f"{where}:2: not JSON (Expecting property name enclosed in double quotes)",
        f"{where}:3: unknown decision 'maybe' (expected accept, edit, reject, skip, undo)",
        f"{where}:4: missing or non-text path",
        f"{where}:5: malformed path 'projects[x]'",
    )


def test_last_decision_per_report_and_path_wins() -> None:
    a, b = "projects[0].indicators[0].target.value", "projects[0].indicators[0].actual.value"
    log = CorrectionLog(
        (
            _c(a, "edit", 8, line=1),
            _c(b, "edit", 5, line=2),
            _c(a, "reject", line=3),
            _c(a, "edit", 7, line=4, report="r2"),
        )
    )
    latest = log.latest()
    assert {report: [c.line for c in entries] for report, entries in latest.items()} == {
        "r1": [2, 3],
        "r2": [4],
    }
    doc = apply_corrections(_doc(), latest["r1"]).doc
    assert doc["projects"][0]["indicators"][0]["target"]["value"] is None
    assert doc["projects"][0]["indicators"][0]["actual"]["value"] == 5


def test_nothing_to_apply_returns_the_loaded_dict_itself() -> None:
    doc = _doc()
    assert apply_corrections(doc, []).doc is doc  # no copy: exports stream thousands of reports


def test_no_corrections_file_is_an_empty_log(tmp_path: Path) -> None:
    assert read_corrections(tmp_path) == CorrectionLog()


def test_an_edited_actual_or_target_judges_met_again() -> None:
    doc = _doc()
    doc["projects"][0]["indicators"][0]["met"] = True  # ≥10个, actual 12个, as extracted
    lowered = apply_corrections(doc, [_c("projects[0].indicators[0].actual.value", "edit", 8)]).doc
    assert lowered["projects"][0]["indicators"][0]["met"] is False
    raised = apply_corrections(doc, [_c("projects[0].indicators[0].target.value", "edit", 12)]).doc
    assert raised["projects"][0]["indicators"][0]["met"] is True
    no_target = apply_corrections(doc, [_c("projects[0].indicators[0].target", "reject")]).doc
    assert no_target["projects"][0]["indicators"][0]["met"] is None
    accepted = apply_corrections(doc, [_c("projects[0].indicators[0].actual", "accept")]).doc
    assert accepted["projects"][0]["indicators"][0]["met"] is True  # nothing changed, nothing re-judged


def test_a_reviewer_deciding_met_itself_is_not_overruled() -> None:
    doc = _doc()
    doc["projects"][0]["indicators"][0]["met"] = None
    corrections = [
        _c("projects[0].indicators[0].actual.value", "edit", 8, line=1),
        _c("projects[0].indicators[0].met", "edit", True, line=2),
    ]
    assert apply_corrections(doc, corrections).doc["projects"][0]["indicators"][0]["met"] is True


def test_undo_cancels_the_earlier_decision_at_its_path(tmp_path: Path) -> None:
    path = "projects[0].indicators[0].actual.value"
    lines = [
        {"report": "r1", "path": path, "old": 12, "new": 8, "decision": "edit"},
        {"report": "r1", "path": path, "old": 8, "new": 12, "decision": "undo"},
    ]
    (tmp_path / "corrections.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8"
    )
    log = read_corrections(tmp_path)
    assert log.problems == ()
    [winner] = log.latest()["r1"]
    assert (winner.decision, winner.line) == ("undo", 2)
    result = apply_corrections(_doc(), [winner]).doc
    assert result == _doc()  # the extracted value, and the indicator not marked reviewed

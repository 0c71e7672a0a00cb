"""The review queue of one result: report-level items, failed checks, low fields; one per path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.export.queue import LOW_CONFIDENCE, queue_items
from tests.test_review_listing import SCRIPT, STEM, make_run


def _result(tmp_path: Path) -> dict[str, Any]:
    run_dir = make_run(tmp_path)
    return json.loads((run_dir / "reports" / f"{STEM}.json").read_text(encoding="utf-8"))


def test_checks_first_then_fields_by_confidence_one_item_per_path(tmp_path: Path) -> None:
    items = queue_items(STEM, _result(tmp_path), 0.7)
    found = [(i.why, i.field.path, i.field.field, i.display, i.rank) for i in items]
    assert found == [
        ("execution_rate_mismatch;low_confidence", "projects[0].budget.execution_rate",
         "budget.execution_rate", "99.12", -1.0),
        ("unmet_without_reason", "projects[0].indicators[1]", "", "系统开发数量 · ≥2个 · 1个", -1.0),
        (LOW_CONFIDENCE, "projects[0].budget.adjusted", "budget.adjusted", "1.96", 0.5),
        (LOW_CONFIDENCE, "projects[0].budget.spent", "budget.spent", "1.5464", 0.5),
        (LOW_CONFIDENCE, "projects[0].indicators[1].target", "target", "≥2个", 0.6),
        (LOW_CONFIDENCE, "projects[0].indicators[1].actual", "actual", "1个", 0.6),
        (LOW_CONFIDENCE, "projects[0].indicators[2].name", "name", "满意度[bold]", 0.4),
        (LOW_CONFIDENCE, "projects[0].indicators[2].target", "target", "≥90%", 0.4),
        (LOW_CONFIDENCE, "projects[0].indicators[2].actual", "actual", SCRIPT, 0.4),
    ]  # fmt: skip
    rate, record = items[0], items[1]
    assert rate.message == "execution rate 99.12 % but spent / adjusted = 1.5464 / 1.96 = 78.90 %"
    assert rate.field.confidence == 0.5 and rate.field.reasons  # the field's own confidence and reasons
    assert rate.field.evidence == (55, 60)
    assert (record.field.record, record.field.evidence) == (
        "系统开发数量",
        (90, 96),
    )  # where its name was read


def test_a_report_with_no_indicators_is_always_in_the_queue_first() -> None:
    flag = {"kind": "partial", "message": "2 of 5 tables read", "path": "projects"}
    flagged = {"projects": [{"name": "部门整体支出", "indicators": []}], "flags": [flag]}
    [item] = queue_items("r", flagged, 0.7)
    assert (item.why, item.field.path, item.field.field, item.rank) == ("partial", "projects", "", -2.0)
    assert (item.message, item.display) == ("2 of 5 tables read", "0 indicators in 1 projects")

    [silent] = queue_items("r", {"projects": []}, 0.7)  # 0 indicators and no flag: still queued
    assert (silent.why, silent.message, silent.display) == (
        "no_indicators", "no performance indicators", "0 indicators in 0 projects",
    )  # fmt: skip


def test_a_flag_at_a_path_that_is_not_a_record_is_left_out() -> None:
    flags = [
        {"kind": "weights_not_100", "message": "m", "path": "projects[3]"},
        {"kind": "ungrounded", "message": "m", "path": "projects[0].indicators[0]"},
    ]
    doc = {"projects": [{"name": "p", "indicators": [{"name": "i"}]}], "flags": flags}
    assert queue_items("r", doc, 0.7) == []

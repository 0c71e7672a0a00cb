"""The review queue read from results.sqlite: worst first, filters, decided items leave, skipped
stay marked, undo brings an item back, a re-export is picked up."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.core.errors import ReviewError
from pipeline.export import export_run
from pipeline.export.sqlite import SCHEMA_VERSION
from pipeline.review.queue_db import Filters, Progress, ReviewQueue
from tests.review_web_run import EMPTY_STEM, make_web_run
from tests.test_review_listing import STEM

ORDER = [
    "projects", "projects[0].budget.execution_rate", "projects[0].indicators[1]",
    "projects[0].indicators[2].name", "projects[0].indicators[2].target", "projects[0].indicators[2].actual",
    "projects[0].budget.adjusted", "projects[0].budget.spent",
    "projects[0].indicators[1].target", "projects[0].indicators[1].actual",
]  # fmt: skip


def _append(run_dir: Path, *lines: dict[str, object]) -> None:
    with (run_dir / "corrections.jsonl").open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


EVERYTHING = Filters()


def _paths(queue: ReviewQueue, filters: Filters = EVERYTHING) -> list[str]:
    queue.sync()
    return [row.field.path for row in queue.page(filters, 0, 50)]


def test_worst_first_and_paged(tmp_path: Path) -> None:
    queue = ReviewQueue(make_web_run(tmp_path))
    assert _paths(queue) == ORDER
    first = queue.page(Filters(), 0, 1)[0]
    assert (first.field.report, first.why, first.report_level, first.agency) == (
        EMPTY_STEM, ("no_indicators",), True, "某区卫生健康局",
    )  # fmt: skip
    assert [r.field.path for r in queue.page(Filters(), 8, 5)] == ORDER[8:]
    assert queue.progress(Filters()) == Progress(total=10, decided=0, skipped=0)


def test_filters_by_report_reason_field_and_agency(tmp_path: Path) -> None:
    queue = ReviewQueue(make_web_run(tmp_path))
    assert _paths(queue, Filters(field="target")) == [ORDER[4], ORDER[8]]
    assert _paths(queue, Filters(why="execution_rate_mismatch")) == [ORDER[1]]
    assert _paths(queue, Filters(why="low_confidence"))[0] == ORDER[1]  # both reasons
    assert _paths(queue, Filters(agency="某区卫生健康局")) == ["projects"]
    assert _paths(queue, Filters(report="report_0123")) == ORDER[1:]
    assert _paths(queue, Filters(report="%")) == []  # a LIKE wildcard is a plain character
    assert queue.choices()["agency"] == ["某区卫生健康局"]


def test_decided_items_leave_skipped_stay_undo_returns(tmp_path: Path) -> None:
    run_dir = make_web_run(tmp_path)
    queue = ReviewQueue(run_dir)
    _append(
        run_dir,
        {"report": STEM, "path": "projects[0].indicators[2].target.value", "decision": "edit", "new": 95},
        {"report": STEM, "path": "projects[0].budget.spent", "decision": "skip"},
        {"report": EMPTY_STEM, "path": "projects", "decision": "accept"},
        {"report": STEM, "path": "projects[0].budget.adjusted", "decision": "reject"},
        {"report": STEM, "path": "projects[0].budget.adjusted", "decision": "undo"},
    )
    rows = {r.field.path: r for r in (queue.sync(), queue.page(Filters(), 0, 50))[1]}
    assert list(rows) == [p for p in ORDER if p not in ("projects", "projects[0].indicators[2].target")]
    assert rows["projects[0].budget.spent"].skipped and not rows["projects[0].budget.adjusted"].skipped
    assert queue.progress(Filters()) == Progress(total=10, decided=2, skipped=1)
    # a decision on an indicator's field does not decide the report-level item of another report,
    # nor the whole-record item of the indicator
    assert "projects[0].indicators[1]" in rows


def test_neighbours_skip_decided_items_and_a_torn_line_waits(tmp_path: Path) -> None:
    run_dir = make_web_run(tmp_path)
    queue = ReviewQueue(run_dir)
    rows = queue.page(Filters(), 0, 50)
    (run_dir / "corrections.jsonl").write_text(
        json.dumps({"report": STEM, "path": ORDER[2], "decision": "accept"}) + '\n{"report": "x", "pa',
        encoding="utf-8",
    )
    queue.sync()
    after = queue.neighbour(rows[1], Filters(), 1)
    before = queue.neighbour(rows[3], Filters(), -1)
    assert (after and after.field.path, before and before.field.path) == (ORDER[3], ORDER[1])
    assert queue.neighbour(rows[0], Filters(), -1) is None
    item = queue.item(rows[2].id)
    assert item is not None and item.decided


def test_a_reexport_is_picked_up_and_an_old_database_refused(tmp_path: Path) -> None:
    run_dir = make_web_run(tmp_path)
    queue = ReviewQueue(run_dir)
    (run_dir / "reports" / f"{EMPTY_STEM}.json").unlink()
    export_run(run_dir, Config())
    assert _paths(queue) == ORDER[1:]
    db = sqlite3.connect(run_dir / "results.sqlite")
    db.execute("PRAGMA user_version = 1")
    db.close()
    with pytest.raises(ReviewError, match=f"schema 1, the review needs {SCHEMA_VERSION}"):
        ReviewQueue(run_dir)
    with pytest.raises(ReviewError, match=r"no results\.sqlite here"):
        ReviewQueue(tmp_path)

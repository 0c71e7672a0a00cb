"""Reading a run's results with corrections: streamed in name order, problems collected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core.errors import ExportError
from pipeline.export.load import CorrectedReports, LoadedReport, result_files, source_paths_by_result


def test_results_in_name_order_with_corrections_and_problems(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "b.json").write_text(json.dumps({"report": {"title": "B"}}))
    (reports / "a.json").write_text(json.dumps({"report": {"title": "A"}}))
    (reports / "c.json").write_text("{torn")
    (reports / "d.json").write_text("[1, 2]")
    (reports / ".e.json.x.tmp").write_text("{}")
    (reports / "notes.txt").write_text("x")
    lines = [
        {"report": "b", "path": "report.title", "new": "B2", "decision": "edit"},
        {"report": "b", "path": "report.agency", "new": "x", "decision": "edit"},
        {"report": "gone", "path": "report.title", "decision": "reject"},
        {"report": "gone", "path": "report.agency", "decision": "reject"},
    ]
    (tmp_path / "corrections.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    loaded = CorrectedReports(tmp_path)
    assert [path.name for path in loaded.files] == ["a.json", "b.json", "c.json", "d.json"]
    results = list(loaded)
    assert [(r.result_file, r.doc) for r in results] == [
        ("a", {"report": {"title": "A"}}),
        ("b", {"report": {"title": "B2"}}),
    ]
    assert isinstance(results[1], LoadedReport) and [c.line for c in results[1].applied] == [1]
    assert loaded.problems == [
        "correction line 2 for b: path 'report.agency' does not exist (report has no 'agency')",
        f"{reports / 'c.json'}: cannot read result (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)); skipped",
        f"{reports / 'd.json'}: result is not a JSON object; skipped",
        "corrections for unknown report 'gone' (lines 3, 4) not applied",
    ]


def test_a_missing_run_directory_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="not a run directory") as caught:
        result_files(tmp_path / "nope")
    assert caught.value.path == str(tmp_path / "nope")


def test_a_folder_without_reports_folder_is_not_a_run(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"not a run directory \(it has no reports/ folder"):
        result_files(tmp_path)
    (tmp_path / "reports").mkdir()
    assert result_files(tmp_path) == []


def test_source_paths_from_the_latest_manifest_line_a_duplicate_standing_in_last(tmp_path: Path) -> None:
    lines = [
        {"path": "/r/old.txt", "status": "failed", "result": None},
        {"path": "/r/a.txt", "status": "ok", "result": "a_1.json"},
        {"path": "/copy/a.txt", "status": "duplicate", "result": "a_1.json"},
        {"path": "/copy/b.txt", "status": "duplicate", "result": "b_2.json"},
        {"path": "/r/a2.txt", "status": "ok", "result": "a_1.json"},
    ]
    (tmp_path / "manifest.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    assert source_paths_by_result(tmp_path) == {"a_1": "/r/a2.txt", "b_2": "/copy/b.txt"}
    assert source_paths_by_result(tmp_path / "nothing") == {}

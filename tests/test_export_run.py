"""export_run: all four exports from one pass; a failure leaves the previous exports untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.core.errors import ExportError
from pipeline.export import EXPORT_FILES, ExportReport, export_run
from pipeline.export.jsonl import JsonlSink


def _setup(run_dir: Path) -> None:
    (run_dir / "reports").mkdir()
    doc = {
        "source": {"path": "a.txt"},
        "projects": [{"name": "甲", "indicators": [{"name": "x", "confidence": 0.2}]}],
    }
    (run_dir / "reports" / "a_1.json").write_text(json.dumps(doc))
    (run_dir / "corrections.jsonl").write_text(
        json.dumps({"report": "a_1", "path": "projects[0].indicators[0].name", "decision": "accept"}) + "\n"
        + json.dumps({"report": "a_1", "path": "projects[1]", "decision": "reject"}) + "\n"
    )  # fmt: skip


def test_export_report_lists_files_counts_and_problems(tmp_path: Path) -> None:
    _setup(tmp_path)
    report = export_run(tmp_path, Config())
    assert report == ExportReport(
        files=tuple(tmp_path / name for name in EXPORT_FILES),
        reports=1,
        corrections_applied=1,
        problems=("correction line 2 for a_1: path 'projects[1]' does not exist (projects has no '[1]')",),
    )
    assert EXPORT_FILES == ("results.jsonl", "indicators.csv", "results.xlsx", "results.sqlite")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*EXPORT_FILES, "corrections.jsonl", "reports"]
    )
    line = json.loads((tmp_path / "results.jsonl").read_text())
    assert line["projects"][0]["indicators"][0]["confidence"] == 1.0


def test_a_failing_export_keeps_the_old_files_and_leaves_no_temporaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _setup(tmp_path)
    export_run(tmp_path, Config())
    before = {name: (tmp_path / name).read_bytes() for name in EXPORT_FILES}
    (tmp_path / "reports" / "b_2.json").write_text(json.dumps({"source": {"path": "b.txt"}}))

    def explode(self: JsonlSink, report: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(JsonlSink, "add", explode)
    with pytest.raises(ExportError, match=r"cannot write the exports: disk full$"):  # one line, no traceback
        export_run(tmp_path, Config())
    assert {name: (tmp_path / name).read_bytes() for name in EXPORT_FILES} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

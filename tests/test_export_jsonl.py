"""results.jsonl: one corrected report per line, compact UTF-8, in result-file order."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.models import ExtractorInfo, Project, ReportExtraction, Source
from pipeline.core.schema import validation_errors
from pipeline.export import export_run


def _doc(path: str, project: str) -> dict:
    result = ReportExtraction(
        source=Source(path=path, sha256="2" * 64, format="txt"),
        projects=(Project(name=project),),
        extractor=ExtractorInfo(backend="rules", version="test"),
    )
    return result.to_json_dict()


def test_one_line_per_report_in_file_order_with_corrections(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    for stem, path, project in (("b_2", "b.txt", "乙"), ("a_1", "a.txt", "甲")):
        (tmp_path / "reports" / f"{stem}.json").write_text(json.dumps(_doc(path, project)), encoding="utf-8")
    (tmp_path / "corrections.jsonl").write_text(
        json.dumps({"report": "b_2", "path": "projects[0].name", "new": "丙", "decision": "edit"}) + "\n"
    )
    export_run(tmp_path, Config())
    lines = (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [_doc("a.txt", "甲"), _doc("b.txt", "丙")]
    assert '"name":"甲"' in lines[0]  # compact, Chinese not escaped
    assert all(validation_errors(json.loads(line)) == [] for line in lines)
    assert json.loads((tmp_path / "reports" / "b_2.json").read_text())["projects"][0]["name"] == "乙"

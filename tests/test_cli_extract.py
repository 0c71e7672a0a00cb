"""`pipeline extract`: each line's status (`ok`, `missed`, `partial`), `ingest`'s exit codes, and
what extracting one text report imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.process
from pipeline.cli.app import app
from pipeline.cli.extract import report_status, summary_line
from pipeline.core.config import Config
from pipeline.core.models import Budget, ErrorEntry, ExtractorInfo, Flag, Project, ReportExtraction, Source
from pipeline.trust.coverage import INCOMPLETE_KINDS

runner = CliRunner()
MISSED = Flag(kind=sorted(INCOMPLETE_KINDS)[0], message="表3 未读取", path="projects")
UNANSWERED = ErrorEntry(stage="llm", message="chunk 2: no valid answer after 2 re-asks")


def _result(
    path: Path, flags: tuple[Flag, ...] = (), errors: tuple[ErrorEntry, ...] = ()
) -> ReportExtraction:
    return ReportExtraction(
        source=Source(path=str(path), sha256="0" * 64, format="txt"),
        extractor=ExtractorInfo(backend="hybrid", version="test"),
        flags=flags,
        errors=errors,
    )


def test_the_status_says_partial_before_missed() -> None:
    path = Path("报告.txt")
    assert report_status(_result(path)) == "ok"
    assert report_status(_result(path, flags=(MISSED,))) == "missed"
    assert report_status(_result(path, errors=(UNANSWERED,))) == "partial"
    assert report_status(_result(path, flags=(MISSED,), errors=(UNANSWERED,))) == "partial"
    assert report_status(_result(path, errors=(ErrorEntry(stage="extract", message="x"),))) == "ok"


@pytest.mark.parametrize(
    ("name", "status", "code"), [("好.txt", "ok", 0), ("缺.txt", "missed", 0), ("半.txt", "partial", 2)]
)
def test_each_line_starts_with_the_status_and_partial_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, status: str, code: int
) -> None:
    by_name = {"好.txt": {}, "缺.txt": {"flags": (MISSED,)}, "半.txt": {"errors": (UNANSWERED,)}}

    def fake(path: Path, config: Config) -> ReportExtraction:
        return _result(path, **by_name[path.name])

    monkeypatch.setattr(pipeline.process, "extract_file", fake)
    report = tmp_path / name
    report.write_text("项目支出绩效自评报告\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(report), "--out", str(tmp_path / "out")])
    assert result.exit_code == code, result.output
    assert result.stdout.startswith(f"{status:<8}{report}  projects=0 indicators=0")


def test_a_failed_report_exits_2_like_ingest(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    good = tmp_path / "in" / "报告.txt"
    good.write_text("项目支出绩效自评报告\n预算执行率 100%\n", encoding="utf-8")
    (tmp_path / "in" / "空.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert f"FAILED  {tmp_path / 'in' / '空.txt'}: empty file (0 bytes)" in result.stderr


# What a rules extract of one .txt has no use for: other formats' readers, the LLM client, the
# exports (openpyxl, sqlite3), the progress display (rich), the run machinery and its pools, the
# run directory's bookkeeping and records (and the export readers and prompt they import).
NOT_FOR_ONE_TEXT = ("openpyxl", "docx", "lxml", "pdfplumber", "xlrd", "openai", "instructor", "jsonschema")
NOT_FOR_ONE_TEXT += ("rich", "sqlite3", "multiprocessing", "pipeline.batch.runner", "pipeline.batch.pool")
NOT_FOR_ONE_TEXT += (
    "pipeline.batch.state",
    "pipeline.batch.outcome",
    "pipeline.export.load",
    "pipeline.llm.prompt",
)
LOADED = (
    "import json, sys\n"
    "sys.argv = ['pipeline', 'extract', sys.argv[1], '--out', sys.argv[2]]\n"
    "from pipeline.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
)


def test_extracting_a_text_report_with_rules_imports_no_export_llm_client_or_run_machinery(
    tmp_path: Path,
) -> None:
    path = tmp_path / "报告.txt"
    path.write_text("项目支出绩效自评报告\n预算执行率 100%\n", encoding="utf-8")
    repo = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-c", LOADED, str(path), str(tmp_path / "out")]

    done = subprocess.run(command, capture_output=True, text=True, cwd=repo, env={"PATH": "/usr/bin:/bin"})

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"ok      {path}  projects=1")
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "pipeline.process" in loaded
    assert sorted(name for name in NOT_FOR_ONE_TEXT if name in loaded) == []


@pytest.mark.parametrize(
    ("budget", "shown"),
    [(Budget(), "budget=no"), (Budget(initial=190.0), "budget=yes"), (Budget(spent=12.5), "budget=yes")],
)
def test_the_summary_line_says_budget_yes_for_any_budget_figure(budget: Budget, shown: str) -> None:
    result = _result(Path("r.txt")).model_copy(update={"projects": (Project(name="p", budget=budget),)})
    assert f" {shown} " in summary_line(Path("r.txt"), result)

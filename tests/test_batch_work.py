"""extract_task: writes the result atomically and reports counts; turns any failure into an outcome."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.work import extract_task, failed_outcome, write_result
from pipeline.core.config import Config
from pipeline.core.errors import IngestError, SchemaError
from pipeline.core.models import (
    ExtractorInfo,
    Indicator,
    Project,
    ReportExtraction,
    Source,
    Usage,
    validated_copy,
)

TASK = Task(path="in/a.txt", key="/abs/in/a.txt", sha256="s0", result="a_1.json")


def two_projects(path: Path, config: Config) -> ReportExtraction:
    return ReportExtraction(
        source=Source(path=str(path), sha256="s1", format="txt"),
        projects=(
            Project(name="甲", indicators=(Indicator(name="x"), Indicator(name="y"))),
            Project(name="乙"),
        ),
        extractor=ExtractorInfo(backend="rules", version="t"),
        usage=Usage(requests=2, cache_hits=1, prompt_tokens=30, completion_tokens=4, chars_sent=9),
    )


def unreadable(path: Path, config: Config) -> ReportExtraction:
    raise IngestError("not a valid .docx (zip) file", path)


def test_success_writes_the_result_and_returns_counts(tmp_path: Path) -> None:
    outcome = extract_task(TASK, Config(), two_projects, tmp_path)
    assert outcome == ReportOutcome(
        task=TASK, status="ok", sha256="s1", projects=2, indicators=2,
        usage={"requests": 2, "cache_hits": 1, "prompt_tokens": 30, "completion_tokens": 4}
        | {"cached_tokens": 0, "reasoning_tokens": 0}
        | {"batch_requests": 0, "batch_prompt_tokens": 0, "batch_completion_tokens": 0},
    )  # fmt: skip
    stored = json.loads((tmp_path / "a_1.json").read_text(encoding="utf-8"))
    assert stored == two_projects(Path("in/a.txt"), Config()).to_json_dict()
    assert [p.name for p in tmp_path.iterdir()] == ["a_1.json"]


def test_the_result_file_is_the_indented_json_of_the_result(tmp_path: Path) -> None:
    result = two_projects(Path("in/年报.txt"), Config())
    write_result(tmp_path / "r.json", result)
    expected = json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == expected


def test_the_result_file_is_the_compiled_serialisers_text(tmp_path: Path) -> None:
    result = two_projects(Path("in/年报.txt"), Config())
    write_result(tmp_path / "r.json", result)
    assert (tmp_path / "r.json").read_bytes() == (result.model_dump_json(indent=2) + "\n").encode()


def test_an_undecodable_file_name_byte_is_escaped_in_the_result_file(tmp_path: Path) -> None:
    result = two_projects(Path("in/\udcff年报.txt"), Config())
    write_result(tmp_path / "r.json", result)
    stored = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert '"path": "in/\\udcff年报.txt"' in stored
    assert json.loads(stored) == result.to_json_dict()


def test_a_pipeline_error_keeps_stage_and_message(tmp_path: Path) -> None:
    outcome = extract_task(TASK, Config(), unreadable, tmp_path)
    assert outcome == ReportOutcome(
        task=TASK, status="failed", sha256="s0", stage="ingest",
        reason="not a valid .docx (zip) file", message="in/a.txt: not a valid .docx (zip) file",
        kind="unreadable",
    )  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_failed_outcome_names_the_file_even_when_the_error_does_not() -> None:
    outcome = failed_outcome(TASK, SchemaError("output breaks report.schema.json: x"))
    assert (outcome.stage, outcome.message) == ("validate", "in/a.txt: output breaks report.schema.json: x")
    bug = failed_outcome(TASK, KeyError("level1"))
    assert (bug.stage, bug.reason, bug.message) == (
        "internal",
        "KeyError: 'level1'",
        "in/a.txt: KeyError: 'level1'",
    )


def test_a_worker_importing_extract_task_loads_neither_the_exports_nor_the_progress_display() -> None:
    # A spawned worker unpickles `extract_task`, importing pipeline.batch.work (and so the
    # pipeline.batch and pipeline.export packages), and its loop `serve` by the module it is
    # defined in; openpyxl and rich are for the parent only, and so are the supervisor, the run's
    # state and the export readers it loads.
    from pipeline.batch.supervisor import serve

    code = (
        "import json, sys\n"
        "import pipeline.batch.work\n"
        f"import {serve.__module__}\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo, check=True)
    loaded = set(json.loads(done.stdout))
    assert "pipeline.batch.work" in loaded
    assert (
        sorted(
            {name.split(".")[0] for name in loaded} & {"openpyxl", "rich", "sqlite3", "openai", "instructor"}
        )
        == []
    )
    parent_only = {
        "pipeline.batch.supervisor",
        "pipeline.batch.state",
        "pipeline.export.load",
        "pipeline.llm",
    }
    assert sorted(loaded & parent_only) == []


def _table(rows: int) -> str:
    """A report of one indicator table, `rows` rows long, its self-score stated, with unmet rows
    and a name stated twice with different targets (its second statement far down the table)."""
    lines = [
        "某县农业农村局2024年度项目支出绩效自评报告",
        "项目自评得分：96.5分",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
    ]
    for n in range(rows):
        unmet = n % 97 == 5
        lines.append(
            f"产出指标\t数量指标\t培训农户第{n}批\t≥{n % 50 + 20}人\t{n % 50 + (10 if unmet else 25)}人\t1\t1"
        )
    lines.append("产出指标\t数量指标\t培训农户第3批\t≥90人\t95人\t1\t1")
    return "\n".join(lines) + "\n"


def _streamed_and_whole(tmp_path: Path, rows: int) -> tuple[ReportOutcome, bytes, bytes]:
    from pipeline.process import extract_file

    report = tmp_path / f"table{rows}.txt"
    report.write_text(_table(rows), encoding="utf-8")
    config = Config(backend="rules")
    task = Task(path=str(report), key=str(report), sha256=None, result="r.json")
    reports = tmp_path / "reports"
    reports.mkdir()
    outcome = extract_task(task, config, extract_file, reports)
    streamed = (reports / "r.json").read_bytes()
    assert sorted(p.name for p in reports.iterdir()) == ["r.json"]  # no spool, no temporary
    write_result(tmp_path / "whole.json", extract_file(report, config))
    return outcome, streamed, (tmp_path / "whole.json").read_bytes()


def test_the_rules_backend_writes_a_big_report_a_record_at_a_time_with_the_whole_flows_bytes(
    tmp_path: Path,
) -> None:
    from pipeline.core.result_json import WINDOW

    outcome, streamed, whole = _streamed_and_whole(tmp_path, WINDOW + 50)
    assert streamed == whole
    assert (outcome.status, outcome.projects, outcome.indicators) == ("ok", 1, WINDOW + 51)
    stored = json.loads(streamed)
    assert len(stored["projects"][0]["indicators"]) == WINDOW + 51
    kinds = [flag["kind"] for flag in stored["flags"]]
    assert kinds.count("duplicate_indicator") == 1 and kinds.count("unmet_without_reason") == 11


def test_a_report_below_the_spool_limit_is_written_whole_with_the_same_bytes(tmp_path: Path) -> None:
    outcome, streamed, whole = _streamed_and_whole(tmp_path, 120)
    assert streamed == whole
    assert (outcome.status, outcome.indicators) == ("ok", 121)


def test_a_streamed_report_that_fails_midway_leaves_no_result_and_no_spool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.core.result_json import WINDOW
    from pipeline.process import extract_file
    from pipeline.trust import apply as apply_module

    report = tmp_path / "t.txt"
    report.write_text(_table(WINDOW + 20), encoding="utf-8")
    real, trusted = apply_module._trust_record, []

    def failing(ref: Any, *args: Any) -> Any:
        trusted.append(ref.path)
        if len(trusted) > WINDOW:
            raise RuntimeError("disk gone")
        return real(ref, *args)

    monkeypatch.setattr(apply_module, "_trust_record", failing)
    reports = tmp_path / "reports"
    reports.mkdir()
    task = Task(path=str(report), key=str(report), sha256=None, result="r.json")
    outcome = extract_task(task, Config(backend="rules"), extract_file, reports)
    assert (outcome.status, outcome.reason) == ("failed", "RuntimeError: disk gone")
    assert list(reports.iterdir()) == []


def test_a_record_the_models_reject_midway_makes_the_report_again_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The streamed flow cannot take back what it wrote: it stops, and the whole flow (whose
    fallback names every violation) gives the outcome, as for any backend."""
    from pipeline import process
    from pipeline.core.result_json import WINDOW

    report = tmp_path / "t.txt"
    report.write_text(_table(WINDOW + 20), encoding="utf-8")
    built: list[int] = []

    def rejecting(record: Any, update: Any) -> Any:
        built.append(1)
        if len(built) == WINDOW:
            Indicator.model_validate({"name": ""})  # raises pydantic's ValidationError
        return validated_copy(record, update)

    monkeypatch.setattr(process, "validated_copy", rejecting)
    reports = tmp_path / "reports"
    reports.mkdir()
    task = Task(path=str(report), key=str(report), sha256=None, result="r.json")
    outcome = extract_task(task, Config(backend="rules"), process.extract_file, reports)
    assert (outcome.status, outcome.indicators, len(built)) == ("ok", WINDOW + 21, WINDOW)
    write_result(tmp_path / "whole.json", process.extract_file(report, Config(backend="rules")))
    assert (reports / "r.json").read_bytes() == (tmp_path / "whole.json").read_bytes()


def test_a_worker_killed_while_it_writes_a_streamed_report_leaves_no_result_and_no_spool(
    tmp_path: Path,
) -> None:
    from pipeline.core.result_json import WINDOW
    from pipeline.export.atomic import TEMP_SUFFIX, remove_stale_temps

    report = tmp_path / "t.txt"
    report.write_text(_table(WINDOW + 20), encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    code = (
        "import os, signal, sys\n"
        "from pipeline.batch.outcome import Task\n"
        "from pipeline.batch.work import extract_task\n"
        "from pipeline.core.config import Config\n"
        "from pipeline.process import extract_file\n"
        "from pipeline.trust import apply\n"
        "real, seen = apply._trust_record, []\n"
        "def killed(ref, *args):\n"
        "    seen.append(1)\n"
        f"    if len(seen) > {WINDOW}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(ref, *args)\n"
        "apply._trust_record = killed\n"
        "task = Task(sys.argv[1], sys.argv[1], None, 'r.json')\n"
        "extract_task(task, Config(backend='rules'), extract_file, __import__('pathlib').Path(sys.argv[2]))\n"
    )
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code, str(report), str(reports)], cwd=repo, check=False)
    assert done.returncode == -9
    left = [p.name for p in reports.iterdir()]
    assert all(name.startswith(".r.json.") and name.endswith(TEMP_SUFFIX) for name in left), left
    remove_stale_temps(reports)  # what a run does on its start and after a killed worker
    assert list(reports.iterdir()) == []


def test_a_streamed_report_checked_whole_is_checked_window_by_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import process
    from pipeline.core import result_json
    from pipeline.core.result_json import WINDOW

    monkeypatch.setattr(process, "WHOLE_CHECK_EVERY", 1)  # every report is one checked whole
    checked: list[int] = []
    real = result_json.is_valid

    def counting(document: Any, **kwargs: Any) -> bool:
        checked.extend(len(project["indicators"]) for project in document["projects"])
        return real(document, **kwargs)

    monkeypatch.setattr(result_json, "is_valid", counting)
    outcome, streamed, whole = _streamed_and_whole(tmp_path, WINDOW + 50)
    assert streamed == whole and outcome.status == "ok"
    assert checked[:2] == [WINDOW, 51]  # the streamed windows, then the whole flow's own check

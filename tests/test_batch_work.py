"""extract_task: writes the result atomically and reports counts; turns any failure into an outcome."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.work import extract_task, failed_outcome, write_result
from pipeline.core.config import Config
from pipeline.core.errors import IngestError, SchemaError
from pipeline.core.models import ExtractorInfo, Indicator, Project, ReportExtraction, Source, Usage

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

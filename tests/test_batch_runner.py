"""run_batch / ingest with a stand-in extractor: resume, isolation, error log, supersede, exports.

The stand-in reads the file for real (`read_document`, so ingest errors are the real ones) and
makes one indicator per non-empty line; a file starting with `BOOM` raises a plain bug.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import pipeline.batch.runner as runner
from pipeline.batch import BatchError, BatchResult, LineProgress, ingest, run_batch
from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.state import ManifestEntry, config_hash, result_name
from pipeline.core.config import Config
from pipeline.core.errors import LLMFatalError
from pipeline.core.models import (
    ErrorEntry,
    ExtractorInfo,
    Indicator,
    Project,
    ReportExtraction,
    Source,
    Usage,
)
from pipeline.ingest import read_document

RULES = Config(workers=1)


def fake_extract(path: Path, config: Config) -> ReportExtraction:
    doc = read_document(path)
    if doc.text.startswith("BOOM"):
        raise RuntimeError("bug in a stage")
    names = [line.strip() for line in doc.text.splitlines() if line.strip()]
    return ReportExtraction(
        source=Source(path=doc.path, sha256=doc.sha256, format=doc.format),
        projects=(
            Project(name=path.stem, indicators=tuple(Indicator(name=n, confidence=0.5) for n in names)),
        ),
        extractor=ExtractorInfo(backend=config.backend, version="test"),
        usage=Usage(requests=1 if config.backend != "rules" else 0, prompt_tokens=7),
    )


def _folder(root: Path) -> Path:
    folder = root / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "报告.txt").write_text("培训班次\n覆盖率\n", encoding="utf-8")
    (folder / "sub" / "报告.txt").write_text("满意度\n", encoding="utf-8")
    (folder / "自评 报告 2024.txt").write_text("党员活动\n宣传\n会议\n", encoding="utf-8")
    return folder


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_first_run_extracts_everything_and_records_it(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    result = run_batch([folder], run, RULES, extractor=fake_extract)
    assert result == BatchResult(
        found=3, skipped=0, extracted=3, failed=0, indicators=6,
        usage={"requests": 0, "cache_hits": 0, "prompt_tokens": 21, "completion_tokens": 0}
        | {"cached_tokens": 0, "reasoning_tokens": 0}
        | {"batch_requests": 0, "batch_prompt_tokens": 0, "batch_completion_tokens": 0},
    )  # fmt: skip
    sources = [folder / "sub" / "报告.txt", folder / "报告.txt", folder / "自评 报告 2024.txt"]
    names = sorted(result_name(path) for path in sources)
    assert sorted(p.name for p in (run / "reports").iterdir()) == names
    assert len(set(names)) == 3  # same stem in two folders: two results
    stored = json.loads((run / "reports" / result_name(sources[2])).read_text(encoding="utf-8"))
    assert stored["source"]["path"] == str(sources[2])
    assert [i["name"] for i in stored["projects"][0]["indicators"]] == ["党员活动", "宣传", "会议"]
    manifest = _lines(run / "manifest.jsonl")
    assert sorted(entry["path"] for entry in manifest) == sorted(str(path.resolve()) for path in sources)
    assert {(e["status"], e["config_hash"]) for e in manifest} == {("ok", config_hash(RULES))}
    assert (run / "errors.jsonl").read_text() == ""


def test_second_run_skips_unchanged_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    run_batch([folder], run, RULES, extractor=fake_extract)
    manifest = (run / "manifest.jsonl").read_text()
    again = run_batch([folder], run, Config(workers=3), LineProgress(), extractor=fake_extract)
    assert (again.found, again.skipped, again.extracted, again.failed) == (3, 3, 0, 0)
    assert (run / "manifest.jsonl").read_text() == manifest  # no new lines: nothing was extracted
    assert capsys.readouterr().out == "3 files found: 3 unchanged (skipped), 0 to extract\n"


def test_changed_content_or_backend_is_extracted_again(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    run_batch([folder], run, RULES, extractor=fake_extract)
    (folder / "报告.txt").write_text("培训班次\n", encoding="utf-8")
    changed = run_batch([folder], run, RULES, extractor=fake_extract)
    assert (changed.skipped, changed.extracted) == (2, 1)
    stored = json.loads((run / "reports" / result_name(folder / "报告.txt")).read_text(encoding="utf-8"))
    assert len(stored["projects"][0]["indicators"]) == 1
    llm = run_batch([folder], run, Config(backend="llm", workers=2), extractor=fake_extract)  # thread pool
    assert (llm.skipped, llm.extracted, llm.usage["requests"]) == (0, 3, 3)


def test_bad_files_fail_alone_with_one_error_line_each_per_run(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bug.txt").write_text("BOOM\n")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for attempt in range(2):
        result = run_batch([folder], run, RULES, extractor=fake_extract)
        assert (result.found, result.failed) == (6, 3)
        assert result.failed_by_kind == {"internal": 1, "unreadable": 1, "unsupported": 1}
        assert result.extracted == (3 if attempt == 0 else 0)  # good ones skipped, failures retried
        errors = _lines(run / "errors.jsonl")
        assert [(e["file"], e["stage"], e["kind"], e["error"]) for e in errors] == [
            (
                str(folder / "bug.txt"),
                "internal",
                None,
                f"{folder / 'bug.txt'}: RuntimeError: bug in a stage",
            ),
            (
                str(folder / "empty.txt"),
                "ingest",
                "unreadable",
                f"{folder / 'empty.txt'}: empty file (0 bytes)",
            ),
            (
                str(folder / "photo.png"),
                "ingest",
                "unsupported",
                f"{folder / 'photo.png'}: unsupported file type '.png' (supported: "
                ".doc, .docx, .et, .htm, .html, .md, .pdf, .txt, .wps, .xls, .xlsx)",
            ),
        ]
        assert all(e["time"].endswith("+00:00") for e in errors)
    failed = [e for e in _lines(run / "manifest.jsonl") if e["status"] == "failed"]
    assert len(failed) == 6 and {e["result"] for e in failed} == {None}


def test_a_missing_path_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    with pytest.raises(BatchError, match=f"no such file or folder: {tmp_path / 'nowhere.txt'}"):
        run_batch([folder, tmp_path / "nowhere.txt"], run, RULES, extractor=fake_extract)
    assert not run.exists()


def test_hidden_files_readmes_and_the_run_directory_are_skipped_by_rule(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_text("x")
    (folder / "README.md").write_text("# what this folder is")
    run = folder / "runs" / "2024"
    run_batch([folder], run, RULES, extractor=fake_extract)
    again = run_batch([folder], run, RULES, extractor=fake_extract)
    assert (again.found, again.skipped) == (3, 3)  # the run's own files are not reports
    assert again.skipped_by_rule == {"hidden": 2, "README": 1, "run directory": 1}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no report files found in {folder}: it is empty"),
        ({".hidden.txt": b"x"}, "no report files found in {folder}: it is empty (skipped: 1 hidden)"),
        (
            {"a.zip": b"PK", "b.png": b"x", "c.png": b"y"},
            "no report files found in {folder}: 2 .png, 1 .zip, none of a supported type (.doc .docx ",
        ),
    ],
    ids=["empty", "only-hidden", "nothing-supported"],
)
def test_nothing_to_read_is_one_error_and_nothing_is_written(
    tmp_path: Path, files: dict[str, bytes], message: str
) -> None:
    folder, run = tmp_path / "in", tmp_path / "run"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with pytest.raises(BatchError) as caught:
        run_batch([folder], run, RULES, extractor=fake_extract)
    assert str(caught.value).startswith(message.format(folder=folder))
    assert not run.exists()


def test_failures_of_reports_outside_this_run_stay_in_the_error_log(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    other = tmp_path / "other"
    other.mkdir()
    (other / "empty.txt").write_bytes(b"")
    run_batch([other], run, RULES, extractor=fake_extract)
    result = run_batch([folder], run, RULES, extractor=fake_extract)
    assert (result.found, result.failed) == (3, 0)
    empty = other / "empty.txt"
    assert [(e["file"], e["stage"], e["error"]) for e in _lines(run / "errors.jsonl")] == [
        (str(empty.resolve()), "ingest", f"{empty}: empty file (0 bytes)")
    ]
    run_batch([other, folder], run, RULES, extractor=fake_extract)  # retried: the carried line is replaced
    assert [e["file"] for e in _lines(run / "errors.jsonl")] == [str(empty)]


def test_a_report_that_now_fails_moves_its_old_result_aside(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    run_batch([folder], run, RULES, extractor=fake_extract)
    name = result_name(folder / "报告.txt")
    (folder / "报告.txt").write_text("BOOM", encoding="utf-8")
    outcome = ingest([folder], run, RULES, extractor=fake_extract)
    assert (outcome.batch.failed, outcome.export.reports) == (1, 2)
    assert not (run / "reports" / name).exists()
    assert json.loads((run / "superseded" / name).read_text())["projects"][0]["name"] == "报告"


def test_ingest_writes_the_exports(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    outcome = ingest([folder], run, RULES, extractor=fake_extract)
    assert outcome.export.reports == 3 and outcome.export.problems == ()
    assert len((run / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert len((run / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()) == 1 + 6


def test_a_killed_runs_temporaries_are_removed(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    (run / "reports").mkdir(parents=True)
    (run / "reports" / ".报告_x.json.abc.tmp").write_text('{"half')
    (run / ".results.sqlite.def.tmp").write_text("half")
    run_batch([folder], run, RULES, extractor=fake_extract)
    assert [p.name for p in run.rglob(".*.tmp")] == []


def test_process_workers_give_the_same_results_as_inline(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    inline = ingest([folder], tmp_path / "one", RULES, extractor=fake_extract)
    parallel = ingest([folder], tmp_path / "two", Config(workers=2), extractor=fake_extract)
    assert parallel.batch == inline.batch
    one, two = ((tmp_path / name / "results.jsonl").read_text(encoding="utf-8") for name in ("one", "two"))
    assert one == two


def _llm_extract(behaviour: dict[str, str]):  # type: ignore[no-untyped-def]
    """The stand-in extractor, but a file whose first line is in `behaviour` raises a fatal LLM
    error (`fatal`) or comes back with one unanswered chunk (`partial`)."""

    def extract(path: Path, config: Config) -> ReportExtraction:
        result = fake_extract(path, config)
        first = read_document(path).text.splitlines()[0]
        if behaviour.get(first) == "fatal":
            raise LLMFatalError("the endpoint refused the API key (HTTP 401): set llm_api_key")
        if behaviour.get(first) == "partial":
            error = ErrorEntry(stage="llm", message="chunk 1 (no section): request failed", start=0, end=3)
            return result.model_copy(update={"errors": (error,)})
        return result

    return extract


LLM = Config(backend="llm", workers=1, llm_base_url="http://127.0.0.1:9/v1", llm_model="m")


def test_a_partial_report_is_not_ok_and_is_retried(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    first = run_batch([folder], run, LLM, extractor=_llm_extract({"满意度": "partial"}))
    assert (first.extracted, first.partial, first.failed) == (2, 1, 0)
    statuses = sorted(e["status"] for e in _lines(run / "manifest.jsonl"))
    assert statuses == ["ok", "ok", "partial"]
    assert (run / "reports" / result_name(folder / "sub" / "报告.txt")).is_file()  # the result is kept
    again = run_batch([folder], run, LLM, extractor=_llm_extract({}))
    assert (again.skipped, again.extracted, again.partial) == (2, 1, 0)
    forced = run_batch([folder], run, LLM, extractor=_llm_extract({}), force=True)
    assert (forced.skipped, forced.extracted) == (0, 3)


def test_a_fatal_llm_error_stops_the_run_and_a_rerun_redoes_the_rest(tmp_path: Path) -> None:
    folder, run = _folder(tmp_path), tmp_path / "run"
    every = {"培训班次": "fatal", "满意度": "fatal", "党员活动": "fatal"}
    with pytest.raises(LLMFatalError, match=r"^run stopped: the endpoint refused the API key"):
        run_batch([folder], run, LLM, extractor=_llm_extract(every))
    assert [e["status"] for e in _lines(run / "manifest.jsonl")] == ["failed"]  # one report, then stop
    fixed = run_batch([folder], run, LLM, extractor=_llm_extract({}))
    assert (fixed.skipped, fixed.extracted, fixed.failed) == (0, 3, 0)


def test_the_llm_identity_is_part_of_the_config_hash() -> None:
    base = config_hash(LLM)
    for change in ({"llm_provider": "deepseek"}, {"llm_mode": "json"}, {"llm_model": "n"}):
        assert config_hash(dataclasses.replace(LLM, **change)) != base
    assert config_hash(dataclasses.replace(LLM, llm_base_url="http://127.0.0.1:10/v1")) != base
    assert config_hash(dataclasses.replace(LLM, llm_prices={"m": {"input": 1.0}})) == base


def test_the_recorder_writes_a_group_of_lines_after_one_fsync_of_the_reports_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "reports").mkdir()
    calls: list[str] = []
    monkeypatch.setattr(runner, "fsync_dir", lambda directory: calls.append(f"fsync {directory.name}"))
    monkeypatch.setattr(
        runner, "append_error", lambda run_dir, *records: calls.append(f"errors {len(records)}")
    )
    real_append = runner.append_manifest

    def append(run_dir: Path, *entries: ManifestEntry) -> None:
        calls.append(f"manifest {len(entries)}")
        real_append(run_dir, *entries)

    monkeypatch.setattr(runner, "append_manifest", append)
    recorder = runner.Recorder(tmp_path, "c", group=3)
    tasks = [Task(path=f"{n}.txt", key=f"/{n}.txt", sha256="s", result=f"{n}.json") for n in "abcd"]
    recorder.record(ReportOutcome(tasks[0], "ok", "s"))
    recorder.record(ReportOutcome(tasks[1], "failed", "s", stage="read", message="b.txt: unreadable"))
    assert calls == []  # kept: a kill -9 now loses both lines, and the next run redoes a and b
    recorder.record(ReportOutcome(tasks[2], "ok", "s"))
    assert calls == ["fsync reports", "errors 1", "manifest 3"]
    recorder.record(ReportOutcome(tasks[3], "ok", "s"))
    recorder.write_due()
    assert calls[3:] == []  # d has not waited GROUP_WAIT_S yet
    monkeypatch.setattr(runner, "GROUP_WAIT_S", 0.0)
    recorder.write_due()
    recorder.flush()  # nothing pending: nothing written
    assert calls[3:] == ["fsync reports", "manifest 1"]
    lines = _lines(tmp_path / "manifest.jsonl")
    assert [(e["path"], e["status"], e["result"]) for e in lines] == [
        ("/a.txt", "ok", "a.json"),
        ("/b.txt", "failed", None),
        ("/c.txt", "ok", "c.json"),
        ("/d.txt", "ok", "d.json"),
    ]


def test_a_run_records_every_report_in_groups_and_the_last_partial_one(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(runner.GROUP_SIZE + 2):
        (folder / f"{n:02d}.txt").write_text(f"指标{n}\n", encoding="utf-8")
    result = run_batch([folder], tmp_path / "run", RULES, extractor=fake_extract)
    assert result.extracted == runner.GROUP_SIZE + 2
    lines = _lines(tmp_path / "run" / "manifest.jsonl")
    assert sorted(Path(e["path"]).name for e in lines) == [
        f"{n:02d}.txt" for n in range(runner.GROUP_SIZE + 2)
    ]
    assert all((tmp_path / "run" / "reports" / e["result"]).is_file() for e in lines)

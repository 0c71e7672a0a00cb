"""`pipeline ingest / export / summary` end to end, with the real extractor.

Covers: a folder mixing good and bad files (every good report extracted, one error line per bad
file, exit status 2); a run killed with SIGKILL and restarted ends exactly like an uninterrupted
run; a second run extracts nothing; `export` and `summary` over a run directory.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.batch.runner import GROUP_SIZE
from pipeline.cli.app import app
from pipeline.core.schema import validation_errors
from pipeline_testing.run_compare import export_differences

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "evals" / "reports").glob("*.txt"))
runner = CliRunner()


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _mixed_folder(root: Path) -> tuple[Path, list[Path], list[Path]]:
    folder = root / "in"
    (folder / "nested").mkdir(parents=True)
    good = [folder / SAMPLES[0].name, folder / "nested" / SAMPLES[1].name]
    shutil.copy(SAMPLES[0], good[0])
    shutil.copy(SAMPLES[1], good[1])
    gbk = folder / "gbk.txt"
    gbk.write_bytes(SAMPLES[2].read_text(encoding="utf-8").encode("gb18030"))
    chinese = folder / "自评 报告 2024.txt"
    shutil.copy(SAMPLES[3], chinese)
    bad = [folder / "empty.txt", folder / "corrupt.docx", folder / "binary.pdf"]
    bad[0].write_bytes(b"")
    bad[1].write_bytes(os.urandom(4096))
    bad[2].write_bytes(b"\x00\x01\x02\xff" * 1000)
    return folder, [*good, gbk, chinese], bad


def test_mixed_folder_extracts_the_good_and_logs_each_bad_file_once(tmp_path: Path) -> None:
    folder, good, bad = _mixed_folder(tmp_path)
    run = tmp_path / "run"
    result = runner.invoke(app, ["ingest", str(folder), "--out", str(run), "--workers", "2"])
    assert result.exit_code == 2, result.output
    assert "7 files found: 0 unchanged (skipped), 7 to extract" in result.stdout
    for path in good:
        assert f"ok {path} projects=" in result.stdout
    for path in bad:
        assert f"FAILED {path} ingest: " in result.stdout
    errors = _lines(run / "errors.jsonl")
    assert sorted(e["file"] for e in errors) == sorted(str(p) for p in bad)
    assert all(e["stage"] == "ingest" and e["error"].startswith(e["file"] + ": ") for e in errors)
    stored = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((run / "reports").glob("*.json"))]
    assert sorted(doc["source"]["path"] for doc in stored) == sorted(str(p) for p in good)
    assert all(validation_errors(doc) == [] for doc in stored)
    assert sorted(line["source"]["path"] for line in _lines(run / "results.jsonl")) == sorted(map(str, good))
    assert "7 files: 4 extracted, 0 unchanged, 3 failed (3 unreadable)" in result.stdout

    again = runner.invoke(app, ["ingest", str(folder), "--out", str(run), "--workers", "1"])
    assert again.exit_code == 2
    assert "7 files found: 4 unchanged (skipped), 3 to extract" in again.stdout
    assert sorted(e["file"] for e in _lines(run / "errors.jsonl")) == sorted(str(p) for p in bad)  # rewritten


def _ingest_command(source: Path, run: Path) -> list[str]:
    code = "from pipeline.cli import main; main()"
    return [sys.executable, "-c", code, "ingest", str(source), "--out", str(run), "--workers", "1"]


def _copies(root: Path, count: int) -> Path:
    folder = root / "copies"
    folder.mkdir()
    for n in range(count):
        # Trailing newlines make each copy's bytes unique: identical files would be duplicates.
        data = SAMPLES[n % len(SAMPLES)].read_bytes() + b"\n" * (n + 1)
        (folder / f"报告 {n:02d}.txt").write_bytes(data)
    return folder


def _kill_after_results(command: list[str], reports: Path, wanted: int) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if reports.is_dir() and len(list(reports.glob("*.json"))) >= wanted:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the run finished before it could be killed"


@pytest.mark.parametrize("wanted", [3, GROUP_SIZE + 3])  # inside the first group; past a written one
def test_a_run_killed_midway_and_restarted_matches_an_uninterrupted_run(tmp_path: Path, wanted: int) -> None:
    source = _copies(tmp_path, 40)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    _kill_after_results(_ingest_command(source, killed), killed / "reports", wanted=wanted)
    done = sorted((killed / "reports").glob("*.json"))
    assert wanted <= len(done) < 40
    for path in done:  # whatever exists is complete
        assert validation_errors(json.loads(path.read_text(encoding="utf-8"))) == []
    manifest = _lines(killed / "manifest.jsonl") if (killed / "manifest.jsonl").exists() else []
    # every line whole and written after its result file (lines are written by group, or not yet)
    assert all((killed / "reports" / e["result"]).is_file() for e in manifest)

    resumed = subprocess.run(_ingest_command(source, killed), capture_output=True, text=True, cwd=REPO)
    assert resumed.returncode == 0, resumed.stderr
    skipped = int(resumed.stdout.split("files found: ")[1].split(" unchanged")[0])
    assert skipped == len(manifest)
    # at most a group waiting for its lines and the report in flight are redone
    assert len(done) - skipped <= GROUP_SIZE + 1
    assert subprocess.run(_ingest_command(source, clean), capture_output=True, cwd=REPO).returncode == 0

    assert sorted(p.name for p in (killed / "reports").iterdir()) == sorted(
        p.name for p in (clean / "reports").iterdir()
    )
    for path in (clean / "reports").iterdir():
        assert (killed / "reports" / path.name).read_bytes() == path.read_bytes()
    killed_lines = set((killed / "results.jsonl").read_text(encoding="utf-8").splitlines())
    assert killed_lines == set((clean / "results.jsonl").read_text(encoding="utf-8").splitlines())
    assert len(killed_lines) == 40
    assert (killed / "indicators.csv").read_bytes() == (clean / "indicators.csv").read_bytes()
    assert [p.name for p in killed.rglob(".*.tmp")] == []


def test_a_second_run_extracts_nothing(tmp_path: Path) -> None:
    source = _copies(tmp_path, 3)
    run = tmp_path / "run"
    first = runner.invoke(app, ["ingest", str(source), "--out", str(run), "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert first.stdout.count("\nok ") == 3
    manifest = (run / "manifest.jsonl").read_text()
    second = runner.invoke(app, ["ingest", str(source), "--out", str(run), "--workers", "1"])
    assert second.exit_code == 0
    assert "3 files found: 3 unchanged (skipped), 0 to extract" in second.stdout
    assert "\nok " not in second.stdout
    assert "3 files: 0 extracted, 3 unchanged, 0 failed" in second.stdout
    assert (run / "manifest.jsonl").read_text() == manifest


def _hand_built_run(run: Path) -> None:
    (run / "reports").mkdir(parents=True)
    doc = {
        "source": {"path": "a.txt", "sha256": "0" * 64, "format": "txt"},
        "projects": [{"name": "甲", "indicators": [
            {"name": "培训", "target": {"op": ">=", "value": 10, "unit": "个"},
             "actual": {"value": 8, "unit": "个"}, "confidence": 0.5},
        ]}],
        "flags": [{"kind": "unmet", "message": "8 < 10", "path": "projects[0].indicators[0]"}],
        "usage": {"requests": 2, "cache_hits": 1, "prompt_tokens": 5, "completion_tokens": 1},
    }  # fmt: skip
    (run / "reports" / "a_1.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (run / "errors.jsonl").write_text(json.dumps({"file": "b.pdf", "stage": "ingest"}) + "\n")


def test_export_command_applies_corrections_and_reports_problems(tmp_path: Path) -> None:
    _hand_built_run(tmp_path)
    corrections = [
        {
            "report": "a_1",
            "path": "projects[0].indicators[0].actual.value",
            "old": 8,
            "new": 12,
            "decision": "edit",
        },
        {"report": "a_1", "path": "projects[3].name", "decision": "reject"},
    ]
    (tmp_path / "corrections.jsonl").write_text("".join(json.dumps(c) + "\n" for c in corrections))
    result = runner.invoke(app, ["export", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = "results.jsonl, indicators.csv, results.xlsx, results.sqlite"
    assert result.stdout == f"exported 1 reports (1 corrections applied): {files}\n"
    assert "warning: correction line 2 for a_1: path 'projects[3].name' does not exist" in result.stderr
    rows = (tmp_path / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].split(",")[9] == "12" and rows[1].split(",")[14] == "met"


def test_summary_command(tmp_path: Path) -> None:
    _hand_built_run(tmp_path)
    result = runner.invoke(app, ["summary", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "reports        1 ok, 0 partial, 1 failed",
        "projects       1",
        "indicators     1 (0 met, 1 unmet, 0 qualitative targets)",
        "low confidence 1 indicators below 0.7",
        "flags          1 (unmet 1)",
        "LLM            2 requests, 1 cache hits, 6 tokens (5 prompt of which 0 cached + 1 completion of "
        "which 0 reasoning)",
        "cost           -; no price for (no model)",
    ]


@pytest.mark.parametrize("command", ["export", "summary"])
def test_a_missing_run_directory_is_one_error_line(tmp_path: Path, command: str) -> None:
    result = runner.invoke(app, [command, str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "not a run directory" in result.stderr


def test_ingest_with_nothing_to_read_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty"), "--out", str(tmp_path / "run")])
    assert result.exit_code == 1
    assert result.stderr == f"error: no report files found in {tmp_path / 'empty'}: it is empty\n"
    assert not (tmp_path / "run").exists()


def _folder_as_it_comes(root: Path) -> tuple[Path, dict[str, Path]]:
    """What a finance bureau sends: two good reports, legacy and unsupported files, a text file with
    one bad byte, one too large for the limit the test sets, a hidden file and a README."""
    folder = root / "bureau"
    folder.mkdir()
    files = {
        "good1": folder / "good1.txt",
        "good2": folder / "good2.txt",
        "doc": folder / "old.doc",
        "wps": folder / "kingsoft.wps",
        "zip": folder / "attachments.zip",
        "png": folder / "scan.png",
        "bad_byte": folder / "bad-byte.txt",
        "big": folder / "huge.txt",
    }
    shutil.copy(SAMPLES[0], files["good1"])
    shutil.copy(SAMPLES[1], files["good2"])
    damaged_ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(400)  # Word binary signature, body lost
    files["doc"].write_bytes(damaged_ole)
    files["wps"].write_bytes(damaged_ole + b"\x00")  # not the same bytes: identical files are duplicates
    files["zip"].write_bytes(b"PK\x03\x04" + bytes(60))
    files["png"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(60))
    text = SAMPLES[3].read_bytes()
    files["bad_byte"].write_bytes(text[:2000] + b"\xff" + text[2000:])
    files["big"].write_bytes(SAMPLES[3].read_bytes() * 6)  # ~116 KB, over the 0.1 MB limit below
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "README.txt").write_text("这个文件夹是2024年的自评报告", encoding="utf-8")
    return folder, files


def test_every_file_of_a_real_world_folder_is_accounted_for(tmp_path: Path) -> None:
    folder, _ = _folder_as_it_comes(tmp_path)
    run = tmp_path / "run"

    result = runner.invoke(
        app, ["ingest", str(folder), "--out", str(run), "--workers", "1"], env={"PIPELINE_MAX_FILE_MB": "0.1"}
    )

    assert result.exit_code == 2, result.output
    assert (
        "8 files: 3 extracted, 0 unchanged, 5 failed (2 conversion_failed, 1 too_large, 2 unsupported)"
        in (result.stdout)
    )
    assert "skipped by rule: 1 hidden, 1 README" in result.stdout
    summary = runner.invoke(app, ["summary", str(run)])
    assert summary.stdout.splitlines()[:2] == [
        "reports        3 ok, 0 partial, 5 failed (2 conversion_failed, 1 too_large, 2 unsupported)",
        "skipped        2 files by rule (1 hidden, 1 README)",  # from run.json: not only during ingest
    ]
    errors = {Path(e["file"]).name: (e["stage"], e["kind"]) for e in _lines(run / "errors.jsonl")}
    assert errors == {
        "old.doc": ("ingest", "conversion_failed"),
        "kingsoft.wps": ("ingest", "conversion_failed"),
        "attachments.zip": ("ingest", "unsupported"),
        "scan.png": ("ingest", "unsupported"),
        "huge.txt": ("ingest", "too_large"),
    }
    results = {Path(doc["source"]["path"]).name: doc for doc in _lines(run / "results.jsonl")}
    assert sorted(results) == ["bad-byte.txt", "good1.txt", "good2.txt"]
    decode = [f for f in results["bad-byte.txt"]["flags"] if f["kind"] == "decode_errors"]
    assert [f["message"].split(",")[0] for f in decode] == ["1 undecodable byte sequence replaced by U+FFFD"]
    for name, sample in (("good1.txt", SAMPLES[0]), ("good2.txt", SAMPLES[1])):
        alone = runner.invoke(app, ["extract", str(sample), "--out", str(tmp_path / "alone")])
        assert alone.exit_code == 0, alone.output
        expected = json.loads((tmp_path / "alone" / f"{sample.stem}.json").read_text(encoding="utf-8"))
        assert results[name]["projects"] == expected["projects"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "nowhere", "error: no such file or folder: {root}/nowhere\n"),
        (lambda root: _mkdir(root / "empty"), "error: no report files found in {root}/empty: it is empty\n"),
    ],
    ids=["missing", "empty"],
)
def test_extract_refuses_nothing_to_read_before_writing(tmp_path: Path, make: Any, message: str) -> None:
    target = make(tmp_path)
    result = runner.invoke(app, ["extract", str(target), "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (1, message.format(root=tmp_path))
    assert not (tmp_path / "out").exists()


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize("command", [["summary"], ["export"], ["review", "--list"]])
def test_a_folder_that_is_not_a_run_is_refused(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = runner.invoke(app, [*command, str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path}: not a run directory "
        "(it has no reports/ folder; run `pipeline ingest ... --out` first)\n"
    )


def _interrupted_run(command: list[str], run: Path) -> subprocess.Popen[str] | None:
    """Start `command`, send SIGINT once its first result file exists; None if it ended first.

    On a machine loaded far beyond its cores, this (test) process can be kept off the CPU for
    the whole run, and look only after the run has ended: then there was no run to interrupt,
    which says nothing about how an interrupt is handled.
    """
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not list((run / "reports").glob("*.json")):
        time.sleep(0.1)
    if process.poll() is not None:
        process.communicate()
        return None
    process.send_signal(signal.SIGINT)
    return process


def test_ctrl_c_ends_a_run_cleanly_and_the_next_run_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):  # big enough that a few are still in flight when the signal comes
        # Each file its own bytes: identical files are extracted once (the others are duplicates),
        # and one report done would leave nothing in flight to interrupt.
        (folder / f"r{n}.txt").write_bytes(SAMPLES[4].read_bytes() * 60 + f"\n第{n}份\n".encode())
    for attempt in range(3):
        run = tmp_path / f"run{attempt}"
        command = [
            sys.executable,
            "-m",
            "pipeline.cli",
            "ingest",
            str(folder),
            "--out",
            str(run),
            "--workers",
            "2",
        ]
        process = _interrupted_run(command, run)
        if process is not None:
            break
    assert process is not None, "every run ended before this test could interrupt it"
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.endswith("interrupted: work finished so far is saved; run the command again to resume\n")
    # every line whole (there may be none yet: a result written, its line not, is redone next time)
    manifest = _lines(run / "manifest.jsonl") if (run / "manifest.jsonl").exists() else []
    assert all((run / "reports" / e["result"]).is_file() for e in manifest if e["status"] == "ok")
    resumed = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"6 files found: {len(manifest)} unchanged (skipped)" in resumed.stdout


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--shard", "4/4"], {}, "error: shard index must be in 0..3 (0-based), not 4\n"),
        (["--shard", "two"], {}, "error: --shard must be INDEX/COUNT (0-based, e.g. 0/4), not 'two'\n"),
        (
            [],
            {"JOB_COMPLETION_INDEX": "1"},
            "error: JOB_COMPLETION_INDEX is set but no shard count: pass --shard-count N "
            "or set PIPELINE_SHARD_COUNT\n",
        ),
    ],
)
def test_a_bad_shard_exits_2_before_anything_is_written(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    result = runner.invoke(app, ["ingest", str(SAMPLES[0]), "--out", str(tmp_path / "run"), *args], env=env)
    assert (result.exit_code, result.stderr) == (2, message)
    assert not (tmp_path / "run").exists()


def test_indexed_job_shards_merge_into_one_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, folder / sample.name)
    whole = tmp_path / "whole" / "run"
    assert runner.invoke(app, ["ingest", str(folder), "--out", str(whole), "--workers", "1"]).exit_code == 0
    assert runner.invoke(app, ["review", str(whole), "--html"]).exit_code == 0
    shards = [tmp_path / f"s{i}" for i in range(2)]
    for index, shard in enumerate(shards):  # a Kubernetes indexed job: index from the environment
        env = {"JOB_COMPLETION_INDEX": str(index), "PIPELINE_SHARD_COUNT": "2"}
        result = runner.invoke(app, ["ingest", str(folder), "--out", str(shard), "--workers", "1"], env=env)
        assert result.exit_code == 0, result.output
        assert f"\nshard {index}/2: " in result.stdout
    assert runner.invoke(app, ["review", str(shards[0]), "--html"]).exit_code == 0
    summary = runner.invoke(app, ["summary", str(shards[1])], env={"PIPELINE_LLM_MODE": "jsn"})
    assert summary.stdout.splitlines()[0] == "input          shard 1/2"

    merged = tmp_path / "merged" / "run"
    result = runner.invoke(app, ["merge", *map(str, shards), "--out", str(merged)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"merged 2 runs (the whole input) into {merged}\n"
        "exported 5 reports (0 corrections applied): "
        "results.jsonl, indicators.csv, results.xlsx, results.sqlite\n"
    )
    assert export_differences(whole, merged) == []
    assert len(list((merged / "review").glob("*.html"))) == 6  # index + one page per report
    again = runner.invoke(app, ["merge", *map(str, shards), "--out", str(merged)])
    assert (again.exit_code, again.stderr) == (
        1,
        f"error: {merged}: already exists: merge writes a new run directory\n",
    )
    missing = runner.invoke(app, ["merge", str(shards[0]), "--out", str(tmp_path / "m2")])
    assert (missing.exit_code, missing.stderr) == (
        1,
        "error: shard(s) 1/2 missing (--allow-partial merges without them)\n",
    )


def test_a_bad_llm_mode_does_not_block_commands_without_the_llm(tmp_path: Path) -> None:
    run = tmp_path / "run"
    bad = {"PIPELINE_LLM_MODE": "jsn"}
    ingest = runner.invoke(app, ["ingest", str(SAMPLES[0]), "--out", str(run), "--workers", "1"], env=bad)
    assert ingest.exit_code == 0, ingest.output
    for command in (["summary", str(run)], ["export", str(run)], ["read", str(SAMPLES[0])]):
        assert runner.invoke(app, command, env=bad).exit_code == 0, command
    llm = runner.invoke(app, ["ingest", str(SAMPLES[0]), "--out", str(run), "--backend", "llm"], env=bad)
    assert (llm.exit_code, llm.stderr) == (
        1,
        "error: PIPELINE_LLM_MODE: llm_mode must be one of auto, tools, json_schema, json, md_json, "
        "not 'jsn' (did you mean 'json'?)\n",
    )

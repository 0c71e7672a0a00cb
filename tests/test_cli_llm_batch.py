"""`pipeline ingest --llm-batch`, `pipeline batch status`, `pipeline ingest RUN --resume` as a
user runs them: exit 3 while batches run, 0 once the run is assembled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.batch.shard import Shard, select
from pipeline.cli import app
from pipeline_testing.fake_server import running_fake_server

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "evals" / "reports"


def _env(base_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "PIPELINE_LLM_BASE_URL": base_url,
        "PIPELINE_LLM_MODEL": "fake-model",
        "PIPELINE_LLM_API_KEY": "sk-fake-0123456789",
        "PIPELINE_CACHE_DIR": str(tmp_path / "cache"),
        "NO_PROXY": "127.0.0.1",
    }


def test_submit_status_resume(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copyfile(path, folder / path.name)
    run = tmp_path / "run"
    with running_fake_server("oracle") as server:
        env = _env(server.base_url, tmp_path)
        submitted = runner.invoke(
            app, ["ingest", str(folder), "--out", str(run), "--backend", "llm", "--llm-batch"], env=env
        )
        status = runner.invoke(app, ["batch", "status", str(run)], env=env)
        resumed = runner.invoke(app, ["ingest", str(run), "--resume"], env=env)
        again = runner.invoke(app, ["batch", "status", str(run)], env=env)
        sent = server.requests_served
    assert submitted.exit_code == 3, submitted.output
    lines = submitted.stdout.splitlines()
    assert lines[0] == "submitted 2 requests in provider batches"
    assert lines[1].startswith("batch_0001  in_progress  0/2 done  created ")
    assert lines[1].endswith("(gen 1)")
    assert submitted.stderr == f"batches still running: run `pipeline ingest {run} --resume` later\n"
    assert status.exit_code == 0 and status.stdout.startswith("batch_0001  completed    2/2 done")
    assert resumed.exit_code == 0, resumed.output
    assert "2 files: 2 extracted, 0 unchanged, 0 failed, 0 partial" in resumed.stdout
    assert again.exit_code == 0 and again.stdout.rstrip().endswith("(gen 1); collected: 2 valid, 0 invalid")
    assert sent == 0


def test_resume_without_a_submission_and_the_rules_backend_are_refused(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir()
    resumed = runner.invoke(app, ["ingest", str(tmp_path / "run"), "--resume", "--backend", "llm"])
    assert resumed.exit_code == 1
    assert (
        resumed.stderr
        == f"error: {tmp_path / 'run'}: nothing to resume: no provider batch was submitted here\n"
    )
    rules = runner.invoke(
        app,
        ["ingest", str(SAMPLES), "--out", str(tmp_path / "r"), "--llm-batch"],
        env={"PIPELINE_BACKEND": "rules"},
    )
    assert rules.exit_code == 1
    assert rules.stderr == "error: --llm-batch needs the llm or hybrid backend (--backend llm)\n"
    missing = runner.invoke(app, ["ingest", str(SAMPLES)])
    assert (missing.exit_code, missing.stderr) == (1, "error: --out RUN_DIR is required\n")


def test_a_shard_through_provider_batches_resumes_as_that_shard_and_merges_once_done(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:3]:
        shutil.copyfile(path, folder / path.name)
    files = sorted(folder.iterdir())
    mine = next(Shard(i, 2) for i in range(2) if select(files, Shard(i, 2)))  # a share with reports
    owned, other = len(select(files, mine)), Shard(1 - mine.index, 2)
    run, out = tmp_path / "run", tmp_path / "merged"
    with running_fake_server("oracle") as server:
        env = _env(server.base_url, tmp_path)
        args = ["ingest", str(folder), "--out", str(run), "--backend", "llm", "--llm-batch"]
        submitted = runner.invoke(app, [*args, "--shard", mine.label], env=env)
        early = runner.invoke(app, ["merge", str(run), "--out", str(out), "--allow-partial"], env=env)
        wrong = runner.invoke(app, ["ingest", str(run), "--resume", "--shard", other.label], env=env)
        resumed = runner.invoke(app, ["ingest", str(run), "--resume"], env=env)
        merged = runner.invoke(app, ["merge", str(run), "--out", str(out), "--allow-partial"], env=env)
    assert submitted.exit_code == 3, submitted.output
    assert (early.exit_code, early.stderr) == (
        1,
        f"error: {run}: its provider batches are not finished: "
        f"run `pipeline ingest {run} --resume` until it ends\n",
    )
    assert (wrong.exit_code, wrong.stderr) == (
        1,
        f"error: {run}: the provider batches here are for shard {mine.label}, not shard {other.label}\n",
    )
    assert resumed.exit_code == 0, resumed.output
    assert f"shard {mine.label}: {owned} of the files found are this shard's\n" in resumed.stdout
    assert f"{owned} files: {owned} extracted, 0 unchanged, 0 failed, 0 partial" in resumed.stdout
    assert json.loads((run / "run.json").read_text(encoding="utf-8"))["shards"] == [mine.index]
    assert merged.exit_code == 0, merged.output
    assert merged.stdout.startswith(f"merged 1 runs (shard {mine.label}) into {out}\n")


def test_batch_status_and_cancel_name_a_missing_run_and_a_run_without_batches(tmp_path: Path) -> None:
    env = {"PIPELINE_LLM_BASE_URL": "http://127.0.0.1:9/v1", "PIPELINE_LLM_MODEL": "m"}
    (tmp_path / "run").mkdir()
    for command in ("status", "cancel"):
        missing = runner.invoke(app, ["batch", command, str(tmp_path / "nope")], env=env)
        plain = runner.invoke(app, ["batch", command, str(tmp_path / "run")], env=env)
        assert (missing.exit_code, missing.stderr) == (
            1,
            f"error: {tmp_path / 'nope'}: not a run directory "
            "(run `pipeline ingest ... --llm-batch --out` first)\n",
        )
        assert (plain.exit_code, plain.stderr) == (
            1,
            f"error: {tmp_path / 'run'}: no provider batch was submitted here\n",
        )

"""`ingest --llm-batch` against the fake Batch API: the happy path, failed and invalid lines,
expiry, cancel, and a restart at every recorded stage — never a second submission, exports as
an online run's."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.batch import BatchError, ingest
from pipeline.batch.llm_batch import (
    RoundResult,
    all_ended,
    cancel_round,
    load_round,
    refresh_round,
    run_llm_batch,
)
from pipeline.batch.merge import MergeError, merge_runs
from pipeline.batch.shard import Shard, select
from pipeline.core.config import Config
from pipeline.export.run_record import read_run_record
from pipeline.llm.provider_batch import BatchApi
from pipeline_testing.fake_server import FakeLLMServer, running_fake_server

SAMPLES = Path(__file__).resolve().parents[1] / "evals" / "reports"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:3]:
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    with running_fake_server("oracle") as fake:
        yield fake


def _config(server: FakeLLMServer, cache: Path) -> Config:
    return Config(
        backend="llm",
        llm_base_url=server.base_url,
        llm_model="fake-model",
        llm_api_key="sk-fake-0123456789",
        cache_dir=str(cache),
        llm_max_retries=0,
        llm_pack_chars=0,  # one request per chunk: several lines per report
    )


def _until_done(
    paths: list[Path] | None, run: Path, config: Config, api: BatchApi | None = None
) -> RoundResult:
    """`ingest --llm-batch`, then `--resume` until the reports are assembled."""
    outcome = run_llm_batch(paths, run, config, api=api)
    for _ in range(10):
        if outcome.ingest is not None:
            return outcome
        outcome = run_llm_batch(None, run, config, api=api)
    raise AssertionError("the batches never ended")


def _rows(run: Path) -> str:
    return (run / "indicators.csv").read_text(encoding="utf-8")


def _usage(run: Path) -> dict[str, int]:
    total: dict[str, int] = {}
    for path in sorted((run / "reports").glob("*.json")):
        for key, value in json.loads(path.read_text(encoding="utf-8"))["usage"].items():
            total[key] = total.get(key, 0) + value
    return total


def _online_rows(reports: Path, tmp_path: Path) -> str:
    with running_fake_server("oracle") as online:
        ingest([reports], tmp_path / "online", _config(online, tmp_path / "online-cache"))
    return _rows(tmp_path / "online")


def test_all_answers_valid_means_no_online_request_and_the_online_exports(
    reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    config = _config(server, tmp_path / "cache")
    first = run_llm_batch([reports], tmp_path / "run", config)
    assert first.ingest is None and first.submitted > 3
    assert [(p.generation, p.requests, p.status) for p in first.round.parts] == [
        (1, first.submitted, "in_progress")
    ]
    done = _until_done(None, tmp_path / "run", config)
    assert done.ingest is not None and done.ingest.batch.extracted == 3
    assert server.requests_served == 0
    assert server.batches.batches_created == 1
    usage = _usage(tmp_path / "run")
    assert (usage["requests"], usage["batch_requests"]) == (0, first.submitted)
    assert usage["batch_prompt_tokens"] == usage["prompt_tokens"] > 0
    assert _rows(tmp_path / "run") == _online_rows(reports, tmp_path)


def test_a_cached_request_is_not_submitted_again(
    reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    config = _config(server, tmp_path / "cache")
    submitted = _until_done([reports], tmp_path / "run", config).round.parts[0].requests
    again = run_llm_batch([reports], tmp_path / "run2", config)
    assert again.submitted == 0 and again.ingest is not None
    assert server.batches.batches_created == 1 and server.requests_served == 0
    assert submitted > 0


@pytest.mark.parametrize("fault", ["error", "schema", "truncate"])
def test_a_failed_or_invalid_line_is_asked_online(
    fault: str, reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    server.batches.line_faults = {1: fault}
    done = _until_done([reports], tmp_path / "run", _config(server, tmp_path / "cache"))
    part = done.round.parts[0]
    invalid, failed = (0, 1) if fault == "error" else (1, 0)
    assert part.collected == {"answered": part.requests - 1, "invalid": invalid, "failed": failed}
    assert server.requests_served == 1  # that one request, online
    usage = _usage(tmp_path / "run")
    assert (usage["requests"], usage["batch_requests"]) == (1, part.requests - 1)
    assert _rows(tmp_path / "run") == _online_rows(reports, tmp_path)


def test_an_expired_batch_keeps_its_answers_and_resubmits_only_the_rest_once(
    reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    server.batches.outcome = "expired"
    config = _config(server, tmp_path / "cache")
    first = run_llm_batch([reports], tmp_path / "run", config)
    total = first.submitted  # and polled once: in_progress
    expired = run_llm_batch(None, tmp_path / "run", config)  # → expired: collected, rest resubmitted
    parts = expired.round.parts
    assert [(p.generation, p.requests, p.status, p.batch_id) for p in parts] == [
        (1, total, "expired", "batch_0001"),
        (2, total - total // 2, None, "batch_0002"),  # submitted at once, not polled yet
    ]
    resent = (tmp_path / "run" / "llm_batch" / parts[1].name).read_text(encoding="utf-8").splitlines()
    kept = (tmp_path / "run" / "llm_batch" / parts[0].name).read_text(encoding="utf-8").splitlines()
    assert resent == kept[total // 2 :]  # the answered half is never asked again
    done = _until_done(None, tmp_path / "run", config)  # the second batch expires too
    assert server.batches.batches_created == 2
    assert server.requests_served == (total - total // 2) - (total - total // 2) // 2  # online: the rest
    assert done.ingest is not None and done.ingest.batch.partial == 0
    assert _rows(tmp_path / "run") == _online_rows(reports, tmp_path)


def test_a_cancelled_batch_is_treated_like_an_expired_one(
    reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    config = _config(server, tmp_path / "cache")
    first = run_llm_batch([reports], tmp_path / "run", config)
    assert cancel_round(tmp_path / "run", config) == [first.round.parts[0].batch_id]
    cancelled = run_llm_batch(None, tmp_path / "run", config)
    assert [(p.status, p.batch_id) for p in cancelled.round.parts] == [
        ("cancelled", "batch_0001"),
        (None, "batch_0002"),
    ]
    done = _until_done(None, tmp_path / "run", config)
    assert server.batches.batches_created == 2 and server.requests_served == 0
    assert done.ingest is not None
    assert _rows(tmp_path / "run") == _online_rows(reports, tmp_path)


def test_status_polls_and_says_whether_every_batch_ended(
    reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    config = _config(server, tmp_path / "cache")
    submitted = run_llm_batch([reports], tmp_path / "run", config).round
    assert [p.status for p in submitted.parts] == ["in_progress"] and not all_ended(submitted)
    ended = refresh_round(tmp_path / "run", config)
    assert all_ended(ended) and [p.status for p in ended.parts] == ["completed"]
    assert ended.parts[0].collected is None  # status never collects


class _Killed(Exception):
    """What a kill at that point leaves: the call went through, nothing after it ran."""


class _DiesAfter(BatchApi):
    """The real API calls; `step` goes through and then the process 'dies'."""

    def __init__(self, config: Config, step: str) -> None:
        super().__init__(config)
        self.step = step

    def upload(self, name: str, data: bytes) -> str:
        file_id = super().upload(name, data)
        if self.step == "upload":
            raise _Killed(file_id)
        return file_id

    def create(self, file_id: str, metadata: dict[str, str]) -> str:
        batch_id = super().create(file_id, metadata)
        if self.step == "create":
            raise _Killed(batch_id)
        return batch_id

    def content(self, file_id: str) -> bytes:
        if self.step == "download":
            raise _Killed(file_id)
        return super().content(file_id)


@pytest.mark.parametrize("step", ["upload", "create", "download"])
def test_a_restart_after_any_recorded_stage_submits_once(
    step: str, reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    config = _config(server, tmp_path / "cache")
    dying = _DiesAfter(config, step)
    with pytest.raises(_Killed):
        _until_done([reports], tmp_path / "run", config, api=dying)
    recorded = load_round(tmp_path / "run")
    assert recorded is not None
    part = recorded.parts[0]
    expected = {
        "upload": (None, None),
        "create": ("file-0001", None),
        "download": ("file-0001", "batch_0001"),
    }
    assert (part.file_id, part.batch_id) == expected[step]
    done = _until_done(None, tmp_path / "run", config)
    assert len(server.batches.files) == 2  # the input file and the output file, each once
    assert server.batches.batches_created == 1 and server.requests_served == 0
    assert done.ingest is not None and done.ingest.batch.extracted == 3


def _pipeline(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_sigkill_during_download_then_resume_gives_the_online_exports(
    reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    run = tmp_path / "run"
    env: dict[str, Any] = {
        **os.environ,
        "PIPELINE_LLM_BASE_URL": server.base_url,
        "PIPELINE_LLM_MODEL": "fake-model",
        "PIPELINE_LLM_API_KEY": "sk-fake-0123456789",
        "PIPELINE_CACHE_DIR": str(tmp_path / "cache"),
        "PIPELINE_LLM_MAX_RETRIES": "0",
        "PIPELINE_LLM_PACK_CHARS": "0",
        "NO_PROXY": "127.0.0.1",
    }
    submit = _pipeline(["ingest", str(reports), "--out", str(run), "--backend", "llm", "--llm-batch"], env)
    assert submit.wait(120) == 3, submit.stderr.read() if submit.stderr else ""
    server.batches.content_delay = 30.0
    resume = _pipeline(["ingest", str(run), "--resume", "--backend", "llm"], env)
    deadline = time.monotonic() + 60
    state = load_round(run)
    while (state is None or state.parts[0].status != "completed") and time.monotonic() < deadline:
        time.sleep(0.1)
        state = load_round(run)
    time.sleep(0.3)  # inside the download now
    resume.send_signal(signal.SIGKILL)
    resume.wait(10)
    server.batches.content_delay = 0.0
    final = _pipeline(["ingest", str(run), "--resume", "--backend", "llm"], env)
    assert final.wait(120) == 0, final.stderr.read() if final.stderr else ""
    assert server.batches.batches_created == 1 and server.requests_served == 0
    online = _online_rows(reports, tmp_path)
    assert _rows(run) == online


def test_a_new_round_asks_only_what_no_batch_answered_and_waits_for_a_running_one(
    reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    config = _config(server, tmp_path / "cache")
    first = run_llm_batch([reports], tmp_path / "run", config)
    more = tmp_path / "more"
    more.mkdir()
    shutil.copyfile(sorted(SAMPLES.glob("*.txt"))[3], more / "extra.txt")
    with pytest.raises(BatchError, match="provider batches for other inputs are running here"):
        run_llm_batch([reports, more], tmp_path / "run", config)
    _until_done(None, tmp_path / "run", config)
    second = run_llm_batch([reports, more], tmp_path / "run", config)
    assert second.round.token != first.round.token
    assert [p.requests for p in second.round.parts] == [second.submitted]
    assert 0 < second.submitted < first.submitted  # the extra report's requests only
    done = _until_done(None, tmp_path / "run", config)
    assert done.ingest is not None and done.ingest.batch.extracted == 1  # the three others are current
    assert server.requests_served == 0 and server.batches.batches_created == 2


def test_each_shard_is_its_own_round_and_the_merged_shards_equal_the_online_run(
    reports: Path, tmp_path: Path, server: FakeLLMServer
) -> None:
    config = _config(server, tmp_path / "cache")
    files = sorted(reports.iterdir())
    owned = [select(files, Shard(index, 2)) for index in range(2)]
    runs = [tmp_path / f"shard{index}" for index in range(2)]
    firsts = [run_llm_batch([reports], run, config, shard=Shard(i, 2)) for i, run in enumerate(runs)]
    assert [f.round.shard for f in firsts] == ["0/2", "1/2"]
    assert [load_round(run).shard for run in runs] == ["0/2", "1/2"]  # type: ignore[union-attr]
    assert [read_run_record(run).label for run in runs] == ["shard 0/2", "shard 1/2"]  # type: ignore[union-attr]
    running = [run for run, first in zip(runs, firsts, strict=True) if first.ingest is None]
    assert running, "no shard left a batch running"
    with pytest.raises(MergeError, match="its provider batches are not finished") as refused:
        merge_runs(runs, tmp_path / "merged", config)
    assert str(refused.value) == (
        f"{running[0]}: its provider batches are not finished: "
        f"run `pipeline ingest {running[0]} --resume` until it ends"
    )
    with pytest.raises(BatchError, match="the provider batches here are for shard 0/2, not shard 1/2"):
        run_llm_batch(None, runs[0], config, shard=Shard(1, 2))
    for index, run in enumerate(runs):
        done = _until_done(None, run, config)  # --resume: the round's shard, not the whole input
        assert done.ingest is not None and done.ingest.batch.found == len(owned[index])
        assert read_run_record(run).label == f"shard {index}/2"  # type: ignore[union-attr]
    assert server.requests_served == 0
    merge_runs(runs, tmp_path / "merged", config)
    assert _rows(tmp_path / "merged") == _online_rows(reports, tmp_path)

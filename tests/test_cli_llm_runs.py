"""`pipeline ingest` against the fake server: a wrong key stops the run with one message, a rerun
with a working key extracts every report; `pipeline extract` stops at a fatal error too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline_testing.fake_server import running_fake_server

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "evals" / "reports"


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copyfile(path, folder / path.name)
    return folder


def _env(base_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "PIPELINE_LLM_BASE_URL": base_url,
        "PIPELINE_LLM_MODEL": "fake-model",
        "PIPELINE_LLM_API_KEY": "sk-wrong-key-123456",
        "PIPELINE_CACHE_DIR": str(tmp_path / "cache"),
        "PIPELINE_LLM_MAX_RETRIES": "0",
        "NO_PROXY": "127.0.0.1",
    }


def test_a_wrong_key_stops_ingest_and_a_rerun_extracts_everything(reports: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    with running_fake_server("faulty", faults=["401"]) as server:
        env = _env(server.base_url, tmp_path)
        refused = runner.invoke(app, ["ingest", str(reports), "--out", str(run), "--workers", "2"], env=env)
        sent = server.requests_served
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "error: run stopped: the endpoint refused the API key (HTTP 401: Incorrect API key provided (fake)): "
        "set llm_api_key (PIPELINE_LLM_API_KEY)"
    ]
    assert 1 <= sent <= 2  # at most one request per worker
    assert "sk-wrong-key" not in refused.output
    with running_fake_server("oracle") as server:
        fixed = runner.invoke(
            app, ["ingest", str(reports), "--out", str(run)], env=_env(server.base_url, tmp_path)
        )
    assert fixed.exit_code == 0, fixed.output
    assert "2 files: 2 extracted, 0 unchanged, 0 failed, 0 partial" in fixed.stdout


def test_extract_stops_at_the_first_fatal_error(reports: Path, tmp_path: Path) -> None:
    with running_fake_server("faulty", faults=["404"]) as server:
        env = _env(server.base_url, tmp_path) | {"PIPELINE_LLM_CONCURRENCY": "1"}
        result = runner.invoke(app, ["extract", str(reports), "--out", str(tmp_path / "out")], env=env)
        sent = server.requests_served
    assert result.exit_code == 1
    assert result.stderr.startswith("error: model or endpoint not found (HTTP 404")
    assert len(result.stderr.splitlines()) == 1 and sent == 1


def test_summary_shows_the_runs_tokens_and_estimated_cost(reports: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    prices = '{"fake-model": {"input": 0.28, "cached_input": 0.028, "output": 0.42}}'
    with running_fake_server("oracle", provider="deepseek") as server:
        env = _env(server.base_url, tmp_path) | {
            "PIPELINE_LLM_PROVIDER": "deepseek",
            "PIPELINE_LLM_PRICES": prices,
        }
        ingested = runner.invoke(app, ["ingest", str(reports), "--out", str(run)], env=env)
        summary = runner.invoke(app, ["summary", str(run)], env=env)
    assert ingested.exit_code == 0, ingested.output
    lines = summary.stdout.splitlines()
    [tokens] = [line for line in lines if "prompt of which" in line]
    [cost] = [line for line in lines if line.startswith("cost")]
    prompt, cached = (int(word) for word in tokens.split("(")[1].split()[:5:4])
    assert prompt > cached > 0  # the system prompt was served from the (emulated) prefix cache
    assert cost.endswith("(estimated from llm_prices)") and float(cost.split()[1]) > 0


def test_a_prompt_cut_by_ollama_stops_ingest_with_one_message(reports: Path, tmp_path: Path) -> None:
    with running_fake_server("oracle", provider="ollama", num_ctx=1024) as server:
        env = _env(server.base_url, tmp_path) | {"PIPELINE_LLM_PROVIDER": "ollama"}
        result = runner.invoke(app, ["ingest", str(reports), "--out", str(tmp_path / "run")], env=env)
    assert result.exit_code == 1
    [message] = result.stderr.splitlines()
    assert "cut the prompt to fit its context window: it read 1024 prompt tokens" in message
    assert "OLLAMA_CONTEXT_LENGTH=16384" in message
    assert "ok" not in result.stdout.split()

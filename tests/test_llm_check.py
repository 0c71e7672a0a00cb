"""`pipeline llm check` against the fake server: one request, one verdict line per check."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.config import Config
from pipeline.llm.check import check_endpoint
from pipeline_testing.fake_server import running_fake_server
from tests.test_llm_client import SECRET, config_for

runner = CliRunner()


def _lines(config: Config) -> list[str]:
    return [v.line() for v in check_endpoint(config)]


def test_a_working_endpoint_passes_every_check(tmp_path: Path) -> None:
    with running_fake_server("echo") as server:
        lines = _lines(config_for(server, tmp_path, llm_provider="ollama"))
        served = server.requests_served
    assert served == 1
    assert lines == [
        f"reachable  ok    {server.base_url} answered",
        "api key    ok    accepted",
        "model      ok    fake-model exists",
        "mode       ok    json_schema answered with valid JSON",
        "context    ok    Ollama cuts prompts silently at its default context (2-4 K tokens); set "
        "OLLAMA_CONTEXT_LENGTH=16384 on the server or PARAMETER num_ctx 16384 in a Modelfile "
        "(its OpenAI-compatible endpoint has no request field for the context size)",
    ]


@pytest.mark.parametrize(
    ("fault", "last"),
    [
        ("401", "api key    FAIL  HTTP 401: Incorrect API key provided (fake): set PIPELINE_LLM_API_KEY"),
        ("404", "model      FAIL  HTTP 404: The model does not exist (fake): set PIPELINE_LLM_MODEL"),
    ],
)
def test_a_refusal_names_the_setting(fault: str, last: str, tmp_path: Path) -> None:
    with running_fake_server("faulty", faults=[fault]) as server:
        lines = _lines(config_for(server, tmp_path))
    assert lines[-1] == last
    assert all(SECRET not in line for line in lines)


def test_a_thinking_model_refusing_tools_is_a_mode_failure(tmp_path: Path) -> None:
    with running_fake_server("echo", provider="deepseek") as server:
        refused = _lines(config_for(server, tmp_path))
        fixed = _lines(config_for(server, tmp_path, llm_provider="deepseek"))
    assert refused[-1].startswith("mode       FAIL  the endpoint refused mode tools (HTTP 400: Thinking mode")
    assert refused[-1].endswith(
        "set PIPELINE_LLM_PROVIDER (or PIPELINE_LLM_MODE=json); check PIPELINE_LLM_EXTRA_BODY"
    )
    assert fixed[-1] == "mode       ok    json answered with valid JSON"


def test_an_unreachable_endpoint(tmp_path: Path) -> None:
    config = Config(llm_base_url="http://127.0.0.1:9/v1", llm_model="m", cache_dir=str(tmp_path))
    assert _lines(config) == [
        "reachable  FAIL  http://127.0.0.1:9/v1: APIConnectionError: set PIPELINE_LLM_BASE_URL"
    ]


def test_the_command_exits_non_zero_on_a_failed_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_fake_server("faulty", faults=["401"]) as server:
        for key, value in {"BASE_URL": server.base_url, "MODEL": "m", "CACHE_DIR": str(tmp_path)}.items():
            monkeypatch.setenv(f"PIPELINE_LLM_{key}" if key != "CACHE_DIR" else "PIPELINE_CACHE_DIR", value)
        result = runner.invoke(app, ["llm", "check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("api key    FAIL  HTTP 401")
    unconfigured = runner.invoke(app, ["llm", "check"], env={"PIPELINE_LLM_BASE_URL": ""})
    assert unconfigured.exit_code == 1

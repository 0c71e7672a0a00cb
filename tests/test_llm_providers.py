"""Each provider preset against the fake server's emulation of that provider, with the real client."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.llm.cache import ResponseCache
from pipeline.llm.client import OpenAIChunkClient
from pipeline.llm.providers import effective_mode, is_reasoning_model, sampling_fields
from pipeline.llm.response import ChunkResponse
from pipeline_testing.fake_server import running_fake_server
from tests.test_llm_client import REQUEST, config_for, fixtures, oracle_answer, run

__all__ = ["fixtures"]  # the fixture, imported for pytest


@pytest.mark.parametrize(
    ("provider", "model", "emulation", "mode", "body"),
    [
        (
            "deepseek",
            "deepseek-model",
            "deepseek",
            "json",
            {"thinking": {"type": "disabled"}, "max_tokens": 8192},
        ),
        ("qwen", "qwen-plus", "qwen", "json", {"enable_thinking": False, "max_tokens": 8192}),
        ("openai", "gpt-5-mini", "openai-reasoning", "tools", {"max_completion_tokens": 8192}),
        ("ollama", "qwen3:8b", None, "json_schema", {"max_tokens": 8192, "temperature": 0.0}),
    ],
)
def test_each_preset_is_answered_by_its_provider(
    provider: str,
    model: str,
    emulation: str | None,
    mode: str,
    body: dict[str, object],
    fixtures: Path,
    tmp_path: Path,
) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures, provider=emulation) as server:
        config = config_for(server, tmp_path, llm_provider=provider, llm_model=model)
        [outcome], _ = run(config, [REQUEST])
        [sent] = server.requests_log
    assert server.refused == []
    assert outcome.error is None
    assert outcome.response == ChunkResponse.model_validate(oracle_answer(fixtures))
    assert {k: sent[k] for k in body} == body
    assert "temperature" not in sent if provider == "openai" else "max_completion_tokens" not in sent
    assert effective_mode(config) == mode


def test_ollama_ignoring_tool_choice_is_why_its_preset_uses_a_json_schema(
    fixtures: Path, tmp_path: Path
) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures, provider="ollama") as server:
        config = config_for(server, tmp_path, llm_provider="ollama", llm_mode="tools", llm_max_reasks=0)
        [outcome], _ = run(config, [REQUEST])
    assert outcome.response is None and "no valid answer" in (outcome.error or "")


def test_a_tool_choice_refusal_falls_back_to_json_once_for_the_run(
    fixtures: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    requests = [REQUEST, *(REQUEST.__class__(f"r{i}.txt", i, REQUEST.text, 0, 1, f"{i}") for i in range(3))]
    with running_fake_server("oracle", fixtures_dir=fixtures, provider="deepseek") as server:
        config = config_for(server, tmp_path, llm_provider="generic")
        outcomes, session = run(config, requests, concurrency=1)
        modes = ["tools" if b.get("tools") else b["response_format"]["type"] for b in server.requests_log]
    assert [o.error for o in outcomes] == [None] * 4
    assert modes == ["tools", "json_object", "json_object", "json_object", "json_object"]
    # the first answer came in json mode: it is cached under the json mode's key, not the tools one
    client = session.client
    assert isinstance(client, OpenAIChunkClient) and client.gate.mode == "json"
    assert ResponseCache(config.cache_dir, ChunkResponse).get(client.cache_key(REQUEST)) is not None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "json mode" in r.getMessage()]
    assert len(warnings) == 1


def test_usage_keeps_cached_and_reasoning_tokens(fixtures: Path, tmp_path: Path) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures, provider="openai-reasoning") as server:
        config = config_for(server, tmp_path, llm_provider="openai", llm_model="o4-mini")
        outcomes, session = run(config, [REQUEST, REQUEST.__class__("b.txt", 1, REQUEST.text, 0, 1, "b")], 1)
    first, second = (o.usage for o in outcomes)
    assert (first.cached_tokens, second.cached_tokens > 0) == (0, True)
    assert first.reasoning_tokens > 0 and first.reasoning_tokens * 2 == first.completion_tokens
    assert session.totals.cached_tokens == second.cached_tokens


def test_deepseek_reports_cache_hits_in_its_own_field(fixtures: Path, tmp_path: Path) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures, provider="deepseek") as server:
        config = config_for(server, tmp_path, llm_provider="deepseek")
        outcomes, _ = run(config, [REQUEST, REQUEST.__class__("b.txt", 1, REQUEST.text, 0, 1, "b")], 1)
    assert [o.usage.cached_tokens > 0 for o in outcomes] == [False, True]
    assert [o.usage.reasoning_tokens for o in outcomes] == [0, 0]  # thinking is off


def test_extra_body_is_merged_last() -> None:
    config = Config(llm_provider="deepseek", llm_extra_body={"thinking": {"type": "enabled"}, "top_p": 0.5})
    fields = sampling_fields(config)
    assert (fields["thinking"], fields["top_p"]) == ({"type": "enabled"}, 0.5)


@pytest.mark.parametrize(
    ("model", "reasoning"),
    [("gpt-5", True), ("gpt-5.1-mini", True), ("o1", True), ("o3-mini", True), ("o4-mini", True),
     ("gpt-4.1", False), ("gpt-4o", False), ("omni-x", False)],
)  # fmt: skip
def test_reasoning_models_are_recognised(model: str, reasoning: bool) -> None:
    assert is_reasoning_model(model) is reasoning


def test_keepalive_lines_do_not_hold_a_request_past_its_deadline(fixtures: Path, tmp_path: Path) -> None:
    faults = ["keepalive:3", "ok"]
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=faults) as server:
        config = config_for(server, tmp_path, llm_timeout=0.5, llm_deadline=1.0)
        [outcome], _ = run(config, [REQUEST])
    assert outcome.error is None and (outcome.retries, outcome.usage.requests) == (1, 2)

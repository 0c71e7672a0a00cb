"""context.py: a prompt the server cut to fit its context (Ollama's silent truncation) stops the
run with one message naming what to set; no answer read from a cut prompt is used or cached."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from pipeline.core.errors import LLMFatalError
from pipeline.llm.client import LLMSession, make_client
from pipeline.llm.context import GENERIC_ADVICE, cut_prompt_reason, min_prompt_tokens
from pipeline.llm.types import ChunkRequest
from pipeline_testing.fake_server import running_fake_server
from tests.test_llm_client import PROMPT, config_for, fast_policy, fixtures

__all__ = ["fixtures"]
ROW = "产出指标\t数量指标\t培训班次\t≥10个\t12期\n"  # 14 CJK, 10 other characters
LONG = ChunkRequest("reports/long.txt", 0, ROW * 200, 0, len(ROW) * 200, section="三、绩效指标")


def chunk(index: int) -> ChunkRequest:
    return dataclasses.replace(LONG, chunk_index=index)


def test_the_floor_counts_cjk_and_other_characters_apart() -> None:
    messages = [{"role": "system", "content": "只输出 JSON"}, {"role": "user", "content": ROW}]
    # (3 + 14) CJK characters × 0.5 + (5 + 10) others × 0.2 = 8.5 + 3.0
    assert min_prompt_tokens(messages) == 11


def test_text_parts_are_counted_too() -> None:
    parts = [
        {"role": "user", "content": [{"type": "text", "text": "培训班次"}, {"type": "text", "text": "abcde"}]}
    ]
    assert min_prompt_tokens(parts) == 3


def test_fewer_reported_tokens_than_the_request_holds_is_a_cut() -> None:
    messages = [{"role": "user", "content": ROW * 10}]  # floor 140 × 0.5 + 100 × 0.2 = 90
    reason = cut_prompt_reason(80, messages, "http://127.0.0.1:11434/v1", None)
    assert reason == (
        "the LLM server at http://127.0.0.1:11434/v1 cut the prompt to fit its context window: it read "
        f"80 prompt tokens of a request holding at least 90; {GENERIC_ADVICE}"
    )
    assert cut_prompt_reason(90, messages, None, None) is None
    assert cut_prompt_reason(0, messages, None, None) is None  # no usage reported: not judged


def test_ollama_cutting_the_prompt_stops_the_run_naming_the_context_setting(
    fixtures: Path, tmp_path: Path
) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures, provider="ollama") as server:
        config = config_for(server, tmp_path, llm_provider="ollama")
        client = make_client(config, PROMPT, policy=fast_policy(config))
        session = LLMSession(client, 2)
        with pytest.raises(LLMFatalError) as raised:
            asyncio.run(session.run([chunk(0), chunk(1), chunk(2)]))
        served = server.requests_served
        with pytest.raises(LLMFatalError):
            asyncio.run(session.run([chunk(3)]))
        assert server.requests_served == served  # latched: nothing more is sent
    message = str(raised.value)
    assert "cut the prompt to fit its context window: it read 2048 prompt tokens" in message
    assert "OLLAMA_CONTEXT_LENGTH=16384" in message and "num_ctx" in message
    assert 1 <= served <= 2
    assert client._cache is not None and client._cache.get(client.cache_key(LONG)) is None


def test_ollama_with_a_context_that_fits_answers(fixtures: Path, tmp_path: Path) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures, provider="ollama", num_ctx=32768) as server:
        config = config_for(server, tmp_path, llm_provider="ollama")
        session = LLMSession(make_client(config, PROMPT, policy=fast_policy(config)), 1)
        [outcome] = asyncio.run(session.run([LONG]))
    assert outcome.error is None and outcome.response is not None
    assert outcome.usage.prompt_tokens > min_prompt_tokens([{"content": LONG.text}])

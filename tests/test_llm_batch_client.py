"""A batch line asks exactly what the online client's first request sends, under its cache key;
batch answers are served once with their usage, everything else goes online."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pipeline.core.config import Config
from pipeline.extract.llm_prompt import extraction_prompt
from pipeline.llm.batch_client import BatchAnsweredClient, batch_request
from pipeline.llm.cache import ResponseCache
from pipeline.llm.client import make_client
from pipeline.llm.response import ChunkResponse
from pipeline.llm.types import CallUsage, ChunkRequest
from pipeline_testing.fake_server import running_fake_server

CHUNK = "产出指标\t数量指标\t培训班次\t≥10个\t12期\n满意度指标\t参保人员满意度\t≥90%\t95%"
REQUEST = ChunkRequest("reports/a.txt", 3, CHUNK, 100, 100 + len(CHUNK), section="三、绩效指标")
OTHER = ChunkRequest("reports/b.txt", 1, "质量指标\t验收合格率\t100%\t100%", 0, 19)


def _config(base_url: str, tmp_path: Path, provider: str = "generic") -> Config:
    return Config(
        llm_base_url=base_url,
        llm_model="fake-model",
        llm_api_key="sk-fake-0123456789",
        llm_provider=provider,
        cache_dir=str(tmp_path / "cache"),
    )


def test_the_batch_body_is_the_online_first_request_body(tmp_path: Path) -> None:
    for provider in ("generic", "qwen", "openai"):
        with running_fake_server("echo") as server:
            config = _config(server.base_url, tmp_path / provider, provider)
            client = make_client(config, extraction_prompt(), use_cache=False)
            asyncio.run(client.complete(REQUEST))
            asked = batch_request(client, config, REQUEST)
        assert asked.body == server.requests_log[0]
        assert asked.key == client.cache_key(REQUEST)
        assert asked.chunk_text == CHUNK


def test_a_batch_answer_is_served_once_with_its_usage_then_as_a_cache_hit(tmp_path: Path) -> None:
    answer = ChunkResponse(indicators=())
    with running_fake_server("echo") as server:
        online = make_client(_config(server.base_url, tmp_path), extraction_prompt())
        cache = ResponseCache(tmp_path / "cache", ChunkResponse)
        cache.put(online.cache_key(REQUEST), answer)
        usage = CallUsage(prompt_tokens=120, completion_tokens=30)
        client = BatchAnsweredClient(online, cache, {online.cache_key(REQUEST): usage})

        async def ask() -> list[tuple[bool, bool, CallUsage]]:
            outcomes = [await client.complete(r) for r in (REQUEST, REQUEST, OTHER)]
            await client.aclose()
            return [(o.batched, o.cached, o.usage) for o in outcomes]

        seen = asyncio.run(ask())
        sent = server.requests_served
    assert seen[:2] == [(True, False, usage), (False, True, CallUsage())]
    assert seen[2][:2] == (False, False) and seen[2][2].requests == 1 and seen[2][2].prompt_tokens > 0
    assert sent == 1  # only the chunk no batch answered

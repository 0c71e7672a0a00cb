"""LLM answers are bounded: body size, plausibility, and a short re-ask that never echoes the answer."""

from __future__ import annotations

import asyncio
import json
import socketserver
from pathlib import Path
from typing import Any

import httpx2
import pytest

from pipeline.core.config import Config
from pipeline.extract.llm_prompt import extraction_prompt
from pipeline.llm import client as client_module
from pipeline.llm.bounds import BoundedTransport, ResponseTooLarge, check_plausible, plausible_pieces
from pipeline.llm.client import LLMSession, make_client
from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import BadAnswer
from pipeline.llm.types import ChunkRequest
from pipeline_testing.fake_server import running_fake_server

CHUNK = "培训班次\t≥10期\t12期\n合格率\t≥95%\t98%"
REQUEST = ChunkRequest("r.txt", 0, CHUNK, 0, len(CHUNK), None)
GOOD = {"indicators": [{"name": "培训班次", "quotes": {"name": "培训班次"}}]}


def _answer(n: int) -> ChunkResponse:
    return ChunkResponse.model_validate(
        {"indicators": [{"name": f"指标{i}", "quotes": {}} for i in range(n)]}
    )


def test_pieces_are_lines_cells_and_clauses() -> None:
    assert plausible_pieces("培训120人次，覆盖率100%，满意度95%\n\n合格率\t98%") == [
        "培训120人次", "覆盖率100%", "满意度95%", "合格率", "98%"
    ]  # fmt: skip


def test_more_indicators_than_pieces_is_a_bad_answer_with_no_output() -> None:
    check_plausible(_answer(6), CHUNK)  # 6 pieces: 3 cells on each of 2 lines
    with pytest.raises(BadAnswer) as caught:
        check_plausible(_answer(7), CHUNK)
    assert caught.value.output == ""
    assert caught.value.reason.startswith("回答列出 7 个指标，但片段只有 6 处可能的来源（行或分句）")


def _body_handler(body: bytes, declare_length: bool) -> Any:
    def handle(request: httpx2.Request) -> httpx2.Response:
        if declare_length:
            return httpx2.Response(200, content=body)

        async def stream() -> Any:
            for start in range(0, len(body), 1000):
                yield body[start : start + 1000]

        return httpx2.Response(200, content=stream())

    return handle


@pytest.mark.parametrize("declare_length", [True, False])
def test_the_transport_refuses_a_body_over_the_bound(declare_length: bool) -> None:
    async def fetch(size: int) -> bytes:
        transport = BoundedTransport(
            4096, inner=httpx2.MockTransport(_body_handler(b"x" * size, declare_length))
        )
        async with httpx2.AsyncClient(transport=transport) as http:
            return (await http.get("http://127.0.0.1/")).content

    assert asyncio.run(fetch(4096)) == b"x" * 4096
    with pytest.raises(ResponseTooLarge, match=r"^回答超过 4 KB（llm_max_response_kb）$"):
        asyncio.run(fetch(4097))


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "c", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
        ],
        # as many prompt tokens as the request holds (fewer would be a cut prompt: context.py)
        "usage": {"prompt_tokens": 3000, "completion_tokens": 5, "total_tokens": 3005},
    }  # fmt: skip


def _run_with_answers(monkeypatch: pytest.MonkeyPatch, answers: list[bytes]) -> tuple[Any, list[bytes]]:
    """Complete REQUEST against a mock endpoint that sends `answers` in turn; return outcome and requests."""
    sent: list[bytes] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        sent.append(request.content)
        return httpx2.Response(
            200, content=answers[len(sent) - 1], headers={"content-type": "application/json"}
        )

    def mock_client(max_response_kb: int, timeout: Any, **_: Any) -> httpx2.AsyncClient:
        transport = BoundedTransport(max_response_kb * 1024, inner=httpx2.MockTransport(handle))
        return httpx2.AsyncClient(transport=transport, timeout=timeout)

    monkeypatch.setattr(client_module, "bounded_http_client", mock_client)
    config = Config(
        llm_base_url="http://127.0.0.1:9/v1", llm_model="m", llm_mode="json", llm_max_response_kb=8
    )
    llm = make_client(config, extraction_prompt(), use_cache=False)
    return asyncio.run(llm.complete(REQUEST)), sent


def test_an_oversized_answer_is_re_asked_with_a_short_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    huge = json.dumps(_completion(json.dumps(GOOD, ensure_ascii=False) + " " * 20_000)).encode()
    good = json.dumps(_completion(json.dumps(GOOD, ensure_ascii=False))).encode()
    outcome, sent = _run_with_answers(monkeypatch, [huge, good])
    assert outcome.error is None and outcome.reasks == 1
    assert outcome.response is not None
    assert [i.name for i in outcome.response.indicators] == ["培训班次"]
    reask = json.loads(sent[1])["messages"]
    assert reask[-2] == {"role": "assistant", "content": "（空回答）"}
    assert "回答超过 8 KB（llm_max_response_kb）" in reask[-1]["content"]
    assert len(sent[1]) < len(sent[0]) + 2000  # the bad body never went back


def test_an_implausible_answer_is_re_asked_once_without_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    many = {"indicators": [{"name": f"指标{i}", "quotes": {}} for i in range(40)]}
    flood = json.dumps(_completion(json.dumps(many, ensure_ascii=False))).encode()
    good = json.dumps(_completion(json.dumps(GOOD, ensure_ascii=False))).encode()
    outcome, sent = _run_with_answers(monkeypatch, [flood, good])
    assert outcome.error is None and outcome.reasks == 1
    reask = json.loads(sent[1])["messages"]
    assert reask[-2] == {"role": "assistant", "content": "（空回答）"}
    assert "回答列出 40 个指标，但片段只有 6 处可能的来源" in reask[-1]["content"]
    assert "指标39" not in sent[1].decode()


def test_every_connection_in_flight_is_kept_alive_for_the_next_request(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """24 in flight, above httpx's default of 20 idle connections kept: the 72 requests open 24
    connections and reuse them (with the default pool, each answer past the 20th closed its
    connection and the next request opened a new one). Each answer takes 0.25 s, so all 24 are
    sent before the first comes back even on a loaded machine."""
    opened: list[Any] = []
    accept = socketserver.ThreadingMixIn.process_request

    def counted(server: Any, request: Any, client_address: Any) -> None:
        opened.append(client_address)
        accept(server, request, client_address)

    monkeypatch.setattr(socketserver.ThreadingMixIn, "process_request", counted)
    chunks = [ChunkRequest("r.txt", i, f"培训班次\t{i}期", 0, 8, None) for i in range(72)]
    with running_fake_server("echo", latency=0.25) as server:
        config = Config(
            llm_base_url=server.base_url, llm_model="m", llm_concurrency=24, cache_dir=str(tmp_path)
        )
        session = LLMSession(make_client(config, extraction_prompt(), use_cache=False), 24)
        outcomes = asyncio.run(session.run(chunks))
        assert server.max_in_flight == 24
    assert all(outcome.error is None for outcome in outcomes)
    assert len(opened) == 24

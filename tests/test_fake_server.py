"""The fake OpenAI-compatible server, spoken to over real HTTP on 127.0.0.1 (urllib, no proxy).

The client stack (openai + instructor) against this server is tested in test_llm_client.py; here
the wire format is asserted exactly: message shape per request style, usage, statuses, faults.
"""

from __future__ import annotations

import http.client
import json
import math
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from pipeline.llm.prompt import user_message
from pipeline.llm.response import ChunkResponse
from pipeline.llm.types import ChunkRequest
from pipeline_testing.fake_oracle import GoldOracle
from pipeline_testing.fake_server import compact, running_fake_server

CHUNK = "培训班次\t≥10个\t12期"
USER = user_message(ChunkRequest("r.txt", 0, CHUNK, 0, len(CHUNK), None))
MESSAGES = [{"role": "system", "content": "抽取指标。"}, {"role": "user", "content": USER}]
TOOLS = {
    "tools": [{"type": "function", "function": {"name": "ChunkResponse", "parameters": {}}}],
    "tool_choice": {"type": "function", "function": {"name": "ChunkResponse"}},
}
EMPTY = '{"indicators": []}'
FIXTURE = {
    "projects": [
        {
            "name": "医疗救助资金",
            "indicators": [
                {
                    "level1": None,
                    "level2": None,
                    "name": "培训班次",
                    "target": {"raw": "≥10个", "op": ">=", "value": 10, "unit": "个"},
                    "actual": {"raw": "12期", "value": 12, "unit": "期"},
                    "weight": None,
                    "score": None,
                    "deviation_reason": None,
                }
            ],
        }
    ]
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(
    base_url: str, body: dict[str, Any], path: str = "/chat/completions"
) -> tuple[int, dict[str, Any], Any]:
    request = urllib.request.Request(
        base_url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers


def usage(prompt_chars: int, output: str) -> dict[str, int]:
    prompt, completion = math.ceil(prompt_chars / 1.5), math.ceil(len(output) / 1.5)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


PROMPT_CHARS = len("抽取指标。") + len(USER)


@pytest.fixture
def fixtures(tmp_path: Path) -> Path:
    (tmp_path / "f.json").write_text(json.dumps(FIXTURE, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_tools_request_gets_a_tool_call_to_the_requested_function() -> None:
    with running_fake_server("echo") as server:
        status, data, _ = post(server.base_url, {"model": "m", "messages": MESSAGES, **TOOLS})
        assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/v1")
    assert status == 200
    assert data["object"] == "chat.completion" and data["model"] == "m"
    call = {
        "id": "call_fake_0",
        "type": "function",
        "function": {"name": "ChunkResponse", "arguments": EMPTY},
    }
    assert data["choices"] == [
        {
            "index": 0,
            "message": {"role": "assistant", "content": None, "tool_calls": [call]},
            "finish_reason": "stop",
            "logprobs": None,
        }
    ]
    assert data["usage"] == usage(PROMPT_CHARS, EMPTY)


@pytest.mark.parametrize(
    "response_format", [{"type": "json_object"}, {"type": "json_schema", "json_schema": {}}]
)
def test_response_format_request_gets_json_content(response_format: dict[str, Any]) -> None:
    with running_fake_server("echo") as server:
        _, data, _ = post(
            server.base_url, {"model": "m", "messages": MESSAGES, "response_format": response_format}
        )
    assert data["choices"][0]["message"] == {"role": "assistant", "content": EMPTY}


def test_plain_request_gets_a_fenced_json_block() -> None:
    with running_fake_server("echo") as server:
        _, data, _ = post(server.base_url, {"model": "m", "messages": MESSAGES})
    assert data["choices"][0]["message"]["content"] == f"```json\n{EMPTY}\n```"
    assert data["usage"] == usage(PROMPT_CHARS, EMPTY)


def test_oracle_answers_from_the_chunk_between_the_delimiters(fixtures: Path) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures) as server:
        _, data, _ = post(server.base_url, {"model": "m", "messages": MESSAGES, **TOOLS})
        assert server.requests_served == 1 and server.served_log == [("oracle", 200)]
    arguments = json.loads(data["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    assert arguments == compact(GoldOracle.load(fixtures).answer(CHUNK, USER))
    assert ChunkResponse.model_validate(arguments).indicators[0].target_raw == "≥10个"


def test_unknown_paths_are_404() -> None:
    with running_fake_server("echo") as server:
        status, data, _ = post(server.base_url, {}, path="/embeddings")
        assert server.requests_served == 0
    assert status == 404 and data["error"]["type"] == "not_found"


def test_faults_cycle_per_request_and_are_logged(fixtures: Path) -> None:
    faults = ["429:1", "500", "400", "malformed", "schema", "invented", "truncate", "ok"]
    body = {"model": "m", "messages": MESSAGES, **TOOLS}
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=faults) as server:
        replies = [post(server.base_url, body) for _ in range(9)]
        log, served = server.served_log, server.requests_served
    statuses = [status for status, _, _ in replies]
    assert statuses == [429, 500, 400, 200, 200, 200, 200, 200, 429]
    assert replies[0][2]["Retry-After"] == "1"
    arguments = [
        r[1]["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] for r in replies[3:8]
    ]
    with pytest.raises(json.JSONDecodeError):
        json.loads(arguments[0])
    with pytest.raises(ValidationError):
        ChunkResponse.model_validate_json(arguments[1])
    invented = ChunkResponse.model_validate_json(arguments[2])
    assert invented.indicators and all(
        q not in USER for q in invented.indicators[0].quotes.model_dump().values() if q
    )
    ok = json.dumps(compact(GoldOracle.load(fixtures).answer(CHUNK, USER)), ensure_ascii=False)
    assert arguments[4] == ok
    assert arguments[3] == ok[: len(ok) // 2]
    assert [r[1]["choices"][0]["finish_reason"] for r in replies[3:8]] == [
        "stop",
        "stop",
        "stop",
        "length",
        "stop",
    ]
    kinds = ["429", "500", "400", "malformed", "schema", "invented", "truncate", "ok", "429"]
    assert log == list(zip(kinds, statuses, strict=True))
    assert served == 9


def test_drop_closes_the_connection_without_a_response() -> None:
    with running_fake_server("faulty", faults=["drop"]) as server:
        with pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError, ConnectionError)):
            post(server.base_url, {"model": "m", "messages": MESSAGES})
        time.sleep(0.05)  # the handler records the drop after the socket closes
        assert server.served_log == [("drop", 0)] and server.requests_served == 1


def test_slow_answers_after_the_given_delay() -> None:
    with running_fake_server("faulty", faults=["slow:0.3"]) as server:
        started = time.monotonic()
        status, data, _ = post(server.base_url, {"model": "m", "messages": MESSAGES})
        elapsed = time.monotonic() - started
    assert status == 200 and data["choices"][0]["message"]["content"] == f"```json\n{EMPTY}\n```"
    assert elapsed >= 0.3


def test_32_concurrent_requests_are_served_in_parallel() -> None:
    """Each answer takes 1 s: long enough for all 32 requests to be sent before the first comes
    back even on a loaded machine, so `max_in_flight` counts the server's parallelism, not the
    client threads' start-up."""
    with running_fake_server("echo", latency=1.0) as server:
        started = time.monotonic()
        with ThreadPoolExecutor(32) as pool:
            statuses = list(pool.map(lambda _: post(server.base_url, {"messages": MESSAGES})[0], range(32)))
        elapsed = time.monotonic() - started
        assert server.max_in_flight == 32 and server.requests_served == 32
    assert statuses == [200] * 32
    assert 1.0 <= elapsed < 16.0  # serialised, it would take 32 s


def test_unknown_mode_or_fault_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be one of"), running_fake_server("psychic"):
        pass
    with pytest.raises(ValueError, match="unknown fault"), running_fake_server("faulty", faults=["503"]):
        pass


def test_a_packed_request_is_answered_block_by_block_with_chunk_numbers(fixtures: Path) -> None:
    other = "（二）培训班次：≥10个"
    user = user_message(ChunkRequest("r.txt", 0, CHUNK, 0, len(CHUNK), None, ((CHUNK, None), (other, None))))
    with running_fake_server("oracle", fixtures_dir=fixtures) as server:
        body = {"messages": [{"role": "user", "content": user}], "response_format": {"type": "json_object"}}
        status, reply, _ = post(server.base_url, body)
    answer = json.loads(reply["choices"][0]["message"]["content"])
    assert status == 200
    assert [(i["chunk"], i["name"]) for i in answer["indicators"]] == [(1, "培训班次"), (2, "培训班次")]
    assert "report" not in answer and "budgets" not in answer  # null and empty fields are omitted


def test_compact_drops_nulls_and_empty_lists_but_keeps_required_keys() -> None:
    answer = {
        "indicators": [],
        "budgets": [],
        "report": None,
        "budget_lines": [{"name": "合计", "initial": None, "quotes": {"name": None}}],
    }
    assert compact(answer) == {"indicators": [], "budget_lines": [{"name": "合计", "quotes": {}}]}


def test_ollama_cuts_a_long_prompt_from_the_front_and_reports_the_tokens_it_kept(fixtures: Path) -> None:
    system = "规" * 4000  # 4,000 characters: 2,667 tokens at the fake's 1.5 characters per token
    body = {"model": "m", "messages": [{"role": "system", "content": system}, MESSAGES[1]]}
    with running_fake_server("oracle", fixtures_dir=fixtures, provider="ollama", num_ctx=2048) as cut:
        _, short_ctx, _ = post(cut.base_url, body)
    with running_fake_server("oracle", fixtures_dir=fixtures, provider="ollama", num_ctx=8192) as fits:
        _, long_ctx, _ = post(fits.base_url, body)
    assert short_ctx["usage"]["prompt_tokens"] == 2048
    assert long_ctx["usage"]["prompt_tokens"] == math.ceil((len(system) + len(USER)) / 1.5)
    # the chunk (at the end) survived the cut: the answer is still read from it
    assert short_ctx["choices"][0]["message"]["content"] == long_ctx["choices"][0]["message"]["content"]


def test_ratelimit_is_a_429_with_openais_reset_headers_and_times_are_logged() -> None:
    with running_fake_server("faulty", faults=["ratelimit:2.5", "ok"]) as server:
        before = time.monotonic()
        status, error, headers = post(server.base_url, {"model": "m", "messages": MESSAGES})
        post(server.base_url, {"model": "m", "messages": MESSAGES})
        assert len(server.served_log) == 2  # (waits for the last response to be logged)
        answered, arrivals = server.answered, server.arrivals
    assert status == 429 and error["error"]["type"] == "requests"
    assert headers["x-ratelimit-reset-requests"] == "2.5s"
    assert headers["x-ratelimit-remaining-requests"] == "0"
    assert "Retry-After" not in headers
    assert [(kind, status) for _, kind, status in answered] == [("ratelimit", 429), ("ok", 200)]
    assert before <= arrivals[0] <= answered[0][0] <= arrivals[1] <= answered[1][0]

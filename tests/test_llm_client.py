"""The instructor+openai client over real HTTP against the fake server on 127.0.0.1.

Every test runs the real openai client and instructor; only the server is fake. Backoff delays
are made tiny through `RetryPolicy`, so no test sleeps for seconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.config import Config, resolve_config
from pipeline.core.errors import LLMError
from pipeline.extract.llm_prompt import extraction_prompt
from pipeline.llm.client import LLMSession, SessionTotals, make_client
from pipeline.llm.prompt import build_messages, user_message
from pipeline.llm.providers import sampling_fields
from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import RetryPolicy
from pipeline.llm.types import CallUsage, ChunkOutcome, ChunkRequest
from pipeline.llm.wire import request_body
from pipeline_testing.fake_oracle import GoldOracle
from pipeline_testing.fake_server import FakeLLMServer, compact, running_fake_server

SECRET = "sk-test-SECRET-1234"
PROMPT = extraction_prompt()
CHUNK = "产出指标\t数量指标\t培训班次\t≥10个\t12期\n满意度指标\t参保人员满意度\t≥90%\t95%"
REQUEST = ChunkRequest("reports/a.txt", 0, CHUNK, 100, 100 + len(CHUNK), section="三、绩效指标")
FIXTURE = {
    "projects": [
        {
            "name": "医疗救助资金",
            "indicators": [
                {
                    "level1": "产出指标",
                    "level2": "数量指标",
                    "name": "培训班次",
                    "target": {"raw": "≥10个", "op": ">=", "value": 10, "unit": "个"},
                    "actual": {"raw": "12期", "value": 12, "unit": "期"},
                    "weight": None,
                    "score": None,
                    "deviation_reason": None,
                },
                {
                    "level1": "满意度指标",
                    "level2": None,
                    "name": "参保人员满意度",
                    "target": {"raw": "≥90%", "op": ">=", "value": 90, "unit": "%"},
                    "actual": {"raw": "95%", "value": 95, "unit": "%"},
                    "weight": None,
                    "score": None,
                    "deviation_reason": None,
                },
            ],
        }
    ]
}
# Captured at import (collection) time: the autouse fixture in conftest strips PIPELINE_* later.
LIVE_ENV = {k: v for k, v in os.environ.items() if k.startswith("PIPELINE_LLM_")}


@pytest.fixture
def fixtures(tmp_path: Path) -> Path:
    directory = tmp_path / "fixtures"
    directory.mkdir()
    (directory / "f.json").write_text(json.dumps(FIXTURE, ensure_ascii=False), encoding="utf-8")
    return directory


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def config_for(server: FakeLLMServer, tmp_path: Path, **overrides: Any) -> Config:
    values: dict[str, Any] = {
        "llm_base_url": server.base_url,
        "llm_api_key": SECRET,
        "llm_model": "fake-model",
        "cache_dir": str(tmp_path / "cache"),
        "llm_timeout": 5.0,
    }
    return Config(**(values | overrides))


def fast_policy(config: Config, waits: list[float] | None = None) -> RetryPolicy:
    async def sleep(seconds: float) -> None:
        if waits is not None:
            waits.append(seconds)
        await asyncio.sleep(seconds)

    return RetryPolicy(max_retries=config.llm_max_retries, base_delay=0.001, max_delay=0.005, sleep=sleep)


def run(
    config: Config, requests: list[ChunkRequest], concurrency: int = 4
) -> tuple[list[ChunkOutcome], LLMSession]:
    session = LLMSession(make_client(config, PROMPT, policy=fast_policy(config)), concurrency)
    return asyncio.run(session.run(requests)), session


def oracle_answer(fixtures: Path, request: ChunkRequest = REQUEST) -> dict[str, Any]:
    return compact(GoldOracle.load(fixtures).answer(request.text, user_message(request)))


def tokens(text_chars: int) -> int:
    return math.ceil(text_chars / 1.5)


def prompt_chars(body: dict[str, Any]) -> int:
    return sum(len(m.get("content") or "") for m in body["messages"])


def test_make_client_needs_a_model_and_an_endpoint() -> None:
    with pytest.raises(LLMError, match="no LLM model configured") as missing_model:
        make_client(Config(llm_api_key=SECRET), PROMPT)
    with pytest.raises(LLMError, match="no LLM endpoint configured"):
        make_client(Config(llm_model="m"), PROMPT)
    assert SECRET not in str(missing_model.value)


@pytest.mark.parametrize("mode", ["tools", "json", "md_json"])
def test_a_chunk_is_extracted_in_each_mode(mode: str, fixtures: Path, tmp_path: Path) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures) as server:
        config = config_for(server, tmp_path, llm_mode=mode)
        [outcome], _ = run(config, [REQUEST])
        [body] = server.requests_log
    answer = oracle_answer(fixtures)
    assert outcome.response == ChunkResponse.model_validate(answer)
    assert (outcome.error, outcome.cached, outcome.retries, outcome.reasks) == (None, False, 0, 0)
    payload = json.dumps(answer, ensure_ascii=False)
    assert outcome.usage == CallUsage(tokens(prompt_chars(body)), tokens(len(payload)), 1)
    assert (body["model"], body["temperature"], body["max_tokens"]) == ("fake-model", 0.0, 8192)
    assert body["messages"][-1]["content"].startswith(user_message(REQUEST)) or mode == "json"
    expected_style = {
        "tools": ("tools", None),
        "json": (None, {"type": "json_object"}),
        "md_json": (None, None),
    }
    assert ("tools" if body.get("tools") else None, body.get("response_format")) == expected_style[mode]


@pytest.mark.parametrize(
    ("faults", "retries", "reasks"),
    [
        (["429", "ok"], 1, 0),
        (["500", "ok"], 1, 0),
        (["slow", "ok"], 1, 0),
        (["drop", "ok"], 1, 0),
        (["malformed", "ok"], 0, 1),
        (["schema", "ok"], 0, 1),
        (["truncate", "ok"], 0, 1),
        (["429", "500", "drop", "malformed", "ok"], 3, 1),
    ],
)
def test_faults_are_retried_or_reasked_then_answered(
    faults: list[str], retries: int, reasks: int, fixtures: Path, tmp_path: Path
) -> None:
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=faults, slow_seconds=2.0) as server:
        [outcome], _ = run(config_for(server, tmp_path, llm_timeout=0.5), [REQUEST])
        served = server.requests_served
    assert outcome.error is None
    assert outcome.response == ChunkResponse.model_validate(oracle_answer(fixtures))
    assert (outcome.retries, outcome.reasks, outcome.usage.requests) == (retries, reasks, len(faults))
    assert served == len(faults)


def test_tokens_are_summed_over_reasks(fixtures: Path, tmp_path: Path) -> None:
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=["schema", "ok"]) as server:
        [outcome], _ = run(config_for(server, tmp_path), [REQUEST])
        first, second = server.requests_log
    schema_payload = json.dumps({"indicators": "none", "extra": 1})
    ok_payload = json.dumps(oracle_answer(fixtures), ensure_ascii=False)
    assert outcome.usage == CallUsage(
        prompt_tokens=tokens(prompt_chars(first)) + tokens(prompt_chars(second)),
        completion_tokens=tokens(len(schema_payload)) + tokens(len(ok_payload)),
        requests=2,
    )


def test_a_reask_sends_a_new_message_list_with_the_bad_answer_and_the_error(
    fixtures: Path, tmp_path: Path
) -> None:
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=["malformed", "ok"]) as server:
        run(config_for(server, tmp_path), [REQUEST])
        first, second = server.requests_log
    assert first["messages"] == build_messages(PROMPT, REQUEST)
    assert second["messages"][:2] == build_messages(PROMPT, REQUEST)
    assert second["messages"][2] == {
        "role": "assistant",
        "content": '{"indicators": [{"name": "培训班次", "quotes": {',
    }
    assert second["messages"][3]["role"] == "user"
    assert "Invalid JSON" in second["messages"][3]["content"]
    assert len(second["messages"]) == 4


@pytest.mark.parametrize(
    ("faults", "settings", "expected"),
    [
        (
            ["429"],
            {"llm_max_retries": 2},
            {"retries": 2, "reasks": 0, "requests": 3, "error": "RateLimitError"},
        ),
        (
            ["500"],
            {"llm_max_retries": 1},
            {"retries": 1, "reasks": 0, "requests": 2, "error": "InternalServerError"},
        ),
        (
            ["schema"],
            {"llm_max_reasks": 2},
            {"retries": 0, "reasks": 2, "requests": 3, "error": "no valid answer"},
        ),
        (
            ["truncate"],
            {"llm_max_reasks": 1},
            {"retries": 0, "reasks": 1, "requests": 2, "error": "max_tokens=8192"},
        ),
    ],
)
def test_a_chunk_that_keeps_failing_is_a_chunk_error_not_an_exception(
    faults: list[str], settings: dict[str, int], expected: dict[str, Any], fixtures: Path, tmp_path: Path
) -> None:
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=faults) as server:
        config = config_for(server, tmp_path, **settings)
        [outcome], _ = run(config, [REQUEST])
        [again], _ = run(config, [REQUEST])  # failures are not cached: the chunk is asked again
        served = server.requests_served
    assert outcome.response is None and outcome.error is not None
    assert outcome.error.startswith("reports/a.txt: chunk 0: ")
    assert expected["error"] in outcome.error
    got = {"retries": outcome.retries, "reasks": outcome.reasks, "requests": outcome.usage.requests}
    assert got | {"error": expected["error"]} == expected
    assert again.cached is False and served == 2 * expected["requests"]


def test_invented_values_pass_the_client_unchanged(tmp_path: Path) -> None:
    """The client checks shape, not truth: grounding the quotes is a later stage's job."""
    with running_fake_server("faulty", faults=["invented"]) as server:
        [outcome], _ = run(config_for(server, tmp_path), [REQUEST])
    assert outcome.error is None and outcome.reasks == 0 and outcome.response is not None
    quotes = [q for q in outcome.response.indicators[0].quotes.model_dump().values() if q]
    assert quotes and not any(q in CHUNK for q in quotes)


def test_retry_after_is_honoured(fixtures: Path, tmp_path: Path) -> None:
    waits: list[float] = []
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=["429:0.3", "ok"]) as server:
        config = config_for(server, tmp_path)
        session = LLMSession(make_client(config, PROMPT, policy=fast_policy(config, waits)), 1)
        started = time.monotonic()
        [outcome] = asyncio.run(session.run([REQUEST]))
        elapsed = time.monotonic() - started
    assert outcome.error is None and outcome.retries == 1
    assert len(waits) == 1 and 0.3 <= waits[0] < 0.31  # the header, not the (tiny) backoff
    assert elapsed >= 0.3


def chunk_requests(count: int) -> list[ChunkRequest]:
    return [ChunkRequest("r.txt", i, f"第{i}段：培训班次 {i}期", i * 10, i * 10 + 9) for i in range(count)]


def test_concurrency_is_bounded_and_order_preserved(tmp_path: Path) -> None:
    requests = chunk_requests(12)
    with running_fake_server("echo", latency=0.1) as server:
        outcomes, session = run(config_for(server, tmp_path), requests, concurrency=3)
        assert server.max_in_flight == 3 and server.requests_served == 12
    assert [o.request for o in outcomes] == requests
    assert all(o.response == ChunkResponse(indicators=()) for o in outcomes)
    assert session.totals.chunks == 12 and session.totals.requests == 12


def test_runs_on_one_session_share_the_bound(tmp_path: Path) -> None:
    requests = chunk_requests(10)
    with running_fake_server("echo", latency=0.1) as server:
        config = config_for(server, tmp_path)
        session = LLMSession(make_client(config, PROMPT, policy=fast_policy(config)), 2)

        async def both() -> tuple[list[ChunkOutcome], list[ChunkOutcome]]:
            return await asyncio.gather(session.run(requests[:5]), session.run(requests[5:]))

        first, second = asyncio.run(both())
        assert server.max_in_flight == 2
    assert [o.request for o in first + second] == requests


def test_a_session_survives_a_new_event_loop(tmp_path: Path) -> None:
    requests = chunk_requests(4)
    with running_fake_server("echo") as server:
        config = config_for(server, tmp_path)
        session = LLMSession(make_client(config, PROMPT, policy=fast_policy(config), use_cache=False), 2)
        first = asyncio.run(session.run(requests))
        second = asyncio.run(session.run(requests))
        assert server.requests_served == 8
    assert all(o.error is None for o in first + second)
    assert session.totals == SessionTotals(
        chunks=8,
        requests=8,
        prompt_tokens=session.totals.prompt_tokens,
        completion_tokens=8 * tokens(len('{"indicators": []}')),
    )


def test_a_second_identical_run_is_served_from_the_cache(fixtures: Path, tmp_path: Path) -> None:
    requests = [REQUEST, ChunkRequest("reports/a.txt", 1, "参保人员满意度 ≥90% 95%", 0, 16)]
    with running_fake_server("oracle", fixtures_dir=fixtures) as server:
        config = config_for(server, tmp_path)
        first, _ = run(config, requests)
        sent = server.requests_served
        second, session = run(config, requests)
        resent = server.requests_served - sent
        other_mode, _ = run(config_for(server, tmp_path, llm_mode="md_json"), requests[:1])
        assert server.requests_served == sent + 1  # a different mode is a different key
    assert sent == 2 and resent == 0
    assert [o.response for o in second] == [o.response for o in first]
    assert [(o.cached, o.usage, o.retries, o.reasks) for o in second] == [(True, CallUsage(), 0, 0)] * 2
    assert session.totals == SessionTotals(chunks=2, cache_hits=2)
    assert other_mode[0].cached is False


def test_the_body_goes_out_exactly_as_built_with_the_key_as_a_bearer_token(
    fixtures: Path, tmp_path: Path
) -> None:
    with running_fake_server("oracle", fixtures_dir=fixtures) as server:
        config = config_for(server, tmp_path)
        [outcome], _ = run(config, [REQUEST])
        sent, authorizations = server.requests_log, server.authorizations
    assert outcome.error is None
    expected = request_body("fake-model", build_messages(PROMPT, REQUEST), "tools", sampling_fields(config))
    assert sent == [expected]
    assert authorizations == [f"Bearer {SECRET}"]


def test_the_api_key_never_leaks(
    fixtures: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    faults = ["429", "ok", "drop", "ok", "500", "500", "500", "500", "500", "500"]
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=faults) as server:
        config = config_for(server, tmp_path, llm_max_retries=1)
        client = make_client(config, PROMPT, policy=fast_policy(config))
        outcomes = asyncio.run(LLMSession(client, 1).run([*chunk_requests(4), REQUEST]))
    errors = [o.error for o in outcomes if o.error]
    assert errors and any(o.response for o in outcomes)  # both paths ran
    assert caplog.text  # logging was live, down to DEBUG
    captured = capsys.readouterr()
    cache_bytes = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert cache_bytes
    for place in [caplog.text, captured.out, captured.err, *errors, repr(client), repr(config)]:
        assert SECRET not in place
    assert SECRET.encode() not in cache_bytes


@pytest.mark.live
def test_live_model_extracts_one_chunk(tmp_path: Path) -> None:
    config = resolve_config({"cache_dir": str(tmp_path / "cache")}, env=LIVE_ENV)
    [outcome] = asyncio.run(LLMSession(make_client(config, PROMPT), 1).run([REQUEST]))
    assert outcome.error is None and outcome.response is not None
    assert "培训班次" in [i.name for i in outcome.response.indicators]
    assert outcome.usage.requests >= 1 and outcome.usage.prompt_tokens > 0


class DoubleClient:
    """An LLMClient double: answers after a short sleep, counts concurrency and `aclose` calls."""

    def __init__(self) -> None:
        self.in_flight = self.max_in_flight = self.closed = 0

    async def complete(self, request: ChunkRequest) -> ChunkOutcome:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        await asyncio.sleep(0.01 * (5 - request.chunk_index % 5))  # later requests finish first
        self.in_flight -= 1
        failed = request.chunk_index == 3
        return ChunkOutcome(
            request,
            None if failed else ChunkResponse(indicators=()),
            CallUsage(10, 2, 3),
            cached=request.chunk_index == 4,
            error="boom" if failed else None,
            retries=2,
            reasks=1,
        )

    async def aclose(self) -> None:
        self.closed += 1


def test_session_totals_order_bound_and_closing_with_a_double() -> None:
    client = DoubleClient()
    session = LLMSession(client, 2)

    async def two_runs() -> tuple[list[ChunkOutcome], list[ChunkOutcome]]:
        return await asyncio.gather(session.run(chunk_requests(5)), session.run(chunk_requests(5)))

    first, second = asyncio.run(two_runs())
    assert (
        [o.request.chunk_index for o in first] == [0, 1, 2, 3, 4] == [o.request.chunk_index for o in second]
    )
    assert client.max_in_flight == 2
    assert client.closed == 1  # once, when the last concurrent run ended
    assert session.totals == SessionTotals(
        chunks=10,
        requests=30,
        cache_hits=2,
        prompt_tokens=100,
        completion_tokens=20,
        retries=20,
        reasks=10,
        errors=2,
    )
    with pytest.raises(LLMError, match="concurrency must be >= 1"):
        LLMSession(client, 0)

"""Fail fast: errors every further request would repeat stop the run after one request per worker."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.core.errors import LLMFatalError
from pipeline.llm.client import LLMSession, make_client
from pipeline.llm.retry import duration_seconds
from pipeline.llm.types import ChunkRequest
from pipeline_testing.fake_server import running_fake_server
from tests.test_llm_client import PROMPT, REQUEST, SECRET, config_for, fast_policy, fixtures, run

__all__ = ["fixtures"]
EIGHT = [ChunkRequest(f"r{i}.txt", i, REQUEST.text, 0, 1, f"section {i}") for i in range(8)]


@pytest.mark.parametrize(
    ("fault", "names"),
    [
        ("401", "set llm_api_key (PIPELINE_LLM_API_KEY)"),
        ("404", "check llm_model (PIPELINE_LLM_MODEL) and llm_base_url (PIPELINE_LLM_BASE_URL)"),
        ("400", "check llm_provider (PIPELINE_LLM_PROVIDER), llm_mode and llm_extra_body"),
        ("quota", "no quota left: top it up or set another PIPELINE_LLM_API_KEY"),
    ],
)
def test_a_fatal_error_stops_the_run_after_one_request_per_worker(
    fault: str, names: str, fixtures: Path, tmp_path: Path
) -> None:
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=[fault]) as server:
        with pytest.raises(LLMFatalError, match=r"\(" + r"PIPELINE_|" + names.split(" (")[0]) as raised:
            run(config_for(server, tmp_path), EIGHT, concurrency=4)
        served = server.requests_served
    assert names in str(raised.value)
    assert SECRET not in str(raised.value)
    assert 1 <= served <= 4


def test_once_stopped_the_client_sends_nothing_more(fixtures: Path, tmp_path: Path) -> None:
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=["401", "ok"]) as server:
        config = config_for(server, tmp_path)
        client = make_client(config, PROMPT, policy=fast_policy(config))
        session = LLMSession(client, 1)
        with pytest.raises(LLMFatalError):
            asyncio.run(session.run(EIGHT[:1]))
        with pytest.raises(LLMFatalError):
            asyncio.run(session.run(EIGHT[1:]))
        assert server.requests_served == 1


def test_an_endpoint_nobody_answers_at_is_fatal(tmp_path: Path) -> None:
    config = Config(
        llm_base_url="http://127.0.0.1:9/v1", llm_model="m", cache_dir=str(tmp_path), llm_max_retries=1
    )
    session = LLMSession(make_client(config, PROMPT, policy=fast_policy(config)), 2)
    with pytest.raises(LLMFatalError, match=r"cannot reach the LLM endpoint http://127.0.0.1:9/v1"):
        asyncio.run(session.run(EIGHT[:2]))


def test_a_timeout_is_retried_at_most_once(fixtures: Path, tmp_path: Path) -> None:
    faults = ["slow", "slow", "slow", "ok"]
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=faults, slow_seconds=1.5) as server:
        [outcome], _ = run(config_for(server, tmp_path, llm_timeout=0.3), [REQUEST])
        served = server.requests_served
    assert outcome.response is None and "APITimeoutError" in (outcome.error or "")
    assert (outcome.retries, outcome.usage.requests, served) == (1, 2, 2)


def test_a_429_is_waited_out_and_the_run_goes_on(fixtures: Path, tmp_path: Path) -> None:
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=["429:0.4", "ok", "ok", "ok"]) as server:
        outcomes, _ = run(config_for(server, tmp_path), EIGHT[:1], concurrency=1)
        later, _ = run(config_for(server, tmp_path), EIGHT[1:3], concurrency=2)
    assert [o.error for o in outcomes + later] == [None] * 3
    assert outcomes[0].retries == 1


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        ("1s", 1.0),
        ("6m0s", 360.0),
        ("20ms", 0.02),
        ("1h2m3.5s", 3723.5),
        ("2", 2.0),
        ("soon", None),
        ("", None),
    ],
)
def test_rate_limit_reset_durations(raw: str, seconds: float | None) -> None:
    assert duration_seconds(raw) == seconds

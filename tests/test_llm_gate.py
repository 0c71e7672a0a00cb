"""gate.py: one 429 pauses every request of the run — checked from the fake server's own arrival
log, with the real openai client, several reports in flight at once on their own threads (as
`pipeline ingest` runs them), all sharing the process's one session."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from pipeline.core.errors import LLMFatalError
from pipeline.llm.client import LLMSession, forget_shared_sessions, make_client
from pipeline.llm.gate import RunGate
from pipeline.llm.types import ChunkOutcome, ChunkRequest
from pipeline_testing.fake_server import running_fake_server
from tests.test_llm_client import PROMPT, REQUEST, config_for, fast_policy, fixtures

__all__ = ["fixtures"]
PAUSE = 1.0
# A request the client had already sent when it read the 429 may arrive just after (busy machine).
ALREADY_SENT = 0.1
THREADS, PER_THREAD = 3, 4


def chunks(thread: int) -> list[ChunkRequest]:
    return [
        ChunkRequest(f"report{thread}.txt", i, REQUEST.text, 0, 1, f"section {thread}.{i}")
        for i in range(PER_THREAD)
    ]


def run_in_threads(session: LLMSession) -> list[ChunkOutcome]:
    """Each thread extracts one report's chunks in its own event loop, through `session`."""
    results: list[list[ChunkOutcome]] = [[] for _ in range(THREADS)]

    def work(thread: int) -> None:
        results[thread] = asyncio.run(session.run(chunks(thread)))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return [outcome for result in results for outcome in result]


@pytest.mark.parametrize("fault", [f"429:{PAUSE:g}", f"ratelimit:{PAUSE:g}"])
def test_one_429_pauses_every_request_of_the_run(
    fault: str, fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paused: list[float] = []  # when the client read the 429 (the server's clock: same process)
    real_pause = RunGate.pause

    def recording_pause(gate: RunGate, seconds: float) -> None:
        paused.append(time.monotonic())
        real_pause(gate, seconds)

    monkeypatch.setattr(RunGate, "pause", recording_pause)
    faults = ["ok", "ok", "ok", fault, *["ok"] * 20]  # the 4th request to arrive is refused
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=faults, latency=0.15) as server:
        config = config_for(server, tmp_path)
        session = LLMSession(make_client(config, PROMPT, policy=fast_policy(config)), 4)
        outcomes = run_in_threads(session)
        arrivals, answered = list(server.arrivals), list(server.answered)
    [refused_at] = [at for at, _, status in answered if status == 429]
    [read_at] = paused
    assert read_at >= refused_at - ALREADY_SENT
    inside_pause = [a - read_at for a in arrivals if read_at + ALREADY_SENT < a < read_at + PAUSE]
    after_pause = [a for a in arrivals if a >= read_at + PAUSE]
    assert inside_pause == []
    assert len(after_pause) >= 2  # the refused request's retry, and others that were held back
    assert len(arrivals) == THREADS * PER_THREAD + 1
    assert [o.error for o in outcomes] == [None] * THREADS * PER_THREAD
    assert sum(o.retries for o in outcomes) == 1


def test_insufficient_quota_stops_the_run_and_is_not_retried(fixtures: Path, tmp_path: Path) -> None:
    with running_fake_server("faulty", fixtures_dir=fixtures, faults=["quota"]) as server:
        config = config_for(server, tmp_path)
        session = LLMSession(make_client(config, PROMPT, policy=fast_policy(config)), 1)
        with pytest.raises(LLMFatalError, match="no quota left"):
            asyncio.run(session.run(chunks(0)))
        assert server.requests_served == 1
        assert server.served_log == [("quota", 429)]


def test_a_pause_only_grows() -> None:
    gate = RunGate("tools")
    gate.pause(5.0)
    gate.pause(0.1)  # a shorter reset seen later does not shorten the pause

    async def waited() -> float:
        loop = asyncio.get_running_loop()
        start = loop.time()
        task = asyncio.create_task(gate.before_request())
        await asyncio.sleep(0.3)
        assert not task.done()
        task.cancel()
        return loop.time() - start

    assert asyncio.run(waited()) >= 0.3


def teardown_module() -> None:
    forget_shared_sessions()

"""The fake OpenAI-compatible server (`pipeline_testing.fake_server`) in a process of its own.

Why a separate process: the server answers on threads of whatever process runs it. In the bench
process those threads would compete with the pipeline for the GIL, and their CPU time would be
charged to the pipeline's overhead per request. In a child process they run on the other core.

Why TCP_NODELAY: `http.server` writes a response's headers and body in two `send` calls. With
Nagle's algorithm on (the default), the body waits for the client to acknowledge the headers,
and the client delays that ACK by up to 40 ms — so every request on a kept-alive connection
costs ~40 ms that no real API adds. The bench sets `disable_nagle_algorithm` on the server's
handler in the child (`nodelay=True`, the default) and measures the shipped behaviour once,
separately, to show the difference.

    with serve_fake_llm("echo", latency=0.3) as server:
        config = resolve_config({"llm_base_url": server.base_url, ...})
        ...
        server.stats().requests   # counted by the server, on arrival
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

STOP = "stop"
STATS = "stats"
START_TIMEOUT = 60.0  # seconds for the child to import the pipeline and bind a port


@dataclass(frozen=True)
class ServerStats:
    """What the server saw, cumulative since it started.

    `prompt_chars` is the text of every message of every request (system prompt, chunk wrapper and
    chunk); `tool_chars` is the JSON of the `tools` (function schema) sent with every request in
    tools mode — an API bills both as input. `cpu_seconds` is the server process's own CPU time
    (all its threads): its handlers share one interpreter lock, so at c in flight their work is
    done one after another — a cost in the wall time of a latency run that no real API has.
    """

    requests: int = 0
    max_in_flight: int = 0
    prompt_chars: int = 0
    tool_chars: int = 0
    cpu_seconds: float = 0.0

    def __sub__(self, earlier: ServerStats) -> ServerStats:
        """What happened between two snapshots (`max_in_flight` is not a difference: kept as is)."""
        return ServerStats(
            self.requests - earlier.requests,
            self.max_in_flight,
            self.prompt_chars - earlier.prompt_chars,
            self.tool_chars - earlier.tool_chars,
            self.cpu_seconds - earlier.cpu_seconds,
        )


class FakeLLM:
    """Handle on a running server process: its URL and its counters."""

    def __init__(self, base_url: str, conn: Connection) -> None:
        self.base_url = base_url
        self._conn = conn

    def stats(self) -> ServerStats:
        self._conn.send(STATS)
        result: ServerStats = self._conn.recv()
        return result


@contextmanager
def serve_fake_llm(mode: str = "echo", latency: float = 0.0, nodelay: bool = True) -> Iterator[FakeLLM]:
    """Run `running_fake_server(mode, latency=latency)` in a spawned child for the `with` block."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, mode, latency, nodelay), daemon=True)
    process.start()
    try:
        if not parent.poll(START_TIMEOUT):
            raise RuntimeError(f"fake LLM server ({mode}) did not start within {START_TIMEOUT:g} s")
        yield FakeLLM(parent.recv(), parent)
    finally:
        if process.is_alive():
            parent.send(STOP)
        process.join(10)
        if process.is_alive():
            process.kill()  # our own child, by handle
            process.join()


def _serve(conn: Connection, mode: str, latency: float, nodelay: bool) -> None:
    """Child process: start the server, send its URL, answer STATS until STOP."""
    from pipeline_testing import fake_server

    fake_server._Handler.disable_nagle_algorithm = nodelay  # see the module docstring
    with fake_server.running_fake_server(mode, latency=latency) as server:
        conn.send(server.base_url)
        measured = 0
        stats = ServerStats()
        while conn.recv() != STOP:
            log = server.requests_log  # bodies in arrival order; only new ones are measured
            new = [_measure(body) for body in log[measured : len(log)]]
            measured += len(new)
            stats = ServerStats(
                requests=server.requests_served,
                max_in_flight=server.max_in_flight,
                prompt_chars=stats.prompt_chars + sum(prompt for prompt, _ in new),
                tool_chars=stats.tool_chars + sum(tools for _, tools in new),
                cpu_seconds=time.process_time(),
            )
            conn.send(stats)


def _measure(body: dict[str, Any]) -> tuple[int, int]:
    """(message text characters, schema JSON characters: `tools` or `response_format`) of one body."""
    prompt = sum(len(_text(message)) for message in body.get("messages") or [])
    tools = body.get("tools") or body.get("response_format")
    return prompt, len(json.dumps(tools, ensure_ascii=False)) if tools else 0


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else ""

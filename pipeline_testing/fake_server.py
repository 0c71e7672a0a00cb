"""A real OpenAI-compatible HTTP server on 127.0.0.1, for tests, evals and benchmarks.

It speaks `POST /v1/chat/completions` the way the `openai` client expects, so the whole client
stack (HTTP, retries, answer parsing, re-asks, cache) runs for real without a network:

- a request with `tools` is answered with one `tool_calls` message calling the requested tool;
- a request with `response_format` (json_object or json_schema) gets the JSON as `content`;
- any other request gets a fenced ```json block (md_json mode);
- every answer carries `usage` (tokens ≈ characters / 1.5) and a `finish_reason`.

Modes (what an answer contains):
- `echo`: `{"indicators": []}` — valid and empty, for latency benchmarks.
- `oracle`: the gold fixtures' items grounded in the chunk (see `GoldOracle`), null fields omitted as the
  prompt asks; for a packed request (several `片段 N` blocks) each block is answered on its own and
  its items carry `chunk: N`.
- `faulty`: `faults` cycle per request, e.g. `["429", "500", "ok"]`. Kinds: `429[:secs]` (with
  `Retry-After: secs`, default 0), `ratelimit[:secs]` (a 429 the way OpenAI sends it when the
  request limit is spent: no Retry-After, `x-ratelimit-remaining-requests: 0` and
  `x-ratelimit-reset-requests: <secs>s`, default 1), `500`, `400` (not worth retrying),
  `slow[:secs]` (answers after `secs`, default `slow_seconds`, meant to exceed the client
  timeout), `drop` (closes the connection without a response), `malformed` (broken JSON), `schema`
  (JSON that breaks the schema), `invented` (valid, but names and quotes that appear nowhere in
  the chunk), `truncate` (half an answer with `finish_reason: "length"`), `ok` (the oracle answer
  when fixtures are given, else echo).

More kinds: `401` (wrong key), `404` (unknown model), `quota` (429 `insufficient_quota`),
`keepalive[:secs]` (DeepSeek's habit: blank lines every 0.1 s for `secs`, then the answer).

Provider emulation (`provider`), each provider's documented refusals and usage fields:
- `deepseek`: thinking is on unless the body says `thinking: {"type": "disabled"}`; in thinking
  mode a forced `tool_choice` is a 400 naming it. Usage has `prompt_cache_hit_tokens` /
  `prompt_cache_miss_tokens` (the system prompt counts as a cache hit after the first request).
- `qwen`: thinking is on unless `enable_thinking` is false; thinking refuses a forced tool_choice
  and json_object with a 400. Usage has `prompt_tokens_details.cached_tokens`.
- `openai-reasoning`: `max_tokens` and any `temperature` other than 1 are a 400; usage has
  `prompt_tokens_details.cached_tokens` and `completion_tokens_details.reasoning_tokens`.
- `ollama`: a forced `tool_choice` is ignored (the model answers in prose, no tool call), and a
  prompt above `num_ctx` tokens (default 2048, Ollama's old default context) is cut from the
  front, silently; `usage.prompt_tokens` then reports the tokens kept (at most `num_ctx`).

The OpenAI Files + Batches API is served too (`batches`, see fake_batches.py); its lines are
answered by `completion`, the same function as an online request.

`latency` seconds are slept before every answer in every mode; requests are served on their own
threads, so 32 concurrent requests take about one latency, not 32. The server counts what it
served (`requests_served`, `served_log`), when (`arrivals`: the monotonic clock at each arrival;
`answered`: (clock, kind, status) as each response went out) and the most requests it had in
flight at once.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pipeline.core.errors import LLMError
from pipeline.llm.context import message_text
from pipeline.llm.prompt import CHUNK_OPEN, chunk_blocks, fenced
from pipeline_testing import fake_providers
from pipeline_testing.fake_batches import FakeBatches
from pipeline_testing.fake_oracle import GoldOracle

MODES = ("oracle", "faulty", "echo")
FAULTS = (
    *("429", "ratelimit", "500", "400", "401", "404", "quota", "slow", "keepalive", "drop"),
    *("malformed", "schema", "invented", "truncate", "ok"),
)
PROVIDERS = ("deepseek", "qwen", "openai-reasoning", "ollama")
OLLAMA_NUM_CTX = 2048
BATCH_ROUTES = ("/v1/files", "/v1/batches")
ERRORS = {
    "400": "fake error 400",
    "401": "Incorrect API key provided (fake)",
    "404": "The model does not exist (fake)",
}
DEFAULT_FIXTURES = Path(__file__).resolve().parents[1] / "evals" / "fixtures"
EMPTY_ANSWER: dict[str, Any] = {"indicators": []}
LISTS = ("indicators", "budgets", "budget_lines")
INVENTED_ANSWER: dict[str, Any] = {
    "indicators": [
        {
            "name": "虚构的火星基地建设数量",
            "target_raw": "≥9999座",
            "op": ">=",
            "target_value": 9999,
            "target_unit": "座",
            "quotes": {"name": "虚构的火星基地建设数量", "target": "≥9999座"},
        }
    ]
}


def _tokens(chars: int) -> int:
    return math.ceil(chars / 1.5)


def _blocks_of(messages: Sequence[dict[str, Any]]) -> list[tuple[int, str, str]]:
    """(number, chunk text, the block as context) of each chunk block of the first user message
    holding one (a packed request has several)."""
    for message in messages:
        text = message_text(message)
        if message.get("role") == "user" and CHUNK_OPEN in text:
            try:
                blocks = chunk_blocks(text)
            except LLMError:
                return []
            return [(n, chunk, f"{section}\n{fenced(chunk)}") for n, section, chunk in blocks]
    return []


def compact(value: Any, keep_empty: frozenset[str] = frozenset({"indicators", "quotes"})) -> Any:
    """`value` as a model following the prompt writes it: no null fields, no empty lists (the
    required `indicators` and `quotes` stay)."""
    if isinstance(value, dict):
        pairs = ((k, compact(v)) for k, v in value.items())
        return {k: v for k, v in pairs if v is not None and (v != [] or k in keep_empty)}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


def _tagged(answer: dict[str, Any], number: int) -> dict[str, Any]:
    """Every item of `answer` with `chunk: number`."""
    tagged: dict[str, Any] = {k: [{"chunk": number, **item} for item in answer.get(k) or []] for k in LISTS}
    report = answer.get("report")
    tagged["report"] = [{"chunk": number, **report}] if report else []
    return tagged


def _parse_fault(fault: str) -> tuple[str, float | None]:
    kind, _, arg = fault.partition(":")
    if kind not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; expected one of {', '.join(FAULTS)}")
    return kind, float(arg) if arg else None


class FakeLLMServer:
    """The server state; use `running_fake_server` to start and stop one."""

    def __init__(
        self,
        mode: str = "echo",
        fixtures_dir: str | Path | None = None,
        latency: float = 0.0,
        faults: Sequence[str] | None = None,
        slow_seconds: float = 2.0,
        provider: str | None = None,
        num_ctx: int = OLLAMA_NUM_CTX,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if provider is not None and provider not in PROVIDERS:
            raise ValueError(f"provider must be one of {', '.join(PROVIDERS)}, not {provider!r}")
        self.mode = mode
        self.provider = provider
        self.num_ctx = num_ctx  # the ollama emulation's context window, in (fake) tokens
        self.refused: list[str] = []  # the 400 messages the provider emulation sent
        self.latency = latency
        self.slow_seconds = slow_seconds
        self.faults = [_parse_fault(f) for f in (faults or ["ok"])]
        wants_oracle = mode == "oracle" or fixtures_dir is not None
        self.oracle = GoldOracle.load(fixtures_dir or DEFAULT_FIXTURES) if wants_oracle else None
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._served: list[tuple[str, int]] = []
        self._received = 0
        self._in_flight = 0  # arrived and not yet answered (the answer is being written)
        self._unfinished = 0  # arrived and not yet recorded in the served log
        self.max_in_flight = 0
        self.requests_log: list[dict[str, Any]] = []  # request bodies, in arrival order
        self.arrivals: list[float] = []  # time.monotonic() at each arrival
        self.authorizations: list[str | None] = []  # each request's Authorization header
        self.answered: list[tuple[float, str, int]] = []  # (time.monotonic(), kind, status)
        self._prefixes: set[str] = set()  # system prompts seen: the provider's prefix cache
        self.batches = FakeBatches(self.completion)  # the Files + Batches API (fake_batches.py)
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def requests_served(self) -> int:
        """Requests received on /chat/completions, counted on arrival (a dropped one counts)."""
        with self._lock:
            return self._received

    @property
    def served_log(self) -> list[tuple[str, int]]:
        """(mode or fault kind, HTTP status; 0 for a dropped connection), in completion order.

        A handler records its outcome just after the client got the response, so reading the log
        waits (briefly) for requests still finishing."""
        deadline = time.monotonic() + 2.0
        with self._idle:
            while self._unfinished and time.monotonic() < deadline:
                self._idle.wait(0.05)
            return list(self._served)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def begin(self, body: dict[str, Any], authorization: str | None = None) -> tuple[str, float | None]:
        """Record one arriving request; return the (kind, argument) it is to be answered with."""
        with self._lock:
            index = self._received
            self._received += 1
            self._in_flight += 1
            self._unfinished += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            self.requests_log.append(body)
            self.arrivals.append(time.monotonic())
            self.authorizations.append(authorization)
        if self.mode != "faulty":
            return self.mode, None
        return self.faults[index % len(self.faults)]

    def cached_tokens(self, messages: Sequence[dict[str, Any]]) -> int:
        """Tokens of the system prompt when an earlier request sent the same one, else 0."""
        system = message_text(messages[0]) if messages and messages[0].get("role") == "system" else ""
        with self._lock:
            seen = system in self._prefixes
            self._prefixes.add(system)
        return _tokens(len(system)) if seen and system else 0

    def answering(self) -> None:
        """A request's answer is about to be written: from then on the client may read it and send
        its next request, so the request no longer counts as in flight (counted until its handler
        returns, it would overlap that next request and `max_in_flight` would exceed the client's
        bound by a race the client cannot see)."""
        with self._lock:
            self._in_flight -= 1

    def end(self, kind: str, status: int, answered_at: float | None = None) -> None:
        """A request's handler is done; `answered_at` is when its answer began to be written (the
        handler may record its end only after the client has read it and sent its next request)."""
        with self._idle:
            self._unfinished -= 1
            self._served.append((kind, status))
            at = time.monotonic() if answered_at is None else answered_at
            self.answered.append((at, kind, status))
            self._idle.notify_all()

    def answer(self, kind: str, messages: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """The ChunkResponse-shaped answer for a successful kind."""
        if kind == "invented":
            return INVENTED_ANSWER
        if kind in ("oracle", "ok", "slow", "truncate") and self.oracle is not None:
            blocks = _blocks_of(messages)
            if len(blocks) == 1:
                _, chunk, context = blocks[0]
                return compact(self.oracle.answer(chunk, context))
            merged: dict[str, Any] = {k: [] for k in (*LISTS, "report")}
            for number, chunk, context in blocks:
                answer = _tagged(self.oracle.answer(chunk, context), number)
                for key in (*LISTS, "report"):
                    merged[key] += answer[key]
            return compact(merged)
        return EMPTY_ANSWER

    def completion(self, kind: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """(status, body) answering one request body with a successful or answer-fault kind: the
        provider's 400 refusal, or the chat.completion (used online and for batch lines)."""
        refused = fake_providers.refusal(self.provider, body)
        if refused is not None:
            self.refused.append(refused)
            return 400, {"error": {"message": refused, "type": "invalid_request_error"}}
        messages = body.get("messages") or []
        if self.provider == "ollama":
            messages = _cut_context(messages, self.num_ctx)
        payload = json.dumps(self.answer(kind, messages), ensure_ascii=False)
        finish = "stop"
        if kind == "malformed":
            payload = '{"indicators": [{"name": "培训班次", "quotes": {'
        elif kind == "schema":
            payload = json.dumps({"indicators": "none", "extra": 1})
        elif kind == "truncate":
            payload, finish = payload[: max(len(payload) // 2, 1)], "length"
        completion = _completion(body, payload, finish, self, self.cached_tokens(messages))
        if self.provider == "ollama" and body.get("tools"):  # the named tool_choice is ignored
            prose = f"好的，抽取结果如下：{payload}"
            completion["choices"][0]["message"] = {"role": "assistant", "content": prose}
        return 200, completion


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a burst of concurrent connects must not overflow the backlog
    fake: FakeLLMServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout) is expected here; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the openai client's pool expects
    # Headers and body go out in two sends; with Nagle on, a kept-alive request would wait ~40 ms
    # for the client's delayed ACK.
    disable_nagle_algorithm = True
    server: _Server
    _answered_at: float | None = None  # when this request's answer began to be written

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request access log."""

    def do_GET(self) -> None:
        self._batch_api("GET", b"")

    def _batch_api(self, method: str, raw: bytes) -> None:
        """Files and Batches (fake_batches.py)."""
        status, data, content_type = self.server.fake.batches.handle(method, self.path, self.headers, raw)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path.startswith(BATCH_ROUTES):
            self._batch_api("POST", raw)
            return
        body = json.loads(raw or b"{}")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        fake = self.server.fake
        kind, arg = fake.begin(body, self.headers.get("Authorization"))
        self._counted, self._answered_at = True, None
        status = 0
        try:
            time.sleep(fake.latency)
            status = self._respond(fake, kind, arg, body)
        except OSError:
            status = 0  # the client went away (it timed out); nothing left to send
        finally:
            self._answering()
            fake.end(kind, status, self._answered_at)

    def _answering(self) -> None:
        """Tell the fake, once per request, that its answer is being written (`answering`), and
        note the time: the request's `answered` time in the log."""
        if getattr(self, "_counted", False):
            self._counted, self._answered_at = False, time.monotonic()
            self.server.fake.answering()

    def _respond(self, fake: FakeLLMServer, kind: str, arg: float | None, body: dict[str, Any]) -> int:
        if kind == "429":
            retry_after = "0" if arg is None else f"{arg:g}"
            error = {"error": {"message": "rate limited (fake)", "type": "rate_limit_error"}}
            return self._send_json(429, error, {"Retry-After": retry_after})
        if kind == "ratelimit":
            error = {"error": {"message": "Rate limit reached for requests (fake)", "type": "requests"}}
            reset = {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": f"{arg or 1:g}s"}
            return self._send_json(429, error, reset)
        if kind == "quota":
            message = "You exceeded your current quota (fake)"
            error = {
                "error": {"message": message, "type": "insufficient_quota", "code": "insufficient_quota"}
            }
            return self._send_json(429, error)
        if kind in ("500", *ERRORS):
            error = {"error": {"message": ERRORS.get(kind, f"fake error {kind}"), "type": "fake_error"}}
            return self._send_json(int(kind), error)
        if kind == "drop":
            self.close_connection = True
            return 0
        if kind == "slow":
            time.sleep(fake.slow_seconds if arg is None else arg)
        status, completion = fake.completion(kind, body)
        if status != 200:
            return self._send_json(status, completion)
        if kind == "keepalive":
            return self._send_with_keepalive(completion, fake.slow_seconds if arg is None else arg)
        return self._send_json(200, completion)

    def _send_with_keepalive(self, data: dict[str, Any], seconds: float) -> int:
        """Blank lines every 0.1 s for `seconds`, then the JSON (no Content-Length; the
        connection closes after it), the way DeepSeek holds a long non-streaming request open."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.wfile.write(b"\n")
            self.wfile.flush()
            time.sleep(0.1)
        self._answering()
        self.wfile.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
        self.wfile.flush()
        return 200

    def _send_json(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> int:
        raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self._answering()
        self.wfile.write(raw)
        self.wfile.flush()
        return status


def _cut_context(messages: Sequence[dict[str, Any]], num_ctx: int) -> list[dict[str, Any]]:
    """What Ollama keeps of a prompt above `num_ctx` tokens: the last `num_ctx` tokens' worth of
    characters, cut from the front (the system prompt goes first)."""
    budget = int(num_ctx * 1.5)
    kept: list[dict[str, Any]] = []
    for message in reversed(messages):
        text = message_text(message)
        if budget <= 0:
            break
        kept.append({**message, "content": text[-budget:]})
        budget -= len(text)
    return kept[::-1]


def _completion(
    body: dict[str, Any], payload: str, finish_reason: str, fake: FakeLLMServer, cached: int = 0
) -> dict[str, Any]:
    """A chat.completion carrying `payload` the way the request asked for it."""
    tools = body.get("tools") or []
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if tools:
        choice = body.get("tool_choice")
        forced = choice.get("function", {}).get("name") if isinstance(choice, dict) else None
        name = forced or tools[0]["function"]["name"]
        call = {"id": "call_fake_0", "type": "function", "function": {"name": name, "arguments": payload}}
        message["tool_calls"] = [call]
    elif body.get("response_format"):
        message["content"] = payload
    else:
        message["content"] = f"```json\n{payload}\n```"
    prompt_chars = sum(len(message_text(m)) for m in body.get("messages") or [])
    prompt, completion = _tokens(prompt_chars), _tokens(len(payload))
    provider = fake.provider
    if provider == "ollama":  # what it read, not what was sent
        prompt = min(prompt, fake.num_ctx)
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
        "usage": fake_providers.usage(provider, body, prompt, completion, cached),
    }


@contextmanager
def running_fake_server(
    mode: str = "oracle",
    fixtures_dir: str | Path | None = None,
    latency: float = 0.0,
    faults: Sequence[str] | None = None,
    slow_seconds: float = 2.0,
    provider: str | None = None,
    num_ctx: int = OLLAMA_NUM_CTX,
) -> Iterator[FakeLLMServer]:
    """Start a fake server on 127.0.0.1 (a free port) for the duration of the `with` block.

    >>> with running_fake_server("echo") as server:   # doctest: +SKIP
    ...     config = Config(llm_base_url=server.base_url, llm_api_key="sk-fake", llm_model="fake")
    """
    server = FakeLLMServer(mode, fixtures_dir, latency, faults, slow_seconds, provider, num_ctx)
    server.start()
    try:
        yield server
    finally:
        server.stop()

"""The LLM client: one openai client per process, with retries, re-asks, a cache and a bound.

One chunk, step by step (`OpenAIChunkClient.complete`):

1. Look the chunk up in the cache (key: see cache.py). A hit is returned with `cached=True` and
   no request sent.
2. Send the exact body of wire.py in the provider's mode (providers.py), one HTTP request per
   attempt (openai's own retries are off). Transient failures — 429, 5xx, timeouts, dropped
   connections — are retried under a `RetryPolicy` (retry.py); they count as `retries`. A timeout
   is retried at most once; every request has a read timeout (`llm_timeout`, 300 s) and a total
   deadline (`llm_deadline`), so keep-alive bytes cannot hold one forever.
3. An answer that is not valid JSON, breaks the schema or was cut off at the token limit is
   re-asked: a NEW message list holds the original prompt, the bad answer and what was wrong with
   it. At most `config.llm_max_reasks` re-asks; they count as `reasks`.
4. A valid answer is cached and returned. A chunk that still fails returns
   `ChunkOutcome(error=...)`; a *fatal* failure (failures.py: bad key, unknown model, no quota,
   unreachable endpoint, a prompt the server cut to fit its context: context.py) raises
   `LLMFatalError` and latches it in the run's `RunGate`, so no further request is sent by anyone.

Run-wide state lives in the gate (gate.py): one 429 pauses every request; a 400 naming
`tool_choice` switches the run to json mode once. Usage (prompt, completion, cached and
reasoning tokens, requests) is summed over every request a chunk needed. The API key never
appears in a message, a log line, a repr or the cache.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import ssl
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from pipeline.core.config import Config
from pipeline.core.errors import LLMError, LLMFatalError
from pipeline.core.schema import schema_hash
from pipeline.llm.bounds import bounded_http_client, check_plausible, raise_if_oversized
from pipeline.llm.cache import ResponseCache, cache_key
from pipeline.llm.context import cut_prompt_reason
from pipeline.llm.failures import error_message, fatal_error, is_fatal, is_quota_error, names_tool_choice
from pipeline.llm.gate import RunGate
from pipeline.llm.prompt import Prompt, build_messages, user_message
from pipeline.llm.providers import effective_mode, preset, sampling_fields
from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import (
    BadAnswer,
    RetryCount,
    RetryPolicy,
    reask_messages,
    retry_after_seconds,
    with_transport_retries,
)
from pipeline.llm.types import CallUsage, ChunkOutcome, ChunkRequest, LLMClient
from pipeline.llm.wire import CHUNK_SCHEMA, parse_answer, request_body

log = logging.getLogger(__name__)
_BEARER: openai.RequestOptions = {"security": {"bearer_auth": True}}  # what `create` sends: the API key only
NO_KEY = "unused"  # local OpenAI-compatible servers want some key, and ignore it
CONNECT_TIMEOUT = 10.0


@cache
def _ssl_context() -> ssl.SSLContext:
    """Loaded once per process: reading the CA bundle costs more than a local request."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def usage_of(completion: Any) -> CallUsage:
    """Tokens of one completion, cached and reasoning tokens included, whichever way the server
    reports them (`prompt_tokens_details.cached_tokens`: OpenAI, Qwen, vLLM;
    `prompt_cache_hit_tokens`: DeepSeek; `completion_tokens_details.reasoning_tokens`)."""
    usage = getattr(completion, "usage", None)
    if usage is None:
        return CallUsage(requests=1)
    extra = getattr(usage, "model_extra", None) or {}
    prompt_details = getattr(usage, "prompt_tokens_details", None)
    completion_details = getattr(usage, "completion_tokens_details", None)
    cached = getattr(prompt_details, "cached_tokens", None) or extra.get("prompt_cache_hit_tokens") or 0
    return CallUsage(
        prompt_tokens=usage.prompt_tokens or 0,
        completion_tokens=usage.completion_tokens or 0,
        requests=1,
        cached_tokens=int(cached),
        reasoning_tokens=getattr(completion_details, "reasoning_tokens", None) or 0,
    )


@dataclass
class _Tally:
    """What one chunk cost so far: usage, retries and re-asks."""

    usage: CallUsage = field(default_factory=CallUsage)
    retries: int = 0
    reasks: int = 0


def make_client(
    config: Config, prompt: Prompt, *, policy: RetryPolicy | None = None, use_cache: bool = True
) -> OpenAIChunkClient:
    """The openai client `config` describes, asking with `prompt` (the extract layer renders it:
    `pipeline.extract.llm_prompt.extraction_prompt`); LLMError when no model or endpoint is named."""
    if not config.llm_model:
        raise LLMError("no LLM model configured: set llm_model (PIPELINE_LLM_MODEL)")
    if not config.llm_base_url:
        raise LLMError("no LLM endpoint configured: set llm_base_url (PIPELINE_LLM_BASE_URL)")
    policy = policy or RetryPolicy(max_retries=config.llm_max_retries)
    cache = ResponseCache(config.cache_dir, ChunkResponse) if use_cache else None
    return OpenAIChunkClient(config, prompt, policy, cache)


class OpenAIChunkClient:
    """`LLMClient` over the openai client; build it with `make_client`."""

    def __init__(
        self, config: Config, prompt: Prompt, policy: RetryPolicy, cache: ResponseCache[ChunkResponse] | None
    ):
        self._config = config
        self._prompt = prompt
        self._policy = policy
        self._cache = cache
        self._secret = config.llm_api_key or ""
        self._sampling = sampling_fields(config)
        self.gate = RunGate(effective_mode(config))
        self._clients: dict[asyncio.AbstractEventLoop, openai.AsyncOpenAI] = {}
        self._lock = threading.Lock()

    @property
    def prompt(self) -> Prompt:
        return self._prompt

    def __repr__(self) -> str:
        return f"OpenAIChunkClient(model={self._config.llm_model!r}, mode={self.gate.mode!r})"

    def _client(self) -> openai.AsyncOpenAI:
        """This event loop's openai client (pooled connections belong to the loop that opened
        them; reports run in threads, each with its own loop). The TLS context is shared."""
        loop = asyncio.get_running_loop()
        with self._lock:
            client = self._clients.get(loop)
            if client is None:
                timeout = openai.Timeout(self._config.llm_timeout, connect=CONNECT_TIMEOUT)
                client = openai.AsyncOpenAI(
                    base_url=self._config.llm_base_url,
                    api_key=self._config.llm_api_key or NO_KEY,
                    timeout=timeout,
                    max_retries=0,  # retries are ours (retry.py): counted, bounded, Retry-After honoured
                    # bodies over llm_max_response_kb are refused while they arrive (bounds.py)
                    http_client=bounded_http_client(
                        self._config.llm_max_response_kb,
                        timeout,
                        verify=_ssl_context(),
                        keep_alive=self._config.llm_concurrency,  # every connection in flight is reused
                    ),
                )
                self._clients[loop] = client
            return client

    async def aclose(self) -> None:
        """Close this loop's pooled connections; a later call opens new ones. The cache stays open."""
        with self._lock:
            client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.close()

    def cache_key(self, request: ChunkRequest) -> str:
        return cache_key(
            model=self._config.llm_model or "",
            base_url=self._config.llm_base_url,
            prompt_version=self._prompt.version,
            prompt_hash=self._prompt.hash,
            schema_hash=schema_hash(CHUNK_SCHEMA),
            chunk_text=user_message(request),
            section=request.section,
            parameters={"mode": self.gate.mode, **self._sampling},
        )

    async def complete(self, request: ChunkRequest) -> ChunkOutcome:
        if self.gate.fatal is not None:
            raise self.gate.fatal
        # The key is made only when there is a cache to look in (~45 µs: the chunk's canonical JSON
        # hashed), and made again for the answer only if the gate changed the mode meanwhile.
        mode, key = self.gate.mode, self.cache_key(request) if self._cache is not None else ""
        cached = self._cache.get(key) if self._cache is not None else None
        if cached is not None:
            return ChunkOutcome(request, cached, CallUsage(), cached=True)
        tally = _Tally()
        try:
            answer = await self._answer(request, tally)
        except LLMFatalError:
            raise
        except (BadAnswer, openai.OpenAIError, TimeoutError) as exc:
            if is_fatal(exc):
                fatal = fatal_error(exc, self._config.llm_base_url)
                raise self.gate.stop(LLMFatalError(redact(fatal.reason, self._secret))) from None
            error = self._describe_failure(request, exc, tally)
            log.warning("%s", error)
            return ChunkOutcome(
                request, None, tally.usage, error=error, retries=tally.retries, reasks=tally.reasks
            )
        if self._cache is not None:
            self._cache.put(key if self.gate.mode == mode else self.cache_key(request), answer)
        return ChunkOutcome(request, answer, tally.usage, retries=tally.retries, reasks=tally.reasks)

    async def _answer(self, request: ChunkRequest, tally: _Tally) -> ChunkResponse:
        """Ask, and re-ask on a bad answer, at most `llm_max_reasks` times; raise the last failure."""
        original = build_messages(self._prompt, request)
        messages: Sequence[dict[str, Any]] = original
        while True:
            try:
                answer = await self._ask_once(messages, tally)
                # more indicators than lines: re-asked, briefly (a packed request: all its chunks)
                check_plausible(answer, "\n".join(text for _, text, _ in request.blocks()))
                return answer
            except BadAnswer as bad:
                if tally.reasks >= self._config.llm_max_reasks:
                    raise
                tally.reasks += 1
                log.info(
                    "re-asking chunk %d of %s: %s", request.chunk_index, request.report_path, bad.reason[:200]
                )
                messages = reask_messages(original, bad.output, bad.reason)

    async def _ask_once(self, messages: Sequence[dict[str, Any]], tally: _Tally) -> ChunkResponse:
        """One model answer (with transport retries); BadAnswer when it is unusable."""
        count = RetryCount()
        try:
            return await with_transport_retries(lambda: self._request(messages, tally), self._policy, count)
        finally:
            tally.retries += count.retries

    async def _request(self, messages: Sequence[dict[str, Any]], tally: _Tally) -> ChunkResponse:
        """One HTTP request (two when the endpoint refuses the forced tool call: see the gate)."""
        await self.gate.before_request()
        mode = self.gate.mode
        body = request_body(self._config.llm_model or "", messages, mode, self._sampling)
        tally.usage = tally.usage + CallUsage(requests=1)
        try:
            completion = await asyncio.wait_for(self.send_body(body), self._config.llm_deadline)
        except openai.APIStatusError as exc:
            if exc.status_code == 429 and not is_quota_error(exc):
                self.gate.pause(retry_after_seconds(exc) or self._policy.base_delay)
            if names_tool_choice(exc) and mode == "tools":
                self.gate.fall_back_to_json(error_message(exc)[:200])
                if self.gate.mode != "tools":
                    return await self._request(messages, tally)
            raise
        except openai.APIConnectionError as exc:
            raise_if_oversized(exc)  # a body over llm_max_response_kb: re-asked, never retried as is
            raise
        usage = usage_of(completion)
        tally.usage = tally.usage + usage - CallUsage(requests=1)
        advice = preset(self._config).context_advice
        cut = cut_prompt_reason(usage.prompt_tokens, messages, self._config.llm_base_url, advice)
        if cut is not None:  # an answer to part of the prompt: never used, and the run stops
            raise self.gate.stop(LLMFatalError(redact(cut, self._secret)))
        return parse_answer(completion, mode, self._config.llm_max_tokens)

    async def send_body(self, body: dict[str, Any]) -> ChatCompletion:
        """POST `body` as it is, through the openai client's documented way to send a raw body
        (`client.post`): `chat.completions.create` would walk every message through its typed-dict
        transform first (about 2 ms of CPU per request, a third of the request path at 32 in
        flight) to produce the very same JSON. Auth, timeouts, errors and the typed answer are the
        client's as with `create`."""
        return await self._client().post(
            "/chat/completions", body=body, cast_to=ChatCompletion, options=_BEARER
        )

    def _describe_failure(self, request: ChunkRequest, exc: Exception, tally: _Tally) -> str:
        what = "no valid answer" if isinstance(exc, BadAnswer) else f"request failed ({type(exc).__name__})"
        message = (
            f"{request.report_path}: chunk {request.chunk_index}: {what} after {tally.usage.requests} "
            f"request(s), {tally.retries} retries, {tally.reasks} re-asks: {str(exc)[:300]}"
        )
        return redact(message, self._secret)


def redact(text: str, secret: str) -> str:
    """`text` with every occurrence of `secret` replaced by `***` (keys shorter than 8 are not secrets)."""
    return text.replace(secret, "***") if len(secret) >= 8 else text


@dataclass(frozen=True)
class SessionTotals:
    chunks: int = 0
    requests: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    reasks: int = 0
    errors: int = 0
    cached_tokens: int = 0
    reasoning_tokens: int = 0


_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def _process_slots(concurrency: int) -> threading.BoundedSemaphore:
    """One bound per process and concurrency setting, shared by every session and event loop.

    `pipeline ingest --backend llm` extracts several reports at once, each in its own thread with
    its own event loop; this keeps the requests in flight across all of them at `concurrency`."""
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(concurrency, threading.BoundedSemaphore(concurrency))


class LLMSession:
    """Runs chunk requests through one client with at most `concurrency` in flight.

    One semaphore is shared by every `run` on the session, so reports processed at the same time
    share the bound. `totals` accumulates over all runs.
    """

    def __init__(self, client: LLMClient, concurrency: int) -> None:
        if concurrency < 1:
            raise LLMError(f"concurrency must be >= 1, not {concurrency}")
        self.client = client
        self.concurrency = concurrency
        self._semaphore: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._totals = SessionTotals()
        self._active_runs = 0

    @property
    def totals(self) -> SessionTotals:
        return self._totals

    async def run(self, requests: Sequence[ChunkRequest]) -> list[ChunkOutcome]:
        """Outcomes in the order of `requests`. When the last concurrent run ends, the client's
        connections are closed (they cannot outlive the event loop they were opened in)."""
        self._active_runs += 1
        try:
            return list(await asyncio.gather(*(self._run_one(r) for r in requests)))
        finally:
            self._active_runs -= 1
            close = getattr(self.client, "aclose", None)
            if self._active_runs == 0 and close is not None:
                await close()

    def _bound(self) -> asyncio.Semaphore:
        # A semaphore belongs to one event loop; a new `asyncio.run` gets a fresh one.
        loop = asyncio.get_running_loop()
        if self._semaphore is None or self._loop is not loop:
            self._semaphore, self._loop = asyncio.Semaphore(self.concurrency), loop
        return self._semaphore

    async def _run_one(self, request: ChunkRequest) -> ChunkOutcome:
        async with self._bound():
            slot = _process_slots(self.concurrency)
            while not slot.acquire(blocking=False):  # another thread's loop holds every slot
                await asyncio.sleep(0.005)
            try:
                outcome = await self.client.complete(request)
            finally:
                slot.release()
        t = self._totals
        self._totals = SessionTotals(
            chunks=t.chunks + 1,
            requests=t.requests + outcome.usage.requests,
            cache_hits=t.cache_hits + outcome.cached,
            prompt_tokens=t.prompt_tokens + outcome.usage.prompt_tokens,
            completion_tokens=t.completion_tokens + outcome.usage.completion_tokens,
            retries=t.retries + outcome.retries,
            reasks=t.reasks + outcome.reasks,
            errors=t.errors + (outcome.error is not None),
            cached_tokens=t.cached_tokens + outcome.usage.cached_tokens,
            reasoning_tokens=t.reasoning_tokens + outcome.usage.reasoning_tokens,
        )
        return outcome


_SHARED: dict[str, LLMSession] = {}
_SHARED_LOCK = threading.Lock()


def shared_session(config: Config, prompt: Prompt) -> LLMSession:
    """The process's one session (one client, one gate, one bound) for `config`'s endpoint.

    Every report of a run goes through it, so a fatal error or a 429 seen by one report holds
    back the others, and the client (its TLS context, its prepared bodies) is built once."""
    material = repr(sorted(config.public_dict().items())) + (config.llm_api_key or "") + prompt.hash
    key = hashlib.sha256(material.encode()).hexdigest()  # the key itself is never stored
    with _SHARED_LOCK:
        session = _SHARED.get(key)
        if session is None:
            session = _SHARED[key] = LLMSession(make_client(config, prompt), config.llm_concurrency)
        return session


def forget_shared_sessions() -> None:
    """Drop the shared sessions: the next run starts with a fresh gate (no latched error)."""
    with _SHARED_LOCK:
        _SHARED.clear()

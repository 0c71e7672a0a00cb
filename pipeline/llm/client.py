"""The LLM client: instructor over the openai client, with retries, re-asks, a cache and a bound.

One chunk, step by step (`OpenAIChunkClient.complete`):

1. Look the chunk up in the cache (key: see cache.py). A hit is returned with `cached=True` and
   no request sent.
2. Send the prompt (prompt.py) through instructor in `config.llm_mode`, one HTTP request per
   attempt (openai's own retries are off). Transient transport failures — 429, 5xx, timeouts,
   dropped connections — are retried under a `RetryPolicy` (retry.py); they count as `retries`.
3. An answer that is not valid JSON, breaks the schema or was cut off at `max_tokens` is re-asked:
   a NEW message list holds the original prompt, the bad answer and what was wrong with it. At
   most `config.llm_max_reasks` re-asks; they count as `reasks`.
4. A valid answer is cached and returned. A chunk that still fails returns
   `ChunkOutcome(error=...)` — the client never raises for one bad chunk.

Usage (tokens and requests) is summed over every request the chunk needed. The API key never
appears in a message, a log line, a repr or the cache. The client checks the answer's shape, not
its truth: quotes that appear nowhere in the chunk pass here and are caught by grounding later.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorError, InstructorRetryException

from pipeline.core.config import Config
from pipeline.core.errors import LLMError
from pipeline.core.schema import schema_hash
from pipeline.llm.bounds import bounded_http_client, check_plausible, raise_if_oversized
from pipeline.llm.cache import ResponseCache, cache_key
from pipeline.llm.prompt import PROMPT_VERSION, build_messages, prompt_hash
from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import (
    MAX_REASON_CHARS,
    BadAnswer,
    RetryCount,
    RetryPolicy,
    raw_output,
    reask_messages,
    with_transport_retries,
)
from pipeline.llm.types import CallUsage, ChunkOutcome, ChunkRequest, LLMClient

log = logging.getLogger(__name__)
# instructor logs every failed attempt at ERROR, including those we retry or re-ask on purpose
# (it runs one attempt per call here); our own log lines say what happened, with counts.
logging.getLogger("instructor.v2.retry").setLevel(logging.CRITICAL)

CHUNK_SCHEMA = "chunk_response.schema.json"
# json is response_format json_object (what DeepSeek accepts); json_schema is never sent.
INSTRUCTOR_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
NO_KEY = "unused"  # local OpenAI-compatible servers want some key, and ignore it


@dataclass
class _Tally:
    """What one chunk cost so far: requests sent, tokens used, retries and re-asks made."""

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    reasks: int = 0

    def add_usage(self, completion: Any) -> None:
        usage = getattr(completion, "usage", None)
        self.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
        self.completion_tokens += getattr(usage, "completion_tokens", 0) or 0

    def usage(self) -> CallUsage:
        return CallUsage(self.prompt_tokens, self.completion_tokens, self.requests)


def make_client(
    config: Config, *, policy: RetryPolicy | None = None, use_cache: bool = True
) -> OpenAIChunkClient:
    """The instructor+openai client `config` describes; LLMError when it names no model or endpoint."""
    if not config.llm_model:
        raise LLMError("no LLM model configured: set llm_model (PIPELINE_LLM_MODEL)")
    if not (config.llm_base_url or config.llm_api_key):
        raise LLMError(
            "no LLM endpoint configured: set llm_base_url (PIPELINE_LLM_BASE_URL or OPENAI_BASE_URL) "
            "and/or llm_api_key (PIPELINE_LLM_API_KEY or OPENAI_API_KEY)"
        )
    policy = policy or RetryPolicy(max_retries=config.llm_max_retries)
    cache = ResponseCache(config.cache_dir, ChunkResponse) if use_cache else None
    return OpenAIChunkClient(config, policy, cache)


class OpenAIChunkClient:
    """`LLMClient` over instructor + openai; build it with `make_client`."""

    def __init__(self, config: Config, policy: RetryPolicy, cache: ResponseCache[ChunkResponse] | None):
        self._config = config
        self._policy = policy
        self._cache = cache
        self._secret = config.llm_api_key or ""
        self._parameters = {
            "mode": config.llm_mode,
            "temperature": config.llm_temperature,
            "max_tokens": config.llm_max_tokens,
        }
        self._openai: openai.AsyncOpenAI | None = None
        self._instructor: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connect()

    def __repr__(self) -> str:
        return f"OpenAIChunkClient(model={self._config.llm_model!r}, mode={self._config.llm_mode!r})"

    def _connect(self) -> None:
        self._openai = openai.AsyncOpenAI(
            base_url=self._config.llm_base_url,
            api_key=self._config.llm_api_key or NO_KEY,
            timeout=self._config.llm_timeout,
            max_retries=0,  # retries are ours (retry.py): counted, bounded, Retry-After honoured
            http_client=bounded_http_client(self._config.llm_max_response_kb, self._config.llm_timeout),
        )
        self._instructor = instructor.from_openai(self._openai, mode=INSTRUCTOR_MODES[self._config.llm_mode])

    def _client_for_running_loop(self) -> Any:
        """The instructor client, reconnected after `aclose` or in a new event loop (pooled
        connections belong to the loop that opened them; each `asyncio.run` has its own)."""
        loop = asyncio.get_running_loop()
        if self._instructor is None or (self._loop is not None and self._loop is not loop):
            self._connect()
        self._loop = loop
        return self._instructor

    async def aclose(self) -> None:
        """Close pooled connections; a later call opens new ones. The cache stays open."""
        if self._openai is not None:
            await self._openai.close()
        self._openai, self._instructor, self._loop = None, None, None

    def cache_key(self, request: ChunkRequest) -> str:
        return cache_key(
            model=self._config.llm_model or "",
            base_url=self._config.llm_base_url,
            prompt_version=PROMPT_VERSION,
            prompt_hash=prompt_hash(),
            schema_hash=schema_hash(CHUNK_SCHEMA),
            chunk_text=request.text,
            section=request.section,
            parameters=self._parameters,
        )

    async def complete(self, request: ChunkRequest) -> ChunkOutcome:
        key = self.cache_key(request)
        cached = self._cache.get(key) if self._cache is not None else None
        if cached is not None:
            return ChunkOutcome(request, cached, CallUsage(), cached=True)
        tally = _Tally()
        try:
            answer = await self._answer(request, tally)
        except (BadAnswer, openai.OpenAIError, InstructorError) as exc:
            error = self._describe_failure(request, exc, tally)
            log.warning("%s", error)
            return ChunkOutcome(
                request, None, tally.usage(), error=error, retries=tally.retries, reasks=tally.reasks
            )
        if self._cache is not None:
            self._cache.put(key, answer)
        return ChunkOutcome(request, answer, tally.usage(), retries=tally.retries, reasks=tally.reasks)

    async def _answer(self, request: ChunkRequest, tally: _Tally) -> ChunkResponse:
        """Ask, and re-ask on a bad answer, at most `llm_max_reasks` times; raise the last failure."""
        original = build_messages(request)
        messages: Sequence[dict[str, Any]] = original
        while True:
            try:
                answer = await self._ask_once(messages, tally)
                check_plausible(answer, request.text)  # more indicators than lines: re-asked, briefly
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
            tally.requests += count.attempts
            tally.retries += count.retries

    async def _request(self, messages: Sequence[dict[str, Any]], tally: _Tally) -> ChunkResponse:
        """One HTTP request through instructor; unwraps its exceptions into transport errors
        (which retry.py may retry) and BadAnswer (which `_answer` may re-ask)."""
        try:
            answer, completion = await self._client_for_running_loop().create_with_completion(
                messages=[dict(m) for m in messages],  # instructor must not touch our list
                response_model=ChunkResponse,
                max_retries=0,
                strict=False,
                model=self._config.llm_model,
                temperature=self._config.llm_temperature,
                max_tokens=self._config.llm_max_tokens,
            )
        except IncompleteOutputException as exc:
            tally.add_usage(exc.last_completion)
            reason = f"回答在 max_tokens={self._config.llm_max_tokens} 处被截断，请更简洁（省略 null 字段）"
            raise BadAnswer(raw_output(exc.last_completion), reason) from exc
        except openai.APIConnectionError as exc:
            raise_if_oversized(exc)  # a body over llm_max_response_kb: re-asked, never retried as is
            raise
        except InstructorRetryException as exc:
            raise_if_oversized(exc)
            if exc.failed_attempts:
                failed = exc.failed_attempts[-1]
                tally.add_usage(failed.completion)
                raise BadAnswer(
                    raw_output(failed.completion), str(failed.exception)[:MAX_REASON_CHARS]
                ) from exc
            cause = exc.__cause__
            if isinstance(cause, openai.OpenAIError):
                raise cause from None
            raise BadAnswer("", str(cause or exc)[:MAX_REASON_CHARS]) from exc
        tally.add_usage(completion)
        # A fresh copy: instructor attaches the raw completion to the model it returns.
        return ChunkResponse.model_validate(answer.model_dump())

    def _describe_failure(self, request: ChunkRequest, exc: Exception, tally: _Tally) -> str:
        what = "no valid answer" if isinstance(exc, BadAnswer) else f"request failed ({type(exc).__name__})"
        message = (
            f"{request.report_path}: chunk {request.chunk_index}: {what} after {tally.requests} "
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
        )
        return outcome

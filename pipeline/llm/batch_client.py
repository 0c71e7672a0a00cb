"""The chunk requests of a provider batch, and the client that serves its answers to the backend.

A provider batch asks, for each chunk, the body the online client's first attempt sends
(`batch_request`: `wire.request_body` over `prompt.build_messages`, in the provider preset's mode
and sampling fields) under the online cache key; a validated answer is stored in the same cache.
So the assembly step after the batch is an ordinary online extraction that finds its answers in
the cache, and anything the batch did not answer (a failed line, an invalid answer) is asked
online there, with the online retries and re-asks.

`BatchAnsweredClient` is that client: a chunk whose key a batch answered is returned from the
cache with the batch line's usage, marked `batched` (billed at the batch price), once — a second
report with the same chunk is an ordinary cache hit, never paid twice; every other chunk goes to
the online client (cache, then network).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.core.config import Config
from pipeline.llm.cache import ResponseCache
from pipeline.llm.client import OpenAIChunkClient
from pipeline.llm.prompt import build_messages
from pipeline.llm.providers import effective_mode, sampling_fields
from pipeline.llm.response import ChunkResponse
from pipeline.llm.types import CallUsage, ChunkOutcome, ChunkRequest
from pipeline.llm.wire import request_body


@dataclass(frozen=True)
class BatchRequest:
    """One chunk request as a batch line: its cache key, the online body, and the chunk text the
    answer's plausibility is checked against (as online)."""

    key: str
    body: dict[str, Any]
    chunk_text: str


def batch_request(client: OpenAIChunkClient, config: Config, request: ChunkRequest) -> BatchRequest:
    """The batch line material of `request`, for the client `make_client(config, prompt)` made."""
    messages = build_messages(client.prompt, request)
    body = request_body(config.llm_model or "", messages, effective_mode(config), sampling_fields(config))
    text = "\n".join(text for _, text, _ in request.blocks())
    return BatchRequest(client.cache_key(request), body, text)


class BatchAnsweredClient:
    """`LLMClient`: batch answers first (each key's usage reported once), else the online client."""

    def __init__(
        self,
        online: OpenAIChunkClient,
        cache: ResponseCache[ChunkResponse],
        answered: Mapping[str, CallUsage],
    ) -> None:
        self.online = online
        self._cache = cache
        self._unreported = dict(answered)

    async def complete(self, request: ChunkRequest) -> ChunkOutcome:
        key = self.online.cache_key(request)
        usage = self._unreported.pop(key, None)  # one pop: reports run in threads, at once
        answer = self._cache.get(key) if usage is not None else None
        if usage is not None and answer is not None:
            return ChunkOutcome(request, answer, usage, batched=True)
        return await self.online.complete(request)

    async def aclose(self) -> None:
        await self.online.aclose()

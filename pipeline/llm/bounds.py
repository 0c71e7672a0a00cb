"""Bounds on what a model may send back: the body's size and the answer's plausibility.

A model (or a proxy in front of it) can answer with a 50 MB body, or with 5,000 indicators for
a chunk of 30 lines. Both are refused before they cost memory or reach the exports:

- **size**: the HTTP transport stops reading a body past `llm_max_response_kb` (and refuses at
  once when `Content-Length` already says so), raising `ResponseTooLarge`;
- **plausibility**: an answer with more indicators than its chunk has lines and clauses cannot
  be a reading of that chunk (every indicator comes from at least one of them).

Either becomes a `BadAnswer` with an EMPTY output and a one-line reason, so the re-ask sends the
short reason, never the bad answer back:

    >>> check_plausible(answer_with_40_indicators, "培训班次\\t10\\n合格率\\t95%")  # doctest: +SKIP
    BadAnswer: 回答列出 40 个指标，但片段只有 4 处可能的来源（行或分句）；…
"""

from __future__ import annotations

import re
import ssl
from collections.abc import AsyncIterator

import httpx2

from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import BadAnswer

_PIECE_BREAKS = re.compile(r"[\n\t。；;，,、]+")
MAX_CONNECTIONS = 100  # httpx's default bound on open connections; llm_concurrency is at most 64
DEFAULT_KEEP_ALIVE = 20  # httpx's default number of idle connections kept


class ResponseTooLarge(httpx2.TransportError):
    """A response body over the configured bound (not retried: the same request would repeat it)."""


class _BoundedStream(httpx2.AsyncByteStream):
    def __init__(self, inner: httpx2.AsyncByteStream, limit: int, url: str) -> None:
        self._inner, self._limit, self._url = inner, limit, url

    async def __aiter__(self) -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise ResponseTooLarge(_too_large(self._limit))
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class BoundedTransport(httpx2.AsyncBaseTransport):
    """An httpx2 transport that refuses response bodies over `limit` bytes."""

    def __init__(self, limit: int, inner: httpx2.AsyncBaseTransport | None = None) -> None:
        self._limit = limit
        self._inner = inner or httpx2.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self._inner.handle_async_request(request)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self._limit:
            await response.aclose()
            raise ResponseTooLarge(_too_large(self._limit))
        stream = response.stream
        assert isinstance(stream, httpx2.AsyncByteStream)
        return httpx2.Response(
            response.status_code,
            headers=response.headers,
            stream=_BoundedStream(stream, self._limit, str(request.url)),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


def bounded_http_client(
    max_response_kb: int,
    timeout: httpx2.Timeout | float,
    verify: ssl.SSLContext | bool = True,
    keep_alive: int = DEFAULT_KEEP_ALIVE,
) -> httpx2.AsyncClient:
    """The httpx2 client the OpenAI client is built on: its bodies are bounded. `verify` is the
    TLS context (the client loads one per process); redirects are followed as openai's own
    default client does.

    `keep_alive`: how many idle connections the pool keeps open — give it the requests in flight
    (`llm_concurrency`). httpx keeps 20 by default (openai's own default client keeps 100, but a
    client passed in brings its own pool): at 32 in flight, every answer past the 20th closed
    its connection and the next request opened a new one — a TCP (and TLS) handshake, measured
    on the bench's echo server as 80–116 connections opened for 376 requests instead of 32.
    """
    limits = httpx2.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=keep_alive)
    inner = httpx2.AsyncHTTPTransport(verify=verify, limits=limits)
    return httpx2.AsyncClient(
        transport=BoundedTransport(max_response_kb * 1024, inner), timeout=timeout, follow_redirects=True
    )


def raise_if_oversized(exc: BaseException) -> None:
    """Turn a `ResponseTooLarge` anywhere in `exc`'s cause chain into a short `BadAnswer`."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ResponseTooLarge):
            raise BadAnswer("", f"{current}；请只返回规定的 JSON，简洁作答") from exc
        seen.add(id(current))
        current = current.__cause__ or current.__context__


def check_plausible(answer: ChunkResponse, chunk: str) -> None:
    """`BadAnswer` (empty output, short reason) if `answer` has more indicators than `chunk` has pieces.

    A piece is a non-empty stretch between line breaks, tabs or clause punctuation, so a prose
    line that lists three indicators (`培训120人次，覆盖率100%，满意度95%`) allows three.
    """
    pieces = len(plausible_pieces(chunk))
    if len(answer.indicators) > pieces:
        raise BadAnswer(
            "",
            f"回答列出 {len(answer.indicators)} 个指标，但片段只有 {pieces} 处可能的来源（行或分句）；"
            "每个指标都须出自片段中的一行或一句，请重新抽取。",
        )


def plausible_pieces(chunk: str) -> list[str]:
    """The stretches of `chunk` an indicator can come from (at most one indicator each)."""
    return [piece for piece in _PIECE_BREAKS.split(chunk) if piece.strip()]


def _too_large(limit: int) -> str:
    return f"回答超过 {limit // 1024} KB（llm_max_response_kb）"

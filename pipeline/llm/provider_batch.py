"""The providers' Batch API (OpenAI Files + Batches): request lines out, validated answers back.

OpenAI, Azure OpenAI, DashScope (Qwen) and vLLM's batch runner share one format. A request is
one JSONL line whose `body` is exactly the online request body (wire.py)::

    {"custom_id": "r3f2a9c1d0b7e4a5-c0007", "method": "POST", "url": "/v1/chat/completions",
     "body": {"model": …, "messages": […], "tools": […], "tool_choice": …, "max_tokens": 8192, …}}

An answer line holds either `response: {"status_code": 200, "body": <chat.completion>}` or an
`error`; `answer_of` reads the completion with the online path's own parser and plausibility
check (`wire.parse_answer`, `bounds.check_plausible`) and cut-prompt floor (`context.py`), so a
batch answer is accepted exactly when an online one would be. Failed or invalid lines are not
retried here: the caller asks them online (`pipeline.batch.llm_batch`).

`split_lines` keeps each input file within the provider's limits (OpenAI: 50,000 requests and
200 MB per file; `llm_batch_max_requests`, `llm_batch_max_mb`).

`BatchApi` is the handful of HTTP calls: upload a file (purpose `batch`), create a batch
(`completion_window` 24h), retrieve, list, cancel, download a file. `find_file` and `find_batch`
look an upload or a batch up by its file name / input file when a killed run never recorded its
id, so a restart never submits twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Final

import openai
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from pipeline.core.config import Config
from pipeline.core.errors import LLMError, LLMFatalError
from pipeline.llm.bounds import check_plausible
from pipeline.llm.client import NO_KEY, redact, usage_of
from pipeline.llm.context import cut_prompt_reason
from pipeline.llm.failures import error_message, fatal_error
from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import BadAnswer
from pipeline.llm.types import CallUsage
from pipeline.llm.wire import answer_text, parse_answer

ENDPOINT: Final = "/v1/chat/completions"
COMPLETION_WINDOW: Final = "24h"
END_STATES = frozenset({"completed", "expired", "cancelled", "failed"})
BYTES_PER_MB = 1024 * 1024


def request_line(custom_id: str, body: dict[str, Any]) -> bytes:
    """One JSONL line (newline included) asking `body` under `custom_id`."""
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def split_lines(lines: Iterable[bytes], max_requests: int, max_bytes: int) -> Iterator[list[bytes]]:
    """The lines in order, cut into files of at most `max_requests` lines and `max_bytes` bytes
    (one file in memory at a time).

    >>> [len(part) for part in split_lines([b"x" * 10] * 5, max_requests=2, max_bytes=1000)]
    [2, 2, 1]
    >>> [len(part) for part in split_lines([b"x" * 10] * 5, max_requests=100, max_bytes=25)]
    [2, 2, 1]
    """
    part: list[bytes] = []
    size = 0
    for line in lines:
        if len(line) > max_bytes:
            raise LLMError(f"one batch request is {len(line)} bytes, over the {max_bytes}-byte file limit")
        if part and (len(part) >= max_requests or size + len(line) > max_bytes):
            yield part
            part, size = [], 0
        part.append(line)
        size += len(line)
    if part:
        yield part


@dataclass(frozen=True)
class LineResult:
    """One line of an output or error file: the completion body, or why there is none."""

    custom_id: str
    completion: dict[str, Any] | None
    error: str | None


def read_results(data: bytes) -> Iterator[LineResult]:
    """The lines of an output or error file (a non-200 response counts as an error)."""
    for raw in data.splitlines():
        if not raw.strip():
            continue
        line = json.loads(raw)
        response = line.get("response") or {}
        body = response.get("body")
        if response.get("status_code") == 200 and isinstance(body, dict):
            yield LineResult(str(line["custom_id"]), body, None)
            continue
        error = line.get("error") or (body or {}).get("error") or {}
        status = response.get("status_code")
        reason = f"{error.get('code') or f'HTTP {status}'}: {error.get('message') or 'no answer'}"
        yield LineResult(str(line["custom_id"]), None, reason)


def answer_of(
    completion: dict[str, Any],
    mode: str,
    max_tokens: int,
    chunk_text: str,
    messages: Sequence[dict[str, Any]],
    base_url: str | None = None,
) -> ChunkResponse:
    """The validated answer of one batch line (asked with `messages`), exactly as the online
    client accepts one; BadAnswer when the online client would have re-asked — or stopped.

    A line whose reported prompt tokens are below the floor of its messages (context.py: the
    server cut the prompt) is refused too, so it is asked online, where the same check stops
    the run if that server also cuts. No batch endpoint we know cuts silently (Ollama, the one
    that does, has no Batch API); the check costs a regex over a request that was just read."""
    try:
        parsed = ChatCompletion.model_validate(completion)
    except ValidationError as exc:
        raise BadAnswer(
            json.dumps(completion)[:200], f"not a chat completion: {exc.errors()[0]['msg']}"
        ) from None
    cut = cut_prompt_reason(usage_of(parsed).prompt_tokens, messages, base_url, None)
    if cut is not None:
        raise BadAnswer(answer_text(parsed)[0], cut)
    answer = parse_answer(parsed, mode, max_tokens)
    check_plausible(answer, chunk_text)
    return answer


def line_usage(completion: dict[str, Any]) -> CallUsage:
    """Tokens of one batch line, read as online (`client.usage_of`); `requests` stays 0: it counts
    HTTP requests sent online."""
    try:
        return replace(usage_of(ChatCompletion.model_validate(completion)), requests=0)
    except ValidationError:
        return CallUsage()


class BatchApi:
    """The Files + Batches calls against `config.llm_base_url`, with openai's own retries.

    A refusal or an unreachable endpoint is an `LLMFatalError` naming the setting to fix
    (failures.py); a 404 says the endpoint has no Batch API (or not this file or batch)."""

    def __init__(self, config: Config) -> None:
        if not config.llm_base_url:
            raise LLMError("no LLM endpoint configured: set llm_base_url (PIPELINE_LLM_BASE_URL)")
        self._base_url = config.llm_base_url
        self._secret = config.llm_api_key or ""
        self._client = openai.OpenAI(
            base_url=config.llm_base_url, api_key=config.llm_api_key or NO_KEY, max_retries=3
        )

    @contextmanager
    def _calling(self, what: str) -> Iterator[None]:
        try:
            yield
        except openai.APIStatusError as exc:
            if exc.status_code == 404:
                reason = (
                    f"{self._base_url}: {what}: HTTP 404 ({error_message(exc)[:200]}): no Batch API here?"
                )
                raise LLMFatalError(redact(reason, self._secret)) from None
            raise LLMFatalError(redact(fatal_error(exc, self._base_url).reason, self._secret)) from None
        except openai.APIConnectionError as exc:
            raise fatal_error(exc, self._base_url) from None

    def upload(self, name: str, data: bytes) -> str:
        """The id of the uploaded input file."""
        with self._calling(f"upload {name}"):
            return self._client.files.create(file=(name, data), purpose="batch").id

    def find_file(self, name: str) -> str | None:
        """The id of an uploaded batch file called `name` (a killed run's upload), or None."""
        with self._calling("list files"):
            return next((f.id for f in self._client.files.list(purpose="batch") if f.filename == name), None)

    def create(self, file_id: str, metadata: dict[str, str]) -> str:
        with self._calling(f"create a batch of {file_id}"):
            batch = self._client.batches.create(
                input_file_id=file_id,
                endpoint=ENDPOINT,
                completion_window=COMPLETION_WINDOW,
                metadata=metadata,
            )
        return batch.id

    def find_batch(self, file_id: str) -> str | None:
        """The batch created from `file_id` (a killed run's), or None."""
        with self._calling("list batches"):
            return next(
                (b.id for b in self._client.batches.list(limit=100) if b.input_file_id == file_id), None
            )

    def retrieve(self, batch_id: str) -> dict[str, Any]:
        with self._calling(f"retrieve {batch_id}"):
            return self._client.batches.retrieve(batch_id).model_dump(mode="json")

    def cancel(self, batch_id: str) -> None:
        with self._calling(f"cancel {batch_id}"):
            self._client.batches.cancel(batch_id)

    def content(self, file_id: str) -> bytes:
        with self._calling(f"download {file_id}"):
            return self._client.files.content(file_id).read()

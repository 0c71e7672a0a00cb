"""Records and the one interface between the LLM backend and the LLM client.

The backend (pipeline/extract/llm_backend.py) turns routed chunks into `ChunkRequest`s; a client
answers each with a `ChunkOutcome` that holds either a validated `ChunkResponse`
(pipeline/llm/response.py, mirroring schemas/chunk_response.schema.json) or an error string —
a client never raises for one bad chunk, so a report is never all-or-nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pipeline.llm.response import ChunkResponse


@dataclass(frozen=True)
class ChunkRequest:
    """One request: a chunk to extract, or several chunks of one report packed together.

    `text` is the normalised chunk text sent to the model; `start`/`end` are its span in
    Document.text; `section` is the heading path above it (for project names). A packed request
    has `packed`: (text, section) of every chunk in it, and answers name the chunk of each item
    (`chunk`, numbered from 1)."""

    report_path: str
    chunk_index: int
    text: str
    start: int
    end: int
    section: str | None = None
    packed: tuple[tuple[str, str | None], ...] = ()

    def blocks(self) -> list[tuple[int, str, str | None]]:
        """(number from 1, text, section) of each chunk the request holds."""
        chunks = self.packed or ((self.text, self.section),)
        return [(number, text, section) for number, (text, section) in enumerate(chunks, 1)]


@dataclass(frozen=True)
class CallUsage:
    """Tokens as the provider counted them. `cached_tokens` are the part of `prompt_tokens` served
    from its prefix cache (billed lower); `reasoning_tokens` the part of `completion_tokens` spent
    thinking (billed as output, never seen)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0  # HTTP requests actually sent (retries and re-asks included)
    cached_tokens: int = 0
    reasoning_tokens: int = 0

    # Field by field through `vars` (the fields, in order): `astuple` deep-copies every value,
    # ~11 µs a sum where this takes ~2, and a request adds usages four to six times.
    def __add__(self, other: CallUsage) -> CallUsage:
        return CallUsage(*(a + b for a, b in zip(vars(self).values(), vars(other).values(), strict=True)))

    def __sub__(self, other: CallUsage) -> CallUsage:
        return CallUsage(*(a - b for a, b in zip(vars(self).values(), vars(other).values(), strict=True)))


@dataclass(frozen=True)
class ChunkOutcome:
    request: ChunkRequest
    response: ChunkResponse | None
    usage: CallUsage
    cached: bool = False
    error: str | None = None  # set when the chunk failed after bounded retries/re-asks
    retries: int = 0  # transport retries (429, 5xx, timeouts, dropped connections)
    reasks: int = 0  # re-asks after a schema-invalid or truncated response
    batched: bool = False  # answered by a provider batch (provider_batch.py); `usage` is its tokens


class LLMClient(Protocol):
    async def complete(self, request: ChunkRequest) -> ChunkOutcome: ...

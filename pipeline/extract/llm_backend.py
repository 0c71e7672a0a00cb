"""The LLM backend: chunk → route → one model call per chunk → assemble a ReportExtraction.

Assembly policy:

- Every value is grounded (pipeline/extract/llm_ground.py): a found quote becomes evidence over
  Document.text; an ungrounded field keeps its value but gets a flag `ungrounded` and lowers the
  indicator's confidence (`indicator_confidence`).
- A failed chunk (the client gave up after bounded retries and re-asks) becomes a flag
  `llm_chunk_failed` and an `errors` entry with the chunk's span; the other chunks still count.
- Projects (pipeline/extract/llm_projects.py): a department report has one project named after
  the department; a report with two or more 项目 sections has one project per section; otherwise
  one project.
- The same indicator read from two chunks (same project, same normalised name) is one indicator:
  a table chunk wins over prose; fields the winner lacks are filled from the other.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pipeline
from pipeline.chunk import Chunk, route, split_chunks, summarize_route
from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.errors import LLMError
from pipeline.core.models import ErrorEntry, ExtractorInfo, Flag, ReportExtraction, Source, Usage
from pipeline.core.schema import schema_hash
from pipeline.extract.llm_assemble import Assembly, assemble_report
from pipeline.extract.llm_pack import pack_chunks, pack_request, split_answer, split_big_tables
from pipeline.extract.llm_prompt import extraction_prompt
from pipeline.layout import Layout, recover_layout
from pipeline.llm.prompt import PROMPT_VERSION
from pipeline.llm.types import ChunkOutcome, ChunkRequest

if TYPE_CHECKING:
    from pipeline.normalize import NormalizedText

CHUNK_SCHEMA = "chunk_response.schema.json"


class ChunkSession(Protocol):
    """What the backend needs from `pipeline.llm.client.LLMSession`: outcomes in request order."""

    async def run(self, requests: list[ChunkRequest]) -> list[ChunkOutcome]: ...


def chunk_packs(
    norm: NormalizedText, sent: list[Chunk], config: Config, layout: Layout | None = None
) -> list[list[Chunk]]:
    """The routed chunks, big tables split by rows, packed into requests (llm_pack.py);
    `layout` is the one the chunks were cut from."""
    return pack_chunks(split_big_tables(sent, norm, layout), config.llm_pack_chars)


@dataclass(frozen=True)
class RequestPlan:
    """What the backend sends for one report: every chunk, those routed to the model, the
    packs they travel in, and one request per pack."""

    chunks: list[Chunk]
    sent: list[Chunk]
    packs: list[list[Chunk]]
    requests: list[ChunkRequest]


def plan_requests(
    doc: Document, norm: NormalizedText, config: Config, layout: Layout | None = None
) -> RequestPlan:
    """Chunk, route and pack one report; `layout` is the report's, when already recovered."""
    layout = recover_layout(norm.text) if layout is None else layout
    chunks = split_chunks(norm, config.chunk_max_chars, layout)
    sent = route(chunks, config.send_all)
    packs = chunk_packs(norm, sent, config, layout)
    return RequestPlan(chunks, sent, packs, [pack_request(doc, pack) for pack in packs])


_CPU = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-cpu")
T = TypeVar("T")


async def _off_loop(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` on the process's one CPU thread for the LLM backend.

    Why: when many reports share one event loop (an `LLMSession` at 32 in flight), each report's
    chunking ran on the loop before its first request, and the loop runs ready coroutines in
    order — so no request went out until every report was chunked (about 1 s for 40 reports),
    and each report's assembly stalled every request in flight. Why ONE thread: the work holds
    the GIL either way; with several CPU threads the loop waits its turn behind all of them
    (it then got the GIL back only after ~0.4 s), with one it gets it back within the switch
    interval (5 ms)."""
    return await asyncio.get_running_loop().run_in_executor(_CPU, functools.partial(work, *args))


async def extract_llm_async(
    doc: Document, norm: NormalizedText, config: Config, session: ChunkSession, layout: Layout | None = None
) -> ReportExtraction:
    """Extract one report through `session` (share one session across reports to bound the
    requests in flight across all of them); `layout` is the report's, when already recovered."""
    # The CPU-heavy steps (layout and chunking before the requests, assembly after) run on the
    # one CPU thread (`_off_loop`), so the event loop keeps sending and reading other reports'
    # requests meanwhile.
    plan = await _off_loop(plan_requests, doc, norm, config, layout)
    chunks, sent, packs = plan.chunks, plan.sent, plan.packs
    outcomes = await session.run(plan.requests)
    if outcomes and all(o.response is None for o in outcomes):
        raise LLMError(f"no request was answered ({len(outcomes)} sent): {outcomes[0].error}", doc.path)
    answered = [
        a for p, o in zip(packs, outcomes, strict=True) if o.response for a in split_answer(p, o.response)
    ]
    assembly = await _off_loop(assemble_report, doc.path, norm, answered)
    failures = [(c, o) for p, o in zip(packs, outcomes, strict=True) if o.response is None for c in p]
    errors = tuple(_error_entry(c, o) for c, o in failures)
    flags = tuple(_failure_flag(i, c, o) for i, (c, o) in enumerate(failures))
    summary = summarize_route(chunks, sent, norm)
    usage = Usage(
        requests=sum(o.usage.requests for o in outcomes),
        cache_hits=sum(1 for o in outcomes if o.cached),
        prompt_tokens=sum(o.usage.prompt_tokens for o in outcomes),
        completion_tokens=sum(o.usage.completion_tokens for o in outcomes),
        cached_tokens=sum(o.usage.cached_tokens for o in outcomes),
        reasoning_tokens=sum(o.usage.reasoning_tokens for o in outcomes),
        batch_requests=sum(1 for o in outcomes if o.batched),
        batch_prompt_tokens=sum(o.usage.prompt_tokens for o in outcomes if o.batched),
        batch_completion_tokens=sum(o.usage.completion_tokens for o in outcomes if o.batched),
        chars_sent=summary.chars_sent,
        chars_total=summary.chars_total,
    )
    return _report(doc, config, assembly, flags, errors, usage)


def extract_llm(
    doc: Document,
    norm: NormalizedText,
    config: Config,
    session: ChunkSession | None = None,
    layout: Layout | None = None,
) -> ReportExtraction:
    """Synchronous wrapper (not for use inside a running event loop). Without a session, one is
    made from `config` (LLMError when no model or endpoint is configured)."""
    if session is None:
        # Imported here: the openai stack is heavy and only needed for real calls.
        from pipeline.llm.client import shared_session

        session = shared_session(config, extraction_prompt())
    return asyncio.run(extract_llm_async(doc, norm, config, session, layout))


def _error_entry(chunk: Chunk, outcome: ChunkOutcome) -> ErrorEntry:
    message = f"chunk {chunk.index} ({chunk.section or 'no section'}): {outcome.error or 'no response'}"
    return ErrorEntry(stage="llm", message=message, start=chunk.start, end=chunk.end)


def _failure_flag(error_index: int, chunk: Chunk, outcome: ChunkOutcome) -> Flag:
    message = (
        f"chunk {chunk.index} (Document.text [{chunk.start}, {chunk.end})) was not extracted: "
        f"{outcome.error or 'no response'}"
    )
    return Flag(kind="llm_chunk_failed", message=message, path=f"errors[{error_index}]")


def _report(
    doc: Document,
    config: Config,
    assembly: Assembly,
    flags: tuple[Flag, ...],
    errors: tuple[ErrorEntry, ...],
    usage: Usage,
) -> ReportExtraction:
    extractor = ExtractorInfo(
        backend="llm",
        version=pipeline.__version__,
        prompt_version=PROMPT_VERSION,
        model=config.llm_model,
        schema_hash=schema_hash(CHUNK_SCHEMA),
    )
    return ReportExtraction(
        source=Source(path=doc.path, sha256=doc.sha256, format=doc.format),
        report=assembly.report,
        projects=assembly.projects,
        budget_lines=assembly.budget_lines,
        flags=assembly.flags + flags,
        extractor=extractor,
        errors=errors,
        usage=usage,
    )

"""Cost: what routing sends per report against one whole-report request, and the F1 of both.

Both variants run the LLM backend (`extract_file`, backend `llm`) against the oracle server, each
with a fresh cache so every chunk sent is a request the server counts:

- `routing`: the backend's chunking and routing (chunks of `chunk_max_chars`, only the routed ones
  sent) with packing off, one request per chunk (`llm_config`); what packing saves on top is
  section 4b (bench/tokens.py, shipped settings);
- `whole`: the baseline — the whole normalised report in ONE request. `chunk_max_chars` cannot
  produce that (a table and a level-1 heading always start a new chunk), so the backend's
  `split_chunks` is replaced, for this variant only, by `whole_report_chunks`; routing is off
  (`send_all`). Everything else — prompt, client, assembly, validation — is the same code.

Characters are counted at the server, per request: `chunk_chars` is the report text sent (what
routing controls); `prompt_chars` all message text (the system prompt and chunk wrapper repeat
in every request); `tool_chars` the function schema sent with every request in tools mode.
Tokens are estimated as characters / 1.5 (`TOKENS_PER_CHAR`), the fake server's own estimate for
Chinese text with some ASCII (a DeepSeek or OpenAI tokenizer gives roughly 0.6–0.8 tokens per
Chinese character; the ratios between variants do not depend on the constant).

F1 is the indicator F1 of `pipeline.evaluate.scorer.score_report` against the gold fixture; the
total is micro-averaged (counts summed over the reports, as `pipeline eval` does). Indicators are
matched within paired projects, so the number of projects found is reported too.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from bench.fake_llm import FakeLLM, serve_fake_llm
from bench.llm_latency import llm_config
from pipeline.chunk import Chunk, ChunkPart
from pipeline.core.config import Config
from pipeline.evaluate.cases import load_fixture
from pipeline.evaluate.counts import Counts
from pipeline.evaluate.scorer import score_report
from pipeline.extract import llm_backend
from pipeline.normalize import NormalizedText
from pipeline.process import extract_file

TOKENS_PER_CHAR = 1 / 1.5
VARIANTS = ("routing", "whole")


def whole_report_chunks(norm: NormalizedText, max_chars: int = 0, layout: object = None) -> list[Chunk]:
    """One chunk holding the whole normalised text (`max_chars` and `layout` are ignored: same
    signature as `pipeline.chunk.split_chunks`). Offsets follow `Chunk`: the normalised span is [0, len), the
    source span what `norm.to_source` maps it to."""
    length = len(norm.text)
    start, end = norm.to_source(0, length)
    return [Chunk(0, "prose", norm.text, (), 0, length, start, end, (ChunkPart(0, 0, length),))]


@contextmanager
def whole_report_requests() -> Iterator[None]:
    """Within the block, the LLM backend sends each report as one chunk (see the module docstring)."""
    with mock.patch.object(llm_backend, "split_chunks", whole_report_chunks):
        yield


def estimated_tokens(chars: int) -> int:
    return math.ceil(chars * TOKENS_PER_CHAR)


def report_cost(path: Path, config: Config, server: FakeLLM, fixtures_dir: Path) -> dict[str, Any]:
    """Extract one report; what the server received for it, and its indicator score."""
    before = server.stats()
    result = extract_file(path, config)
    sent = server.stats() - before
    fixture = fixtures_dir / f"{path.stem}.json"
    score = score_report(load_fixture(fixture), result.to_json_dict()) if fixture.is_file() else None
    counts = score.indicators if score is not None else None
    return {
        "report": path.name,
        "projects": len(result.projects),
        "requests": sent.requests,
        "chunk_chars": result.usage.chars_sent,
        "prompt_chars": sent.prompt_chars,
        "tool_chars": sent.tool_chars,
        "input_tokens_est": estimated_tokens(sent.prompt_chars + sent.tool_chars),
        "completion_tokens": result.usage.completion_tokens,
        "indicator_counts": counts.to_dict() if counts is not None else None,
        "indicator_f1": round(counts.f1, 4) if counts is not None else None,
    }


def variant_costs(
    samples: Sequence[Path], variant: str, fixtures_dir: Path, work: Path
) -> list[dict[str, Any]]:
    """Every sample under one variant, against a fresh oracle server and a fresh cache."""
    with serve_fake_llm("oracle", 0.0) as server:
        config = llm_config(server.base_url, work / f"cost-cache-{variant}", 8, send_all=variant == "whole")
        if variant == "routing":
            return [report_cost(path, config, server, fixtures_dir) for path in samples]
        with whole_report_requests():
            return [report_cost(path, config, server, fixtures_dir) for path in samples]


def totals(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Sums over reports; F1 micro-averaged over the reports that have a fixture."""
    keys = (
        "projects",
        "requests",
        "chunk_chars",
        "prompt_chars",
        "tool_chars",
        "input_tokens_est",
        "completion_tokens",
    )
    summed: dict[str, Any] = {key: sum(row[key] for row in rows) for key in keys}
    scored = [Counts(**row["indicator_counts"]) for row in rows if row["indicator_counts"] is not None]
    overall = sum(scored, Counts())
    summed["indicator_f1"] = round(overall.f1, 4) if scored else None
    return summed


def measure_cost(samples: Sequence[Path], fixtures_dir: Path, work: Path) -> dict[str, Any]:
    """Both variants, per report and in total, and the routing / whole ratios."""
    per_variant = {variant: variant_costs(samples, variant, fixtures_dir, work) for variant in VARIANTS}
    total = {variant: totals(rows) for variant, rows in per_variant.items()}
    routed, whole = total["routing"], total["whole"]
    ratios = {
        "chunk_chars": round(routed["chunk_chars"] / whole["chunk_chars"], 3),
        "input_chars": round(
            (routed["prompt_chars"] + routed["tool_chars"]) / (whole["prompt_chars"] + whole["tool_chars"]), 3
        ),
        "requests": round(routed["requests"] / whole["requests"], 3),
    }
    max_tokens = llm_config("http://unused", work, 1).llm_max_tokens
    return {
        "per_report": per_variant,
        "total": total,
        "routing_over_whole": ratios,
        "llm_max_tokens": max_tokens,
    }

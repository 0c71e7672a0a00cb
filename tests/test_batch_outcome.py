"""Running totals of a batch."""

from __future__ import annotations

from pipeline.batch.outcome import BatchResult, ReportOutcome, Tally, Task

TASK = Task(path="a.txt", key="/a.txt", sha256=None, result="a.json")


def test_tally_adds_outcomes_and_freezes() -> None:
    tally = Tally(found=4, skipped=1)
    tally.add(
        ReportOutcome(
            TASK, "ok", indicators=5, usage={"requests": 2, "prompt_tokens": 10, "completion_tokens": 3}
        )
    )
    tally.add(ReportOutcome(TASK, "ok", indicators=1, usage={"cache_hits": 2}))
    tally.add(ReportOutcome(TASK, "failed", indicators=0, stage="ingest", kind="too_large"))
    assert (tally.done, tally.tokens) == (4, 13)
    result = tally.freeze()
    assert result == BatchResult(
        found=4, skipped=1, extracted=2, failed=1, indicators=6,
        usage={"requests": 2, "cache_hits": 2, "prompt_tokens": 10, "completion_tokens": 3}
        | {"cached_tokens": 0, "reasoning_tokens": 0}
        | {"batch_requests": 0, "batch_prompt_tokens": 0, "batch_completion_tokens": 0},
        failed_by_kind={"too_large": 1},
    )  # fmt: skip
    assert result.tokens == 13

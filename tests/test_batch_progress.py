"""Progress: plain lines for logs, a rich bar with the running counters for terminals."""

from __future__ import annotations

import io

from rich.console import Console

from pipeline.batch.outcome import ReportOutcome, Tally, Task
from pipeline.batch.progress import LineProgress, RichProgress, outcome_line

TASK = Task(path="in/自评 报告 [2024].txt", key="/k", sha256=None, result="r.json")
OK = ReportOutcome(
    task=TASK, status="ok", projects=2, indicators=14, usage={"requests": 3, "prompt_tokens": 50}
)
BAD = ReportOutcome(task=TASK, status="failed", stage="ingest", reason="empty file (0 bytes)", message="m")


def test_outcome_lines() -> None:
    assert outcome_line(OK) == "ok in/自评 报告 [2024].txt projects=2 indicators=14"
    assert outcome_line(BAD) == "FAILED in/自评 报告 [2024].txt ingest: empty file (0 bytes)"


def test_a_partial_report_prints_partial_even_when_coverage_says_missed() -> None:
    partial = ReportOutcome(
        task=TASK,
        status="partial",
        projects=1,
        indicators=3,
        reason="2 LLM chunk(s) not answered",
        missed=True,
    )
    assert (
        outcome_line(partial)
        == "partial in/自评 报告 [2024].txt projects=1 indicators=3 (2 LLM chunk(s) not answered)"
    )
    assert outcome_line(ReportOutcome(task=TASK, status="ok", missed=True)).startswith("missed in/")


def test_line_progress_prints_the_plan_and_one_line_per_report() -> None:
    stream = io.StringIO()
    progress, tally = LineProgress(stream), Tally(found=5, skipped=2)
    progress.start(tally)
    for outcome in (OK, BAD):
        tally.add(outcome)
        progress.advance(outcome, tally)
    progress.finish(tally)
    assert stream.getvalue() == (
        "5 files found: 2 unchanged (skipped), 3 to extract\n"
        "ok in/自评 报告 [2024].txt projects=2 indicators=14\n"
        "FAILED in/自评 报告 [2024].txt ingest: empty file (0 bytes)\n"
    )


def test_rich_progress_shows_counters_and_failures() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=160, color_system=None)
    progress, tally = RichProgress(console), Tally(found=3, skipped=1)
    progress.start(tally)
    for outcome in (OK, BAD):
        tally.add(outcome)
        progress.advance(outcome, tally)
    progress.finish(tally)
    assert RichProgress.stats(tally) == "indicators 14 · LLM 3 req · cache 0 · tokens 50 · errors 1"
    shown = stream.getvalue()
    assert "3 files found: 1 unchanged (skipped), 2 to extract" in shown
    assert (
        "FAILED in/自评 报告 [2024].txt ingest: empty file (0 bytes)" in shown
    )  # brackets not eaten as markup
    assert "3/3" in shown and "indicators 14 · LLM 3 req · cache 0 · tokens 50 · errors 1" in shown

"""The unit of work a batch worker runs: extract one report and write its result file.

`extract_task` never raises for a bad report: whatever goes wrong becomes a failed
`ReportOutcome` carrying the stage and a message naming the file, so one report cannot stop a
run — except an `LLMFatalError` (a wrong key, an unknown model), which marks the outcome `fatal`
so the runner stops. A result with LLM chunks that were never answered is `partial`, not ok.
It runs in a worker process (rules backend), a thread (LLM backends) or inline, and is a
module-level function so a process pool can pickle it.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.config import Config
from pipeline.core.errors import IngestError, LLMFatalError, PipelineError
from pipeline.core.models import ReportExtraction
from pipeline.core.result_json import result_pieces
from pipeline.export.atomic import write_pieces_atomic
from pipeline.ingest.guard import reading_limits
from pipeline.trust.coverage import is_incomplete, unanswered_chunks

if TYPE_CHECKING:
    from pipeline.batch.outcome import ReportOutcome, Task

RESULT_BATCH = 64
"""Records' texts joined per write of a result file (~2 KB each)."""

Extractor = Callable[[Path, Config], ReportExtraction]
"""`pipeline.process.extract_file`, or a test double with the same signature."""


def extract_task(task: Task, config: Config, extractor: Extractor, reports_dir: Path) -> ReportOutcome:
    # Imported here, as in `failed_outcome`: `pipeline extract` writes its results with
    # `write_result` and needs none of the run's records (their imports: ~15 ms of its start-up).
    from pipeline.batch.outcome import USAGE_KEYS, ReportOutcome

    try:
        with reading_limits(config):
            result, indicators = extract_and_write(
                Path(task.path), config, extractor, reports_dir / task.result, sync_dir=False
            )
    except Exception as exc:  # isolation: any failure of one report is recorded, never raised
        return failed_outcome(task, exc)
    unanswered = unanswered_chunks(result)
    return ReportOutcome(
        task=task,
        status="partial" if unanswered else "ok",
        sha256=result.source.sha256,
        projects=len(result.projects),
        indicators=indicators,
        usage=result.usage.model_dump(include=set(USAGE_KEYS)),
        missed=is_incomplete(result),
        stage="llm" if unanswered else None,
        reason=f"{len(unanswered)} LLM chunk(s) not answered" if unanswered else None,
        message=f"{task.path}: {unanswered[0].message}" if unanswered else None,
    )


def extract_and_write(
    path: Path, config: Config, extractor: Extractor, target: Path, sync_dir: bool = True
) -> tuple[ReportExtraction, int]:
    """The report at `path` extracted and its result file written; the result and how many
    indicators it has. The rules backend's `extract_file` is run streamed (`StreamedRules`: a
    big report's records never all alive; its result's projects then hold no indicators); where
    that cannot write a record as it is made, the report is made again whole, as are other
    backends' and a test double's. The spool of a streamed report is in the run's own directory.
    `sync_dir`: see `write_result` (a batch's reports directory is fsynced by the parent, once per
    group of outcomes, before their manifest lines: `runner.Recorder.flush`)."""
    process = sys.modules.get("pipeline.process")  # loaded whenever `extractor` is its extract_file
    if config.backend == "rules" and process is not None and extractor is process.STREAMED_EXTRACTOR:
        try:
            streamed = process.StreamedRules(path, config, target.parent)
            write_pieces_atomic(target, itertools.chain(streamed.pieces(), ["\n"]), RESULT_BATCH, sync_dir)
            assert streamed.result is not None
            return streamed.result, streamed.indicators
        except process.Restart:
            pass  # the outcome of the whole flow, below
    result = extractor(path, config)
    write_result(target, result, sync_dir)
    return result, sum(len(project.indicators) for project in result.projects)


def write_result(target: Path, result: ReportExtraction, sync_dir: bool = True) -> None:
    """The result file: `result.model_dump_json(indent=2)` and a newline (what `json.dumps(...,
    ensure_ascii=False, indent=2)` gives, but for a float under 1e-4, `0.00001` for `1e-05`),
    written record by record (`pipeline.core.result_json.result_pieces`): never the whole report
    as one string (a 10,000-row table: ~2 KB per row as text, as much again as bytes).
    `sync_dir=False`: the caller fsyncs the file's directory (`pipeline.export.atomic.commit`)."""
    write_pieces_atomic(target, itertools.chain(result_pieces(result), ["\n"]), RESULT_BATCH, sync_dir)


def failed_outcome(task: Task, exc: BaseException, stage: str | None = None) -> ReportOutcome:
    """A failed outcome from an exception: PipelineErrors keep their stage and message;
    anything else is an `internal` error (a bug), described by its type."""
    from pipeline.batch.outcome import ReportOutcome

    if isinstance(exc, PipelineError):
        stage, reason = stage or exc.stage, exc.reason
        message = str(exc) if exc.path else f"{task.path}: {exc}"
    else:
        reason = f"{type(exc).__name__}: {exc}"
        stage, message = stage or "internal", f"{task.path}: {reason}"
    kind = exc.kind if isinstance(exc, IngestError) else None
    fatal = isinstance(exc, LLMFatalError)
    return ReportOutcome(
        task, "failed", task.sha256, stage=stage, reason=reason, message=message, kind=kind, fatal=fatal
    )

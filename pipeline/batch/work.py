"""The unit of work a batch worker runs: extract one report and write its result file.

`extract_task` never raises for a bad report: whatever goes wrong becomes a failed
`ReportOutcome` carrying the stage and a message naming the file, so one report cannot stop a
run — except an `LLMFatalError` (a wrong key, an unknown model), which marks the outcome `fatal`
so the runner stops. A result with LLM chunks that were never answered is `partial`, not ok.
It runs in a worker process (rules backend), a thread (LLM backends) or inline, and is a
module-level function so a process pool can pickle it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic_core import PydanticSerializationError

from pipeline.core.config import Config
from pipeline.core.errors import IngestError, LLMFatalError, PipelineError
from pipeline.core.models import ReportExtraction
from pipeline.export.atomic import write_json_atomic, write_text_atomic
from pipeline.ingest.guard import reading_limits
from pipeline.trust.coverage import is_incomplete, unanswered_chunks

if TYPE_CHECKING:
    from pipeline.batch.outcome import ReportOutcome, Task

COMPILED_MAX_RECORDS = 1000
"""Above this many records a result file is streamed, not built whole (see `write_result`)."""

Extractor = Callable[[Path, Config], ReportExtraction]
"""`pipeline.process.extract_file`, or a test double with the same signature."""


def extract_task(task: Task, config: Config, extractor: Extractor, reports_dir: Path) -> ReportOutcome:
    # Imported here, as in `failed_outcome`: `pipeline extract` writes its results with
    # `write_result` and needs none of the run's records (their imports: ~15 ms of its start-up).
    from pipeline.batch.outcome import USAGE_KEYS, ReportOutcome

    try:
        with reading_limits(config):
            result = extractor(Path(task.path), config)
        write_result(reports_dir / task.result, result)
    except Exception as exc:  # isolation: any failure of one report is recorded, never raised
        return failed_outcome(task, exc)
    unanswered = unanswered_chunks(result)
    return ReportOutcome(
        task=task,
        status="partial" if unanswered else "ok",
        sha256=result.source.sha256,
        projects=len(result.projects),
        indicators=sum(len(project.indicators) for project in result.projects),
        usage=result.usage.model_dump(include=set(USAGE_KEYS)),
        missed=is_incomplete(result),
        stage="llm" if unanswered else None,
        reason=f"{len(unanswered)} LLM chunk(s) not answered" if unanswered else None,
        message=f"{task.path}: {unanswered[0].message}" if unanswered else None,
    )


def write_result(target: Path, result: ReportExtraction) -> None:
    """The result file: `result.to_json_dict()` as indented JSON (2 spaces, Chinese unescaped),
    what `json.dumps(..., ensure_ascii=False, indent=2) + "\\n"` gives.

    An ordinary report (up to `COMPILED_MAX_RECORDS` indicators, budget lines, flags and review
    items) goes through pydantic's compiled serialiser: `json.dumps` with an indent runs the
    pure-Python encoder, ~10× the CPU (2.4 ms of a 26 ms sample report in a worker). A bigger one
    is streamed (`write_json_atomic`): the compiled serialiser builds the whole file as one string,
    then its UTF-8 copy, and for a report of one big indicator table that is the worker's peak
    (10,000 rows: +243 MiB against +166 MiB streamed; 40,000 rows: 970 against 682 MiB, at the edge
    of `report_memory_mb`); under the bound the copy is a few MiB. A lone surrogate (an
    undecodable byte of a file name) stops the compiled serialiser; `write_json_atomic` escapes it.
    The two spell a float under 1e-4 differently (`0.00001` against `1e-05`): the same number to
    any JSON reader.
    """
    if _records(result) <= COMPILED_MAX_RECORDS:
        try:
            text = result.model_dump_json(indent=2)
        except PydanticSerializationError:
            pass
        else:
            write_text_atomic(target, text + "\n")
            return
    write_json_atomic(target, result.to_json_dict())


def _records(result: ReportExtraction) -> int:
    """How many records the result file lists: what its size (and its serialiser's peak) follows."""
    indicators = sum(len(project.indicators) for project in result.projects)
    return indicators + len(result.budget_lines) + len(result.flags) + len(result.review)


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

"""Bulk ingestion: one command over a folder, concurrent, resumable, nothing lost.

See `runner` for the run's steps and guarantees, `state` for the run directory's layout.

The names below are imported on first use (`pipeline.core.lazy`): a worker process unpickling
`pipeline.batch.work.extract_task` runs this file, and must not load the runner, the exports and
the progress display (openpyxl, rich) that only the parent process uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.lazy import lazy_attributes

if TYPE_CHECKING:
    from pipeline.batch.inputs import convert_up_front, discover_inputs
    from pipeline.batch.outcome import BatchResult, ReportOutcome
    from pipeline.batch.progress import LineProgress, ProgressSink, RichProgress, SilentProgress
    from pipeline.batch.runner import IngestResult, ingest, run_batch
    from pipeline.batch.slow import watch
    from pipeline.batch.state import BatchError, run_lock

__all__ = [
    "BatchError",
    "BatchResult",
    "IngestResult",
    "LineProgress",
    "ProgressSink",
    "ReportOutcome",
    "RichProgress",
    "SilentProgress",
    "convert_up_front",
    "discover_inputs",
    "ingest",
    "run_batch",
    "run_lock",
    "watch",
]

__getattr__ = lazy_attributes(
    __name__,
    {
        "BatchError": "state",
        "BatchResult": "outcome",
        "IngestResult": "runner",
        "LineProgress": "progress",
        "ProgressSink": "progress",
        "ReportOutcome": "outcome",
        "RichProgress": "progress",
        "SilentProgress": "progress",
        "convert_up_front": "inputs",
        "discover_inputs": "inputs",
        "ingest": "runner",
        "run_batch": "runner",
        "run_lock": "state",
        "watch": "slow",
    },
)

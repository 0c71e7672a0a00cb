"""Bulk ingestion: one command over a folder, concurrent, resumable, nothing lost.

See `runner` for the run's steps and guarantees, `state` for the run directory's layout.
"""

from __future__ import annotations

from pipeline.batch.outcome import BatchResult, ReportOutcome
from pipeline.batch.pool import watch
from pipeline.batch.progress import LineProgress, ProgressSink, RichProgress, SilentProgress
from pipeline.batch.runner import IngestResult, convert_up_front, discover_inputs, ingest, run_batch
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

"""Exports of a run directory: `results.jsonl`, `indicators.csv`, `results.xlsx`, `results.sqlite`.

All are regenerated from the per-report result files with review corrections applied; see
`run.export_run`, and `summary.summarize_run` for `pipeline summary`.
"""

from __future__ import annotations

from pipeline.export.run import EXPORT_FILES, ExportReport, export_run
from pipeline.export.summary import RunSummary, summarize, summarize_run

__all__ = ["EXPORT_FILES", "ExportReport", "RunSummary", "export_run", "summarize", "summarize_run"]

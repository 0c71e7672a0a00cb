"""Exports of a run directory: `results.jsonl`, `indicators.csv`, `results.xlsx`, `results.sqlite`.

All are regenerated from the per-report result files with review corrections applied; see
`run.export_run`, and `summary.summarize_run` for `pipeline summary`.

The names below are imported on first use (`pipeline.core.lazy`), so that a batch worker, which
only needs `pipeline.export.atomic` to write its result file, does not load openpyxl and sqlite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.lazy import lazy_attributes

if TYPE_CHECKING:
    from pipeline.export.run import EXPORT_FILES, ExportReport, export_run
    from pipeline.export.summary import RunSummary, summarize, summarize_run

__all__ = ["EXPORT_FILES", "ExportReport", "RunSummary", "export_run", "summarize", "summarize_run"]

__getattr__ = lazy_attributes(
    __name__,
    {
        "EXPORT_FILES": "run",
        "ExportReport": "run",
        "export_run": "run",
        "RunSummary": "summary",
        "summarize": "summary",
        "summarize_run": "summary",
    },
)

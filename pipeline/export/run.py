"""`export_run`: regenerate every export of a run directory from its per-report results.

One streaming pass: each result is loaded, corrected (`corrections.jsonl`), handed to every
export, and dropped, so memory does not grow with the number of reports. The exports are written
to temporaries and renamed into place only after all of them are complete; if anything fails the
previous exports are left as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.errors import ExportError
from pipeline.core.os_errors import os_reason
from pipeline.export.csv_export import INDICATORS_CSV, CsvSink
from pipeline.export.jsonl import RESULTS_JSONL, JsonlSink
from pipeline.export.load import CorrectedReports
from pipeline.export.sink import TempFileSink
from pipeline.export.sqlite import RESULTS_SQLITE, SqliteSink
from pipeline.export.xlsx import RESULTS_XLSX, XlsxSink

EXPORT_FILES = (RESULTS_JSONL, INDICATORS_CSV, RESULTS_XLSX, RESULTS_SQLITE)


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the files, how many reports, corrections applied, and problems
    (unreadable results, corrections that could not be applied) for the user to see."""

    files: tuple[Path, ...]
    reports: int
    corrections_applied: int
    problems: tuple[str, ...]


def export_run(run_dir: Path, config: Config) -> ExportReport:
    reports = CorrectedReports(run_dir)
    sinks: list[TempFileSink] = []
    try:
        sinks.extend(
            [
                JsonlSink(run_dir / RESULTS_JSONL),
                CsvSink(run_dir / INDICATORS_CSV),
                XlsxSink(run_dir / RESULTS_XLSX, config.review_threshold),
                SqliteSink(run_dir / RESULTS_SQLITE, reports.log, config.review_threshold, config.llm_prices),
            ]
        )
        count = applied = 0
        for report in reports:
            count += 1
            applied += len(report.applied)
            for sink in sinks:
                sink.add(report)
        for sink in sinks:
            sink.close()
    except BaseException as exc:
        for sink in sinks:
            sink.discard()
        if isinstance(exc, OSError):  # disk full while writing: the previous exports stay as they were
            raise ExportError(f"cannot write the exports: {os_reason(exc)}", run_dir) from None
        raise
    for sink in sinks:
        sink.commit()
    return ExportReport(tuple(sink.target for sink in sinks), count, applied, tuple(reports.problems))

"""The per-report bounds of a batch, taken from the configuration.

    >>> limits_from(Config(report_timeout_s=60, report_memory_mb=512))
    Limits(timeout_s=60, memory_mb=512)

The supervisor (`pipeline.batch.supervisor`) enforces time and memory per report; the archive,
sheet-row and HTML-node bounds are checked by `pipeline.ingest.guard` before a file is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.config import Config

LIMIT_SETTINGS = frozenset(
    {
        "report_timeout_s",
        "report_memory_mb",
        "max_archive_mb",
        "max_archive_ratio",
        "max_sheet_rows",
        "max_html_nodes",
        "llm_max_response_kb",
    }
)
"""Settings that bound the work per report: they decide whether a report is read, not what is read."""

LIMIT_STAGE = "limit"
"""The stage of a report stopped at its time or memory limit (not retried unless `--force`)."""


@dataclass(frozen=True)
class Limits:
    """Per-report bounds the worker pool enforces; `None` switches one off (tests only)."""

    timeout_s: float | None
    memory_mb: float | None


def limits_from(config: Config) -> Limits:
    return Limits(timeout_s=config.report_timeout_s, memory_mb=config.report_memory_mb)

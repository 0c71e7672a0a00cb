"""The small records a batch passes around: a task to run, its outcome, and running totals.

They are deliberately tiny (no extraction result inside): a worker writes the result file itself
and sends back only counts, so the parent's memory does not grow with the number of reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pipeline.core.models import USAGE_KEYS

__all__ = ["USAGE_KEYS", "BatchResult", "ReportOutcome", "Tally", "Task"]


@dataclass(frozen=True)
class Task:
    """One report to extract.

    `path` is the path as found (it becomes `source.path`); `key` is its absolute form (the
    manifest key); `result` is the result file name. `isolated` tasks run alone in a fresh worker
    pool: they were in flight when a worker process died, so one of them may be the cause.
    """

    path: str
    key: str
    sha256: str | None
    result: str
    isolated: bool = False


@dataclass(frozen=True)
class ReportOutcome:
    """What happened to one report. `reason` is short (log line); `message` names the file.

    `partial`: a result was written, but some LLM chunks were never answered (it is retried on
    the next run, like a failure). `fatal`: the failure stops the whole run (a wrong key, …)."""

    task: Task
    status: Literal["ok", "partial", "failed"]
    sha256: str | None = None
    projects: int = 0
    indicators: int = 0
    usage: Mapping[str, int] = field(default_factory=dict)
    stage: str | None = None
    reason: str | None = None
    message: str | None = None
    kind: str | None = None  # for an ingest failure: unsupported, too_large, unreadable, conversion_failed
    missed: bool = False  # extracted, but a flag says the report states what was not read
    fatal: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def written(self) -> bool:
        """A result file was written (ok or partial)."""
        return self.status != "failed"


@dataclass(frozen=True)
class BatchResult:
    """Totals of one `ingest` run. `found` = skipped + extracted + partial + failed.

    `failed_by_kind` sorts the failures (`unsupported`, `too_large`, `unreadable`,
    `conversion_failed`, or the stage for failures after reading); `skipped_by_rule` counts the
    files discovery left out on purpose (`hidden`, `run directory`, `README`), which are not in `found`.
    """

    found: int
    skipped: int
    extracted: int
    failed: int
    indicators: int
    usage: Mapping[str, int]
    failed_by_kind: Mapping[str, int] = field(default_factory=dict)
    skipped_by_rule: Mapping[str, int] = field(default_factory=dict)
    partial: int = 0

    @property
    def tokens(self) -> int:
        return self.usage.get("prompt_tokens", 0) + self.usage.get("completion_tokens", 0)


@dataclass
class Tally:
    """Running totals while a batch runs (the progress display reads them)."""

    found: int = 0
    skipped: int = 0
    extracted: int = 0
    failed: int = 0
    indicators: int = 0
    usage: Counter[str] = field(default_factory=Counter)
    failed_by_kind: Counter[str] = field(default_factory=Counter)
    skipped_by_rule: Mapping[str, int] = field(default_factory=dict)
    partial: int = 0

    @property
    def done(self) -> int:
        return self.skipped + self.extracted + self.partial + self.failed

    @property
    def tokens(self) -> int:
        return self.usage["prompt_tokens"] + self.usage["completion_tokens"]

    def add(self, outcome: ReportOutcome) -> None:
        if outcome.written:
            self.extracted += outcome.ok
            self.partial += not outcome.ok
            self.indicators += outcome.indicators
        else:
            self.failed += 1
            self.failed_by_kind[outcome.kind or outcome.stage or "internal"] += 1
        self.usage.update(outcome.usage)

    def freeze(self) -> BatchResult:
        usage = {key: self.usage[key] for key in USAGE_KEYS}
        return BatchResult(
            self.found,
            self.skipped,
            self.extracted,
            self.failed,
            self.indicators,
            usage,
            dict(sorted(self.failed_by_kind.items())),
            dict(self.skipped_by_rule),
            self.partial,
        )

"""One root exception, one subclass per stage.

Every message names the file (when there is one) and the reason, so that the CLI can print
`str(error)` on one line and a user knows what to fix without a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal


class PipelineError(Exception):
    """Root of every error this package raises on purpose."""

    stage = "pipeline"

    def __init__(self, reason: str, path: str | Path | None = None) -> None:
        self.reason = reason
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class ConfigError(PipelineError):
    stage = "config"


IngestKind = Literal["unsupported", "too_large", "unreadable", "conversion_failed"]
INGEST_KINDS: tuple[IngestKind, ...] = ("unsupported", "too_large", "unreadable", "conversion_failed")


class IngestError(PipelineError):
    """A file could not be read. `kind` sorts the reason for the error log and the run summary:
    `unsupported` (a type no reader handles), `too_large` (over `max_file_mb`, or over a read bound
    of `pipeline.ingest.guard`: archive size or ratio, sheet rows, HTML nodes), `conversion_failed`
    (LibreOffice missing, failed or timed out), `unreadable` (missing, empty, corrupt, undecodable,
    a scan without a text layer)."""

    stage = "ingest"

    def __init__(self, reason: str, path: str | Path | None = None, kind: IngestKind = "unreadable") -> None:
        super().__init__(reason, path)
        self.kind: IngestKind = kind


class NormalizeError(PipelineError):
    stage = "normalize"


class ChunkError(PipelineError):
    stage = "chunk"


class ExtractError(PipelineError):
    stage = "extract"


class LLMError(PipelineError):
    stage = "llm"


class LLMFatalError(LLMError):
    """The endpoint refuses every request (bad key, unknown model, no quota, unreachable): the
    whole run stops at once, with one message naming the setting to fix."""


class SchemaError(PipelineError):
    """An output or fixture does not validate against schemas/report.schema.json."""

    stage = "validate"


class ExportError(PipelineError):
    stage = "export"


class ReviewError(PipelineError):
    stage = "review"


class EvalError(PipelineError):
    stage = "eval"

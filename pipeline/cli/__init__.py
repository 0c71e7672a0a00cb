"""Command-line interface: `pipeline COMMAND`. One module per command group."""

from __future__ import annotations

from pipeline.cli import cache as _cache  # noqa: F401
from pipeline.cli import evaluate as _evaluate  # noqa: F401
from pipeline.cli import extract as _extract  # noqa: F401  (registers commands)
from pipeline.cli import ingest as _ingest  # noqa: F401
from pipeline.cli import llm as _llm  # noqa: F401
from pipeline.cli import llm_batch as _llm_batch  # noqa: F401
from pipeline.cli import read as _read  # noqa: F401
from pipeline.cli import review as _review  # noqa: F401
from pipeline.cli.app import app


def main() -> None:
    app()

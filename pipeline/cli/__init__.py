"""Command-line interface: `pipeline COMMAND`. One module per command group."""

from __future__ import annotations

from pipeline.cli import read as _read  # noqa: F401  (registers commands)
from pipeline.cli.app import app


def main() -> None:
    app()

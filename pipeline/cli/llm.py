"""`pipeline llm check`: is the configured LLM endpoint usable? One tiny request, one line per check.

Exits 0 when everything works, 1 when a check failed (the line says which setting to change).
"""

from __future__ import annotations

import typer

from pipeline.cli.app import app, pipeline_errors
from pipeline.core.config import resolve_config

llm_app = typer.Typer(no_args_is_help=True, help="Check the configured LLM endpoint.")
app.add_typer(llm_app, name="llm")


@llm_app.command("check")
@pipeline_errors
def check_command() -> None:
    """Send one tiny request in the configured provider's mode and say what works."""
    from pipeline.llm.check import check_endpoint  # openai: not loaded by `pipeline --help`

    verdicts = check_endpoint(resolve_config({}, llm=True))
    for verdict in verdicts:
        print(verdict.line())
    if not all(v.ok for v in verdicts):
        raise typer.Exit(1)

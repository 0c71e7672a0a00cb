"""The typer application every command module registers on, and the one error boundary.

Command bodies stay thin: parse flags, call one library function, print. A `PipelineError`
becomes one line on stderr (no traceback) and exit status 1.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from pipeline.core.errors import PipelineError

# Plain (click) help and usage errors rather than rich panels: rendering with rich imports
# rich.markdown, pygments and attrs, ~0.25 s that `pipeline --help` would spend before printing.
PLAIN_HELP = None

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Extract budgets and performance indicators from 绩效自评报告.",
    pretty_exceptions_enable=False,
    rich_markup_mode=PLAIN_HELP,
)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> typer.Exit:
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(code)


def pipeline_errors(func: F) -> F:
    """Turn a PipelineError raised by a command into one stderr line and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PipelineError as exc:
            raise fail(str(exc)) from None

    return wrapper  # type: ignore[return-value]

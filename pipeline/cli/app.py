"""The typer application every command module registers on, and the one error boundary.

Command bodies stay thin: parse flags, call one library function, print. A `PipelineError`, or
an `OSError` (named by its path), becomes one line on stderr (no traceback) and exit status 1.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from pipeline.core.errors import PipelineError
from pipeline.core.os_errors import os_error_line

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Extract budgets and performance indicators from 绩效自评报告.",
    pretty_exceptions_enable=False,
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
        except OSError as exc:  # read-only directory, full disk, permission: the path and why
            raise fail(os_error_line(exc)) from None

    return wrapper  # type: ignore[return-value]

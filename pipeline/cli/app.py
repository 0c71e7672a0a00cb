"""The typer application every command module registers on, and the one error boundary.

Command bodies stay thin: validate their inputs, call one library function, print. Every command
is wrapped in `pipeline_errors`, the one error boundary: a `PipelineError`, or an `OSError` (named
by its path: read-only directory, full disk, permission), becomes one line on stderr (no
traceback) and exit status 1; Ctrl-C becomes `interrupted` and exit status 130 (the shell's
convention for SIGINT). Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from pipeline.core.errors import PipelineError
from pipeline.core.os_errors import os_error_line

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


INTERRUPTED_EXIT = 130


def _ignore_unraisable(_unraisable: Any) -> None:
    return None


def pipeline_errors(func: F) -> F:
    """Turn a PipelineError or an OSError raised by a command into one stderr line and exit status
    1, and Ctrl-C into one line and exit status 130."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PipelineError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:  # read-only directory, full disk, permission: the path and why
            raise fail(os_error_line(exc)) from None
        except KeyboardInterrupt:
            # A library generator cut off by the interrupt (openpyxl's sheet writer, say) prints an
            # "Exception ignored" traceback when it is collected at exit; after Ctrl-C that is noise,
            # and the output it was writing is never renamed into place.
            sys.unraisablehook = _ignore_unraisable
            print(
                "\ninterrupted: work finished so far is saved; run the command again to resume",
                file=sys.stderr,
            )
            raise typer.Exit(INTERRUPTED_EXIT) from None

    return wrapper  # type: ignore[return-value]

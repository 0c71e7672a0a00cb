"""The CLI's error boundary (`pipeline.cli.app.pipeline_errors`)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    import typer
    from pipeline.cli.app import pipeline_errors

    def writer():
        try:
            yield
        finally:
            raise ValueError("a library's writer that cannot close half-way")

    @pipeline_errors
    def command():
        global kept
        kept = writer()
        next(kept)
        raise KeyboardInterrupt

    try:
        command()
    except typer.Exit as exit:
        raise SystemExit(exit.exit_code)
    """
)


def test_ctrl_c_gives_one_line_and_130_even_when_a_cut_off_generator_fails_to_close() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=REPO)

    assert done.returncode == 130
    assert done.stderr == "\ninterrupted: work finished so far is saved; run the command again to resume\n"

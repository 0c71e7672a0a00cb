"""Provider batches: `pipeline ingest --llm-batch` / `--resume`, `pipeline batch status|cancel RUN`.

    pipeline ingest reports/ --out runs/2024 --backend llm --llm-batch   # submit; exits 3
    pipeline batch status runs/2024       # polls: one line per batch; exit 0 when all ended, 3 if not
    pipeline ingest runs/2024 --resume    # poll; once every batch ended: collect, assemble, export

See `pipeline.batch.llm_batch` for the steps and what a restart at any point does.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.app import app, pipeline_errors
from pipeline.core.config import resolve_config

if TYPE_CHECKING:
    from pipeline.batch import IngestResult, ProgressSink
    from pipeline.batch.shard import Shard
    from pipeline.core.config import Config

NOT_DONE_EXIT = 3
batch_app = typer.Typer(no_args_is_help=True, help="Provider batches of a run (ingest --llm-batch).")
app.add_typer(batch_app, name="batch")


def _when(stamp: int | None) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M UTC") if stamp else "-"


def batch_ingest(
    paths: list[Path] | None,
    run_dir: Path,
    config: Config,
    progress: ProgressSink,
    force: bool,
    shard: Shard | None = None,
) -> IngestResult:
    """One `ingest --llm-batch` invocation (of one shard's files, when given); exits 3 (after
    saying so) while batches run."""
    from pipeline.batch.llm_batch import run_llm_batch, status_lines

    outcome = run_llm_batch(paths, run_dir, config, progress, force, shard=shard)
    if outcome.submitted:
        print(f"submitted {outcome.submitted} requests in provider batches")
    if outcome.ingest is None:
        for line in status_lines(outcome.round, _when):
            print(line)
        print(f"batches still running: run `pipeline ingest {run_dir} --resume` later", file=sys.stderr)
        raise typer.Exit(NOT_DONE_EXIT)
    return outcome.ingest


@batch_app.command("status")
@pipeline_errors
def status_command(
    run_dir: Annotated[Path, typer.Argument(help="A run directory of `pipeline ingest --llm-batch`.")],
) -> None:
    """Each batch's status, request counts, created and expiry time, polled now; exits 0 when
    every batch has ended (`ingest RUN --resume` then finishes the run), 3 otherwise."""
    from pipeline.batch.llm_batch import all_ended, refresh_round, status_lines

    state = refresh_round(run_dir, resolve_config({}, llm=True))
    for line in status_lines(state, _when):
        print(line)
    if not all_ended(state):
        raise typer.Exit(NOT_DONE_EXIT)


@batch_app.command("cancel")
@pipeline_errors
def cancel_command(
    run_dir: Annotated[Path, typer.Argument(help="A run directory of `pipeline ingest --llm-batch`.")],
) -> None:
    """Ask the provider to cancel the run's running batches (answered lines are kept on --resume)."""
    from pipeline.batch.llm_batch import cancel_round

    for batch_id in cancel_round(run_dir, resolve_config({}, llm=True)):
        print(f"cancel requested: {batch_id}")

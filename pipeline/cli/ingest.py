"""`pipeline ingest`, `pipeline export`, `pipeline summary`: a folder of reports to one set of tables.

    pipeline ingest reports/ --out runs/2024          # extract, resumable; then write the exports
    pipeline export runs/2024                         # redo the exports (after review corrections)
    pipeline summary runs/2024                        # counts: reports, indicators, unmet, flags, LLM use
    pipeline ingest reports/ --out runs/2024 --backend llm --llm-batch   # submit to the Batch API
    pipeline ingest runs/2024 --resume                # poll; when done: collect, assemble, export
    pipeline ingest reports/ --shard 0/4 --out runs/s0   # one of 4 shares (by content hash), 0-based
    pipeline merge runs/s0 runs/s1 runs/s2 runs/s3 --out runs/2024   # one run again, exports rebuilt

`ingest` exits 2 when any file failed (listed in RUN_DIR/errors.jsonl with its kind: unsupported,
too_large, unreadable, conversion_failed) or is partial (some LLM chunks never answered; retried on
the next run), 1 when there was nothing to do (a path that does not exist, an empty folder, nothing
of a supported type: nothing is written) or when the LLM endpoint refuses every request (wrong key,
unknown model, no quota: the run stops at once), 3 when provider batches are still running
(`--llm-batch`, `--resume`: run the command again later), 130 on Ctrl-C, 0 otherwise; a bad `--shard`
(or shard environment variable) exits 2 before anything is read.

`--llm-batch` with `--shard`: each shard is its own provider batch round in its own run directory
(`--resume` keeps the round's shard; `pipeline merge` refuses a run whose round has not finished).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.app import app, fail, pipeline_errors
from pipeline.core.config import resolve_config

if TYPE_CHECKING:
    from pipeline.export import ExportReport

# The batch runner and the exports (openpyxl, rich) are imported inside the commands: `pipeline
# --help` must not load them, and neither must each worker process of `ingest`, which re-imports
# the command line as its `__main__` when it starts.

FAILED_EXIT = 2
USAGE_EXIT = 2  # a bad option value, as click reports one


def _print_export(report: ExportReport) -> None:
    for problem in report.problems:
        print(f"warning: {problem}", file=sys.stderr)
    names = ", ".join(path.name for path in report.files)
    print(f"exported {report.reports} reports ({report.corrections_applied} corrections applied): {names}")


@app.command("ingest")
@pipeline_errors
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (searched recursively).")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Run directory: results, manifest, errors, exports.")
    ] = None,
    backend: Annotated[str | None, typer.Option(help="rules (default), llm or hybrid.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Parallel extractions (default: CPU count; LLM: llm_concurrency)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Extract every report again, current, partial or over a limit."),
    ] = False,
    llm_batch: Annotated[
        bool, typer.Option("--llm-batch", help="Ask the LLM through the provider's Batch API (half price).")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="`pipeline ingest RUN --resume`: poll a provider batch, finish.")
    ] = False,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            help="I/N: only share I (0-based) of N of the files, by content; `pipeline merge` joins them.",
        ),
    ] = None,
    shard_count: Annotated[
        int | None,
        typer.Option(
            "--shard-count",
            help="N for an index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (or PIPELINE_SHARD_COUNT).",
        ),
    ] = None,
) -> None:
    """Extract every report under PATHS into RUN_DIR (skipping unchanged ones), then write the exports."""
    from pipeline.batch import LineProgress, RichProgress, ingest
    from pipeline.batch.shard import ShardError, shard_from
    from pipeline.export.run_record import read_run_record

    try:
        share = shard_from(shard, shard_count)
    except ShardError as exc:
        raise fail(str(exc), USAGE_EXIT) from None
    batched = llm_batch or resume
    config = resolve_config({"backend": backend, "workers": workers}, llm=True if batched else None)
    progress = RichProgress() if sys.stdout.isatty() else LineProgress(sys.stdout)
    if batched:
        from pipeline.cli.llm_batch import batch_ingest

        out = out or paths[0]
        result = batch_ingest(None if resume else paths, out, config, progress, force, share)
    elif out is None:
        raise fail("--out RUN_DIR is required")
    else:
        result = ingest(paths, out, config, progress, force=force, shard=share)
    record = read_run_record(out)  # `--resume` takes the round's shard: the record says which
    if record is not None and not record.whole:
        print(f"{record.label}: {result.batch.found} of the files found are this shard's")
    batch = result.batch
    failed = f"{batch.failed} failed"
    if batch.failed_by_kind:
        failed += f" ({', '.join(f'{n} {kind}' for kind, n in batch.failed_by_kind.items())})"
    print(
        f"{batch.found} files: {batch.extracted} extracted, {batch.skipped} unchanged, "
        f"{failed}, {batch.partial} partial; {batch.indicators} indicators extracted"
    )
    if batch.skipped_by_rule:
        print(f"skipped by rule: {', '.join(f'{n} {rule}' for rule, n in batch.skipped_by_rule.items())}")
    _print_export(result.export)
    if batch.partial:
        print(f"{batch.partial} report(s) partial: some LLM chunks were not answered", file=sys.stderr)
    if batch.failed or batch.partial:
        print(f"failures are listed in {out / 'errors.jsonl'}", file=sys.stderr)
        raise typer.Exit(FAILED_EXIT)


@app.command("export")
@pipeline_errors
def export_command(
    run_dir: Annotated[Path, typer.Argument(help="A run directory written by `pipeline ingest`.")],
) -> None:
    """Regenerate RUN_DIR's exports (jsonl, csv, xlsx, sqlite) with review corrections applied."""
    from pipeline.batch import run_lock
    from pipeline.export import export_run
    from pipeline.export.load import require_run_dir

    require_run_dir(run_dir)
    config = resolve_config({}, llm=False)
    with run_lock(run_dir):
        report = export_run(run_dir, config)
    _print_export(report)


@app.command("summary")
@pipeline_errors
def summary_command(
    run_dir: Annotated[Path, typer.Argument(help="A run directory written by `pipeline ingest`.")],
) -> None:
    """Print counts for RUN_DIR: reports, projects, indicators, unmet targets, flags, LLM use."""
    from pipeline.export import summarize_run
    from pipeline.export.load import require_run_dir

    require_run_dir(run_dir)
    for line in summarize_run(run_dir, resolve_config({}, llm=False)).lines():
        print(line)


@app.command("merge")
@pipeline_errors
def merge_command(
    runs: Annotated[list[Path], typer.Argument(help="Run directories of `pipeline ingest --shard`.")],
    out: Annotated[Path, typer.Option("--out", help="The merged run directory (must not exist).")],
    allow_partial: Annotated[
        bool, typer.Option("--allow-partial", help="Merge even when some shards are missing.")
    ] = False,
) -> None:
    """Combine shard runs into one run directory and rebuild its exports (and review pages)."""
    from pipeline.batch.merge import merge_runs
    from pipeline.review.html import REVIEW_DIR, write_review_html

    config = resolve_config({}, llm=False)
    pages = any((run / REVIEW_DIR).is_dir() for run in runs)
    result = merge_runs(
        runs,
        out,
        config,
        allow_partial,
        finish=(lambda stage: write_review_html(stage, config)) if pages else None,
    )
    print(f"merged {len(runs)} runs ({result.record.label}) into {out}")
    _print_export(result.export)

"""`pipeline eval`: score a backend on the eval suites and guard each suite's baseline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.app import app, pipeline_errors
from pipeline.core.config import resolve_config

if TYPE_CHECKING:
    from pipeline.evaluate.runner import SuiteRun

# The evaluation modules (and with them the extractors) are imported inside the command:
# `pipeline --help` must not load them (start-up time).


def _print_suite(run: SuiteRun) -> None:
    from pipeline.evaluate.table import render_results

    if run.outcome is None:
        return
    outcome = run.outcome
    print(render_results(outcome.result))
    if outcome.llm_requests is not None:
        print(f"fake LLM server answered {outcome.llm_requests} requests")
    print(f"wrote {outcome.json_path} and {outcome.markdown_path}")
    if not outcome.baseline.regressed:
        print(outcome.baseline.message)
    print()


def _failures(runs: tuple[SuiteRun, ...]) -> list[str]:
    """One line per suite that failed: an error, or a regression against its baseline."""
    lines = []
    for run in runs:
        if run.error is not None:
            lines.append(run.error)
        elif run.outcome is not None and run.outcome.baseline.regressed:
            lines.append(f"suite {run.suite.name}: {run.outcome.baseline.message}")
    return lines


@app.command("eval")
@pipeline_errors
def eval_command(
    backend: Annotated[str, typer.Option(help="Backend to evaluate: rules, llm or hybrid.")] = "rules",
    llm: Annotated[
        str | None, typer.Option(help="'fake': answer LLM calls from a local fake server.")
    ] = None,
    suite: Annotated[
        list[str] | None,
        typer.Option(help="Suite to score (samples, realworld); repeatable. Default: every suite."),
    ] = None,
    evals_dir: Annotated[
        Path | None,
        typer.Option(
            help="The evals directory (suites, baseline/, results/). Default: the project's evals/."
        ),
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option(help="Copy this run's results over the baselines.")
    ] = False,
) -> None:
    """Score a backend on each suite; exit 1 if a suite's F1 fell more than 0.02 below its baseline."""
    from pipeline.evaluate.runner import EvalOptions, require_llm, run_evals
    from pipeline.evaluate.suites import default_evals_dir, select_suites
    from pipeline.evaluate.table import not_scored_line, suite_summary

    # A bad --backend, or one that needs an LLM nobody configured, is an error before any work.
    require_llm(resolve_config({"backend": backend}), llm)
    root = evals_dir if evals_dir is not None else default_evals_dir()
    suites = select_suites(suite or [], root)
    options = EvalOptions(suites, root / "baseline", root / "results", backend, llm, update_baseline)
    runs = run_evals(options)
    for run in runs:
        _print_suite(run)
    summary = [(run.suite.name, run.outcome.result if run.outcome else None) for run in runs]
    print(suite_summary(summary))
    for run in runs:
        if run.outcome is not None and run.outcome.unlabelled:
            print(f"{run.suite.name}: {not_scored_line(run.outcome.unlabelled)}")
    failures = _failures(runs)
    for line in failures:
        print(f"error: {line}", file=sys.stderr)
    if failures:
        raise typer.Exit(1)
